"""The command line end to end, in subprocesses, as a user runs it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from helpers import paper_photo

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("MNIST_NPZ", None)
    return subprocess.run([sys.executable, "-m", "mnist_demo", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_import_loads_no_tensorflow_and_trains_nothing():
    code = ("import sys, mnist_demo; assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules; "
            "print(sorted(mnist_demo.__all__))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "top_k" in result.stdout


def test_evaluate_with_no_options_uses_shipped_model_and_test_split():
    result = run("evaluate")
    assert result.returncode == 0, result.stderr
    accuracy = float(re.search(r"test accuracy\s+([0-9.]+)", result.stdout).group(1))
    assert accuracy >= 0.995
    assert "confusion matrix" in result.stdout
    matrix_rows = [line for line in result.stdout.splitlines() if re.match(r"\s+\d: +\d+ +\d+", line)]
    assert len(matrix_rows) == 10
    assert sum(int(n) for row in matrix_rows for n in row.split(":")[1].split()) == 10000


def test_predict_reads_image_files(tmp_path):
    seven, three = tmp_path / "seven.jpg", tmp_path / "three.png"
    paper_photo(7, seed=11).save(seven)
    paper_photo(3, seed=12).convert("L").save(three)
    result = run("predict", str(seven), str(three), "--k", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{seven}: 7 (") and lines[1].startswith(f"{three}: 3 (")
    assert all(len(re.findall(r"\d \(\d+\.\d%\)", line)) == 2 for line in lines)


def test_predict_blank_image_says_so(tmp_path):
    blank = tmp_path / "blank.png"
    Image.fromarray(np.full((200, 200), 255, np.uint8)).save(blank)
    result = run("predict", str(blank))
    assert result.returncode == 1
    assert "no digit" in result.stdout.lower()
    assert "Traceback" not in result.stdout + result.stderr


def test_train_without_data_names_the_option(tmp_path):
    result = run("train", "--data", str(tmp_path / "missing.npz"), "--epochs", "1", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "--data" in result.stderr and "MNIST_NPZ" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_evaluate_missing_model_is_one_clear_line(tmp_path):
    result = run("evaluate", "--model", str(tmp_path / "nope.keras"))
    assert result.returncode == 2
    assert "nope.keras" in result.stderr and "train" in result.stderr and "Traceback" not in result.stderr
