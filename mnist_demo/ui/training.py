"""The Training tab: the training curves, the confusion matrix and a summary, from ``history.json``."""

from __future__ import annotations

from typing import Any, NamedTuple

from mnist_demo import plots
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
        curves = plots.training_curves(history)
        confusion = plots.confusion_figure(history.confusion_matrix) if history.confusion_matrix is not None else None
    except (ValueError, KeyError) as error:
        return TrainingReport(None, None, f"No training record to show ({error}).", "")
    note = AUGMENTED_NOTE if history.config.get("augment", False) else ""
    return TrainingReport(curves, confusion, plots.summary_markdown(history), note)
