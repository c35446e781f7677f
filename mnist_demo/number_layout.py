"""Reading whole numbers, the layout: the parts of a number's ink mask grouped into digit candidates.

    from mnist_demo.number_layout import digit_units
    units, line = digit_units(mask)   # boolean masks, left to right, and the line height

Steps 1 and 2 of :mod:`mnist_demo.number`: the *line height* is the median height of the tall parts;
parts stacked above one another, or a part much lower than the line overlapping another, are one
digit (a 5's hat, a 4 in two strokes); specks far from everything, underlines and dashes are dropped.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from .preprocess import EmptyImageError

TALL_PART = 0.5  # parts at least this share of the tallest part's height set the line height
SPECK_SIZE = 0.25  # a part smaller than this share of the line height in both directions ...
SPECK_DISTANCE = 0.3  # ... and farther than this share of it from every other part is a speck
FLAT_PART = 0.3  # parts lower than this share of the line height (a 5's hat, a dash) are no digit alone
STACK_OVERLAP = 0.3  # parts overlapping horizontally by this share of the narrower one ...
SHORT_PART = 0.6  # ... belong together when one is lower than this share of the line height
FLAT_LINE = 0.12  # a part lower than this share of the line height and ...
LONG_LINE = 1.6  # ... wider than this many line heights is an underline, not a digit


def box_of(mask: np.ndarray) -> tuple[int, int, int, int]:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def box_gap(a: tuple, b: tuple) -> int:
    """Distance between two boxes (left, top, right, bottom); 0 when they touch or overlap."""
    return max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3], 0)


def digit_units(mask: np.ndarray) -> tuple[list[np.ndarray], float]:
    """Boolean masks of the digit candidates (broken strokes joined, specks dropped), and the line height."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3), bool))
    if count == 0:
        raise EmptyImageError("No digits found: draw or photograph a number.")
    boxes = [(s[1].start, s[0].start, s[1].stop, s[0].stop) for s in ndimage.find_objects(labels)]
    heights = np.array([b[3] - b[1] for b in boxes], float)
    widths = np.array([b[2] - b[0] for b in boxes], float)
    line = float(np.median(heights[heights >= TALL_PART * heights.max()]))
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tiny = np.maximum(heights, widths) < SPECK_SIZE * line  # specks and dots join no stack (see below)
    for i in range(count):
        for j in range(i + 1, count):
            if tiny[i] or tiny[j]:
                continue
            a, b = boxes[i], boxes[j]
            overlap = min(a[2], b[2]) - max(a[0], b[0])
            if overlap < STACK_OVERLAP * min(widths[i], widths[j]):
                continue
            vertical = min(a[3], b[3]) - max(a[1], b[1])
            stacked = vertical <= 0.25 * min(heights[i], heights[j])
            if stacked or min(heights[i], heights[j]) < SHORT_PART * line:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(find(i), []).append(i)
    group_boxes = {root: (min(boxes[i][0] for i in g), min(boxes[i][1] for i in g), max(boxes[i][2] for i in g),
                          max(boxes[i][3] for i in g)) for root, g in groups.items()}
    units = []
    for root, members in groups.items():
        left, top, right, bottom = group_boxes[root]
        h, w = bottom - top, right - left
        if h < FLAT_LINE * line and w > LONG_LINE * line:
            continue  # an underline or a dash across the line
        if max(h, w) < SPECK_SIZE * line or h < FLAT_PART * line:
            # A speck, a dot or a flat stroke (a 5's hat) is no digit on its own: it joins the nearest
            # tall part when one is near, else it is dropped (a speck, a dash).
            near = [other for other in group_boxes if other != root
                    and group_boxes[other][3] - group_boxes[other][1] >= FLAT_PART * line
                    and box_gap(group_boxes[root], group_boxes[other]) <= SPECK_DISTANCE * line]
            if not near:
                continue
            nearest = min(near, key=lambda other: (box_gap(group_boxes[root], group_boxes[other]),
                                                   -(group_boxes[other][3] - group_boxes[other][1])))
            groups[nearest] = groups[nearest] + members
            continue
        units.append(root)
    masks = [np.isin(labels, [i + 1 for i in groups[root]]) for root in units]
    # Reading order by where each digit's ink lies (its mean column), not its box's left edge: a 7's
    # long bar or a 5's hat can reach left over the digit before it.
    masks.sort(key=lambda m: float(np.nonzero(m)[1].mean()))
    return masks, line
