"""Reading whole numbers: find each digit in a drawing or photo and read them left to right.

    import mnist_demo
    reading = mnist_demo.read_number("house_number.jpg")
    reading.text          # "2026"
    reading.digits[0]     # DigitReading(digit=2, probability=0.99, top3=[...], image=(28, 28), box=...)

Built on the preprocessing stages (``ink`` -> ``select.ink_mask`` -> ``geometry``); steps 1 and 2 live in
:mod:`mnist_demo.number_layout`, step 3 in :mod:`mnist_demo.number_split`, this module reads the digits:

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

from .config import IMAGE_SIZE
from .number_layout import box_of, digit_units
from .number_split import PartReader, merge_broken, segment
from .pairs import load_pair_reader
from .preprocess import EmptyImageError, ink_mask, picture_ink

MASK_SIDE = 400  # canvas layers are segmented at this long side (the single-digit path uses less)
ALONE_SPLIT_WIDTH = 0.9  # a part alone in the picture is split only when this much wider than tall ...
PAIR_ALONE_SPLIT_WIDTH = 0.6  # ... with the pair reader, this much (number_split.PAIR_SPLIT_WIDTH for others)
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


def _ink(image: Any, prediction=None) -> tuple[np.ndarray, bool, tuple[int, int]] | None:
    """The ink map of the ink reading ``prediction`` chose (the likelier first without one), whether
    it is a clean drawn layer, and the picture's (height, width); None for an image already in MNIST's
    format (one digit by definition). The picture is decoded again only when ``prediction`` does not
    carry its ink. A photo's ink map is analysed at its own size (``ink.WORK_SIDE``), not the picture's."""
    picture = prediction.ink if prediction is not None and prediction.ink is not None else picture_ink(image)
    if picture.mnist is not None:
        return None
    readings = picture.readings
    index = prediction.reading if prediction is not None and prediction.reading < len(readings) else 0
    return readings[index].ink, readings[index].clean, picture.shape


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
        number is read from the ink reading it chose, from the ink it carries (the picture is not
        decoded again). When that was a second opinion (the picture itself said the other polarity:
        a deep shadow over pencil), the answer is its one digit: the other marks of that reading are
        most often slivers of the shadow, not digits.

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
    read = _ink(image, prediction)
    if read is None:
        return _single(image, model, None, prediction)
    ink, clean, (height, width) = read
    scale_y, scale_x = height / ink.shape[0], width / ink.shape[1]  # the ink map's pixels -> the picture's
    ink, mask, factor, _ = ink_mask(ink, clean, side=MASK_SIDE, faint=True)
    compiled = as_compiled(model)
    units, line = digit_units(mask)
    reader = PartReader(compiled, ink, mask, factor, load_pair_reader(), alone=len(units) == 1)
    if reader.pairs is not None:
        units = merge_broken(units, line, reader)
    parts: list[np.ndarray] = []
    for unit in units:
        left, top, right, bottom = box_of(unit)
        alone_gate = PAIR_ALONE_SPLIT_WIDTH if reader.pairs is not None else ALONE_SPLIT_WIDTH
        if len(units) == 1 and right - left < alone_gate * (bottom - top):
            parts.append(unit)  # alone and not wider than tall: one digit, read as predict_image reads it
            continue
        parts.extend(segment(unit, line, reader))
    images, boxes, found = [], [], []
    for part in parts[:MAX_DIGITS]:
        try:
            images.append(reader.image(part))
        except EmptyImageError:
            continue  # a dot or a speck between digits
        left, top, right, bottom = box_of(part)
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
