"""How the app words its answers: status lines, percentages, the number read, the same on every tab."""

from __future__ import annotations

import numpy as np

from ..config import NUM_CLASSES
from .uploads import UNREADABLE


def percent(share: float) -> str:
    """A probability as every status line writes it: one decimal, "> 99.9 %" and "< 0.1 %" at the ends."""
    value = 100 * float(share)
    if value >= 99.95:
        return "> 99.9 %"
    if value < 0.05:
        return "< 0.1 %"
    return f"{value:.1f} %"


def article(digit: int) -> str:
    """The article before a digit: "an" 8, "a" 7."""
    return "an" if digit == 8 else "a"


NUMBER_HINT = "Write several digits side by side and they are read as one number."


def confidences(probs: np.ndarray) -> dict[str, float]:
    return {str(digit): float(probs[digit]) for digit in range(NUM_CLASSES)}


def verdict(probs: np.ndarray, unsure: bool) -> str:
    """The status line for an answer; "not sure" says why (torn between two digits, or unlike any digit)."""
    from mnist_demo.predict import load_compiled

    first, second = (int(digit) for digit in np.argsort(-probs, kind="stable")[:2])
    top = float(probs[first])
    if not unsure:
        return f"It's {article(first)} **{first}** ({percent(top)} sure)."
    if top < load_compiled().calibration.not_sure_below:
        return (f"**Not sure**: it could be {article(first)} **{first}** ({percent(top)}) or "
                f"{article(second)} **{second}** ({percent(probs[second])}). Try writing it more clearly.")
    return (f"**Not sure** this is a digit: if it is one, it is {article(first)} **{first}** ({percent(top)}), "
            f"but it looks less like {article(first)} {first} than nearly every handwritten {first} the model knows. "
            "Try one large digit in the middle.")


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
        return number, NUMBER_HINT, [], None
    doubtful = [str(i + 1) for i, d in enumerate(reading.digits) if d.unsure]
    text = f"**Reads as the number {reading.text}** ({len(reading.digits)} digits"
    text += f"; not sure about digit {', '.join(doubtful)})" if doubtful else ")"
    crops = [(d.image, f"{d.digit} · {percent(d.probability)}") for d in reading.digits]
    status = f"**{len(reading.digits)} digits** found: the number is read below (the bars read them as one)."
    return number, text, crops, status
