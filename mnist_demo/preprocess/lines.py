"""Stage 3a, ruled and grid lines: find the paper's long thin lines in a thresholded ink mask and
take them away, keeping the digit's own straight strokes and the strokes that cross a line.

    from mnist_demo.preprocess.lines import remove_lines
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

from .arrays import block_max

LINE_FRACTION = 0.6  # rows of ink longer than this fraction of the image are ruled lines ...
LINE_ANGLES = np.arange(-8.0, 8.5, 1.0)  # ... looked for at these rotations (a tilted photo)
LINE_MAX_THICKNESS = 0.03  # lines are thinner than this fraction of the image side
FAMILY_LINE_SHARE = 0.5  # a ruled line where the family's spacing expects one may be this much shorter
LINE_PAST = 0.05  # a lone ruled line runs on past the strokes joined to it by this fraction of the side ...
INK_ON_LINE = 2.0  # ink this many times stronger than a paper line's own lies on it (a pen stroke along it)
DIGIT_ACROSS_LINE = 0.5  # ... a digit's own straight stroke has strokes reaching this share of its length across it


def _line_bands(mask: np.ndarray, length: int, thickness: int) -> list[tuple[int, int]]:
    """Bands of rows (top, bottom) of ``mask`` holding long, thin horizontal lines; a thick band is a
    border or a shadow edge, handled elsewhere. Ruled and grid lines are evenly spaced: where the
    family's spacing leaves room for a line that is missing (faint, broken into dashes, so shorter
    than ``length``), a thin band of FAMILY_LINE_SHARE of ``length`` there completes it."""
    counts = mask.sum(axis=1)
    labels, _count = ndimage.label(counts >= length)
    bands = [(band[0].start, band[0].stop) for band in ndimage.find_objects(labels)
             if band[0].stop - band[0].start <= thickness]
    if len(bands) < 3:
        return bands
    centres = np.array([(top + bottom - 1) / 2.0 for top, bottom in bands])
    spacing = float(np.median(np.diff(centres)))
    if spacing <= 2 * thickness:
        return bands
    found = []
    start = centres[0] - spacing * np.floor(centres[0] / spacing)
    for centre in np.arange(start, mask.shape[0], spacing):
        if np.min(np.abs(centres - centre)) < spacing / 4:
            continue  # already found
        low, high = int(max(0, centre - spacing / 4)), int(min(mask.shape[0], centre + spacing / 4 + 1))
        near, _ = ndimage.label(counts[low:high] >= FAMILY_LINE_SHARE * length)
        for band in ndimage.find_objects(near):
            if band[0].stop - band[0].start <= thickness:
                found.append((low + band[0].start, low + band[0].stop))
    return sorted(bands + found)


def _oriented(array: np.ndarray, vertical: bool) -> np.ndarray:
    """``array`` with its columns as rows when ``vertical`` (a view; applied twice, the array again):
    every band is handled as rows."""
    return array.T if vertical else array


def _band_pixels(mask: np.ndarray, band: tuple[int, int], lines_across: np.ndarray | None = None) -> np.ndarray:
    """The line pixels of the band of rows ``band``, strokes passing through the line excluded;
    ``lines_across`` (per column) marks where lines of the paper cross it, which pass through but
    are no strokes (a grid's crossings would stay behind as "+" marks, read as a 4)."""
    top, bottom = band
    lines = np.zeros_like(mask)
    above = mask[max(top - 2, 0)] if top >= 2 else np.zeros(mask.shape[1], bool)
    below = mask[bottom + 1] if bottom + 1 < mask.shape[0] else np.zeros(mask.shape[1], bool)
    crossing = ndimage.binary_dilation(above & below, iterations=2)  # a stroke passing through the line
    if lines_across is not None:
        crossing &= ~lines_across
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
    if line_columns.size == 0:
        return False  # nothing of it left beside the other lines: the paper's
    joined[max(top - 1, 0) : bottom + 1] = False
    rest_rows, rest_columns = np.nonzero(joined)
    length = line_columns[-1] - line_columns[0] + 1
    past = LINE_PAST * mask.shape[1]
    if rest_rows.size == 0 or np.ptp(np.percentile(rest_rows, [1, 99])) < DIGIT_ACROSS_LINE * length:
        room = np.flatnonzero(inside[top:bottom].any(axis=0))
        return lone_upright and room.size > 0 and bool(line_columns[0] >= room[0] + past
                                                       and line_columns[-1] <= room[-1] - past)
    first, last = np.percentile(rest_columns, [1, 99])
    return not (line_columns[0] <= first - past and line_columns[-1] >= last + past)


def _paper_lines(turned: np.ndarray, inside: np.ndarray, row_length: int, column_length: int,
                 thickness: int) -> list[tuple[np.ndarray, bool]]:
    """The ruled or grid lines of a mask turned to its lines' angle, the paper's and not the digit's:
    each line's pixels, and whether it is upright.

    Lines of a family (two or more in one direction: ruled paper, a grid) are taken away, and each
    band is judged against the ink left: a ruled line runs on past the strokes joined to it at both
    ends (under or through a digit), or nothing is joined to it. A straight stroke that ends where
    the digit's other strokes begin (a 2's base, a 7's top bar, even among ruled lines; a tall 1
    standing on a line, or alone) is the digit's own (:func:`_a_digits_stroke`).
    """
    found = [(band, False) for band in _line_bands(turned, row_length, thickness)]
    found += [(band, True) for band in _line_bands(turned.T, column_length, thickness)]
    # each band thickened across its length, to take it away from the ink the others are judged against
    across = [_oriented(ndimage.binary_dilation(_band_pixels(_oriented(turned, vertical), band),
                                                structure=np.ones((5, 1), bool)), vertical)
              for band, vertical in found]
    family = {direction: sum(vertical == direction for _band, vertical in found) > 1 for direction in (False, True)}
    paper = []
    for i, (band, vertical) in enumerate(found):
        others = np.zeros_like(turned)
        for j, ((_band, other_vertical), thick) in enumerate(zip(found, across)):
            if j != i and family[other_vertical]:
                others |= thick
        lone_upright = vertical and not family[True]
        if not _a_digits_stroke(_oriented(turned & ~others, vertical), *band, _oriented(inside, vertical),
                                lone_upright):
            paper.append((band, vertical))
    # The paper's lines, where they cross each other, are no strokes passing through one another.
    crossed_by = {vertical: np.zeros(turned.shape[0 if vertical else 1], bool) for vertical in (False, True)}
    for (top, bottom), vertical in paper:
        crossed_by[not vertical][max(top - 2, 0) : bottom + 2] = True
    return [(_oriented(_band_pixels(_oriented(turned, vertical), band, crossed_by[vertical]), vertical), vertical)
            for band, vertical in paper]


def _strokes_on_lines(lines: list[tuple[np.ndarray, bool]], strength: np.ndarray) -> np.ndarray:
    """Where ink INK_ON_LINE times stronger than the lines' own lies along a paper line: a pen stroke
    written on a pale printed line (a 2's base on the line, a 7's bar). Along each line, its strongest
    ink at each step of its length; the lines' own level is the median of those in one direction (a
    pen stroke along a line covers a small part of them; a margin line is printed stronger than the
    rules)."""
    profiles = []
    for line, vertical in lines:
        along_line = _oriented(line, vertical)
        profile = np.where(along_line, _oriented(strength, vertical), 0.0).max(axis=0)
        profiles.append((profile, along_line.any(axis=0)))
    level = {direction: float(np.median(np.concatenate(
        [profile[covered] for (profile, covered), (_line, vertical) in zip(profiles, lines) if vertical == direction]
        or [np.zeros(1)]))) for direction in (False, True)}
    strokes = np.zeros(strength.shape, bool)
    for (profile, covered), (line, vertical) in zip(profiles, lines):
        on_line = covered & (profile > INK_ON_LINE * level[vertical])
        strokes |= line & _oriented(np.broadcast_to(on_line[None, :], _oriented(line, vertical).shape), vertical)
    return strokes


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


def remove_lines(mask: np.ndarray, strength: np.ndarray | None = None) -> np.ndarray:
    """Drop ruled or grid lines, also in a slightly rotated photo, keeping strokes that cross them
    and, with the ink's ``strength`` (same shape as ``mask``), strokes written along them.

    The mask is turned by each of LINE_ANGLES; at the angle where most ink lies in long rows
    (or columns), those thin rows are lines. They are removed and turned back.
    """
    height, width = mask.shape
    image = Image.fromarray(mask.astype(np.uint8) * 255)
    best_angle = _line_angle(block_max(mask, 2))  # the angle search runs at half size
    turned = np.asarray(image.rotate(best_angle, resample=Image.NEAREST, expand=True)) > 0
    thickness = max(2, int(LINE_MAX_THICKNESS * max(height, width)))
    inside = np.asarray(Image.new("L", image.size, 255).rotate(best_angle, resample=Image.NEAREST, expand=True)) > 0
    paper = _paper_lines(turned, inside, int(LINE_FRACTION * width), int(LINE_FRACTION * height), thickness)
    lines = np.zeros_like(turned)
    for line, _vertical in paper:
        lines |= line
    if not lines.any():
        return mask
    if strength is not None:  # turned only when there are lines to judge it on
        lines &= ~_strokes_on_lines(paper, np.asarray(Image.fromarray(strength.astype(np.float32), mode="F").rotate(
            best_angle, resample=Image.NEAREST, expand=True)))
    lines = ndimage.binary_dilation(lines, iterations=1)
    back = Image.fromarray(lines.astype(np.uint8) * 255).rotate(-best_angle, resample=Image.NEAREST, expand=True)
    top, left = (back.height - height) // 2, (back.width - width) // 2
    removed = np.asarray(back)[top : top + height, left : left + width] > 0
    return mask & ~removed
