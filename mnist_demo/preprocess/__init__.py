"""Preprocessing: any drawing or photo of a digit -> a 28x28 MNIST-style image.

    from mnist_demo import to_mnist
    x = to_mnist("photo.jpg")   # (28, 28) float32 in [0, 1], white digit on black

One file per stage, each a pure function of the previous stage's output:

1. ``reading``  - decode (EXIF, first frame, 16-bit, palette), bounded size, float array.
2. ``ink``      - an ink map (digit = high): a drawing's alpha layer, or, for a picture, the paper
                  separated from what lies on it; helped by ``paper`` (the paper's light, a
                  morphological background estimate) and ``tones`` (two-tone pictures, the ink's
                  polarity).
3. ``select``   - threshold, ruled lines, connected parts: the digit and its broken strokes.
4. ``geometry`` - crop, MNIST-like stroke width, long side into 20 x 20, centre of mass in 28 x 28.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..config import IMAGE_SIZE
from .geometry import fit_to_mnist, is_mnist_like, normalise_strokes, stroke_width
from .ink import THUMBNAIL_SIDE, InkReading, ink_from_image, ink_from_sketchpad, ink_of, ink_readings
from .reading import BIG_DECODES_AT_ONCE, BIG_PICTURE_PIXELS, MAX_INPUT_PIXELS, TOO_LARGE, EmptyImageError, read_image
from .select import (
    THIN_PART_RATIO,
    crop_part,
    digit_crops,
    fades_into_clipped_paper,
    ink_levels,
    ink_mask,
    placed,
    select_digit,
)
from .tones import BetweenStrokes

__all__ = ["BIG_DECODES_AT_ONCE", "BIG_PICTURE_PIXELS", "MAX_INPUT_PIXELS", "THIN_PART_RATIO", "TOO_LARGE",
           "EmptyImageError", "InkReading", "PictureInk", "crop_part", "digit_crops", "digit_readings", "fit_to_mnist",
           "ink_from_image", "ink_from_sketchpad", "ink_mask", "ink_of", "ink_readings", "mnist_readings",
           "normalise_strokes", "picture_ink", "read_image", "select_digit", "stroke_width", "to_mnist"]


class PictureInk(NamedTuple):
    """A picture's ink, read once (:func:`picture_ink`) for the single digit and for the number.

    ``readings``: its ink readings, the likelier first (:func:`~.ink.ink_readings`; one for a drawing),
    empty for an image already in MNIST's format, which is then ``mnist`` (its own 28 x 28 image);
    ``shape``: the picture's (height, width) (a drawing's: its canvas's); ``thin``: whether marker
    strokes are thinned towards MNIST's pen (not in a thumbnail: there a stroke is a pixel or two of
    the source, its measured width the blur and the pixel grid, and thinning it erased a narrow 8's
    loops, read as a 1).
    """

    readings: list[InkReading]
    shape: tuple[int, int]
    thin: bool = True
    mnist: np.ndarray | None = None


def picture_ink(image: Any) -> PictureInk:
    """Decode ``image`` (anything :func:`to_mnist` takes) and read its ink: the work that
    :func:`digit_readings` and :func:`mnist_demo.read_number` share, done once when the caller passes
    it on (``predict_image`` keeps it on its answer). Raises like :func:`to_mnist`."""
    if isinstance(image, dict):
        ink, clean = ink_of(image)
        return PictureInk([InkReading(ink, clean)], ink.shape[:2])
    array = read_image(image)
    if array.shape[:2] == (IMAGE_SIZE, IMAGE_SIZE) and array.shape[-1] in (1, 3):
        gray = array.mean(axis=-1)
        if is_mnist_like(gray):  # MNIST input stays as it is
            return PictureInk([], array.shape[:2], mnist=(gray / float(gray.max())).astype(np.float32))
    return PictureInk(ink_readings(array), array.shape[:2], thin=max(array.shape[:2]) > THUMBNAIL_SIDE)


def digit_readings(image: Any, ink: PictureInk | None = None) -> list[tuple[np.ndarray, bool, int]]:
    """The plausible 28 x 28 readings of an image, the likelier first, each with whether it is a
    second opinion (a reading against what the picture said of its ink's polarity: the model may
    read it, but no digit is claimed from it; see :func:`~mnist_demo.preprocess.ink.ink_readings`)
    and the index of the ink reading it comes from (in ``ink_readings``' order). ``ink``: the
    picture's :func:`picture_ink`, when the caller has it already.

    Mostly one or two. More when the picture itself leaves a choice open (the ink's polarity under a
    strong light gradient, a digit filling a thumbnail): :func:`mnist_demo.predict.predict_image`
    lets the model choose (the most digit-like of the readings it is sure of). A picture's ink map
    (not a drawing's layer) is also read with its faint ink joined to the strokes it touches
    (``select.ink_mask(faint=True)``: hysteresis) when that changes what the model sees: a stroke
    fading under a flash's glare or where pencil crosses a shadow's edge is faint against the rest,
    and the fragment left without it (an 8's lower loop) can read as a sure 0. Raises like
    :func:`to_mnist` when no reading holds a digit.
    """
    ink = picture_ink(image) if ink is None else ink
    if ink.mnist is not None:
        return [(ink.mnist, False, 0)]
    readings, first_error, gap = [], None, False
    for index, reading in enumerate(ink.readings):
        try:
            found = _digit_images(reading, ink.thin)
        except EmptyImageError as error:
            gap = gap or isinstance(error, BetweenStrokes)
            first_error = first_error or error
            continue
        readings += [(image, second_opinion, index) for image, second_opinion in found]
    if not readings:
        raise first_error
    if gap:
        # The light reading was the paper between the dark reading's strokes: the evidence for dark ink
        # that the picture's votes lacked, so the dark reading is no longer only a second opinion.
        readings = [(image, False, index) for image, _, index in readings]
    return readings


def _digit_images(reading: InkReading, thin: bool) -> list[tuple[np.ndarray, bool]]:
    """The 28 x 28 images of one ink reading, each with whether it is a guess (never claimed): its
    digit as selected, with its faint ink joined (a photo's ink map; only where that changes the
    image), and a second selection beside a blob (:func:`~.select.select_digits`). Raises
    ``EmptyImageError`` when the reading holds no digit (the first selection's reason when none is one)."""
    images: list[tuple[np.ndarray, bool]] = []
    refused = None
    levels = None if reading.clean else ink_levels(reading.ink)  # shared by both readings
    for faint in (False,) if reading.clean or reading.second_opinion else (False, True):
        try:
            crops = digit_crops(reading.ink, reading.clean, reading.opposite, faint=faint, levels=levels,
                                clipped=reading.clipped)
        except EmptyImageError:
            if faint:  # more ink than the plain reading found: nothing new to read
                continue
            raise
        if reading.clipped is not None:
            if not faint:
                plain = placed(crops, reading.ink.shape)
            elif fades_into_clipped_paper(plain, placed(crops, reading.ink.shape), reading.clipped):
                images, refused = [], None  # the plain reading lost strokes to the glare: only this one
        # A second selection (the strokes beside a blob that outweighs them: a thumb) is a guess, never
        # claimed, unless the blob itself was no digit at all (a dot)
        blob_refused = False
        for rank, (digit, _) in enumerate(crops):
            try:
                image = fit_to_mnist(normalise_strokes(digit, thin=thin))
            except EmptyImageError as error:
                refused = refused or error
                blob_refused = True
                continue
            if not any(np.array_equal(image, seen) for seen, _ in images):
                images.append((image, reading.second_opinion or (rank > 0 and not blob_refused)))
    if not images:
        raise refused
    return images


def mnist_readings(image: Any) -> list[np.ndarray]:
    """The plausible 28 x 28 readings of an image, the likelier first (:func:`digit_readings` without
    the second-opinion flags)."""
    return [reading for reading, *_ in digit_readings(image)]


def to_mnist(image: Any) -> np.ndarray:
    """Convert a drawing or photo of one digit to MNIST's format.

    Parameters
    ----------
    image:
        A PIL image; a numpy array ((H, W), (H, W, 3) or (H, W, 4); uint8, uint16 or float); a file
        path or bytes; or a Gradio 6 Sketchpad / ImageEditor value (``{"background", "layers",
        "composite"}``).

    Returns
    -------
    numpy.ndarray
        (28, 28) float32 in [0, 1], white digit on black, the digit's long side fitted into 20 x 20
        and its centre of mass at the centre. MNIST images themselves pass through unchanged.

    Raises
    ------
    EmptyImageError
        (a ``ValueError``) when there is no digit to read: an empty canvas, blank paper, noise, a dot.
    ValueError
        for unreadable input, with a message written for people.
    """
    return mnist_readings(image)[0]
