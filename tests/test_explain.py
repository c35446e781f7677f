"""Why this answer: integrated-gradients heatmaps over the 28x28 input."""

import numpy as np
import pytest

from mnist_demo.data import load_test_split
from mnist_demo.explain import explain, heatmap_rgb


def test_explanation_points_at_the_ink():
    x_test, _ = load_test_split()
    for image in x_test[:5] / 255.0:
        heat = explain(image.astype(np.float32))
        assert heat.shape == (28, 28) and np.abs(heat).max() == pytest.approx(1.0)
        assert np.all(heat[image == 0] == 0)  # integrated gradients x input: no ink, no credit
        assert heat[image > 0.5].sum() > 0  # the ink pushed towards the predicted digit overall
    picture = heatmap_rgb(x_test[0] / 255.0, explain(x_test[0] / 255.0))
    assert picture.shape == (280, 280, 3) and picture.dtype == np.uint8
