"""Robustness on REAL handwriting: MNIST validation digits through many capture simulations.

    python benchmarks/robustness.py --data PATH/mnist.npz --seed 1
    python benchmarks/robustness.py --categories tight lowres photo_shadow_hard --save-failures /tmp/fail
    python benchmarks/robustness.py --sheet /tmp/captures.png       # contact sheet of every category, then exit

Inputs come from :mod:`mnist_demo_dev.captures` (categories and groups: ``--list``), made from the
validation split that training holds out (5,000 images, seed 1; never the test split), ``--data``
or ``$MNIST_NPZ``. Each category gets ``--per-category`` inputs, evenly over the digits, each a
deterministic function of (seed, category, index). Two columns through the SAME shipped model:

- **ours**: ``mnist_demo.predict.predict_image(input)``; ``EmptyImageError`` counts as wrong.
- **classic**: :func:`mnist_demo_dev.classic.classic_28` (Otsu, bounding box, 20x20, centre of
  mass) then the model; a uniform picture (nothing to threshold) counts as wrong.

Blank categories (no digit) report the share answered with a *confident digit* (lower is better):
for both columns that is an answer that the model's own "not sure" rule (calibrated top probability
under 0.6, or a low top logit) does not flag; ours' ``EmptyImageError`` is no digit.
``--save-failures DIR`` writes, per failing input: the input, what ours fed the model and what
classic fed it (both enlarged). ``--json OUT`` writes every figure and every input's answer
(``benchmarks/compare_runs.py`` compares two such files input by input).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
from PIL import Image, ImageDraw

from mnist_demo import EmptyImageError
from mnist_demo.predict import load_compiled, predict_image
from mnist_demo_dev import captures
from mnist_demo_dev.classic import classic_28

THUMB = 168  # failure pictures: each panel this many pixels
SHEET_CELL = 120  # contact sheet: cell size
SHEET_LABEL = 190  # contact sheet: width of the category-name column


def to_pil(sample) -> Image.Image:
    """A viewable RGB image of any input (a Sketchpad dict shows its composite)."""
    import io

    if isinstance(sample, dict):
        sample = sample["composite"]
    if isinstance(sample, bytes):
        sample = Image.open(io.BytesIO(sample))
    if isinstance(sample, Image.Image):
        return sample.convert("RGB")
    array = np.asarray(sample)
    if array.ndim == 3 and array.shape[2] == 4:  # show transparency over a checker-free grey
        alpha = array[..., 3:4].astype(np.float32) / 255.0
        array = (array[..., :3] * alpha + 200 * (1 - alpha)).astype(np.uint8)
    return Image.fromarray(array).convert("RGB")


def _panel(image28: np.ndarray | None, note: str) -> Image.Image:
    if image28 is None:
        panel = Image.new("RGB", (THUMB, THUMB), (90, 0, 0))
    else:
        panel = Image.fromarray(np.clip(image28 * 255, 0, 255).astype(np.uint8)).resize((THUMB, THUMB), Image.NEAREST)
    panel = panel.convert("RGB")
    ImageDraw.Draw(panel).text((3, THUMB - 14), note, fill=(255, 200, 0))
    return panel


def failure_picture(sample, caption: str, ours28, ours_note: str, classic28, classic_note: str) -> Image.Image:
    shown = to_pil(sample)
    shown.thumbnail((THUMB, THUMB), Image.LANCZOS)
    pic = Image.new("RGB", (3 * THUMB + 40, THUMB + 30), (255, 255, 200))
    pic.paste(shown, (10 + (THUMB - shown.width) // 2, 24 + (THUMB - shown.height) // 2))
    pic.paste(_panel(ours28, "ours " + ours_note), (THUMB + 20, 24))
    pic.paste(_panel(classic28, "classic " + classic_note), (2 * THUMB + 30, 24))
    ImageDraw.Draw(pic).text((10, 6), caption, fill=(0, 0, 0))
    return pic


def contact_sheet(x_val, y_val, names, per_category: int, seed: int) -> Image.Image:
    sheet = Image.new("RGB", (SHEET_LABEL + per_category * SHEET_CELL, len(names) * SHEET_CELL), (255, 255, 200))
    draw = ImageDraw.Draw(sheet)
    for row, (name, _label, sample) in enumerate(captures.dev_set(x_val, y_val, names, per_category, seed)):
        r, c = divmod(row, per_category)
        if c == 0:
            draw.text((4, r * SHEET_CELL + SHEET_CELL // 2 - 6), name, fill=(0, 0, 0))
        thumb = to_pil(sample)
        thumb.thumbnail((SHEET_CELL - 6, SHEET_CELL - 6), Image.LANCZOS)
        x = SHEET_LABEL + c * SHEET_CELL + (SHEET_CELL - thumb.width) // 2
        y = r * SHEET_CELL + (SHEET_CELL - thumb.height) // 2
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline=(255, 0, 255))
        sheet.paste(thumb, (x, y))
    return sheet


def score(args, x_val, y_val, names) -> dict:
    model = load_compiled(args.model) if args.model else load_compiled()
    failures_dir = Path(args.save_failures) if args.save_failures else None
    if failures_dir:
        failures_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, dict] = {}
    stream = captures.dev_set(x_val, y_val, names, args.per_category, args.seed)
    for name in names:
        category = captures.CATEGORIES[name]
        row = {"group": category.group, "has_digit": category.has_digit, "n": 0, "ours": 0, "classic": 0,
               "ours_empty": 0, "ours_unsure": 0, "ours_sure_wrong": 0, "classic_refused": 0,
               "seconds_generate": 0.0, "seconds_ours": 0.0, "seconds_classic": 0.0}
        samples, labels, ours_seen, ours_answers, classic_seen = [], [], [], [], []
        wrong = collections.Counter()
        for _ in range(args.per_category):
            tick = time.perf_counter()
            _, label, sample = next(stream)
            now = time.perf_counter()
            row["seconds_generate"] += now - tick
            try:
                prediction = predict_image(sample, model)
                answer = (prediction.digit, prediction.unsure)
                seen = prediction.image
            except EmptyImageError:
                answer, seen = None, None
            tick = time.perf_counter()
            row["seconds_ours"] += tick - now
            try:
                classic_seen.append(classic_28(sample))
            except ValueError:
                classic_seen.append(None)
            row["seconds_classic"] += time.perf_counter() - tick
            samples.append(sample if failures_dir else None)
            labels.append(label)
            ours_seen.append(seen)
            ours_answers.append(answer)
        tick = time.perf_counter()
        ready = [i for i, s in enumerate(classic_seen) if s is not None]
        classic_answers = [None] * len(classic_seen)
        if ready:
            probabilities, logits = model.scores(np.stack([classic_seen[i] for i in ready])[..., None])
            unsure = model.unsure(probabilities, logits)
            for i, p, u in zip(ready, probabilities.argmax(axis=1), unsure):
                classic_answers[i] = (int(p), bool(u))
        row["seconds_classic"] += time.perf_counter() - tick
        saved = 0
        for i, label in enumerate(labels):
            ours, classic = ours_answers[i], classic_answers[i]
            row["n"] += 1
            row["ours_empty"] += ours is None
            row["ours_unsure"] += ours is not None and ours[1]
            row["classic_refused"] += classic is None
            if category.has_digit:
                ours_ok = ours is not None and ours[0] == label
                row["ours"] += ours_ok
                row["ours_sure_wrong"] += ours is not None and not ours[1] and not ours_ok
                row["classic"] += classic is not None and classic[0] == label
            else:  # counts confident digits: lower is better
                ours_ok = not (ours is not None and not ours[1])
                row["ours"] += not ours_ok
                row["classic"] += classic is not None and not classic[1]
            if not ours_ok:
                wrong[f"{label}->{'empty' if ours is None else ours[0]}"] += 1
                if failures_dir and saved < args.max_failures:
                    note = lambda a: "empty" if a is None else f"{a[0]}{'?' if a[1] else ''}"
                    picture = failure_picture(samples[i], f"{name} #{i}  true {label}", ours_seen[i], note(ours),
                                              classic_seen[i], note(classic))
                    picture.save(failures_dir / f"{name}_{i:03d}_true{label}_ours{note(ours)}.png")
                    saved += 1
        row["common_errors"] = ", ".join(f"{k} x{v}" for k, v in wrong.most_common(3))
        # every input's answer, for comparing two runs input by input (benchmarks/compare_runs.py)
        row["answers"] = ours_answers
        row["classic_answers"] = classic_answers
        row["labels"] = labels
        rows[name] = row
        print(f"  {name}: {row['n']} inputs, ours {row['ours']}, classic {row['classic']}  "
              f"({1000 * row['seconds_ours'] / max(row['n'], 1):.1f} ms/input ours)", file=sys.stderr, flush=True)
    return rows


def pct(k: int, n: int) -> str:
    return f"{100.0 * k / n:.1f} %" if n else "-"


def totals(rows: list[dict]) -> dict:
    total = collections.Counter()
    for r in rows:
        for key in ("n", "ours", "classic", "ours_empty", "ours_unsure", "ours_sure_wrong"):
            total[key] += r[key]
    return total


def print_tables(rows: dict[str, dict]) -> dict:
    digit_rows = {k: r for k, r in rows.items() if r["has_digit"]}
    blank_rows = {k: r for k, r in rows.items() if not r["has_digit"]}
    summary = {"groups": {}, "overall": None, "blank": None, "ours_below_classic": []}
    if digit_rows:
        print("| category | group | n | ours top-1 | classic top-1 | ours − classic | ours empty | ours unsure "
              "| ours sure & wrong | ours' common errors (true->answer) |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for name, r in digit_rows.items():
            diff = 100.0 * (r["ours"] - r["classic"]) / r["n"]
            print(f"| {name} | {r['group']} | {r['n']} | {pct(r['ours'], r['n'])} | {pct(r['classic'], r['n'])} "
                  f"| {diff:+.1f} | {r['ours_empty']} | {r['ours_unsure']} | {r['ours_sure_wrong']} "
                  f"| {r['common_errors']} |")
        groups = collections.defaultdict(list)
        for r in digit_rows.values():
            groups[r["group"]].append(r)
        for group, members in [*list(groups.items()), ("**overall**", list(digit_rows.values()))]:
            t = totals(members)
            diff = 100.0 * (t["ours"] - t["classic"]) / t["n"]
            label = group if group.startswith("**") else f"*{group}*"
            print(f"| {label} | | {t['n']} | {pct(t['ours'], t['n'])} | {pct(t['classic'], t['n'])} | {diff:+.1f} "
                  f"| {t['ours_empty']} | {t['ours_unsure']} | {t['ours_sure_wrong']} | |")
            entry = {"n": t["n"], "ours": t["ours"] / t["n"], "classic": t["classic"] / t["n"]}
            if group.startswith("**"):
                summary["overall"] = entry
            else:
                summary["groups"][group] = entry
    if blank_rows:
        print("\nBlank paper (no digit): share answered with a confident digit, lower is better")
        print("| category | n | ours: confident digit | classic: confident digit | ours empty | ours unsure |")
        print("|---|---|---|---|---|---|")
        for name, r in [*list(blank_rows.items()), ("**all blank**", None)]:
            r = r or totals(list(blank_rows.values()))
            print(f"| {name} | {r['n']} | {pct(r['ours'], r['n'])} | {pct(r['classic'], r['n'])} "
                  f"| {r['ours_empty']} | {r['ours_unsure']} |")
        t = totals(list(blank_rows.values()))
        summary["blank"] = {"n": t["n"], "ours": t["ours"] / t["n"], "classic": t["classic"] / t["n"]}
    below = [k for k, r in digit_rows.items() if r["ours"] < r["classic"]]
    below += [k for k, r in blank_rows.items() if r["ours"] > r["classic"]]
    summary["ours_below_classic"] = below
    print("\nOurs below classic: " + (", ".join(below) if below else "none"))
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="MNIST .npz or IDX folder (else $MNIST_NPZ), e.g. PATH/mnist.npz")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-category", type=int, default=100)
    parser.add_argument("--categories", nargs="*", help="category or group names (default: all)")
    parser.add_argument("--model", help="model file (default: the shipped one)")
    parser.add_argument("--save-failures", metavar="DIR")
    parser.add_argument("--max-failures", type=int, default=12, help="per category")
    parser.add_argument("--json", metavar="OUT")
    parser.add_argument("--sheet", metavar="PNG", help="write a contact sheet and exit")
    parser.add_argument("--sheet-per-category", type=int, default=10)
    parser.add_argument("--list", action="store_true", help="list the categories and exit")
    args = parser.parse_args(argv)
    names = captures.select(args.categories)
    if args.list:
        for name in names:
            c = captures.CATEGORIES[name]
            print(f"{name:24s} {c.group:8s} {c.description}")
        return 0
    x_val, y_val = captures.load_validation(args.data)
    if args.sheet:
        contact_sheet(x_val, y_val, names, args.sheet_per_category, args.seed).save(args.sheet)
        print(f"wrote {args.sheet}")
        return 0
    started = time.perf_counter()
    rows = score(args, x_val, y_val, names)
    summary = print_tables(rows)
    seconds = time.perf_counter() - started
    print(f"\n{sum(r['n'] for r in rows.values())} inputs, seed {args.seed}, {seconds:.0f} s "
          f"(command: python benchmarks/robustness.py {' '.join(argv if argv is not None else sys.argv[1:])})")
    if args.json:
        Path(args.json).write_text(json.dumps({"seed": args.seed, "per_category": args.per_category,
                                               "categories": rows, "summary": summary, "seconds": seconds},
                                              indent=1, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
