"""Reading whole numbers: find each digit in a drawing or photo and read them left to right.

    import mnist_demo
    reading = mnist_demo.read_number("house_number.jpg")
    reading.text          # "2026"
    reading.digits[0]     # DigitReading(digit=2, probability=0.99, top3=[...], image=(28, 28), box=...)

Built on the preprocessing stages (``ink`` -> ``select.ink_mask`` -> ``geometry``):

1. **Parts**: the connected parts of the ink mask, in which faint ink joined to surer ink is kept
   (a thin digit beside bold ones stays whole). The *line height* is the median height of the
   tall parts; a part is a speck only when it is tiny relative to the line height AND far from
   every other part (a thin or small digit beside bold ones stays a digit).
2. **Digits from parts**, by geometry: parts stacked above one another, or a part much lower than
   the line overlapping another part horizontally, belong to one digit (a 5's hat, a 4 in two
   strokes, a 7's bar, an i-like 1). Two tall parts side by side stay two digits even when their
   slanted boxes overlap, unless they are close and the pair reader reads them together as one
   digit (a 4 whose strokes do not meet, an 8 in two loops).
3. **Touching digits**: a part that may hold two digits is cut along candidate lines (column-profile
   minima, straight or following the slant of the writing, and least-ink paths winding between the
   digits). The pair reader (:mod:`mnist_demo.pairs`, a network that reads the whole part as one
   digit or as two digits "ab") decides whether it holds two; when none of those cuts gives two
   digit-sized pieces (digits overlapping much, or a thin digit against a bold one, where the
   least-ink path crosses the thin strokes), cuts at every step of the part's width are tried. The
   cut whose pieces the digit model reads most as the pair reader reads the pair wins, and each
   piece's digit is read from both (the product of the two readings). Without the pair reader's
   file, the segmentation whose pieces look most like real digits wins (mean top logit, less the
   ink the cut crosses) against keeping the part whole (a margin that shrinks as the part gets wider).
4. **One digit or a number** is decided by that layout: when one digit is found (a part alone in the
   picture and not wider than tall stays whole), it is read exactly as
   :func:`mnist_demo.predict_image` reads the picture (same 28 x 28 image, same answer).
5. **Each digit of a number is read by both networks**: its probabilities are the product of the
   digit model's reading of its 28 x 28 image and the pair reader's reading of the part as one
   digit (two networks trained apart misread fewer digits together than either alone).

The thresholds were fitted on numbers composed from MNIST validation digits
(``mnist_demo_dev.numbers``, ``benchmarks/read_numbers.py --seed 1``), never the test split; the
pair reader is trained on training-split digits only (``mnist_demo_dev.pair_training``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import ndimage

from .config import IMAGE_SIZE
from .cuts import CUT_COST, candidate_cuts, every_cut
from .pairs import (
    PairReader,
    load_pair_reader,
    one_digit_probabilities,
    pair_image,
    pair_table,
    two_digit_probability,
)
from .preprocess import (
    EmptyImageError,
    crop_part,
    fit_to_mnist,
    ink_mask,
    ink_of,
    ink_readings,
    normalise_strokes,
    read_image,
)
from .preprocess.geometry import is_mnist_like

MASK_SIDE = 400  # canvas layers are segmented at this long side (the single-digit path uses less)
TALL_PART = 0.5  # parts at least this share of the tallest part's height set the line height
SPECK_SIZE = 0.25  # a part smaller than this share of the line height in both directions ...
SPECK_DISTANCE = 0.3  # ... and farther than this share of it from every other part is a speck
FLAT_PART = 0.3  # parts lower than this share of the line height (a 5's hat, a dash) are no digit alone
STACK_OVERLAP = 0.3  # parts overlapping horizontally by this share of the narrower one ...
SHORT_PART = 0.6  # ... belong together when one is lower than this share of the line height
FLAT_LINE = 0.12  # a part lower than this share of the line height and ...
LONG_LINE = 1.6  # ... wider than this many line heights is an underline, not a digit
SPLIT_WIDTH = 0.7  # parts wider than this share of the line height may hold touching digits ...
ALONE_SPLIT_WIDTH = 0.9  # a part alone in the picture is split only when this much wider than tall
SPLIT_AGAIN_WIDTH = 0.9  # ... a piece of a split only when wider than this (three digits touching)
SPLIT_MARGIN = 2.0  # a split's pieces must look this much more digit-like (top logit) than the whole ...
SPLIT_MARGIN_SLOPE = 8.0  # ... less so by this much per line height of the part's width beyond one
PAIR_SPLIT = 0.5  # with the pair reader: a part is split when two digits are likelier than one ...
PAIR_SPLIT_WIDTH = 0.5  # ... asked of parts wider than this share of the line height (two 1s touching) ...
PAIR_ALONE_SPLIT_WIDTH = 0.6  # ... or, for a part alone in the picture, of its own height
MERGE_GAP = 0.15  # neighbouring parts at most this share of the line height apart ...
MERGE_WIDTH = 1.2  # ... and together at most this many line heights wide are one digit if the pair reader says so
MAX_DIGITS = 12


@dataclass
class DigitReading:
    digit: int
    probability: float
    top3: list[tuple[int, float]]
    image: np.ndarray  # the (28, 28) image the model saw
    box: tuple[int, int, int, int]  # left, top, right, bottom in the picture's pixels (a drawing: the canvas's)
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


def _ink(image: Any, reading: int = 0) -> tuple[np.ndarray, bool, tuple[int, int]] | None:
    """The ink map (``reading``: which of the picture's ink readings, the likelier first), whether it is
    a clean drawn layer, and the picture's (height, width); None for an image already in MNIST's format
    (one digit by definition). A photo's ink map is analysed at its own size (``ink.WORK_SIDE``), not
    the picture's."""
    if isinstance(image, dict):
        ink, clean = ink_of(image)
        return ink, clean, ink.shape[:2]  # a drawing's layer is as large as its canvas
    array = read_image(image)
    if array.shape[:2] == (IMAGE_SIZE, IMAGE_SIZE) and array.shape[-1] in (1, 3) and is_mnist_like(
            array.mean(axis=-1)):
        return None
    readings = ink_readings(array)
    chosen = readings[reading if reading < len(readings) else 0]
    ink, clean = chosen.ink, chosen.clean
    return ink, clean, array.shape[:2]


def _box_of(mask: np.ndarray) -> tuple[int, int, int, int]:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def _gap(a: tuple, b: tuple) -> int:
    """Distance between two boxes (left, top, right, bottom); 0 when they touch or overlap."""
    return max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3], 0)


def _units(mask: np.ndarray) -> tuple[list[np.ndarray], float]:
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
                    and _gap(group_boxes[root], group_boxes[other]) <= SPECK_DISTANCE * line]
            if not near:
                continue
            nearest = min(near, key=lambda other: (_gap(group_boxes[root], group_boxes[other]),
                                                   -(group_boxes[other][3] - group_boxes[other][1])))
            groups[nearest] = groups[nearest] + members
            continue
        units.append(root)
    masks = [np.isin(labels, [i + 1 for i in groups[root]]) for root in units]
    # Reading order by where each digit's ink lies (its mean column), not its box's left edge: a 7's
    # long bar or a 5's hat can reach left over the digit before it.
    masks.sort(key=lambda m: float(np.nonzero(m)[1].mean()))
    return masks, line


class _Reader:
    """The models reading crops of one picture: the digit model, and the pair reader when there is one."""

    def __init__(self, compiled, ink: np.ndarray, mask: np.ndarray, factor: int, pairs: PairReader | None = None):
        self.compiled, self.ink, self.mask, self.factor, self.pairs = compiled, ink, mask, factor, pairs
        # id(part) -> (the part, what the pair reader says of its digit (10,)); the part is held so that
        # its id is not reused by another array while this reader lives
        self.hints: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def hint(self, part: np.ndarray, digit_probabilities: np.ndarray) -> None:
        self.hints[id(part)] = (part, digit_probabilities)

    def image(self, part: np.ndarray) -> np.ndarray:
        crop, _ = crop_part(self.ink, self.mask, part, self.factor)
        return fit_to_mnist(normalise_strokes(crop))

    def pair_probabilities(self, parts: list[np.ndarray]) -> np.ndarray:
        """The pair reader's (N, 110) probabilities for the parts, in one batch: one digit d, or two
        digits "ab". Each part's one-digit reading is kept as its hint, in case it stays one digit."""
        crops = [crop_part(self.ink, self.mask, part, self.factor)[0] for part in parts]
        probabilities = self.pairs(np.stack([pair_image(crop) for crop in crops]))
        for part, row in zip(parts, probabilities):
            self.hint(part, one_digit_probabilities(row))
        return probabilities

    def digit_hints(self, parts: list[np.ndarray]) -> list[np.ndarray | None]:
        """What the pair reader says of each part's digit (10,): asked once, in one batch, for the parts
        it has not read yet; None for every part without the pair reader."""
        if self.pairs is None:
            return [None] * len(parts)
        unread = [part for part in parts if id(part) not in self.hints]
        if unread:
            self.pair_probabilities(unread)
        return [self.hints[id(part)][1] for part in parts]

    def top_logits(self, images: list[np.ndarray]) -> np.ndarray:
        """The model's top logit per image: how much each looks like a real digit (letters, halves and
        pairs of digits score low even when the softmax is sure)."""
        return self.compiled.scores(np.stack(images))[1]


def _segment(part: np.ndarray, line: float, reader: _Reader, depth: int = 0) -> list[np.ndarray]:
    """The part as one digit, or split in two (recursively) when the pieces look more like digits.

    Every segmentation is scored by its pieces' mean top logit (how much they look like real digits:
    halves and pairs of digits score low even when the softmax is sure), less CUT_COST per line
    height of ink the cut crosses. A split must beat the whole part by SPLIT_MARGIN, less for wider parts.
    With the pair reader, it decides instead (:func:`_segment_by_pairs`).
    """
    left, top, right, bottom = _box_of(part)
    width = (right - left) / max(line, bottom - top)  # a big digit among small ones is measured by itself
    gate = SPLIT_AGAIN_WIDTH if depth else (PAIR_SPLIT_WIDTH if reader.pairs is not None else SPLIT_WIDTH)
    if width < gate or depth >= 3:
        return [part]
    if reader.pairs is not None:
        return _segment_by_pairs(part, line, reader)
    try:
        whole = reader.image(part)
    except EmptyImageError:
        return [part]
    valid, images = _readable_cuts(part, line, reader)
    if not valid:
        return [part]
    logits = reader.top_logits([whole] + [image for pair in images for image in pair])
    scores = [float(logits[1 + 2 * i: 3 + 2 * i].mean()) - CUT_COST * crossed for i, (_, crossed) in enumerate(valid)]
    best = int(np.argmax(scores))
    if scores[best] - float(logits[0]) < SPLIT_MARGIN - SPLIT_MARGIN_SLOPE * (width - 1.0):
        return [part]
    result = []
    for piece in valid[best][0]:
        result.extend(_segment(piece, line, reader, depth + 1))
    return result


def _readable_cuts(part: np.ndarray, line: float, reader: _Reader, cuts=candidate_cuts
                   ) -> tuple[list, list[list[np.ndarray]]]:
    """The cuts ``cuts`` proposes (:func:`~mnist_demo.cuts.candidate_cuts` or
    :func:`~mnist_demo.cuts.every_cut`) whose pieces both give a 28 x 28 image, and those images."""
    valid, images = [], []
    for pieces, crossed in cuts(part, line):
        try:
            images.append([reader.image(p) for p in pieces])
        except EmptyImageError:
            continue
        valid.append((pieces, crossed))
    return valid, images


def _segment_by_pairs(part: np.ndarray, line: float, reader: _Reader) -> list[np.ndarray]:
    """Split when the pair reader says the part holds two digits, along the cut whose pieces the digit
    model reads most as the pair reader reads the whole part (asked first: most parts are one digit,
    and then no cut is made)."""
    try:
        whole = reader.pair_probabilities([part])[0]
    except EmptyImageError:
        return [part]
    if two_digit_probability(whole) < PAIR_SPLIT:
        return [part]
    valid, images = _readable_cuts(part, line, reader)
    blind = not valid  # no thin column, no path between them: a cut at every step of the width is tried
    if blind:
        valid, images = _readable_cuts(part, line, reader, every_cut)
    if not valid:
        return [part]
    table = pair_table(whole)  # not normalised: its scale leaves the best cut and each piece's digit as they are
    try:
        whole_image = [reader.image(part)]
    except EmptyImageError:
        whole_image = []
    probabilities, top_logits = reader.compiled.scores(
        np.stack([image for pair in images for image in pair] + whole_image))
    agreement = [float(np.log(probabilities[2 * i] @ table @ probabilities[2 * i + 1] + 1e-12)) - CUT_COST * crossed
                 for i, (_, crossed) in enumerate(valid)]
    best = int(np.argmax(agreement))
    if whole_image:
        # Both readers must back the pair: the best cut's pieces as the pair reader reads the pair,
        # against the whole part as it reads one digit (a wide bold 6 it takes for "67" stays whole).
        one = float(one_digit_probabilities(whole) @ probabilities[-1])
        if agreement[best] < np.log(one + 1e-12):
            return [part]
    pieces = slice(2 * best, 2 * best + 2)
    if blind and reader.compiled.unsure(probabilities[pieces], top_logits[pieces]).all():
        # A blind cut whose pieces the digit model finds no digit-like at all (both "not sure") cut no
        # pair of digits: a scribbled star the pair reader takes for "44" stays one (unsure) mark.
        return [part]
    left, right = valid[best][0]
    # Each piece's digit is then read from both readings: the digit model's of the piece, and the pair
    # reader's of the whole part given what the digit model reads in the other piece.
    reader.hint(left, table @ probabilities[2 * best + 1])
    reader.hint(right, probabilities[2 * best] @ table)
    return [left, right]  # the pair reader knows one or two digits: its pieces are not split again


def _merge_broken(units: list[np.ndarray], line: float, reader: _Reader) -> list[np.ndarray]:
    """Neighbouring parts the pair reader reads together as one digit (a 4 whose strokes do not meet,
    an 8 in two loops) become one."""
    merged = [units[0]]
    for unit in units[1:]:
        last = merged[-1]
        a, b = _box_of(last), _box_of(unit)
        if b[0] - a[2] <= MERGE_GAP * line and max(a[2], b[2]) - min(a[0], b[0]) <= MERGE_WIDTH * line:
            union = last | unit
            try:
                probabilities = reader.pair_probabilities([union])[0]
            except EmptyImageError:
                probabilities = None
            if probabilities is not None and two_digit_probability(probabilities) < PAIR_SPLIT:
                merged[-1] = union
                continue
        merged.append(unit)
    return merged


def _single(image: Any, model, box: tuple[int, int, int, int] | None, prediction=None) -> NumberReading:
    """One digit: exactly what predict_image reads (``prediction``, when the caller already has it)."""
    from .predict import predict_image

    if prediction is None:
        prediction = predict_image(image, model)
    top3 = prediction.top(3)
    if box is None:
        box = (0, 0, IMAGE_SIZE, IMAGE_SIZE)
    return NumberReading([DigitReading(digit=top3[0][0], probability=top3[0][1], top3=top3, image=prediction.image,
                                       box=box, unsure=prediction.unsure)])


def read_number(image: Any, model=None, prediction=None) -> NumberReading:
    """Read every digit in ``image`` (anything ``to_mnist`` accepts), left to right.

    Parameters
    ----------
    image:
        A file path, bytes, PIL image, array or Sketchpad value.
    model:
        As for :func:`mnist_demo.top_k` (None: the shipped model).
    prediction:
        :func:`mnist_demo.predict_image`'s answer for the same ``image`` and ``model``, when the caller
        already has it: a single digit then reuses it instead of reading the picture again, and the
        number is read from the ink reading it chose. When that was a second opinion (the picture
        itself said the other polarity: a deep shadow over pencil), the answer is its one digit: the
        other marks of that reading are most often slivers of the shadow, not digits.

    Returns
    -------
    NumberReading
        The digits left to right; a single digit is read exactly as :func:`mnist_demo.predict_image`
        reads it.

    Raises ``EmptyImageError`` when no digit is found.
    """
    from .predict import UNCLEAR_INK, as_compiled, rank

    if prediction is not None and prediction.why == UNCLEAR_INK:
        return _single(image, model, None, prediction)
    # The ink reading predict_image chose (a shadow over pencil: the dark-ink second opinion, not the
    # lit paper between the strokes), so that the number and the single digit read the same ink.
    read = _ink(image, prediction.reading if prediction is not None else 0)
    if read is None:
        return _single(image, model, None, prediction)
    ink, clean, (height, width) = read
    scale_y, scale_x = height / ink.shape[0], width / ink.shape[1]  # the ink map's pixels -> the picture's
    ink, mask, factor, _ = ink_mask(ink, clean, side=MASK_SIDE, faint=True)
    compiled = as_compiled(model)
    reader = _Reader(compiled, ink, mask, factor, load_pair_reader())
    units, line = _units(mask)
    if reader.pairs is not None:
        units = _merge_broken(units, line, reader)
    parts: list[np.ndarray] = []
    for unit in units:
        left, top, right, bottom = _box_of(unit)
        alone_gate = PAIR_ALONE_SPLIT_WIDTH if reader.pairs is not None else ALONE_SPLIT_WIDTH
        if len(units) == 1 and right - left < alone_gate * (bottom - top):
            parts.append(unit)  # alone and not wider than tall: one digit, read as predict_image reads it
            continue
        parts.extend(_segment(unit, line, reader))
    images, boxes, found = [], [], []
    for part in parts[:MAX_DIGITS]:
        try:
            images.append(reader.image(part))
        except EmptyImageError:
            continue  # a dot or a speck between digits
        left, top, right, bottom = _box_of(part)
        boxes.append((round(left * factor * scale_x), round(top * factor * scale_y),
                      min(width, round(right * factor * scale_x)), min(height, round(bottom * factor * scale_y))))
        found.append(part)
    if not images:
        raise EmptyImageError("No digits found: draw or photograph a number.")
    if len(images) == 1:
        return _single(image, model, boxes[0], prediction)
    probabilities, top_logits = compiled.scores(np.stack(images))
    # Every digit of a number is read by both networks (the product of their readings): the digit
    # model's reading of its 28 x 28 image, and the pair reader's of the part as one digit, or, for
    # a piece of a cut, of the pair given the other piece.
    for k, hint in enumerate(reader.digit_hints(found)):
        if hint is not None:
            joint = probabilities[k] * hint
            probabilities[k] = joint / max(float(joint.sum()), 1e-12)
    unsure = compiled.unsure(probabilities, top_logits)
    digits = []
    for probs, picture, box, doubt in zip(probabilities, images, boxes, unsure):
        top3 = rank(probs, 3)
        digits.append(DigitReading(digit=top3[0][0], probability=top3[0][1], top3=top3, image=picture, box=box,
                                   unsure=bool(doubt)))
    return NumberReading(digits)
