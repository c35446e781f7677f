"""Handwritten-digit demo: draw a digit, upload a photo, browse MNIST test samples, see how it trained.

    python app.py                      # http://127.0.0.1:7860 (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT honoured)
    python app.py --host 0.0.0.0 --port 8080

Hugging Face Spaces entry point. Everything runs offline from ``assets/``: the model is loaded and
warmed before the server starts. The Training tab's "Train it yourself" trains small models in memory only
(one at a time, ``mnist_demo/ui/live_training.py``); nothing is written to ``assets/``.

Layout follows Gradio's ``demo/blocks_*`` examples: plain handler functions first (tests call them
directly), then ``build_demo()`` with the components and explicit event wiring, then ``main()``.
"""

from __future__ import annotations

import argparse
import os
import threading
import warnings
from typing import Any, NamedTuple

# (TensorFlow's log level is set in mnist_demo/runtime.py, imported before TensorFlow ever is.)
from mnist_demo.runtime import limit_gradio_event_log, limit_malloc_arenas

limit_gradio_event_log()  # before Gradio is imported: it reads these settings once
# Before the server's threads start: their memory comes from two shared heaps (flat memory, see the function).
limit_malloc_arenas()

import gradio as gr
import numpy as np
from PIL import Image

from mnist_demo import EmptyImageError, lang, plots
from mnist_demo.config import asset_path
from mnist_demo.ui.api import api_predict, api_read_number, api_sample
from mnist_demo.ui.components import answer_outputs, hidden, number_outputs, shown
from mnist_demo.ui.disk import upload_disk_guard
from mnist_demo.ui.i18n import I18N, both, localized, t
from mnist_demo.ui.live_training import compare_on_pad, preload_training_images
from mnist_demo.ui.pad import digit_pad, drawing_of, png_data_url, results_panel
from mnist_demo.ui.samples import SampleStore, SampleView
from mnist_demo.ui.serving import serving
from mnist_demo.ui.strokes import StrokesError, render_strokes, strokes_json
from mnist_demo.ui.style import CSS, HEAD, SHOW_ANSWER_JS
from mnist_demo.ui.training import training_tab
from mnist_demo.ui.uploads import UNREADABLE, RecentUploads, upload_source, uploads_only
from mnist_demo.ui.wording import confidences, friendly_read_error, number_hint, number_view, percent, verdict

TITLE = lang.text("title", "en")
EXAMPLES_DIR = asset_path("examples")
EXAMPLE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp")
CONCURRENCY = 8  # events served at once; the compiled model call is thread-safe
# Gradio keeps every session's component state (about 100 KB here) for up to 10,000 sessions, and
# every API call is a new session: over 1 GB under steady traffic. The app keeps no gr.State; a
# page whose session was forgotten keeps working. 500 sessions: about 50 MB at most.
SESSION_CAPACITY = 500
CACHE_SWEEP = (3600, 2 * 3600)  # seconds: every hour, delete uploads and answer pictures over 2 hours old
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860

DRAW_PROMPT = lang.text("draw_prompt", "en")  # English; handlers word them in the request's language (lang.text)
UPLOAD_PROMPT = lang.text("upload_prompt", "en")
EXPIRED = lang.text("expired", "en", hours=CACHE_SWEEP[1] // 3600)
NUMBER_HINT = lang.text("number_hint", "en")


# Handlers -----------------------------------------------------------------------------------

class UploadAnswer(NamedTuple):
    """What the Upload tab shows for one picture, in the order of its event's outputs. The bars, the
    preview and the heatmap describe one digit: for a number they are hidden, and the number line and
    the gallery of its digits (each read on its own) answer instead, as on the Draw tab."""

    label: Any  # gr.update of the top-3 bars: {digit: probability}, or None
    preview: Any  # gr.update of the enlarged 28x28 image the model saw (PIL), or None
    why: Any  # gr.update of the why-heatmap (PIL), or None
    status: str  # Markdown
    number: str  # Markdown: the number read, or NUMBER_HINT (in the request's language)
    digits: Any  # gr.update of the gallery of the digits found: [(enlarged digit, caption)]
    reading: dict  # the number as JSON: {number, probability, digits: [{digit, probability, unsure, top3, box}]}


def no_answer(status: str) -> UploadAnswer:
    """No digit to show: the status line, empty bars and pictures (shown again after a number), the hint."""
    return UploadAnswer(shown(), shown(), shown(), status, number_hint(), hidden([]), {})


def answer_upload(image: Any) -> UploadAnswer:
    """Everything the Upload tab shows for one picture (file path, Gradio FileData, PIL, numpy or a
    Sketchpad value), each part computed once: the model reads the picture once, the heatmap explains
    that reading (integrated gradients: which pixels pushed the model towards its answer), the number
    is read once. No picture, no digit or an unreadable file: a status line saying so."""
    from mnist_demo.explain import explain, heatmap_rgb
    from mnist_demo.number import read_number
    from mnist_demo.predict import predict_image

    source = upload_source(image)
    if isinstance(source, (str, os.PathLike)) and not os.path.exists(source):
        # Swept from Gradio's cache (CACHE_SWEEP) while the page stayed open:
        return no_answer(lang.text("expired", hours=CACHE_SWEEP[1] // 3600))
    try:
        prediction = predict_image(source)
    except EmptyImageError as error:
        nothing = source is None or (isinstance(source, dict) and "layers" in source)
        return no_answer(lang.text("upload_prompt") if nothing else
                         lang.text("closer_photo", error=lang.message(str(error))))
    except ValueError as error:  # unreadable upload: a toast and a status line, never a traceback
        message = lang.message(friendly_read_error(error))
        gr.Warning(message)
        return no_answer(lang.text("could_not_read", message=message))
    try:
        number, text, crops, status = number_view(read_number(source, prediction=prediction))
    except EmptyImageError:
        number, text, crops, status = {}, number_hint(), [], None
    if status is not None:  # a number: its digits instead of bars and pictures for the whole picture
        gallery = [(plots.enlarge(crop), caption) for crop, caption in crops]
        return UploadAnswer(hidden(), hidden(), hidden(), status, text, shown(gallery), number)
    probs = prediction.probabilities
    heat = Image.fromarray(heatmap_rgb(prediction.image, explain(prediction.image, prediction.digit)))
    return UploadAnswer(shown(confidences(probs)), shown(plots.enlarge(prediction.image)), shown(heat),
                        verdict(probs, prediction.unsure, prediction.why), text, hidden([]), number)


def read_drawing(sketch: dict | None) -> dict:
    """Everything the Draw tab shows for one drawing, each part computed once: the model reads the
    drawing once, the heatmap explains that reading, the number is read once.

    Returns the results panel's value (``mnist_demo.ui.pad``) less the drawing id: ``kind`` ("answer",
    "unsure", "empty"), ``status`` (Markdown), ``top`` ([digit, probability, "99.8 %"] for the top 3),
    ``preview`` and ``why`` (28 x 28 PNG data URLs, or None), ``number`` (Markdown) and ``digits``
    ([PNG data URL, caption] for each digit when several are found).
    """
    from mnist_demo.explain import explain, heatmap_rgb
    from mnist_demo.number import read_number
    from mnist_demo.predict import predict_image

    try:
        prediction = predict_image(sketch)
    except EmptyImageError:  # an empty pad or a dot
        return {"kind": "empty", "status": lang.text("draw_prompt"), "top": [], "preview": None, "why": None,
                "number": number_hint(), "digits": []}
    probs = prediction.probabilities
    heat = heatmap_rgb(prediction.image, explain(prediction.image, prediction.digit), scale=1)
    answer = {"kind": "unsure" if prediction.unsure else "answer",
              "status": verdict(probs, prediction.unsure, prediction.why),
              "top": [[int(d), round(float(probs[d]), 4), percent(probs[d])] for d in np.argsort(-probs)[:3]],
              "preview": png_data_url(prediction.image), "why": png_data_url(heat), "number": number_hint(),
              "digits": []}
    try:
        reading = read_number(sketch, prediction=prediction)
    except EmptyImageError:
        return answer
    _, text, crops, status = number_view(reading)
    if status is not None:  # a number: its digits, each read on its own, instead of bars for the whole picture
        answer.update(status=status, number=text, top=[], preview=None, why=None,
                      digits=[[png_data_url(image), caption] for image, caption in crops])
    return answer


def answer_pad(drawing: Any) -> dict:
    """The pad's JSON (``mnist_demo.ui.strokes``) -> :func:`read_drawing` for it, with its ``drawing`` id.

    A drawing the server refuses (too big, malformed) gets its message as the status line; without a
    valid id (``drawing`` None) no page shows it.
    """
    try:
        drawing_id, sketch = render_strokes(drawing)
    except StrokesError as error:
        return {"drawing": error.drawing, "kind": "error", "status": f"**{lang.message(str(error))}**", "top": [],
                "preview": None, "why": None, "number": number_hint(), "digits": []}
    return {"drawing": drawing_id, **read_drawing(sketch)}


def pad_stroke(event: gr.EventData) -> dict:
    """The Draw tab's one event per stroke: the drawing's JSON in, the results panel's value out."""
    return answer_pad(drawing_of(event))


TEST_SAMPLES = SampleStore()


def show_sample(index: float | int | str | None) -> SampleView:
    """Test image number ``index`` (a number, or the text typed in the tab's box), with the model's answer.
    A number that names no test image gets a message saying which do (and None elsewhere)."""
    if isinstance(index, str):
        text = index.strip().replace(",", "")
        try:
            index = float(text) if text else None
        except ValueError:
            index = None
    return TEST_SAMPLES.view(index)


def show_typed_sample(text: str | None) -> SampleView:
    """The Test samples tab's number box: :func:`show_sample`, leaving what was typed in the box when it
    names no test image (the message beside it says which numbers do)."""
    view = show_sample(text)
    return view if view.index is not None else view._replace(index=gr.skip())


def random_sample(only_mistakes: bool = False) -> SampleView:
    """A random test image (only those the model gets wrong if ``only_mistakes``)."""
    return TEST_SAMPLES.view(TEST_SAMPLES.random_index(only_mistakes))


def api_random_sample(only_mistakes: bool = False) -> SampleView:
    """``/random_sample``: :func:`random_sample` with its verdict as plain text (bold only in the tab)."""
    return api_sample(random_sample(only_mistakes))


def example_files() -> list[str]:
    """Example photos shipped in ``assets/examples/`` (whatever is there), sorted by name."""
    if not EXAMPLES_DIR.is_dir():
        return []
    return [str(path) for path in sorted(EXAMPLES_DIR.iterdir())
            if path.is_file() and path.suffix.lower() in EXAMPLE_SUFFIXES]


def warm_up() -> None:
    """Load the model and the pair reader and run one pad drawing through the whole Draw path (answer,
    heatmap, number), so the first visitor waits for nothing (the heatmap's first call compiles it:
    most of a second)."""
    from mnist_demo.pairs import load_pair_reader
    from mnist_demo.predict import load_model

    load_model()
    load_pair_reader()
    answer_pad(strokes_json([[(0.5, 0.15), (0.5, 0.85)]]))


RECENT_UPLOADS = RecentUploads()  # Gradio 6.31 fires an upload's change event twice: answer once


# Layout and wiring --------------------------------------------------------------------------

def build_demo() -> gr.Blocks:
    """The whole app; ``launch(**launch_options())`` it (tests do the same)."""
    examples = example_files()

    with gr.Blocks(title=TITLE, delete_cache=CACHE_SWEEP) as demo:
        gr.Markdown(t("header"), elem_classes=["app-header"], elem_id="app-header")
        with gr.Tabs(overflow_behavior="wrap"):  # on a phone every tab stays in sight
            with gr.Tab(t("tab_draw"), id="draw"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        pad = digit_pad()  # a canvas made for digits: one event per stroke (mnist_demo/ui/pad.py)
                    with gr.Column(scale=2, min_width=280):
                        draw_result = results_panel(both("draw_prompt"), both("number_hint"))
                        yours_vs_shipped = gr.Markdown(visible=False, elem_id="your-model")  # after Train it yourself
            with gr.Tab(t("tab_upload"), id="upload"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        upload = gr.Image(label=t("upload_label"), sources=["upload", "webcam", "clipboard"],
                                          type="filepath", height=420, elem_id="upload")
                        if examples:
                            gr.Examples(examples=[[path] for path in examples], inputs=[upload],
                                        label=t("examples_label"), examples_per_page=12)
                    with gr.Column(scale=2, min_width=280):
                        outputs = answer_outputs("upload", "upload_prompt")
                        upload_label, upload_preview, upload_why, upload_status = outputs
                        upload_number, upload_digits, upload_details = number_outputs("upload")
            with gr.Tab(t("tab_samples"), id="samples"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=1, min_width=280):
                        with gr.Row():
                            sample_button = gr.Button(t("random_sample"), variant="primary", elem_id="random-sample")
                            only_mistakes = gr.Checkbox(label=t("only_mistakes"), value=False,
                                                        elem_id="only-mistakes")
                        # A text box: Gradio 6.31's Number shows 0 when empty and answers -1 or 10000 with red
                        # "Error" pills; show_sample says which numbers exist instead.
                        sample_index = gr.Textbox(label=t("sample_number"), max_lines=1,
                                                  placeholder=t("sample_placeholder"), elem_id="sample-index")
                        sample_image = gr.Image(label=t("sample_image"), type="pil", format="png",
                                                interactive=False, height=300, buttons=[], elem_id="sample-image",
                                                elem_classes=["pixels"])
                    with gr.Column(scale=1, min_width=280):
                        sample_info = gr.Markdown(t("sample_prompt"), label=t("verdict"), elem_id="sample-info",
                                                  elem_classes=["status"])
                        sample_label = gr.Label(num_top_classes=3, label=t("models_top3"), elem_id="sample-label")
            with gr.Tab(t("tab_training"), id="training"):
                trained = training_tab(demo)

        # Events: live prediction on every stroke; named endpoints for the API, the rest private.
        # One event per stroke computes everything the Draw tab shows; every answer names its drawing,
        # and the panel shows only the answer for the drawing on the pad (Clear and Undo reset it in the
        # browser). "multiple": each stroke is sent (always_last would resend the first stroke's data).
        pad.stroke(localized(pad_stroke), inputs=None, outputs=[draw_result], trigger_mode="multiple",
                   show_progress="hidden", api_visibility="private")
        compare_on_pad(pad, trained, yours_vs_shipped)
        # One event per upload computes everything the tab shows (answer_upload): a number never
        # shows bars for the whole picture first.
        upload.change(localized(uploads_only(RECENT_UPLOADS.wrap(serving(answer_upload)),
                                             no_answer(f"**Could not read that file.** {UNREADABLE}"))),
                      inputs=[upload], outputs=[upload_label, upload_preview, upload_why, upload_status, upload_number,
                                                upload_digits, upload_details],
                      preprocess=False, show_progress="minimal", api_visibility="private")
        # The HTTP API: the upload's own events format for the page (Markdown, gallery updates); these
        # answer plain JSON (README, "HTTP API"). Nothing on the page triggers them.
        api_only = gr.Button(visible=False)
        prediction_json = gr.JSON(label="prediction", visible=False)
        reading_json = gr.JSON(label="reading", visible=False)
        refused = f"Could not read that file. {UNREADABLE}"
        api_only.click(uploads_only(api_predict, {**api_predict(None), "error": refused}, warn=False),
                       inputs=[upload], outputs=[prediction_json], api_name="predict", preprocess=False,
                       api_description="The digit in one picture: {digit, probability, unsure, why, top3, "
                                       "probabilities, message, error}.")
        api_only.click(uploads_only(api_read_number, {**api_read_number(None), "error": refused}, warn=False),
                       inputs=[upload], outputs=[reading_json], api_name="read_number", preprocess=False,
                       api_description="Every digit in one picture, left to right: {number, probability, "
                                       "digits: [{digit, probability, unsure, top3, box}], error}.")
        upload.change(None, inputs=[upload], js=SHOW_ANSWER_JS)  # a phone scrolls to the answer
        sample_outputs = [sample_index, sample_image, sample_label, sample_info]
        sample_button.click(localized(serving(random_sample)), inputs=[only_mistakes], outputs=sample_outputs,
                            show_progress="minimal", api_name="show_random_sample", api_visibility="private")
        sample_index.submit(localized(serving(show_typed_sample)), inputs=[sample_index], outputs=sample_outputs,
                            show_progress="minimal", api_name="show_sample", api_visibility="private")
        # /random_sample answers the index as a number, as before the tab's box became a text box.
        api_sample_outputs = [gr.Number(label="Sample number", precision=0, visible=False),
                              gr.Image(label="MNIST test image (28 × 28)", type="pil", format="png", visible=False),
                              gr.Label(num_top_classes=3, label="Model's top 3", visible=False),
                              gr.Textbox(label="Verdict", visible=False)]  # plain text; Markdown only in the tab
        api_only.click(serving(api_random_sample), inputs=[only_mistakes], outputs=api_sample_outputs,
                       api_name="random_sample",
                       api_description="A random MNIST test image, its true label and the model's answer.")

    # api_open=False: no event skips the queue (and its concurrency limit) through a direct POST to
    # /gradio_api/api/<name>; gradio_client and /gradio_api/call/<name> go through the queue.
    demo.queue(default_concurrency_limit=CONCURRENCY, api_open=False)
    return demo


def launch_options() -> dict[str, Any]:
    """Settings that Gradio 6 takes in ``launch()`` (theme, texts in English and Spanish, css and head, upload
    limit, session memory; no /monitoring page, which would answer anyone and print its key to the log; a
    full disk refuses uploads with a plain message, not a 500)."""
    return {"theme": gr.themes.Soft(), "i18n": I18N, "css": CSS, "head": HEAD, "max_file_size": "10mb",
            "enable_monitoring": False, "state_session_capacity": SESSION_CAPACITY,
            "app_kwargs": {"middleware": [upload_disk_guard()]}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", DEFAULT_HOST),
                        help=f"interface to listen on (default: $GRADIO_SERVER_NAME or {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", DEFAULT_PORT)),
                        help=f"port (default: $GRADIO_SERVER_PORT or {DEFAULT_PORT})")
    parser.add_argument("--data", default=None, help="MNIST for the Training tab's live training (else $MNIST_NPZ, "
                        "the Keras download, or the small subset in assets/)")
    args = parser.parse_args(argv)
    if args.data:
        os.environ["MNIST_NPZ"] = args.data

    from mnist_demo.confidence import CalibrationError
    from mnist_demo.predict import ModelFileError
    from mnist_demo.ui.disk import start_sweeper

    # Pillow only warns between its pixel limit (ours: 60 MP) and twice that; the server refuses
    # instead, also where Gradio decodes a picture itself (the Sketchpad's layers).
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)

    try:
        warm_up()
    except (ModelFileError, CalibrationError) as error:  # what the app cannot run without: one line
        raise SystemExit(str(error)) from None
    # Before the examples are cached: what a previous run left (a crash, SIGTERM, a restart) is swept.
    start_sweeper(gr.utils.get_upload_folder(), *CACHE_SWEEP)
    demo = build_demo()
    demo.launch(server_name=args.host, server_port=args.port, prevent_thread_lock=True, **launch_options())
    # Serving already; predict the 10,000 test images for the Test samples tab in the background.
    threading.Thread(target=TEST_SAMPLES.preload, name="test-samples", daemon=True).start()
    threading.Thread(target=preload_training_images, name="training-images", daemon=True).start()
    demo.block_thread()


if __name__ == "__main__":
    main()
