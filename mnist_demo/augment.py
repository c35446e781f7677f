"""Training-time augmentation, vectorised in TensorFlow: one random warp per image of a batch.

Each image gets an affine transform (rotation, anisotropic scale, shear, shift) plus an elastic
displacement field, applied in a single bilinear resampling, and then a random stroke-thickness
change (grey-scale erosion or dilation) and, for some images, a loss of resolution (the digit
reduced to a few pixels and enlarged again, as a thumbnail or an 8 x 8 scan reaches the model).
Everything runs on whole batches inside ``tf.data``,
so no Python runs per image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import tensorflow as tf

from .config import IMAGE_SIZE


@dataclass
class AugmentConfig:
    rotation_degrees: float = 15.0
    scale_range: tuple[float, float] = (0.8, 1.15)
    aspect_jitter: float = 0.12  # x and y scale differ by up to this fraction
    shear_degrees: float = 15.0
    shift_pixels: float = 2.5
    elastic_pixels: float = 1.0  # std of the coarse displacement field
    elastic_grid: int = 4  # the field is drawn on a grid x grid lattice and upsampled
    elastic_probability: float = 0.5
    thicken_probability: float = 0.2
    thin_probability: float = 0.2
    low_resolution_probability: float = 0.0  # reduce (area) to one of the sides below, enlarge back (bilinear)
    low_resolution_sides: tuple[int, ...] = (11, 13, 16, 19, 22)  # 28 px; the digit's 20 px become 8-16 px


def _affine_grid(batch: int, config: AugmentConfig, seed: tf.Tensor | None = None) -> tf.Tensor:
    """Source coordinates (batch, H, W, 2) as (y, x) for a random affine map per image."""
    def uniform(low, high):
        return tf.random.uniform([batch], low, high)

    angle = uniform(-1.0, 1.0) * math.radians(config.rotation_degrees)
    shear = uniform(-1.0, 1.0) * math.radians(config.shear_degrees)
    scale = tf.exp(uniform(math.log(config.scale_range[0]), math.log(config.scale_range[1])))
    aspect = 1.0 + uniform(-config.aspect_jitter, config.aspect_jitter)
    scale_x, scale_y = scale * aspect, scale / aspect
    shift_x = uniform(-config.shift_pixels, config.shift_pixels)
    shift_y = uniform(-config.shift_pixels, config.shift_pixels)

    centre = (IMAGE_SIZE - 1) / 2.0
    coords = tf.range(IMAGE_SIZE, dtype=tf.float32) - centre
    out_y, out_x = tf.meshgrid(coords, coords, indexing="ij")  # output pixel positions
    out_x = out_x[None] - shift_x[:, None, None]
    out_y = out_y[None] - shift_y[:, None, None]
    # Inverse map: output -> source = (R S Sh)^-1 (out - shift).
    cos, sin = tf.cos(angle)[:, None, None], tf.sin(angle)[:, None, None]
    rot_x = cos * out_x + sin * out_y
    rot_y = -sin * out_x + cos * out_y
    src_x = rot_x / scale_x[:, None, None]
    src_y = rot_y / scale_y[:, None, None]
    src_x = src_x - tf.tan(shear)[:, None, None] * src_y
    return tf.stack([src_y + centre, src_x + centre], axis=-1)


def _elastic_field(batch: int, config: AugmentConfig) -> tf.Tensor:
    coarse = tf.random.normal([batch, config.elastic_grid, config.elastic_grid, 2]) * config.elastic_pixels
    field = tf.image.resize(coarse, [IMAGE_SIZE, IMAGE_SIZE], method="bicubic")
    apply = tf.cast(tf.random.uniform([batch, 1, 1, 1]) < config.elastic_probability, tf.float32)
    return field * apply


def bilinear_sample(images: tf.Tensor, coords: tf.Tensor) -> tf.Tensor:
    """Sample ``images`` (B, H, W, C) at float (y, x) ``coords`` (B, H, W, 2); outside is 0."""
    batch, height, width = tf.shape(images)[0], tf.shape(images)[1], tf.shape(images)[2]
    padded = tf.pad(images, [[0, 0], [1, 1], [1, 1], [0, 0]])  # zero border for outside samples
    y = tf.clip_by_value(coords[..., 0] + 1.0, 0.0, tf.cast(height, tf.float32) + 1.0)
    x = tf.clip_by_value(coords[..., 1] + 1.0, 0.0, tf.cast(width, tf.float32) + 1.0)
    y0, x0 = tf.floor(y), tf.floor(x)
    wy, wx = (y - y0)[..., None], (x - x0)[..., None]
    y0 = tf.cast(y0, tf.int32)
    x0 = tf.cast(x0, tf.int32)
    y1 = tf.minimum(y0 + 1, height + 1)
    x1 = tf.minimum(x0 + 1, width + 1)
    batch_index = tf.broadcast_to(tf.range(batch)[:, None, None], tf.shape(y0))

    def gather(yy, xx):
        return tf.gather_nd(padded, tf.stack([batch_index, yy, xx], axis=-1))

    top = gather(y0, x0) * (1 - wx) + gather(y0, x1) * wx
    bottom = gather(y1, x0) * (1 - wx) + gather(y1, x1) * wx
    return top * (1 - wy) + bottom * wy


def _stroke_thickness(images: tf.Tensor, config: AugmentConfig) -> tf.Tensor:
    batch = tf.shape(images)[0]
    dilated = tf.nn.max_pool2d(images, ksize=2, strides=1, padding="SAME")
    eroded = -tf.nn.max_pool2d(-images, ksize=2, strides=1, padding="SAME")
    choice = tf.random.uniform([batch, 1, 1, 1])
    thicken = choice < config.thicken_probability
    thin = (choice >= config.thicken_probability) & (choice < config.thicken_probability + config.thin_probability)
    # Keep erosion from wiping out thin digits: only thin where enough ink survives.
    ink = [1, 2, 3]
    ink_kept = tf.reduce_sum(eroded, axis=ink, keepdims=True) > 0.4 * tf.reduce_sum(images, axis=ink, keepdims=True)
    return tf.where(thicken, dilated, tf.where(thin & ink_kept, eroded, images))


def _low_resolution(images: tf.Tensor, config: AugmentConfig) -> tf.Tensor:
    """Some images (``low_resolution_probability``) lose detail as a small picture does: reduced by
    area averaging (each pixel the share of its square that the ink covers) to a side picked per
    image, then enlarged back with bilinear interpolation."""
    batch = tf.shape(images)[0]
    chosen = tf.random.uniform([batch, 1, 1, 1]) < config.low_resolution_probability
    side_index = tf.random.uniform([batch, 1, 1, 1], 0, len(config.low_resolution_sides), dtype=tf.int32)
    result = images
    for index, side in enumerate(config.low_resolution_sides):
        small = tf.image.resize(images, [side, side], method="area")
        again = tf.image.resize(small, [IMAGE_SIZE, IMAGE_SIZE], method="bilinear")
        again *= tf.reduce_max(images, axis=[1, 2, 3], keepdims=True) / (
            tf.reduce_max(again, axis=[1, 2, 3], keepdims=True) + 1e-6)
        result = tf.where(chosen & (side_index == index), again, result)
    return result


def augment_batch(images: tf.Tensor, config: AugmentConfig | None = None) -> tf.Tensor:
    """Randomly warp a float batch (B, 28, 28, 1) in [0, 1]; returns the same shape and range."""
    config = config or AugmentConfig()
    batch = tf.shape(images)[0]
    coords = _affine_grid(batch, config) + _elastic_field(batch, config)
    warped = bilinear_sample(images, coords)
    warped = _stroke_thickness(warped, config)
    if config.low_resolution_probability > 0:
        warped = _low_resolution(warped, config)
    return tf.clip_by_value(warped, 0.0, 1.0)
