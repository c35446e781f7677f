"""Outlier exposure: teach the network to be unsure on marks that are not digits.

    python -m mnist_demo train --data PATH/mnist.npz --start-from runs/X/model.keras --epochs 4 --outliers 0.1

A share of each training batch is turned into something that is no digit, made from the real
handwriting of the batch itself, and given the uniform target (0.1 for every digit), so that the
cross-entropy rewards the network for spreading its belief there (Hendrycks et al., "Deep Anomaly
Detection with Outlier Exposure", ICLR 2019). The outliers are real pen strokes, not a renderer's:

- a digit mirrored left to right (a mirrored 3 is an epsilon, a mirrored 7 a gallows),
- a digit turned upside down (a 7 becomes an L, a 4 a chair),
- a digit turned a quarter turn (a 3 becomes an m, an 8 an infinity sign),
- two different digits drawn over each other, a few pixels apart (a tangle of strokes).

A transform is used only where it leaves no digit (``ALLOWED``); the other samples stay what they
were. Mirroring a 0, 1 or 8 gives it back, and a mirrored 2 or 5 is an S or a Z, which people write
for a 5 or a 2; upside down only a 4 or a 7 is no digit (a 3 stays a 3, a 6 becomes a 9); a 0 turned
a quarter turn stays a 0 and a slanted 1 a slanted 1; a 1 inside a 4 or a 7 is still that digit and
a 0 over a round digit a bold 0, so neither is overlaid nor overlays; and two digits drawn exactly
over each other often make an 8, so the overlaid one is moved OVERLAY_SHIFT pixels aside.
The benchmarks' letters, scribbles and shapes (``mnist_demo_dev.not_digits``) are never seen.
"""

from __future__ import annotations

import numpy as np

from .config import IMAGE_SIZE, NUM_CLASSES

OVERLAY_SHIFT = (4, 8)  # pixels (from, to) the overlaid digit is moved left or right, one draw per batch

# Which digits each transform may turn into a non-digit (rows: mirror, upside down, quarter turn, overlay).
ALLOWED = np.array([
    [d not in (0, 1, 2, 5, 8) for d in range(NUM_CLASSES)],  # mirrored left to right
    [d in (4, 7) for d in range(NUM_CLASSES)],  # upside down
    [d not in (0, 1) for d in range(NUM_CLASSES)],  # a quarter turn
    [d not in (0, 1) for d in range(NUM_CLASSES)],  # overlaid on a different digit (neither a 0 nor a 1)
], dtype=np.float32)


def expose_outliers(images, targets, share: float):
    """Turn about ``share`` of a batch into non-digits with uniform targets.

    Parameters
    ----------
    images : tf.Tensor
        (B, 28, 28, 1) float images in [0, 1], white digit on black.
    targets : tf.Tensor
        (B, 10) one-hot targets.
    share : float
        The share of samples to turn (a sample whose transform would leave a digit stays as it is).

    Returns
    -------
    (images, targets) of the same shapes: the chosen samples transformed, their targets 0.1 each.
    """
    import tensorflow as tf

    batch = tf.shape(images)[0]
    labels = tf.argmax(targets, axis=-1, output_type=tf.int32)
    turned = tf.transpose(images, [0, 2, 1, 3])
    partner, partner_labels = tf.roll(images, 1, axis=0), tf.roll(labels, 1, axis=0)
    shift = tf.random.uniform([], OVERLAY_SHIFT[0], OVERLAY_SHIFT[1] + 1, dtype=tf.int32)
    shift *= tf.random.uniform([], 0, 2, dtype=tf.int32) * 2 - 1
    padded = tf.pad(partner, [[0, 0], [0, 0], [OVERLAY_SHIFT[1], OVERLAY_SHIFT[1]], [0, 0]])
    partner = tf.slice(padded, [0, 0, OVERLAY_SHIFT[1] - shift, 0], [-1, -1, IMAGE_SIZE, -1])
    quarter_left = tf.random.uniform([batch, 1, 1, 1]) < 0.5
    candidates = tf.stack([
        tf.reverse(images, axis=[2]),
        tf.reverse(images, axis=[1, 2]),
        tf.where(quarter_left, tf.reverse(turned, axis=[1]), tf.reverse(turned, axis=[2])),
        tf.maximum(images, partner),
    ])  # (4, B, 28, 28, 1)
    kind = tf.random.uniform([batch], 0, len(ALLOWED), dtype=tf.int32)
    allowed = tf.gather_nd(tf.constant(ALLOWED), tf.stack([kind, labels], axis=-1)) > 0
    overlay = len(ALLOWED) - 1  # the overlaid digit must be allowed to overlay too, and be another digit
    overlay_ok = (partner_labels != labels) & (tf.gather(tf.constant(ALLOWED[overlay]), partner_labels) > 0)
    allowed &= (kind != overlay) | overlay_ok
    chosen = allowed & (tf.random.uniform([batch]) < share)
    transformed = tf.gather_nd(candidates, tf.stack([kind, tf.range(batch)], axis=-1))
    images = tf.where(chosen[:, None, None, None], transformed, images)
    targets = tf.where(chosen[:, None], tf.fill(tf.shape(targets), 1.0 / NUM_CLASSES), targets)
    return images, targets
