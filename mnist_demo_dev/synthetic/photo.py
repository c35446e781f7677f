"""Photo and scan styles: a digit written on paper as a phone camera (clean or hard: light gradients,
shadow, table border, specks, ruled lines, rotation) or a flatbed scanner delivers it."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .writer import digit_geometry, digit_strokes, jpeg, log_uniform, smooth_field, stroke_mask, width_profiles

PHOTO_STYLES = ("photo_clean", "photo_hard", "scan")
_WORK_LONG_SIDE = 1200  # photos are composed at <= this size, then upscaled (camera softness)


def _line_mask(size: tuple[int, int], lines: Iterable[tuple[float, float, float, float]], width: int,
               ss: int = 2) -> np.ndarray:
    img = Image.new("L", (size[0] * ss, size[1] * ss), 0)
    draw = ImageDraw.Draw(img)
    for x0, y0, x1, y1 in lines:
        draw.line([(x0 * ss, y0 * ss), (x1 * ss, y1 * ss)], fill=255, width=max(1, width * ss))
    return np.asarray(img.reduce(ss), dtype=np.float32) / 255


def _rotated_lines(w: int, h: int, angle_deg: float, positions: Iterable[float],
                   vertical: bool) -> list[tuple[float, float, float, float]]:
    """Long lines (horizontal, or vertical) at signed offsets ``positions`` from the frame
    centre, rotated by ``angle_deg`` about the centre: (x0, y0, x1, y1) each."""
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    cx, cy, r = w / 2, h / 2, math.hypot(w, h)
    out = []
    for t in positions:
        p0, p1 = ((t, -r), (t, r)) if vertical else ((-r, t), (r, t))
        (x0, y0), (x1, y1) = ((cx + c * x - s * y, cy + s * x + c * y) for x, y in (p0, p1))
        out.append((x0, y0, x1, y1))
    return out


def _ruling(extent: float, spacing: float, offset: float) -> np.ndarray:
    """Line positions every ``spacing`` covering +-``extent`` (relative to the centre)."""
    return np.arange(-extent + offset % spacing, extent, spacing)


def render_photo(digit: int, rng: np.random.Generator, style: str = "photo_clean",
                 variant: int | None = None) -> Image.Image:
    """Render ``digit`` written on paper as a camera or scanner delivers it: a PIL RGB image.

    * ``"photo_clean"``: dark pen ink on slightly off-white paper, a mild light gradient and
      vignette, slight blur, sensor noise, JPEG re-encoding (quality 70-95, through in-memory
      JPEG bytes). Long side 1000-3000 px (4:3, 3:4, 16:9, 9:16 or 1:1); the digit's height is
      20-60 % of the frame height.
    * ``"photo_hard"``: the same with uneven light (a strong gradient, the paper darker at one
      side), a soft shadow, a dark table border along one or two edges, specks and dots,
      light blue / grey ruled or grid lines (sometimes a red margin line), the whole photo
      rotated by up to +-6 degrees, stronger noise and JPEG quality 40-70.
    * ``"scan"``: flatbed scan: clean white background, slightly grey ink, no lines, long side
      1700-3500 px (A4-like 1:1.41 or letter-like 1:1.29), the digit 10-35 % of the page
      height, a skew of up to +-2 degrees, light blur, JPEG quality 85-95.
    """
    strokes = digit_strokes(digit, rng, variant)
    if style == "scan":
        return _render_scan(strokes, rng)
    if style not in ("photo_clean", "photo_hard"):
        raise ValueError(f"unknown photo style {style!r}; expected one of {PHOTO_STYLES}")
    hard = style == "photo_hard"
    long_side = int(log_uniform(rng, 1000, 3000))
    ratio = float(rng.choice([4 / 3, 3 / 4, 16 / 9, 9 / 16, 1.0], p=[0.25, 0.4, 0.1, 0.15, 0.1]))
    W, H = (long_side, round(long_side / ratio)) if ratio >= 1 else (round(long_side * ratio), long_side)
    scale = min(1.0, _WORK_LONG_SIDE / long_side)
    w, h = max(1, round(W * scale)), max(1, round(H * scale))
    angle = float(rng.uniform(-6, 6)) if hard else float(rng.uniform(-1.5, 1.5))

    # Table border along one or two edges (hard): fraction of the frame covered at each side.
    borders = {}
    if hard and rng.random() < 0.8:
        sides = rng.choice(4, size=int(rng.integers(1, 3)), replace=False)
        for side in sides:
            borders[int(side)] = float(rng.uniform(0.03, 0.12))
    region = (w * borders.get(0, 0), h * borders.get(2, 0), w * (1 - borders.get(1, 0)), h * (1 - borders.get(3, 0)))

    digit_height = h * float(rng.uniform(0.2, 0.6))
    pen = digit_height * float(rng.uniform(0.025, 0.09))
    placed = digit_geometry(strokes, rng, w, h, digit_height, pen + 0.02 * min(w, h), angle_deg=angle,
                             region=region)
    widths = width_profiles(placed, rng, pen, 0.15, 0.3)
    ink_cover = np.asarray(stroke_mask(placed, (w, h), widths, 2), dtype=np.float32) / 255

    grey, warm = float(rng.uniform(222, 248)), float(rng.uniform(-4, 8))  # off-white, warm or cool
    paper = np.array([grey + warm / 2, grey, grey - warm], np.float32)
    img = np.empty((h, w, 3), np.float32)
    img[:] = paper
    img += smooth_field(rng, w, h, 3.0)[..., None]

    if hard and rng.random() < 0.75:  # ruled or grid paper
        grid = rng.random() < 0.4
        spacing = h * (float(rng.uniform(0.03, 0.06)) if grid else float(rng.uniform(0.05, 0.1)))
        colour = np.array([rng.uniform(140, 190), rng.uniform(170, 210), rng.uniform(205, 240)]
                          if rng.random() < 0.7 else [rng.uniform(150, 190)] * 3, np.float32)
        extent = math.hypot(w, h) / 2
        lines = _rotated_lines(w, h, angle, _ruling(extent, spacing, float(rng.uniform(0, spacing))), False)
        if grid:
            lines += _rotated_lines(w, h, angle, _ruling(extent, spacing, float(rng.uniform(0, spacing))), True)
        lw = max(1, round(min(w, h) * float(rng.uniform(0.001, 0.0025))))
        cover = _line_mask((w, h), lines, lw)[..., None] * float(rng.uniform(0.5, 0.9))
        img = img * (1 - cover) + colour * cover
        if not grid and rng.random() < 0.2:  # red margin line near the left edge
            margin = _rotated_lines(w, h, angle, [w * (float(rng.uniform(0.06, 0.14)) - 0.5)], True)
            cover = _line_mask((w, h), margin, lw)[..., None] * 0.7
            img = img * (1 - cover) + np.array([225, 120, 130], np.float32) * cover

    ink = np.array([rng.uniform(10, 55), rng.uniform(10, 55), rng.uniform(20, 90)], np.float32)
    opacity = float(rng.uniform(0.85, 1.0))
    img = img * (1 - ink_cover[..., None] * opacity) + ink * ink_cover[..., None] * opacity

    if hard:  # specks and dots
        specks = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(specks)
        for _ in range(int(rng.integers(5, 40))):
            x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.4, 2.2) * max(1.0, min(w, h) / 800)
            d.ellipse([x - r, y - r, x + r, y + r], fill=int(rng.integers(60, 230)))
        cover = np.asarray(specks.filter(ImageFilter.GaussianBlur(0.5)), np.float32)[..., None] / 255
        img = img * (1 - cover) + 50.0 * cover

    if borders:  # dark table along the chosen edges, edges tilted with the paper
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        a = math.radians(angle + float(rng.uniform(-2, 2)))
        table = np.zeros((h, w), np.float32)
        for side, frac in borders.items():
            if side == 0:
                d = w * frac + math.tan(a) * (yy - h / 2) - xx
            elif side == 1:
                d = xx - (w * (1 - frac) + math.tan(a) * (yy - h / 2))
            elif side == 2:
                d = h * frac - math.tan(a) * (xx - w / 2) - yy
            else:
                d = yy - (h * (1 - frac) - math.tan(a) * (xx - w / 2))
            table = np.maximum(table, np.clip(d + 0.5, 0, 1))
        kind = rng.random()
        base = (np.array([rng.uniform(70, 120), rng.uniform(45, 75), rng.uniform(25, 50)], np.float32)
                if kind < 0.5 else np.array([rng.uniform(15, 70)] * 3, np.float32))
        table_img = base + smooth_field(rng, w, h, 10.0)[..., None]
        img = img * (1 - table[..., None]) + table_img * table[..., None]

    # Light: a linear gradient in a random direction, vignette, and (hard) a soft shadow.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    xn, yn = xx / w - 0.5, yy / h - 0.5
    theta = rng.uniform(0, 2 * math.pi)
    reach = abs(math.cos(theta)) / 2 + abs(math.sin(theta)) / 2
    ramp = (math.cos(theta) * xn + math.sin(theta) * yn) / reach / 2 + 0.5
    strength = float(rng.uniform(0.3, 0.5) if hard else rng.uniform(0.0, 0.12))
    light = 1.0 - strength * ramp - float(rng.uniform(0.0, 0.15)) * (xn ** 2 + yn ** 2) * 2
    if hard:
        phi = rng.uniform(0, 2 * math.pi)
        dist = math.cos(phi) * xn + math.sin(phi) * yn - float(rng.uniform(-0.35, 0.2))
        soft = float(rng.uniform(0.03, 0.12))
        light = light * (1.0 - float(rng.uniform(0.2, 0.45)) / (1.0 + np.exp(-dist / soft)))
    light = light * float(rng.uniform(0.95, 1.08) if not hard else rng.uniform(0.9, 1.15))
    img = img * light[..., None]

    blur = float(rng.uniform(0.6, 1.8) if hard else rng.uniform(0.3, 1.1))
    noise = float(rng.uniform(4, 10) if hard else rng.uniform(1.5, 4))
    pil = Image.fromarray(np.clip(np.round(img), 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(pil, np.float32)
    pixel_noise = rng.normal(0.0, noise, arr.shape).astype(np.float32)
    grey_noise = rng.normal(0.0, noise / 2, (*arr.shape[:2], 1)).astype(np.float32)  # the same on every channel
    arr = arr + pixel_noise + grey_noise
    pil = Image.fromarray(np.clip(np.round(arr), 0, 255).astype(np.uint8))
    if (w, h) != (W, H):
        pil = pil.resize((W, H), Image.BICUBIC)
    return jpeg(pil, int(rng.integers(40, 71) if hard else rng.integers(70, 96)))


def _render_scan(strokes: list[np.ndarray], rng: np.random.Generator) -> Image.Image:
    long_side = int(rng.uniform(1700, 3500))
    ratio = 1.414 if rng.random() < 0.6 else 1.294
    W, H = round(long_side / ratio), long_side
    if rng.random() < 0.2:
        W, H = H, W  # landscape page
    digit_height = H * float(rng.uniform(0.1, 0.35))
    pen = digit_height * float(rng.uniform(0.025, 0.08))
    placed = digit_geometry(strokes, rng, W, H, digit_height, pen + 0.03 * min(W, H),
                             angle_deg=float(rng.uniform(-2, 2)))
    widths = width_profiles(placed, rng, pen, 0.15, 0.3)
    mask = stroke_mask(placed, (W, H), widths, 1).filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 1.2))))
    grey = int(rng.integers(248, 256))
    paper = tuple(int(v) for v in np.clip(grey + rng.integers(-2, 3, size=3), 0, 255))
    ink_grey = int(rng.integers(45, 110))
    ink = (ink_grey, ink_grey, min(255, ink_grey + int(rng.integers(0, 25))))
    img = Image.composite(Image.new("RGB", (W, H), ink), Image.new("RGB", (W, H), paper), mask)
    return jpeg(img, int(rng.integers(85, 96)))
