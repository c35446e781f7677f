"""The textbook preprocessing, the baseline the product must never fall below.

    python benchmarks/robustness.py          # the "classic" column

    from mnist_demo_dev.classic import classic_28
    x = classic_28(image)   # (28, 28) float32 in [0, 1], white digit on black

Grey-scale (a Sketchpad value: its layers composited over the background), polarity from the
border median, Otsu threshold of the ink, crop the ink's bounding box, fit the long side into 20x20
(anti-aliased, aspect kept), centre of mass at the centre of 28x28. No other heuristics.
Raises ``ValueError`` when the picture is uniform (nothing to threshold).
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from PIL import Image
from scipy import ndimage
from skimage.filters import threshold_otsu

SIZE, BOX = 28, 20  # MNIST frame and digit box
MIN_RANGE = 1e-3  # a picture whose grey levels span less than this is uniform


def _grey(image: Any) -> np.ndarray:
    """Any input -> float grey (H, W) in [0, 1]; transparency composited over white."""
    if isinstance(image, dict):  # Sketchpad: the layers over the background
        base = Image.fromarray(np.asarray(image["background"], np.uint8)).convert("RGBA")
        for layer in image.get("layers") or []:
            base.alpha_composite(Image.fromarray(np.asarray(layer, np.uint8)).convert("RGBA"))
        image = base
    elif isinstance(image, (bytes, bytearray)):
        image = Image.open(io.BytesIO(image))
    elif not isinstance(image, Image.Image):
        array = np.asarray(image)
        if array.dtype != np.uint8:
            array = np.clip(array * (255.0 if array.max() <= 1 else 1.0), 0, 255).astype(np.uint8)
        image = Image.fromarray(array)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image)
    return np.asarray(image.convert("L"), np.float32) / 255.0


def classic_28(image: Any) -> np.ndarray:
    grey = _grey(image)
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    ink = 1.0 - grey if np.median(border) > 0.5 else grey  # polarity: the border is paper
    if ink.max() - ink.min() < MIN_RANGE:
        raise ValueError("uniform picture")
    mask = ink > threshold_otsu(ink)
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = np.where(mask, ink, 0.0)[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    crop = (crop - crop.min()) / max(crop.max() - crop.min(), MIN_RANGE)
    h, w = crop.shape
    scale = BOX / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = np.asarray(Image.fromarray(crop.astype(np.float32), "F").resize(size, Image.LANCZOS), np.float32)
    out = np.zeros((SIZE, SIZE), np.float32)
    top, left = (SIZE - size[1]) // 2, (SIZE - size[0]) // 2
    out[top:top + size[1], left:left + size[0]] = np.clip(small, 0, 1)
    cy, cx = ndimage.center_of_mass(out)
    return np.clip(ndimage.shift(out, (SIZE / 2 - 0.5 - cy, SIZE / 2 - 0.5 - cx), order=1), 0, 1)
