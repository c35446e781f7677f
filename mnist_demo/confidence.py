"""Runtime confidence: temperature-scaled probabilities and the honest "not sure" rule.

The numbers live in ``calibration.json`` beside the model file, fitted offline by
``python -m mnist_demo calibrate`` (mnist_demo/calibrate.py, which this module never imports).
Without that file the model's own probabilities are used (temperature 1) and only the top
probability decides "not sure".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .config import NUM_CLASSES

NOT_SURE_BELOW = 0.6  # a calibrated top probability under this is answered with "not sure" ...
# ... and so is a top logit under the calibration's per-digit floor (letters and scribbles score low).

LOG_EPSILON = 1e-12  # probabilities are clipped to this before the log in temperature scaling


def apply_temperature(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(log(p) / T), row-wise: the same ranking, flatter (T > 1) or sharper (T < 1)."""
    logits = np.log(np.clip(probabilities, LOG_EPSILON, 1.0)) / temperature
    logits -= logits.max(axis=-1, keepdims=True)
    scaled = np.exp(logits)
    return scaled / scaled.sum(axis=-1, keepdims=True)


def _no_floor() -> np.ndarray:
    return np.full(NUM_CLASSES, -np.inf)


@dataclass
class Calibration:
    """How sure to say the model is: the temperature and the two "not sure" thresholds."""

    temperature: float = 1.0
    not_sure_below: float = NOT_SURE_BELOW
    min_top_logit: np.ndarray = field(default_factory=_no_floor)  # (10,) per predicted digit

    @classmethod
    def from_record(cls, record: dict) -> Calibration:
        """From the contents of a ``calibration.json`` (missing entries: the defaults)."""
        floor = np.asarray(record.get("min_top_logit", -np.inf), float)
        return cls(temperature=float(record.get("temperature", 1.0)),
                   not_sure_below=float(record.get("not_sure_below", NOT_SURE_BELOW)),
                   min_top_logit=np.broadcast_to(floor, (NUM_CLASSES,)))

    @classmethod
    def load(cls, path: str | os.PathLike) -> Calibration:
        """The calibration saved at ``path``, or the identity (T = 1) when there is no such file."""
        return cls.from_record(load_calibration(path))

    def scale(self, probabilities: np.ndarray) -> np.ndarray:
        """The model's (N, 10) probabilities, temperature-scaled (same ranking)."""
        return probabilities if self.temperature == 1.0 else apply_temperature(probabilities, self.temperature)

    def unsure(self, probabilities: np.ndarray, top_logits: np.ndarray) -> np.ndarray:
        """(N,) True where the answer should be "not sure": a low calibrated top probability or a low top logit."""
        floor = self.min_top_logit[np.argmax(probabilities, axis=-1)]
        return (np.max(probabilities, axis=-1) < self.not_sure_below) | (np.asarray(top_logits) < floor)


def load_calibration(path: str | os.PathLike) -> dict:
    """The whole saved calibration record (fit statistics included), or the identity when there is none."""
    source = Path(path)
    if source.is_file():
        return json.loads(source.read_text())
    return {"temperature": 1.0, "not_sure_below": NOT_SURE_BELOW}
