"""Preprocessing: any drawing or photo of a digit -> a 28x28 MNIST-style image.

    from mnist_demo import to_mnist
    x = to_mnist("photo.jpg")   # (28, 28) float32 in [0, 1], white digit on black

MNIST geometry: the digit's longest side is fitted into a 20x20 box (aspect kept, anti-aliased)
and its centre of mass sits at the centre of the 28x28 frame. Steps:

1. Read the input (PIL image, numpy array, file path, Gradio Sketchpad / ImageEditor value),
   honouring EXIF orientation and downscaling big photos early (JPEG draft mode).
2. Get an *ink map* (digit = high): from the alpha channel of a drawn layer, or, for photos and
   flat images, as the colour distance from a locally estimated background (shadows, gradients
   and the polarity are handled by the estimate, not by a fixed assumption).
3. Keep the digit: threshold, connected components, drop specks, ruled/grid lines and borders.
4. Crop, normalise the stroke width towards MNIST's, fit into 20x20, centre by mass in 28x28.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps
from scipy import ndimage

from .config import DIGIT_BOX, IMAGE_SIZE, MAX_PIXEL

# Reading
MAX_INPUT_PIXELS = 60_000_000  # larger declared sizes are refused (decompression bombs)
WORK_SIDE = 384  # photos are analysed with their long side at most this many pixels
DRAFT_SIDE = 2 * WORK_SIDE  # JPEG decoding is asked for at least this size (DCT scaling)
BIG_PICTURE_PIXELS = 16_000_000  # decoding more takes hundreds of MB (PNG, WebP ... cannot decode small) ...
BIG_DECODES_AT_ONCE = 2  # ... so only this many such pictures are decoded at the same time
MASK_SIDE = 160  # clean ink maps (canvas layers) are labelled at this resolution

# Ink detection
MIN_CONTRAST = 0.10  # ink must differ from its background by at least this (0..1 scale)
ALPHA_INK = 0.25  # alpha above this counts as drawn ink
BACKGROUND_SIDE = 48  # the local background is estimated on a grid of about this size ...
BACKGROUND_WINDOW = 7  # ... with a median over this many grid cells (photos: light and shadows)
BORDER_FRACTION = 0.06  # the outer ring of the picture is mostly background; ...
FLAT_SPREAD = 0.08  # ... when its brightness varies less than this, the background is one colour
INK_TAIL = 99.7  # percentile of the departures from the paper that decides the ink's polarity
LINE_FRACTION = 0.6  # rows of ink longer than this fraction of the image are ruled lines ...
LINE_ANGLES = np.arange(-8.0, 8.5, 1.0)  # ... looked for at these rotations (a tilted photo)
LINE_MAX_THICKNESS = 0.03  # lines are thinner than this fraction of the image side
INK_FRACTION_OF_PEAK = 0.3  # ink is at least this share of the strongest ink (faint lines are not)
MAX_INK_FRACTION = 0.35  # more "ink" than this is noise or a picture, not a digit

# Digit selection
MIN_COMPONENT_FRACTION = 0.06  # parts smaller than this share of the main part are specks ...
NEAR_DISTANCE = 0.35  # ... unless they are this close (fraction of the digit size): 5's hat, 4's bar
THIN_PART_RATIO = 0.55  # nearby parts drawn much thinner than the digit are lines, not strokes
MIN_DIGIT_SIDE = 4  # mask pixels; smaller digits are unreadable

# MNIST geometry and stroke width
SUPERSAMPLE = 4  # strokes are normalised with the digit's long side at DIGIT_BOX * SUPERSAMPLE
WIDTH_RATIO = 0.135  # MNIST median of (2 * area / perimeter) / long side, measured on x_train
THIN_LIMIT = 0.85  # strokes thinner than this share of the MNIST width are thickened ...
THICK_LIMIT = 1.6  # ... thicker than this share are thinned
THIN_INK_LEVEL = 0.5  # thin lines at or above this (after resampling) count as full ink
DOT_RATIO = 2.6  # a "digit" whose long side is under this many stroke widths is a dot

Image.MAX_IMAGE_PIXELS = MAX_INPUT_PIXELS  # keep Pillow's bomb guard on, at our limit


TOO_LARGE = f"The image is too large to read safely (over {MAX_INPUT_PIXELS // 1_000_000} megapixels)."


class EmptyImageError(ValueError):
    """There is no digit to read: an empty canvas, a uniform image, only noise or a dot."""


# 1. Reading ---------------------------------------------------------------------------------

def _open_image(source: str | os.PathLike | bytes) -> Image.Image:
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


def _load_pil(image: Image.Image) -> Image.Image:
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


def _to_float_array(array: np.ndarray) -> np.ndarray:
    """Any numeric array -> float32 in [0, 1], channels last, (H, W, C)."""
    array = np.asarray(array)
    if array.dtype == object or array.size == 0:
        raise ValueError("Expected an image array with numbers, got an empty or object array.")
    if array.ndim == 2:
        array = array[..., None]
    if array.ndim != 3 or array.shape[-1] not in (1, 2, 3, 4):
        raise ValueError(f"Expected an image of shape (H, W), (H, W, 3) or (H, W, 4), got {array.shape}.")
    if array.shape[-1] == 2:  # grey + alpha
        array = np.concatenate([array[..., :1]] * 3 + [array[..., 1:]], axis=-1)
    if array.dtype == np.bool_:
        return array.astype(np.float32)
    if np.issubdtype(array.dtype, np.integer):
        peak = 65535.0 if array.dtype.itemsize > 1 and array.max() > MAX_PIXEL else MAX_PIXEL
        converted = array.astype(np.float32)
        converted *= 1.0 / peak
        return converted
    array = np.nan_to_num(array.astype(np.float32))
    return array / MAX_PIXEL if array.max() > 1.0 else np.clip(array, 0.0, 1.0)


def _layer_alpha(layer: Any) -> np.ndarray | None:
    """Alpha channel of one Sketchpad layer (uint8 0..255 or float 0..1); None when it has none."""
    if isinstance(layer, (str, os.PathLike)):
        layer = _load_pil(_open_image(layer))
    if isinstance(layer, Image.Image):
        if "A" not in layer.getbands():
            return None
        return np.asarray(layer.getchannel("A"))
    array = np.asarray(layer)
    if array.ndim != 3 or array.shape[-1] != 4:
        return None
    alpha = array[..., 3]
    return alpha if alpha.dtype == np.uint8 else _to_float_array(alpha)[..., 0]


def _is_uniform(array: np.ndarray | None) -> bool:
    if array is None:
        return True
    array = _to_float_array(np.asarray(array.convert("RGB") if isinstance(array, Image.Image) else array))
    return float(np.ptp(array[..., :3])) < MIN_CONTRAST


def read_image(image: Any) -> np.ndarray:
    """Any supported input -> float32 (H, W, C) in [0, 1] with C in (1, 3, 4)."""
    if image is None:
        raise EmptyImageError("There is no image: draw a digit or upload a photo.")
    if isinstance(image, (str, os.PathLike, bytes)):
        image = _load_pil(_open_image(image))
    elif isinstance(image, Image.Image):
        image = _load_pil(image)
    if isinstance(image, Image.Image):
        if image.mode == "RGBA" and image.getchannel("A").getextrema()[0] == MAX_PIXEL:
            image = image.convert("RGB")  # an alpha channel that hides nothing
        if image.mode in ("L", "RGB") and max(image.size) > WORK_SIDE:
            image = image.reduce(int(np.ceil(max(image.size) / WORK_SIDE)))  # photos are analysed small
        return _to_float_array(np.asarray(image))
    return _to_float_array(image)


# 2. Ink maps --------------------------------------------------------------------------------

def _alpha_has_ink(rgba: np.ndarray) -> bool:
    alpha = rgba[..., 3]
    return float(alpha.min()) < 1.0 - MIN_CONTRAST  # some transparency: the alpha carries the drawing


def ink_from_sketchpad(value: dict) -> tuple[np.ndarray, bool]:
    """Ink map of a Gradio Sketchpad / ImageEditor value; True when it is a clean drawn layer."""
    alphas = [alpha for alpha in map(_layer_alpha, value.get("layers") or []) if alpha is not None]
    if alphas:
        alpha = alphas[0] if len(alphas) == 1 else np.max(np.stack(alphas), axis=0)
        if float(alpha.max()) >= ALPHA_INK * _peak(alpha):
            return alpha, True
        if _is_uniform(value.get("background")):
            raise EmptyImageError("The canvas is empty: draw a digit.")
    for key in ("background", "composite"):  # an uploaded picture in an ImageEditor
        if value.get(key) is not None and not _is_uniform(value[key]):
            return ink_from_image(read_image(value[key]))
    raise EmptyImageError("The canvas is empty: draw a digit.")


def _downscale(array: np.ndarray, side: int) -> np.ndarray:
    """Area-average so that the long side is at most ``side`` (integer factor, strided sums: cheap)."""
    factor = int(np.ceil(max(array.shape[:2]) / side))
    if factor <= 1:
        return array
    height, width = (array.shape[0] // factor) * factor, (array.shape[1] // factor) * factor
    array = array[:height, :width]
    rows = array[0::factor].copy()
    for offset in range(1, factor):
        rows += array[offset::factor]
    blocks = rows[:, 0::factor].copy()
    for offset in range(1, factor):
        blocks += rows[:, offset::factor]
    return blocks / (factor * factor)


def _block_max(array: np.ndarray, factor: int) -> np.ndarray:
    """Max over factor x factor blocks (thin lines survive the downscale)."""
    if factor <= 1:
        return array
    height = -(-array.shape[0] // factor) * factor
    width = -(-array.shape[1] // factor) * factor
    if (height, width) != array.shape:
        padded = np.zeros((height, width), array.dtype)
        padded[: array.shape[0], : array.shape[1]] = array
        array = padded
    rows = array[0::factor]
    for offset in range(1, factor):  # strided element-wise maxima: much faster than axis reductions
        rows = np.maximum(rows, array[offset::factor])
    blocks = rows[:, 0::factor]
    for offset in range(1, factor):
        blocks = np.maximum(blocks, rows[:, offset::factor])
    return blocks


def _resize_channels(array: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Bilinear resize of a float (H, W, C) array to ``shape`` (rows, cols), one channel at a time."""
    size = (shape[1], shape[0])
    return np.stack([np.asarray(Image.fromarray(np.ascontiguousarray(array[..., c]), mode="F").resize(size, Image.BILINEAR))
                     for c in range(array.shape[-1])], axis=-1)


def _channel_mean(array: np.ndarray) -> np.ndarray:
    """Mean over the last (channel) axis; summing the few channel planes beats ``mean(axis=-1)``."""
    total = array[..., 0].copy()
    for channel in range(1, array.shape[-1]):
        total += array[..., channel]
    return total * (1.0 / array.shape[-1])


def _border_ring(array: np.ndarray) -> np.ndarray:
    ring = max(1, int(BORDER_FRACTION * min(array.shape[:2])))
    return np.concatenate([array[:ring].reshape(-1, *array.shape[2:]), array[-ring:].reshape(-1, *array.shape[2:]),
                           array[:, :ring].reshape(-1, *array.shape[2:]), array[:, -ring:].reshape(-1, *array.shape[2:])])


def _background(rgb: np.ndarray) -> np.ndarray:
    """Per-channel paper colour around each pixel.

    A flat picture (an exported drawing, a scan: its border has one colour) has one background
    colour, so bold strokes of any width stay ink. A photo gets a local estimate: a median over a
    coarse grid, smoothly upsampled, which follows light gradients and shadows.
    """
    ring = _border_ring(rgb)
    ring_luminance = _channel_mean(ring)
    low, high = np.percentile(ring_luminance, [10, 90])
    if high - low < FLAT_SPREAD:
        return np.broadcast_to(np.median(ring, axis=0).astype(np.float32), rgb.shape)
    coarse = _downscale(rgb, BACKGROUND_SIDE)
    window = min(BACKGROUND_WINDOW, max(3, min(coarse.shape[:2]) | 1))
    smooth = ndimage.median_filter(coarse, size=(window, window, 1), mode="nearest")
    smooth = ndimage.uniform_filter(smooth, size=(3, 3, 1), mode="nearest")
    return _resize_channels(smooth.astype(np.float32), rgb.shape[:2])


def ink_from_image(array: np.ndarray) -> tuple[np.ndarray, bool]:
    """Ink map of a picture; uses the alpha channel when it carries the drawing."""
    if array.shape[-1] == 4:
        if _alpha_has_ink(array):
            alpha = array[..., 3]
            if float(alpha.max()) < ALPHA_INK or float(np.ptp(alpha)) < MIN_CONTRAST:
                raise EmptyImageError("The image is fully transparent: there is no digit.")
            colour = array[..., :3]
            visible = alpha > ALPHA_INK
            # A drawing on a transparent layer: ink is the opaque part, unless the opaque part is a
            # whole picture (paper photo with transparent margins), which we then read as a photo.
            if visible.mean() < MAX_INK_FRACTION or float(np.ptp(colour[visible])) < MIN_CONTRAST:
                return alpha, True
            flattened = colour * alpha[..., None] + (1.0 - alpha[..., None]) * np.median(colour[visible], axis=0)
            return ink_from_image(flattened)
        array = array[..., :3]
    rgb = _downscale(array, WORK_SIDE) if max(array.shape[:2]) > WORK_SIDE else array
    if rgb.shape[-1] == 1:
        rgb = np.repeat(rgb, 3, axis=-1)
    if float(np.ptp(rgb)) < MIN_CONTRAST:
        raise EmptyImageError("The image is uniform: there is no digit to read.")
    background = _background(rgb)
    difference = rgb - background
    lightness = _channel_mean(difference)  # > 0: lighter than the paper around it
    distance = np.sqrt(_channel_mean(difference * difference))
    # Polarity from the picture: ink is the side with the strongest departures from the paper.
    darkest, lightest = np.percentile(lightness, [100.0 - INK_TAIL, INK_TAIL])
    darker = -float(darkest) >= float(lightest)
    ink = np.where((lightness < 0) == darker, distance, 0.0).astype(np.float32)
    return ink, False


# 3. Selecting the digit ---------------------------------------------------------------------

def _otsu_threshold(values: np.ndarray) -> float:
    histogram, edges = np.histogram(values, bins=64, range=(0.0, float(values.max()) + 1e-6))
    centres = (edges[:-1] + edges[1:]) / 2
    weight = np.cumsum(histogram)
    total = weight[-1]
    mean = np.cumsum(histogram * centres)
    between = (mean[-1] * weight - total * mean) ** 2 / np.maximum(weight * (total - weight), 1e-9)
    return float(centres[int(np.argmax(between[:-1]))])


def _line_rows(mask: np.ndarray, length: int, thickness: int) -> np.ndarray:
    """Rows of ``mask`` that belong to long, thin horizontal lines (a digit's strokes excluded)."""
    long_rows = mask.sum(axis=1) >= length
    lines = np.zeros_like(mask)
    if not long_rows.any():
        return lines
    labels, count = ndimage.label(long_rows)
    for band in ndimage.find_objects(labels):
        top, bottom = band[0].start, band[0].stop
        if bottom - top > thickness:
            continue  # a thick band is a border or a shadow edge, handled elsewhere
        above = mask[max(top - 2, 0)] if top >= 2 else np.zeros(mask.shape[1], bool)
        below = mask[min(bottom + 1, mask.shape[0] - 1)] if bottom + 1 < mask.shape[0] else np.zeros(mask.shape[1], bool)
        crossing = ndimage.binary_dilation(above & below, iterations=2)  # a stroke passing through the line
        lines[top:bottom] = mask[top:bottom] & ~crossing[None, :]
    return lines


def _line_angle(mask: np.ndarray) -> float:
    """The angle in LINE_ANGLES (degrees, counter-clockwise) that puts most ink into a few long rows or columns.

    The ink pixels' coordinates are turned and counted per row and column (a projection), which
    is what rotating the picture and summing its rows gives, without drawing the rotated picture.
    """
    rows, cols = np.nonzero(mask)
    if rows.size == 0:
        return 0.0
    y = rows - (mask.shape[0] - 1) / 2.0
    x = cols - (mask.shape[1] - 1) / 2.0
    best, best_angle = 0, 0.0
    for angle in LINE_ANGLES:
        sin, cos = np.sin(np.deg2rad(angle)), np.cos(np.deg2rad(angle))
        turned_rows = np.rint(y * cos - x * sin).astype(np.int64)
        turned_cols = np.rint(x * cos + y * sin).astype(np.int64)
        row_counts = np.bincount(turned_rows - turned_rows.min())
        col_counts = np.bincount(turned_cols - turned_cols.min())
        score = int(np.sort(row_counts)[-3:].sum() + np.sort(col_counts)[-3:].sum())
        if score > best:
            best, best_angle = score, float(angle)
    return best_angle


def _remove_lines(mask: np.ndarray) -> np.ndarray:
    """Drop ruled or grid lines, also in a slightly rotated photo, keeping strokes that cross them.

    The mask is turned by each of LINE_ANGLES; at the angle where most ink lies in long rows
    (or columns), those thin rows are lines. They are removed and turned back.
    """
    height, width = mask.shape
    image = Image.fromarray(mask.astype(np.uint8) * 255)
    best_angle = _line_angle(_block_max(mask, 2))  # the angle search runs at half size
    turned = np.asarray(image.rotate(best_angle, resample=Image.NEAREST, expand=True)) > 0
    thickness = max(2, int(LINE_MAX_THICKNESS * max(height, width)))
    lines = _line_rows(turned, int(LINE_FRACTION * width), thickness)
    lines |= _line_rows(turned.T, int(LINE_FRACTION * height), thickness).T
    if not lines.any():
        return mask
    lines = ndimage.binary_dilation(lines, iterations=1)
    back = Image.fromarray(lines.astype(np.uint8) * 255).rotate(-best_angle, resample=Image.NEAREST, expand=True)
    top, left = (back.height - height) // 2, (back.width - width) // 2
    removed = np.asarray(back)[top : top + height, left : left + width] > 0
    return mask & ~removed


def select_digit(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of the digit: the main part plus nearby parts; specks and edge clutter dropped."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3), bool))
    if count == 0:
        raise EmptyImageError("No digit found: draw or photograph a single digit.")
    index = np.arange(1, count + 1)
    mass = ndimage.sum_labels(weights if weights is not None else mask, labels, index)
    boxes = ndimage.find_objects(labels)
    height, width = mask.shape
    scores = mass.astype(np.float64).copy()
    for i, box in enumerate(boxes):
        touches = box[0].start == 0 or box[1].start == 0 or box[0].stop == height or box[1].stop == width
        box_h, box_w = box[0].stop - box[0].start, box[1].stop - box[1].start
        fill = mass[i] / max(1, box_h * box_w)
        if touches and (box_h > 0.9 * height or box_w > 0.9 * width):
            scores[i] *= 0.05  # a border, table edge or shadow, not the digit
        elif touches:
            scores[i] *= 0.5
        if fill > 0.85 and box_h * box_w > 0.05 * height * width:
            scores[i] *= 0.1  # a solid blob (a thumb, a sticker), not a stroke
    main = int(np.argmax(scores))
    main_box = boxes[main]
    size = max(main_box[0].stop - main_box[0].start, main_box[1].stop - main_box[1].start)
    margin = NEAR_DISTANCE * size
    keep = [main + 1]
    main_width = None
    for i, box in enumerate(boxes):
        if i == main or mass[i] < MIN_COMPONENT_FRACTION * mass[main]:
            continue
        gap_y = max(main_box[0].start - box[0].stop, box[0].start - main_box[0].stop, 0)
        gap_x = max(main_box[1].start - box[1].stop, box[1].start - main_box[1].stop, 0)
        if max(gap_y, gap_x) > margin or scores[i] < 0.5 * mass[i]:
            continue
        if main_width is None:
            main_width = _stroke_width(labels[main_box] == main + 1)
        if _stroke_width(labels[box] == i + 1) >= THIN_PART_RATIO * main_width:  # thinner: a ruled line
            keep.append(i + 1)
    return np.isin(labels, keep)


def ink_mask(ink: np.ndarray, clean: bool) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """Threshold an ink map: ``(ink, mask, factor, weights)``.

    ``mask`` marks ink at 1/``factor`` of the ink map's resolution (clean canvas layers are
    labelled small for speed); ``weights`` is the ink strength in [0, 1] at that resolution. For photos the returned ink is renormalised to its own strength
    (soft strokes in [0, 1]) with ruled lines, borders and noise below the threshold removed.
    """
    if clean:
        factor = max(1, int(np.ceil(max(ink.shape) / MASK_SIDE)))
        small = _block_max(ink, factor)
        mask = small > ALPHA_INK * _peak(ink)
        if not mask.any():
            raise EmptyImageError("The canvas is empty: draw a digit.")
        return ink, mask, factor, small.astype(np.float32) / _peak(ink)
    if float(ink.max()) < MIN_CONTRAST:
        raise EmptyImageError("The image has no visible digit (too little contrast).")
    smooth = ndimage.uniform_filter(ink, size=3)
    threshold = max(_otsu_threshold(smooth), 0.5 * MIN_CONTRAST,
                    INK_FRACTION_OF_PEAK * float(np.percentile(smooth, 99.9)))
    mask = _remove_lines(smooth > threshold)
    if mask.mean() > MAX_INK_FRACTION:
        raise EmptyImageError("No clear digit found: the image looks like noise or a full picture.")
    if not mask.any():
        raise EmptyImageError("No clear digit found.")
    strength = float(np.percentile(ink[mask], 90))
    soft = np.clip((ink - 0.5 * threshold) / max(strength - 0.5 * threshold, 1e-6), 0.0, 1.0)
    soft = (soft * ndimage.binary_dilation(mask, iterations=1)).astype(np.float32)
    return soft, mask, 1, soft * mask


def crop_part(ink: np.ndarray, mask: np.ndarray, part: np.ndarray, factor: int) -> tuple[np.ndarray, tuple[slice, slice]]:
    """The ink of ``part`` (a boolean mask at mask resolution) cropped to its box, other marks zeroed."""
    rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
    if max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 < MIN_DIGIT_SIDE:
        raise EmptyImageError("The mark is too small to be a digit: draw it bigger.")
    box = (slice(rows[0] * factor, (rows[-1] + 1) * factor), slice(cols[0] * factor, (cols[-1] + 1) * factor))
    crop = ink[box].astype(np.float32) / _peak(ink)
    inside = part[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    if not inside.all() and (mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1] & ~inside).any():
        grown = inside if factor > 1 else ndimage.binary_dilation(inside, iterations=1)
        keep = np.repeat(np.repeat(grown, factor, axis=0), factor, axis=1)[: crop.shape[0], : crop.shape[1]]
        crop = np.where(keep, crop, 0.0)  # specks or other marks inside the digit's box
    return crop, box


def _digit_box(ink: np.ndarray, clean: bool) -> tuple[np.ndarray, tuple[slice, slice]]:
    """Ink map restricted to the digit, and the digit's bounding box in ``ink`` coordinates."""
    ink, mask, factor, weights = ink_mask(ink, clean)
    return crop_part(ink, mask, select_digit(mask, weights), factor)


def _peak(array: np.ndarray) -> float:
    return MAX_PIXEL if array.dtype == np.uint8 else 1.0


# 4. MNIST geometry --------------------------------------------------------------------------

def _stroke_width(mask: np.ndarray) -> float:
    area = float(mask.sum())
    perimeter = float((mask & ~ndimage.binary_erosion(mask)).sum())
    return 2.0 * area / max(perimeter, 1.0)


def normalise_strokes(digit: np.ndarray) -> np.ndarray:
    """Resample the cropped digit to a long side of DIGIT_BOX * SUPERSAMPLE and bring its stroke
    width towards MNIST's (thin mouse lines thickened, marker strokes thinned)."""
    target_side = DIGIT_BOX * SUPERSAMPLE
    height, width = digit.shape
    factor = max(1, int(max(height, width) // (2 * target_side)))
    small = _block_max(digit, factor) if factor > 1 else digit  # keeps 1-pixel lines
    scale = target_side / max(small.shape)
    size = (max(1, round(small.shape[1] * scale)), max(1, round(small.shape[0] * scale)))
    resized = np.asarray(Image.fromarray(small.astype(np.float32), mode="F").resize(size, Image.BILINEAR))
    resized = np.clip(resized / max(float(resized.max()), 1e-6), 0.0, 1.0)
    mask = resized > 0.5
    width_px = _stroke_width(mask)
    target_width = WIDTH_RATIO * target_side
    if max(mask.shape) < DOT_RATIO * width_px and min(mask.shape) > 0.5 * max(mask.shape):
        raise EmptyImageError("That looks like a dot, not a digit: draw a whole digit.")
    if width_px < THIN_LIMIT * target_width:
        radius = (target_width - width_px) / 2.0
        pad = int(np.ceil(radius)) + 1
        saturated = np.clip(resized / THIN_INK_LEVEL, 0.0, 1.0)  # faint 1-pixel lines become full ink
        resized = ndimage.grey_dilation(np.pad(saturated, pad), footprint=_disk(radius))
    elif width_px > THICK_LIMIT * target_width:
        radius = min((width_px - target_width) / 2.0, width_px / 4.0)
        eroded = ndimage.grey_erosion(resized, footprint=_disk(radius))
        if eroded.sum() > 0.25 * resized.sum():
            resized = eroded
    return resized


def _disk(radius: float) -> np.ndarray:
    r = max(1, int(round(radius)))
    y, x = np.ogrid[-r : r + 1, -r : r + 1]
    return x * x + y * y <= radius * radius + 0.5


def fit_to_mnist(digit: np.ndarray) -> np.ndarray:
    """Crop (float, digit = high) -> (28, 28): long side fitted into 20, centred by mass."""
    rows, cols = np.flatnonzero(digit.max(axis=1) > 0.05), np.flatnonzero(digit.max(axis=0) > 0.05)
    if rows.size == 0:
        raise EmptyImageError("No digit found.")
    digit = digit[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    scale = DIGIT_BOX / max(digit.shape)
    size = (max(1, round(digit.shape[1] * scale)), max(1, round(digit.shape[0] * scale)))
    box = np.asarray(Image.fromarray(digit.astype(np.float32), mode="F").resize(size, Image.BOX))
    box = np.clip(box, 0.0, None)
    total = float(box.sum())
    if total <= 0:
        raise EmptyImageError("No digit found.")
    centre_y, centre_x = ndimage.center_of_mass(box)
    frame = np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.float32)
    top = int(round(IMAGE_SIZE / 2 - 0.5 - centre_y))
    left = int(round(IMAGE_SIZE / 2 - 0.5 - centre_x))
    top = min(max(top, 0), IMAGE_SIZE - box.shape[0])
    left = min(max(left, 0), IMAGE_SIZE - box.shape[1])
    frame[top : top + box.shape[0], left : left + box.shape[1]] = box
    return np.clip(frame / max(float(frame.max()), 1e-6), 0.0, 1.0)


def _is_mnist_like(gray: np.ndarray) -> bool:
    """Already MNIST geometry: 28x28, dark background, digit fitted in 20x20 and centred by mass."""
    if gray.shape != (IMAGE_SIZE, IMAGE_SIZE) or float(np.median(gray)) >= MIN_CONTRAST or gray.max() <= 0:
        return False
    rows, cols = np.flatnonzero(gray.max(axis=1) > MIN_CONTRAST), np.flatnonzero(gray.max(axis=0) > MIN_CONTRAST)
    side = max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
    centre = np.array(ndimage.center_of_mass(gray))
    return DIGIT_BOX - 3 <= side <= DIGIT_BOX + 1 and bool(np.all(np.abs(centre - (IMAGE_SIZE - 1) / 2) <= 1.5))


# Public API ---------------------------------------------------------------------------------

def to_mnist(image: Any) -> np.ndarray:
    """Convert a drawing or photo to a (28, 28) float32 MNIST image in [0, 1], white digit on black.

    Accepts a PIL image, a numpy array ((H, W), (H, W, 3) or (H, W, 4); uint8, uint16 or float),
    a file path or bytes, or a Gradio 6 Sketchpad / ImageEditor value
    (``{"background", "layers", "composite"}``). Raises :class:`EmptyImageError` (a ValueError)
    when there is no digit to read and ``ValueError`` for unreadable input.
    """
    if isinstance(image, dict):
        if not any(key in image for key in ("layers", "background", "composite")):
            raise ValueError("Expected a Sketchpad value with 'background', 'layers' and 'composite'.")
        ink, clean = ink_from_sketchpad(image)
    else:
        array = read_image(image)
        if array.shape[:2] == (IMAGE_SIZE, IMAGE_SIZE) and array.shape[-1] in (1, 3):
            gray = array.mean(axis=-1)
            if _is_mnist_like(gray):  # MNIST input stays as it is
                return (gray / float(gray.max())).astype(np.float32)
        ink, clean = ink_from_image(array)
    digit, _ = _digit_box(ink, clean)
    return fit_to_mnist(normalise_strokes(digit))
