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


CALIBRATE_COMMAND = "python -m mnist_demo calibrate --data PATH"


class CalibrationError(ValueError):
    """calibration.json is unreadable or holds values that would give wrong answers."""


def _number(value: object, name: str, allow_minus_infinity: bool = False) -> float:
    """``value`` as a finite float (or -inf where allowed); CalibrationError for strings, null, NaN, ..."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CalibrationError(f"has a {type(value).__name__} for {name}; expected a number")
    number = float(value)
    if not (np.isfinite(number) or (allow_minus_infinity and number == -np.inf)):
        raise CalibrationError(f"has {name} {number}; expected a finite number")
    return number


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
        """From the contents of a ``calibration.json``: a positive finite ``temperature`` (required),
        ``not_sure_below`` in [0, 1] and ``min_top_logit`` (one number or 10) optional.

        Raises CalibrationError (a ValueError) saying what is wrong, never a guess: a temperature of 0
        would answer "nan %", a negative one would invert the ranking.
        """
        if not isinstance(record, dict):
            raise CalibrationError("is not a JSON object")
        if "temperature" not in record:
            raise CalibrationError("has no 'temperature'")
        temperature = _number(record["temperature"], "temperature")
        if not temperature > 0:
            raise CalibrationError(f"has temperature {temperature:g}; it must be a positive number")
        not_sure_below = _number(record.get("not_sure_below", NOT_SURE_BELOW), "not_sure_below")
        if not 0.0 <= not_sure_below <= 1.0:
            raise CalibrationError(f"has not_sure_below {not_sure_below:g}; it must lie in [0, 1]")
        floor = record.get("min_top_logit", -np.inf)
        floors = floor if isinstance(floor, list) else [floor]
        if len(floors) not in (1, NUM_CLASSES):
            raise CalibrationError(f"has {len(floors)} min_top_logit values; expected {NUM_CLASSES}")
        values = [_number(value, "min_top_logit", allow_minus_infinity=True) for value in floors]
        return cls(temperature=temperature, not_sure_below=not_sure_below,
                   min_top_logit=np.broadcast_to(np.asarray(values, float), (NUM_CLASSES,)))

    @classmethod
    def load(cls, path: str | os.PathLike) -> Calibration:
        """The calibration saved at ``path``, or the identity (T = 1) when there is no such file.

        Raises CalibrationError with one line naming the file when it is unreadable or invalid.
        """
        try:
            return cls.from_record(load_calibration(path))
        except CalibrationError as error:
            raise CalibrationError(f"Calibration file '{path}' {error}. Refit it with: {CALIBRATE_COMMAND} "
                                   "(or delete it to use the model's own probabilities).") from None

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
        try:
            return json.loads(source.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CalibrationError(f"is not readable JSON ({type(error).__name__})") from None
    return {"temperature": 1.0, "not_sure_below": NOT_SURE_BELOW}
