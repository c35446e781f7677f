"""Reading whole numbers, touching digits: a part that may hold two digits is cut apart.

    from mnist_demo.number_split import PartReader, segment, merge_broken

Step 3 of :mod:`mnist_demo.number`: candidate cuts (:mod:`mnist_demo.cuts`) scored by the pair reader
(:mod:`mnist_demo.pairs`) and the digit model together; without the pair reader's file, by how much
the pieces look like real digits. Also the reverse: neighbouring parts that the pair reader reads as
one digit (a 4 whose strokes do not meet) are joined.
"""

from __future__ import annotations

import numpy as np

from .cuts import CUT_COST, candidate_cuts, every_cut
from .number_layout import box_of
from .pairs import (
    PAIR_CLASSES,
    PairReader,
    one_digit_probabilities,
    pair_image,
    pair_table,
    two_digit_probability,
)
from .preprocess import EmptyImageError, crop_part, fit_to_mnist, normalise_strokes

SPLIT_WIDTH = 0.7  # parts wider than this share of the line height may hold touching digits ...
SPLIT_AGAIN_WIDTH = 0.9  # ... a piece of a split only when wider than this (three digits touching)
SPLIT_MARGIN = 2.0  # a split's pieces must look this much more digit-like (top logit) than the whole ...
SPLIT_MARGIN_SLOPE = 8.0  # ... less so by this much per line height of the part's width beyond one
PAIR_SPLIT = 0.5  # with the pair reader: a part is split when two digits are likelier than one ...
PAIR_SPLIT_WIDTH = 0.5  # ... asked of parts wider than this share of the line height (two 1s touching)
MERGE_GAP = 0.15  # neighbouring parts at most this share of the line height apart ...
MERGE_WIDTH = 1.2  # ... and together at most this many line heights wide are one digit if the pair reader says so


class PartReader:
    """The models reading crops of one picture: the digit model, and the pair reader when there is one.

    ``alone``: the picture holds one mark. Only then may a part be no digit at all (the pair reader's
    NO_DIGIT_CLASS: a letter, a star, a scribble, which is then not cut into "digits"); among other
    marks a part is read as one digit or two (the reader's other classes, renormalised).
    """

    def __init__(self, compiled, ink: np.ndarray, mask: np.ndarray, factor: int, pairs: PairReader | None = None,
                 alone: bool = False):
        self.compiled, self.ink, self.mask, self.factor, self.pairs = compiled, ink, mask, factor, pairs
        self.alone = alone
        # id(part) -> (the part, what the pair reader says of its digit (10,)); the part is held so that
        # its id is not reused by another array while this reader lives
        self.hints: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def hint(self, part: np.ndarray, digit_probabilities: np.ndarray) -> None:
        self.hints[id(part)] = (part, digit_probabilities)

    def image(self, part: np.ndarray) -> np.ndarray:
        crop, _ = crop_part(self.ink, self.mask, part, self.factor)
        return fit_to_mnist(normalise_strokes(crop))

    def pair_probabilities(self, parts: list[np.ndarray]) -> np.ndarray:
        """The pair reader's (N, 111) probabilities for the parts, in one batch: one digit d, two digits
        "ab", or no digit. Each part's one-digit reading is kept as its hint, in case it stays one digit."""
        crops = [crop_part(self.ink, self.mask, part, self.factor)[0] for part in parts]
        probabilities = self.pairs(np.stack([pair_image(crop) for crop in crops]))
        if not self.alone:
            digits = probabilities[:, :PAIR_CLASSES]
            probabilities = digits / np.maximum(digits.sum(axis=1, keepdims=True), 1e-12)
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


def segment(part: np.ndarray, line: float, reader: PartReader, depth: int = 0) -> list[np.ndarray]:
    """The part as one digit, or split in two (recursively) when the pieces look more like digits.

    Every segmentation is scored by its pieces' mean top logit (how much they look like real digits:
    halves and pairs of digits score low even when the softmax is sure), less CUT_COST per line
    height of ink the cut crosses. A split must beat the whole part by SPLIT_MARGIN, less for wider parts.
    With the pair reader, it decides instead (:func:`_segment_by_pairs`).
    """
    left, top, right, bottom = box_of(part)
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
        result.extend(segment(piece, line, reader, depth + 1))
    return result


def _readable_cuts(part: np.ndarray, line: float, reader: PartReader, cuts=candidate_cuts
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


def _segment_by_pairs(part: np.ndarray, line: float, reader: PartReader) -> list[np.ndarray]:
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


def merge_broken(units: list[np.ndarray], line: float, reader: PartReader) -> list[np.ndarray]:
    """Neighbouring parts the pair reader reads together as one digit (a 4 whose strokes do not meet,
    an 8 in two loops) become one."""
    merged = [units[0]]
    for unit in units[1:]:
        last = merged[-1]
        a, b = box_of(last), box_of(unit)
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
