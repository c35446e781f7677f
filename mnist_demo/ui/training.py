"""The Training tab: the training curves, the confusion matrix and a summary, from ``history.json``."""

from __future__ import annotations

import sys
from typing import Any, NamedTuple

from mnist_demo import plots
from mnist_demo.config import HISTORY_FILE
from mnist_demo.history import load_history

AUGMENTED_NOTE = ("Training accuracy and loss are measured on augmented images (randomly warped, with "
                  "thicker and thinner strokes), which are harder than the untouched validation images: "
                  "that is why the training curve runs below the validation curve.")


class TrainingReport(NamedTuple):
    """What the Training tab shows, from ``assets/history.json``."""

    curves: Any  # matplotlib Figure, or None
    confusion: Any  # matplotlib Figure, or None
    summary: str  # Markdown
    note: str  # why the training curve runs below the validation curve, when training was augmented


def training_report() -> TrainingReport:
    """The training curves, the confusion matrix and a summary from ``assets/history.json``."""
    try:
        history = load_history()
    except ValueError as error:  # missing or not a JSON object: load_history names the file
        return TrainingReport(None, None, f"No training record to show ({error}).", "")
    try:
        curves = plots.training_curves(history)
        confusion = plots.confusion_figure(history.confusion_matrix) if history.confusion_matrix is not None else None
        summary = plots.summary_markdown(history)
    except Exception as error:  # only for display: a malformed record must not stop the app
        print(f"{HISTORY_FILE} cannot be shown ({type(error).__name__}: {error})", file=sys.stderr)
        return TrainingReport(None, None, f"No training record to show ('{HISTORY_FILE}' is malformed).", "")
    note = AUGMENTED_NOTE if isinstance(history.config, dict) and history.config.get("augment", False) else ""
    return TrainingReport(curves, confusion, summary, note)
