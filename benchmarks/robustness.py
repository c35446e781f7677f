"""Robustness benchmark: top-1 accuracy per input style on synthetic, NOT-MNIST digits.

    python benchmarks/robustness.py --per-digit 20 --seed 123
    python benchmarks/robustness.py --per-digit 20 --seed 123 --baseline          # + naive pipeline
    python benchmarks/robustness.py --styles canvas photo_hard --save-failures /tmp/failures

The inputs come from ``mnist_demo.synthetic`` (Sketchpad dicts, RGB / grey arrays, phone photos,
scans: see ``python -m mnist_demo.synthetic --sheet /tmp/synth_sheet.png``) and go through the
public API exactly as the app would pass them: ``mnist_demo.top_k(input, k=3, model=model)``.
An ``mnist_demo.EmptyImageError`` (no digit found) counts as wrong and is reported per style.

``--baseline`` also scores a naive pipeline: the whole image resized to 28x28 grey-scale and
inverted when its background (border median) is light, fed straight to the model. The gap
between the two columns is what proper preprocessing buys.

``--save-failures DIR`` writes each failing input (downscaled) next to what the model saw,
``mnist_demo.to_mnist(input)`` enlarged, as ``DIR/<style>_true<d>_pred<p>_<i>.png``.
Runs from the repository root without installing anything.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
import traceback
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

import mnist_demo  # noqa: E402
from mnist_demo_dev import synthetic  # noqa: E402

MNIST_SIZE = 28


def naive_28(sample) -> np.ndarray:
    """The naive pipeline: whole image -> 28x28 grey in [0, 1], inverted if the border is light."""
    grey = synthetic.to_pil(sample).convert("L").resize((MNIST_SIZE, MNIST_SIZE), Image.BILINEAR)
    arr = np.asarray(grey, dtype=np.float32) / 255.0
    border = np.concatenate([arr[0], arr[-1], arr[:, 0], arr[:, -1]])
    return 1.0 - arr if np.median(border) > 0.5 else arr


def failure_picture(sample, label: int, predicted: str, thumb: int = 280) -> Image.Image:
    """Input (downscaled) | to_mnist(input) enlarged, with a caption."""
    shown = synthetic.to_pil(sample)
    shown.thumbnail((thumb, thumb), Image.LANCZOS)
    try:
        seen = np.asarray(mnist_demo.to_mnist(sample), dtype=np.float32).reshape(MNIST_SIZE, MNIST_SIZE)
        seen_img = Image.fromarray(np.clip(seen * 255.0, 0, 255).astype(np.uint8)).resize(
            (thumb, thumb), Image.NEAREST).convert("RGB")
        note = "to_mnist(input)"
    except Exception as error:  # EmptyImageError, not implemented yet, ...
        seen_img = Image.new("RGB", (thumb, thumb), (60, 0, 0))
        note = f"to_mnist: {type(error).__name__}"
    pic = Image.new("RGB", (2 * thumb + 30, thumb + 40), (255, 255, 200))
    pic.paste(shown, (10 + (thumb - shown.width) // 2, 30 + (thumb - shown.height) // 2))
    pic.paste(seen_img, (thumb + 20, 30))
    ImageDraw.Draw(pic).text((10, 8), f"true {label}  predicted {predicted}    right: {note}", fill=(0, 0, 0))
    return pic


def predict_probabilities(model, batch: np.ndarray) -> np.ndarray:
    """(N, 28, 28, 1) float32 -> (N, 10), for a Keras model or load_model()'s callable wrapper."""
    if hasattr(model, "predict"):
        return np.asarray(model.predict(batch, verbose=0))
    return np.asarray(model(batch))


def load_model(path: str | None):
    try:
        return mnist_demo.load_model(path) if path else mnist_demo.load_model()
    except Exception as error:
        print(f"load_model failed ({type(error).__name__}: {error}); top_k gets model=None", file=sys.stderr)
        return None


def common_errors(pairs: list[tuple[int, str]], n: int = 3) -> str:
    counts = collections.Counter(pairs).most_common(n)
    return ", ".join(f"{t}->{p} x{c}" for (t, p), c in counts)


def run(args: argparse.Namespace) -> dict:
    styles = args.styles or list(synthetic.STYLES)
    model = load_model(args.model)
    if args.baseline and model is None:
        print("--baseline needs mnist_demo.load_model(); skipping the baseline", file=sys.stderr)
        args.baseline = False
    failures_dir = Path(args.save_failures) if args.save_failures else None
    if failures_dir:
        failures_dir.mkdir(parents=True, exist_ok=True)

    results: dict[str, dict] = {}
    per_digit = collections.defaultdict(lambda: [0, 0])  # digit -> [right, total]
    try:
        top_k = mnist_demo.top_k
        top_k_usable = True
    except (ImportError, AttributeError) as error:
        print(f"mnist_demo.top_k is not available yet ({type(error).__name__}: {error})", file=sys.stderr)
        top_k, top_k_usable = None, False
    for style in styles:
        if not (top_k_usable or args.baseline):
            break
        row = {"n": 0, "top1": 0, "top3": 0, "empty": 0, "errors": 0, "baseline_top1": None,
               "seconds_generate": 0.0, "seconds_predict": 0.0}
        wrong: list[tuple[int, str]] = []
        naive_inputs, labels = [], []
        saved = 0
        tick = time.perf_counter()
        for position, (_, label, sample) in enumerate(synthetic.generate([style], args.per_digit, args.seed)):
            now = time.perf_counter()
            row["seconds_generate"] += now - tick
            row["n"] += 1
            labels.append(label)
            if args.baseline:
                naive_inputs.append(naive_28(sample))
            predicted = "?"
            if top_k_usable:
                try:
                    top = top_k(sample, k=3, model=model)
                    digits = [int(d) for d, _ in top]
                    predicted = str(digits[0])
                    row["top1"] += digits[0] == label
                    row["top3"] += label in digits
                except mnist_demo.EmptyImageError:
                    row["empty"] += 1
                    predicted = "empty"
                except NotImplementedError as error:
                    print(f"mnist_demo.top_k is not implemented yet ({error}); scoring the baseline only",
                          file=sys.stderr)
                    top_k_usable = False
                except Exception as error:
                    row["errors"] += 1
                    predicted = "error"
                    if row["errors"] == 1:
                        print(f"[{style}] top_k raised {type(error).__name__}: {error}", file=sys.stderr)
                        if args.verbose:
                            traceback.print_exc()
            if top_k_usable:
                per_digit[label][0] += predicted == str(label)
                per_digit[label][1] += 1
                if predicted != str(label):
                    wrong.append((label, predicted))
                    if failures_dir and saved < args.max_failures:
                        name = f"{style}_true{label}_pred{predicted}_{position // 10:03d}.png"
                        failure_picture(sample, label, predicted).save(failures_dir / name)
                        saved += 1
            tick = time.perf_counter()
            row["seconds_predict"] += tick - now
        if args.baseline and naive_inputs:
            batch = np.stack(naive_inputs)[..., None].astype(np.float32)
            probabilities = predict_probabilities(model, batch)
            row["baseline_top1"] = int((probabilities.argmax(axis=1) == np.asarray(labels)).sum())
        row["common_errors"] = common_errors(wrong)
        row["top_k_usable"] = top_k_usable
        results[style] = row
        print(f"  {style}: done ({row['n']} samples)", file=sys.stderr, flush=True)
    return {"results": results, "per_digit": {d: v for d, v in sorted(per_digit.items())},
            "top_k_usable": top_k_usable}


def pct(right: int | None, n: int) -> str:
    return "   -  " if right is None or n == 0 else f"{100.0 * right / n:5.1f}%"


def table_row(name: str, r: dict, usable: bool, baseline: bool, errors: str = "") -> str:
    """One line of the table: a style's counts, or the totals."""
    line = (f"{name:15s} {r['n']:5d} {pct(r['top1'] if usable else None, r['n']):>7s} "
            f"{pct(r['top3'] if usable else None, r['n']):>7s} {r['empty']:6d} {r['errors']:6d}")
    if baseline:
        line += f" {pct(r['baseline_top1'], r['n']):>7s}"
    return line + f" {1000 * r['seconds_predict'] / max(r['n'], 1):7.0f}" + (f"  {errors}" if errors else "")


def print_table(report: dict, baseline: bool) -> None:
    results = report["results"]
    header = f"{'style':15s} {'n':>5s} {'top-1':>7s} {'top-3':>7s} {'empty':>6s} {'errors':>6s}"
    header += f" {'naive':>7s}" if baseline else ""
    header += f" {'ms/img':>7s}  common errors (true->pred)"
    print(header)
    print("-" * len(header))
    total = collections.Counter()
    for style, r in results.items():
        print(table_row(style, r, r["top_k_usable"], baseline, r["common_errors"]))
        for key in ("n", "top1", "top3", "empty", "errors"):
            total[key] += r[key]
        total["baseline_top1"] += r["baseline_top1"] or 0
        total["seconds_predict"] += r["seconds_predict"]
    usable = report["top_k_usable"]
    print("-" * len(header))
    print(table_row("overall", total, usable, baseline))
    if usable and report["per_digit"]:
        print("per digit top-1: " + "  ".join(f"{d}:{pct(r, n).strip()}" for d, (r, n) in report["per_digit"].items()))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Top-1 accuracy per input style on synthetic digits.")
    parser.add_argument("--per-digit", type=int, default=20, help="samples of each digit per style (default 20)")
    parser.add_argument("--seed", type=int, default=123)
    parser.add_argument("--styles", nargs="+", choices=synthetic.STYLES, help="default: all styles")
    parser.add_argument("--model", help="model file for mnist_demo.load_model (default: the shipped model)")
    parser.add_argument("--baseline", action="store_true", help="also score the naive resize-the-whole-image pipeline")
    parser.add_argument("--save-failures", metavar="DIR", help="write failing inputs + what the model saw as PNGs")
    parser.add_argument("--max-failures", type=int, default=25, help="at most this many pictures per style")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of unexpected errors")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    start = time.perf_counter()
    report = run(args)
    print()
    print_table(report, args.baseline)
    generate = sum(r["seconds_generate"] for r in report["results"].values())
    print(f"{time.perf_counter() - start:.0f} s in all ({generate:.0f} s generating inputs); "
          f"seed {args.seed}, {args.per_digit} per digit per style")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    if not report["top_k_usable"]:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
