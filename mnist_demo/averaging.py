"""Weight averaging for training: an exponential moving average (EMA) of every weight, with a warm-up.

    fit(..., callbacks=[WeightAverage(momentum=0.999)])   # validation and the saved model use the average

The average follows the training weights after every call into TensorFlow (every ``steps_per_execution``
steps) and covers all the model's weights, batch-normalisation statistics included, as timm's
``ModelEmaV2`` does. Its momentum grows as ``(1 + t) / (10 + t)`` towards ``momentum`` over the first
steps ``t``, so the average never drags the random initial weights along (Keras' own ``use_ema`` starts
at full momentum: after 3 epochs a quarter of it would still be the initial weights). Validation inside
``fit`` sees the averaged weights; when training ends they are written into the model.
"""

from __future__ import annotations

import keras
import numpy as np

WARMUP_STEPS = 10  # momentum (1 + t) / (10 + t): 0.1 at the first step, 0.9 after ~80, 0.99 after ~900


class WeightAverage(keras.callbacks.Callback):
    """Keeps an exponential moving average of the model's weights (see the module docstring)."""

    def __init__(self, momentum: float = 0.999):
        super().__init__()
        if not 0.0 < momentum < 1.0:
            raise ValueError(f"momentum must be between 0 and 1 (exclusive), got {momentum}")
        self.momentum = momentum
        self.average: list[np.ndarray] | None = None
        self.steps = 0  # optimizer steps seen so far
        self._training_weights: list[np.ndarray] | None = None

    def step_momentum(self, step: int) -> float:
        """Momentum for one optimizer step ``step`` (0-based): warm-up, then ``self.momentum``."""
        return min(self.momentum, (1.0 + step) / (WARMUP_STEPS + step))

    def on_train_begin(self, logs=None):
        self.average = [np.array(weight, dtype=np.float64) for weight in self.model.get_weights()]
        self.steps = 0

    def on_train_batch_end(self, batch, logs=None):
        done = int(self.model.optimizer.iterations.numpy())
        if done <= self.steps:
            return
        # Several steps since the last update (steps_per_execution): one blend with their joint momentum.
        momentum = float(np.prod([self.step_momentum(step) for step in range(self.steps, done)]))
        self.steps = done
        for average, weight in zip(self.average, self.model.get_weights(), strict=True):
            average *= momentum
            average += (1.0 - momentum) * weight

    def _set_average(self) -> None:
        self.model.set_weights([average.astype(weight.dtype) for average, weight
                                in zip(self.average, self.model.get_weights(), strict=True)])

    def on_test_begin(self, logs=None):
        if self.average is not None and self._training_weights is None:
            self._training_weights = self.model.get_weights()
            self._set_average()

    def on_test_end(self, logs=None):
        if self._training_weights is not None:
            self.model.set_weights(self._training_weights)
            self._training_weights = None

    def on_train_end(self, logs=None):
        if self.average is not None:
            self._set_average()
