"""Files a careless or hostile visitor may send, made on the spot; each with what must happen."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from helpers import _pixel_strokes, draw_strokes, paper_photo, png_chunk

EMPTY, UNREADABLE, TOO_LARGE = "empty", "unreadable", "too large"


def decompression_bomb(path: Path, side: int = 100_000) -> None:
    """A few hundred bytes that declare a side x side image."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat)
                     + png_chunk(b"IEND", b""))


def seven_on_white(size: int = 400, mode: str = "L") -> Image.Image:
    picture = Image.new("L", (size, size), 255)
    draw_strokes(ImageDraw.Draw(picture), _pixel_strokes(7, (size * 0.3, size * 0.2, size * 0.7, size * 0.8)),
                 max(2, size // 28), 0)
    return picture.convert(mode)


def make_bad_inputs(folder: Path) -> dict[str, tuple[Path, object]]:
    """name -> (file, expected): EMPTY, UNREADABLE, TOO_LARGE, or the digit it shows."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, tuple[Path, object]] = {}

    def add(name: str, expected: object) -> Path:
        path = folder / name
        cases[name] = (path, expected)
        return path

    add("empty.png", UNREADABLE).write_bytes(b"")
    add("random_bytes.png", UNREADABLE).write_bytes(np.random.default_rng(0).bytes(4096))
    add("text.png", UNREADABLE).write_text("this is not an image\n" * 20)
    full = folder / "full.png"
    seven_on_white().save(full)
    add("truncated.png", UNREADABLE).write_bytes(full.read_bytes()[: len(full.read_bytes()) // 2])
    Image.new("RGB", (1, 1), (0, 0, 0)).save(add("one_pixel.png", EMPTY))
    Image.new("RGB", (300, 300), (255, 255, 255)).save(add("all_white.png", EMPTY))
    Image.new("RGB", (300, 300), (0, 0, 0)).save(add("all_black.png", EMPTY))
    Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(add("transparent.png", EMPTY))
    noise = np.random.default_rng(1).integers(0, 256, (300, 300, 3), dtype=np.uint8)
    Image.fromarray(noise).save(add("noise.png", EMPTY))
    Image.new("L", (12000, 12000), 255).save(add("huge_12000.png", TOO_LARGE), compress_level=1)
    decompression_bomb(add("bomb.png", TOO_LARGE))
    decompression_bomb(add("bomb_70mp.png", TOO_LARGE), side=8400)  # over our 60 MP, under Pillow's own 2x
    seven_on_white(mode="CMYK").save(add("cmyk.jpg", 7), quality=90)
    sixteen = (np.asarray(seven_on_white(), np.uint16) * 257).astype(np.uint16)
    Image.fromarray(sixteen).save(add("gray16.png", 7))
    palette = seven_on_white(mode="RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    palette.info["transparency"] = palette.getpixel((0, 0))  # the white paper is the transparent colour
    palette.save(add("palette_transparent.png", 7), transparency=palette.getpixel((0, 0)))
    frames = [seven_on_white(mode="RGB"), Image.new("RGB", (400, 400), (255, 255, 255))]
    frames[0].save(add("animated.gif", 7), save_all=True, append_images=frames[1:], duration=200, loop=0)
    upright = paper_photo(7, size=(900, 1200), seed=5)
    exif = Image.Exif()
    exif[0x0112] = 8  # "rotate 90 degrees counter-clockwise to view"
    upright.transpose(Image.Transpose.ROTATE_270).save(add("exif_rotated.jpg", 7), exif=exif.tobytes(), quality=90)
    seven_on_white(mode="RGBA").save(add("opaque_alpha.png", 7))
    return cases


def scribble(seed: int = 0, size: int = 800) -> np.ndarray:
    """A random tangle of strokes on a transparent layer: not a digit."""
    rng = np.random.default_rng(seed)
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    points = [tuple(p) for p in rng.uniform(0.15 * size, 0.85 * size, (14, 2))]
    draw_strokes(ImageDraw.Draw(layer), [points], 22, (0, 0, 0, 255))
    return np.asarray(layer)
