"""Reading whole numbers: exact-number and per-digit accuracy of mnist_demo.read_number, per category.

    python benchmarks/read_numbers.py --data PATH/mnist.npz --seed 2 --count 100
    python benchmarks/read_numbers.py --data ... --count 20 --categories canvas_touching --save-failures /tmp/f

Numbers of REAL handwriting: 2-5 MNIST validation-split digits (never the test split) of different
writers, each with its own pen, size, slant and baseline, spaced from wide to touching, on a
Sketchpad and as phone photos (``mnist_demo_dev.numbers``); single digits (read_number must agree
with predict_image); and the pen-trajectory renderer. Per category: numbers read exactly, digits
right (aligned: a digit counts when the number has the right length and the digit is at its
position), numbers with too few / too many digits, and milliseconds per number. ``--json OUT``
writes every figure and every number read (``benchmarks/compare_runs.py`` compares two runs).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

GROUPS = {
    "real, not touching": ("canvas_wide", "canvas_close", "photo_wide", "photo_close"),
    "real, touching pair": ("canvas_touching", "photo_touching"),
    "single digits": ("single_canvas", "single_photo"),
    "pen trajectories": ("pen_canvas", "pen_photo"),
}


def _save(sample, path: Path) -> None:
    from PIL import Image

    if isinstance(sample, dict):
        sample = sample["composite"]
    image = sample if isinstance(sample, Image.Image) else Image.fromarray(np.asarray(sample))
    image.convert("RGB").save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.environ.get("MNIST_NPZ"), help="MNIST .npz or IDX folder (or $MNIST_NPZ)")
    parser.add_argument("--count", type=int, default=100, help="numbers per category")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--categories", nargs="*", help="only these categories")
    parser.add_argument("--save-failures", metavar="DIR",
                        help="write each misread input as DIR/<category>_<i>_<true>_<read>.png")
    parser.add_argument("--json", metavar="OUT", help="write every figure and every number read")
    args = parser.parse_args()

    import mnist_demo
    from mnist_demo_dev import captures, numbers

    names = args.categories or list(numbers.CATEGORIES)
    unknown = [name for name in names if name not in numbers.CATEGORIES]
    if unknown:
        parser.error(f"unknown categories {unknown}; known: {', '.join(numbers.CATEGORIES)}")

    x_val, y_val = captures.load_validation(args.data)
    mnist_demo.load_model()
    failures = Path(args.save_failures) if args.save_failures else None
    if failures:
        failures.mkdir(parents=True, exist_ok=True)
    runs: dict[str, dict] = {}
    print(f"{'category':<16} {'numbers':>7} {'exact':>7} {'digits':>7} {'too few':>8} {'too many':>9} "
          f"{'=predict':>9} {'ms/number':>10}")
    for name in names:
        right = digits_right = digits = few = many = agree = 0
        seconds = 0.0
        labels, answers = [], []
        for index in range(args.count):
            sample, text = numbers.make(name, x_val, y_val, args.seed, index)
            started = time.perf_counter()
            try:
                read = mnist_demo.read_number(sample).text
            except mnist_demo.EmptyImageError:
                read = ""
            seconds += time.perf_counter() - started
            labels.append(text)
            answers.append(read)
            right += read == text
            digits += len(text)
            few += len(read) < len(text)
            many += len(read) > len(text)
            if len(read) == len(text):
                digits_right += sum(a == b for a, b in zip(read, text))
            if numbers.CATEGORIES[name].spacing == "single":
                try:
                    agree += read == str(mnist_demo.predict_image(sample).digit)
                except mnist_demo.EmptyImageError:
                    agree += read == ""
            if failures and read != text:
                _save(sample, failures / f"{name}_{index}_{text}_{read or 'none'}.png")
        single = numbers.CATEGORIES[name].spacing == "single"
        runs[name] = {"numbers": args.count, "exact": right, "digits": digits, "digits_right": digits_right,
                      "too_few": few, "too_many": many, "seconds": seconds, "labels": labels, "answers": answers}
        print(f"{name:<16} {args.count:>7} {right / args.count:>7.1%} {digits_right / digits:>7.1%} "
              f"{few / args.count:>8.1%} {many / args.count:>9.1%} "
              f"{(f'{agree / args.count:.1%}' if single else '-'):>9} {1000 * seconds / args.count:>10.1f}")
    print()
    for group, members in GROUPS.items():
        rows = [runs[m] for m in members if m in runs]
        if rows:
            n, r, d, dr = (sum(row[key] for row in rows) for key in ("numbers", "exact", "digits", "digits_right"))
            print(f"{group:<22} {n:>5} numbers: {r / n:.1%} exact, {dr / d:.1%} of digits")
    if args.json:
        Path(args.json).write_text(json.dumps({"seed": args.seed, "per_category": args.count, "categories": runs},
                                              indent=1))


if __name__ == "__main__":
    main()
