"""The shipped MNIST test split with the model's predictions, for the app's Test samples tab."""

from __future__ import annotations

import threading

import numpy as np


class SampleStore:
    """The shipped MNIST test split with the model's predictions, computed once (about a second)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def load(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(images (N, 28, 28) uint8, labels (N,) int, calibrated probabilities (N, 10)), loaded once."""
        with self._lock:
            if self._loaded is None:
                from mnist_demo.data import load_test_split
                from mnist_demo.evaluate import predict_probabilities
                from mnist_demo.predict import load_model

                images, labels = load_test_split()
                model = load_model()
                # Calibrated like the Draw and Upload answers (same ranking as the raw model).
                probs = predict_probabilities(lambda batch, training=False: model.calibrated(batch), images)
                self._loaded = (images, labels.astype(int), probs)
            return self._loaded

    def mistakes(self) -> np.ndarray:
        """Indices of the test images the model gets wrong."""
        _, labels, probs = self.load()
        return np.flatnonzero(probs.argmax(axis=1) != labels)

    def __len__(self) -> int:
        return len(self.load()[1])
