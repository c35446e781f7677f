"""The Python API answers bad arguments with its own ValueError, never a library's message, and refuses
arrays too large to read before copying them."""

import re

import numpy as np
import pytest

import mnist_demo
from mnist_demo.preprocess.reading import MAX_INPUT_PIXELS


def digit_array(fill: float = 1.0) -> np.ndarray:
    array = np.zeros((100, 100))
    array[30:70, 45:55] = fill
    return array


@pytest.mark.parametrize(("image", "message"), [
    (digit_array(np.inf), "NaN or infinite"),
    (digit_array(-np.inf), "NaN or infinite"),
    (digit_array(np.nan), "NaN or infinite"),
    (np.array([["a", "b"], ["c", "d"]]), "array of numbers"),
    (np.full((50, 50), b"x"), "array of numbers"),
    (digit_array().astype(complex), "array of numbers"),
])
def test_bad_arrays_get_our_message(image, message):
    for call in (mnist_demo.to_mnist, mnist_demo.top_k):
        with pytest.raises(ValueError, match=re.escape(message)):
            call(image)


def test_huge_array_is_refused_before_any_copy():
    side = int(MAX_INPUT_PIXELS**0.5) + 1
    # Broadcast views: 61 megapixels that take no memory; reading them would take gigabytes.
    for huge in (np.broadcast_to(np.uint8(0), (side, side)), np.broadcast_to(np.float64(0.5), (side, side, 3))):
        with pytest.raises(ValueError, match="too large"):
            mnist_demo.to_mnist(huge)


@pytest.mark.parametrize("k", [3.5, "3", True, None, 2.0])
def test_top_k_needs_a_whole_number(k):
    with pytest.raises(ValueError, match="k must be a whole number between 1 and 10"):
        mnist_demo.top_k(digit_array(), k=k)


def test_top_k_takes_numpy_integers():
    assert len(mnist_demo.top_k(digit_array(), k=np.int64(2))) == 2
