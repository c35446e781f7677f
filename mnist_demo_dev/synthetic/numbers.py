"""Whole numbers: several digits written left to right, touching to widely spaced."""

from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from .canvas import sketchpad_from_coverage
from .writer import bbox, digit_strokes, jpeg, place, smooth_field, stroke_mask

NUMBER_STYLES = ("canvas", "photo_clean")


def render_number(text: str, rng: np.random.Generator, style: str = "canvas") -> Any:
    """Render a string of digits written left to right, as a Sketchpad dict or a phone photo.

    Spacing varies from touching (a small negative gap) to wide (half a digit height), with
    baseline drift, per-digit size and slant changes. ``"canvas"``: a Sketchpad dict on a
    1200 x 500 canvas, black brush 10-28 px. ``"photo_clean"``: dark ink on off-white paper,
    light gradient, noise, JPEG (PIL RGB, 1600 x 900).
    """
    if not text or not text.isdigit():
        raise ValueError(f"text must be digits, got {text!r}")
    width, height = (1200, 500) if style == "canvas" else (1600, 900)
    digit_height = float(rng.uniform(0.45, 0.7)) * height
    pen = float(rng.uniform(10.0, 28.0)) if style == "canvas" else digit_height * float(rng.uniform(0.05, 0.09))
    placed, x = [], 0.0
    for character in text:
        strokes = place(digit_strokes(int(character), rng), digit_height * float(rng.uniform(0.9, 1.08)),
                         (0.0, 0.0), float(rng.uniform(-6, 6)))
        lo, hi = bbox(strokes)
        shift = np.array([x - lo[0], float(rng.normal(0, 0.04)) * digit_height - lo[1]])
        placed.append([p + shift for p in strokes])
        x += (hi[0] - lo[0]) + float(rng.uniform(-0.04, 0.5)) * digit_height + pen
    strokes = [p for digit in placed for p in digit]
    lo, hi = bbox(strokes)
    scale = min(1.0, (width - 2 * pen - 20) / (hi[0] - lo[0]), (height - 2 * pen - 20) / (hi[1] - lo[1]))
    slack = np.maximum(np.array([width, height]) - (hi - lo) * scale - 2 * pen - 20, 0) / 2
    centre = np.array([width / 2, height / 2]) + rng.uniform(-1, 1, 2) * slack
    strokes = [(p - (lo + hi) / 2) * scale + centre for p in strokes]
    pen *= scale
    cover = np.asarray(stroke_mask(strokes, (width, height), [pen] * len(strokes), supersample=2))
    if style == "canvas":
        return sketchpad_from_coverage(cover, (255, 255, 255))
    if style != "photo_clean":
        raise ValueError(f"unknown number style {style!r}; expected one of {NUMBER_STYLES}")
    paper = float(rng.uniform(200, 235)) + smooth_field(rng, width, height, 12.0)
    light = np.linspace(float(rng.uniform(0.7, 0.9)), 1.0, width)[None, :]
    ink = float(rng.uniform(20, 60))
    alpha = cover.astype(np.float32) / 255.0
    grey = (paper * (1 - alpha) + ink * alpha) * light + rng.normal(0, 4.0, (height, width))
    rgb = np.clip(np.stack([grey, grey * 0.99, grey * 0.97], axis=-1), 0, 255).astype(np.uint8)
    return jpeg(Image.fromarray(rgb).filter(ImageFilter.GaussianBlur(1.0)), int(rng.integers(70, 95)))
