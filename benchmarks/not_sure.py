"""An honest "not sure": how often letters, scribbles and shapes get "not sure" instead of a digit,
how often real digits wrongly get it, and the calibration error before and after temperature scaling.

    python benchmarks/not_sure.py --count 200 --seed 3

Letters are rendered from the DejaVu fonts that ship with matplotlib (upper and lower case, a
few sizes and slants); letters that are written like digits (O o I l S s Z z B b g q G) are
reported separately, since "not sure" is not the honest answer for them. Scribbles are random
pen tangles; shapes are triangles, squares, stars, crosses, arrows and hearts. Digits come
from the synthetic handwriting set (canvas and photo styles).

The last two columns are what the app shows for the same input: the number reader's digits when it
finds two or more ("app: a number"; each digit flagged "not sure" or not), else the one prediction;
"app: a sure digit" counts answers that claim at least one digit without "not sure".
"""

from __future__ import annotations

import argparse

import numpy as np

from mnist_demo_dev.not_digits import DIGIT_LIKE, letter, scribble_layer, shape
from mnist_demo_dev.strokes import sketchpad_value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200, help="inputs per group")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    import mnist_demo
    from mnist_demo.confidence import load_calibration
    from mnist_demo.config import CALIBRATION_FILE
    from mnist_demo.number import read_number
    from mnist_demo.predict import load_compiled, predict_image
    from mnist_demo_dev.synthetic import make_sample

    model = load_compiled()
    rng = np.random.default_rng(args.seed)
    letters = list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    groups = {
        "letters (not digit-like)": lambda i: letter(rng.choice([c for c in letters if c not in DIGIT_LIKE]), rng),
        "letters (digit-like: O I S Z B g q ...)": lambda i: letter(rng.choice(sorted(DIGIT_LIKE)), rng),
        "scribbles": lambda i: sketchpad_value(scribble_layer(rng)),
        "shapes": lambda i: shape(rng),
        "digits: canvas": lambda i: make_sample(i % 10, "canvas", seed=args.seed, index=i // 10),
        "digits: photo_clean": lambda i: make_sample(i % 10, "photo_clean", seed=args.seed, index=i // 10),
    }
    rule = model.calibration
    print(f"not sure when: calibrated top probability < {rule.not_sure_below:.2f} or top logit < the "
          f"per-digit floor {np.round(rule.min_top_logit, 1).tolist()} (temperature {rule.temperature:.3f})")
    print(f"{'group':<40} {'n':>5} {'not sure':>9} {'no digit':>9} {'confident':>10} {'right':>7}"
          f" {'app: a number':>14} {'app: a sure digit':>18}")
    for name, make in groups.items():
        unsure = empty = right = numbers = claimed = 0
        for i in range(args.count):
            image = make(i)
            try:
                prediction = predict_image(image, model)
            except mnist_demo.EmptyImageError:
                empty += 1
                continue
            unsure += prediction.unsure
            right += name.startswith("digits") and prediction.digit == i % 10 and not prediction.unsure
            # What the Draw and Upload tabs show: the number reader's digits when it finds two or more
            # (each flagged "not sure" or not), else the one prediction
            reading = read_number(image, prediction=prediction)
            if len(reading.digits) >= 2:
                numbers += 1
                claimed += any(not digit.unsure for digit in reading.digits)
            else:
                claimed += not prediction.unsure
        confident = args.count - unsure - empty
        right_text = f"{right / args.count:>7.1%}" if name.startswith("digits") else f"{'':>7}"
        print(f"{name:<40} {args.count:>5} {unsure / args.count:>9.1%} {empty / args.count:>9.1%} "
              f"{confident / args.count:>10.1%} {right_text} {numbers / args.count:>14.1%} "
              f"{claimed / args.count:>18.1%}")
    calibration = load_calibration(model.path.parent / CALIBRATION_FILE)
    if "validation_ece_before" in calibration:
        print("\nexpected calibration error (15 bins):")
        for split in ("validation", "test"):
            print(f"  {split:<10} {calibration[f'{split}_ece_before']:.4f} -> {calibration[f'{split}_ece_after']:.4f}")


if __name__ == "__main__":
    main()
