"""Why this answer? Integrated-gradients heatmaps over the 28x28 input.

    from mnist_demo.explain import explain
    heat = explain(mnist_image)        # (28, 28) in [-1, 1]: + pushed towards the top digit

Integrated gradients (Sundararajan et al. 2017): the gradient of the top digit's probability,
averaged along the straight path from a black image to the input, times the input. One compiled
call on a batch of IG_STEPS images, cheap enough to follow live drawing.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import numpy as np

from .config import IMAGE_SIZE

if TYPE_CHECKING:
    from .predict import Model

IG_STEPS = 16

_functions: dict[int, object] = {}
_lock = threading.Lock()


def _attribution_function(model):
    """A compiled (28, 28) image, class -> (28, 28) attribution function for ``model``."""
    import tensorflow as tf

    keras_model = getattr(model, "model", model)
    key = id(keras_model)
    with _lock:
        if key not in _functions:
            alphas = tf.reshape(tf.linspace(1.0 / IG_STEPS, 1.0, IG_STEPS), [IG_STEPS, 1, 1, 1])

            @tf.function(input_signature=[tf.TensorSpec([IMAGE_SIZE, IMAGE_SIZE], tf.float32),
                                          tf.TensorSpec([], tf.int32)])
            def attribute(image, target):
                path = alphas * image[None, :, :, None]
                with tf.GradientTape() as tape:
                    tape.watch(path)
                    probabilities = keras_model(path, training=False)[:, target]
                gradients = tape.gradient(probabilities, path)
                return tf.reduce_mean(gradients, axis=0)[:, :, 0] * image

            _functions[key] = attribute
        return _functions[key]


def explain(image: np.ndarray, target: int | None = None, model: Model = None) -> np.ndarray:
    """Attribution (28, 28) scaled to [-1, 1] for ``target`` (default: the predicted digit).

    Positive values are pixels whose ink raised the target's probability; negative ones lowered it.
    """
    from .predict import as_compiled

    compiled = as_compiled(model)
    image = np.asarray(image, np.float32).reshape(IMAGE_SIZE, IMAGE_SIZE)
    if target is None:
        target = int(np.argmax(compiled(image[None])[0]))
    attribution = _attribution_function(compiled)(image, np.int32(target)).numpy()
    scale = float(np.abs(attribution).max())
    return attribution / scale if scale > 0 else attribution


def heatmap_rgb(image: np.ndarray, attribution: np.ndarray, scale: int = 10) -> np.ndarray:
    """The input in grey with red (for) and blue (against) overlaid, enlarged ``scale`` times, uint8 RGB."""
    grey = np.asarray(image, np.float32)[..., None] * 0.35
    positive = np.clip(attribution, 0, 1)[..., None] * np.array([1.0, 0.25, 0.1])
    negative = np.clip(-attribution, 0, 1)[..., None] * np.array([0.1, 0.45, 1.0])
    rgb = np.clip(grey + positive + negative, 0, 1)
    big = np.repeat(np.repeat(rgb, scale, axis=0), scale, axis=1)
    return (big * 255).astype(np.uint8)
