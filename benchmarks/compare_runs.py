"""Compare two benchmark runs input by input: which inputs a change fixed, and which it broke.

    python benchmarks/robustness.py --data PATH/mnist.npz --seed 1 --json before.json   # on the old code
    python benchmarks/robustness.py --data PATH/mnist.npz --seed 1 --json after.json    # on the new code
    python benchmarks/compare_runs.py before.json after.json

Works on ``--json`` files of ``benchmarks/robustness.py`` (one answer per picture: right, wrong,
"not sure" or no digit) and of ``benchmarks/read_numbers.py`` (the number read). Per category it
prints the right answers before and after, then every input whose answer changed, marked "fixed"
or "broke", so a change is judged on the inputs it moved rather than on a net figure alone. Both
runs must use the same seed and size (the same inputs).
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path, help="--json file of the run on the old code")
    parser.add_argument("after", type=Path, help="--json file of the run on the new code")
    args = parser.parse_args(argv)
    compare(json.loads(args.before.read_text()), json.loads(args.after.read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
