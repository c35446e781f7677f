"""The Gradio app's handlers as plain functions, and its layout (``app.build_demo``).

Everything here uses the real shipped model and the real app; nothing of ours is mocked. The running
server is tested in test_server.py, the browser UI in test_browser_draw.py and test_browser_tabs.py.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from pathlib import Path

import gradio as gr
import numpy as np
import pytest
from PIL import Image, ImageDraw

import app
from mnist_demo import plots
from mnist_demo.history import load_history
from mnist_demo.ui.strokes import SIDE
from mnist_demo.ui.wording import verdict
from mnist_demo_dev.not_digits import SCRIBBLE_STROKES
from mnist_demo_dev.strokes import DARK_THEME, WHITE, drawn_layer, number_canvas, sketchpad_value

EASY_DIGITS = (0, 1, 7)
CANVAS = SIDE  # the side of the layer the pad's strokes are rendered to
BRUSH_RADIUS = 14  # 28 px strokes: MNIST-like for a digit filling the pad
PREVIEW_SIDE = 28 * plots.PREVIEW_SCALE


def pad_drawing(digit: int) -> np.ndarray:
    """The digit drawn as the app's pad draws it: a transparent layer of the pad's size, its brush width."""
    return drawn_layer(digit, size=CANVAS, width=2 * BRUSH_RADIUS)


def top_digit(confidences: dict[str, float]) -> int:
    return int(max(confidences, key=confidences.get))


def assert_prediction(result, digit: int) -> None:
    confidences, preview, status = result
    assert confidences is not None, status
    assert set(confidences) == {str(d) for d in range(10)}
    assert sum(confidences.values()) == pytest.approx(1.0, abs=1e-3)
    assert top_digit(confidences) == digit, f"expected {digit}, got {confidences}"
    assert isinstance(preview, Image.Image) and preview.size == (PREVIEW_SIDE, PREVIEW_SIDE)
    assert f"**{digit}**" in status


# Draw tab (the pad's drawing as the server renders it: a Sketchpad-like value) ------------------------

def picture_of(data_url: str) -> np.ndarray:
    """A PNG ``data:`` URL from the Draw tab's answer, as a uint8 array."""
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))))


@pytest.mark.parametrize("digit", EASY_DIGITS)
@pytest.mark.parametrize("background", [WHITE, DARK_THEME], ids=["light", "dark"])
def test_drawn_digit_is_recognised(digit, background):
    answer = app.read_drawing(sketchpad_value(pad_drawing(digit), background=background))
    assert answer["kind"] == "answer" and answer["top"][0][0] == digit
    assert f"**{digit}**" in answer["status"]
    assert sum(probability for _, probability, _ in answer["top"]) <= 1.0 + 1e-3


def test_preview_shows_the_28x28_image_the_model_saw():
    pixels = picture_of(app.read_drawing(sketchpad_value(pad_drawing(1)))["preview"])
    assert pixels.shape == (28, 28)
    assert pixels[:, :4].max() < 60, "MNIST framing: the left margin is dark"
    assert pixels.max() == 255, "the digit is bright"


@pytest.mark.parametrize("background", [WHITE, DARK_THEME], ids=["light", "dark"])
def test_empty_canvas_prompts_instead_of_guessing(background):
    empty = sketchpad_value(np.zeros((CANVAS, CANVAS, 4), np.uint8), background=background)
    cleared = {"background": None, "layers": [], "composite": None}  # a pad after Clear
    for value in (empty, None, cleared):
        answer = app.read_drawing(value)
        assert answer["kind"] == "empty" and answer["status"] == app.DRAW_PROMPT and answer["top"] == []


def test_a_dot_is_not_a_digit():
    layer = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    middle, radius = CANVAS // 2, BRUSH_RADIUS
    ImageDraw.Draw(layer).ellipse([middle - radius, middle - radius, middle + radius, middle + radius],
                                  fill=(0, 0, 0, 255))  # one tap of the pen
    assert app.read_drawing(sketchpad_value(np.asarray(layer)))["kind"] == "empty"


@pytest.mark.parametrize("name", SCRIBBLE_STROKES)
def test_scribble_says_not_sure(name):
    side = CANVAS
    layer = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for stroke in SCRIBBLE_STROKES[name]:
        draw.line([(x * side, y * side) for x, y in stroke], fill=(0, 0, 0, 255), width=2 * BRUSH_RADIUS,
                  joint="curve")
    answer = app.read_drawing(sketchpad_value(np.asarray(layer)))
    assert answer["kind"] == "unsure" and answer["status"].startswith("**Not sure**"), answer["status"]
    assert answer["top"] and answer["preview"] is not None  # the best guesses stay visible


def test_verdict_wording():
    confident = np.full(10, 0.001)
    confident[3] = 0.991
    assert verdict(confident, unsure=False) == "It's a **3** (99.1 % sure)."
    assert verdict(confident, unsure=True).startswith("**Not sure**")


# Upload tab ------------------------------------------------------------------------------------

def upload_answer(image) -> tuple:
    """The Upload tab's bars, preview and status for ``image``: the values of answer_upload's updates."""
    answer = app.answer_upload(image)
    return answer.label["value"], answer.preview["value"], answer.status


def test_uploaded_photo_is_recognised(digit_photo):
    assert_prediction(upload_answer(str(digit_photo)), 7)
    # The event skips Gradio's decoding and receives the upload's FileData as a dict.
    assert_prediction(upload_answer({"path": str(digit_photo), "orig_name": "seven.jpg"}), 7)


def test_upload_preview_enlarges_the_28x28_image_the_model_saw(digit_photo):
    _, preview, _ = upload_answer(str(digit_photo))
    pixels = np.asarray(preview)
    assert pixels.shape == (PREVIEW_SIDE, PREVIEW_SIDE)
    scale = plots.PREVIEW_SCALE
    inner = pixels.reshape(28, scale, 28, scale)[:, 1:-1, :, 1:-1]  # each model pixel minus its grid line
    assert (inner.max(axis=(1, 3)) == inner.min(axis=(1, 3))).all(), "pixels must be enlarged with NEAREST"
    assert pixels[:, :40].max() < 60, "MNIST framing: the left margin is dark (only the faint grid)"
    assert pixels.max() == 255, "the digit is bright"


def test_no_upload_prompts():
    assert upload_answer(None) == (None, None, app.UPLOAD_PROMPT)


def test_blank_photo_explains_instead_of_guessing(tmp_path):
    blank = tmp_path / "blank.png"
    Image.new("RGB", (640, 480), (200, 200, 200)).save(blank)
    confidences, preview, status = upload_answer(str(blank))
    assert confidences is None and preview is None
    assert "no digit" in status.lower()


def test_unreadable_upload_warns_without_paths(tmp_path):
    broken = tmp_path / "holiday.png"
    broken.write_bytes(b"this is not a picture at all" * 10)
    with warnings.catch_warnings(record=True) as caught:  # gr.Warning outside a request: a Python warning
        warnings.simplefilter("always")
        confidences, preview, status = upload_answer(str(broken))
    assert confidences is None and preview is None
    assert "could not read" in status.lower()
    messages = [str(w.message) for w in caught]
    assert messages, "the user gets a warning toast"
    for text in [status, *messages]:
        assert str(tmp_path) not in text and "Traceback" not in text and "/" not in text


def test_an_expired_upload_asks_for_the_photo_again(tmp_path):
    confidences, preview, status = upload_answer({"path": str(tmp_path / "swept.png"), "url": "x"})
    assert confidences is None and preview is None and status == app.EXPIRED


def example_digit(path: str) -> int | None:
    """The digit an example shows, from its name: ``photo_hard_4.jpg`` -> 4."""
    match = re.search(r"_(\d)$", Path(path).stem)
    return int(match.group(1)) if match else None


@pytest.mark.parametrize("path", [p for p in app.example_files() if example_digit(p) is not None],
                         ids=lambda p: Path(p).name)
def test_every_example_is_read_right(path):
    """The examples are the app's showcase: a visitor clicking one must see the right digit."""
    assert_prediction(upload_answer(path), example_digit(path))


# Test samples tab ------------------------------------------------------------------------------

def test_show_sample_gives_image_label_and_verdict(test_split_predictions):
    index, image, confidences, verdict = app.show_sample(0)
    images, labels, _ = test_split_predictions
    assert index == 0
    assert image.size == (PREVIEW_SIDE, PREVIEW_SIDE)
    assert set(confidences) == {str(d) for d in range(10)}
    assert f"True label: **{labels[0]}**" in verdict
    right = top_digit(confidences) == labels[0]
    assert ("✓" in verdict) == right and ("✗" in verdict) == (not right)
    np.testing.assert_array_equal(np.asarray(image)[5::10, 5::10], images[0])  # the real test image, enlarged


@pytest.mark.parametrize("bad", [-1, 10_000, None, float("nan"), 2.5])
def test_show_sample_answers_bad_numbers_with_a_message(bad):
    """No error pills: the tab says which numbers exist, and shows no image or bars."""
    index, image, confidences, verdict = app.show_sample(bad)
    assert index is None and image is None and confidences is None
    assert "0 to 9,999" in verdict


def test_random_sample_and_only_mistakes(test_split_predictions):
    _, labels, probs = test_split_predictions
    assert len(labels) == 10_000 and probs.shape == (10_000, 10)
    index, _, confidences, verdict = app.random_sample(False)
    assert 0 <= index < 10_000 and "True label" in verdict
    mistakes = set(app.TEST_SAMPLES.mistakes().tolist())
    assert 0 < len(mistakes) < 10_000 * 0.05, "a trained model gets under 5 % of the test set wrong"
    for _ in range(5):
        index, _, confidences, verdict = app.random_sample(True)
        assert index in mistakes
        assert top_digit(confidences) != labels[index] and "✗" in verdict


def test_api_random_sample_answers_plain_text(test_split_predictions):
    """/random_sample's verdict is plain text; the tab's own verdict keeps its Markdown bold."""
    _, labels, _ = test_split_predictions
    index, image, confidences, verdict = app.api_random_sample(False)
    assert verdict == app.show_sample(index).verdict.replace("**", "")
    assert verdict.startswith(f"True label: {labels[index]} · ") and "**" not in verdict
    assert image.size == (PREVIEW_SIDE, PREVIEW_SIDE) and set(confidences) == {str(d) for d in range(10)}


# Training tab ----------------------------------------------------------------------------------

def test_training_report_from_history():
    history = load_history()
    from mnist_demo.ui.training import training_report

    curves, confusion, summary, note = training_report()
    accuracy_ax, loss_ax = curves.axes[:2]
    assert len(accuracy_ax.lines) == 2 and len(loss_ax.lines) == 2  # training and validation
    np.testing.assert_allclose(accuracy_ax.lines[1].get_ydata(), history.val_accuracy)
    assert len(accuracy_ax.lines[0].get_xdata()) == history.epochs
    assert confusion.axes[0].images[0].get_array().shape == (10, 10)
    assert f"{100 * history.test_accuracy:.2f} %" in summary
    assert f"{history.parameters:,}" in summary
    assert "Training time" in summary and "Test loss" in summary
    assert bool(note) == bool(history.config.get("augment"))
    assert "--data PATH" in summary and "shared" not in summary  # no path of the machine that trained


def test_training_curves_shade_the_finish_and_the_fine_tune_and_the_note_says_so():
    from matplotlib.patches import Rectangle

    from mnist_demo.history import load_history
    from mnist_demo.ui.training import training_report

    phases = load_history().phases()
    curves, _, _, note = training_report()
    accuracy_ax = curves.axes[0]
    shaded = [patch for patch in accuracy_ax.patches if isinstance(patch, Rectangle)]
    # One shaded span per phase that is not the plain augmented schedule, at that phase's epochs.
    expected = [(first - 0.5, last + 0.5) for first, last, kind in phases if kind != "augmented"]
    spans = sorted((patch.get_x(), patch.get_x() + patch.get_width()) for patch in shaded)
    np.testing.assert_allclose(spans, expected)
    legend = [label.get_text() for label in accuracy_ax.get_legend().get_texts()]
    assert "finish: plain images" in legend and "fine-tune: small pictures" in legend
    assert "Shaded epochs" in note


def test_training_command_hides_the_data_location():
    from mnist_demo.history import History

    shown = History(command="python -m mnist_demo train --data /home/me/mnist.npz --epochs 3").public_command
    assert shown == "python -m mnist_demo train --data PATH --epochs 3"
    assert History(command="mnist-demo train --data=/srv/x.npz").public_command == "mnist-demo train --data=PATH"


def test_training_command_wraps_only_between_its_options():
    """The Training tab's "Trained with": each word, an option with its value, in a span the page keeps on one line
    (the line once broke inside "--out"); the text is the command as it was."""
    import html
    import re

    from mnist_demo import plots

    command = "python -m mnist_demo train --data PATH --epochs 0 --out runs/a && python -m mnist_demo train --fast"
    shown = plots.command_html(command)
    words = re.findall(r"<span>(.*?)</span>", shown)
    assert words == ["python", "-m mnist_demo", "train", "--data PATH", "--epochs 0", "--out runs/a", "&amp;&amp;",
                     "python", "-m mnist_demo", "train", "--fast"]
    assert shown.startswith('<code class="command">') and html.unescape(re.sub(r"<[^>]+>", "", shown)) == command


# Blocks ----------------------------------------------------------------------------------------

def test_demo_builds_with_stable_api_names():
    demo = app.build_demo()
    assert isinstance(demo, gr.Blocks)
    info = demo.get_api_info()
    assert set(info["named_endpoints"]) == {"/predict", "/random_sample", "/read_number"}
    predict = info["named_endpoints"]["/predict"]
    assert len(predict["parameters"]) == 1
    assert [(r["component"], r["label"]) for r in predict["returns"]] == [("Json", "prediction")]  # plain JSON
    assert [(r["component"], r["label"]) for r in info["named_endpoints"]["/read_number"]["returns"]] == [
        ("Json", "reading")]
    assert [r["component"] for r in info["named_endpoints"]["/random_sample"]["returns"]][-1] == "Textbox"
    visibility = {fn.api_name: fn.api_visibility for fn in demo.fns.values() if fn.fn is not None}
    assert visibility.pop("predict") == "public" and visibility.pop("random_sample") == "public"
    assert visibility.pop("read_number") == "public"
    # UI-only events are private; Gradio's own example loader is undocumented (not in the API page).
    assert set(visibility.values()) <= {"private", "undocumented"}, visibility
    assert visibility.pop("pad_stroke") == "private" and visibility.pop("show_sample") == "private"
    assert demo.config["title"] == app.TITLE


# Why this answer, and whole numbers ---------------------------------------------------------------

def test_an_uploaded_digit_shows_bars_pictures_and_no_number():
    answer = app.answer_upload(sketchpad_value(drawn_layer(7)))
    assert [answer.label["visible"], answer.preview["visible"], answer.why["visible"]] == [True] * 3
    assert top_digit(answer.label["value"]) == 7 and "**7**" in answer.status
    assert answer.preview["value"].size == answer.why["value"].size == (280, 280)
    assert answer.number == app.NUMBER_HINT and answer.digits["visible"] is False and answer.digits["value"] == []
    assert answer.reading["number"] == "7"


def test_a_drawn_number_shows_its_digits_not_bars_for_the_whole_picture():
    answer = app.read_drawing(number_canvas("42"))
    assert answer["top"] == [] and answer["preview"] is None and answer["why"] is None
    assert [caption.split(" ")[0] for _, caption in answer["digits"]] == ["4", "2"]
    assert "42" in answer["number"] and "2 digits" in answer["status"]
    single = app.read_drawing(sketchpad_value(drawn_layer(7)))
    assert single["top"][0][0] == 7 and single["preview"] and single["digits"] == []


def test_an_uploaded_number_shows_its_digits_not_bars_for_the_whole_picture():
    """Issue 12: the bars, the preview and the heatmap describe one digit; for a number they are emptied and
    hidden (the next single digit shows them again), and the number line and its digits answer instead."""
    answer = app.answer_upload(number_canvas("42"))
    for part in (answer.label, answer.preview, answer.why):
        assert part == {"__type__": "update", "value": None, "visible": False}
    assert "42" in answer.number and answer.digits["visible"] is True
    assert [caption.split(" ")[0] for _, caption in answer.digits["value"]] == ["4", "2"]
    assert answer.reading["number"] == "42"
    assert "2 digits" in answer.status and "bars" not in answer.status
    assert answer.status == app.read_drawing(number_canvas("42"))["status"]  # worded as on the Draw tab


def test_an_empty_upload_is_empty():
    answer = app.answer_upload(sketchpad_value(np.zeros((480, 480, 4), np.uint8)))
    assert answer.status == app.UPLOAD_PROMPT and answer.reading == {} and answer.number == app.NUMBER_HINT
    assert all(part == {"__type__": "update", "value": None, "visible": True}
               for part in (answer.label, answer.preview, answer.why))  # shown again, empty, after a number
    assert answer.digits["visible"] is False
