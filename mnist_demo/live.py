"""Train a small CNN in a few seconds, reporting loss and accuracy as it goes ("train it yourself").

    from mnist_demo.live import LiveConfig, train_live
    for report in train_live(LiveConfig(architecture="keras_example", epochs=1, images=1000)):
        print(report.images_seen, report.accuracy, report.val_accuracy)

The training runs in a background thread; :func:`train_live` yields a :class:`Report` every
``report_every`` steps (more often in short runs: about 30 points at least) and at the end of every
epoch, with the training loss and accuracy over the steps since the previous report and the loss and
accuracy on a held-out validation set. It is bounded: at most ``MAX_IMAGES`` training images and
``MAX_SECONDS`` of training; ``stop`` (a ``threading.Event``) ends it early. The model lives only in
memory: nothing is written anywhere.

Data: ``--data`` / ``MNIST_NPZ``, else the Keras download, else (offline) the small training subset
shipped in ``assets/mnist_train_subset.npz`` (4,000 MNIST training images, never the full set).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .config import INPUT_SHAPE, NUM_CLASSES, asset_path
from .data import DataError, load_mnist, resolve_data_path, split_validation, to_model_input

SUBSET_FILE = "mnist_train_subset.npz"  # assets/: 4,000 training images (uint8) for offline training
MAX_IMAGES = 10_000  # training images at most
MAX_SECONDS = 90.0  # of training at most
MAX_EPOCHS = 10
VALIDATION_SIZE = 500  # held out of the training data (the test split is never used here)
BATCH_SIZE = 32
REPORT_EVERY = 25  # steps between reports (800 images)
SEED = 1

ARCHITECTURES = ("keras_example", "deeper")


@dataclass(frozen=True)
class LiveConfig:
    architecture: str = "keras_example"
    epochs: int = 3
    images: int = 3_000
    data: str | None = None  # None: MNIST_NPZ, else the Keras download, else the shipped subset
    max_seconds: float = MAX_SECONDS
    report_every: int = REPORT_EVERY


@dataclass
class Report:
    """Where a live training stands: one point of the live curves."""

    epoch: float  # epochs done, fractional (x axis of the curves)
    images_seen: int
    total_images: int  # images * epochs: what "done" means for the progress bar
    loss: float  # training loss and accuracy over the steps since the previous report
    accuracy: float
    val_loss: float
    val_accuracy: float
    seconds: float
    epochs: int = 1  # epochs asked for (the curves' x axis ends there)
    done: bool = False
    stopped: str | None = None  # None, "stop" (asked to) or "time" (the MAX_SECONDS cap)
    model: Any = None  # the trained keras.Model, on the last report only
    source: str = ""  # where the training images came from: "data", "download" or "subset"


def build(architecture: str):
    """``keras_example``: the Keras MNIST example's CNN (two 3x3 conv + max-pool stages, dropout, softmax,
    about 35 k parameters); ``deeper``: two conv layers per stage with batch normalisation and a dense layer
    (about 0.27 M parameters). Input (N, 28, 28, 1) in [0, 1], output (N, 10) softmax probabilities."""
    import keras
    from keras import layers

    if architecture not in ARCHITECTURES:
        raise ValueError(f"Unknown architecture {architecture!r}: choose one of {', '.join(ARCHITECTURES)}.")
    model_layers: list = [keras.Input(shape=INPUT_SHAPE)]
    if architecture == "keras_example":
        model_layers += [layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
                         layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
                         layers.Flatten(), layers.Dropout(0.5)]
    else:
        for width in (32, 64):
            for _ in range(2):  # momentum 0.9: the batch-norm statistics settle within a few hundred steps
                model_layers += [layers.Conv2D(width, 3, padding="same", use_bias=False),
                                 layers.BatchNormalization(momentum=0.9), layers.ReLU()]
            model_layers += [layers.MaxPooling2D(2), layers.Dropout(0.1)]
        model_layers += [layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dropout(0.3)]
    model_layers.append(layers.Dense(NUM_CLASSES, activation="softmax"))
    inputs = x = model_layers[0]
    for layer in model_layers[1:]:
        x = layer(x)
    model = keras.Model(inputs, x, name=f"live_{architecture}")  # functional: has .input, as predict.py expects
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


_DATA_LOCK = threading.Lock()
_DATA: dict[str, tuple[np.ndarray, np.ndarray, str]] = {}


def load_subset() -> tuple[np.ndarray, np.ndarray]:
    """The shipped training subset (images uint8 (N, 28, 28), labels (N,))."""
    path = asset_path(SUBSET_FILE)
    try:
        with np.load(path, allow_pickle=False) as npz:
            return npz["x_train"], npz["y_train"]
    except (OSError, KeyError, ValueError) as error:
        raise DataError(f"The shipped training subset '{SUBSET_FILE}' cannot be read ({error}).") from None


def training_images(data: str | None = None) -> tuple[np.ndarray, np.ndarray, str]:
    """(images, labels, source) to train on, loaded once per process: ``data`` / ``MNIST_NPZ`` ("data"), else
    the Keras download ("download"), else the shipped subset ("subset")."""
    key = str(resolve_data_path(data) or "")
    with _DATA_LOCK:
        if key not in _DATA:
            if key:
                (x, y), _ = load_mnist(key)
                _DATA[key] = (x, y, "data")
            else:
                try:
                    (x, y), _ = load_mnist(None)
                    _DATA[key] = (x, y, "download")
                except DataError:  # offline: the few thousand images shipped with the app
                    x, y = load_subset()
                    _DATA[key] = (x, y, "subset")
        return _DATA[key]


def validation_scores(model, images: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(loss, accuracy) on ``images`` without touching the model's training metrics."""
    probs = np.asarray(model(images, training=False))
    picked = np.clip(probs[np.arange(len(labels)), labels], 1e-7, 1.0)
    return float(-np.log(picked).mean()), float((probs.argmax(axis=1) == labels).mean())


def train_live(config: LiveConfig, stop: threading.Event | None = None) -> Iterator[Report]:
    """Train ``config``'s model, yielding a :class:`Report` every ``report_every`` steps and at the end of each
    epoch; the last one has ``done`` and the ``model``. Closing the iterator stops the training."""
    import keras

    stop = stop or threading.Event()
    x, y, source = training_images(config.data)
    (train_x, train_y), (val_x, val_y) = split_validation(x, y, min(VALIDATION_SIZE, len(x) // 5), SEED)
    count = int(max(1, min(config.images, MAX_IMAGES, len(train_x))))
    epochs = int(max(1, min(config.epochs, MAX_EPOCHS)))
    train_x, train_y = to_model_input(train_x[:count]), train_y[:count].astype(np.int32)
    val_x, val_y = to_model_input(val_x), val_y.astype(np.int64)
    model = build(config.architecture)
    reports: queue.Queue = queue.Queue()
    steps_per_epoch = -(-count // BATCH_SIZE)
    # Every report_every steps, but at least about 30 points on the curves of a short run.
    every = max(1, min(config.report_every, epochs * steps_per_epoch // 30))
    started = time.monotonic()
    state = {"stopped": None, "last": None}

    class Reporter(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.epoch = 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch
            self.before = (0, 0.0, 0.0)  # (steps, loss sum, accuracy sum) at the previous report in this epoch

        def report(self, step: int, logs: dict) -> None:
            val_loss, val_accuracy = validation_scores(self.model, val_x, val_y)
            seen = min(count, step * BATCH_SIZE)
            # Keras's logs average over the epoch so far; the curves show the steps since the last report.
            loss, accuracy = float(logs.get("loss", np.nan)), float(logs.get("accuracy", np.nan))
            steps, loss_sum, accuracy_sum = self.before
            self.before = (step, loss * step, accuracy * step)
            if step > steps:
                window = step - steps
                loss, accuracy = (loss * step - loss_sum) / window, (accuracy * step - accuracy_sum) / window
            report = Report(self.epoch + step / steps_per_epoch, self.epoch * count + seen, epochs * count, loss,
                            accuracy, val_loss, val_accuracy, time.monotonic() - started, epochs, source=source)
            state["last"] = report
            reports.put(report)

        def on_train_batch_end(self, batch, logs=None):
            step = batch + 1
            if stop.is_set():
                state["stopped"] = "stop"
            elif time.monotonic() - started > config.max_seconds:
                state["stopped"] = "time"
            if state["stopped"]:
                self.model.stop_training = True
                self.report(step, logs or {})
            elif step % every == 0 and step < steps_per_epoch:
                self.report(step, logs or {})

        def on_epoch_end(self, epoch, logs=None):
            if not state["stopped"]:
                self.report(steps_per_epoch, logs or {})

    def run() -> None:
        try:
            model.fit(train_x, train_y, batch_size=BATCH_SIZE, epochs=epochs, shuffle=True, verbose=0,
                      callbacks=[Reporter()])
            reports.put(None)
        except BaseException as error:  # handed to the consumer, raised there
            reports.put(error)

    thread = threading.Thread(target=run, name="live-training", daemon=True)
    thread.start()
    try:
        while True:
            report = reports.get()
            if report is None:
                break
            if isinstance(report, BaseException):
                raise report
            yield report
    finally:
        stop.set()  # closed early (the visitor left): the training ends at its next step
        thread.join()
    last = state["last"]
    if last is None:
        raise RuntimeError("The training stopped before its first step.")
    yield Report(**{**last.__dict__, "done": True, "stopped": state["stopped"], "model": model,
                    "seconds": time.monotonic() - started})


def top3(model, image28: np.ndarray) -> list[tuple[int, float]]:
    """The model's 3 most probable digits for one (28, 28) image in [0, 1], most probable first."""
    probs = np.asarray(model(np.asarray(image28, np.float32)[None, ..., None], training=False))[0]
    return [(int(digit), float(probs[digit])) for digit in np.argsort(-probs)[:3]]


@dataclass
class TrainedModel:
    """A visitor's trained model, kept only in their session (``gr.State``)."""

    model: Any
    architecture: str
    val_accuracy: float
    images: int
    epochs: float
    seconds: float
    extra: dict = field(default_factory=dict)

    def __deepcopy__(self, memo):  # Gradio may copy session state: a Keras model is shared, not copied
        return self


__all__ = ["ARCHITECTURES", "MAX_IMAGES", "MAX_SECONDS", "LiveConfig", "Report", "TrainedModel", "build", "top3",
           "train_live", "training_images"]
