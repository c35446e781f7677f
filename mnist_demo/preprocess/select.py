"""Stage 3, digit selection: threshold the ink map, drop ruled lines, keep the digit's parts.

    from mnist_demo.preprocess.select import ink_mask, select_digit, crop_part
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage
from skimage.filters import apply_hysteresis_threshold, threshold_otsu

from .arrays import block_max, pixel_noise
from .geometry import stroke_width
from .ink import ALPHA_INK, MAX_INK_FRACTION, NOISE_SIGMAS
from .reading import MIN_CONTRAST, EmptyImageError, ink_peak

MASK_SIDE = 160  # clean ink maps (canvas layers) are labelled at this resolution
LINE_FRACTION = 0.6  # rows of ink longer than this fraction of the image are ruled lines ...
LINE_ANGLES = np.arange(-8.0, 8.5, 1.0)  # ... looked for at these rotations (a tilted photo)
LINE_MAX_THICKNESS = 0.03  # lines are thinner than this fraction of the image side
LINE_PAST = 0.05  # a lone ruled line runs on past the strokes joined to it by this fraction of the side ...
DIGIT_ACROSS_LINE = 0.5  # ... a digit's own straight stroke has strokes reaching this share of its length across it
INK_FRACTION_OF_PEAK = 0.3  # ink is at least this share of the strongest ink (faint lines are not)
FAINT_INK = 0.5  # with ``faint``: ink down to this share of the threshold counts where it joins ink above it
MIN_COMPONENT_FRACTION = 0.06  # parts smaller than this share of the main part are specks ...
NEAR_DISTANCE = 0.35  # ... unless they are this close (fraction of the digit size): 5's hat, 4's bar
THIN_PART_RATIO = 0.55  # nearby parts drawn much thinner than the digit are lines, not strokes
NOISE_GRAIN = 0.03  # much "ink" in grains thinner than this share of the side is noise, not strokes
MIN_DIGIT_SIDE = 4  # mask pixels; smaller digits are unreadable
BORDER_ALONG_EDGE = 0.5  # a border, table or shadow lies along at least this share of a picture side


def _line_bands(mask: np.ndarray, length: int, thickness: int) -> list[tuple[int, int]]:
    """Bands of rows (top, bottom) of ``mask`` holding long, thin horizontal lines; a thick band is a
    border or a shadow edge, handled elsewhere."""
    labels, _count = ndimage.label(mask.sum(axis=1) >= length)
    return [(band[0].start, band[0].stop) for band in ndimage.find_objects(labels)
            if band[0].stop - band[0].start <= thickness]


def _band_pixels(mask: np.ndarray, bands: list[tuple[int, int]]) -> np.ndarray:
    """The line pixels of ``bands``, strokes passing through a line excluded."""
    lines = np.zeros_like(mask)
    for top, bottom in bands:
        above = mask[max(top - 2, 0)] if top >= 2 else np.zeros(mask.shape[1], bool)
        below = mask[bottom + 1] if bottom + 1 < mask.shape[0] else np.zeros(mask.shape[1], bool)
        crossing = ndimage.binary_dilation(above & below, iterations=2)  # a stroke passing through the line
        lines[top:bottom] = mask[top:bottom] & ~crossing[None, :]
    return lines


def _a_digits_stroke(mask: np.ndarray, top: int, bottom: int, inside: np.ndarray, lone_upright: bool) -> bool:
    """True when the long thin band in rows ``top:bottom`` of ``mask`` is a stroke of the digit, not
    a ruled line.

    A stroke has other strokes joined to it that reach across it at least DIGIT_ACROSS_LINE of its
    length (a digit's height, not a table's clutter or a crossing line's stub), and it does not run
    on past them by LINE_PAST of the width at both ends, as a ruled line under or through a digit
    does (their extent: the 1st to 99th percentile, so that a speck does not count). With nothing
    joined, the only upright band (``lone_upright``) that stops inside the picture (``inside``) at
    both ends is a 1; a margin line runs to the paper's edge, and no digit is a lone level stroke.
    """
    labels, _count = ndimage.label(mask, structure=np.ones((3, 3), bool))
    joined = np.isin(labels, np.unique(labels[top:bottom][mask[top:bottom]]))
    line_columns = np.flatnonzero(joined[top:bottom].any(axis=0))
    joined[max(top - 1, 0) : bottom + 1] = False
    rest_rows, rest_columns = np.nonzero(joined)
    length = line_columns[-1] - line_columns[0] + 1
    past = LINE_PAST * mask.shape[1]
    if rest_rows.size == 0 or np.ptp(np.percentile(rest_rows, [1, 99])) < DIGIT_ACROSS_LINE * length:
        room = np.flatnonzero(inside[top:bottom].any(axis=0))
        return lone_upright and bool(line_columns[0] >= room[0] + past and line_columns[-1] <= room[-1] - past)
    first, last = np.percentile(rest_columns, [1, 99])
    return not (line_columns[0] <= first - past and line_columns[-1] >= last + past)


def _paper_lines(turned: np.ndarray, inside: np.ndarray, row_length: int, column_length: int,
                 thickness: int) -> np.ndarray:
    """The ruled or grid lines of a mask turned to its lines' angle: the paper's, not the digit's.

    Lines of a family (two or more in one direction: ruled paper, a grid) are taken away, and each
    band is judged against the ink left: a ruled line runs on past the strokes joined to it at both
    ends (under or through a digit), or nothing is joined to it. A straight stroke that ends where
    the digit's other strokes begin (a 2's base, a 7's top bar, even among ruled lines; a tall 1
    standing on a line, or alone) is the digit's own (:func:`_a_digits_stroke`).
    """
    found = [(band, False) for band in _line_bands(turned, row_length, thickness)]
    found += [(band, True) for band in _line_bands(turned.T, column_length, thickness)]
    pixels, across = [], []
    for band, vertical in found:
        if vertical:
            pixels.append(_band_pixels(turned.T, [band]).T)
            across.append(ndimage.binary_dilation(pixels[-1], structure=np.ones((1, 5), bool)))
        else:
            pixels.append(_band_pixels(turned, [band]))
            across.append(ndimage.binary_dilation(pixels[-1], structure=np.ones((5, 1), bool)))
    family = {direction: sum(vertical == direction for _band, vertical in found) > 1 for direction in (False, True)}
    lines = np.zeros_like(turned)
    for i, (band, vertical) in enumerate(found):
        others = np.zeros_like(turned)
        for j, ((_band, other_vertical), thick) in enumerate(zip(found, across)):
            if j != i and family[other_vertical]:
                others |= thick
        rest = turned & ~others
        if vertical:
            stroke = _a_digits_stroke(rest.T, *band, inside.T, lone_upright=not family[True])
        else:
            stroke = _a_digits_stroke(rest, *band, inside, lone_upright=False)
        if not stroke:
            lines |= pixels[i]
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
    best_angle = _line_angle(block_max(mask, 2))  # the angle search runs at half size
    turned = np.asarray(image.rotate(best_angle, resample=Image.NEAREST, expand=True)) > 0
    thickness = max(2, int(LINE_MAX_THICKNESS * max(height, width)))
    inside = np.asarray(Image.new("L", image.size, 255).rotate(best_angle, resample=Image.NEAREST, expand=True)) > 0
    lines = _paper_lines(turned, inside, int(LINE_FRACTION * width), int(LINE_FRACTION * height), thickness)
    if not lines.any():
        return mask
    lines = ndimage.binary_dilation(lines, iterations=1)
    back = Image.fromarray(lines.astype(np.uint8) * 255).rotate(-best_angle, resample=Image.NEAREST, expand=True)
    top, left = (back.height - height) // 2, (back.width - width) // 2
    removed = np.asarray(back)[top : top + height, left : left + width] > 0
    return mask & ~removed



def _along_edge(labels: np.ndarray, count: int) -> np.ndarray:
    """For each labelled part (1..count), the largest share of one picture side it lies along (in the
    two outermost rows or columns): about 1 for a border, a table or a shadow beside the paper."""
    lines = [labels[0], labels[1], labels[-2], labels[-1], labels[:, 0], labels[:, 1], labels[:, -2], labels[:, -1]]
    shares = [np.bincount(line, minlength=count + 1)[1:] / len(line) for line in lines]
    return np.max(shares, axis=0)


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
            main_width = stroke_width(labels[main_box] == main + 1)
        if stroke_width(labels[box] == i + 1) >= THIN_PART_RATIO * main_width:  # thinner: a ruled line
            keep.append(i + 1)
    return np.isin(labels, keep)



def ink_mask(ink: np.ndarray, clean: bool, side: int = MASK_SIDE, faint: bool = False
             ) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """Threshold an ink map: ``(ink, mask, factor, weights)``.

    ``mask`` marks ink at 1/``factor`` of the ink map's resolution (clean canvas layers are
    labelled small for speed: their long side at most ``side``; whole numbers ask for more);
    ``weights`` is the ink strength in [0, 1] at that resolution. For photos the returned ink is
    renormalised to its own strength (soft strokes in [0, 1]) with ruled lines, borders and noise
    below the threshold removed. With ``faint`` (a number, whose digits may differ in weight), ink
    down to FAINT_INK of the threshold is kept where it is connected to ink above it (hysteresis,
    scikit-image's): a thin digit beside bold ones, whose 1-pixel strokes the 3 x 3 mean thins to a
    third, stays whole instead of breaking into specks.
    """
    if clean:
        factor = max(1, int(np.ceil(max(ink.shape) / side)))
        small = block_max(ink, factor)
        mask = small > ALPHA_INK * ink_peak(ink)
        if not mask.any():
            raise EmptyImageError("The canvas is empty: draw a digit.")
        return ink, mask, factor, small.astype(np.float32) / ink_peak(ink)
    smooth = ndimage.uniform_filter(ink, size=3)
    peak = float(np.percentile(smooth, 99.9))
    # The ink map's own noise (paper grain, sensor noise, JPEG), from differences of neighbouring
    # pixels (edges are too few to move their median), for the 3 x 3 mean: ink must stand out of it
    # by NOISE_SIGMAS, as it must stand out of the paper by MIN_CONTRAST.
    noise = pixel_noise(ink) / 3.0
    if peak < MIN_CONTRAST or peak < NOISE_SIGMAS * noise:
        raise EmptyImageError("The image has no visible digit (too little contrast).")
    floor = max(0.5 * MIN_CONTRAST, NOISE_SIGMAS * noise)  # no ink below this, faint or not
    threshold = max(float(threshold_otsu(smooth)), floor, INK_FRACTION_OF_PEAK * peak)
    if faint:
        mask = _remove_lines(apply_hysteresis_threshold(smooth, max(FAINT_INK * threshold, floor), threshold))
    else:
        mask = _remove_lines(smooth > threshold)
    if mask.mean() > MAX_INK_FRACTION and stroke_width(mask) < NOISE_GRAIN * max(mask.shape):
        raise EmptyImageError("No clear digit found: the image looks like noise or a full picture.")
    if not mask.any():
        raise EmptyImageError("No clear digit found.")
    strength = float(np.percentile(ink[mask], 90))
    soft = np.clip((ink - 0.5 * threshold) / max(strength - 0.5 * threshold, 1e-6), 0.0, 1.0)
    soft = (soft * ndimage.binary_dilation(mask, iterations=1)).astype(np.float32)
    return soft, mask, 1, soft * mask



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



def digit_box(ink: np.ndarray, clean: bool) -> tuple[np.ndarray, tuple[slice, slice]]:
    """Ink map restricted to the digit, and the digit's bounding box in ``ink`` coordinates."""
    ink, mask, factor, weights = ink_mask(ink, clean)
    return crop_part(ink, mask, select_digit(mask, weights), factor)
