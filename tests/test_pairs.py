"""The pair reader (mnist_demo.pairs): its input framing, its classes, and its asset failing softly."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from mnist_demo.pairs import (
    NO_DIGIT_CLASS,
    PAIR_CLASSES,
    PAIR_HEIGHT,
    PAIR_WIDTH,
    load_pair_reader,
    pair_class,
    pair_image,
    pair_table,
    two_digit_probability,
)
from mnist_demo.preprocess import EmptyImageError


def _bar_pair(height: int, width: int, stroke: int) -> np.ndarray:
    """Two upright bars side by side (an "11"), ink high, at any size and pen."""
    crop = np.zeros((height, width), np.float32)
    crop[:, :stroke] = 1.0
    crop[:, width - stroke:] = 1.0
    return crop


@pytest.mark.parametrize(("height", "width", "stroke"), [(40, 30, 4), (300, 260, 40), (90, 400, 9)])
def test_a_part_is_fitted_by_its_height_and_centred(height, width, stroke):
    image = pair_image(_bar_pair(height, width, stroke))
    assert image.shape == (PAIR_HEIGHT, PAIR_WIDTH) and image.dtype == np.float32
    assert image.min() >= 0.0 and image.max() == pytest.approx(1.0)
    rows = np.flatnonzero(image.max(axis=1) > 0.3)
    cols = np.flatnonzero(image.max(axis=0) > 0.3)
    assert rows[-1] - rows[0] + 1 <= 21 and cols[-1] - cols[0] + 1 <= PAIR_WIDTH - 3  # 20 px tall at most
    centre = np.array(ndimage.center_of_mass(image))
    assert np.all(np.abs(centre - (np.array(image.shape) - 1) / 2) <= 1.5)


def test_a_thin_and_a_bold_pen_give_the_same_strokes():
    thin, bold = pair_image(_bar_pair(200, 180, 6)), pair_image(_bar_pair(200, 180, 40))
    assert np.abs(thin - bold).mean() < 0.08  # strokes normalised as for a single digit


def test_no_ink_is_no_part():
    with pytest.raises(EmptyImageError):
        pair_image(np.zeros((40, 60), np.float32))


def test_classes_and_tables():
    assert [pair_class(text) for text in ("0", "9", "00", "38", "99")] == [0, 9, 10, 48, 109]
    with pytest.raises(ValueError, match="one or two digits"):
        pair_class("123")
    probabilities = np.zeros(PAIR_CLASSES)
    probabilities[[7, pair_class("38")]] = [0.25, 0.75]
    assert two_digit_probability(probabilities) == pytest.approx(0.75)
    assert pair_table(probabilities)[3, 8] == pytest.approx(0.75)


def test_the_shipped_pair_reader_reads_a_part(tmp_path):
    reader = load_pair_reader()
    assert reader is not None and reader is load_pair_reader()  # loaded once
    probabilities = reader(np.stack([pair_image(_bar_pair(200, 160, 20))]))
    assert probabilities.shape == (1, NO_DIGIT_CLASS + 1) and probabilities.sum() == pytest.approx(1.0, abs=1e-4)
    assert int(probabilities[0].argmax()) == pair_class("11")


def test_the_shipped_pair_reader_reads_a_mark_that_is_no_digit_as_none():
    """Test-split 3s and 8s turned a quarter turn (an m, an infinity sign) are wide marks the reader
    was never shown as such: it says "no digit", not "two digits" (the reader without the no-digit
    class read 70 % of these as two digits, and the number reader cut them in two)."""
    from mnist_demo.data import load_test_split

    images, labels = load_test_split()
    marks = [np.rot90(images[i], 1).astype(np.float32) / 255 for i in np.flatnonzero(np.isin(labels, [3, 8]))[:40]]
    probabilities = load_pair_reader()(np.stack([pair_image(mark) for mark in marks]))
    assert (two_digit_probability(probabilities) >= 0.5).mean() <= 0.2
    assert (probabilities[:, NO_DIGIT_CLASS] > 0.5).mean() >= 0.75


def test_a_missing_or_broken_pair_file_leaves_number_reading_without_it(tmp_path, capsys):
    assert load_pair_reader(tmp_path / "absent.keras") is None
    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"not a model")
    assert load_pair_reader(broken) is None
    assert "broken.keras" in capsys.readouterr().err  # said once, on stderr


def test_training_parts_are_framed_and_labelled_like_the_parts_read():
    """mnist_demo_dev.pair_training composes its parts as the benchmark composes numbers; each is a
    (28, 56) frame of one digit or a pair, labelled with the class of the digits it holds."""
    from mnist_demo.data import load_test_split
    from mnist_demo_dev.pair_training import part_sample

    images, labels = load_test_split()
    rng = np.random.default_rng(3)
    classes = []
    for _ in range(12):
        image, label = part_sample(images[:50], labels[:50], rng)
        assert image.shape == (PAIR_HEIGHT, PAIR_WIDTH) and image.min() >= 0.0 and image.max() <= 1.0
        classes.append(label)
    assert all(0 <= c < PAIR_CLASSES for c in classes)
    assert any(c < 10 for c in classes) and any(c >= 10 for c in classes)  # single digits and pairs


def test_outlier_parts_are_real_digits_turned_into_no_digit_and_never_read_as_two():
    """--outliers: a share of the training parts are marks made from real digits by a transform that
    leaves no digit (mnist_demo.outliers.ALLOWED), of the reader's class NO_DIGIT_CLASS: neither one
    digit nor two, so never a reason to split."""
    from mnist_demo.data import load_test_split
    from mnist_demo.outliers import ALLOWED
    from mnist_demo_dev.pair_training import NO_DIGIT, classes_of, no_digit, part_sample

    images, labels = load_test_split()
    images, labels = images[:60], labels[:60]
    rng = np.random.default_rng(5)
    for _ in range(30):
        mark = no_digit(images, labels, rng)
        sources = [(kind, int(labels[i])) for i in range(len(images)) for kind, turned in enumerate(
            (np.fliplr(images[i]), np.rot90(images[i], 2), np.rot90(images[i], 1), np.rot90(images[i], -1)))
            if np.array_equal(turned, mark)]
        assert sources and all(ALLOWED[min(kind, 2), digit] for kind, digit in sources)
    drawn = [part_sample(images, labels, rng, outliers=0.5)[1] for _ in range(60)]
    assert 15 <= drawn.count(NO_DIGIT) <= 45 and all(c == NO_DIGIT or 0 <= c < PAIR_CLASSES for c in drawn)
    assert classes_of(np.array([NO_DIGIT, pair_class("7"), pair_class("38")])).tolist() == [
        NO_DIGIT_CLASS, 7, pair_class("38")]
    assert two_digit_probability(np.eye(NO_DIGIT_CLASS + 1)[NO_DIGIT_CLASS]) == 0.0  # never a reason to split
