"""Evaluation: test loss, accuracy, per-digit accuracy and the confusion matrix.

    python -m mnist_demo evaluate            # shipped model on the shipped test split, offline
"""

from __future__ import annotations

import numpy as np

from .config import MAX_PIXEL, NUM_CLASSES

EVAL_BATCH = 1000


def predict_probabilities(model, images: np.ndarray, batch_size: int = EVAL_BATCH) -> np.ndarray:
    """(N, 10) probabilities for uint8 (N, 28, 28) or float (N, 28, 28[, 1]) images, in batches."""
    x = images.astype(np.float32)
    if images.dtype == np.uint8:
        x /= MAX_PIXEL
    if x.ndim == 3:
        x = x[..., None]
    outputs = [np.asarray(model(x[i : i + batch_size], training=False)) for i in range(0, len(x), batch_size)]
    return np.concatenate(outputs) if outputs else np.zeros((0, NUM_CLASSES), np.float32)


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """counts[true, predicted]."""
    counts = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype=np.int64)
    np.add.at(counts, (labels.astype(int), predictions.astype(int)), 1)
    return counts


def evaluate(model, images: np.ndarray, labels: np.ndarray) -> dict:
    """Loss (mean cross-entropy), accuracy, per-digit accuracy and confusion matrix."""
    if len(images) == 0:
        raise ValueError("evaluate() needs at least one image.")
    probabilities = predict_probabilities(model, images)
    predictions = probabilities.argmax(axis=1)
    picked = probabilities[np.arange(len(labels)), labels.astype(int)]
    loss = float(-np.mean(np.log(np.clip(picked, 1e-7, 1.0))))
    counts = confusion_matrix(labels, predictions)
    per_digit = np.diag(counts) / np.maximum(counts.sum(axis=1), 1)
    return {
        "loss": loss,
        "accuracy": float(np.mean(predictions == labels)),
        "per_digit_accuracy": [float(v) for v in per_digit],
        "confusion_matrix": counts.tolist(),
        "errors": int(np.sum(predictions != labels)),
        "count": int(len(labels)),
    }
