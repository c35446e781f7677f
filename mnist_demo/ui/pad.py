"""The Draw tab's pad and its results panel: two ``gr.HTML`` custom components (Gradio 6.31).

The pad is a plain ``<canvas>`` driven by pointer events (mouse, finger, stylus), with Undo and
Clear. On every pen-up it fires ONE ``stroke`` event whose data is the whole drawing as JSON (see
``mnist_demo.ui.strokes``) and its drawing id, which grows by one on every stroke, undo and clear.
No file is uploaded.

The results panel shows what the server answers (a dict, see ``app.answer_pad``): the status line,
the top-3 bars, the 28 x 28 preview, the why-heatmap and the number. Every answer carries the id
of the drawing it was computed for, and the panel shows it only while that drawing is still the one
on the pad: an answer for an older drawing (the pen moved on, Undo, Clear) is dropped. Clear and
Undo reset the panel at once, in the browser, through a DOM event from the pad
(``digitpad:change``); the panel fires ``digitpad:answer`` when it shows an answer and
``digitpad:ignored`` when it drops one (the tests and ``benchmarks/browser_latency.py`` listen).
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np
from PIL import Image

from .i18n import pad_texts_json

PEN = 0.058  # pen width as a share of the pad's side: 28 px on a 480 px pad, MNIST-like for a digit filling it
MIN_STEP = 0.006  # a pointer position closer than this (share of the side) to the last point is skipped
MAX_STROKE_POINTS = 400  # per stroke in the browser: above it, every second point is dropped
MAX_STROKES = 60  # the server refuses more (mnist_demo.ui.strokes)
STATIC = Path(__file__).resolve().parent / "static"  # the components' HTML, JavaScript and CSS


def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


# Both components start with the same prelude: the page's language and the texts in it.
LANG_JS = _static("lang.js").replace("$TEXTS", pad_texts_json())

PAD_HTML = _static("pad.html")

PAD_JS = LANG_JS + _static("pad.js")
for _name, _value in {"$PEN": PEN, "$MIN_STEP": MIN_STEP, "$MAX_STROKE_POINTS": MAX_STROKE_POINTS,
                      "$MAX_STROKES": MAX_STROKES}.items():
    PAD_JS = PAD_JS.replace(_name, str(_value))

RESULT_HTML = _static("results.html")

RESULT_JS = LANG_JS + _static("results.js")

CSS = _static("pad.css")


def digit_pad() -> gr.HTML:
    """The drawing pad; listen to its ``stroke`` event (the drawing's JSON in ``event._data["drawing"]``)."""
    return gr.HTML(html_template=PAD_HTML, js_on_load=PAD_JS, apply_default_css=False, elem_id="draw-pad",
                   container=False, padding=False)


def results_panel(prompt: str | dict, hint: str | dict) -> gr.HTML:
    """The Draw tab's answer: status, top-3 bars, preview, heatmap and number for the pad's drawing.

    ``prompt`` is the status line for an empty pad, ``hint`` the line where a number would be read: texts,
    or {"en": ..., "es": ...} for the browser's language to pick.
    """
    return gr.HTML(value=None, html_template=RESULT_HTML, js_on_load=RESULT_JS, apply_default_css=False,
                   elem_id="draw-result", container=False, padding=False, prompt=prompt, hint=hint)


def png_data_url(image: np.ndarray) -> str:
    """A small picture ((H, W) or (H, W, 3); float in [0, 1] or uint8) as a PNG ``data:`` URL: the answer
    carries its pictures, so the browser fetches no files (a 28 x 28 preview is a few hundred bytes)."""
    array = np.asarray(image)
    if array.dtype != np.uint8:
        array = (np.clip(array, 0.0, 1.0) * 255).round().astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def drawing_of(event: Any) -> Any:
    """The pad's JSON from a ``stroke`` event (``gr.EventData``), or None."""
    data = getattr(event, "_data", None)
    return data.get("drawing") if isinstance(data, dict) else None
