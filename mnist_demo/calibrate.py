"""Calibration fitting (offline): temperature scaling and the "not sure" floors, from the validation split.

    python -m mnist_demo calibrate --data mnist.npz [--model assets/model.keras]

Temperature scaling (Guo et al. 2017) divides the model's log-probabilities by one number T
chosen to minimise the negative log-likelihood on held-out data. It never changes which digit
ranks first, only how sure the probabilities say the model is. T is fitted on the same seeded
validation split training held out (never the test split; its size and seed come from the
``history.json`` beside the model) and saved in ``calibration.json`` beside the model with the
expected calibration error (ECE) before and after. The app applies it at run time through
mnist_demo/confidence.py.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np

from .confidence import NOT_SURE_BELOW, apply_temperature
from .config import ASSETS_DIR, CALIBRATION_FILE, HISTORY_FILE
from .evaluate import EVAL_BATCH, negative_log_likelihood, predict_probabilities

ECE_BINS = 15
TOP_LOGIT_PERCENTILE = 3.0  # "not sure" below this percentile of the top logits of validation digits


def fit_temperature(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The T in [0.05, 20] minimising the NLL of ``apply_temperature(probabilities, T)``."""
    from scipy.optimize import minimize_scalar

    def loss(log_t: float) -> float:
        return negative_log_likelihood(apply_temperature(probabilities, np.exp(log_t)), labels)

    result = minimize_scalar(loss, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return float(np.exp(result.x))


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = ECE_BINS) -> float:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by bin size."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in itertools.pairwise(edges):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            error += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(error)


def calibrate(model, data: str | None, out: str | Path | None = None) -> dict:
    """Fit T on the training run's validation split and write calibration.json next to the model.

    ``model`` is a :class:`mnist_demo.predict.CompiledModel`. Also stores the "not sure" rules:
    a calibrated top probability under NOT_SURE_BELOW, or a top logit lower than all but
    TOP_LOGIT_PERCENTILE % of the validation digits' predicted as the same digit (letters and
    scribbles score low). Returns what it wrote.
    """
    from .data import load_mnist, split_validation, to_model_input
    from .history import load_history
    from .train import TrainConfig

    folder = Path(model.path).parent if getattr(model, "path", None) else ASSETS_DIR
    defaults = TrainConfig()
    settings = load_history(folder / HISTORY_FILE).config if (folder / HISTORY_FILE).is_file() else {}
    # Runs recorded before validation_seed existed held out by their seed (always 1 in practice)
    seed = settings.get("validation_seed", settings.get("seed", defaults.validation_seed))
    (x_train, y_train), (x_test, y_test) = load_mnist(data)
    _, (x_val, y_val) = split_validation(x_train, y_train, settings.get("validation_size", defaults.validation_size),
                                         seed)
    validation = predict_probabilities(model, x_val)
    test = predict_probabilities(model, x_test)
    temperature = fit_temperature(validation, y_val)
    inputs = to_model_input(x_val)
    top_logits = np.concatenate([model.scores(inputs[i : i + EVAL_BATCH])[1]
                                 for i in range(0, len(inputs), EVAL_BATCH)])
    predicted = validation.argmax(axis=1)
    min_top_logit = [float(np.percentile(top_logits[predicted == digit], TOP_LOGIT_PERCENTILE))
                     for digit in range(validation.shape[1])]  # plain 1s score lower than 8s
    result = {
        "temperature": temperature,
        "not_sure_below": NOT_SURE_BELOW,
        "min_top_logit": min_top_logit,
        "top_logit_percentile": TOP_LOGIT_PERCENTILE,
        "validation_ece_before": expected_calibration_error(validation, y_val),
        "validation_ece_after": expected_calibration_error(apply_temperature(validation, temperature), y_val),
        "test_ece_before": expected_calibration_error(test, y_test),
        "test_ece_after": expected_calibration_error(apply_temperature(test, temperature), y_test),
        "validation_nll_before": negative_log_likelihood(validation, y_val),
        "validation_nll_after": negative_log_likelihood(apply_temperature(validation, temperature), y_val),
        "fitted_on": f"{len(y_val)} validation images (seed {seed})",
    }
    if getattr(model, "path", None):  # whose calibration this is: checked when the model is loaded
        from .predict import file_sha256

        result["model_sha256"] = file_sha256(model.path)
    target = Path(out) if out else folder / CALIBRATION_FILE
    target.write_text(json.dumps(result, indent=2))
    return result
