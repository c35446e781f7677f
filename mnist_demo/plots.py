"""Figures for the demo: training curves, the confusion matrix and enlarged 28x28 digits.

    from mnist_demo import plots
    from mnist_demo.history import load_history
    history = load_history()                       # assets/history.json
    plots.training_curves(history)                 # matplotlib Figure: accuracy and loss per epoch
    plots.confusion_figure(history.confusion_matrix)
    plots.enlarge(mnist_image)                     # PIL image, 280x280, visible pixels

Figures are built with ``matplotlib.figure.Figure`` (no pyplot state, safe in server threads) on a
transparent background with mid-grey text, so they read well in Gradio's light and dark themes.
Titles and axes are in the language of ``mnist_demo.lang.speaking`` (English by default).
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from PIL import Image

from .config import NUM_CLASSES
from .history import TARGET_VALIDATION, History
from .lang import number, text

PREVIEW_SCALE = 10  # 28 x 28 -> 280 x 280
GRID_DIM = 0.78  # grid lines keep this share of the pixel's brightness ...
GRID_LIFT = 0.09  # ... plus this much, so the grid is faintly visible on black too

TEXT = "#8a8f98"  # readable on white and on Gradio's dark background
GRID = "#8a8f9840"
TRAIN_COLOUR = "#3b82f6"
VALIDATION_COLOUR = "#f97316"

CURVES = ("loss", "accuracy", "val_loss", "val_accuracy")  # the History fields the curves need


def enlarge(image: np.ndarray, scale: int = PREVIEW_SCALE, grid: bool = True) -> Image.Image:
    """A (28, 28) float [0, 1] (or uint8) image scaled up with NEAREST, with a faint pixel grid."""
    array = np.asarray(image, dtype=np.float32)
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim != 2:
        raise ValueError(f"Expected a 2-D image, got shape {array.shape}.")
    if array.max() > 1.0:
        array = array / 255.0
    big = np.kron(np.clip(array, 0.0, 1.0), np.ones((scale, scale), np.float32))
    if grid and scale >= 4:
        lines = np.zeros(big.shape, bool)
        lines[::scale, :] = True
        lines[:, ::scale] = True
        lines[-1, :] = True
        lines[:, -1] = True
        big = np.where(lines, big * GRID_DIM + GRID_LIFT, big)
    return Image.fromarray((np.clip(big, 0.0, 1.0) * 255).round().astype(np.uint8), mode="L")


def _figure(width: float, height: float, columns: int = 1):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=110, layout="constrained")
    figure.patch.set_alpha(0.0)
    axes = figure.subplots(1, columns, squeeze=False)[0]
    for ax in axes:
        ax.set_facecolor("none")
        ax.tick_params(which="both", colors=TEXT, labelsize=9)
        for spine in ax.spines.values():
            spine.set_color(TEXT)
        ax.xaxis.label.set_color(TEXT)
        ax.yaxis.label.set_color(TEXT)
        ax.title.set_color(TEXT)
    return figure, axes


PHASE_SHADES = {  # kind of epochs (History.phases) -> (light fill for both themes, legend text key)
    "finish": ("#10b98130", "phase_finish"),
    "small pictures": ("#f59e0b30", "phase_small_pictures"),
    "redrawn": ("#6366f130", "phase_redrawn"),
    "not digits": ("#ef444430", "phase_not_digits"),
}


def _shade_phases(ax, history: History) -> None:
    """Shade the epochs of the finish and of the fine-tunes (``History.phases``), each
    kind once in the legend; nothing for a run that was one augmented schedule."""
    phases = history.phases()
    if len({kind for _, _, kind in phases}) < 2:
        return
    labelled = set()
    for first, last, kind in phases:
        if kind not in PHASE_SHADES:
            continue
        colour, label = PHASE_SHADES[kind]
        ax.axvspan(first - 0.5, last + 0.5, color=colour, lw=0, label=None if kind in labelled else text(label))
        labelled.add(kind)


def training_curves(history: History):
    """Accuracy and loss per epoch, training vs validation, side by side."""
    missing = [key for key in CURVES if not getattr(history, key)]
    if missing:
        raise ValueError(f"The training history lacks {missing}.")
    from matplotlib.ticker import FuncFormatter

    epochs = np.arange(1, len(history.loss) + 1)
    figure, (accuracy_ax, loss_ax) = _figure(9.0, 3.4, columns=2)
    for ax, key, title in ((accuracy_ax, "accuracy", text("accuracy")), (loss_ax, "loss", text("loss"))):
        train, validation = np.asarray(getattr(history, key)), np.asarray(getattr(history, f"val_{key}"))
        marker = "o" if len(epochs) <= 3 else None
        ax.plot(epochs[: len(train)], train, color=TRAIN_COLOUR, marker=marker, lw=2, label=text("training"))
        ax.plot(epochs[: len(validation)], validation, color=VALIDATION_COLOUR, marker=marker, lw=2,
                label=text("validation"))
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(text("epoch"))
        ax.grid(True, color=GRID, lw=0.6)
        ax.xaxis.get_major_locator().set_params(integer=True)
        _shade_phases(ax, history)
        legend = ax.legend(frameon=False, fontsize=9)
        for label in legend.get_texts():
            label.set_color(TEXT)
    if len(epochs) > 3:  # zoom the accuracy axis onto the interesting part (skip epoch 1)
        low = min(np.min(history.accuracy[1:]), np.min(history.val_accuracy[1:]))
        accuracy_ax.set_ylim(max(0.0, low - 0.005), 1.0)
    accuracy_ax.yaxis.set_major_formatter(FuncFormatter(_percent_format))
    if len(epochs) > 3:  # late epochs differ in the second digit: a log axis shows it
        from matplotlib.ticker import LogLocator, NullFormatter

        loss_ax.set_yscale("log")
        loss_ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        loss_ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:g}"))
        loss_ax.yaxis.set_minor_formatter(NullFormatter())
    return figure


def live_curves(reports: list) -> Any:
    """Accuracy and loss so far in a live training (``mnist_demo.live.Report`` points), training vs validation,
    against epochs done (fractional)."""
    from matplotlib.ticker import FuncFormatter

    figure, (accuracy_ax, loss_ax) = _figure(9.0, 3.0, columns=2)
    x = [report.epoch for report in reports]
    marker = "o" if len(reports) <= 12 else None
    for ax, key, title in ((accuracy_ax, "accuracy", text("accuracy")), (loss_ax, "loss", text("loss"))):
        ax.plot(x, [getattr(r, key) for r in reports], color=TRAIN_COLOUR, marker=marker, ms=3, lw=2,
                label=text("training"))
        ax.plot(x, [getattr(r, f"val_{key}") for r in reports], color=VALIDATION_COLOUR, marker=marker, ms=3, lw=2,
                label=text("validation"))
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(text("epoch"))
        ax.set_xlim(0, max(float(getattr(reports[-1], "epochs", 1)) if reports else 1.0, max(x, default=1.0)))
        ax.grid(True, color=GRID)
        for label in ax.legend(frameon=False, fontsize=9).get_texts():
            label.set_color(TEXT)
    accuracy_ax.set_ylim(0.0, 1.0)
    accuracy_ax.yaxis.set_major_formatter(FuncFormatter(_percent_format))
    loss_ax.set_ylim(bottom=0.0)
    return figure


def _percent_format(value, _position=None) -> str:
    return f"{number(100 * value, 1)} %"



def confusion_figure(matrix: Any):
    """The 10x10 confusion matrix (rows: true digit, columns: predicted), counts written in cells."""
    counts = np.asarray(matrix, dtype=np.int64)
    if counts.shape != (NUM_CLASSES, NUM_CLASSES):
        raise ValueError(f"Expected a {NUM_CLASSES}x{NUM_CLASSES} confusion matrix, got {counts.shape}.")
    figure, (ax,) = _figure(5.4, 4.8)
    errors = counts.copy()
    np.fill_diagonal(errors, 0)
    # Mistakes are shaded by their share of that true digit (square-root scale), and the diagonal of
    # correct answers is plain green, so a handful of mistakes stays visible next to ~1000 right ones.
    rows = np.maximum(counts.sum(axis=1, keepdims=True), 1)
    share = errors / rows
    ax.imshow(np.sqrt(share / max(float(share.max()), 1e-9)), cmap="Reds", vmin=0, vmax=1.15,
              interpolation="nearest")
    for digit in range(NUM_CLASSES):
        ax.add_patch(_cell(digit))
    for true in range(NUM_CLASSES):
        for predicted in range(NUM_CLASSES):
            value = int(counts[true, predicted])
            if value == 0 and true != predicted:
                continue
            strong = true == predicted or share[true, predicted] > 0.5 * share.max()
            ax.text(predicted, true, str(value), ha="center", va="center",
                    fontsize=7 if value >= 1000 else 8,
                    color="white" if strong else "#222222")
    ax.set_xticks(range(NUM_CLASSES))
    ax.set_yticks(range(NUM_CLASSES))
    ax.set_xlabel(text("predicted_digit"))
    ax.set_ylabel(text("true_digit"))
    total = int(counts.sum())
    wrong = int(errors.sum())
    ax.set_title(text("confusion_title", wrong=wrong, total=number(total)), fontsize=11)
    return figure


def _cell(digit: int):
    from matplotlib.patches import Rectangle

    return Rectangle((digit - 0.5, digit - 0.5), 1, 1, facecolor="#16a34a", edgecolor="none", alpha=0.85)


def summary_markdown(history: History) -> str:
    """Test accuracy and loss, parameters, epochs and training time as a one-row Markdown table."""
    rows = []
    if history.test_accuracy is not None:
        rows.append((text("test_accuracy"), f"**{number(100 * float(history.test_accuracy), 2)} %**"))
    if history.confusion_matrix is not None:
        counts = np.asarray(history.confusion_matrix)
        rows.append((text("test_mistakes"), text("of", part=int(counts.sum() - np.trace(counts)),
                                                   whole=number(int(counts.sum())))))
    if history.test_loss is not None:
        rows.append((text("test_loss"), number(float(history.test_loss), 4)))
    if history.parameters:
        rows.append((text("parameters"), number(int(history.parameters))))
    members = history.members if len(history.members) > 1 else []
    if members and all(member.get("epochs") and member.get("total_seconds") for member in members):
        # an ensemble: each network's epochs and time, in the order of the members
        rows.append((text("epochs"), " + ".join(str(member["epochs"]) for member in members)))
        rows.append((text("training_time"), " + ".join(_duration(float(member["total_seconds"]))
                                                       for member in members)))
    else:
        epochs = history.epochs_run
        if epochs:
            rows.append((text("epochs"), str(epochs)))
        if history.total_seconds:
            per_epoch = history.seconds_per_epoch
            detail = text("per_epoch", seconds=f"{np.mean(per_epoch):.0f}") if per_epoch else ""
            rows.append((text("training_time"), _duration(float(history.total_seconds)) + detail))
    if history.seconds_to_target is not None:
        target = f"{number(100 * TARGET_VALIDATION, 1)} %"
        rows.append((text("validation_reached", target=target), _duration(float(history.seconds_to_target))))
    if not rows:
        return text("no_figures")
    lines = ["| " + " | ".join(name for name, _ in rows) + " |", "|" + "---|" * len(rows),
             "| " + " | ".join(value for _, value in rows) + " |"]
    scores = [member.get("test_accuracy") for member in history.members]
    if len(scores) > 1 and all(isinstance(score, (int, float)) for score in scores):
        alone = ", ".join(f"{number(100 * float(score), 2)} %" for score in scores)
        lines.append("\n" + text("ensemble_note", count=len(scores), alone=alone))
    if history.command:
        lines.append("\n" + text("trained_with", command=command_html(history.public_command)))
    return "\n".join(lines)


def command_html(command: str) -> str:
    """A shell command as inline code (HTML inside the summary's Markdown) that a line may break only between
    its words: each word in a ``<span>`` (one line each, by the app's CSS), an option together with its value,
    so "--epochs 0" or "--out" never splits. Copied, it is the command as it was."""
    groups: list[list[str]] = []
    for word in command.split():
        option = groups and len(groups[-1]) == 1 and groups[-1][0].startswith("-")
        if option and not word.startswith("-") and word != "&&":
            groups[-1].append(word)
        else:
            groups.append([word])
    words = " ".join(f"<span>{html.escape(' '.join(group))}</span>" for group in groups)
    return f'<code class="command">{words}</code>'



def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


__all__ = ["command_html", "confusion_figure", "enlarge", "live_curves", "summary_markdown", "training_curves"]
