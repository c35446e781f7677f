"""``python -m mnist_demo_dev.synthetic``: contact sheets, the app's example files, generation speed."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from .sets import STYLES, contact_sheet, generate, write_examples


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mnist_demo_dev.synthetic",
                                     description="Synthetic handwriting-like digits in app input styles.")
    parser.add_argument("--write-examples", metavar="DIR", help="write the app's example inputs to DIR")
    parser.add_argument("--sheet", metavar="PNG", help="write a contact sheet (rows = styles) to PNG")
    parser.add_argument("--styles", nargs="+", choices=STYLES, help="styles for --sheet / --time")
    parser.add_argument("--per-digit", type=int, default=2, help="samples per digit in the sheet")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time", type=int, metavar="N", help="time generating about N samples over the styles")
    args = parser.parse_args(argv)
    if not (args.write_examples or args.sheet or args.time):
        parser.error("nothing to do: give --write-examples, --sheet or --time")
    if args.write_examples:
        for path in write_examples(args.write_examples):
            print(f"{path}  {path.stat().st_size / 1024:.0f} KB")
    if args.sheet:
        contact_sheet(args.styles, args.per_digit, args.seed).save(args.sheet)
        print(f"wrote {args.sheet}")
    if args.time:
        styles = args.styles or list(STYLES)
        per_digit = max(1, round(args.time / (10 * len(styles))))
        start = time.perf_counter()
        counts: dict[str, list[float]] = {}
        last = start
        for style, _, _ in generate(styles, per_digit, args.seed):
            now = time.perf_counter()
            counts.setdefault(style, []).append(now - last)
            last = now
        total = time.perf_counter() - start
        n = sum(len(v) for v in counts.values())
        for style, times in counts.items():
            print(f"{style:15s} {1000 * sum(times) / len(times):7.1f} ms/sample")
        print(f"{n} samples in {total:.1f} s ({1000 * total / n:.1f} ms/sample)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
