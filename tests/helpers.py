"""Inputs the tests draw themselves: digit strokes on canvases, simulated photos of paper."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

# Pen strokes in a unit box (x, y), y down, as a person writes them.
DIGIT_STROKES: dict[int, list[list[tuple[float, float]]]] = {
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


def _pixel_strokes(digit: int, box: tuple[float, float, float, float]) -> list[list[tuple[float, float]]]:
    left, top, right, bottom = box
    return [[(left + x * (right - left), top + y * (bottom - top)) for x, y in stroke]
            for stroke in DIGIT_STROKES[digit]]


def draw_strokes(draw: ImageDraw.ImageDraw, strokes, width: int, fill) -> None:
    for stroke in strokes:
        draw.line(stroke, fill=fill, width=width, joint="curve")
        for x, y in stroke:  # round caps and joints, like a brush
            draw.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=fill)


def drawn_layer(digit: int, size: int = 800, width: int = 28,
                box: tuple[float, float, float, float] | None = None) -> np.ndarray:
    """A transparent RGBA layer with the digit in black ink, as the Sketchpad's layers[0]."""
    box = box or (size * 0.3, size * 0.2, size * 0.65, size * 0.8)
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw_strokes(ImageDraw.Draw(layer), _pixel_strokes(digit, box), width, (0, 0, 0, 255))
    return np.asarray(layer)


def sketchpad_value(layer: np.ndarray, background=WHITE) -> dict:
    """What Gradio 6's Sketchpad hands to a function: background, layers and composite (numpy RGBA)."""
    size = layer.shape[1], layer.shape[0]
    base = Image.new("RGBA", size, background)
    composite = Image.alpha_composite(base, Image.fromarray(layer))
    return {"background": np.asarray(base), "layers": [layer], "composite": np.asarray(composite)}


def paper_photo(digit: int, size: tuple[int, int] = (1200, 900), seed: int = 0, ink: int = 40,
                width: int = 18, gradient: float = 0.45, noise: float = 6.0) -> Image.Image:
    """A phone-like photo: dark ink on unevenly lit grey paper, blur, sensor noise, JPEG."""
    rng = np.random.default_rng(seed)
    w, h = size
    paper = Image.new("L", size, 215)
    side = 0.45 * h
    box = (w / 2 - 0.35 * side, h / 2 - side / 2, w / 2 + 0.35 * side, h / 2 + side / 2)
    draw_strokes(ImageDraw.Draw(paper), _pixel_strokes(digit, box), width, ink)
    light = np.linspace(1.0 - gradient, 1.0, w)[None, :] * np.linspace(0.9, 1.0, h)[:, None]
    pixels = np.asarray(paper.filter(ImageFilter.GaussianBlur(1.5)), np.float32) * light
    pixels += rng.normal(0, noise, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).convert("RGB")
    return jpeg_roundtrip(image, quality=80)


def jpeg_roundtrip(image: Image.Image, quality: int = 85, exif: bytes | None = None) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, **({"exif": exif} if exif else {}))
    buffer.seek(0)
    return Image.open(buffer)


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    total = image.sum()
    rows, cols = np.indices(image.shape)
    return float((rows * image).sum() / total), float((cols * image).sum() / total)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


PNG_HEADER_BYTES = 8 + 25  # the signature and the IHDR chunk


def tagged_copy(path: Path, tag: str, folder: Path) -> Path:
    """A copy of a PNG or JPEG with ``tag`` in a comment: the same pixels, other bytes.

    Gradio names uploads after a hash of their content, so each tagged copy is a new upload.
    """
    data = path.read_bytes()
    comment = tag.encode()
    if data.startswith(b"\x89PNG"):
        data = data[:PNG_HEADER_BYTES] + png_chunk(b"tEXt", b"Comment\x00" + comment) + data[PNG_HEADER_BYTES:]
    elif data.startswith(b"\xff\xd8"):  # JPEG: a COM segment right after the start marker
        data = data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]
    else:
        raise ValueError(f"{path} is neither PNG nor JPEG")
    copy = folder / f"{path.stem}-{tag}{path.suffix}"
    copy.write_bytes(data)
    return copy
