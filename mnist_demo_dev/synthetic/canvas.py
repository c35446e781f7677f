"""Drawing-app styles: a Gradio 6 Sketchpad value (light and dark theme, thin mouse strokes) and the
RGB / grey arrays a painting app exports (coloured ink, white on black, pencil)."""

from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from ..strokes import sketchpad_value
from .writer import digit_geometry, digit_strokes, log_uniform, resample, smooth_field, stroke_mask, width_profiles

CANVAS_STYLES = ("canvas", "canvas_dark", "mouse_thin", "colored_ink", "white_on_black", "pencil")
SKETCHPAD_SIZE = 800
DARK_THEME_BACKGROUND = (0x33, 0x33, 0x33)


def sketchpad_from_coverage(coverage: np.ndarray, background_rgb: tuple[int, int, int]) -> dict[str, Any]:
    """The Sketchpad value of black ink with this coverage (alpha, uint8 (H, W)) on a plain background."""
    layer = np.zeros((*coverage.shape, 4), dtype=np.uint8)
    layer[..., 3] = coverage  # black ink: RGB stays 0
    return sketchpad_value(layer, background=(*background_rgb, 255))


def render_canvas(digit: int, rng: np.random.Generator, style: str = "canvas",
                  variant: int | None = None, ink: tuple[int, int, int] | None = None) -> Any:
    """Render ``digit`` as a drawing-app input. What comes back depends on ``style``:

    * ``"canvas"``: what a Gradio 6 ``gr.Sketchpad`` delivers,
      ``{"background": bg, "layers": [layer], "composite": comp}`` with numpy uint8 arrays of
      shape (800, 800, 4) RGBA. ``layer`` is fully transparent (alpha 0) except black ink
      (RGB 0, alpha 255, anti-aliased edges) of a round brush 15-45 px wide (at most ~22 % of
      the digit height); ``background`` is opaque white; ``composite`` is the layer
      alpha-blended over the background. The digit is 150-700 px tall, anywhere on the
      canvas, and touches or runs off an edge in about 12 % of samples.
    * ``"canvas_dark"``: the same, but ``background`` and the composite's background are
      #333333 (dark theme). The ink in the layer is still black, so in the composite it is
      low-contrast; the layer's alpha is the reliable signal.
    * ``"mouse_thin"``: the same dict (white background) with 1-4 px wide strokes, sampled like
      mouse events (integer positions every 3-18 px, hand jitter).
    * ``"colored_ink"``: an RGB ndarray (H, W, 3), H and W in 200-1000, blue / red / green /
      purple ink on white (``ink`` forces the colour), as a painting app would export.
    * ``"white_on_black"``: an RGB ndarray (H, W, 3), white ink on a black background.
    * ``"pencil"``: a grey-scale ndarray (H, W) uint8: light, grainy grey ink (90-160) on
      slightly uneven paper (230-250).
    """
    strokes = digit_strokes(digit, rng, variant)
    if style in ("canvas", "canvas_dark", "mouse_thin"):
        size = SKETCHPAD_SIZE
        digit_height = log_uniform(rng, 150, 700)
        if style == "mouse_thin":
            brush = float(rng.uniform(1.0, 4.0))
            placed = digit_geometry(strokes, rng, size, size, digit_height, 6.0, 0.08)
            mouse = []
            for path in placed:  # mouse events: integer positions, uneven spacing, hand jitter
                pts = resample(path, float(rng.uniform(3.0, 18.0)))
                pts = pts + rng.normal(0.0, 0.7, pts.shape)
                jerks = rng.random(len(pts)) < 0.04
                pts[jerks] += rng.normal(0.0, 3.0, (int(jerks.sum()), 2))
                mouse.append(np.round(pts))
            mask = stroke_mask(mouse, (size, size), [brush] * len(mouse), supersample=4)
        else:
            brush = float(np.clip(rng.uniform(15.0, 45.0), 15.0, max(15.0, 0.22 * digit_height)))
            placed = digit_geometry(strokes, rng, size, size, digit_height, brush / 2 + 4, 0.12)
            mask = stroke_mask(placed, (size, size), [brush] * len(placed), supersample=4)
        bg = DARK_THEME_BACKGROUND if style == "canvas_dark" else (255, 255, 255)
        return sketchpad_from_coverage(np.asarray(mask), bg)

    if style not in ("colored_ink", "white_on_black", "pencil"):
        raise ValueError(f"unknown drawing style {style!r}; expected one of {CANVAS_STYLES}")
    width, height = (int(v) for v in rng.integers(200, 1001, size=2))
    if max(width, height) > 1.7 * min(width, height):  # keep the frame plausibly shaped
        width = height = min(width, height) if rng.random() < 0.5 else max(width, height)
    digit_height = min(width, height) * float(rng.uniform(0.4, 0.85))
    if style == "pencil":
        pen = digit_height * float(rng.uniform(0.015, 0.045))
        placed = digit_geometry(strokes, rng, width, height, digit_height, pen + 3)
        widths = width_profiles(placed, rng, pen, 0.25, 0.4)
        cover = np.asarray(stroke_mask(placed, (width, height), widths, 2), dtype=np.float32) / 255
        grain = rng.uniform(0.35, 1.0, cover.shape).astype(np.float32)  # graphite on paper tooth
        grain = np.asarray(Image.fromarray((grain * 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(0.6)), dtype=np.float32) / 255
        paper = float(rng.uniform(232, 250))
        shade = smooth_field(rng, width, height, 2.5)
        paper_img = paper + shade + rng.normal(0.0, 1.5, cover.shape)
        ink_value = float(rng.uniform(90, 160))
        darkness = np.clip(cover * np.clip(grain * 1.35, 0, 1), 0, 1)
        out = paper_img * (1 - darkness) + ink_value * darkness
        return np.clip(np.round(out), 0, 255).astype(np.uint8)

    pen = digit_height * float(rng.uniform(0.05, 0.14))
    placed = digit_geometry(strokes, rng, width, height, digit_height, pen / 2 + 3)
    widths = width_profiles(placed, rng, pen, 0.08, 0.0)
    cover = np.asarray(stroke_mask(placed, (width, height), widths, 2), dtype=np.float32)[..., None] / 255
    if style == "white_on_black":
        bg = np.array([rng.integers(0, 25)] * 3, dtype=np.float32)
        ink_rgb = np.array([rng.integers(225, 256)] * 3, dtype=np.float32)
    else:
        bg = np.array([rng.integers(245, 256)] * 3, dtype=np.float32)
        palettes = {"blue": ((15, 60), (40, 100), (150, 230)), "red": ((170, 225), (15, 50), (25, 70)),
                    "green": ((10, 60), (110, 160), (40, 90)), "purple": ((100, 150), (20, 60), (140, 190))}
        if ink is None:
            name = ("blue", "red", "green", "purple")[int(rng.choice(4, p=[0.45, 0.3, 0.15, 0.1]))]
            ink = tuple(int(rng.integers(lo, hi)) for lo, hi in palettes[name])
        ink_rgb = np.array(ink, dtype=np.float32)
    out = bg * (1 - cover) + ink_rgb * cover
    return np.clip(np.round(out), 0, 255).astype(np.uint8)
