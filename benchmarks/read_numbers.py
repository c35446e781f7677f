"""Reading whole numbers: per-number and per-digit accuracy of mnist_demo.read_number.

    python benchmarks/read_numbers.py --count 100 --seed 7

Numbers of 2-6 random digits are rendered from the synthetic handwriting templates
(``mnist_demo_dev.synthetic.render_number``) with spacing from touching to wide, on a Sketchpad
canvas and as phone photos. A digit counts as right when it is read at its position and the
number has the right length.
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100, help="numbers per style")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import mnist_demo
    from mnist_demo_dev.synthetic import NUMBER_STYLES, render_number

    mnist_demo.load_model()
    print(f"{'style':<12} {'numbers':>8} {'number acc':>11} {'digit acc':>10} {'length ok':>10} {'ms/number':>10}")
    for style in NUMBER_STYLES:
        rng = np.random.default_rng(args.seed)
        right_numbers = right_digits = total_digits = right_length = 0
        seconds = 0.0
        for _ in range(args.count):
            text = "".join(str(d) for d in rng.integers(0, 10, int(rng.integers(2, 7))))
            image = render_number(text, rng, style)
            started = time.perf_counter()
            try:
                read = mnist_demo.read_number(image).text
            except mnist_demo.EmptyImageError:
                read = ""
            seconds += time.perf_counter() - started
            right_numbers += read == text
            right_length += len(read) == len(text)
            total_digits += len(text)
            right_digits += sum(a == b for a, b in zip(read, text)) if len(read) == len(text) else 0
        print(f"{style:<12} {args.count:>8} {right_numbers / args.count:>11.1%} {right_digits / total_digits:>10.1%} "
              f"{right_length / args.count:>10.1%} {1000 * seconds / args.count:>10.1f}")


if __name__ == "__main__":
    main()
