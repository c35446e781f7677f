"""The Draw tab's server side: the pad's stroke JSON rendered and read (mnist_demo/ui/strokes.py,
app.answer_pad), its limits, and the status lines every tab shares."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pytest
from PIL import Image

import app
from mnist_demo.ui import pad, strokes
from mnist_demo.ui.strokes import StrokesError, parse_strokes, render_strokes, strokes_json
from mnist_demo.ui.wording import percent, verdict
from mnist_demo_dev.strokes import DIGIT_STROKES


def pad_strokes(digit: int, span: tuple[float, float] = (0.3, 0.7)) -> list[list[tuple[float, float]]]:
    """The digit's pen strokes as the pad sends them: shares of the pad, in the middle of it by default."""
    x0, x1, y0, y1 = span[0], span[1], 0.15, 0.85
    return [[(x0 + x * (x1 - x0), y0 + y * (y1 - y0)) for x, y in stroke] for stroke in DIGIT_STROKES[digit]]


def picture(data_url: str) -> np.ndarray:
    assert data_url.startswith("data:image/png;base64,")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))))


# Reading the pad ----------------------------------------------------------------------------------

@pytest.mark.parametrize("digit", range(10))
def test_every_digit_drawn_on_the_pad_is_read(digit):
    answer = app.answer_pad(strokes_json(pad_strokes(digit), drawing=41 + digit))
    assert answer["drawing"] == 41 + digit  # the answer names the drawing it belongs to
    assert answer["kind"] == "answer"
    assert answer["top"][0][0] == digit and len(answer["top"]) == 3
    assert answer["status"].startswith(f"It's {'an' if digit == 8 else 'a'} **{digit}**")
    assert picture(answer["preview"]).shape == (28, 28)
    assert picture(answer["why"]).shape == (28, 28, 3)
    assert answer["number"] == app.NUMBER_HINT and answer["digits"] == []


def test_a_stroke_reads_the_drawing_once(monkeypatch):
    import mnist_demo.predict

    reads = []
    original = mnist_demo.predict.predict_image
    monkeypatch.setattr(mnist_demo.predict, "predict_image", lambda *a, **k: reads.append(1) or original(*a, **k))
    answer = app.answer_pad(strokes_json(pad_strokes(7), drawing=5))
    assert answer["top"][0][0] == 7
    assert len(reads) == 1  # the bars, the preview, the heatmap and the number all come from one reading


def test_one_call_reads_a_number_and_the_answer_is_json():
    drawn = pad_strokes(4, (0.06, 0.42)) + pad_strokes(2, (0.58, 0.94))
    answer = app.answer_pad(strokes_json(drawn, drawing=7))
    assert "Reads as the number 42" in answer["number"]
    assert "2 digits" in answer["status"]
    assert [caption.split(" ")[0] for _, caption in answer["digits"]] == ["4", "2"]
    assert all(picture(url).shape == (28, 28) for url, _ in answer["digits"])
    json.dumps(answer)  # what Gradio sends to the browser as it is


def test_the_pad_event_takes_the_json_from_the_event_data():
    import gradio as gr

    # what Gradio hands the handler for the pad's trigger('stroke', {drawing: ...})
    answer = app.pad_stroke(gr.EventData(None, {"drawing": strokes_json(pad_strokes(7), drawing=3)}))
    assert answer["drawing"] == 3 and answer["top"][0][0] == 7


def test_an_empty_pad_or_a_dot_gets_the_prompt():
    for drawn in ([], [[(0.5, 0.5)]]):
        answer = app.answer_pad(strokes_json(drawn, drawing=5))
        assert answer["drawing"] == 5 and answer["kind"] == "empty"
        assert answer["status"] == app.DRAW_PROMPT and answer["top"] == [] and answer["preview"] is None


def test_a_rendered_drawing_is_a_sketchpad_value_with_a_round_pen():
    drawing, value = render_strokes(strokes_json([[(0.1, 0.5), (0.9, 0.5)]], drawing=2, pen=0.1))
    assert drawing == 2 and set(value) == {"background", "layers", "composite"}
    layer = value["layers"][0]
    assert layer.shape == (strokes.SIDE, strokes.SIDE, 4) and layer.dtype == np.uint8
    alpha = layer[..., 3] > 0
    rows = np.flatnonzero(alpha[:, strokes.SIDE // 2])
    assert abs(len(rows) - 0.1 * strokes.SIDE) <= 2  # the pen is 10 % of the side wide
    columns = np.flatnonzero(alpha[strokes.SIDE // 2])
    assert columns[0] < 0.1 * strokes.SIDE - 0.04 * strokes.SIDE  # a round cap past the first point
    np.testing.assert_array_equal(app.read_drawing(value)["top"], app.answer_pad(
        strokes_json([[(0.1, 0.5), (0.9, 0.5)]], drawing=2, pen=0.1))["top"])


def test_strokes_off_the_pad_are_clipped():
    _, value = render_strokes(strokes_json([[(0.5, -0.5), (0.5, 1.5)]], pen=0.05))
    assert value["layers"][0][..., 3].any()


# Limits ---------------------------------------------------------------------------------------------

def document(**changes) -> str:
    base = {"drawing": 9, "pen": 0.058, "strokes": [[0.5, 0.2, 0.5, 0.8]]}
    return json.dumps({**base, **changes})


@pytest.mark.parametrize(("text", "message", "drawing"), [
    ("x" * (strokes.MAX_JSON_CHARS + 1), strokes.TOO_BIG, None),
    ("{not json", strokes.MALFORMED, None),
    ("[1, 2]", strokes.MALFORMED, None),
    ("[" * 40_000 + "]" * 40_000, strokes.MALFORMED, None),  # nested too deep for the parser
    (document(drawing=-1), strokes.MALFORMED, None),
    (document(drawing=True), strokes.MALFORMED, None),
    (document(drawing="9"), strokes.MALFORMED, None),
    (document(pen=0.0), strokes.MALFORMED, 9),
    (document(pen=5), strokes.MALFORMED, 9),
    (document(strokes="0.5,0.5"), strokes.MALFORMED, 9),
    (document(strokes=[[0.5, 0.2, 0.5]]), strokes.MALFORMED, 9),
    (document(strokes=[[]]), strokes.MALFORMED, 9),
    (document(strokes=[[0.5, "0.2"]]), strokes.MALFORMED, 9),
    (document(strokes=[[0.5, 1e9]]), strokes.MALFORMED, 9),
    (document(strokes=[[0.5, 0.5]] * (strokes.MAX_STROKES + 1)), strokes.TOO_BIG, 9),
    (document(strokes=[[0.5, 0.5] * (strokes.MAX_STROKE_POINTS + 1)]), strokes.TOO_BIG, 9),
    (document(strokes=[[0.5, 0.5] * 400] * 11), strokes.TOO_BIG, 9),
    (None, strokes.MALFORMED, None),
    (12, strokes.MALFORMED, None),
])
def test_anything_but_a_small_drawing_is_refused_with_a_message(text, message, drawing):
    with pytest.raises(StrokesError) as raised:
        parse_strokes(text)
    assert str(raised.value) == message and raised.value.drawing == drawing
    answer = app.answer_pad(text)
    assert answer["kind"] == "error" and message in answer["status"] and answer["drawing"] == drawing
    assert answer["top"] == [] and answer["preview"] is None


def test_nan_and_infinity_are_refused():
    for bad in ("NaN", "Infinity", "-Infinity"):
        text = '{"drawing": 1, "pen": 0.05, "strokes": [[0.5, ' + bad + "]]}"
        with pytest.raises(StrokesError):
            parse_strokes(text)


def test_the_browser_stays_inside_the_server_limits():
    assert pad.MAX_STROKES <= strokes.MAX_STROKES
    assert pad.MAX_STROKE_POINTS <= strokes.MAX_STROKE_POINTS
    assert pad.MAX_STROKES * pad.MAX_STROKE_POINTS > strokes.MAX_POINTS  # the total is the server's to refuse
    assert strokes.PEN_RANGE[0] <= pad.PEN <= strokes.PEN_RANGE[1]
    # a full stroke of points written with four decimals, and its share of the JSON
    longest = len(strokes_json([[(0.1234, 0.5678)] * pad.MAX_STROKE_POINTS]))
    assert longest * 10 < strokes.MAX_JSON_CHARS


# Status lines -----------------------------------------------------------------------------------------

def test_percentages_have_one_decimal_everywhere():
    assert [percent(p) for p in (0.5, 0.9984, 0.99996, 1.0, 0.0004, 0.0)] == [
        "50.0 %", "99.8 %", "> 99.9 %", "> 99.9 %", "< 0.1 %", "< 0.1 %"]


def test_an_eight_and_not_sure_says_why():
    probs = np.full(10, 0.0001)
    probs[8] = 0.998
    assert verdict(probs, unsure=False) == "It's an **8** (99.8 % sure)."
    unlike = verdict(probs, unsure=True)  # sure which digit, but unlike real digits (low top logit)
    assert unlike.startswith("**Not sure** this is a digit") and "an **8** (99.8 %)" in unlike
    torn = np.full(10, 0.0)
    torn[4], torn[9] = 0.55, 0.40
    both = verdict(torn, unsure=True)  # torn between two digits
    assert both.startswith("**Not sure**: it could be a **4** (55.0 %) or a **9** (40.0 %)")


def test_the_sample_box_takes_text():
    import gradio as gr

    assert app.show_sample(" 0 ").index == 0 and app.show_sample("1,234").index == 1234
    for typed in ("", "abc", "-1", "10000", "2.5"):
        view = app.show_typed_sample(typed)
        assert isinstance(view.index, type(gr.skip())) and view.image is None  # what was typed stays
        assert "0 to 9,999" in view.verdict
