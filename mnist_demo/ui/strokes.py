"""The drawing pad's strokes (JSON from the browser) rendered into a Sketchpad-like value.

The pad (``mnist_demo.ui.pad``) sends, on every pen-up, one small JSON document::

    {"drawing": 12,                      # the drawing's id: +1 on every stroke, undo and clear
     "pen": 0.058,                       # pen width as a share of the pad's side
     "strokes": [[x0, y0, x1, y1, ...],  # each stroke's points, flat, as shares of the pad's side
                 ...]}

:func:`render_strokes` draws it, round pen, onto a transparent square layer and returns
``(drawing id, {"background": None, "layers": [rgba], "composite": None})``: a clean drawing whose
alpha is the ink, read by the same preprocessing as a Gradio Sketchpad. Anything else (too big,
too many points, not numbers, out of range) raises :class:`StrokesError` with a message for people;
nothing is drawn before the whole document has been checked.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

SIDE = 480  # rendered layer side in pixels: what the old 480 x 480 Sketchpad gave the preprocessing
MAX_JSON_CHARS = 100_000  # about 7,000 points written with four decimals
MAX_STROKES = 60
MAX_STROKE_POINTS = 500
MAX_POINTS = 4_000  # all strokes together
PEN_RANGE = (0.005, 0.2)  # pen width, share of the side
COORD_RANGE = (-1.0, 2.0)  # a stroke may leave the pad (the pointer is captured); outside is clipped
MAX_DRAWING_ID = 2**53 - 1  # what a JavaScript number holds exactly

TOO_BIG = "That drawing is too big to read: press Clear and draw one digit or number."
MALFORMED = "That drawing could not be read: press Clear and draw again."


class StrokesError(ValueError):
    """The pad's JSON is not a drawing this app reads; the message is meant for people.

    ``drawing`` is the drawing's id when the JSON named a valid one (the answer goes back to it), else None.
    """

    def __init__(self, message: str, drawing: int | None = None):
        super().__init__(message)
        self.drawing = drawing


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def parse_strokes(text: str | bytes) -> tuple[int, float, list[np.ndarray]]:
    """Check the pad's JSON: (drawing id, pen width, strokes as (n, 2) float arrays in pad units)."""
    if not isinstance(text, (str, bytes, bytearray)):
        raise StrokesError(MALFORMED)
    if len(text) > MAX_JSON_CHARS:
        raise StrokesError(TOO_BIG)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise StrokesError(MALFORMED) from None
    if not isinstance(document, dict):
        raise StrokesError(MALFORMED)
    drawing, pen, strokes = document.get("drawing"), document.get("pen"), document.get("strokes")
    if not (isinstance(drawing, int) and not isinstance(drawing, bool) and 0 <= drawing <= MAX_DRAWING_ID):
        raise StrokesError(MALFORMED)
    if not (_number(pen) and PEN_RANGE[0] <= pen <= PEN_RANGE[1]):
        raise StrokesError(MALFORMED, drawing)
    if not isinstance(strokes, list):
        raise StrokesError(MALFORMED, drawing)
    if len(strokes) > MAX_STROKES:
        raise StrokesError(TOO_BIG, drawing)
    total = 0
    checked = []
    for stroke in strokes:
        if not isinstance(stroke, list) or len(stroke) < 2 or len(stroke) % 2:
            raise StrokesError(MALFORMED, drawing)
        total += len(stroke) // 2
        if len(stroke) // 2 > MAX_STROKE_POINTS or total > MAX_POINTS:
            raise StrokesError(TOO_BIG, drawing)
        if not all(_number(value) and COORD_RANGE[0] <= value <= COORD_RANGE[1] for value in stroke):
            raise StrokesError(MALFORMED, drawing)
        checked.append(np.asarray(stroke, np.float64).reshape(-1, 2))
    return drawing, float(pen), checked


def draw_strokes(strokes: list[np.ndarray], pen: float, side: int = SIDE) -> np.ndarray:
    """(side, side, 4) uint8 RGBA: black ink, round pen ``pen * side`` wide, on a transparent layer."""
    layer = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    width = max(1, round(pen * side))
    radius = width / 2
    ink = (0, 0, 0, 255)
    for stroke in strokes:
        points = [(float(x) * side, float(y) * side) for x, y in stroke]
        if len(points) > 1:
            draw.line(points, fill=ink, width=width, joint="curve")
        for x, y in (points[0], points[-1]) if len(points) > 1 else points:  # round ends (and dots)
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=ink)
    return np.asarray(layer)


def render_strokes(text: str | bytes, side: int = SIDE) -> tuple[int, dict]:
    """The pad's JSON -> (drawing id, Sketchpad-like value ``{"background", "layers", "composite"}``).

    An empty drawing (no strokes) gives an empty layer, which the preprocessing answers with
    ``EmptyImageError``. Raises :class:`StrokesError` for anything that is not a drawing.
    """
    drawing, pen, strokes = parse_strokes(text)
    return drawing, {"background": None, "layers": [draw_strokes(strokes, pen, side)], "composite": None}


def strokes_json(strokes: list[list[tuple[float, float]]], drawing: int = 1, pen: float = 0.058) -> str:
    """The pad's JSON for ``strokes`` given as lists of (x, y) in pad units (tests, benchmarks, warm-up)."""
    flat = [[round(float(value), 4) for point in stroke for value in point] for stroke in strokes]
    return json.dumps({"drawing": drawing, "pen": pen, "strokes": flat}, separators=(",", ":"))
