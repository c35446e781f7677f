"""Stage 4, MNIST geometry: crop -> stroke width like MNIST's -> long side in 20 x 20 -> centre of mass.

    from mnist_demo.preprocess.geometry import normalise_strokes, fit_to_mnist
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

from ..config import DIGIT_BOX, IMAGE_SIZE
from .arrays import block_max
from .reading import MIN_CONTRAST, EmptyImageError

SUPERSAMPLE = 4  # strokes are normalised with the digit's long side at DIGIT_BOX * SUPERSAMPLE
WIDTH_RATIO = 0.135  # MNIST median of (2 * area / perimeter) / long side, measured on x_train
THIN_LIMIT = 0.85  # strokes thinner than this share of the MNIST width are thickened ...
THICK_LIMIT = 1.6  # ... thicker than this share are thinned
THIN_INK_LEVEL = 0.5  # thin lines at or above this (after resampling) count as full ink
DOT_RATIO = 2.6  # a "digit" whose long side is under this many stroke widths is a dot


def stroke_width(mask: np.ndarray) -> float:
    area = float(mask.sum())
    perimeter = float((mask & ~ndimage.binary_erosion(mask)).sum())
    return 2.0 * area / max(perimeter, 1.0)



def normalise_strokes(digit: np.ndarray, max_aspect: float | None = None, thin: bool = True) -> np.ndarray:
    """Resample the cropped digit to a long side of DIGIT_BOX * SUPERSAMPLE and bring its stroke
    width towards MNIST's (thin mouse lines thickened, marker strokes thinned; with ``thin=False``
    nothing is thinned: a thumbnail's strokes are a pixel or two, and what looks thick there is
    the pixel grid and the blur, not the pen).

    With ``max_aspect`` (a part that may hold several digits side by side) the *height* is brought to
    DIGIT_BOX * SUPERSAMPLE instead, the width to at most ``max_aspect`` times that.
    """
    target_side = DIGIT_BOX * SUPERSAMPLE
    height, width = digit.shape
    long_side = max(height, width) if max_aspect is None else max(height, width / max_aspect)
    factor = max(1, int(long_side // (2 * target_side)))
    small = block_max(digit, factor) if factor > 1 else digit  # keeps 1-pixel lines
    if max_aspect is None:
        scale = target_side / max(small.shape)
    else:
        scale = min(target_side / small.shape[0], max_aspect * target_side / small.shape[1])
    size = (max(1, round(small.shape[1] * scale)), max(1, round(small.shape[0] * scale)))
    resized = np.asarray(Image.fromarray(small.astype(np.float32), mode="F").resize(size, Image.BILINEAR))
    resized = np.clip(resized / max(float(resized.max()), 1e-6), 0.0, 1.0)
    mask = resized > 0.5
    width_px = stroke_width(mask)
    target_width = WIDTH_RATIO * target_side
    if max(mask.shape) < DOT_RATIO * width_px and min(mask.shape) > 0.5 * max(mask.shape):
        raise EmptyImageError("That looks like a dot, not a digit: draw a whole digit.")
    if width_px < THIN_LIMIT * target_width:
        radius = (target_width - width_px) / 2.0
        pad = int(np.ceil(radius)) + 1
        saturated = np.clip(resized / THIN_INK_LEVEL, 0.0, 1.0)  # faint 1-pixel lines become full ink
        resized = ndimage.grey_dilation(np.pad(saturated, pad), footprint=_disk(radius))
    elif thin and width_px > THICK_LIMIT * target_width:
        radius = min((width_px - target_width) / 2.0, width_px / 4.0)
        eroded = ndimage.grey_erosion(resized, footprint=_disk(radius))
        if eroded.sum() > 0.25 * resized.sum():
            resized = eroded
    return resized



def _disk(radius: float) -> np.ndarray:
    r = max(1, round(radius))
    y, x = np.ogrid[-r : r + 1, -r : r + 1]
    return x * x + y * y <= radius * radius + 0.5



def fit_to_mnist(digit: np.ndarray) -> np.ndarray:
    """Crop (float, digit = high) -> (28, 28): long side fitted into 20, centred by mass."""
    return fit_to_frame(digit)


def fit_to_frame(digit: np.ndarray, box: tuple[int, int] = (DIGIT_BOX, DIGIT_BOX),
                 frame: tuple[int, int] = (IMAGE_SIZE, IMAGE_SIZE)) -> np.ndarray:
    """Crop (float, ink = high) -> ``frame``: the ink's box scaled to fit ``box`` (rows, cols), aspect
    kept, area-averaged, its centre of mass at the frame's centre, brightest ink 1. Raises
    EmptyImageError when there is no ink."""
    rows, cols = np.flatnonzero(digit.max(axis=1) > 0.05), np.flatnonzero(digit.max(axis=0) > 0.05)
    if rows.size == 0:
        raise EmptyImageError("No digit found.")
    digit = digit[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    scale = min(box[0] / digit.shape[0], box[1] / digit.shape[1])
    size = (max(1, round(digit.shape[1] * scale)), max(1, round(digit.shape[0] * scale)))
    fitted = np.asarray(Image.fromarray(digit.astype(np.float32), mode="F").resize(size, Image.BOX))
    fitted = np.clip(fitted, 0.0, None)
    if float(fitted.sum()) <= 0:
        raise EmptyImageError("No digit found.")
    centre_y, centre_x = ndimage.center_of_mass(fitted)
    out = np.zeros(frame, np.float32)
    top = min(max(round(frame[0] / 2 - 0.5 - centre_y), 0), frame[0] - fitted.shape[0])
    left = min(max(round(frame[1] / 2 - 0.5 - centre_x), 0), frame[1] - fitted.shape[1])
    out[top : top + fitted.shape[0], left : left + fitted.shape[1]] = fitted
    return np.clip(out / max(float(out.max()), 1e-6), 0.0, 1.0)



def is_mnist_like(gray: np.ndarray) -> bool:
    """Already MNIST geometry: 28x28, dark background, digit fitted in 20x20 and centred by mass."""
    if gray.shape != (IMAGE_SIZE, IMAGE_SIZE) or float(np.median(gray)) >= MIN_CONTRAST or gray.max() <= 0:
        return False
    rows, cols = np.flatnonzero(gray.max(axis=1) > MIN_CONTRAST), np.flatnonzero(gray.max(axis=0) > MIN_CONTRAST)
    side = max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
    centre = np.array(ndimage.center_of_mass(gray))
    return DIGIT_BOX - 3 <= side <= DIGIT_BOX + 1 and bool(np.all(np.abs(centre - (IMAGE_SIZE - 1) / 2) <= 1.5))
