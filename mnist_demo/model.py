"""The CNN: a small all-convolutional network with batch normalisation.

    from mnist_demo.model import build_model; build_model().summary()

Contract of the saved model (``assets/model.keras``): float32 input (N, 28, 28, 1) in [0, 1],
white digit on black (MNIST convention), output (N, 10) softmax probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
from keras import layers

from .config import INPUT_SHAPE, NUM_CLASSES


@dataclass
class ModelConfig:
    widths: tuple[int, int, int] = (32, 64, 128)  # channels of the three stages
    dropout: float = 0.3


def conv_bn(x, filters: int, kernel_size: int, strides: int = 1, padding: str = "same"):
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


def build_model(config: ModelConfig | None = None) -> keras.Model:
    """28x28x1 -> [3x3, 3x3, 5x5/2] x2 -> 4x4 valid -> dense softmax (about 0.3 M parameters)."""
    config = config or ModelConfig()
    width_1, width_2, width_3 = config.widths
    inputs = keras.Input(shape=INPUT_SHAPE, name="image")
    x = conv_bn(inputs, width_1, 3)
    x = conv_bn(x, width_1, 3)
    x = conv_bn(x, width_1, 5, strides=2)  # 14x14
    x = layers.Dropout(config.dropout)(x)
    x = conv_bn(x, width_2, 3)
    x = conv_bn(x, width_2, 3)
    x = conv_bn(x, width_2, 5, strides=2)  # 7x7
    x = layers.Dropout(config.dropout)(x)
    x = conv_bn(x, width_3, 4, padding="valid")  # 4x4
    x = layers.Flatten()(x)
    x = layers.Dropout(config.dropout)(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name="mnist_cnn")


def average_logits(members: list[keras.Model]) -> keras.Model:
    """One model whose logits are the mean of the members' logits (an ensemble), kept to the contract.

    Each member must end in a softmax ``Dense`` layer, as :func:`build_model`'s do. The members'
    layers up to that layer run side by side, their features are concatenated, and a single softmax
    ``Dense`` whose kernel is the members' kernels stacked (each divided by their number) and whose bias
    is their mean gives exactly the mean of their logits. So the result ends in a softmax ``Dense``
    like one network: :class:`mnist_demo.predict.CompiledModel` reads its top logit, the explanations
    take its gradient, and it saves and loads as one ``.keras`` file.
    """
    if len(members) < 2:
        raise ValueError(f"An ensemble needs at least two models, got {len(members)}.")
    lasts = [member.layers[-1] for member in members]
    if not all(isinstance(last, layers.Dense) and last.activation is keras.activations.softmax for last in lasts):
        raise ValueError("Every model must end in a softmax Dense layer (as build_model's do).")
    inputs = keras.Input(shape=INPUT_SHAPE, name="image")
    features, seen = [], set()
    for number, (member, last) in enumerate(zip(members, lasts), start=1):
        if id(member) in seen:  # the same network twice: a copy of it, so that no layer is shared
            copy = keras.models.clone_model(member)
            copy.set_weights(member.get_weights())
            member, last = copy, copy.layers[-1]
        seen.add(id(member))
        trunk = keras.Model(member.input, last.input, name=f"member_{number}")
        features.append(trunk(inputs))
    head = layers.Dense(NUM_CLASSES, activation="softmax", name="probabilities")
    outputs = head(layers.Concatenate(name="features")(features))
    head.set_weights([np.concatenate([last.kernel.numpy() for last in lasts]) / len(members),
                      np.mean([last.bias.numpy() for last in lasts], axis=0)])
    return keras.Model(inputs, outputs, name="mnist_cnn_ensemble")
