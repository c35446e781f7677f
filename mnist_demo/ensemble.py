"""Averaging trained networks into one model (an ensemble), saved as one ``model.keras``.

    python -m mnist_demo ensemble runs/a/model.keras runs/b/model.keras --data PATH/mnist.npz --out runs/ab
    python -m mnist_demo calibrate --data PATH/mnist.npz --model runs/ab/model.keras

Networks trained alike from different seeds err on different digits; the mean of their logits
errs on fewer (:func:`mnist_demo.model.average_logits`). The result keeps the model contract, so the
app, the CLI and the explanations use it as they use one network. Its ``history.json`` is the first
member's training record (the curves the Training tab draws) with the ensemble's test figures and
parameter count, and a line per member: how it was trained and how it scored alone.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .config import CALIBRATION_FILE, HISTORY_FILE, MODEL_FILE
from .history import History, load_history


def average_models(model_paths: list[str | os.PathLike], data: str | None, out: str | os.PathLike,
                   replace_existing: bool = False, command: str = "") -> History:
    """Average the models in ``model_paths`` (each with its ``history.json`` beside it) into ``out``.

    Parameters
    ----------
    model_paths:
        Two or more trained model files with the same input and output (``train``'s ``model.keras``).
    data:
        MNIST (.npz or IDX folder) for the test figures; None: the Keras download.
    out:
        Folder for ``model.keras`` and ``history.json``; one that already holds a model is refused
        unless ``replace_existing``. Any calibration there is removed: refit it (``calibrate``).
    command:
        The command line that made it, recorded after the members' own.

    Returns
    -------
    History
        The record written to ``out/history.json``.
    """
    from .data import load_mnist
    from .evaluate import evaluate
    from .model import average_logits
    from .predict import load_model

    if len(model_paths) < 2:
        raise ValueError(f"An ensemble needs at least two models, got {len(model_paths)}.")
    out = Path(out)
    if (out / MODEL_FILE).exists() and not replace_existing:
        raise ValueError(f"'{out}' already holds a model ({MODEL_FILE}): pass --replace to overwrite it, "
                         "or choose another --out.")
    histories = [load_history(Path(path).parent / HISTORY_FILE) for path in model_paths]
    _, (x_test, y_test) = load_mnist(data)
    ensemble = average_logits([load_model(path) for path in model_paths])
    test = evaluate(ensemble, x_test, y_test)
    out.mkdir(parents=True, exist_ok=True)
    ensemble.save(out / MODEL_FILE)
    (out / CALIBRATION_FILE).unlink(missing_ok=True)
    first = histories[0]
    members = [{"command": history.public_command, "test_accuracy": history.test_accuracy,
                "val_accuracy": history.val_accuracy[-1] if history.val_accuracy else None,
                "seed": history.seed, "parameters": history.parameters,
                "epochs": history.epochs_run, "total_seconds": history.total_seconds}
               for history in histories]
    record = replace(first, test_loss=test["loss"], test_accuracy=test["accuracy"],
                     per_digit_accuracy=test["per_digit_accuracy"], confusion_matrix=test["confusion_matrix"],
                     parameters=int(ensemble.count_params()), members=members,
                     command=" && ".join(c for c in [*(h.command for h in histories), command] if c))
    record.save(out / HISTORY_FILE)
    return record
