"""Stage 2a, the paper's light: what a picture's paper would look like without the ink on it.

    from mnist_demo.preprocess.paper import paper_level, contrast

Morphological estimates (a grey closing for dark ink, an opening for light ink) over squares wider
than any stroke: light gradients, a shadow and its edge, a table beyond the sheet are kept as the
paper's light, strokes are filled in. Ink is then what departs from it (:func:`contrast`). Used by
``ink.py``, which decides which reading of a picture to make.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from .arrays import block_max, resize_channels

PAPER_WINDOW = 0.34  # the paper's light is estimated over squares of this share of the long side ...
PAPER_REDUCED_WINDOW = 24  # ... for light ink on a picture reduced so that the square is about this many pixels
SHADOW_FLOOR = 0.25  # ink is measured against at least this share of the brightest paper (dark corners)


def paper_level(values: np.ndarray, dark_ink: bool, window: int, beyond: float | str = "symmetric") -> np.ndarray:
    """The paper's brightness at each pixel, ink removed: a grey closing (dark ink) or opening (light ink).

    A square of side ``window`` (wider than any stroke) fills strokes in with the paper around them,
    while anything larger - light gradients, a shadow and its edge, a table beyond the paper - is
    kept: it is the paper's light, not ink (a closing leaves a straight edge or a linear gradient
    exactly as it is). Beyond the picture's edge the paper goes on as ``beyond`` says: a numpy
    padding mode ("symmetric": its mirror image; "edge": as at the edge) or a value (a ground that
    is darker than any ink, for dark ink: whatever touches the edge may go on beyond it).
    For dark ink the closing is computed at full resolution: it is exact on a shadow's edge at any
    angle (a reduced one, enlarged and its spread undone, darkened the paper on the lit side of a
    steep shadow edge over two blocks, and faint pencil strokes there were lost). For light ink the
    opening is computed on a block-min reduced picture, then enlarged and the reduction's spread
    undone; a light region wider than the square (a sheet on a dark table) is then ground wherever
    it reaches at its own light (morphological reconstruction), so that a tilted sheet's edges and
    corners, where the square cannot fit, do not read as light ink.
    """
    if isinstance(beyond, str):
        padded = np.pad(values, window, mode=beyond)
    else:
        padded = np.pad(values, window, mode="constant", constant_values=beyond)
    if dark_ink:
        paper = ndimage.grey_closing(padded, size=(max(3, window),) * 2, mode="nearest")
    else:
        factor = max(1, window // PAPER_REDUCED_WINDOW)
        reduced = -block_max(-padded, factor) if factor > 1 else padded
        size = max(3, -(-window // factor))
        paper = ndimage.grey_opening(reduced, size=(size, size), mode="nearest")
        if isinstance(beyond, str):
            # The opening marks where the square fits; reconstruction (scikit-image's) restores the
            # rest of each light region from there. Without it the sliver along a tilted sheet's edge
            # read as a sure 1 on 1-2 % of blank sheets on a table. Not for the reading with bright
            # ground beyond the edge: that would flood every stroke touching the edge.
            from skimage.morphology import reconstruction  # here: importing it costs ~0.15 s of start-up

            paper = reconstruction(np.minimum(paper, reduced), reduced, method="dilation")
        # Smooth the blocks (not for dark ink at full resolution: there it lifts the paper beside
        # every step of light by a third of the step, a false line of dark ink along a table's edge).
        paper = ndimage.uniform_filter(paper, size=3, mode="nearest")
        if factor > 1:  # enlarge, then undo the spread across edges of the block reduction and the
            # enlargement's ramp (a dilation over two blocks each way: with one block, a sheet between
            # two strips of dark table kept a ramp of false light ink along its edges, read as a sure 1)
            paper = resize_channels(paper[..., None].astype(np.float32), padded.shape)[..., 0]
            paper = ndimage.maximum_filter(paper, size=4 * factor + 1, mode="nearest")
    paper = paper[window:-window, window:-window]
    return np.maximum(paper, values) if dark_ink else np.minimum(paper, values)


def contrast(values: np.ndarray, paper: np.ndarray, dark_ink: bool) -> np.ndarray:
    """Ink strength: a share of the paper's light for dark ink (shadow-proof), a difference for light ink."""
    if dark_ink:
        light = np.maximum(paper, SHADOW_FLOOR * float(np.percentile(paper, 95)))
        return np.clip((paper - values) / np.maximum(light, 1e-3), 0.0, 1.0)
    return np.clip(values - paper, 0.0, 1.0)


def valley_paper(values: np.ndarray, dark_ink: bool, reach: int | None = None) -> np.ndarray:
    """The paper's light around each pixel as a valley sees it: along its row, the brightest light on
    its left and on its right (within ``reach`` pixels; None: up to the picture's edge), the dimmer of
    the two (likewise along its column); the brighter of the row's and the column's reading (for
    light ink: everything mirrored). A monotonic profile, a step, reads as its own light: no valley,
    no ink."""
    signed = values if dark_ink else -values

    def both_sides(axis: int) -> np.ndarray:
        if reach is not None:  # running maxima over [x - reach, x] and [x, x + reach]
            window = {"size": reach + 1, "axis": axis, "mode": "nearest"}
            before = ndimage.maximum_filter1d(signed, origin=reach // 2, **window)
            after = ndimage.maximum_filter1d(signed, origin=-((reach + 1) // 2), **window)
            return np.minimum(before, after)
        before = np.maximum.accumulate(signed, axis=axis)
        after = np.flip(np.maximum.accumulate(np.flip(signed, axis=axis), axis=axis), axis=axis)
        return np.minimum(before, after)

    light = np.maximum(both_sides(0), both_sides(1))
    return light if dark_ink else -light
