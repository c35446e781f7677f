"""The Training tab: the training curves, the confusion matrix and a summary, from ``history.json``."""

from __future__ import annotations

import functools
import sys
from typing import Any, NamedTuple

import gradio as gr

from mnist_demo import lang, plots
from mnist_demo.config import HISTORY_FILE
from mnist_demo.history import load_history

from .i18n import lang_of, t

AUGMENTED_NOTE = lang.text("augmented_note", "en")


class TrainingReport(NamedTuple):
    """What the Training tab shows, from ``assets/history.json``."""

    curves: Any  # matplotlib Figure, or None
    confusion: Any  # matplotlib Figure, or None
    summary: str  # Markdown
    note: str  # why the training curve runs below the validation curve, when training was augmented


def training_report() -> TrainingReport:
    """The training curves, the confusion matrix and a summary from ``assets/history.json``, in the
    language of ``mnist_demo.lang.speaking``."""
    try:
        history = load_history()
    except ValueError as error:  # missing or not a JSON object: load_history names the file
        return TrainingReport(None, None, lang.text("no_record", error=error), "")
    try:
        curves = plots.training_curves(history)
        confusion = plots.confusion_figure(history.confusion_matrix) if history.confusion_matrix is not None else None
        summary = plots.summary_markdown(history)
    except Exception as error:  # only for display: a malformed record must not stop the app
        print(f"{HISTORY_FILE} cannot be shown ({type(error).__name__}: {error})", file=sys.stderr)
        return TrainingReport(None, None, lang.text("malformed_record", name=HISTORY_FILE), "")
    augmented = isinstance(history.config, dict) and history.config.get("augment", False)
    note = lang.text("augmented_note") if augmented else ""
    if note and len({kind for _, _, kind in history.phases()}) > 1:
        note += " " + lang.text("phases_note")
    return TrainingReport(curves, confusion, summary, note)


@functools.lru_cache(maxsize=len(lang.LANGUAGES))
def report_in(language: str) -> TrainingReport:
    """:func:`training_report` in ``language``, made once per language."""
    with lang.speaking(language):
        return training_report()


def training_tab(demo) -> gr.State:
    """The Training tab's record of the shipped model (in the page's language: figures in English at first,
    redrawn in Spanish on load for a Spanish browser), then "Train it yourself" (``live_training``), whose
    session state (the visitor's trained model) it returns."""
    curves, confusion, summary, curves_note = report_in("en")
    summary_md = gr.Markdown(summary, elem_id="training-summary")
    curves_plot = confusion_plot = note_md = None
    if curves is not None:
        curves_plot = gr.Plot(curves, label=t("curves_label"), show_label=False, format="png", elem_id="curves")
        note_md = gr.Markdown(curves_note, visible=bool(curves_note), elem_id="curves-note")
    if confusion is not None:
        with gr.Row():
            with gr.Column(scale=3):
                confusion_plot = gr.Plot(confusion, label=t("confusion_label"), show_label=False, format="png",
                                         elem_id="confusion")
            with gr.Column(scale=2):
                gr.Markdown(t("confusion_note"))
    parts = [(summary_md, "summary"), (curves_plot, "curves"), (note_md, "note"), (confusion_plot, "confusion")]
    parts = [(component, name) for component, name in parts if component is not None]

    def localize(request: gr.Request):
        language = lang_of(request)
        if language == "en":
            return [gr.skip() for _ in parts]
        report = report_in(language)._asdict()
        return [report[name] for _, name in parts]

    demo.load(localize, inputs=None, outputs=[component for component, _ in parts], show_progress="hidden",
              api_visibility="private", queue=False)

    from .live_training import live_training

    return live_training(demo)
