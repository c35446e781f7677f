"""The honest "not sure" (mnist_demo/confidence.py): scribbles are not claimed as digits, clear digits are."""

import numpy as np

import mnist_demo
from mnist_demo.predict import predict_image
from mnist_demo_dev.not_digits import DIGIT_LIKE, letter, scribble_layer
from mnist_demo_dev.strokes import drawn_layer, sketchpad_value


def test_scribbles_are_mostly_not_sure():
    unsure = 0
    for seed in range(12):
        layer = scribble_layer(np.random.default_rng(seed), points=14, width=22)
        try:
            unsure += predict_image(sketchpad_value(layer)).unsure
        except mnist_demo.EmptyImageError:
            unsure += 1
    assert unsure >= 8


def test_clear_digits_are_not_called_unsure():
    for digit in range(10):
        prediction = predict_image(sketchpad_value(drawn_layer(digit)))
        assert prediction.digit == digit and not prediction.unsure


def test_letters_are_mostly_not_claimed_as_digits():
    """Letters that are not written like digits (A, K, W, x ...), in several fonts, sizes and slants:
    most get "not sure" (benchmarks/not_sure.py measures about 4 in 5)."""
    rng = np.random.default_rng(11)
    letters = [c for c in "ACEFHJKLMNPRUVWXYacdefhkmnprtuvwxy" if c not in DIGIT_LIKE]
    answers = []
    for _ in range(30):
        try:
            answers.append(predict_image(letter(str(rng.choice(letters)), rng)).unsure)
        except mnist_demo.EmptyImageError:
            answers.append(True)
    assert sum(answers) >= 20
