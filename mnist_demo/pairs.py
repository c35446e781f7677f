"""The pair reader: one network that reads a part of a number that may hold two touching digits.

    from mnist_demo.pairs import load_pair_reader, pair_image
    reader = load_pair_reader()            # None when assets/pairs.keras is absent
    probabilities = reader(np.stack([pair_image(crop)]))   # (N, 111)

Cutting touching digits apart and asking the digit model whether the pieces look like digits fails
when the cut is hard to find (a 6 whose loop leans into an 8): the model reads the halves of a
bad cut as confidently as the digits. This network sees the whole part instead, fitted by its
*height* into a 28 x 56 frame, and says how likely it is one digit (classes 0-9), two digits
"ab" (class 10 + 10 a + b) or no digit at all (NO_DIGIT_CLASS: a letter, a star, a scribble).
:mod:`mnist_demo.number` uses it to decide whether a wide part is split and where (the cut whose
pieces agree with it): a mark that is no digit is not cut into "digits".

It is trained on parts composed from MNIST training-split digits (never validation or test) with
``python -m mnist_demo_dev.pair_training --data PATH --out assets/pairs.keras``; the marks that are no
digit are made from those digits too (mirrored, turned), with ``--outliers``. A reader without the
no-digit class (110 outputs, trained without outliers) is read the same way.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import numpy as np

from .config import DIGIT_BOX, IMAGE_SIZE, asset_path
from .preprocess import EmptyImageError, normalise_strokes
from .preprocess.geometry import fit_to_frame

PAIR_FILE = "pairs.keras"
PAIR_HEIGHT = IMAGE_SIZE
PAIR_WIDTH = 2 * IMAGE_SIZE
MAX_ASPECT = (PAIR_WIDTH - 4) / DIGIT_BOX  # a part's width fits in 52 px when its height is 20
PAIR_CLASSES = 10 + 100  # one digit d: class d; two digits "ab": class 10 + 10 a + b
NO_DIGIT_CLASS = PAIR_CLASSES  # a reader trained with outliers has one class more: a mark that is no digit
READER_OUTPUTS = (PAIR_CLASSES, PAIR_CLASSES + 1)  # without and with NO_DIGIT_CLASS
PAIR_INPUT_SHAPE = (PAIR_HEIGHT, PAIR_WIDTH, 1)
RETRAIN_PAIRS_COMMAND = "python -m mnist_demo_dev.pair_training --data PATH --out assets/pairs.keras"


def pair_class(digits: str) -> int:
    """The class of a part holding ``digits`` ("7" -> 7, "38" -> 48)."""
    if len(digits) == 1:
        return int(digits)
    if len(digits) == 2:
        return 10 + 10 * int(digits[0]) + int(digits[1])
    raise ValueError(f"a part holds one or two digits, not {digits!r}")


def two_digit_probability(probabilities: np.ndarray) -> np.ndarray:
    """(N, 110 or 111) -> (N,) probability that each part holds two digits."""
    return probabilities[..., 10:PAIR_CLASSES].sum(axis=-1)


def one_digit_probabilities(probabilities: np.ndarray) -> np.ndarray:
    """(..., 110 or 111) -> (..., 10): the probability that the part is the one digit d."""
    return probabilities[..., :10]


def pair_table(probabilities: np.ndarray) -> np.ndarray:
    """(110 or 111,) -> (10, 10): the probability of each pair "ab" at [a, b]."""
    return probabilities[10:PAIR_CLASSES].reshape(10, 10)


def pair_image(crop: np.ndarray) -> np.ndarray:
    """A part's ink crop (float, ink high) -> (28, 56): strokes normalised as for a digit, the part's
    height fitted into 20 px (its width into 52), centred by mass. Raises EmptyImageError for no ink."""
    rows, cols = np.flatnonzero(crop.max(axis=1) > 0.05), np.flatnonzero(crop.max(axis=0) > 0.05)
    if rows.size == 0:
        raise EmptyImageError("No digit found.")
    strokes = normalise_strokes(crop[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1], max_aspect=MAX_ASPECT)
    return fit_to_frame(strokes, box=(DIGIT_BOX, PAIR_WIDTH - 4), frame=(PAIR_HEIGHT, PAIR_WIDTH))


def build_pair_model(widths: tuple[int, int, int] = (32, 64, 96), dropout: float = 0.3, classes: int = PAIR_CLASSES):
    """28x56x1 -> [3x3, 3x3, 5x5/2] x2 -> 4x4 valid -> dense softmax over the 110 part classes (111 with
    NO_DIGIT_CLASS)."""
    import keras
    from keras import layers

    from .model import conv_bn

    inputs = keras.Input(shape=PAIR_INPUT_SHAPE, name="part")
    x = inputs
    for width in widths[:2]:
        x = conv_bn(x, width, 3)
        x = conv_bn(x, width, 3)
        x = conv_bn(x, width, 5, strides=2)
        x = layers.Dropout(dropout)(x)
    x = conv_bn(x, widths[2], 4, padding="valid")  # 4 x 11
    x = layers.Flatten()(x)
    x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(classes, activation="softmax", name="part_classes")(x)
    return keras.Model(inputs, outputs, name="mnist_pairs")


class PairReader:
    """The pair model with a compiled forward pass: (N, 28, 56) float in [0, 1] -> (N, 111) probabilities."""

    def __init__(self, model):
        import tensorflow as tf

        self.model = model
        spec = tf.TensorSpec([None, *PAIR_INPUT_SHAPE], tf.float32)
        self._forward = tf.function(lambda x: model(x, training=False), input_signature=[spec])

    def __call__(self, images: np.ndarray) -> np.ndarray:
        batch = np.asarray(images, np.float32)
        if batch.ndim == 3:
            batch = batch[..., None]
        return self._forward(batch).numpy()


_readers: dict[str, PairReader | None] = {}
_lock = threading.Lock()


def load_pair_reader(path: str | os.PathLike | None = None) -> PairReader | None:
    """The pair reader in ``path`` (None: the shipped ``assets/pairs.keras``), loaded once (thread-safe).

    Returns None when the file is absent, unreadable or of another shape: number reading then splits
    touching digits by the digit model's confidence alone.
    """
    resolved = Path(path) if path else asset_path(PAIR_FILE)
    key = str(resolved.resolve())
    with _lock:
        if key not in _readers:
            _readers[key] = _load(resolved)
        return _readers[key]


def _load(path: Path) -> PairReader | None:
    if not path.is_file():
        return None
    from .runtime import import_tensorflow_quietly

    import_tensorflow_quietly()
    import keras

    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # corrupt or foreign file: number reading works without it
        print(f"warning: the pair reader '{path}' could not be loaded ({type(error).__name__}); touching digits "
              f"are split without it. Retrain it with: {RETRAIN_PAIRS_COMMAND}", file=sys.stderr)
        return None
    if tuple(model.input_shape[1:]) != PAIR_INPUT_SHAPE or len(model.output_shape) != 2 or (
            model.output_shape[-1] not in READER_OUTPUTS):
        print(f"warning: the pair reader '{path}' takes {model.input_shape[1:]} and returns {model.output_shape[1:]}; "
              f"expected {PAIR_INPUT_SHAPE} -> {' or '.join(f'({size},)' for size in READER_OUTPUTS)}. It is not used.",
              file=sys.stderr)
        return None
    reader = PairReader(model)
    reader(np.zeros((1, *PAIR_INPUT_SHAPE), np.float32))  # trace once
    return reader
