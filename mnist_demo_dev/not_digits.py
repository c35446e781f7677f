"""Things that are not digits: scribbles, shapes and letters, for the "not sure" checks.

    from mnist_demo_dev.not_digits import scribble_layer, shape, letter
    layer = scribble_layer(np.random.default_rng(0), points=14, width=22)   # a transparent RGBA layer
    value = shape(rng)                                                       # a Sketchpad value
    picture = letter("A", rng)                                               # a PIL 'L' picture

Letters are rendered from the DejaVu fonts that ship with matplotlib; ``DIGIT_LIKE`` are the ones
people write like digits (O I S Z B g q ...), for which "not sure" is not the honest answer.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .strokes import BLACK_INK, Strokes, draw_strokes, sketchpad_value

# Pen strokes in a unit box, like strokes.DIGIT_STROKES, that are no digit.
SCRIBBLE_STROKES: dict[str, Strokes] = {
    "cross": [[(0.2, 0.2), (0.8, 0.8)], [(0.8, 0.2), (0.2, 0.8)]],
    "star": [[(0.5, 0.1), (0.62, 0.9), (0.1, 0.4), (0.9, 0.4), (0.38, 0.9), (0.5, 0.1)]],
}

DIGIT_LIKE = set("OoIlSsZzBbgqGDTt")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans-Oblique.ttf",
              "DejaVuSerif-Italic.ttf", "DejaVuSansMono.ttf")
SHAPES = ("triangle", "square", "star", "cross", "arrow", "heart")


def scribble_layer(rng: np.random.Generator, size: int = 800, points: int | None = None,
                   width: int | None = None) -> np.ndarray:
    """A random tangle of strokes on a transparent layer: not a digit.

    ``points`` (default 6-15) and ``width`` (default 12-34 px) are drawn from ``rng`` when not given.
    """
    count = int(rng.integers(6, 16)) if points is None else points
    corners = [tuple(p) for p in rng.uniform(0.15 * size, 0.85 * size, (count, 2))]
    pen = int(rng.integers(12, 35)) if width is None else width
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw_strokes(ImageDraw.Draw(layer), [corners], pen, BLACK_INK)
    return np.asarray(layer)


def shape(rng: np.random.Generator, size: int = 800) -> dict:
    """A triangle, square, star, cross, arrow or heart drawn on the Sketchpad."""
    kind = SHAPES[int(rng.integers(len(SHAPES)))]
    centre, radius = size / 2 + rng.uniform(-100, 100, 2), rng.uniform(150, 300)
    if kind in ("triangle", "square", "star"):
        corners = {"triangle": 3, "square": 4, "star": 10}[kind]
        angles = np.linspace(0, 2 * np.pi, corners + 1) + rng.uniform(0, np.pi)
        if kind == "star":
            radii = np.where(np.arange(corners + 1) % 2, 0.45, 1.0) * radius
        else:
            radii = np.full(corners + 1, radius)
        strokes = [[(centre[0] + r * math.cos(a), centre[1] + r * math.sin(a)) for a, r in zip(angles, radii)]]
    elif kind == "cross":
        strokes = [[tuple(centre - radius), tuple(centre + radius)],
                   [(centre[0] + radius, centre[1] - radius), (centre[0] - radius, centre[1] + radius)]]
    elif kind == "arrow":
        tip = (centre[0] + radius, centre[1])
        strokes = [[(centre[0] - radius, centre[1]), tip],
                   [(tip[0] - 0.4 * radius, tip[1] - 0.4 * radius), tip,
                    (tip[0] - 0.4 * radius, tip[1] + 0.4 * radius)]]
    else:
        t = np.linspace(0, 2 * np.pi, 60)
        x, y = 16 * np.sin(t) ** 3, -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
        strokes = [[(centre[0] + radius * a / 17, centre[1] + radius * b / 17) for a, b in zip(x, y)]]
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw_strokes(ImageDraw.Draw(layer), strokes, int(rng.integers(12, 35)), BLACK_INK)
    return sketchpad_value(np.asarray(layer))


def font_folder() -> Path:
    """The TrueType fonts that ship with matplotlib."""
    import matplotlib

    return Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"


def letter(character: str, rng: np.random.Generator) -> Image.Image:
    """``character`` in a random DejaVu font, size and slant: black on a white 500 x 500 'L' picture."""
    font = ImageFont.truetype(str(font_folder() / FONT_FILES[rng.integers(len(FONT_FILES))]),
                              int(rng.integers(120, 300)))
    picture = Image.new("L", (500, 500), 255)
    ImageDraw.Draw(picture).text((250, 250), character, font=font, fill=0, anchor="mm")
    return picture.rotate(float(rng.uniform(-12, 12)), fillcolor=255)
