"""Stage 3, digit selection: threshold the ink map, drop ruled lines (``lines.py``), keep the digit's parts.

    from mnist_demo.preprocess.select import ink_mask, select_digit, crop_part
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import ndimage
from skimage.filters import apply_hysteresis_threshold, threshold_otsu

from .arrays import block_max, pixel_noise
from .geometry import stroke_width
from .ink import ALPHA_INK, MAX_INK_FRACTION, NOISE_SIGMAS
from .lines import remove_lines
from .reading import MIN_CONTRAST, EmptyImageError, ink_peak
from .tones import BetweenStrokes, between_strokes, edge

MASK_SIDE = 160  # clean ink maps (canvas layers) are labelled at this resolution
INK_FRACTION_OF_PEAK = 0.3  # ink is at least this share of the strongest ink (faint lines are not)
FAINT_INK = 0.5  # with ``faint`` (numbers, a photo's second reading): ink down to this share of the
# threshold counts where it joins ink above it, ...
LOCAL_STRENGTH = 3.0  # ... and ink is measured against the strongest within this many stroke widths
CLIPPED_SHARE = 0.5  # a faint reading whose added ink lies this much on clipped paper is the likelier one
MIN_COMPONENT_FRACTION = 0.06  # parts smaller than this share of the main part are specks ...
NEAR_DISTANCE = 0.35  # ... unless they are this close (fraction of the digit size): 5's hat, 4's bar
THIN_PART_RATIO = 0.55  # nearby parts drawn much thinner than the digit are lines, not strokes
BLOB_WIDTH = 0.28  # a part whose stroke width is this share of its long side or more is solid, not strokes ...
BLOB_STROKES = 2.0  # ... and beside a digit, a blob when also this many times as wide as the digit's strokes
NOISE_GRAIN = 0.03  # much "ink" in grains thinner than this share of the side is noise, not strokes
MIN_DIGIT_SIDE = 4  # mask pixels; smaller digits are unreadable
BORDER_ALONG_EDGE = 0.5  # a border, table or shadow lies along at least this share of a picture side
PINHOLE_AREA = 4  # a hole of at most this many mask pixels is a pinhole, not a digit's loop ...
MAX_PINHOLES = 10  # ... and a part pierced by more pinholes than this holds noise hovering at the threshold:
POROUS_RAISE = 2.0  # there, ink must reach this many times the threshold


def _along_edge(labels: np.ndarray, count: int) -> np.ndarray:
    """For each labelled part (1..count), the largest share of one picture side it lies along (in the
    two outermost rows or columns): about 1 for a border, a table or a shadow beside the paper."""
    lines = [labels[0], labels[1], labels[-2], labels[-1], labels[:, 0], labels[:, 1], labels[:, -2], labels[:, -1]]
    shares = [np.bincount(line, minlength=count + 1)[1:] / len(line) for line in lines]
    return np.max(shares, axis=0)


def part_widths(labels: np.ndarray, count: int, boxes: list) -> tuple[np.ndarray, np.ndarray]:
    """For each labelled part (1..count): its stroke width (twice its area over its outline, as
    :func:`~mnist_demo.preprocess.geometry.stroke_width`), and whether it is solid rather than strokes:
    that width is BLOB_WIDTH of its long side or more. A half disc (a thumb or finger entering from
    the picture's edge) measures 0.31 and a disc 0.5, a digit's strokes, even a very thick brush's 1,
    about 0.2 or less; but so is a stroke shorter than about 2.6 times its width (a short 5's hat),
    which is why a solid part beside a digit must also be much wider than the digit's strokes."""
    index = np.arange(1, count + 1)
    mask = labels > 0
    area = ndimage.sum_labels(mask, labels, index)
    outline = ndimage.sum_labels(mask & ~ndimage.binary_erosion(mask), labels, index)
    long_side = np.array([max(box[0].stop - box[0].start, box[1].stop - box[1].start) for box in boxes])
    widths = 2.0 * area / np.maximum(outline, 1.0)
    return widths, widths >= BLOB_WIDTH * long_side


def select_digits(mask: np.ndarray, weights: np.ndarray | None = None) -> list[np.ndarray]:
    """Boolean masks of the digit: the main part plus nearby parts; specks and edge clutter dropped.

    Usually one. When the main part is a solid blob (:func:`part_widths`: a thumb at the picture's
    edge, a sticker, a stain) and the picture holds strokes too, a second selection leaves the blobs
    out: both are read and the model's confidence chooses (``predict_image``), as between ink
    readings. The second is claimed only when the blob itself is no digit ("a dot"); else it is a
    guess (``digit_readings``): on blank paper beside a thumb, or under crumpled light, what is left
    may be a sliver of shadow the model is sure of. A very thick digit whose loops filled in is a
    blob too, but then alone in the picture, so it stays.
    """
    labels, count = ndimage.label(mask, structure=np.ones((3, 3), bool))
    if count == 0:
        raise EmptyImageError("No digit found: draw or photograph a single digit.")
    index = np.arange(1, count + 1)
    mass = ndimage.sum_labels(weights if weights is not None else mask, labels, index)
    boxes = ndimage.find_objects(labels)
    height, width = mask.shape
    scores = mass.astype(np.float64).copy()
    along_edge = _along_edge(labels, count)
    for i, box in enumerate(boxes):
        touches = box[0].start == 0 or box[1].start == 0 or box[0].stop == height or box[1].stop == width
        box_h, box_w = box[0].stop - box[0].start, box[1].stop - box[1].start
        fill = mass[i] / max(1, box_h * box_w)
        # A digit in a tight crop spans the picture too, but touches its edge at a few strokes' ends.
        if touches and (box_h > 0.9 * height or box_w > 0.9 * width) and along_edge[i] >= BORDER_ALONG_EDGE:
            scores[i] *= 0.05  # a border, table edge or shadow, not the digit
        elif touches:
            scores[i] *= 0.5
        if fill > 0.85 and box_h * box_w > 0.05 * height * width:
            scores[i] *= 0.1  # a solid blob (a thumb, a sticker), not a stroke
    main = int(np.argmax(scores))
    if count == 1:
        return [labels == 1]
    widths, solid = part_widths(labels, count, boxes)

    def beside(part: int) -> np.ndarray:
        """The parts' mass with the blobs beside the digit ``part`` left out: a digit's other parts are
        strokes (a 5's hat, a 4's bar), never a thumb beside it."""
        return np.where(solid & (widths >= BLOB_STROKES * widths[part]), 0.0, mass)

    selections = [_around(main, boxes, mass if solid[main] else beside(main), scores, widths)]
    strokes = np.flatnonzero(~solid & (mass >= MIN_COMPONENT_FRACTION * mass[main]))
    if solid[main] and strokes.size:
        best = int(strokes[np.argmax(scores[strokes])])
        selections.append(_around(best, boxes, beside(best), scores, widths))
    return [np.isin(labels, keep) for keep in selections]


def select_digit(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of the digit: the main part plus nearby parts; specks and edge clutter dropped."""
    return select_digits(mask, weights)[0]


def _around(main: int, boxes: list, mass: np.ndarray, scores: np.ndarray, widths: np.ndarray) -> list[int]:
    """The labels of part ``main`` (0-based) and of the parts near it that belong to its digit (a 5's
    hat, a 4's bar); ``widths``: each part's stroke width (:func:`part_widths`)."""
    main_box = boxes[main]
    size = max(main_box[0].stop - main_box[0].start, main_box[1].stop - main_box[1].start)
    margin = NEAR_DISTANCE * size
    keep = [main + 1]
    for i, box in enumerate(boxes):
        if i == main or mass[i] < MIN_COMPONENT_FRACTION * mass[main]:
            continue
        gap_y = max(main_box[0].start - box[0].stop, box[0].start - main_box[0].stop, 0)
        gap_x = max(main_box[1].start - box[1].stop, box[1].start - main_box[1].stop, 0)
        if max(gap_y, gap_x) > margin or scores[i] < 0.5 * mass[i]:
            continue
        if widths[i] >= THIN_PART_RATIO * widths[main]:  # thinner: a ruled line
            keep.append(i + 1)
    return keep


def porous_parts(mask: np.ndarray) -> np.ndarray | None:
    """The parts of a mask pierced by more than MAX_PINHOLES pinholes (None when no part is). Strokes
    are solid, with at most a digit's two loops; a faint, broad shading (the dark side of a shadow's
    edge under a light gradient) whose noise hovers at the ink threshold is a cloud of specks joined
    corner to corner, full of pinholes, and sometimes joined to the digit's strokes."""
    paper, count = ndimage.label(~mask)  # the paper's regions; those off the picture's edge are holes
    sizes = np.bincount(paper.ravel(), minlength=count + 1)
    sizes[np.unique(edge(paper))] = 0
    sizes[0] = 0  # label 0 is the mask itself
    small = np.flatnonzero((sizes > 0) & (sizes <= PINHOLE_AREA))
    if small.size <= MAX_PINHOLES:  # nearly every picture: no part can have more
        return None
    labels, count = ndimage.label(mask, structure=np.ones((3, 3), bool))
    around = ndimage.maximum(ndimage.grey_dilation(labels, size=(3, 3)), paper, small).astype(int)
    pinholes = np.bincount(around, minlength=count + 1)
    porous = np.flatnonzero(pinholes > MAX_PINHOLES)
    return np.isin(labels, porous) if porous.size else None


class InkLevels(NamedTuple):
    """A picture's ink map, smoothed (3 x 3 mean), and its ink threshold and floor (:func:`ink_levels`)."""

    smooth: np.ndarray
    threshold: float
    floor: float


def ink_levels(ink: np.ndarray) -> InkLevels:
    """The smoothed ink map of a picture and the levels :func:`ink_mask` thresholds it at; computed
    once for the two readings of one ink map (strokes alone, and with their faint ink joined).
    Raises ``EmptyImageError`` when no ink stands out of the paper or of the map's own noise."""
    smooth = ndimage.uniform_filter(ink, size=3)
    peak = float(np.percentile(smooth, 99.9))
    # The ink map's own noise (paper grain, sensor noise, JPEG), from differences of neighbouring
    # pixels (edges are too few to move their median), for the 3 x 3 mean: ink must stand out of it
    # by NOISE_SIGMAS, as it must stand out of the paper by MIN_CONTRAST.
    noise = pixel_noise(ink) / 3.0
    if peak < MIN_CONTRAST or peak < NOISE_SIGMAS * noise:
        raise EmptyImageError("The image has no visible digit: nothing stands out of the paper.")
    floor = max(0.5 * MIN_CONTRAST, NOISE_SIGMAS * noise)  # no ink below this, faint or not
    return InkLevels(smooth, max(float(threshold_otsu(smooth)), floor, INK_FRACTION_OF_PEAK * peak), floor)


def ink_mask(ink: np.ndarray, clean: bool, side: int = MASK_SIDE, faint: bool = False, levels: InkLevels | None = None,
             clipped: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """Threshold an ink map: ``(ink, mask, factor, weights)``.

    ``mask`` marks ink at 1/``factor`` of the ink map's resolution (clean canvas layers are
    labelled small for speed: their long side at most ``side``; whole numbers ask for more);
    ``weights`` is the ink strength in [0, 1] at that resolution. For photos the returned ink is
    renormalised to its own strength (soft strokes in [0, 1]) with ruled lines, borders and noise
    below the threshold removed. With ``faint`` (a number, whose digits may differ in weight), ink
    down to FAINT_INK of the threshold is kept where it is connected to ink above it (hysteresis,
    scikit-image's): a thin digit beside bold ones, whose 1-pixel strokes the 3 x 3 mean thins to a
    third, stays whole instead of breaking into specks; its strokes are then drawn at their own
    strength (against the strongest ink near them). ``clipped`` (with ``faint``): where the paper is
    clipped to white (:attr:`~.ink.InkReading.clipped`); ink there counts down to the floor that all
    ink must pass, where it joins ink above the threshold: nothing but ink departs from clipped paper,
    and a stroke under a flash's hotspot keeps little of its contrast. ``levels``: :func:`ink_levels`
    of a picture's ``ink``, when the caller has them.
    """
    if clean:
        factor = max(1, int(np.ceil(max(ink.shape) / side)))
        small = block_max(ink, factor)
        mask = small > ALPHA_INK * ink_peak(ink)
        if not mask.any():
            raise EmptyImageError("The canvas is empty: draw a digit.")
        return ink, mask, factor, small.astype(np.float32) / ink_peak(ink)
    smooth, threshold, floor = ink_levels(ink) if levels is None else levels
    if faint:
        low = max(FAINT_INK * threshold, floor)
        if clipped is not None:  # on paper clipped to white nothing departs from white but ink
            low = np.where(clipped, floor, low)
        mask = remove_lines(apply_hysteresis_threshold(smooth, low, threshold), smooth)
    else:
        mask = remove_lines(smooth > threshold, smooth)
    porous = porous_parts(mask)
    if porous is not None:
        mask &= ~porous | (smooth > POROUS_RAISE * threshold)
    if mask.mean() > MAX_INK_FRACTION and stroke_width(mask) < NOISE_GRAIN * max(mask.shape):
        raise EmptyImageError("No clear digit found: the image looks like noise or a full picture.")
    if not mask.any():
        raise EmptyImageError("No clear digit found.")
    strength = float(np.percentile(ink[mask], 90))
    around = ndimage.binary_dilation(mask, iterations=1)

    def renormalised(ink: np.ndarray) -> np.ndarray:
        soft = np.clip((ink - 0.5 * threshold) / max(strength - 0.5 * threshold, 1e-6), 0.0, 1.0)
        return (soft * around).astype(np.float32)

    weights = renormalised(ink) * mask  # which parts are the digit: by the ink's strength in the picture
    if faint:
        # How the digit looks: each stroke at its own strength. A stroke fading under a flash's hotspot,
        # or a thin digit beside bold ones, kept by hysteresis, is as much a stroke as the rest, not a
        # grey ghost of it.
        side = max(3, round(LOCAL_STRENGTH * stroke_width(mask)) | 1)
        local = ndimage.grey_dilation(np.where(mask, ink, 0.0), size=(side, side))
        return renormalised(ink * (strength / np.clip(local, FAINT_INK * threshold, strength))), mask, 1, weights
    return renormalised(ink), mask, 1, weights



def crop_part(ink: np.ndarray, mask: np.ndarray, part: np.ndarray, factor: int
              ) -> tuple[np.ndarray, tuple[slice, slice]]:
    """The ink of ``part`` (a boolean mask at mask resolution) cropped to its box, other marks zeroed."""
    rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
    if max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 < MIN_DIGIT_SIDE:
        raise EmptyImageError("The mark is too small to be a digit: draw it bigger.")
    box = (slice(rows[0] * factor, (rows[-1] + 1) * factor), slice(cols[0] * factor, (cols[-1] + 1) * factor))
    crop = ink[box].astype(np.float32) / ink_peak(ink)
    inside = part[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    if not inside.all() and (mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1] & ~inside).any():
        grown = inside if factor > 1 else ndimage.binary_dilation(inside, iterations=1)
        keep = np.repeat(np.repeat(grown, factor, axis=0), factor, axis=1)[: crop.shape[0], : crop.shape[1]]
        crop = np.where(keep, crop, 0.0)  # specks or other marks inside the digit's box
    return crop, box



def placed(crops: list[tuple[np.ndarray, tuple[slice, slice]]], shape: tuple[int, int]) -> np.ndarray:
    """Where the first selection of :func:`digit_crops` lies in its ink map (of ``shape``)."""
    crop, box = crops[0]
    where = np.zeros(shape, bool)
    where[box] = crop > 0
    return where


def fades_into_clipped_paper(plain: np.ndarray, faint: np.ndarray, clipped: np.ndarray) -> bool:
    """Whether the ink that a faint reading adds to the plain one (both :func:`placed`) lies mostly on
    paper clipped to white: under a flash's hotspot the light washes strokes out, and the clipped paper
    has no grain that could pass for faint ink, so what departs from white there is a stroke."""
    added = faint & ~plain
    return bool(added.any()) and float(clipped[added].mean()) > CLIPPED_SHARE


def digit_crops(ink: np.ndarray, clean: bool, opposite: np.ndarray | None = None, faint: bool = False,
                levels: InkLevels | None = None, clipped: np.ndarray | None = None
                ) -> list[tuple[np.ndarray, tuple[slice, slice]]]:
    """Ink map restricted to the digit, and the digit's bounding box in ``ink`` coordinates, for each
    selection :func:`select_digits` makes (nearly always one). With the other polarity's ink map
    (``opposite``), a digit that is the gap between its strokes is no digit. ``faint``, ``levels`` and
    ``clipped``: as for :func:`ink_mask`."""
    strength = ink  # the reading's own contrast, before ink_mask renormalises it
    ink, mask, factor, weights = ink_mask(ink, clean, faint=faint, levels=levels, clipped=clipped)
    parts = select_digits(mask, weights)
    if opposite is not None and factor == 1 and between_strokes(parts[0], strength, opposite):
        raise BetweenStrokes("No clear digit found: only the paper between strokes stands out.")
    return [crop_part(ink, mask, part, factor) for part in parts]
