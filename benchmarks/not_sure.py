"""An honest "not sure": how often letters, scribbles and shapes get "not sure" instead of a digit,
how often real digits wrongly get it, and the calibration error before and after temperature scaling.

    python benchmarks/not_sure.py --count 200 --seed 3

Letters are rendered from the DejaVu fonts that ship with matplotlib (upper and lower case, a
few sizes and slants); letters that are written like digits (O o I l S s Z z B b g q G) are
reported separately, since "not sure" is not the honest answer for them. Scribbles are random
pen tangles; shapes are triangles, squares, stars, crosses, arrows and hearts. Digits come
from the synthetic handwriting set (canvas and photo styles).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

import common  # noqa: F401  (puts the repo on sys.path)

DIGIT_LIKE = set("OoIlSsZzBbgqGDTt")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans-Oblique.ttf",
              "DejaVuSerif-Italic.ttf", "DejaVuSansMono.ttf")


def font_folder() -> Path:
    import matplotlib

    return Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"


def letter(character: str, rng: np.random.Generator) -> Image.Image:
    font = ImageFont.truetype(str(font_folder() / FONT_FILES[rng.integers(len(FONT_FILES))]), int(rng.integers(120, 300)))
    picture = Image.new("L", (500, 500), 255)
    ImageDraw.Draw(picture).text((250, 250), character, font=font, fill=0, anchor="mm")
    return picture.rotate(float(rng.uniform(-12, 12)), fillcolor=255)


def scribble(rng: np.random.Generator, size: int = 800) -> dict:
    from helpers import draw_strokes, sketchpad_value

    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    points = [tuple(p) for p in rng.uniform(0.15 * size, 0.85 * size, (int(rng.integers(6, 16)), 2))]
    draw_strokes(ImageDraw.Draw(layer), [points], int(rng.integers(12, 35)), (0, 0, 0, 255))
    return sketchpad_value(np.asarray(layer))


def shape(rng: np.random.Generator, size: int = 800) -> dict:
    from helpers import draw_strokes, sketchpad_value

    kind = ("triangle", "square", "star", "cross", "arrow", "heart")[int(rng.integers(6))]
    centre, radius = size / 2 + rng.uniform(-100, 100, 2), rng.uniform(150, 300)
    if kind in ("triangle", "square", "star"):
        corners = {"triangle": 3, "square": 4, "star": 10}[kind]
        angles = np.linspace(0, 2 * np.pi, corners + 1) + rng.uniform(0, np.pi)
        radii = np.where(np.arange(corners + 1) % 2, 0.45, 1.0) * radius if kind == "star" else np.full(corners + 1, radius)
        strokes = [[(centre[0] + r * math.cos(a), centre[1] + r * math.sin(a)) for a, r in zip(angles, radii)]]
    elif kind == "cross":
        strokes = [[tuple(centre - radius), tuple(centre + radius)],
                   [(centre[0] + radius, centre[1] - radius), (centre[0] - radius, centre[1] + radius)]]
    elif kind == "arrow":
        tip = (centre[0] + radius, centre[1])
        strokes = [[(centre[0] - radius, centre[1]), tip],
                   [(tip[0] - 0.4 * radius, tip[1] - 0.4 * radius), tip, (tip[0] - 0.4 * radius, tip[1] + 0.4 * radius)]]
    else:
        t = np.linspace(0, 2 * np.pi, 60)
        x, y = 16 * np.sin(t) ** 3, -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
        strokes = [[(centre[0] + radius * a / 17, centre[1] + radius * b / 17) for a, b in zip(x, y)]]
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw_strokes(ImageDraw.Draw(layer), strokes, int(rng.integers(12, 35)), (0, 0, 0, 255))
    return sketchpad_value(np.asarray(layer))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200, help="inputs per group")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    import mnist_demo
    from mnist_demo.calibrate import load_calibration
    from mnist_demo.predict import load_model, predict_image
    from mnist_demo_dev.synthetic import make_sample

    model = load_model()
    rng = np.random.default_rng(args.seed)
    letters = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"]
    groups = {
        "letters (not digit-like)": lambda i: letter(rng.choice([c for c in letters if c not in DIGIT_LIKE]), rng),
        "letters (digit-like: O I S Z B g q ...)": lambda i: letter(rng.choice(sorted(DIGIT_LIKE)), rng),
        "scribbles": lambda i: scribble(rng),
        "shapes": lambda i: shape(rng),
        "digits: canvas": lambda i: make_sample(i % 10, "canvas", seed=args.seed, index=i // 10),
        "digits: photo_clean": lambda i: make_sample(i % 10, "photo_clean", seed=args.seed, index=i // 10),
    }
    print(f"not sure when: calibrated top probability < {model.not_sure_below:.2f} or top logit < the "
          f"per-digit floor {np.round(model.min_top_logit, 1).tolist()} (temperature {model.temperature:.3f})")
    print(f"{'group':<40} {'n':>5} {'not sure':>9} {'no digit':>9} {'confident':>10} {'right':>7}")
    for name, make in groups.items():
        unsure = empty = right = 0
        for i in range(args.count):
            try:
                prediction = predict_image(make(i), model)
            except mnist_demo.EmptyImageError:
                empty += 1
                continue
            unsure += prediction.unsure
            right += name.startswith("digits") and prediction.digit == i % 10 and not prediction.unsure
        confident = args.count - unsure - empty
        right_text = f"{right / args.count:>7.1%}" if name.startswith("digits") else f"{'':>7}"
        print(f"{name:<40} {args.count:>5} {unsure / args.count:>9.1%} {empty / args.count:>9.1%} "
              f"{confident / args.count:>10.1%} {right_text}")
    calibration = load_calibration()
    if "validation_ece_before" in calibration:
        print("\nexpected calibration error (15 bins):")
        for split in ("validation", "test"):
            print(f"  {split:<10} {calibration[f'{split}_ece_before']:.4f} -> {calibration[f'{split}_ece_after']:.4f}")


if __name__ == "__main__":
    main()
