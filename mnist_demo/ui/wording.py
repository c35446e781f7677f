"""How the app writes numbers and digits in its status lines, the same on every tab."""

from __future__ import annotations


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
