"""Digits the tests and benchmarks draw themselves: pen strokes, Sketchpad values, simulated photos.

    from mnist_demo_dev.strokes import drawn_layer, sketchpad_value, paper_photo
    value = sketchpad_value(drawn_layer(7))          # what Gradio 6's Sketchpad hands to the app
    photo = paper_photo(4, seed=1)                   # a phone-like JPEG of a 4 on grey paper
    canvas = number_canvas("2026")                   # several digits side by side, as one Sketchpad value

Simple and exact on purpose (one fixed stroke path per digit); ``mnist_demo_dev.synthetic`` has the
varied handwriting.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

Box = tuple[float, float, float, float]  # left, top, right, bottom
Strokes = list[list[tuple[float, float]]]

# Pen strokes in a unit box (x, y), y down, as a person writes them.
DIGIT_STROKES: dict[int, Strokes] = {
    0: [[(0.5 + 0.32 * np.sin(t), 0.5 - 0.45 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 40)]],
    1: [[(0.42, 0.18), (0.55, 0.05), (0.55, 0.95)]],
    2: [[(0.2, 0.25), (0.35, 0.08), (0.6, 0.05), (0.78, 0.2), (0.75, 0.42), (0.2, 0.93), (0.85, 0.93)]],
    3: [[(0.2, 0.12), (0.5, 0.03), (0.78, 0.15), (0.75, 0.35), (0.45, 0.47), (0.8, 0.6), (0.8, 0.82),
         (0.5, 0.96), (0.2, 0.87)]],
    4: [[(0.6, 0.95), (0.6, 0.05), (0.15, 0.65), (0.88, 0.65)]],
    5: [[(0.78, 0.06), (0.3, 0.06), (0.25, 0.45), (0.55, 0.4), (0.78, 0.55), (0.78, 0.8), (0.5, 0.95),
         (0.2, 0.88)]],
    6: [[(0.7, 0.05), (0.4, 0.3), (0.25, 0.6), (0.3, 0.88), (0.55, 0.95), (0.75, 0.78), (0.68, 0.55),
         (0.45, 0.52), (0.28, 0.68)]],
    7: [[(0.15, 0.08), (0.85, 0.08), (0.4, 0.95)]],
    8: [[(0.7, 0.15), (0.5, 0.04), (0.28, 0.15), (0.3, 0.35), (0.7, 0.62), (0.72, 0.85), (0.5, 0.96),
         (0.28, 0.85), (0.3, 0.62), (0.7, 0.35), (0.7, 0.15)]],
    9: [[(0.75, 0.3), (0.55, 0.05), (0.3, 0.12), (0.27, 0.35), (0.5, 0.48), (0.75, 0.3), (0.72, 0.6),
         (0.6, 0.95)]],
}

WHITE = (255, 255, 255, 255)
DARK_THEME = (51, 51, 51, 255)  # Gradio's Sketchpad background in the dark theme (#333333)
BLACK_INK = (0, 0, 0, 255)


def pixel_strokes(digit: int, box: Box) -> Strokes:
    """The digit's pen strokes scaled into ``box`` (pixel coordinates)."""
    left, top, right, bottom = box
    return [[(left + x * (right - left), top + y * (bottom - top)) for x, y in stroke]
            for stroke in DIGIT_STROKES[digit]]


def draw_strokes(draw: ImageDraw.ImageDraw, strokes, width: int, fill) -> None:
    """Draw pixel-coordinate strokes with a round pen (round caps and joints, like a brush)."""
    for stroke in strokes:
        draw.line(stroke, fill=fill, width=width, joint="curve")
        for x, y in stroke:
            draw.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=fill)


def drawn_layer(digit: int, size: int = 800, width: int = 28, box: Box | None = None) -> np.ndarray:
    """A transparent RGBA layer with the digit in black ink, as the Sketchpad's layers[0]."""
    box = box or (size * 0.3, size * 0.2, size * 0.65, size * 0.8)
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw_strokes(ImageDraw.Draw(layer), pixel_strokes(digit, box), width, BLACK_INK)
    return np.asarray(layer)


def sketchpad_value(layer: np.ndarray, background=WHITE) -> dict:
    """What Gradio 6's Sketchpad hands to a function: background, layers and composite (numpy RGBA)."""
    size = layer.shape[1], layer.shape[0]
    base = Image.new("RGBA", size, background)
    composite = Image.alpha_composite(base, Image.fromarray(layer))
    return {"background": np.asarray(base), "layers": [layer], "composite": np.asarray(composite)}


def number_canvas(text: str, gap: float = 60, width: int = 22) -> dict:
    """The digits of ``text`` drawn side by side (``gap`` px apart, negative: touching) as a Sketchpad value."""
    digit_width, height = 150, 260
    size = (int(len(text) * (digit_width + gap) + 2 * gap), 500)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for i, character in enumerate(text):
        left = gap + i * (digit_width + gap)
        draw_strokes(draw, pixel_strokes(int(character), (left, 120, left + digit_width, 120 + height)), width,
                     BLACK_INK)
    return sketchpad_value(np.asarray(layer))


def paper_photo(digit: int, size: tuple[int, int] = (1200, 900), seed: int = 0, ink: int = 40,
                width: int = 18, gradient: float = 0.45, noise: float = 6.0) -> Image.Image:
    """A phone-like photo: dark ink on unevenly lit grey paper, blur, sensor noise, JPEG."""
    rng = np.random.default_rng(seed)
    w, h = size
    paper = Image.new("L", size, 215)
    side = 0.45 * h
    box = (w / 2 - 0.35 * side, h / 2 - side / 2, w / 2 + 0.35 * side, h / 2 + side / 2)
    draw_strokes(ImageDraw.Draw(paper), pixel_strokes(digit, box), width, ink)
    light = np.linspace(1.0 - gradient, 1.0, w)[None, :] * np.linspace(0.9, 1.0, h)[:, None]
    pixels = np.asarray(paper.filter(ImageFilter.GaussianBlur(1.5)), np.float32) * light
    pixels += rng.normal(0, noise, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).convert("RGB")
    return jpeg_roundtrip(image, quality=80)


def thin_pen_photo(strokes: Strokes, size: tuple[int, int] = (300, 360), width: int = 5,
                   ruled: tuple[int, ...] = (), seed: int = 0) -> Image.Image:
    """A photo of a digit drawn with a thin pen across most of a small picture: ``strokes`` are
    polylines in pixels, ``ruled`` the rows of pale blue ruled lines across the whole picture;
    evenly lit paper with a little sensor grain."""
    rng = np.random.default_rng(seed)
    w, h = size
    pixels = np.full((h, w, 3), 225.0) + rng.normal(0, 2.0, (h, w, 1))
    paper = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(paper)
    for row in ruled:
        draw.line([(0, row), (w, row)], fill=(150, 160, 200), width=3)
    draw_strokes(draw, strokes, width, (40, 40, 60))
    return paper


def arc(centre: tuple[float, float], radius: tuple[float, float], start: float, stop: float,
        points: int = 24) -> list[tuple[float, float]]:
    """A polyline along an ellipse from angle ``start`` to ``stop`` (degrees, clockwise from 3 o'clock)."""
    angles = np.deg2rad(np.linspace(start, stop, points))
    return [(centre[0] + radius[0] * np.cos(a), centre[1] + radius[1] * np.sin(a)) for a in angles]


def jpeg_roundtrip(image: Image.Image, quality: int = 85, exif: bytes | None = None) -> Image.Image:
    """The picture saved as JPEG in memory and opened again (lazily, as an upload would be)."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, **({"exif": exif} if exif else {}))
    buffer.seek(0)
    return Image.open(buffer)
