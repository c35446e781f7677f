"""Evaluation: test loss, accuracy, per-digit accuracy and the confusion matrix.

    python -m mnist_demo evaluate            # shipped model on the shipped test split, offline
"""

from __future__ import annotations

import numpy as np

from .config import NUM_CLASSES
from .data import to_model_input

EVAL_BATCH = 1000
EPSILON = 1e-7  # probabilities are clipped to [EPSILON, 1] before the log, as Keras' cross-entropy does


def predict_probabilities(model, images: np.ndarray, batch_size: int = EVAL_BATCH) -> np.ndarray:
    """(N, 10) probabilities for uint8 (N, 28, 28) or float (N, 28, 28[, 1]) images, in batches.

    ``model`` is anything called as ``model(batch, training=False)``: a Keras model or a
    :class:`mnist_demo.predict.CompiledModel`.
    """
    x = to_model_input(images)
    outputs = [np.asarray(model(x[i : i + batch_size], training=False)) for i in range(0, len(x), batch_size)]
    return np.concatenate(outputs) if outputs else np.zeros((0, NUM_CLASSES), np.float32)


def negative_log_likelihood(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Mean cross-entropy of the true labels (the test loss; what temperature scaling minimises)."""
    picked = probabilities[np.arange(len(labels)), labels.astype(int)]
    return float(-np.mean(np.log(np.clip(picked, EPSILON, 1.0))))


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """counts[true, predicted]."""
    counts = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype=np.int64)
    np.add.at(counts, (labels.astype(int), predictions.astype(int)), 1)
    return counts


def evaluate(model, images: np.ndarray, labels: np.ndarray) -> dict:
    """Loss (mean cross-entropy), accuracy, per-digit accuracy and confusion matrix of ``model``."""
    if len(images) == 0:
        raise ValueError("evaluate() needs at least one image.")
    return score(predict_probabilities(model, images), labels)


def score(probabilities: np.ndarray, labels: np.ndarray) -> dict:
    """The figures of :func:`evaluate` from (N, 10) predicted probabilities and the (N,) true labels."""
    predictions = probabilities.argmax(axis=1)
    counts = confusion_matrix(labels, predictions)
    per_digit = np.diag(counts) / np.maximum(counts.sum(axis=1), 1)
    return {
        "loss": negative_log_likelihood(probabilities, labels),
        "accuracy": float(np.mean(predictions == labels)),
        "per_digit_accuracy": [float(v) for v in per_digit],
        "confusion_matrix": counts.tolist(),
        "errors": int(np.sum(predictions != labels)),
        "count": len(labels),
    }
