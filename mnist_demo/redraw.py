"""Training digits redrawn with a uniform pen, as a person draws them on a canvas, then preprocessed.

    python -m mnist_demo train --data PATH/mnist.npz --start-from assets/model.keras --redrawn 0.3 ...

MNIST's digits were written with a pen whose width varies along the stroke, scanned and blurred. A
digit drawn on the Sketchpad, or photographed in marker, has one pen width from end to end, and the
preprocessing thins or thickens that width towards MNIST's (``preprocess.geometry``), which rounds
corners and can close a small loop. Drawn canvases of validation digits lose a point of accuracy
against the validation images themselves (README: "The model meets the drawing pad"). So the training
images get a second form: the digit's centre line (scikit-image's ``skeletonize`` of a smooth
enlargement) drawn again with a round pen of a random width (a Euclidean distance transform from
the centre line: every pixel within half the width is ink, with a one-pixel anti-aliased edge), and
passed through the same ``normalise_strokes`` and ``fit_to_mnist`` a canvas drawing goes through.
``train --redrawn P`` then shows that form in place of the image for a share P of the samples.
"""

from __future__ import annotations

import multiprocessing

import numpy as np
from PIL import Image
from scipy import ndimage

from .config import MAX_PIXEL
from .preprocess import EmptyImageError, fit_to_mnist, normalise_strokes

WORK_SIDE = 112  # the 28 px digit is enlarged this much before its centre line is found
SMOOTHING = 0.6  # Gaussian sigma in MNIST pixels before enlarging: smoother outlines, fewer spurs
INK_LEVEL = 0.4  # the enlarged digit's ink: above this share of its peak
PEN_WIDTHS = (0.04, 0.22)  # pen width as a share of the digit's height: a fine pen to a very thick brush
CHUNK = 2000  # images per job: the jobs (and their seeds) do not depend on the number of workers


def redraw(digit: np.ndarray, pen_share: float) -> np.ndarray:
    """One MNIST digit (28, 28; uint8 or float, ink high) redrawn along its centre line with a pen
    ``pen_share`` of its height wide, then preprocessed as a canvas drawing: (28, 28) float32 in [0, 1].

    Raises ``EmptyImageError`` when the digit has no ink or the preprocessing refuses the drawing.
    """
    from skimage.morphology import skeletonize

    image = np.asarray(digit, dtype=np.float32)
    if float(image.max()) <= 0:
        raise EmptyImageError("The digit has no ink.")
    smooth = ndimage.gaussian_filter(image / float(image.max()), SMOOTHING)
    scale = WORK_SIDE / image.shape[0]
    large = np.asarray(Image.fromarray(smooth, mode="F").resize((WORK_SIDE, WORK_SIDE), Image.BICUBIC))
    ink = large > INK_LEVEL * float(large.max())
    rows = np.flatnonzero(ink.any(axis=1))
    height = float(rows[-1] - rows[0] + 1)
    centre_line = skeletonize(ink)
    distance = ndimage.distance_transform_edt(~centre_line)
    radius = max(0.5 * pen_share * height, 0.5 * scale)  # at least a pixel of the 28 px picture
    cover = np.clip(radius + 0.5 - distance, 0.0, 1.0).astype(np.float32)
    return fit_to_mnist(normalise_strokes(cover))


def _redraw_chunk(args: tuple[np.ndarray, int]) -> np.ndarray:
    images, seed = args
    rng = np.random.default_rng(seed)
    out = np.empty(images.shape, np.uint8)
    for index, image in enumerate(images):
        try:
            drawn = redraw(image, float(rng.uniform(*PEN_WIDTHS)))
        except EmptyImageError:  # nothing a canvas would deliver: keep the digit as it is
            out[index] = image
            continue
        out[index] = np.round(np.clip(drawn, 0.0, 1.0) * MAX_PIXEL).astype(np.uint8)
    return out


def redraw_all(images: np.ndarray, seed: int, workers: int = 2) -> np.ndarray:
    """Every image of ``images`` (N, 28, 28) uint8 redrawn once with a random pen width:
    (N, 28, 28) uint8, deterministic for a seed (and any number of ``workers``)."""
    chunks = max(1, len(images) // CHUNK)
    jobs = [(part, seed * 100_003 + k) for k, part in enumerate(np.array_split(images, chunks))]
    if workers <= 1 or chunks == 1:
        return np.concatenate([_redraw_chunk(job) for job in jobs])
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return np.concatenate(pool.map(_redraw_chunk, jobs))
