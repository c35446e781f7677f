"""Small array helpers shared by the stages: cheap integer-factor downscaling, channel means, pixel noise."""

from __future__ import annotations

import numpy as np
from PIL import Image

ROBUST_SIGMA = 1.4826  # median absolute deviation -> standard deviation (normal noise)


def pixel_noise(values: np.ndarray, where: np.ndarray | None = None) -> float:
    """Standard deviation of a map's pixel-to-pixel noise (grain, sensor noise, JPEG, a table's texture),
    from differences of horizontal neighbours (both inside ``where`` when given): their median is
    robust to the few large differences at stroke edges."""
    differences = np.abs(np.diff(values, axis=1))
    if where is not None:
        differences = differences[where[:, 1:] & where[:, :-1]]
    if differences.size == 0:
        return 0.0
    return ROBUST_SIGMA * float(np.median(differences)) / np.sqrt(2.0)


def downscale(array: np.ndarray, side: int) -> np.ndarray:
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


def block_max(array: np.ndarray, factor: int) -> np.ndarray:
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


def resize_channels(array: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Bilinear resize of a float (H, W, C) array to ``shape`` (rows, cols), one channel at a time."""
    size = (shape[1], shape[0])
    channels = [Image.fromarray(np.ascontiguousarray(array[..., c]), mode="F") for c in range(array.shape[-1])]
    return np.stack([np.asarray(channel.resize(size, Image.BILINEAR)) for channel in channels], axis=-1)


def channel_extreme(array: np.ndarray, darkest: bool) -> np.ndarray:
    """The darkest (or brightest) channel at each pixel, as float32; plane by plane, like
    :func:`channel_mean` (``min(axis=-1)`` over the few channels is about ten times slower)."""
    pick = np.minimum if darkest else np.maximum
    extreme = array[..., 0].astype(np.float32)
    for channel in range(1, array.shape[-1]):
        pick(extreme, array[..., channel], out=extreme)
    return extreme


def channel_mean(array: np.ndarray) -> np.ndarray:
    """Mean over the last (channel) axis; summing the few channel planes beats ``mean(axis=-1)``."""
    total = array[..., 0].copy()
    for channel in range(1, array.shape[-1]):
        total += array[..., channel]
    return total * (1.0 / array.shape[-1])
