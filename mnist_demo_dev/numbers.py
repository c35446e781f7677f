"""Whole numbers of REAL handwriting: MNIST validation digits composed into numbers, with known labels.

    from mnist_demo_dev import captures, numbers
    x_val, y_val = captures.load_validation(path)                  # the split training holds out (never test)
    for category, text, sample in numbers.number_set(x_val, y_val, None, count=50, seed=1): ...
    sample, text = numbers.make("canvas_touching", x_val, y_val, seed=1, index=0)

Each number takes 2-5 digits of different writers (a single one for the ``single_*`` categories)
and draws each with its own pen: thin, medium or thick round pens along the digit's centre line,
or the digit's own outline (``mnist_demo_dev.pen``), each at its own size (0.7-1.15 of the line
height), with a writer's slant (a shear) plus a little per-digit slant and baseline jitter.
Spacing is measured between the INK of neighbouring digits, row by row (not between their boxes):
wide, close (the boxes of slanted digits overlap but the ink does not touch), or touching (one
pair's ink meets or overlaps by up to 4 % of the line height). Rendered as a Sketchpad dict (the
Draw tab) or as a phone photo (paper, ink colour, light gradient, noise, blur, JPEG as in
:mod:`mnist_demo_dev.photo_sim`). ``pen_canvas`` / ``pen_photo`` are the pen-trajectory renderer
(:func:`mnist_demo_dev.synthetic.render_number`), not real handwriting.

Every sample is a deterministic function of (seed, category, index).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from . import pen, photo_sim
from .captures import rng_for, sketchpad, uniform

DIGITS = (2, 5)  # digits per number (inclusive)
SIZE = (0.7, 1.15)  # each digit's height, share of the line height
PENS = {"thin": (0.025, 0.05), "medium": (0.06, 0.11), "thick": (0.13, 0.2)}  # pen width / digit height
WRITER_SLANT = (-14.0, 14.0)  # degrees, one per number
DIGIT_SLANT = 4.0  # degrees, each digit's own deviation
BASELINE_JITTER = 0.05  # share of the line height (normal sigma)
WIDE_GAP = (0.15, 0.6)  # ink-to-ink gap, share of the line height
CLOSE_GAP = (0.03, 0.15)
TOUCH_GAP = (-0.04, -0.005)  # negative: the ink overlaps by that much (a stroke width or less)
CANVAS_HEIGHT = (380, 520)  # the pad's height, px; the line takes 35-75 % of it
CANVAS_LINE = (0.35, 0.75)
PHOTO_LINE = (60, 200)  # the line height in a photo, px
INK_LEVEL = 0.2  # coverage above this counts as ink when spacing digits


@dataclass(frozen=True)
class NumberCategory:
    name: str
    description: str
    capture: str  # "canvas", "photo", "pen_canvas", "pen_photo"
    spacing: str  # "wide", "close", "touching", "mixed", "single"


CATEGORIES = {c.name: c for c in (
    NumberCategory("canvas_wide", "Sketchpad dict, ink 15-60 % of the line height apart", "canvas", "wide"),
    NumberCategory("canvas_close", "Sketchpad dict, ink 3-15 % apart (slanted boxes overlap)", "canvas", "close"),
    NumberCategory("canvas_touching", "Sketchpad dict, one pair's ink touches or overlaps, the others wide",
                   "canvas", "touching"),
    NumberCategory("photo_wide", "phone photo, ink 15-60 % of the line height apart", "photo", "wide"),
    NumberCategory("photo_close", "phone photo, ink 3-15 % apart", "photo", "close"),
    NumberCategory("photo_touching", "phone photo, one pair's ink touches or overlaps", "photo", "touching"),
    NumberCategory("single_canvas", "one digit on a Sketchpad (must read as predict_image reads it)", "canvas",
                   "single"),
    NumberCategory("single_photo", "one digit in a phone photo (must read as predict_image reads it)", "photo",
                   "single"),
    NumberCategory("pen_canvas", "pen-trajectory renderer (not real handwriting), touching to wide, canvas",
                   "pen_canvas", "mixed"),
    NumberCategory("pen_photo", "pen-trajectory renderer, touching to wide, phone photo", "pen_photo", "mixed"),
)}


def _digit_cover(digit28: np.ndarray, height: float, rng: np.random.Generator, slant: float) -> np.ndarray:
    """One digit drawn with its own pen at ``height`` px, sheared by ``slant`` degrees."""
    kind = str(rng.choice(["thin", "medium", "thick", "outline"]))
    if kind == "outline":
        cover = pen.filled(digit28, height, uniform(rng, (0.3, 0.6)))
    else:
        width = max(1.5, uniform(rng, PENS[kind]) * height)
        cover = pen.skeleton_pen(digit28, max(height - width, 4.0), width)
    cover = pen.trim(cover, 0.05)
    return _shear(cover, slant)


def _shear(cover: np.ndarray, degrees: float) -> np.ndarray:
    """Slant: the top moves right for positive ``degrees`` (the bottom row stays)."""
    if abs(degrees) < 0.5:
        return cover
    h, w = cover.shape
    t = float(np.tan(np.radians(degrees)))
    extra = int(np.ceil(abs(t) * h)) + 2
    # output (x, y) samples input (x + t * (y - h) + offset, y): rows near the top shift right
    offset = -extra if t > 0 else 0
    image = Image.fromarray(cover.astype(np.float32), "F")
    out = image.transform((w + extra, h), Image.AFFINE, (1.0, -t, t * h + offset, 0.0, 1.0, 0.0), Image.BILINEAR)
    return pen.trim(np.clip(np.asarray(out, np.float32), 0.0, 1.0), 0.05)


def _left_edges(cover: np.ndarray) -> np.ndarray:
    ink = cover > INK_LEVEL
    return np.where(ink.any(axis=1), ink.argmax(axis=1), -1)


def _right_edges(cover: np.ndarray) -> np.ndarray:
    ink = cover > INK_LEVEL
    return np.where(ink.any(axis=1), cover.shape[1] - 1 - ink[:, ::-1].argmax(axis=1), -1)


def compose(digits: Sequence[np.ndarray], gaps: Sequence[float], rng: np.random.Generator,
            line: float) -> np.ndarray:
    """A number's ink coverage: ``digits`` (28x28) drawn ``line`` px tall, ``gaps`` (shares of ``line``)
    between the ink of neighbours, row by row (negative: overlapping)."""
    slant = uniform(rng, WRITER_SLANT)
    placed = []  # (cover, top, left)
    for i, d in enumerate(digits):
        height = uniform(rng, SIZE) * line
        cover = _digit_cover(d, height, rng, slant + uniform(rng, (-DIGIT_SLANT, DIGIT_SLANT)))
        bottom = line + float(rng.normal(0.0, BASELINE_JITTER)) * line  # digits stand on a wavy baseline
        top = round(bottom - cover.shape[0])
        if not placed:
            placed.append((cover, top, 0))
            continue
        # the rightmost ink so far in each row this digit covers
        rows = np.arange(top, top + cover.shape[0])
        right = np.full(len(rows), -10**9)
        for other, o_top, o_left in placed:
            edges = _right_edges(other)
            inside = (rows >= o_top) & (rows < o_top + other.shape[0])
            e = edges[rows[inside] - o_top]
            right[inside] = np.maximum(right[inside], np.where(e >= 0, e + o_left, -10**9))
        left_edges = _left_edges(cover)
        both = (right > -10**9) & (left_edges >= 0)
        if both.any():
            left = int(np.max(right[both] - left_edges[both])) + 1
        else:  # no shared rows: boxes side by side
            left = max(o_left + o.shape[1] for o, _, o_left in placed)
        left += round(gaps[i - 1] * line)
        placed.append((cover, top, left))
    top0 = min(t for _, t, _ in placed)
    left0 = min(lf for _, _, lf in placed)
    height = max(t + c.shape[0] for c, t, _ in placed) - top0
    width = max(lf + c.shape[1] for c, _, lf in placed) - left0
    frame = np.zeros((height, width), np.float32)
    for cover, top, left in placed:
        pen.paste(frame, cover, top - top0, left - left0)
    return frame


def _gaps(spacing: str, count: int, rng: np.random.Generator) -> list[float]:
    if spacing == "close":
        return [uniform(rng, CLOSE_GAP) for _ in range(count - 1)]
    gaps = [uniform(rng, WIDE_GAP) for _ in range(count - 1)]
    if spacing == "touching" and gaps:
        gaps[int(rng.integers(len(gaps)))] = uniform(rng, TOUCH_GAP)
    return gaps


def _canvas(cover: np.ndarray, rng: np.random.Generator, line: float) -> dict[str, Any]:
    height = int(rng.integers(*CANVAS_HEIGHT))
    scale = uniform(rng, CANVAS_LINE) * height / line
    width = max(int(height * uniform(rng, (1.4, 2.6))), int(cover.shape[1] * scale) + 40)
    cover = pen.resize(cover, max(1, round(cover.shape[1] * scale)), max(1, round(cover.shape[0] * scale)))
    frame = np.zeros((height, width), np.float32)
    top = int(rng.integers(5, max(6, height - cover.shape[0] - 5)))
    left = int(rng.integers(5, max(6, width - cover.shape[1] - 5)))
    return sketchpad(pen.paste(frame, cover, top, left))


def _photo(cover: np.ndarray, rng: np.random.Generator, line: float) -> Image.Image:
    """A phone photo of the number (as ``photo_sim.photo`` makes one of a digit)."""
    h, w = cover.shape
    margin_y, margin_x = (int(uniform(rng, (0.3, 1.2)) * line) for _ in range(2))
    frame = np.zeros((h + 2 * margin_y, w + 2 * margin_x), np.float32)
    pen.paste(frame, cover, margin_y, margin_x)
    fh, fw = frame.shape
    paper = photo_sim._paper(rng, rng.random() < 0.2)
    ink = np.asarray(photo_sim.PEN_INKS[int(rng.integers(len(photo_sim.PEN_INKS)))], np.float32)
    image = np.broadcast_to(paper, (fh, fw, 3)).astype(np.float32)
    image = image * (1 - frame[..., None]) + ink * frame[..., None]
    image = image * photo_sim._light(fh, fw, rng, uniform(rng, (0.0, 0.3)))[..., None]
    image += rng.standard_normal((fh, fw, 1), dtype=np.float32) * uniform(rng, photo_sim.NOISE)
    picture = photo_sim._blur(Image.fromarray(np.clip(image, 0, 255).astype(np.uint8)), uniform(rng, photo_sim.BLUR))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=int(rng.integers(photo_sim.JPEG[0], photo_sim.JPEG[1] + 1)))
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def make(name: str, x_val: np.ndarray, y_val: np.ndarray, seed: int = 0, index: int = 0) -> tuple[Any, str]:
    """One sample of category ``name``: ``(input as the app receives it, the number's text)``."""
    category = CATEGORIES[name]
    rng = rng_for(seed, "numbers/" + name, index)
    if category.capture.startswith("pen_"):
        from .synthetic import render_number

        text = "".join(str(d) for d in rng.integers(0, 10, int(rng.integers(DIGITS[0], DIGITS[1] + 1))))
        return render_number(text, rng, "canvas" if category.capture == "pen_canvas" else "photo_clean"), text
    count = 1 if category.spacing == "single" else int(rng.integers(DIGITS[0], DIGITS[1] + 1))
    picks = rng.integers(0, len(x_val), count)
    text = "".join(str(int(y_val[i])) for i in picks)
    line = uniform(rng, PHOTO_LINE) if category.capture == "photo" else 200.0
    cover = compose([x_val[i] for i in picks], _gaps(category.spacing, count, rng), rng, line)
    if category.capture == "photo":
        return _photo(cover, rng, line), text
    return _canvas(cover, rng, line), text


def number_set(x_val: np.ndarray, y_val: np.ndarray, names: Sequence[str] | None, count: int,
               seed: int) -> Iterator[tuple[str, str, Any]]:
    """Yield ``(category, text, input)``, ``count`` per category (all categories when ``names`` is empty)."""
    for name in names or CATEGORIES:
        if name not in CATEGORIES:
            raise ValueError(f"unknown number category {name!r}; known: {list(CATEGORIES)}")
        for index in range(count):
            sample, text = make(name, x_val, y_val, seed, index)
            yield name, text, sample
