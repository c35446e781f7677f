"""Offline calibration (mnist_demo/calibrate.py): temperature scaling fitted on held-out predictions."""

import numpy as np

from mnist_demo.calibrate import expected_calibration_error, fit_temperature
from mnist_demo.confidence import apply_temperature


def test_temperature_scaling_fixes_overconfidence():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 4000)
    logits = rng.normal(0, 1, (4000, 10))
    logits[np.arange(4000), labels] += 2.0  # right about 70 % of the time ...
    sure = np.exp(logits * 3) / np.exp(logits * 3).sum(1, keepdims=True)  # ... but sure
    probabilities = apply_temperature(sure, 1.0)
    temperature = fit_temperature(probabilities, labels)
    assert temperature > 1.2  # overconfident probabilities need softening
    calibrated = apply_temperature(probabilities, temperature)
    assert expected_calibration_error(calibrated, labels) < 0.5 * expected_calibration_error(probabilities, labels)
    np.testing.assert_array_equal(calibrated.argmax(1), probabilities.argmax(1))
