"""The Training tab's "Train it yourself": pick a small CNN, epochs and training images, press Train and
watch loss and accuracy (training and validation) live, with a progress bar and a Stop button; then the
Draw tab shows the visitor's model's top 3 next to the shipped model's.

Bounded for a public server: one training at a time for the whole server (the Train event's
``concurrency_limit=1``; a visitor who presses Train meanwhile is told their place in the queue), at
most ``live.MAX_SECONDS`` of training and ``live.MAX_IMAGES`` images, the model kept only in the
visitor's session (``gr.State``), nothing written to disk.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import gradio as gr

from mnist_demo import lang, live, plots

from .i18n import lang_of, t

LIVE_CONCURRENCY_ID = "live-training"
DEFAULT = live.LiveConfig()
IMAGE_CHOICES = (500, live.MAX_IMAGES, 500)  # slider: minimum, maximum, step
STATE_TTL = 3600  # seconds a visitor's trained model is kept after their last event


class TrainingDesk:
    """Who is training now (their session and Stop flag) and who waits, for the queue messages and Stop."""

    FORGET = 600  # seconds: a waiting session that never started (its page closed) stops counting

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running: tuple[str, threading.Event] | None = None
        self.waiting: list[str] = []
        self._since: dict[str, float] = {}

    def place(self, session: str) -> int:
        """0 when nothing runs (the training starts at once) or this session's own runs; else this session's
        place in the queue (1, 2, ...)."""
        now = time.monotonic()
        with self._lock:
            for stale in [s for s in self.waiting if now - self._since.get(s, now) > self.FORGET]:
                self.waiting.remove(stale)
                self._since.pop(stale, None)
            if self.running is None or self.running[0] == session:
                return 0
            if session not in self.waiting:
                self.waiting.append(session)
                self._since[session] = now
            return self.waiting.index(session) + 1

    def start(self, session: str) -> threading.Event:
        stop = threading.Event()
        with self._lock:
            if session in self.waiting:
                self.waiting.remove(session)
            self._since.pop(session, None)
            self.running = (session, stop)
        return stop

    def finish(self, stop: threading.Event) -> None:
        with self._lock:
            if self.running is not None and self.running[1] is stop:
                self.running = None

    def stop(self, session: str) -> bool:
        """Stop this session's training; True when one was running."""
        with self._lock:
            if session in self.waiting:
                self.waiting.remove(session)
            if self.running is not None and self.running[0] == session:
                self.running[1].set()
                return True
        return False


DESK = TrainingDesk()


def _session(request: Any) -> str:
    return str(getattr(request, "session_hash", None) or id(request))


def progress_html(share: float, label: str = "") -> str:
    """A progress bar (a native ``<progress>``) with its percentage."""
    share = min(max(float(share), 0.0), 1.0)
    return (f'<div class="live-progress"><progress value="{share:.3f}" max="1" aria-label="{label}"></progress>'
            f' <span>{lang.number(100 * share)} %</span></div>')


def announce(request: gr.Request):
    """The quick first answer to Train (not queued): the visitor's place in the queue when another trains."""
    place = DESK.place(_session(request))
    if not place:
        return gr.skip()
    with lang.speaking(lang_of(request)):
        return lang.text("live_queued", place=place, seconds=int(live.MAX_SECONDS))


def train(architecture: str, epochs: float, images: float, request: gr.Request):
    """Train (a generator): yields (status, progress, curves, queue line, trained model) as it learns."""
    language = lang_of(request)
    config = live.LiveConfig(architecture=architecture if architecture in live.ARCHITECTURES else "keras_example",
                             epochs=int(epochs or 1), images=int(images or 500))
    stop = DESK.start(_session(request))
    reports: list[live.Report] = []
    try:  # (never yield inside lang.speaking: Gradio resumes a generator in another context)
        with lang.speaking(language):
            starting = lang.text("live_starting", images=lang.number(config.images))
        yield starting, progress_html(0), None, "", gr.skip()
        try:
            for report in live.train_live(config, stop):
                with lang.speaking(language):
                    if not report.done:
                        reports.append(report)
                        update = (running_line(report, config), progress_html(report.images_seen / report.total_images),
                                  plots.live_curves(reports), "", gr.skip())
                    else:
                        trained = live.TrainedModel(report.model, config.architecture, report.val_accuracy,
                                                    report.total_images // max(1, config.epochs), report.epoch,
                                                    report.seconds)
                        share = report.images_seen / report.total_images if report.stopped else 1.0
                        update = (done_line(report, config), progress_html(share),
                                  plots.live_curves(reports or [report]), "", trained)
                yield update
        except (live.DataError, ValueError) as error:
            with lang.speaking(language):
                failed = lang.text("live_no_data", error=error)
            yield failed, progress_html(0), None, "", gr.skip()
    finally:
        DESK.finish(stop)


def running_line(report: live.Report, config: live.LiveConfig) -> str:
    epochs = max(1, min(config.epochs, live.MAX_EPOCHS))
    return lang.text("live_running", epoch=min(epochs, int(report.epoch) + 1), epochs=epochs,
                     seen=lang.number(report.images_seen), total=lang.number(report.total_images),
                     val=f"{lang.number(100 * report.val_accuracy, 1)} %", seconds=lang.number(report.seconds, 1))


def done_line(report: live.Report, config: live.LiveConfig) -> str:
    prefix = ""
    if report.stopped == "stop":
        prefix = lang.text("live_stopped")
    elif report.stopped == "time":
        prefix = lang.text("live_time_cap", seconds=int(live.MAX_SECONDS))
    line = prefix + lang.text("live_done", val=f"{lang.number(100 * report.val_accuracy, 1)} %",
                              train=f"{lang.number(100 * report.accuracy, 1)} %", epochs=lang.number(report.epoch, 1),
                              images=lang.number(report.total_images // max(1, config.epochs)),
                              seconds=lang.number(report.seconds, 1))
    if report.source == "subset":
        line += " " + lang.text("live_subset", count=lang.number(len(live.load_subset()[1])))
    return line


def stop_training(request: gr.Request) -> str:
    with lang.speaking(lang_of(request)):
        return lang.text("live_stopping") if DESK.stop(_session(request)) else lang.text("live_nothing_to_stop")


def compare(trained: Any, event: gr.EventData, request: gr.Request):
    """The Draw tab's comparison for the pad's drawing: the visitor's model's top 3 and the shipped model's."""
    if not isinstance(trained, live.TrainedModel):
        return gr.skip()
    from mnist_demo import EmptyImageError, to_mnist
    from mnist_demo.predict import predict_image

    from .pad import drawing_of
    from .strokes import StrokesError, render_strokes
    from .wording import percent

    try:
        _, sketch = render_strokes(drawing_of(event))
        image = to_mnist(sketch)
        shipped = predict_image(sketch).top(3)
    except (StrokesError, EmptyImageError, ValueError):
        return gr.update(value="", visible=False)
    with lang.speaking(lang_of(request)):
        def row(name: str, top: list) -> str:
            return f"| {name} | " + " | ".join(f"**{d}** {percent(p)}" for d, p in top) + " |"

        yours = lang.text("compare_yours", val=f"{lang.number(100 * trained.val_accuracy, 1)} %")
        table = "\n".join([lang.text("compare_heading"), "|---|---|---|---|",
                           row(yours, live.top3(trained.model, image)), row(lang.text("compare_shipped"), shipped)])
    return gr.update(value=table, visible=True)


def live_training(demo: gr.Blocks) -> gr.State:
    """The "Train it yourself" part of the Training tab, wired; returns the session's trained-model state."""
    gr.Markdown(t("live_heading"), elem_id="live-heading")
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=280):
            architecture = gr.Radio([(t(f"arch_{name}"), name) for name in live.ARCHITECTURES],
                                    value=DEFAULT.architecture, label=t("architecture"), elem_id="live-architecture")
            epochs = gr.Slider(1, live.MAX_EPOCHS, value=DEFAULT.epochs, step=1, label=t("live_epochs"),
                               elem_id="live-epochs")
            images = gr.Slider(*IMAGE_CHOICES[:2], value=DEFAULT.images, step=IMAGE_CHOICES[2],
                               label=t("live_images"), elem_id="live-images")
            with gr.Row():
                train_button = gr.Button(t("train"), variant="primary", elem_id="live-train")
                stop_button = gr.Button(t("stop"), variant="stop", elem_id="live-stop")
        with gr.Column(scale=3, min_width=280):
            queue_line = gr.Markdown("", elem_id="live-queue")
            status = gr.Markdown(lang.text("live_ready", "en", seconds=int(live.MAX_SECONDS),
                                           images=lang.number(live.MAX_IMAGES, lang="en")),
                                 elem_id="live-status", elem_classes=["status"])
            progress = gr.HTML(progress_html(0), elem_id="live-progress", padding=False)
            curves = gr.Plot(label=t("curves_label"), show_label=False, format="png", elem_id="live-curves")
    trained = gr.State(None, time_to_live=STATE_TTL)

    def ready(request: gr.Request):
        with lang.speaking(lang_of(request)):
            return lang.text("live_ready", seconds=int(live.MAX_SECONDS), images=lang.number(live.MAX_IMAGES))

    demo.load(ready, inputs=None, outputs=[status], show_progress="hidden", api_visibility="private", queue=False)
    train_button.click(announce, inputs=None, outputs=[queue_line], queue=False, show_progress="hidden",
                       api_visibility="private")
    train_button.click(train, inputs=[architecture, epochs, images],
                       outputs=[status, progress, curves, queue_line, trained], concurrency_limit=1,
                       concurrency_id=LIVE_CONCURRENCY_ID, show_progress="minimal", api_visibility="private",
                       trigger_mode="once")
    stop_button.click(stop_training, inputs=None, outputs=[queue_line], queue=False, show_progress="hidden",
                      api_visibility="private")
    return trained


def preload_training_images() -> None:
    """Find the live training's images at start (a failed download offline takes seconds), not on the first Train."""
    try:
        live.training_images()
    except Exception as error:  # reported again when someone presses Train
        print(f"Live training data unavailable: {error}")


def compare_on_pad(pad: gr.HTML, trained: gr.State, table: gr.Markdown) -> None:
    """After a training, every stroke on the Draw tab's pad also shows the two models' top 3 in ``table``."""
    pad.stroke(compare, inputs=[trained], outputs=[table], trigger_mode="multiple", show_progress="hidden",
               api_visibility="private")


__all__ = ["DESK", "compare", "compare_on_pad", "live_training", "preload_training_images", "train"]
