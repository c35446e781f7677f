"""Reading whole numbers: find each digit in a drawing or photo and read them left to right.

    import mnist_demo
    reading = mnist_demo.read_number("house_number.jpg")
    reading.text          # "2026"
    reading.digits[0]     # DigitReading(digit=2, probability=0.99, top3=[...], image=(28, 28), box=...)

Digits are the connected parts of the ink, with broken strokes of one digit joined (a 5's hat,
a 4 written in two strokes: parts that overlap horizontally belong together) and touching
digits split where the ink is thinnest (a part much wider than a digit is tall).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import ndimage

from .preprocess import (THIN_PART_RATIO, EmptyImageError, stroke_width, crop_part, fit_to_mnist, ink_from_image,
                         ink_from_sketchpad, ink_mask, normalise_strokes, read_image)

SPECK_FRACTION = 0.04  # parts with less ink than this share of the biggest part are specks
SAME_DIGIT_OVERLAP = 0.45  # parts whose x-ranges overlap this much (of the narrower) form one digit
MAX_DIGIT_ASPECT = 1.25  # a part wider than this times the line height holds touching digits
DIGIT_ASPECT = 0.7  # typical width / height of one handwritten digit, to count touching digits
MIN_HEIGHT_FRACTION = 0.4  # parts lower than this share of the tallest digit are dots or dashes
MAX_DIGITS = 12


@dataclass
class DigitReading:
    digit: int
    probability: float
    top3: list[tuple[int, float]]
    image: np.ndarray  # the (28, 28) image the model saw
    box: tuple[int, int, int, int]  # left, top, right, bottom in the analysed picture
    unsure: bool = False  # probably not a digit (see mnist_demo.calibrate)


@dataclass
class NumberReading:
    digits: list[DigitReading] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(str(reading.digit) for reading in self.digits)

    @property
    def probability(self) -> float:
        """Probability that every digit is right (product of the digits' probabilities)."""
        return float(np.prod([reading.probability for reading in self.digits])) if self.digits else 0.0


def _ink(image: Any) -> tuple[np.ndarray, bool]:
    if isinstance(image, dict):
        return ink_from_sketchpad(image)
    return ink_from_image(read_image(image))


def _groups(mask: np.ndarray, weights: np.ndarray) -> list[np.ndarray]:
    """Boolean masks of the digits, left to right."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3), bool))
    if count == 0:
        raise EmptyImageError("No digits found: draw or photograph a number.")
    index = np.arange(1, count + 1)
    mass = ndimage.sum_labels(weights, labels, index)
    boxes = ndimage.find_objects(labels)
    parts = [i for i in range(count) if mass[i] >= SPECK_FRACTION * mass.max()]
    widths = {i: stroke_width(labels[boxes[i]] == i + 1) for i in parts}
    pen = max(widths[i] for i in parts if mass[i] >= 0.5 * mass.max())
    parts = [i for i in parts if widths[i] >= THIN_PART_RATIO * pen]  # thinner than the pen: ruled lines
    parts.sort(key=lambda i: boxes[i][1].start)
    groups: list[list[int]] = []
    spans: list[tuple[int, int]] = []
    for i in parts:
        left, right = boxes[i][1].start, boxes[i][1].stop
        if spans:
            g_left, g_right = spans[-1]
            overlap = min(right, g_right) - max(left, g_left)
            if overlap >= SAME_DIGIT_OVERLAP * min(right - left, g_right - g_left):
                groups[-1].append(i)
                spans[-1] = (min(left, g_left), max(right, g_right))
                continue
        groups.append([i])
        spans.append((left, right))
    masks = [np.isin(labels, [i + 1 for i in group]) for group in groups]
    heights = [np.ptp(np.flatnonzero(m.any(axis=1))) + 1 for m in masks]
    line_height = float(np.median(heights))
    tall = max(heights)
    masks = [m for m, h in zip(masks, heights) if h >= MIN_HEIGHT_FRACTION * tall]  # dots, dashes, specks
    result = []
    for part in masks:
        result.extend(_split_touching(part, weights, line_height))
    return result


def _split_touching(part: np.ndarray, weights: np.ndarray, line_height: float) -> list[np.ndarray]:
    cols = np.flatnonzero(part.any(axis=0))
    width = cols[-1] - cols[0] + 1
    if width <= MAX_DIGIT_ASPECT * line_height:
        return [part]
    pieces = min(max(2, int(round(width / (DIGIT_ASPECT * line_height)))), width // 2)
    if pieces < 2:  # a sliver only a pixel or two wide (a hairline)
        return [part]
    profile = (weights * part).sum(axis=0)[cols[0] : cols[-1] + 1]
    cuts = []
    for k in range(1, pieces):
        centre = int(k * width / pieces)
        window = max(1, int(0.25 * width / pieces))
        low, high = max(1, centre - window), min(width - 1, centre + window)
        if high <= low:
            continue
        cuts.append(cols[0] + low + int(np.argmin(profile[low:high])))
    edges = [cols[0]] + cuts + [cols[-1] + 1]
    result = []
    for start, stop in zip(edges[:-1], edges[1:]):
        piece = np.zeros_like(part)
        piece[:, start:stop] = part[:, start:stop]
        if piece.any():
            result.append(piece)
    return result


def read_number(image: Any, model=None) -> NumberReading:
    """Read every digit in ``image`` (anything ``to_mnist`` accepts), left to right.

    Raises ``EmptyImageError`` when no digit is found.
    """
    from .predict import _as_compiled, rank

    ink, clean = _ink(image)
    ink, mask, factor, _ = ink_mask(ink, clean)
    weights = mask.astype(np.float32)
    groups = _groups(mask, weights)[:MAX_DIGITS]
    images, boxes = [], []
    for group in groups:
        try:
            crop, box = crop_part(ink, mask, group, factor)
            images.append(fit_to_mnist(normalise_strokes(crop)))
        except EmptyImageError:
            continue  # a dot or a speck between digits
        boxes.append((int(box[1].start), int(box[0].start), int(box[1].stop), int(box[0].stop)))
    if not images:
        raise EmptyImageError("No digits found: draw or photograph a number.")
    compiled = _as_compiled(model)
    probabilities, top_logits = compiled.scores(np.stack(images))
    unsure = compiled.unsure(probabilities, top_logits)
    digits = []
    for probs, picture, box, doubt in zip(probabilities, images, boxes, unsure):
        top3 = rank(probs, 3)
        digits.append(DigitReading(digit=top3[0][0], probability=top3[0][1], top3=top3, image=picture, box=box,
                                   unsure=bool(doubt)))
    return NumberReading(digits)
