"""Training digits redrawn with a uniform pen (mnist_demo.redraw): MNIST format, the same digit to the
shipped model, deterministic, and shown in training for the share of samples asked for."""

import numpy as np
import pytest

from mnist_demo.data import load_test_split
from mnist_demo.redraw import redraw, redraw_all


@pytest.fixture(scope="module")
def test_digits() -> tuple[np.ndarray, np.ndarray]:
    images, labels = load_test_split()
    return images[:120], labels[:120]


def _centre_of_mass(image: np.ndarray) -> np.ndarray:
    rows, columns = np.mgrid[: image.shape[0], : image.shape[1]]
    return np.array([(image * rows).sum(), (image * columns).sum()]) / image.sum()


@pytest.mark.parametrize("pen_share", [0.04, 0.12, 0.22])
def test_a_redrawn_digit_is_in_mnist_format(test_digits, pen_share):
    images, _ = test_digits
    for image in images[:10]:
        drawn = redraw(image, pen_share)
        assert drawn.shape == (28, 28) and drawn.dtype == np.float32
        assert drawn.min() >= 0.0 and drawn.max() <= 1.0 and drawn.max() > 0.5
        rows, columns = np.nonzero(drawn > 0.1)
        assert max(np.ptp(rows), np.ptp(columns)) + 1 <= 22  # the long side fitted into MNIST's 20 px box
        assert np.abs(_centre_of_mass(drawn) - 13.5).max() < 1.5  # centred by mass, as MNIST


def test_a_redrawn_digit_is_no_copy_of_the_written_one(test_digits):
    images, _ = test_digits
    drawn = redraw_all(images[:20], seed=1, workers=1).astype(np.float32)
    differences = np.abs(drawn - images[:20]).mean(axis=(1, 2))
    assert (differences > 10).all()  # a new pen, not the scan's own strokes


def test_the_shipped_model_reads_redrawn_digits_as_the_same_digits(test_digits):
    from mnist_demo.predict import load_compiled

    images, labels = test_digits
    drawn = redraw_all(images, seed=3, workers=1)
    predictions = load_compiled()(drawn[..., None].astype(np.float32) / 255.0).argmax(axis=1)
    assert (predictions == labels).mean() >= 0.95


def test_redrawing_is_deterministic_for_a_seed(test_digits):
    images, _ = test_digits
    first = redraw_all(images[:12], seed=5, workers=1)
    np.testing.assert_array_equal(first, redraw_all(images[:12], seed=5, workers=1))
    assert not np.array_equal(first, redraw_all(images[:12], seed=6, workers=1))  # other pen widths


def test_an_empty_image_is_kept_as_it_is():
    empty = np.zeros((2, 28, 28), np.uint8)
    np.testing.assert_array_equal(redraw_all(empty, seed=1, workers=1), empty)


@pytest.mark.parametrize("share", [0.0, 0.3, 1.0])
def test_training_shows_the_redrawn_form_for_the_share_asked_for(share):
    pytest.importorskip("tensorflow")
    from mnist_demo.train import make_dataset

    count = 400
    written = np.zeros((count, 28, 28), np.uint8)
    redrawn = np.full((count, 28, 28), 255, np.uint8)
    labels = np.arange(count) % 10
    batches = make_dataset(written, labels, 100, augment=False, seed=1, redrawn=redrawn, redrawn_share=share)
    shown = np.concatenate([images.numpy().max(axis=(1, 2, 3)) for images, _ in batches])
    assert len(shown) == count
    assert abs(shown.mean() - share) < 0.07
