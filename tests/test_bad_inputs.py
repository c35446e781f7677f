"""Every bad input gets the right answer or a clear error from the Python API, and the next call still
works. (How fast: benchmarks/bad_inputs.py. Over HTTP: test_server_inputs.py.)"""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

import mnist_demo
from mnist_demo_dev.bad_inputs import BAD_INPUTS, EMPTY, TOO_LARGE, UNREADABLE
from mnist_demo_dev.strokes import drawn_layer, sketchpad_value


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's own note on bomb_70mp.png
@pytest.mark.parametrize("name", BAD_INPUTS)
def test_python_api_answers_every_bad_input(bad_files, name):
    path, expected = bad_files[name]
    if isinstance(expected, int):
        (digit, _), *_ = mnist_demo.top_k(path)
        assert digit == expected
    else:
        error_type = mnist_demo.EmptyImageError if expected == EMPTY else ValueError
        with pytest.raises(error_type) as error:
            mnist_demo.top_k(path)
        message = str(error.value)
        assert message and "Traceback" not in message and str(path.parent) not in message
        if expected == TOO_LARGE:
            assert "too large" in message
        if expected == UNREADABLE:
            assert not isinstance(error.value, mnist_demo.EmptyImageError)
    (digit, _), *_ = mnist_demo.top_k(sketchpad_value(drawn_layer(1)))  # the next request still works
    assert digit == 1


def test_sketchpad_none_and_eraser_only():
    with pytest.raises(mnist_demo.EmptyImageError):
        mnist_demo.top_k(None)
    erased = drawn_layer(3).copy()
    erased[..., 3] = 0  # the eraser leaves fully transparent pixels behind
    with pytest.raises(mnist_demo.EmptyImageError):
        mnist_demo.top_k(sketchpad_value(erased))
    with pytest.raises(mnist_demo.EmptyImageError):
        mnist_demo.top_k({"background": None, "layers": [], "composite": None})


def test_not_a_sketchpad_dict_is_a_clear_value_error():
    with pytest.raises(ValueError, match="Sketchpad"):
        mnist_demo.to_mnist({"image": np.zeros((5, 5))})


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 5)), np.array(["a", "b"]), np.zeros((3, 3, 3, 3))])
def test_odd_arrays_are_clear_value_errors(bad):
    with pytest.raises(ValueError):
        mnist_demo.to_mnist(bad)


ODD_MODES = ["1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK", "YCbCr", "LAB", "HSV", "I", "F", "La", "RGBa"]
FORMATS = ["PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF", "ICO"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Pillow 12 on saving mode I as PNG
@pytest.mark.parametrize("mode", ODD_MODES)
def test_every_pillow_mode_format_and_odd_shape_gets_an_answer_or_a_value_error(mode):
    """Pictures in any mode, saved in any format Pillow writes, also 1 pixel wide: a reading or a
    clear ValueError (EmptyImageError included), never another exception or a library's message."""
    from mnist_demo.number import read_number

    answered, messages = 0, set()
    for width, height in ((1, 1), (1, 300), (300, 1), (3, 3), (64, 64)):
        picture = Image.new("L", (width, height), 255)
        ImageDraw.Draw(picture).line([(width // 2, height // 5), (width // 2, 4 * height // 5)], fill=0,
                                     width=max(1, width // 8))
        premultiplied = {"La": "LA", "RGBa": "RGBA"}  # reached through their straight-alpha modes
        picture = picture.convert(premultiplied.get(mode, mode)).convert(mode)
        encoded = []
        for file_format in FORMATS:
            buffer = io.BytesIO()
            try:
                picture.save(buffer, format=file_format)
            except (OSError, ValueError, KeyError):
                continue  # this format cannot store this mode
            encoded.append(buffer.getvalue())
        for source in [picture, *encoded]:
            for read in (mnist_demo.to_mnist, read_number):
                try:
                    read(source)
                    answered += 1
                except ValueError as error:
                    messages.add(str(error))
    assert answered > 0  # the 64 x 64 stroke is read in at least some of them
    # Every refusal is a sentence written for people, not a numpy or Pillow internal.
    assert all(message[:1].isupper() and message.endswith((".", ")")) for message in messages), messages
