"""Stage 2, ink maps: where the digit's ink is, as a float map (ink = high), whatever the capture.

    from mnist_demo.preprocess.ink import ink_from_image, ink_from_sketchpad

A drawing's ink is the alpha channel of its drawn layer. A picture's ink is found by separating
the paper from what lies on it: see :func:`ink_from_image`.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from PIL import Image
from scipy import ndimage

from .arrays import channel_mean, downscale, resize_channels
from .reading import (
    MIN_CONTRAST,
    WORK_SIDE,
    EmptyImageError,
    ink_peak,
    is_uniform,
    load_pil,
    open_image,
    read_image,
    to_float_array,
)

ALPHA_INK = 0.25  # alpha above this counts as drawn ink
BACKGROUND_SIDE = 48  # the local background is estimated on a grid of about this size ...
BACKGROUND_WINDOW = 7  # ... with a median over this many grid cells (photos: light and shadows)
BORDER_FRACTION = 0.06  # the outer ring of the picture is mostly background; ...
FLAT_SPREAD = 0.08  # ... when its brightness varies less than this, the background is one colour
INK_TAIL = 99.7  # percentile of the departures from the paper that decides the ink's polarity
MAX_INK_FRACTION = 0.35  # more "ink" than this is noise or a picture, not a digit


def _layer_alpha(layer: Any) -> np.ndarray | None:
    """Alpha channel of one Sketchpad layer (uint8 0..255 or float 0..1); None when it has none."""
    if isinstance(layer, (str, os.PathLike)):
        layer = load_pil(open_image(layer))
    if isinstance(layer, Image.Image):
        if "A" not in layer.getbands():
            return None
        return np.asarray(layer.getchannel("A"))
    array = np.asarray(layer)
    if array.ndim != 3 or array.shape[-1] != 4:
        return None
    alpha = array[..., 3]
    return alpha if alpha.dtype == np.uint8 else to_float_array(alpha)[..., 0]


def _alpha_has_ink(rgba: np.ndarray) -> bool:
    alpha = rgba[..., 3]
    return float(alpha.min()) < 1.0 - MIN_CONTRAST  # some transparency: the alpha carries the drawing


def ink_from_sketchpad(value: dict) -> tuple[np.ndarray, bool]:
    """Ink map of a Gradio Sketchpad / ImageEditor value; True when it is a clean drawn layer."""
    alphas = [alpha for alpha in map(_layer_alpha, value.get("layers") or []) if alpha is not None]
    if alphas:
        alpha = alphas[0] if len(alphas) == 1 else np.max(np.stack(alphas), axis=0)
        if float(alpha.max()) >= ALPHA_INK * ink_peak(alpha):
            return alpha, True
        if is_uniform(value.get("background")):
            raise EmptyImageError("The canvas is empty: draw a digit.")
    for key in ("background", "composite"):  # an uploaded picture in an ImageEditor
        if value.get(key) is not None and not is_uniform(value[key]):
            return ink_from_image(read_image(value[key]))
    raise EmptyImageError("The canvas is empty: draw a digit.")


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
    ring_luminance = channel_mean(ring)
    low, high = np.percentile(ring_luminance, [10, 90])
    if high - low < FLAT_SPREAD:
        return np.broadcast_to(np.median(ring, axis=0).astype(np.float32), rgb.shape)
    coarse = downscale(rgb, BACKGROUND_SIDE)
    window = min(BACKGROUND_WINDOW, max(3, min(coarse.shape[:2]) | 1))
    smooth = ndimage.median_filter(coarse, size=(window, window, 1), mode="nearest")
    smooth = ndimage.uniform_filter(smooth, size=(3, 3, 1), mode="nearest")
    return resize_channels(smooth.astype(np.float32), rgb.shape[:2])


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
    rgb = downscale(array, WORK_SIDE) if max(array.shape[:2]) > WORK_SIDE else array
    if rgb.shape[-1] == 1:
        rgb = np.repeat(rgb, 3, axis=-1)
    if float(np.ptp(rgb)) < MIN_CONTRAST:
        raise EmptyImageError("The image is uniform: there is no digit to read.")
    background = _background(rgb)
    difference = rgb - background
    lightness = channel_mean(difference)  # > 0: lighter than the paper around it
    distance = np.sqrt(channel_mean(difference * difference))
    # Polarity from the picture: ink is the side with the strongest departures from the paper.
    darkest, lightest = np.percentile(lightness, [100.0 - INK_TAIL, INK_TAIL])
    darker = -float(darkest) >= float(lightest)
    ink = np.where((lightness < 0) == darker, distance, 0.0).astype(np.float32)
    return ink, False


def ink_of(image: Any) -> tuple[np.ndarray, bool]:
    """Ink map of a Sketchpad value or of anything :func:`read_image` reads; True for a clean drawn layer."""
    if isinstance(image, dict):
        if not any(key in image for key in ("layers", "background", "composite")):
            raise ValueError("Expected a Sketchpad value with 'background', 'layers' and 'composite'.")
        return ink_from_sketchpad(image)
    return ink_from_image(read_image(image))
