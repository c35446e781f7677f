"""How the app words its answers: status lines, percentages, the number read, the same on every tab."""

from __future__ import annotations

import numpy as np

from .. import lang
from ..config import NUM_CLASSES
from .uploads import UNREADABLE


def percent(share: float) -> str:
    """A probability as every status line writes it: one decimal, "> 99.9 %" and "< 0.1 %" at the ends."""
    value = 100 * float(share)
    if value >= 99.95:
        return f"> {lang.number(99.9, 1)} %"
    if value < 0.05:
        return f"< {lang.number(0.1, 1)} %"
    return f"{lang.number(value, 1)} %"


def article(digit: int) -> str:
    """The article before a digit: "an" 8, "a" 7."""
    return "an" if digit == 8 else "a"


NUMBER_HINT = lang.text("number_hint", "en")


def number_hint() -> str:
    """NUMBER_HINT in the language of the request."""
    return lang.text("number_hint")


def confidences(probs: np.ndarray) -> dict[str, float]:
    return {str(digit): float(probs[digit]) for digit in range(NUM_CLASSES)}


def verdict(probs: np.ndarray, unsure: bool, why: str | None = None) -> str:
    """The status line for an answer; "not sure" says why (torn between two digits, unlike any digit,
    or ink that is hard to tell from the paper: ``why`` as :class:`~mnist_demo.predict.Prediction` gives it)."""
    from mnist_demo.predict import UNCLEAR_INK, load_compiled

    first, second = (int(digit) for digit in np.argsort(-probs, kind="stable")[:2])
    top = float(probs[first])
    if not unsure:
        return lang.text("sure", a=article(first), digit=first, percent=percent(top))
    if why == UNCLEAR_INK:
        return lang.text("unclear", a=article(first), digit=first, percent=percent(top))
    if top < load_compiled().calibration.not_sure_below:
        return lang.text("torn", a=article(first), first=first, p1=percent(top), b=article(second), second=second,
                         p2=percent(probs[second]))
    return lang.text("unlike", a=article(first), digit=first, percent=percent(top))


def friendly_read_error(error: ValueError) -> str:
    message = str(error).strip()
    # Our own messages are written for users, but never echo a file name or server path.
    if not message or "/" in message or "\\" in message or len(message) > 160:
        return UNREADABLE
    return message


def number_view(reading) -> tuple[dict, str, list[tuple[np.ndarray, str]], str | None]:
    """A number reading as the app shows it: (the number as JSON, its Markdown, [(28x28 digit, caption)],
    a new status line). With fewer than two digits: NUMBER_HINT, no digits and no status line (None)."""
    digits = [{"digit": d.digit, "probability": round(d.probability, 4), "unsure": d.unsure,
               "top3": [[digit, round(p, 4)] for digit, p in d.top3], "box": list(d.box)} for d in reading.digits]
    number = {"number": reading.text, "probability": round(reading.probability, 4), "digits": digits}
    if len(reading.digits) < 2:
        return number, number_hint(), [], None
    doubtful = [str(i + 1) for i, d in enumerate(reading.digits) if d.unsure]
    text = lang.text("reads_as", number=reading.text, count=len(reading.digits))
    text += lang.text("not_sure_about", which=", ".join(doubtful)) if doubtful else ")"
    crops = [(d.image, f"{d.digit} · {percent(d.probability)}") for d in reading.digits]
    status = lang.text("digits_status", count=len(reading.digits))
    return number, text, crops, status
