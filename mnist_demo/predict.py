"""Prediction: load the model once (Keras safe mode) and rank digits for any image.

    import mnist_demo
    mnist_demo.top_k("photo.jpg", k=3)   # [(7, 0.998), (1, 0.001), (2, 0.0004)]

The model runs through one compiled ``tf.function`` with a fixed input signature, which costs
well under a millisecond per image on CPU instead of the ~40 ms fixed overhead of ``model.predict``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import numpy as np

from .confidence import Calibration
from .config import CALIBRATION_FILE, IMAGE_SIZE, MODEL_FILE, NUM_CLASSES, RETRAIN_COMMAND, asset_path
from .preprocess import PictureInk, digit_readings, picture_ink
from .runtime import import_tensorflow_quietly

# What ``model=`` takes: None (the shipped model), a model file path, a CompiledModel or a Keras model.
Model = Union["CompiledModel", str, os.PathLike, Any, None]


class ModelFileError(RuntimeError):
    """The model file is missing, corrupt or does not follow the model contract."""


_cache: dict[str, CompiledModel] = {}
_cache_lock = threading.Lock()


class CompiledModel:
    """A Keras model plus a compiled, thread-safe forward pass for (N, 28, 28, 1) float32 batches.

    Besides the probabilities it returns the top *logit* (the final layer's score before softmax),
    which tells digits from letters and scribbles far better than the top probability does.
    """

    def __init__(self, model, path: Path | None = None, calibration: Calibration | None = None):
        import keras
        import tensorflow as tf

        self.model = model
        self.path = path
        # From calibration.json beside the model file, when there is one; else the identity.
        self.calibration = calibration or Calibration()
        spec = tf.TensorSpec([None, IMAGE_SIZE, IMAGE_SIZE, 1], tf.float32)
        last = model.layers[-1]
        if isinstance(last, keras.layers.Dense) and last.activation is keras.activations.softmax:
            features = keras.Model(model.input, last.input)

            def forward(x):
                logits = tf.matmul(features(x, training=False), last.kernel) + last.bias
                return tf.nn.softmax(logits), tf.reduce_max(logits, axis=-1)
        else:  # another architecture: fall back to log-probabilities
            def forward(x):
                probabilities = model(x, training=False)
                return probabilities, tf.reduce_max(tf.math.log(probabilities + 1e-12), axis=-1)

        self._forward = tf.function(forward, input_signature=[spec], reduce_retracing=True)
        # One image at a time (the app's hot path) runs XLA-compiled for its fixed shape: about 0.3 ms
        # less per call on CPU. Other batch sizes use the plain graph (XLA would recompile per size).
        single = tf.TensorSpec([1, IMAGE_SIZE, IMAGE_SIZE, 1], tf.float32)
        self._forward_one = tf.function(forward, input_signature=[single], jit_compile=True)

    def _run(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        batch = np.asarray(images, dtype=np.float32)
        if batch.ndim == 3:
            batch = batch[..., None]
        probabilities, top_logits = (self._forward_one if len(batch) == 1 else self._forward)(batch)
        return probabilities.numpy(), top_logits.numpy()

    def __call__(self, images: np.ndarray, training: bool = False) -> np.ndarray:
        """(N, 28, 28[, 1]) float in [0, 1] -> (N, 10) probabilities, exactly the model's."""
        return self._run(images)[0]

    def scores(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(N, 10) temperature-calibrated probabilities (same ranking) and the (N,) top logits."""
        probabilities, top_logits = self._run(images)
        return self.calibration.scale(probabilities), top_logits

    def calibrated(self, images: np.ndarray) -> np.ndarray:
        """Like calling the model, with the probabilities temperature-scaled (same ranking)."""
        return self.scores(images)[0]

    def unsure(self, probabilities: np.ndarray, top_logits: np.ndarray) -> np.ndarray:
        """True where the answer should be "not sure": a low top probability or a low top logit."""
        return self.calibration.unsure(probabilities, top_logits)

    def count_params(self) -> int:
        return int(self.model.count_params())


def _check_contract(model, path: Path) -> None:
    input_shape = tuple(model.input_shape[1:]) if hasattr(model, "input_shape") else None
    output_shape = tuple(model.output_shape[1:]) if hasattr(model, "output_shape") else None
    if input_shape != (IMAGE_SIZE, IMAGE_SIZE, 1) or output_shape != (NUM_CLASSES,):
        raise ModelFileError(f"Model file '{path}' takes {input_shape} and returns {output_shape}; expected "
                             f"({IMAGE_SIZE}, {IMAGE_SIZE}, 1) -> ({NUM_CLASSES},). Retrain with: {RETRAIN_COMMAND}")


def file_sha256(path: str | os.PathLike) -> str:
    """The SHA-256 of a file's bytes (what calibration.json records as ``model_sha256``)."""
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def calibration_for(model_path: Path) -> Calibration:
    """The ``calibration.json`` beside a model file, if it was fitted on that model.

    One that records another model's ``model_sha256`` (a model retrained or replaced since) is ignored
    with a warning: its temperature and "not sure" floors would judge this model wrongly. The model's
    own probabilities are used until it is refitted.
    """
    path = model_path.parent / CALIBRATION_FILE
    try:
        fitted_on = json.loads(path.read_text()).get("model_sha256") if path.is_file() else None
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        fitted_on = None  # Calibration.load says what is wrong with the file
    if fitted_on is not None and fitted_on != file_sha256(model_path):
        print(f"warning: '{path}' was fitted on another model than '{model_path}' and is ignored. "
              "Refit it with: python -m mnist_demo calibrate --data PATH", file=sys.stderr)
        return Calibration()
    return Calibration.load(path)


def load_model(path: str | os.PathLike | None = None):
    """The ``keras.Model`` in a model file (None: the shipped ``assets/model.keras``), loaded in safe mode
    once per path (cached, safe to call from many threads): ``.predict``, ``.summary`` and the rest.

    Passing it as ``model=`` to :func:`top_k` or :func:`predict_image` uses its cached compiled forward
    pass and calibration (:func:`load_compiled`). Raises :class:`ModelFileError` as ``load_compiled``.
    """
    return load_compiled(path).model


def load_compiled(path: str | os.PathLike | None = None) -> CompiledModel:
    """The model file's :class:`CompiledModel`: the fast compiled forward pass the app and ``top_k`` use.
    Loaded in safe mode once per path (cached, safe to call from many threads).

    Parameters
    ----------
    path:
        A ``.keras`` file following the model contract ((N, 28, 28, 1) float32 in [0, 1] ->
        (N, 10) softmax). None: the shipped ``assets/model.keras``.

    Returns
    -------
    CompiledModel
        The model with a compiled forward pass, calibrated by the ``calibration.json`` beside the
        file when there is one.

    Raises
    ------
    ModelFileError
        The file is missing, corrupt, unsafe or of the wrong shape; one line naming the file and
        the command that retrains it.
    """
    resolved = Path(path) if path else asset_path(MODEL_FILE)
    key = str(resolved.resolve())
    with _cache_lock:
        if key in _cache:
            return _cache[key]
        if not resolved.is_file():
            raise ModelFileError(f"Model file '{resolved}' not found. Train one with: {RETRAIN_COMMAND}")
        import_tensorflow_quietly()
        import keras

        try:
            model = keras.saving.load_model(resolved, compile=False, safe_mode=True)
        except Exception as error:  # corrupt zip, wrong format, unsafe lambda ...
            raise ModelFileError(f"Model file '{resolved}' could not be loaded ({type(error).__name__}: "
                                 f"{str(error).splitlines()[0][:200] if str(error) else 'no details'}). "
                                 f"Retrain with: {RETRAIN_COMMAND}") from None
        _check_contract(model, resolved)
        compiled = CompiledModel(model, resolved, calibration_for(resolved))
        compiled(np.zeros((1, IMAGE_SIZE, IMAGE_SIZE, 1), np.float32))  # trace + warm up once
        _cache[key] = compiled
        return compiled


def as_compiled(model: Model = None) -> CompiledModel:
    """The :class:`CompiledModel` for a ``model=`` argument: None (the shipped model), a model file
    path, a CompiledModel, or a plain Keras model (uncalibrated)."""
    if model is None:
        return load_compiled()
    if isinstance(model, CompiledModel):
        return model
    if isinstance(model, (str, os.PathLike)):
        return load_compiled(model)
    with _cache_lock:  # a model load_model() gave: its cached compiled pass and calibration
        loaded = next((compiled for compiled in _cache.values() if compiled.model is model), None)
    return loaded or CompiledModel(model)  # another keras.Model (uncalibrated)


_as_compiled = as_compiled  # the name mnist_demo/number.py still imports (its redesign is under way)


AMBIGUOUS = "ambiguous"  # Prediction.why: torn between two digits (calibrated top probability too low)
UNLIKE_A_DIGIT = "unlike_a_digit"  # Prediction.why: the top logit is lower than nearly every real digit's
UNCLEAR_INK = "unclear_ink"  # Prediction.why: read against what the picture said of its ink (a shadow over pencil)


@dataclass
class Prediction:
    """The verdict on one image: the digit, the probabilities, and whether to claim it (``unsure``, ``why``)."""

    probabilities: np.ndarray  # (10,) calibrated
    image: np.ndarray  # (28, 28) what the model saw
    top_logit: float
    unsure: bool  # "not sure": probably not a digit, or too ambiguous to claim one
    why: str | None = None  # why "not sure": AMBIGUOUS, UNLIKE_A_DIGIT or UNCLEAR_INK; None when sure
    reading: int = 0  # the picture's ink reading it comes from (preprocess.ink_readings' order; mostly the first)
    # the picture's decoded ink (preprocess.picture_ink), for read_number to read the number from without
    # decoding the picture again
    ink: PictureInk | None = field(default=None, repr=False, compare=False)

    @property
    def digit(self) -> int:
        """The most probable digit (a guess when ``unsure``)."""
        return int(np.argmax(self.probabilities))

    @property
    def probability(self) -> float:
        """The calibrated probability of :attr:`digit`."""
        return float(self.probabilities[self.digit])

    def top(self, k: int = 3) -> list[tuple[int, float]]:
        """The k most probable ``(digit, probability)`` pairs, most probable first (as :func:`top_k`)."""
        return rank(self.probabilities, k)


def predict_image(image: Any, model: Model = None) -> Prediction:
    """Preprocess, run the model once, and judge whether to claim a digit: a :class:`Prediction`.

    Takes what :func:`top_k` takes; raises ``EmptyImageError`` or ``ValueError`` as it does.
    """
    compiled = as_compiled(model)
    ink = picture_ink(image)
    readings, second_opinions, sources = zip(*digit_readings(image, ink))  # mostly one or two readings
    probs, top_logits = compiled.scores(np.stack(readings))
    model_unsure = compiled.unsure(probs, top_logits)
    unsure = model_unsure | np.asarray(second_opinions)  # a second opinion's digit: a guess, never claimed
    # Of the readings the model is sure of, the one that looks most like a digit (the highest top
    # logit: a stroke lost at the picture's edge leaves a fragment that may read as a sure 1, but a
    # less digit-like one); when it is sure of none, the most digit-like of all. A second opinion
    # takes part: when it looks more like a digit than the reading the picture voted for (lit paper
    # between pencil strokes read as light ink: a sure 1), that claim is withdrawn and its digit is
    # the guess.
    sure = np.flatnonzero(~model_unsure)
    candidates = sure if sure.size else np.arange(len(readings))
    best = int(candidates[np.argmax(top_logits[candidates])])
    why = None
    if second_opinions[best]:
        why = UNCLEAR_INK
    elif unsure[best]:
        why = AMBIGUOUS if float(probs[best].max()) < compiled.calibration.not_sure_below else UNLIKE_A_DIGIT
    return Prediction(probs[best], readings[best], float(top_logits[best]), bool(unsure[best]), why, sources[best],
                      ink)


def probabilities(image: Any, model: Model = None) -> tuple[np.ndarray, np.ndarray]:
    """(10,) calibrated probabilities and the (28, 28) image the model saw."""
    prediction = predict_image(image, model)
    return prediction.probabilities, prediction.image


def check_k(k: int) -> None:
    """Raise ValueError unless k is a whole number with 1 <= k <= 10 (how many digits to list)."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise ValueError(f"k must be a whole number between 1 and {NUM_CLASSES}, got {k!r}.")
    if not 1 <= k <= NUM_CLASSES:
        raise ValueError(f"k must be between 1 and {NUM_CLASSES}, got {k}.")


def rank(probs: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k most probable digits, most probable first."""
    check_k(k)
    order = np.argsort(-probs, kind="stable")[:k]
    return [(int(digit), float(probs[digit])) for digit in order]


def top_k(image: Any, k: int = 3, model: Model = None) -> list[tuple[int, float]]:
    """Top-k ``(digit, probability)`` pairs for a drawing or photo, most probable first.

    Parameters
    ----------
    image:
        Anything :func:`mnist_demo.to_mnist` accepts: a PIL image, a numpy array, a file path,
        bytes, or a Gradio Sketchpad / ImageEditor value.
    k:
        How many digits to list, 1 to 10.
    model:
        None for the shipped model (loaded once), a model file path, a :class:`CompiledModel`
        or a Keras model (the one :func:`load_model` gives runs as fast as None).

    Returns
    -------
    list of (int, float)
        ``k`` pairs of digit and probability, most probable first. The probabilities are
        temperature-calibrated when a ``calibration.json`` lies beside the model file (same
        ranking as the raw model).

    Raises
    ------
    EmptyImageError
        There is no digit to read (blank canvas, uniform picture, noise, a dot).
    ValueError
        ``k`` is out of range, or the file cannot be read as a picture.
    """
    check_k(k)
    probs, _ = probabilities(image, model)
    return rank(probs, k)
