"""Training augmentation: the warp without randomness is the identity, and the loss of resolution
blurs a digit the way a small picture does while keeping its ink and its place."""

from dataclasses import replace

import numpy as np
import pytest

from mnist_demo.data import load_test_split, to_model_input

tf = pytest.importorskip("tensorflow")

from mnist_demo.augment import AugmentConfig, augment_batch  # noqa: E402

NO_WARP = AugmentConfig(rotation_degrees=0.0, scale_range=(1.0, 1.0), aspect_jitter=0.0, shear_degrees=0.0,
                        shift_pixels=0.0, elastic_probability=0.0, thicken_probability=0.0, thin_probability=0.0)


@pytest.fixture(scope="module")
def digits() -> np.ndarray:
    images, _ = load_test_split()
    return to_model_input(images[:64])


def _detail(images: np.ndarray) -> np.ndarray:
    """Energy of the differences between neighbouring pixels, per image: what blur takes away."""
    return (np.diff(images, axis=1) ** 2).sum(axis=(1, 2, 3)) + (np.diff(images, axis=2) ** 2).sum(axis=(1, 2, 3))


def _centre_of_mass(images: np.ndarray) -> np.ndarray:
    rows, columns = np.mgrid[: images.shape[1], : images.shape[2]]
    mass = images[..., 0].sum(axis=(1, 2))
    return np.stack([(images[..., 0] * rows).sum(axis=(1, 2)) / mass,
                     (images[..., 0] * columns).sum(axis=(1, 2)) / mass], axis=1)


def test_without_randomness_the_augmentation_gives_the_digit_back(digits):
    np.testing.assert_allclose(augment_batch(tf.constant(digits), NO_WARP).numpy(), digits, atol=1e-5)


def test_a_digit_that_loses_resolution_is_blurred_but_keeps_its_ink_and_place(digits):
    blurred = augment_batch(tf.constant(digits), replace(NO_WARP, low_resolution_probability=1.0)).numpy()
    assert blurred.shape == digits.shape
    assert blurred.min() >= 0.0 and blurred.max() <= 1.0
    # The darkest ink stays as dark, as the preprocessing stretches a small picture's contrast.
    np.testing.assert_allclose(blurred.max(axis=(1, 2, 3)), digits.max(axis=(1, 2, 3)), atol=1e-3)
    # Detail is lost in every image: a 20 px digit redrawn from 8-16 px.
    assert (_detail(blurred) < 0.7 * _detail(digits)).all()
    # Nothing moves: the centre of mass stays within half a pixel.
    assert np.abs(_centre_of_mass(blurred) - _centre_of_mass(digits)).max() < 0.5


def test_the_loss_of_resolution_falls_on_the_share_of_images_asked_for(digits):
    tf.random.set_seed(3)
    batch = np.repeat(digits[:1], 400, axis=0)
    blurred = augment_batch(tf.constant(batch), replace(NO_WARP, low_resolution_probability=0.25)).numpy()
    changed = np.abs(blurred - batch).max(axis=(1, 2, 3)) > 1e-3
    assert 0.15 < changed.mean() < 0.35
