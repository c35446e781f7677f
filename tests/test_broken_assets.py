"""Broken assets other than the model: an invalid ``calibration.json`` stops the app with one line;
a malformed ``history.json`` or a missing / corrupt ``mnist_test.npz`` leaves the app running with a
plain message in its tab."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mnist_demo.confidence import Calibration, CalibrationError
from mnist_demo.config import ASSETS_DIR, REPO_DIR
from mnist_demo_dev.server import running_app

BAD_CALIBRATIONS = {
    "empty_object": "{}",
    "not_an_object": "[1.3]",
    "string_temperature": '{"temperature": "1.3"}',
    "zero_temperature": '{"temperature": 0}',
    "negative_temperature": '{"temperature": -1}',
    "nan_temperature": '{"temperature": NaN}',
    "wrong_length_floors": '{"temperature": 1.3, "min_top_logit": [1, 2, 3]}',
    "string_floors": '{"temperature": 1.3, "min_top_logit": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]}',
    "threshold_out_of_range": '{"temperature": 1.3, "not_sure_below": 5}',
    "not_json": "temperature = 1.3",
}


def broken_assets(tmp_path: Path, **files: bytes) -> Path:
    """A copy of the shipped assets with some files replaced (bytes) or removed (None)."""
    assets = tmp_path / "assets"
    assets.mkdir()
    for name in ("model.keras", "calibration.json", "history.json", "mnist_test.npz"):
        if name in files:
            if files[name] is not None:
                (assets / name).write_bytes(files[name])
        else:
            shutil.copy(ASSETS_DIR / name, assets / name)
    return assets


@pytest.mark.parametrize("name", sorted(BAD_CALIBRATIONS))
def test_invalid_calibration_is_refused_with_a_reason(tmp_path, name):
    path = tmp_path / "calibration.json"
    path.write_text(BAD_CALIBRATIONS[name])
    with pytest.raises(CalibrationError) as raised:
        Calibration.load(path)
    message = str(raised.value)
    assert "calibration.json" in message and "python -m mnist_demo calibrate" in message
    assert "\n" not in message


def test_shipped_and_missing_calibration_load(tmp_path):
    shipped = Calibration.load(ASSETS_DIR / "calibration.json")
    assert shipped.temperature > 1 and shipped.min_top_logit.shape == (10,)
    assert Calibration.load(tmp_path / "none.json").temperature == 1.0
    floors = json.dumps({"temperature": 1.0, "min_top_logit": float("-inf")})  # -Infinity: no floor
    (tmp_path / "c.json").write_text(floors)
    assert np.all(Calibration.load(tmp_path / "c.json").min_top_logit == -np.inf)


@pytest.mark.parametrize("name", ["empty_object", "string_temperature", "negative_temperature"])
def test_app_start_with_invalid_calibration_stops_with_one_line(tmp_path, name):
    assets = broken_assets(tmp_path, **{"calibration.json": BAD_CALIBRATIONS[name].encode()})
    env = {**os.environ, "MNIST_DEMO_ASSETS": str(assets), "GRADIO_SERVER_PORT": "0"}
    result = subprocess.run([sys.executable, "app.py"], cwd=REPO_DIR, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "calibration.json" in last and "python -m mnist_demo calibrate" in last


@pytest.mark.parametrize("record", ['{"loss": "abc", "accuracy": 5, "epochs": "x"}',
                                    '{"confusion_matrix": [[1, 2], [3]], "val_accuracy": [null, "a"]}',
                                    '{"config": {"augment": true}, "loss": [1, 2], "accuracy": [1]}'])
def test_malformed_history_gives_a_message_not_a_crash(tmp_path, monkeypatch, record):
    from mnist_demo import config
    from mnist_demo.ui.training import training_report

    (tmp_path / "history.json").write_text(record)
    monkeypatch.setattr(config, "ASSETS_DIR", tmp_path)
    report = training_report()
    assert report.curves is None and report.confusion is None
    assert "No training record to show" in report.summary


@pytest.mark.parametrize("damage", ["missing", "truncated", "not_a_zip"])
def test_broken_test_split_gives_a_friendly_error(tmp_path, monkeypatch, damage):
    import gradio as gr

    from mnist_demo import config
    from mnist_demo.ui.samples import UNAVAILABLE, SampleStore

    if damage == "truncated":
        whole = (ASSETS_DIR / "mnist_test.npz").read_bytes()
        (tmp_path / "mnist_test.npz").write_bytes(whole[: len(whole) // 2])
    elif damage == "not_a_zip":
        (tmp_path / "mnist_test.npz").write_bytes(b"PK\x03\x04" + b"\0" * 200)
    monkeypatch.setattr(config, "ASSETS_DIR", tmp_path)
    store = SampleStore()
    with pytest.raises(gr.Error) as raised:
        store.view(0)
    assert raised.value.message == UNAVAILABLE
    store.preload()  # the start-up preload says nothing


def test_server_with_broken_history_and_test_split(tmp_path, monkeypatch, digit_photo):
    """The real app with a malformed history.json and a corrupt mnist_test.npz: it starts, the Training
    tab says there is no record, Random sample answers with a plain message, /predict still works."""
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    whole = (ASSETS_DIR / "mnist_test.npz").read_bytes()
    assets = broken_assets(tmp_path, **{"history.json": b'{"loss": "abc", "confusion_matrix": [[1], [2, 3]]}',
                                        "mnist_test.npz": whole[: len(whole) // 3]})
    monkeypatch.setenv("MNIST_DEMO_ASSETS", str(assets))
    with running_app(tmp_path / "app.log", 120) as server:
        import urllib.request

        with urllib.request.urlopen(server.url + "config", timeout=10) as response:
            assert "No training record to show" in response.read().decode()
        client = Client(server.url, verbose=False)
        with pytest.raises(AppError) as raised:
            client.predict(False, api_name="/random_sample")
        assert "test samples are not available" in str(raised.value)
        answer = client.predict(handle_file(str(digit_photo)), api_name="/predict")  # outputs: see issue 14
        assert "7" in str(answer)
    assert "Traceback" not in (tmp_path / "app.log").read_text()
