"""Samples and sets: one deterministic input per (digit, style, seed, index), whole sets, a contact
sheet to look at, and the app's example files."""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from .canvas import CANVAS_STYLES, render_canvas
from .photo import PHOTO_STYLES, render_photo

STYLES = CANVAS_STYLES + PHOTO_STYLES


def render(digit: int, rng: np.random.Generator, style: str, variant: int | None = None) -> Any:
    """Render one sample of ``digit`` in any of ``STYLES`` (see render_canvas / render_photo)."""
    if style in CANVAS_STYLES:
        return render_canvas(digit, rng, style, variant)
    if style in PHOTO_STYLES:
        return render_photo(digit, rng, style, variant)
    raise ValueError(f"unknown style {style!r}; expected one of {STYLES}")



def _rng(digit: int, style: str, seed: int, index: int) -> np.random.Generator:
    key = zlib.crc32(style.encode("utf-8"))  # stable across runs, unlike hash()
    return np.random.default_rng(np.random.SeedSequence([int(seed) & 0xFFFFFFFF, key, int(digit), int(index)]))


def make_sample(digit: int, style: str, seed: int = 0, index: int = 0, variant: int | None = None) -> Any:
    """One input of ``digit`` in ``style``; a deterministic function of its arguments."""
    if not 0 <= int(digit) <= 9:
        raise ValueError(f"digit must be 0-9, got {digit!r}")
    return render(int(digit), _rng(digit, style, seed, index), style, variant)


def generate(styles: Sequence[str] | None = None, per_digit: int = 10, seed: int = 0
             ) -> Iterator[tuple[str, int, Any]]:
    """Yield ``(style, label, input)``: ``per_digit`` samples of each digit for each style.

    Within a style the digits are interleaved (0, 1, ..., 9, 0, 1, ...). Sample ``i`` of digit
    ``d`` equals ``make_sample(d, style, seed, index=i)``.
    """
    for style in styles or STYLES:
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r}; expected one of {STYLES}")
        for index in range(per_digit):
            for digit in range(10):
                yield style, digit, make_sample(digit, style, seed, index)


def to_pil(sample: Any) -> Image.Image:
    """A viewable RGB PIL image of any sample (a Sketchpad dict shows its composite)."""
    if isinstance(sample, dict):
        sample = sample["composite"]
    if isinstance(sample, Image.Image):
        return sample.convert("RGB")
    arr = np.asarray(sample)
    if arr.ndim == 3 and arr.shape[2] == 4:
        return Image.fromarray(arr, "RGBA").convert("RGB")
    return Image.fromarray(arr).convert("RGB")


def contact_sheet(styles: Sequence[str] | None = None, per_digit: int = 2, seed: int = 0,
                  cell: int = 120) -> Image.Image:
    """Rows = styles, columns = digits 0-9 (``per_digit`` samples each), downscaled thumbnails."""
    styles = list(styles or STYLES)
    label_w = 110
    sheet = Image.new("RGB", (label_w + 10 * per_digit * cell, len(styles) * cell), (255, 255, 200))
    draw = ImageDraw.Draw(sheet)
    for row, style in enumerate(styles):
        draw.text((4, row * cell + cell // 2 - 6), style, fill=(0, 0, 0))
        for index in range(per_digit):
            for digit in range(10):
                thumb = to_pil(make_sample(digit, style, seed, index))
                thumb.thumbnail((cell - 4, cell - 4), Image.LANCZOS)
                x = label_w + (digit * per_digit + index) * cell + (cell - thumb.width) // 2
                sheet.paste(thumb, (x, row * cell + (cell - thumb.height) // 2))
    return sheet


# Example inputs for gr.Examples: (file name, digit, style, seed, extra options).
EXAMPLES = (
    ("drawn_3.png", 3, "canvas", 0),
    ("photo_7.jpg", 7, "photo_clean", 0),
    ("photo_hard_4.jpg", 4, "photo_hard", 0),
    ("pencil_2.png", 2, "pencil", 0),
    ("scan_9.jpg", 9, "scan", 3),
    ("blue_ink_5.png", 5, "colored_ink", 0),
)
_BLUE_INK = (25, 55, 190)


def write_examples(folder: str | Path) -> list[Path]:
    """Write the app's example inputs (small PNG / JPEG files) to ``folder``, deterministically."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, digit, style, seed in EXAMPLES:
        rng = _rng(digit, style, seed, 0)
        if style == "colored_ink":
            sample = render_canvas(digit, rng, style, ink=_BLUE_INK)
        else:
            sample = render(digit, rng, style)
        img = to_pil(sample)
        if style == "pencil":
            img = img.convert("L")
        img.thumbnail((400, 400) if name.endswith(".png") else (600, 600), Image.LANCZOS)
        path = folder / name
        if name.endswith(".jpg"):
            img.save(path, format="JPEG", quality=85, optimize=True)
        else:
            img.save(path, format="PNG", optimize=True)
        written.append(path)
    return written
