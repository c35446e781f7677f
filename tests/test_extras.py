"""Whole numbers, "why this answer" heatmaps and calibration."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

import mnist_demo
from helpers import _pixel_strokes, draw_strokes, sketchpad_value
from mnist_demo.calibrate import apply_temperature, expected_calibration_error, fit_temperature
from mnist_demo.data import load_test_split
from mnist_demo.explain import explain, heatmap_rgb


def number_canvas(text: str, gap: float = 60, width: int = 22, split_four: bool = False) -> dict:
    digit_width, height = 150, 260
    size = (int(len(text) * (digit_width + gap) + 2 * gap), 500)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for i, character in enumerate(text):
        left = gap + i * (digit_width + gap)
        draw_strokes(draw, _pixel_strokes(int(character), (left, 120, left + digit_width, 120 + height)), width,
                     (0, 0, 0, 255))
    return sketchpad_value(np.asarray(layer))


@pytest.mark.parametrize("text", ["42", "2026", "1710", "9035"])
def test_read_number_left_to_right(text):
    reading = mnist_demo.read_number(number_canvas(text))
    assert reading.text == text
    lefts = [digit.box[0] for digit in reading.digits]
    assert lefts == sorted(lefts)
    for digit in reading.digits:
        assert digit.image.shape == (28, 28) and len(digit.top3) == 3
        assert digit.top3[0] == (digit.digit, digit.probability)


def test_touching_digits_are_split():
    reading = mnist_demo.read_number(number_canvas("70", gap=-10))
    assert len(reading.digits) == 2


def test_a_five_with_a_separate_hat_is_one_digit():
    layer = Image.new("RGBA", (600, 500), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw_strokes(draw, [[(200, 100), (190, 230), (300, 215), (360, 290), (340, 390), (230, 410), (180, 380)]], 22,
                 (0, 0, 0, 255))
    draw_strokes(draw, [[(215, 95), (370, 95)]], 22, (0, 0, 0, 255))  # the hat, lifted pen
    reading = mnist_demo.read_number(sketchpad_value(np.asarray(layer)))
    assert reading.text == "5"


def test_single_digit_reading_matches_top_k():
    value = number_canvas("7")
    assert mnist_demo.read_number(value).text == str(mnist_demo.top_k(value, k=1)[0][0])


def test_empty_number_canvas():
    with pytest.raises(mnist_demo.EmptyImageError):
        mnist_demo.read_number(sketchpad_value(np.zeros((400, 800, 4), np.uint8)))


def test_explanation_points_at_the_ink():
    x_test, _ = load_test_split()
    for image in x_test[:5] / 255.0:
        heat = explain(image.astype(np.float32))
        assert heat.shape == (28, 28) and np.abs(heat).max() == pytest.approx(1.0)
        assert np.all(heat[image == 0] == 0)  # integrated gradients x input: no ink, no credit
        assert heat[image > 0.5].sum() > 0  # the ink pushed towards the predicted digit overall
    picture = heatmap_rgb(x_test[0] / 255.0, explain(x_test[0] / 255.0))
    assert picture.shape == (280, 280, 3) and picture.dtype == np.uint8


def test_temperature_scaling_fixes_overconfidence():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 4000)
    logits = rng.normal(0, 1, (4000, 10))
    logits[np.arange(4000), labels] += 2.0  # right about 70 % of the time ...
    probabilities = apply_temperature(np.exp(logits * 3) / np.exp(logits * 3).sum(1, keepdims=True), 1.0)  # ... but sure
    temperature = fit_temperature(probabilities, labels)
    assert temperature > 1.2  # overconfident probabilities need softening
    calibrated = apply_temperature(probabilities, temperature)
    assert expected_calibration_error(calibrated, labels) < 0.5 * expected_calibration_error(probabilities, labels)
    np.testing.assert_array_equal(calibrated.argmax(1), probabilities.argmax(1))
