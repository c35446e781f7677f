"""Candidate cuts through a part of a number that may hold touching digits.

    from mnist_demo.cuts import candidate_cuts, every_cut
    for (left_piece, right_piece), ink_crossed in candidate_cuts(part_mask, line_height): ...

Cuts run along lines through thin columns of the part (straight, or following the slant of the
writing) and along least-ink paths winding between the digits (dynamic programming); bits a cut
chips off the other digit go back to it, and a cut is kept only when both pieces are digit-sized.
When none is, :func:`every_cut` tries straight and slanted cuts at every step of the part's width.
:mod:`mnist_demo.number` chooses among them (the pair reader, or the digit model's confidence).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

MIN_PIECE_HEIGHT = 0.4  # each piece of a split is at least this share of the line height
MIN_PIECE_MASS = 0.04  # ... and holds at least this share of the part's ink
CUT_SLANTS = (-0.3, -0.15, 0.0, 0.15, 0.3)  # cut lines: x shifts this much per row (tan of the slant)
CUTS_PER_SLANT = 2  # lowest profile minima tried per slant
CRUMB = 0.15  # after a cut, bits under this share of a piece's main stroke belong to the other piece
CUT_COST = 4.0  # score lost per line height of ink a cut crosses
FINE_STEP = 0.05  # every_cut: a cut at every this share of the part's width
PATHS = 2  # least-ink winding cuts tried per part
PATH_STEP_COST = 0.02  # ... each row crossed costs this (ink costs 1): short, straight paths win ties


def candidate_cuts(part: np.ndarray, line: float) -> list[tuple[tuple[np.ndarray, np.ndarray], float]]:
    """Candidate two-way splits of a part: ``((left piece, right piece), ink the cut crosses / line height)``,
    cut along lines through thin columns (straight or slanted) and along least-ink winding paths."""
    rows, cols = np.nonzero(part)
    middle = (rows.min() + rows.max()) / 2.0
    candidates, seen = [], set()
    for slant in CUT_SLANTS:
        u = cols - slant * (rows - middle)  # the column each pixel falls in after undoing the slant
        low, high = float(u.min()), float(u.max())
        width = high - low
        if width < 2:
            continue
        bins = np.floor(u - low).astype(int)
        counts = np.bincount(bins).astype(float)
        profile = ndimage.uniform_filter1d(counts, 3)
        start, stop = int(0.2 * width), int(np.ceil(0.8 * width))
        if stop - start < 2:
            continue
        window = profile[start:stop]
        minima = [k for k in range(len(window)) if (k == 0 or window[k] <= window[k - 1])
                  and (k == len(window) - 1 or window[k] <= window[k + 1])]
        for k in sorted(minima, key=lambda k: window[k])[:CUTS_PER_SLANT]:
            _add_cut(candidates, seen, part, rows, cols, line, bins < start + k, counts[start + k] / line)
    for boundary, crossed in _path_cuts(part):
        _add_cut(candidates, seen, part, rows, cols, line, cols < boundary[rows - rows.min()], crossed / line)
    return candidates


def every_cut(part: np.ndarray, line: float) -> list[tuple[tuple[np.ndarray, np.ndarray], float]]:
    """Cuts along straight and slanted lines at every FINE_STEP of the part's width (not only through
    its thin columns), for a part that holds two digits by the pair reader's reading but gives no
    candidate cut: digits that overlap much (a 7's stem inside an 8's loop), or a thin digit against
    a bold one (the least-ink path crosses the thin digit's strokes instead of running between them)."""
    rows, cols = np.nonzero(part)
    middle = (rows.min() + rows.max()) / 2.0
    candidates, seen = [], set()
    for slant in CUT_SLANTS:
        u = cols - slant * (rows - middle)
        low, width = float(u.min()), float(u.max() - u.min())
        if width < 2:
            continue
        counts = np.bincount(np.floor(u - low).astype(int)).astype(float)
        for share in np.arange(FINE_STEP, 1.0 - FINE_STEP / 2, FINE_STEP):
            crossed = counts[min(int(share * width), len(counts) - 1)] / line
            _add_cut(candidates, seen, part, rows, cols, line, u < low + share * width, crossed)
    return candidates


def _add_cut(candidates: list, seen: set, part: np.ndarray, rows: np.ndarray, cols: np.ndarray, line: float,
             left: np.ndarray, crossed: float) -> None:
    """Add the cut leaving the ink pixels ``left`` on its left to ``candidates`` when it is new (``seen``
    holds the cuts tried) and both its pieces are digit-sized."""
    key = (int(left.sum()), int(rows[left].sum()))
    if key in seen or left.all() or not left.any():
        return
    seen.add(key)
    pieces = _pieces(part, rows, cols, left)
    if all(_piece_ok(p, part, line) for p in pieces):
        candidates.append((pieces, crossed))


def _pieces(part: np.ndarray, rows: np.ndarray, cols: np.ndarray, left: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The part's pixels left and right of a cut; crumbs the cut chipped off the other digit go back to it."""
    sides = []
    for side in (left, ~left):
        piece = np.zeros_like(part)
        piece[rows[side], cols[side]] = True
        sides.append(piece)
    for k in (0, 1):
        labels, count = ndimage.label(sides[k], structure=np.ones((3, 3), bool))
        if count > 1:
            mass = ndimage.sum_labels(sides[k], labels, np.arange(1, count + 1))
            crumbs = np.isin(labels, 1 + np.flatnonzero(mass < CRUMB * mass.max()))
            sides[k] &= ~crumbs
            sides[1 - k] |= crumbs
    return sides[0], sides[1]


def _path_cuts(part: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """Cuts that wind between touching digits: top-to-bottom paths crossing the least ink (dynamic
    programming, one column sideways per row at most): column boundaries per row of the part, ink crossed."""
    rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
    box = part[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    height, width = box.shape
    low, high = int(0.15 * width), int(np.ceil(0.85 * width))
    if high - low < 3:
        return []
    cost = box[:, low:high].astype(float) + PATH_STEP_COST
    total = cost.copy()
    step = np.zeros(cost.shape, int)
    for r in range(1, height):
        previous = np.stack([np.r_[np.inf, total[r - 1, :-1]], total[r - 1], np.r_[total[r - 1, 1:], np.inf]])
        step[r] = previous.argmin(axis=0) - 1
        total[r] += previous.min(axis=0)
    end = total[-1]
    minima = [k for k in range(len(end))
              if (k == 0 or end[k] <= end[k - 1]) and (k == len(end) - 1 or end[k] <= end[k + 1])]
    paths = []
    for k in sorted(minima, key=lambda k: end[k])[:PATHS]:
        boundary = np.empty(height, int)
        c = k
        for r in range(height - 1, -1, -1):
            boundary[r] = c
            c += step[r, c] if r else 0
        paths.append((boundary + low + cols[0], float(end[k]) - height * PATH_STEP_COST))
    return paths


def _piece_ok(piece: np.ndarray, part: np.ndarray, line: float) -> bool:
    if piece.sum() < MIN_PIECE_MASS * part.sum():
        return False
    rows = np.flatnonzero(piece.any(axis=1))
    return rows[-1] - rows[0] + 1 >= MIN_PIECE_HEIGHT * line
