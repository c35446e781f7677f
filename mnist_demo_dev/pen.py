"""Real MNIST digits redrawn big: a 28x28 handwritten digit -> an anti-aliased ink coverage map.

    from mnist_demo_dev import pen
    cover = pen.filled(digit28, height=400, level=0.45)        # crisp outline of the real strokes
    cover = pen.skeleton_pen(digit28, height=400, width=3)      # the same path, redrawn with a round pen

Both return float32 (h, w) in [0, 1] (1 = ink), tightly around the digit (a pen-width margin), with
the digit's own aspect ratio. ``filled`` upscales smoothly (bicubic) and thresholds with a one-pixel
anti-aliased edge: the stroke width scales with the digit (MNIST's strokes are about 13 % of the
height). ``skeleton_pen`` thins the digit to its centre line (skimage.morphology.skeletonize) and
draws that line with a round pen of any width: 1-px mouse lines up to very thick brushes.
Used by :mod:`mnist_demo_dev.captures` and :mod:`mnist_demo_dev.photo_sim`; pure numpy + Pillow +
scipy + scikit-image, deterministic, a few ms per call.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage
from skimage.morphology import skeletonize

INK_MIN = 0.08  # MNIST pixels above this (0..1) belong to the digit's bounding box
PRE_BLUR = 0.45  # Gaussian sigma (MNIST pixels) before upscaling: smoother outlines
EDGE_SLOPE = 1.2  # MNIST edges rise over about this many source pixels (sets the anti-aliased ramp)
SKELETON_HEIGHT = 96  # the centre line is found with the digit this many pixels tall
SKELETON_LEVEL = 0.4  # ... thresholding the smooth upscale at this level
SUPERSAMPLE = 2  # pens are drawn this much larger, then box-filtered down (anti-aliasing)
NEIGHBOURS = ((0, 1), (1, 0), (1, 1), (1, -1))  # 8-connectivity, each pair once
NEIGHBOURS8 = NEIGHBOURS + tuple((-dr, -dc) for dr, dc in NEIGHBOURS)
SMOOTH_WINDOW = 5  # skeleton points are averaged over this many work pixels (no staircases)


def _digit_box(digit: np.ndarray) -> np.ndarray:
    """The 28x28 digit as float [0, 1], cropped to its ink with one blank pixel around."""
    image = np.asarray(digit, dtype=np.float32)
    if image.max() > 1.0:
        image = image / 255.0
    rows = np.flatnonzero(image.max(axis=1) > INK_MIN)
    cols = np.flatnonzero(image.max(axis=0) > INK_MIN)
    if rows.size == 0:
        raise ValueError("the digit image has no ink")
    image = image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    return np.pad(image, 1)


def _upscale(box: np.ndarray, scale: float) -> np.ndarray:
    smooth = ndimage.gaussian_filter(box, PRE_BLUR) if PRE_BLUR else box
    smooth = smooth / max(float(smooth.max()), 1e-6)
    size = (max(1, round(box.shape[1] * scale)), max(1, round(box.shape[0] * scale)))
    return np.asarray(Image.fromarray(smooth, "F").resize(size, Image.BICUBIC), dtype=np.float32)


def _scale_for(box: np.ndarray, height: float) -> float:
    return float(height) / max(box.shape[0] - 2, 1)  # the blank rim does not count


def filled(digit: np.ndarray, height: float, level: float = 0.45) -> np.ndarray:
    """The digit's real outline at ``height`` px: bicubic upscale, threshold ``level`` (lower = bolder)."""
    box = _digit_box(digit)
    scale = _scale_for(box, height)
    big = _upscale(box, scale)
    ramp = 1.0 / (EDGE_SLOPE * scale)  # intensity change per output pixel across an edge
    return np.clip((big - level) / max(ramp, 1e-3) + 0.5, 0.0, 1.0).astype(np.float32)


def _centre_line(box: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Skeleton pixels of the digit at SKELETON_HEIGHT, their smoothed (x, y) positions, the scale."""
    work_scale = _scale_for(box, SKELETON_HEIGHT)
    skeleton = skeletonize(_upscale(box, work_scale) > SKELETON_LEVEL)
    points = np.argwhere(skeleton)
    # Pixel staircases become smooth lines: each point moves to the mean of the skeleton near it.
    mask = skeleton.astype(np.float32)
    rows, cols = np.indices(skeleton.shape, dtype=np.float32)
    count = ndimage.uniform_filter(mask, SMOOTH_WINDOW)
    mean_r = ndimage.uniform_filter(rows * mask, SMOOTH_WINDOW) / np.maximum(count, 1e-6)
    mean_c = ndimage.uniform_filter(cols * mask, SMOOTH_WINDOW) / np.maximum(count, 1e-6)
    xy = np.stack([mean_c[skeleton], mean_r[skeleton]], axis=1)
    return points, xy, work_scale


def skeleton_pen(digit: np.ndarray, height: float, width: float, supersample: int = SUPERSAMPLE) -> np.ndarray:
    """The digit's centre line drawn with a round pen ``width`` px wide (1 = mouse line)."""
    box = _digit_box(digit)
    points, xy, work_scale = _centre_line(box)
    factor = _scale_for(box, height) / work_scale * supersample
    pen = max(1.0, width * supersample)
    margin = pen / 2 + 2
    shape = np.array(box.shape) * work_scale * factor + 2 * margin
    canvas = Image.new("L", (int(np.ceil(shape[1])), int(np.ceil(shape[0]))), 0)
    draw = ImageDraw.Draw(canvas)
    index = {p: i for i, p in enumerate(map(tuple, points.tolist()))}
    xy = xy * factor + margin
    line_width = max(1, round(pen))
    radius = pen / 2
    for (r, c), (x, y) in zip(points.tolist(), xy.tolist()):
        alone = True
        for dr, dc in NEIGHBOURS8:
            j = index.get((r + dr, c + dc))
            if j is not None:
                alone = False
                if (dr, dc) in NEIGHBOURS:
                    draw.line((x, y, *xy[j]), fill=255, width=line_width)
        if pen >= 3:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
        elif alone:
            draw.point((x, y), fill=255)
    if supersample > 1:
        canvas = canvas.resize((max(1, canvas.width // supersample), max(1, canvas.height // supersample)),
                               Image.BOX)
    return np.asarray(canvas, dtype=np.float32) / 255.0


def trim(cover: np.ndarray, threshold: float = 0.2) -> np.ndarray:
    """``cover`` cut to the bounding box of its pixels above ``threshold`` (the digit's own edges)."""
    rows = np.flatnonzero(cover.max(axis=1) > threshold)
    cols = np.flatnonzero(cover.max(axis=0) > threshold)
    return cover[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def resize(cover: np.ndarray, width: int, height: int) -> np.ndarray:
    """Area-resample a coverage map to (height, width)."""
    image = Image.fromarray(np.asarray(cover, np.float32), "F")
    method = Image.BOX if width <= cover.shape[1] and height <= cover.shape[0] else Image.BILINEAR
    return np.clip(np.asarray(image.resize((max(1, width), max(1, height)), method), np.float32), 0, 1)


def paste(frame: np.ndarray, cover: np.ndarray, top: int, left: int) -> np.ndarray:
    """Max-combine ``cover`` into ``frame`` at (top, left), clipped to the frame; returns frame."""
    h, w = cover.shape
    t0, l0 = max(top, 0), max(left, 0)
    t1, l1 = min(top + h, frame.shape[0]), min(left + w, frame.shape[1])
    if t1 > t0 and l1 > l0:
        region = frame[t0:t1, l0:l1]
        np.maximum(region, cover[t0 - top:t1 - top, l0 - left:l1 - left], out=region)
    return frame


def place(cover: np.ndarray, frame_h: int, frame_w: int, rng: np.random.Generator) -> tuple[np.ndarray, tuple]:
    """``cover`` at a random position fully inside a blank (frame_h, frame_w) map; also its box."""
    h, w = cover.shape
    top = int(rng.integers(0, max(frame_h - h, 0) + 1))
    left = int(rng.integers(0, max(frame_w - w, 0) + 1))
    frame = np.zeros((frame_h, frame_w), np.float32)
    return paste(frame, cover, top, left), (top, left, min(top + h, frame_h), min(left + w, frame_w))
