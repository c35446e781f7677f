"""Fast property tests of the dev-set generators (mnist_demo_dev.captures, photo_sim, pen, classic).

    python -m pytest tests/test_captures.py -q

No MNIST file needed: the "digits" are drawn here (a ring and a slanted bar, MNIST-like 28x28).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from mnist_demo_dev import captures, classic, pen


def ring() -> np.ndarray:
    """A 0: an anti-aliased ring, white on black, 28x28 uint8 like MNIST."""
    yy, xx = np.mgrid[0:28, 0:28]
    radius = np.hypot((yy - 14) / 9.0, (xx - 14) / 6.5)
    return (np.clip(1.0 - np.abs(radius - 0.8) * 6, 0, 1) * 255).astype(np.uint8)


def bar() -> np.ndarray:
    """A 1: a slanted bar."""
    image = np.zeros((28, 28), np.uint8)
    for row in range(4, 24):
        col = 15 - (row - 4) // 5
        image[row, col - 1:col + 2] = 255
    return image


def as_grey(sample) -> np.ndarray:
    if isinstance(sample, dict):
        sample = sample["composite"]
    if isinstance(sample, bytes):
        sample = Image.open(io.BytesIO(sample))
    if isinstance(sample, Image.Image):
        sample = np.asarray(sample.convert("L"))
    array = np.asarray(sample)
    if array.ndim == 3:
        opaque = array.shape[2] == 3 or array[..., 3].min() == 255
        array = array[..., :3].mean(axis=-1) if opaque else 255 - array[..., 3].astype(float)
    return array.astype(np.float32)


ALL = captures.select(None)


@pytest.mark.parametrize("name", ALL)
def test_every_category_is_deterministic_and_app_shaped(name):
    category = captures.CATEGORIES[name]
    digit = 0 if category.uses_label else (ring() if category.has_digit else None)
    first = captures.make(name, digit, seed=3, index=5)
    again = captures.make(name, digit, seed=3, index=5)
    assert isinstance(first, (dict, np.ndarray, Image.Image, bytes))
    if isinstance(first, dict):
        assert set(first) == {"background", "layers", "composite"}
        assert first["layers"][0].shape[2] == 4
    picture, picture_again = as_grey(first), as_grey(again)
    assert picture.shape == picture_again.shape and np.array_equal(picture, picture_again)
    assert min(picture.shape) >= 8
    if category.has_digit:
        assert picture.max() - picture.min() > 60, "the digit must be visible"
    else:
        other = as_grey(captures.make(name, None, seed=3, index=6))
        assert picture.shape != other.shape or not np.array_equal(picture, other)


@pytest.mark.parametrize("edges", [1, 2, 3, 4])
def test_tight_crops_touch_that_many_edges(edges):
    name = f"tight_{edges}edge{'s' if edges > 1 else ''}"
    for index in range(6):
        picture = as_grey(captures.make(name, ring(), seed=1, index=index))
        paper = np.median(picture)
        ink = np.abs(picture - paper) > 0.3 * np.abs(picture - paper).max()
        touching = sum(bool(line.any()) for line in (ink[0], ink[-1], ink[:, 0], ink[:, -1]))
        assert touching >= edges


def test_lowres_sizes_and_blank_labels():
    for size in (16, 20, 32, 64):
        assert as_grey(captures.make(f"lowres_{size}", bar(), seed=1, index=0)).shape == (size, size)
    x_val = np.stack([ring(), bar()] * 10)
    y_val = np.array([0, 1] * 10)
    y_val[::2] = np.arange(10)  # every digit present
    rows = list(captures.dev_set(x_val, y_val, ["blank", "canvas_sketchpad"], 3, seed=2))
    blanks = [name for name in ALL if not captures.CATEGORIES[name].has_digit]
    assert [label for name, label, _ in rows if name.startswith("blank")] == [None] * 3 * len(blanks)
    assert [label for name, label, _ in rows if name == "canvas_sketchpad"] == [0, 1, 2]


def test_pen_widths():
    thin = pen.skeleton_pen(ring(), 300, 1)
    thick = pen.skeleton_pen(ring(), 300, 40)
    assert thin.shape[0] >= 290 and (thin > 0.5).mean() < (thick > 0.5).mean() / 5


def test_classic_gives_mnist_geometry():
    for name in ("canvas_black_on_white", "photo_clean", "canvas_dark_theme", "lowres_16"):
        image = classic.classic_28(captures.make(name, ring(), seed=1, index=0))
        assert image.shape == (28, 28) and image.min() >= 0 and image.max() <= 1
        rows = np.flatnonzero(image.max(axis=1) > 0.1)
        assert 18 <= rows[-1] - rows[0] + 1 <= 22
        total = image.sum()
        cy = (image.sum(axis=1) * np.arange(28)).sum() / total
        cx = (image.sum(axis=0) * np.arange(28)).sum() / total
        assert abs(cy - 13.5) < 1 and abs(cx - 13.5) < 1
    with pytest.raises(ValueError):
        classic.classic_28(np.full((50, 50), 200, np.uint8))


@pytest.mark.parametrize("camera", [{"tilt": 15.0}, {"perspective": 0.2}])
def test_a_tilted_or_warped_photo_keeps_the_whole_digit_in_the_frame(camera):
    """A phone photo frames the digit it is taken of: a digit nearly as tall as the frame, tilted or
    warped as far as its category goes, is not cut by the frame's edge (a cut digit has no right
    answer). The same photo without the camera's turn places the digit where it was: the edges its ink
    touches then (where it was placed right at the edge) are the only ones it may touch."""
    from mnist_demo_dev import photo_sim

    def edges_touched(digit: np.ndarray, seed: int, **options) -> set[int]:
        picture = as_grey(photo_sim.photo(digit, np.random.default_rng(seed), fill=(0.85, 0.9), **options))
        darker = np.median(picture) - picture
        ink = darker > 0.3 * darker.max()
        assert ink.sum() > 0.005 * ink.size
        return {side for side, line in enumerate((ink[0], ink[-1], ink[:, 0], ink[:, -1])) if line.any()}

    for seed in range(8):
        for digit in (ring(), bar()):
            assert edges_touched(digit, seed, **camera) <= edges_touched(digit, seed), seed
