"""Another collection of real handwriting, by other writers than MNIST's: the UCI optdigits digits.

    python benchmarks/other_collections.py                         # scikit-learn's copy, when installed
    python benchmarks/other_collections.py --optdigits PATH/digits.csv.gz

The 1,797 digits that scikit-learn ships as ``load_digits`` (the test part of the UCI "Optical
Recognition of Handwritten Digits" collection, CC BY 4.0: NIST forms filled in by other writers than
MNIST's) are 8 x 8 counts of a 32 x 32 bitmap's ink in 4 x 4 blocks. No threshold was fitted to them.
Each digit is read as a person might upload it: the 8 x 8 picture itself, enlarged 4 times
(nearest), 8 times (bilinear), 8 times (bicubic) with a margin of paper, and 50 times (nearest, as a
plot shows it); dark ink on white. ``--numbers`` also counts how often ``read_number`` (the Upload
tab's reading) finds one digit, not a number. Two columns through the same shipped model, as in
``robustness.py``: ours (``predict_image``; "no digit" counts as wrong) and the classic pipeline
(:func:`mnist_demo_dev.classic.classic_28`). The data is not in this repository: pass the CSV (64
counts 0-16 and the label per line, gzip or plain), or install scikit-learn, whose wheel carries it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
from PIL import Image

from mnist_demo import EmptyImageError, read_number
from mnist_demo.predict import load_compiled, predict_image
from mnist_demo_dev.classic import classic_28

SIDE = 8  # the collection's pictures are 8 x 8
LEVELS = 16  # each pixel counts the ink pixels of a 4 x 4 block: 0-16


def _presentations(counts: np.ndarray) -> dict[str, np.ndarray]:
    """One digit's 8 x 8 counts as the pictures a person might upload (dark ink on white, uint8)."""
    picture = Image.fromarray(np.round(255 * (1.0 - counts / LEVELS)).astype(np.uint8))
    bicubic = np.asarray(picture.resize((8 * SIDE, 8 * SIDE), Image.BICUBIC))
    return {
        "8 x 8": np.asarray(picture),
        "32 x 32, nearest": np.asarray(picture.resize((4 * SIDE, 4 * SIDE), Image.NEAREST)),
        "64 x 64, bilinear": np.asarray(picture.resize((8 * SIDE, 8 * SIDE), Image.BILINEAR)),
        "96 x 96, bicubic + margin": np.pad(bicubic, 2 * SIDE, constant_values=255),
        "400 x 400, nearest (a plot)": np.asarray(picture.resize((50 * SIDE, 50 * SIDE), Image.NEAREST)),
    }


def _default_path() -> Path | None:
    try:
        import sklearn
    except ImportError:
        return None
    path = Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz"
    return path if path.is_file() else None


def load_optdigits(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(N, 8, 8) float counts 0-16 and (N,) labels from the collection's CSV (gzip or plain)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as lines:
        rows = np.loadtxt(lines, delimiter=",")
    if rows.ndim != 2 or rows.shape[1] != SIDE * SIDE + 1:
        raise SystemExit(f"{path}: expected {SIDE * SIDE} counts and a label per line, got {rows.shape[-1]} values")
    return rows[:, :-1].reshape(-1, SIDE, SIDE), rows[:, -1].astype(int)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--optdigits", type=Path, default=_default_path(),
                        help="the collection's CSV (default: scikit-learn's copy, when installed)")
    parser.add_argument("--count", type=int, help="only the first COUNT digits")
    parser.add_argument("--numbers", action="store_true", help="also read each picture as the Upload tab does "
                        "(read_number): how often it finds one digit")
    args = parser.parse_args()
    if args.optdigits is None:
        parser.error("no --optdigits CSV given and scikit-learn is not installed (pip install scikit-learn)")
    if not args.optdigits.is_file():
        parser.error(f"no such file: {args.optdigits}")
    counts, labels = load_optdigits(args.optdigits)
    counts, labels = counts[:args.count], labels[:args.count]

    model = load_compiled()
    names = list(_presentations(counts[0]))
    ours = dict.fromkeys(names, 0)
    unsure = dict.fromkeys(names, 0)
    sure_wrong = dict.fromkeys(names, 0)
    one_digit = dict.fromkeys(names, 0)
    classic_seen: dict[str, list[np.ndarray]] = {name: [] for name in names}
    started = time.perf_counter()
    for digit, label in zip(counts, labels):
        for name, picture in _presentations(digit).items():
            try:
                prediction = predict_image(picture, model)
                ours[name] += prediction.digit == label
                unsure[name] += prediction.unsure
                sure_wrong[name] += not prediction.unsure and prediction.digit != label
                if args.numbers:
                    one_digit[name] += len(read_number(picture, model, prediction).text) == 1
            except EmptyImageError:
                pass
            classic_seen[name].append(classic_28(picture))
    seconds = time.perf_counter() - started
    print(f"UCI optdigits, {len(labels)} digits of other writers than MNIST's ({seconds:.0f} s)\n")
    print("| picture | ours top-1 | classic top-1 | ours - classic | ours not sure | ours sure and wrong |"
          + (" read as one digit |" if args.numbers else ""))
    print("|---|---|---|---|---|---|" + ("---|" if args.numbers else ""))
    for name in names:
        probabilities, _ = model.scores(np.stack(classic_seen[name])[..., None])
        classic = int((probabilities.argmax(axis=1) == labels).sum())
        n = len(labels)
        print(f"| {name} | {ours[name] / n:.1%} | {classic / n:.1%} | {(ours[name] - classic) / n * 100:+.1f} "
              f"| {unsure[name] / n:.0%} | {sure_wrong[name] / n:.1%} |"
              + (f" {one_digit[name] / n:.1%} |" if args.numbers else ""))


if __name__ == "__main__":
    main()
