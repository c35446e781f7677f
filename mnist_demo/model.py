"""The CNN: a small all-convolutional network with batch normalisation.

    from mnist_demo.model import build_model; build_model().summary()

Contract of the saved model (``assets/model.keras``): float32 input (N, 28, 28, 1) in [0, 1],
white digit on black (MNIST convention), output (N, 10) softmax probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
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
