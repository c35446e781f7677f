"""The Python API answers bad arguments with its own ValueError, never a library's message, and refuses
arrays too large to read before copying them."""

import io
import re
import time

import numpy as np
import pytest
from PIL import Image

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


def line_sketchpads() -> list[dict]:
    """Sketchpad values whose canvas is a line: a white, a striped and a gradient 100000 x 1 background,
    and a drawn 1 x 100000 layer."""
    white = np.full((1, 100_000, 3), 255, np.uint8)
    striped = white.copy()
    striped[0, 40_000:60_000] = 0
    gradient = np.repeat(np.linspace(0, 255, 100_000).astype(np.uint8)[None, :, None], 3, axis=-1)
    layer = np.zeros((100_000, 1, 4), np.uint8)
    layer[40_000:60_000, 0, 3] = 255
    return [{"background": white, "layers": [], "composite": None},
            {"background": striped, "layers": [], "composite": None},
            {"background": gradient, "layers": [], "composite": None},
            {"background": None, "layers": [layer], "composite": None}]


@pytest.mark.parametrize("value", line_sketchpads())
def test_a_sketchpad_that_is_a_line_says_so(value):
    """A 100000 x 1 canvas is no empty canvas and no numpy message: the picture is a line."""
    for call in (mnist_demo.to_mnist, mnist_demo.predict_image):
        with pytest.raises(mnist_demo.EmptyImageError, match=r"pixels: a line, not a digit"):
            call(value)


@pytest.mark.parametrize("shape", [(1, 100_000), (2, 5000), (5, 2000), (100_000, 1), (1, 50)])
def test_a_picture_that_is_a_line_says_so(shape):
    """Arrays and files too thin to hold a digit: our message (before: numpy's 'zero-size array' or a guess)."""
    array = np.full(shape, 255, np.uint8)
    array[: max(1, shape[0] // 2), : max(1, shape[1] // 2)] = 0
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    for source in (array, buffer.getvalue()):
        with pytest.raises(mnist_demo.EmptyImageError, match=r"pixels: a line, not a digit"):
            mnist_demo.predict_image(source)


def test_a_huge_sketchpad_layer_is_refused_before_any_copy():
    """Layers over 60 megapixels, one or five of them (broadcast views: no memory), are refused from
    their size alone (before: 81 MP read in ~4 s and ~600 MB, then 'a dot')."""
    pixel = np.zeros((1, 1, 4), np.uint8)
    pixel[..., 3] = 255
    huge = np.broadcast_to(pixel, (9000, 9000, 4))
    for layers in ([huge], [huge] * 5):
        begun = time.perf_counter()
        with pytest.raises(ValueError, match="too large"):
            mnist_demo.to_mnist({"background": None, "layers": layers, "composite": None})
        assert time.perf_counter() - begun < 0.5


def drawn_layer(height: int, width: int) -> np.ndarray:
    """A transparent RGBA layer with a drawn bar of ink."""
    layer = np.zeros((height, width, 4), np.uint8)
    layer[height // 4: 3 * height // 4, width // 2 - 3: width // 2 + 3, 3] = 255
    return layer


@pytest.mark.parametrize(("value", "message"), [
    # Two layers of different sizes (before: numpy's "operands could not be broadcast together").
    ({"background": None, "layers": [drawn_layer(200, 200), drawn_layer(100, 150)], "composite": None},
     "layers differ in size"),
    # A layers value that is not a list (before: "'int' object is not iterable").
    ({"background": None, "layers": 5, "composite": None}, "'layers' must be a list"),
])
def test_a_malformed_sketchpad_gets_our_message(value, message):
    for call in (mnist_demo.to_mnist, mnist_demo.predict_image, mnist_demo.read_number):
        with pytest.raises(ValueError, match=re.escape(message)):
            call(value)
