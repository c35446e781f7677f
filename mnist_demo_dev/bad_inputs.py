"""Files a careless or hostile visitor may send, made on the spot; each with what must happen.

    from mnist_demo_dev.bad_inputs import BAD_INPUTS, make_bad_inputs
    files = make_bad_inputs(tmp_path)        # name -> (path, expected)
    BAD_INPUTS["bomb.png"]                   # TOO_LARGE

``expected`` is EMPTY (no digit: ``EmptyImageError``), UNREADABLE (a ``ValueError``, "Could not read
that file"), TOO_LARGE, or the digit the picture shows.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from .files import png_chunk
from .strokes import draw_strokes, paper_photo, pixel_strokes

EMPTY, UNREADABLE, TOO_LARGE = "empty", "unreadable", "too large"

BAD_INPUTS: dict[str, str | int] = {
    "empty.png": UNREADABLE,
    "random_bytes.png": UNREADABLE,
    "text.png": UNREADABLE,
    "truncated.png": UNREADABLE,
    "one_pixel.png": EMPTY,
    "all_white.png": EMPTY,
    "all_black.png": EMPTY,
    "transparent.png": EMPTY,
    "noise.png": EMPTY,
    "huge_12000.png": TOO_LARGE,
    "bomb.png": TOO_LARGE,
    "bomb_70mp.png": TOO_LARGE,  # over our 60 MP, under Pillow's own 2x
    "cmyk.jpg": 7,
    "gray16.png": 7,
    "palette_transparent.png": 7,
    "animated.gif": 7,
    "exif_rotated.jpg": 7,
    "opaque_alpha.png": 7,
}


def decompression_bomb(path: Path, side: int = 100_000) -> None:
    """A few hundred bytes that declare a side x side image."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat)
                     + png_chunk(b"IEND", b""))


def seven_on_white(size: int = 400, mode: str = "L") -> Image.Image:
    """A plain black 7 on white paper, in any Pillow mode."""
    picture = Image.new("L", (size, size), 255)
    draw_strokes(ImageDraw.Draw(picture), pixel_strokes(7, (size * 0.3, size * 0.2, size * 0.7, size * 0.8)),
                 max(2, size // 28), 0)
    return picture.convert(mode)


def _write(path: Path) -> None:
    """Write the bad input named ``path.name`` (one of BAD_INPUTS)."""
    name = path.name
    if name == "empty.png":
        path.write_bytes(b"")
    elif name == "random_bytes.png":
        path.write_bytes(np.random.default_rng(0).bytes(4096))
    elif name == "text.png":
        path.write_text("this is not an image\n" * 20)
    elif name == "truncated.png":
        full = path.with_name("full.png")
        seven_on_white().save(full)
        path.write_bytes(full.read_bytes()[: len(full.read_bytes()) // 2])
    elif name == "one_pixel.png":
        Image.new("RGB", (1, 1), (0, 0, 0)).save(path)
    elif name in ("all_white.png", "all_black.png"):
        Image.new("RGB", (300, 300), (255, 255, 255) if "white" in name else (0, 0, 0)).save(path)
    elif name == "transparent.png":
        Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(path)
    elif name == "noise.png":
        Image.fromarray(np.random.default_rng(1).integers(0, 256, (300, 300, 3), dtype=np.uint8)).save(path)
    elif name == "huge_12000.png":
        Image.new("L", (12000, 12000), 255).save(path, compress_level=1)
    elif name == "bomb.png":
        decompression_bomb(path)
    elif name == "bomb_70mp.png":
        decompression_bomb(path, side=8400)
    elif name == "cmyk.jpg":
        seven_on_white(mode="CMYK").save(path, quality=90)
    elif name == "gray16.png":
        Image.fromarray((np.asarray(seven_on_white(), np.uint16) * 257).astype(np.uint16)).save(path)
    elif name == "palette_transparent.png":
        palette = seven_on_white(mode="RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
        palette.info["transparency"] = palette.getpixel((0, 0))  # the white paper is the transparent colour
        palette.save(path, transparency=palette.getpixel((0, 0)))
    elif name == "animated.gif":
        frames = [seven_on_white(mode="RGB"), Image.new("RGB", (400, 400), (255, 255, 255))]
        frames[0].save(path, save_all=True, append_images=frames[1:], duration=200, loop=0)
    elif name == "exif_rotated.jpg":
        upright = paper_photo(7, size=(900, 1200), seed=5)
        exif = Image.Exif()
        exif[0x0112] = 8  # "rotate 90 degrees counter-clockwise to view"
        upright.transpose(Image.Transpose.ROTATE_270).save(path, exif=exif.tobytes(), quality=90)
    elif name == "opaque_alpha.png":
        seven_on_white(mode="RGBA").save(path)
    else:
        raise ValueError(f"unknown bad input {name!r}")


def make_bad_inputs(folder: Path) -> dict[str, tuple[Path, str | int]]:
    """Write every bad input into ``folder``; name -> (file, expected: EMPTY, UNREADABLE, TOO_LARGE or a digit)."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = {}
    for name, expected in BAD_INPUTS.items():
        _write(folder / name)
        cases[name] = (folder / name, expected)
    return cases
