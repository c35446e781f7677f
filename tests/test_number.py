"""Whole numbers: mnist_demo.read_number finds every digit and reads them left to right."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

import mnist_demo
from mnist_demo_dev.strokes import BLACK_INK, draw_strokes, number_canvas, sketchpad_value


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
                 BLACK_INK)
    draw_strokes(draw, [[(215, 95), (370, 95)]], 22, BLACK_INK)  # the hat, lifted pen
    reading = mnist_demo.read_number(sketchpad_value(np.asarray(layer)))
    assert reading.text == "5"


def test_single_digit_reading_matches_top_k():
    value = number_canvas("7")
    assert mnist_demo.read_number(value).text == str(mnist_demo.top_k(value, k=1)[0][0])


def test_empty_number_canvas():
    with pytest.raises(mnist_demo.EmptyImageError):
        mnist_demo.read_number(sketchpad_value(np.zeros((400, 800, 4), np.uint8)))
