"""Stage 1, reading: any supported input -> a float (H, W, C) array in [0, 1], bounded in size.

    from mnist_demo.preprocess.reading import read_image
    array = read_image("photo.jpg")   # EXIF applied, first frame, big photos decoded small

Accepts a PIL image, a numpy array, a file path or bytes. Refuses decompression bombs and
pictures over MAX_INPUT_PIXELS with a plain message (``ValueError``); no picture at all raises
:class:`EmptyImageError`.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
from typing import Any

import numpy as np
from PIL import Image, ImageOps

from ..config import MAX_PIXEL

MAX_INPUT_PIXELS = 60_000_000  # larger declared sizes are refused (decompression bombs)
WORK_SIDE = 384  # photos are analysed with their long side at most this many pixels
DRAFT_SIDE = 2 * WORK_SIDE  # JPEG decoding is asked for at least this size (DCT scaling)
BIG_PICTURE_PIXELS = 16_000_000  # decoding more takes hundreds of MB (PNG, WebP ... cannot decode small) ...
BIG_DECODES_AT_ONCE = 2  # ... so only this many such pictures are decoded at the same time
MIN_CONTRAST = 0.10  # ink must differ from its background by at least this (0..1 scale)
MIN_SIDE = 8  # a picture shorter than this on its long side is too small to hold a digit
MIN_THICKNESS = 3  # a picture thinner than this (a 100000 x 1 strip) is a line, not a digit (a tightly
# cropped 1 from a small scan is 4-6 pixels wide) ...
MAX_ASPECT = 30  # ... and so is one more than this many times as long as it is wide
ENLARGED_SIDE = 2048  # pictures up to this long side are checked for an enlargement by repeated pixels ...
SAME_SCALE = 0.05  # ... whose scales across and down agree within this share

Image.MAX_IMAGE_PIXELS = MAX_INPUT_PIXELS  # keep Pillow's bomb guard on, at our limit

TOO_LARGE = f"The image is too large to read safely (over {MAX_INPUT_PIXELS // 1_000_000} megapixels)."


class EmptyImageError(ValueError):
    """There is no digit to read: an empty canvas, a uniform image, only noise or a dot."""


def check_shape(width: int, height: int) -> None:
    """Refuse a picture too small or too thin to hold a digit (EmptyImageError with its size), or over
    MAX_INPUT_PIXELS (ValueError): from its size alone, before anything is decoded or copied."""
    short, long = sorted((int(width), int(height)))
    if short * long > MAX_INPUT_PIXELS:
        raise ValueError(TOO_LARGE)
    if long < MIN_SIDE:
        raise EmptyImageError(f"The picture is {width} × {height} pixels: too small to hold a digit.")
    if short < MIN_THICKNESS or long > MAX_ASPECT * short:
        raise EmptyImageError(f"The picture is {width} × {height} pixels: a line, not a digit (too thin to hold one).")



def open_image(source: str | os.PathLike | bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # the warning, when made an error
        raise ValueError(TOO_LARGE) from None
    except FileNotFoundError:
        raise ValueError(f"No such image file: {source}") from None
    except (OSError, SyntaxError) as error:
        raise ValueError("This file is not an image that can be read (PNG, JPEG, GIF, BMP, WebP ...).") from error
    if image.width * image.height > MAX_INPUT_PIXELS:  # Pillow itself only refuses twice its limit
        raise ValueError(TOO_LARGE)
    return image


_BIG_DECODES = threading.BoundedSemaphore(BIG_DECODES_AT_ONCE)


def load_pil(image: Image.Image) -> Image.Image:
    """First frame, EXIF orientation applied, big JPEGs decoded small, palette/16-bit/CMYK made RGB(A).

    Big pictures are shrunk right after decoding, before anything copies them, and only
    BIG_DECODES_AT_ONCE of them are decoded at a time: memory stays bounded under any uploads.
    """
    try:
        if getattr(image, "n_frames", 1) > 1:
            image.seek(0)
        if image.format == "JPEG" and max(image.size) > DRAFT_SIDE:
            image.draft("RGB", (DRAFT_SIDE, DRAFT_SIDE))
        big = image.width * image.height > BIG_PICTURE_PIXELS
        with _BIG_DECODES if big else contextlib.nullcontext():
            image.load()
            if max(image.size) > 2 * DRAFT_SIDE:  # cheap early downscale for non-JPEG giants
                image = image.reduce(max(1, max(image.size) // DRAFT_SIDE))
        image = ImageOps.exif_transpose(image)
    except Image.DecompressionBombError:
        raise ValueError(TOO_LARGE) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ValueError("The image file is damaged or truncated and cannot be read.") from error
    if image.width < 1 or image.height < 1:
        raise EmptyImageError("The image is empty.")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        array = np.asarray(image, dtype=np.float32)
        peak = 65535.0 if array.max() > MAX_PIXEL else MAX_PIXEL
        return Image.fromarray((np.clip(array / peak, 0, 1) * MAX_PIXEL).astype(np.uint8))
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode == "La":  # premultiplied grey + alpha: Pillow converts it to LA only
        image = image.convert("LA")
    if image.mode in ("LA", "PA", "RGBa"):
        image = image.convert("RGBA")
    if image.mode not in ("L", "RGB", "RGBA"):
        image = image.convert("RGB")  # CMYK, YCbCr, F, 1, ...
    return image



def to_float_array(array: np.ndarray) -> np.ndarray:
    """Any numeric array -> float32 in [0, 1], channels last, (H, W, C)."""
    array = np.asarray(array)
    if array.dtype == object or array.size == 0:
        raise ValueError("Expected an image array with numbers, got an empty or object array.")
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
            or array.dtype == np.bool_):
        raise ValueError(f"Expected an image array of numbers (uint8, uint16 or float), got {array.dtype}.")
    if array.ndim == 2:
        array = array[..., None]
    if array.ndim != 3 or array.shape[-1] not in (1, 2, 3, 4):
        raise ValueError(f"Expected an image of shape (H, W), (H, W, 3) or (H, W, 4), got {array.shape}.")
    check_shape(array.shape[1], array.shape[0])
    if array.shape[0] * array.shape[1] > MAX_INPUT_PIXELS:  # checked before any copy is made
        raise ValueError(TOO_LARGE)
    if np.issubdtype(array.dtype, np.floating) and not np.isfinite(array).all():
        raise ValueError("The image array holds NaN or infinite values; expected finite numbers.")
    if array.shape[-1] == 2:  # grey + alpha
        array = np.concatenate([array[..., :1]] * 3 + [array[..., 1:]], axis=-1)
    if array.dtype == np.bool_:
        return array.astype(np.float32)
    if np.issubdtype(array.dtype, np.integer):
        peak = 65535.0 if array.dtype.itemsize > 1 and array.max() > MAX_PIXEL else MAX_PIXEL
        converted = array.astype(np.float32)
        converted *= 1.0 / peak
        return converted
    array = array.astype(np.float32, copy=False)  # finite, checked above; both branches below copy
    return array / MAX_PIXEL if array.max() > 1.0 else np.clip(array, 0.0, 1.0)



def is_uniform(array: np.ndarray | None) -> bool:
    if array is None:
        return True
    array = to_float_array(np.asarray(array.convert("RGB") if isinstance(array, Image.Image) else array))
    return float(np.ptp(array[..., :3])) < MIN_CONTRAST



def read_image(image: Any) -> np.ndarray:
    """Any supported input -> float32 (H, W, C) in [0, 1] with C in (1, 3, 4)."""
    if image is None:
        raise EmptyImageError("There is no image: draw a digit or upload a photo.")
    if isinstance(image, (str, os.PathLike, bytes)):
        image = open_image(image)
    if isinstance(image, Image.Image):
        check_shape(*image.size)  # before decoding
        image = load_pil(image)
    if isinstance(image, Image.Image):
        if image.mode == "RGBA" and image.getchannel("A").getextrema()[0] == MAX_PIXEL:
            image = image.convert("RGB")  # an alpha channel that hides nothing
        pixels = np.asarray(image)
        source = undo_enlargement(pixels)
        if source is pixels and image.mode in ("L", "RGB") and max(image.size) > WORK_SIDE:
            source = np.asarray(image.reduce(int(np.ceil(max(image.size) / WORK_SIDE))))  # photos are analysed small
        return to_float_array(source)
    return undo_enlargement(to_float_array(image))


def undo_enlargement(array: np.ndarray) -> np.ndarray:
    """The picture that ``array`` was enlarged from by repeating each pixel (nearest neighbour, 2 times or
    more, the same both ways: a dataset's 8 x 8 digit saved big, a pixel-art export); else ``array``.

    Rows come in runs of identical rows, each run one source row or a few identical ones, and so do
    columns; the runs' lengths give the scale. Nothing is lost (repeating the source's pixels over the
    same runs gives ``array`` back exactly), and every later stage sees the picture's real pixels: an
    enlargement's staircase edges made an 8 x 8 digit look like two touching digits to the number reader.
    """
    height, width = array.shape[:2]
    if max(height, width) > ENLARGED_SIDE:
        return array
    rows, row_scale = _repeats(array, 0)
    if rows is None:  # a photo or a drawing: rows that no other repeats (the columns need no look)
        return array
    cols, col_scale = _repeats(array, 1)
    if cols is None or abs(row_scale - col_scale) > max(1.0, SAME_SCALE * row_scale):
        return array
    if max(len(rows), len(cols)) < MIN_SIDE or min(len(rows), len(cols)) < MIN_THICKNESS:
        return array  # the source would be too small to read: the enlargement is kept
    return array[rows][:, cols]


def _repeats(array: np.ndarray, axis: int) -> tuple[np.ndarray | None, float]:
    """Along ``axis``: one index per source pixel (into ``array``) and the scale, when every run of
    identical rows (columns) is a whole number of source pixels at one scale of 2 or more; else None."""
    size = array.shape[axis]
    differs = array[1:] != array[:-1] if axis == 0 else array[:, 1:] != array[:, :-1]
    changes = differs.any(axis=tuple(other for other in range(array.ndim) if other != axis))
    starts = np.concatenate([[0], np.flatnonzero(changes) + 1])
    runs = np.diff(np.append(starts, size))
    scale = float(runs[runs <= 1.5 * runs.min()].mean())  # runs of one source pixel: the scale's floor or ceil
    if scale < 2:
        return None, scale
    for _ in range(2):  # refined by the whole length: the scale is the length over the source pixels
        counts = np.maximum(np.round(runs / scale).astype(int), 1)
        scale = size / int(counts.sum())
    ends = np.cumsum(counts) * scale  # where each run ends at that scale: within a pixel of where it does
    off = np.abs(np.append(starts[1:], size) - ends)
    if scale < 2 or np.round(runs / scale).sum() != counts.sum() or np.any(off > 1):
        return None, scale
    offsets = np.concatenate([np.arange(count) for count in counts])
    return np.repeat(starts, counts) + np.round(offsets * scale).astype(int), scale


def ink_peak(array: np.ndarray) -> float:
    return MAX_PIXEL if array.dtype == np.uint8 else 1.0
