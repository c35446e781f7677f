"""The Upload tab's answer components: bars, preview, heatmap, status and the number read."""

from __future__ import annotations

from typing import Any

import gradio as gr

from .i18n import t


def answer_outputs(kind: str, prompt: str) -> tuple[gr.Label, gr.Image, gr.Image, gr.Markdown]:
    """Top-3 bars, the 28 x 28 preview, the why-heatmap and the status line (text ``prompt``
    until an answer)."""
    status = gr.Markdown(t(prompt), elem_id=f"{kind}-status",
                         elem_classes=["status"])
    label = gr.Label(num_top_classes=3, label=t("top3"), elem_id=f"{kind}-label")
    with gr.Row(equal_height=True, elem_id=f"{kind}-pictures"):  # both hidden for a number
        preview = gr.Image(label=t("preview"), type="pil", format="png",
                           interactive=False, height=280, buttons=[], elem_id=f"{kind}-preview",
                           elem_classes=["pixels"])
        why = gr.Image(label=t("why"), type="pil", format="png",
                       interactive=False, height=280, buttons=[], elem_id=f"{kind}-why", elem_classes=["pixels"])
    return label, preview, why, status


def number_outputs(kind: str) -> tuple[gr.Markdown, gr.Gallery, gr.JSON]:
    """The number read, the gallery of its digits (shown when several are found) and its JSON."""
    number = gr.Markdown(t("number_hint"), elem_id=f"{kind}-number", elem_classes=["number"])
    gallery = gr.Gallery(label=t("digits_found"), show_label=False, columns=8, height="auto",  # whole crops
                         object_fit="contain", allow_preview=False, buttons=[], elem_id=f"{kind}-digits",
                         elem_classes=["pixels"], visible=False)  # shown when several digits are found
    details = gr.JSON(visible=False)
    return number, gallery, details


def shown(value: Any = None) -> dict:
    """An answer component's update: ``value`` on show (a new dict each time: Gradio pops "value" from it)."""
    return gr.update(value=value, visible=True)


def hidden(value: Any = None) -> dict:
    """An answer component's update: emptied (to ``value``) and hidden, e.g. the bars for a number."""
    return gr.update(value=value, visible=False)
