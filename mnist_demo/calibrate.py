"""Calibration: temperature scaling fitted on the validation split, and an honest "not sure".

    python -m mnist_demo calibrate --data ../shared/mnist/mnist.npz

Temperature scaling (Guo et al. 2017) divides the model's log-probabilities by one number T
chosen to minimise the negative log-likelihood on held-out data. It never changes which digit
ranks first, only how sure the probabilities say the model is. T is fitted on the same seeded
validation split training held out (never the test split) and saved in ``assets/calibration.json``
with the expected calibration error (ECE) before and after.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .config import CALIBRATION_FILE, HISTORY_FILE, MAX_PIXEL, asset_path

ECE_BINS = 15
NOT_SURE_BELOW = 0.6  # a calibrated top probability under this is answered with "not sure" ...
TOP_LOGIT_PERCENTILE = 3.0  # ... and so is a top logit lower than this percentile of the validation digits'

EPSILON = 1e-12


def apply_temperature(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(log(p) / T), row-wise."""
    logits = np.log(np.clip(probabilities, EPSILON, 1.0)) / temperature
    logits -= logits.max(axis=-1, keepdims=True)
    scaled = np.exp(logits)
    return scaled / scaled.sum(axis=-1, keepdims=True)


def negative_log_likelihood(probabilities: np.ndarray, labels: np.ndarray) -> float:
    picked = probabilities[np.arange(len(labels)), labels.astype(int)]
    return float(-np.mean(np.log(np.clip(picked, EPSILON, 1.0))))


def fit_temperature(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The T in [0.05, 20] minimising the NLL of ``apply_temperature(probabilities, T)``."""
    from scipy.optimize import minimize_scalar

    result = minimize_scalar(lambda log_t: negative_log_likelihood(apply_temperature(probabilities, np.exp(log_t)), labels),
                             bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return float(np.exp(result.x))


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = ECE_BINS) -> float:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by bin size."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            error += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(error)


def load_calibration(path: str | Path | None = None) -> dict:
    """The saved calibration, or the identity (T = 1) when there is none."""
    source = Path(path) if path else asset_path(CALIBRATION_FILE)
    if source.is_file():
        return json.loads(source.read_text())
    return {"temperature": 1.0, "not_sure_below": NOT_SURE_BELOW}


def calibrate(model, data: str | None, out: str | Path | None = None) -> dict:
    """Fit T on the training run's validation split and write calibration.json next to the model.

    ``model`` is a :class:`mnist_demo.predict.CompiledModel`. Also stores the "not sure" rules:
    a calibrated top probability under NOT_SURE_BELOW, or a top logit lower than all but
    TOP_LOGIT_PERCENTILE % of the validation digits' predicted as the same digit (letters and
    scribbles score low).
    """
    from .data import load_mnist, split_validation
    from .evaluate import predict_probabilities

    history = json.loads(asset_path(HISTORY_FILE).read_text()) if asset_path(HISTORY_FILE).is_file() else {}
    settings = history.get("config", {})
    (x_train, y_train), (x_test, y_test) = load_mnist(data)
    _, (x_val, y_val) = split_validation(x_train, y_train, settings.get("validation_size", 5000),
                                         settings.get("seed", 1))
    validation = predict_probabilities(model, x_val)
    test = predict_probabilities(model, x_test)
    temperature = fit_temperature(validation, y_val)
    top_logits = np.concatenate([model.scores(x_val[i : i + 1000, ..., None].astype(np.float32) / MAX_PIXEL)[1]
                                 for i in range(0, len(x_val), 1000)])
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
        "fitted_on": f"{len(y_val)} validation images (seed {settings.get('seed', 1)})",
    }
    target = Path(out) if out else asset_path(CALIBRATION_FILE)
    target.write_text(json.dumps(result, indent=2))
    return result
