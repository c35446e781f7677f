"""The Test samples tab: the shipped MNIST test split with the model's predictions, and one sample as
the tab shows it."""

from __future__ import annotations

import contextlib
import random
import sys
import threading
from typing import Any, NamedTuple

import gradio as gr
import numpy as np

from mnist_demo import lang, plots
from mnist_demo.ui.wording import percent

UNAVAILABLE = lang.text("samples_unavailable", "en")


class SampleView(NamedTuple):
    """One MNIST test image as the Test samples tab shows it (for a number that names none: a message
    as the verdict and None elsewhere)."""

    index: int | None
    image: Any  # enlarged 28x28 (PIL)
    confidences: dict[str, float] | None
    verdict: str  # Markdown: the true label and whether the model is right


class SampleStore:
    """The shipped MNIST test split with the model's predictions, computed once (about a second)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def load(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(images (N, 28, 28) uint8, labels (N,) int, calibrated probabilities (N, 10)), loaded once."""
        with self._lock:
            if self._loaded is None:
                from mnist_demo.data import DataError, load_test_split
                from mnist_demo.evaluate import predict_probabilities
                from mnist_demo.predict import load_compiled

                try:
                    images, labels = load_test_split()
                except DataError as error:  # missing or corrupt: the tab says so, the rest of the app works
                    print(f"Test samples unavailable: {error}", file=sys.stderr)
                    raise gr.Error(lang.text("samples_unavailable"), print_exception=False) from None
                model = load_compiled()
                # Calibrated like the Draw and Upload answers (same ranking as the raw model).
                probs = predict_probabilities(lambda batch, training=False: model.calibrated(batch), images)
                self._loaded = (images, labels.astype(int), probs)
            return self._loaded

    def preload(self) -> None:
        """:meth:`load` in the background at start; a missing test split is reported when the tab is used."""
        with contextlib.suppress(gr.Error):
            self.load()

    def mistakes(self) -> np.ndarray:
        """Indices of the test images the model gets wrong."""
        _, labels, probs = self.load()
        return np.flatnonzero(probs.argmax(axis=1) != labels)

    def __len__(self) -> int:
        return len(self.load()[1])

    def view(self, index: float | int | None) -> SampleView:
        """Test image number ``index`` with the model's answer. A number that names no test image (none,
        negative, too big, not whole) gets a message saying which numbers do, never an error."""
        images, labels, probs = self.load()
        last = len(labels) - 1
        if index is None or not np.isfinite(index):
            return SampleView(None, None, None, lang.text("type_sample", last=lang.number(last)))
        if not (0 <= index <= last and float(index).is_integer()):
            return SampleView(None, None, None, lang.text("no_such_sample", count=lang.number(len(labels)),
                                                          last=lang.number(last)))
        index = int(index)
        true, sample_probs = int(labels[index]), probs[index]
        predicted = int(np.argmax(sample_probs))
        confidence = percent(sample_probs[predicted])
        if predicted == true:
            verdict = lang.text("sample_right", true=true, percent=confidence)
        else:
            verdict = lang.text("sample_wrong", true=true, predicted=predicted, percent=confidence,
                                true_percent=percent(sample_probs[true]))
        confidences = {str(digit): float(p) for digit, p in enumerate(sample_probs)}
        return SampleView(index, plots.enlarge(images[index]), confidences, verdict)

    def random_index(self, only_mistakes: bool = False) -> int:
        """A random test image's index (only those the model gets wrong if ``only_mistakes``)."""
        if only_mistakes:
            candidates = self.mistakes()
            if len(candidates):
                return int(random.choice(candidates))
            gr.Info(lang.text("no_mistakes"))
        return random.randrange(len(self))
