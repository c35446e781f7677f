"""A missing, corrupt or wrong-shaped model file stops ``python app.py`` with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mnist_demo.config import REPO_DIR


def start_app_with(assets: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MNIST_DEMO_ASSETS": str(assets), "GRADIO_SERVER_PORT": "0"}
    return subprocess.run([sys.executable, "app.py"], cwd=REPO_DIR, env=env, capture_output=True, text=True,
                          timeout=120)


def wrong_shape(path: Path) -> None:
    import keras

    model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10)])
    model.save(path)


@pytest.mark.parametrize("damage", ["missing", "corrupt", "wrong_shape"])
def test_bad_model_file_stops_the_app_with_one_line(tmp_path, damage):
    model = tmp_path / "model.keras"
    if damage == "corrupt":
        model.write_bytes(b"PK\x03\x04 not really a keras file")
    elif damage == "wrong_shape":
        wrong_shape(model)
    result = start_app_with(tmp_path)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    last = result.stderr.strip().splitlines()[-1]
    assert str(model) in last and "python -m mnist_demo train" in last
