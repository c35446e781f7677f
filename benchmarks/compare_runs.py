"""Compare two benchmark runs input by input: which inputs a change fixed, and which it broke.

    python benchmarks/robustness.py --data PATH/mnist.npz --seed 1 --json before.json   # on the old code
    python benchmarks/robustness.py --data PATH/mnist.npz --seed 1 --json after.json    # on the new code
    python benchmarks/compare_runs.py before.json after.json

Works on ``--json`` files of ``benchmarks/robustness.py`` (one answer per picture: right, wrong,
"not sure" or no digit) and of ``benchmarks/read_numbers.py`` (the number read). Per category it
prints the right answers before and after, then every input whose answer changed, marked "fixed"
or "broke", so a change is judged on the inputs it moved rather than on a net figure alone. Both
runs must use the same seed and size (the same inputs).

    python benchmarks/compare_runs.py --classic seed1.json seed2.json ...

compares ours with the classic pipeline instead, within each robustness run: every input that only
one of the two reads right, per category, and the totals over all the runs given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _right(label, answer) -> bool:
    """An answer is right when it names the label (robustness: [digit, unsure]; numbers: the text);
    for blank paper (label None) when it is no digit or a digit the model is not sure of."""
    if isinstance(label, str):
        return answer == label
    if label is None:
        return answer is None or bool(answer[1])
    return answer is not None and answer[0] == label


def _shown(answer) -> str:
    if answer is None:
        return "no digit"
    if isinstance(answer, str):
        return repr(answer)
    return f"{answer[0]}{' (not sure)' if answer[1] else ''}"


def compare(before: dict, after: dict) -> tuple[int, int]:
    """Print the per-category figures and every changed input; returns (fixed, broke)."""
    if (before.get("seed"), before.get("per_category")) != (after.get("seed"), after.get("per_category")):
        raise ValueError("the two runs read different inputs: compare runs with the same --seed and size")
    fixed = broke = 0
    for name, old in before["categories"].items():
        new = after["categories"].get(name)
        if new is None or "answers" not in old or "answers" not in new:
            continue
        labels = old["labels"]
        old_right = sum(_right(label, a) for label, a in zip(labels, old["answers"]))
        new_right = sum(_right(label, a) for label, a in zip(labels, new["answers"]))
        print(f"{name:<26} {old_right:>4} -> {new_right:>4} right of {len(labels)}")
        for index, (label, a, b) in enumerate(zip(labels, old["answers"], new["answers"])):
            if a == b:
                continue
            was, now = _right(label, a), _right(label, b)
            mark = "fixed" if now and not was else "broke" if was and not now else ""
            fixed += mark == "fixed"
            broke += mark == "broke"
            print(f"    #{index:<4} true {_shown(label) if isinstance(label, str) else label}: "
                  f"{_shown(a)} -> {_shown(b)}  {mark}")
    print(f"\n{fixed} inputs fixed, {broke} broken")
    return fixed, broke


def against_classic(runs: list[dict]) -> tuple[int, int]:
    """Print, per run and category, the inputs that only ours or only classic reads right; returns the
    totals (ours only, classic only)."""
    ours_only = classic_only = 0
    for run in runs:
        for name, row in run["categories"].items():
            if "classic_answers" not in row:
                raise ValueError("this run has no classic answers: run benchmarks/robustness.py again with --json")
            moved = [(index, label, ours, classic) for index, (label, ours, classic)
                     in enumerate(zip(row["labels"], row["answers"], row["classic_answers"]))
                     if _right(label, ours) != _right(label, classic)]
            if not moved:
                continue
            print(f"seed {run.get('seed')}  {name}")
            for index, label, ours, classic in moved:
                ours_right = _right(label, ours)
                ours_only += ours_right
                classic_only += not ours_right
                print(f"    #{index:<4} true {label}: ours {_shown(ours)}, classic {_shown(classic)}  "
                      f"{'ours only' if ours_right else 'classic only'}")
    print(f"\n{ours_only} inputs only ours reads right, {classic_only} only classic")
    return ours_only, classic_only


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("runs", type=Path, nargs="+",
                        help="--json files: the run on the old code, then on the new (with --classic: any runs)")
    parser.add_argument("--classic", action="store_true",
                        help="compare ours with the classic pipeline within each robustness run")
    args = parser.parse_args(argv)
    runs = [json.loads(path.read_text()) for path in args.runs]
    if not args.classic and len(runs) != 2:
        parser.error("give two runs to compare (the old code's, then the new code's), or --classic")
    try:
        if args.classic:
            against_classic(runs)
        else:
            compare(*runs)
    except ValueError as error:  # runs of other inputs, or without classic answers
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
