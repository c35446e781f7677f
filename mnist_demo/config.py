"""Shared constants: the MNIST image geometry and where the shipped assets live.

Everything that would otherwise be a bare 28, 20, 255 or "assets/model.keras" lives here.
"""

from __future__ import annotations

import os
from pathlib import Path

IMAGE_SIZE = 28  # MNIST images are 28 x 28 pixels.
DIGIT_BOX = 20  # MNIST fits each digit's longest side into a 20 x 20 box ...
NUM_CLASSES = 10  # ... and centres its centre of mass in the 28 x 28 frame.
INPUT_SHAPE = (IMAGE_SIZE, IMAGE_SIZE, 1)
MAX_PIXEL = 255.0

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent  # the repository (app.py, assets/, tests/): the one place it is computed
ASSETS_DIR = Path(os.environ.get("MNIST_DEMO_ASSETS", REPO_DIR / "assets"))
MODEL_FILE = "model.keras"
HISTORY_FILE = "history.json"
TEST_SPLIT_FILE = "mnist_test.npz"
CALIBRATION_FILE = "calibration.json"

DATA_ENV_VAR = "MNIST_NPZ"  # alternative to --data


def asset_path(name: str) -> Path:
    """Path of a shipped asset, e.g. ``asset_path(MODEL_FILE)``."""
    return ASSETS_DIR / name


RETRAIN_COMMAND = "python -m mnist_demo train --data PATH"  # shown to users in error messages
