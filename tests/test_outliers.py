"""Outlier exposure (mnist_demo.outliers): which samples become non-digits, what they become, and that
training shows them for the share asked for."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from mnist_demo.data import load_test_split, to_model_input  # noqa: E402
from mnist_demo.outliers import expose_outliers  # noqa: E402
from mnist_demo.train import make_dataset, one_hot  # noqa: E402


@pytest.fixture(scope="module")
def exposed():
    """The first 600 test digits with every sample asked to turn (share 1)."""
    images, labels = load_test_split()
    images, labels = images[:600], labels[:600]
    tf.random.set_seed(3)
    x = to_model_input(images)
    out_x, out_y = expose_outliers(tf.constant(x), tf.constant(one_hot(labels)), share=1.0)
    turned = np.isclose(out_y.numpy(), 0.1).all(axis=1)
    return x[..., 0], labels, out_x.numpy()[..., 0], out_y.numpy(), turned


def test_zeros_and_ones_are_never_turned(exposed):
    # every transform of a 0 or a 1 can leave a digit (a mirrored 1, a turned 0)
    x, labels, out_x, out_y, turned = exposed
    kept = np.isin(labels, (0, 1))
    assert kept.sum() > 100
    assert not turned[kept].any()
    np.testing.assert_array_equal(out_x[kept], x[kept])
    np.testing.assert_array_equal(out_y[kept], one_hot(labels[kept]))


def test_a_turned_sample_has_the_uniform_target_and_other_strokes(exposed):
    x, labels, out_x, out_y, turned = exposed
    assert 0.35 < turned[~np.isin(labels, (0, 1))].mean() < 0.85  # the rest: a transform not allowed for it
    np.testing.assert_allclose(out_y[turned].sum(axis=1), 1.0, atol=1e-6)
    assert not np.isclose(out_x[turned], x[turned]).all(axis=(1, 2)).any()  # no turned sample is the digit
    # mirrored and turned samples keep their ink; an overlaid one gains the other digit's
    ink, out_ink = x.sum(axis=(1, 2)), out_x.sum(axis=(1, 2))
    assert (out_ink[turned] >= ink[turned] - 1e-3).all()
    np.testing.assert_array_equal(out_x[~turned], x[~turned])


def test_a_turned_sample_is_a_mirror_a_turn_or_an_overlay_of_its_digit(exposed):
    x, _, out_x, _, turned = exposed
    kinds = []
    for source, result in zip(x[turned], out_x[turned]):
        candidates = {"mirror": source[:, ::-1], "upside down": source[::-1, ::-1],
                      "quarter left": np.rot90(source, 1), "quarter right": np.rot90(source, -1)}
        kind = next((name for name, image in candidates.items() if np.allclose(image, result)), "overlay")
        if kind == "overlay":  # the digit itself is still there, under the other one's strokes
            assert (result >= source - 1e-6).all() and result.sum() > source.sum() + 5
        kinds.append(kind)
    assert {"mirror", "upside down", "overlay"} <= set(kinds)
    assert {"quarter left", "quarter right"} & set(kinds)


@pytest.mark.parametrize("share", [0.0, 0.5])
def test_training_shows_outliers_for_the_share_asked_for(share):
    count = 1000
    images = np.zeros((count, 28, 28), np.uint8)
    images[:, 6:22, 12:15] = 255  # a stroke left of the centre: mirrored or turned, it moves
    labels = 2 + np.arange(count) % 8  # digits 2-9: a transform is allowed for each of them
    batches = make_dataset(images, labels, 100, augment=False, seed=1, outliers=share)
    targets = np.concatenate([y.numpy() for _, y in batches])
    assert len(targets) == count
    turned = np.isclose(targets, 0.1).all(axis=1).mean()
    if share == 0:
        assert turned == 0
    else:  # about half of the kinds drawn are allowed for a given digit: a share of 0.5 turns 15-40 %
        assert 0.15 < turned < 0.4


def test_a_fine_tune_with_outliers_is_its_own_phase_of_the_record():
    from mnist_demo.history import History

    earlier = {"epochs": 3, "finish_epochs": 1, "redrawn": 0.3}
    record = History(epochs=8, config={"epochs": 2, "finish_epochs": 2, "outliers": 0.1, "redrawn": 0.3,
                                       "earlier": earlier})
    assert record.phases() == [(1, 3, "redrawn"), (4, 4, "finish"), (5, 6, "not digits"), (7, 8, "finish")]
