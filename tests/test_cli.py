"""The command line end to end, in subprocesses, as a user runs it: the installed ``mnist-demo`` command,
from a folder outside the repository."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from mnist_demo.cli import build_parser, load_evaluation_data
from mnist_demo.config import REPO_DIR
from mnist_demo.data import load_test_split
from mnist_demo_dev.strokes import paper_photo


def run(*args: str, cwd, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("MNIST_NPZ", None)
    return subprocess.run([sys.executable, "-m", "mnist_demo", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_import_loads_no_tensorflow_and_trains_nothing(tmp_path):
    code = ("import sys, mnist_demo; assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules; "
            "print(sorted(mnist_demo.__all__))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "top_k" in result.stdout


def test_installed_command_runs_from_any_folder(tmp_path):
    command = shutil.which("mnist-demo") or str(Path(sys.executable).with_name("mnist-demo"))
    result = subprocess.run([command, "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert all(name in result.stdout for name in ("train", "evaluate", "predict", "calibrate"))


def test_evaluate_prints_accuracy_and_confusion_matrix(tmp_path):
    images, labels = load_test_split()
    np.savez(tmp_path / "test_part.npz", x_test=images[:1000], y_test=labels[:1000])
    result = run("evaluate", "--data", str(tmp_path / "test_part.npz"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    accuracy = float(re.search(r"test accuracy\s+([0-9.]+)", result.stdout).group(1))
    assert accuracy >= 0.99
    assert "confusion matrix" in result.stdout
    matrix_rows = [line for line in result.stdout.splitlines() if re.match(r"\s+\d: +\d+ +\d+", line)]
    assert len(matrix_rows) == 10
    assert sum(int(n) for row in matrix_rows for n in row.split(":")[1].split()) == 1000


def test_evaluate_defaults_to_the_shipped_model_and_test_split():
    """(The shipped model's accuracy on the whole split: test_model.py.)"""
    args = build_parser().parse_args(["evaluate"])
    assert args.model is None and args.data is None  # load_model(None): the shipped model
    images, labels = load_evaluation_data(args.data)
    shipped_images, shipped_labels = load_test_split()
    np.testing.assert_array_equal(images, shipped_images)
    np.testing.assert_array_equal(labels, shipped_labels)


def test_predict_reads_image_files_and_says_when_there_is_no_digit(tmp_path):
    seven, three, blank = tmp_path / "seven.jpg", tmp_path / "three.png", tmp_path / "blank.png"
    paper_photo(7, seed=11).save(seven)
    paper_photo(3, seed=12).convert("L").save(three)
    Image.fromarray(np.full((200, 200), 255, np.uint8)).save(blank)
    result = run("predict", str(seven), str(three), str(blank), "--k", "2", cwd=tmp_path)
    assert result.returncode == 1  # one file had no digit
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{seven}: 7 (") and lines[1].startswith(f"{three}: 3 (")
    assert all(len(re.findall(r"\d \(\d+\.\d%\)", line)) == 2 for line in lines[:2])
    assert lines[2].startswith(f"{blank}: ") and "no digit" in lines[2].lower()
    assert "Traceback" not in result.stdout + result.stderr


def test_train_without_data_names_the_option(tmp_path):
    result = run("train", "--data", str(tmp_path / "missing.npz"), "--epochs", "1", "--out", str(tmp_path),
                 cwd=tmp_path)
    assert result.returncode == 2
    assert "--data" in result.stderr and "MNIST_NPZ" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_evaluate_missing_model_is_one_clear_line(tmp_path):
    result = run("evaluate", "--model", str(tmp_path / "nope.keras"), cwd=tmp_path)
    assert result.returncode == 2
    assert "nope.keras" in result.stderr and "train" in result.stderr and "Traceback" not in result.stderr


def test_predict_says_not_sure_on_a_scribble(tmp_path):
    from PIL import ImageDraw

    from mnist_demo_dev.not_digits import SCRIBBLE_STROKES

    star = tmp_path / "star.png"
    paper = Image.new("RGB", (600, 600), (255, 255, 255))
    star_line = [(600 * x, 600 * y) for x, y in SCRIBBLE_STROKES["star"][0]]
    ImageDraw.Draw(paper).line(star_line, fill=(20, 20, 20), width=24)
    paper.save(star)
    seven = tmp_path / "seven.jpg"
    paper_photo(7, seed=11).save(seven)
    result = run("predict", str(star), str(seven), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    scribble, digit = result.stdout.strip().splitlines()
    assert scribble.startswith(f"{star}: not sure (") and "best guesses" in scribble
    assert digit.startswith(f"{seven}: 7 (") and "not sure" not in digit


def test_calibrate_writes_ordinals():
    from mnist_demo.cli import ordinal

    assert [ordinal(n) for n in (1, 2, 3, 3.0, 4, 11, 12, 13, 21, 22, 2.5)] == [
        "1st", "2nd", "3rd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "2.5th"]


def test_train_writes_a_run_folder_and_logs_one_line_per_epoch(tmp_path):
    """By default a run gets its own folder, assets/ untouched (issue 14, point 1); captured output is no
    terminal: one line per epoch, no progress bar redrawn per batch (point 6)."""
    x_test, y_test = load_test_split()
    np.savez(tmp_path / "tiny.npz", x_train=x_test[:300], y_train=y_test[:300], x_test=x_test[300:400],
             y_test=y_test[300:400])
    shipped = {path: path.read_bytes() for path in (REPO_DIR / "assets").rglob("*") if path.is_file()}
    result = run("train", "--data", str(tmp_path / "tiny.npz"), "--epochs", "2", "--batch-size", "64",
                 "--validation-size", "100", cwd=tmp_path)  # no --out: a new runs/<date-time>/ (point 1)
    assert result.returncode == 0, result.stderr
    (run_folder,) = (tmp_path / "runs").iterdir()
    assert (run_folder / "model.keras").is_file() and (run_folder / "history.json").is_file()
    assert f"saved {Path('runs') / run_folder.name}" in result.stdout
    assert {path: path.read_bytes() for path in (REPO_DIR / "assets").rglob("*") if path.is_file()} == shipped
    assert "\b" not in result.stdout and "\r" not in result.stdout and len(result.stdout) < 3000, result.stdout
    lines = result.stdout.splitlines()
    epochs = [i for i, line in enumerate(lines) if re.fullmatch(r"Epoch \d/2", line)]
    assert len(epochs) == 2 and all("val_accuracy" in lines[i + 1] for i in epochs), result.stdout


def test_short_runs_warm_up_for_a_tenth_of_the_run():
    from mnist_demo.train import TrainConfig, warmup_steps

    assert warmup_steps(TrainConfig(epochs=30), 430) == 430  # the shipped recipe: one epoch
    assert warmup_steps(TrainConfig(epochs=1), 430) == 43  # a 1-epoch run ends cooled down, not at the peak


def test_train_refuses_to_replace_a_model_unless_asked(tmp_path):
    shipped = (REPO_DIR / "assets" / "model.keras").stat().st_mtime_ns
    result = run("train", "--data", str(tmp_path / "absent.npz"), "--epochs", "1", "--out", str(REPO_DIR / "assets"),
                 cwd=tmp_path)
    assert result.returncode == 2 and "--replace" in result.stderr and "Traceback" not in result.stderr
    assert (REPO_DIR / "assets" / "model.keras").stat().st_mtime_ns == shipped
    assert build_parser().parse_args(["train"]).out is None  # the default: a new runs/<date-time>/
