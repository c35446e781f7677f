"""Train the pair reader (``assets/pairs.keras``) on parts composed from MNIST training-split digits.

    python -m mnist_demo_dev.pair_training --data PATH/mnist.npz --out assets/pairs.keras
    KERAS_BACKEND=jax python -m mnist_demo_dev.pair_training --data PATH/mnist.npz --workers 16 ...  # a GPU box

The training is plain Keras (``model.fit`` on arrays), so it runs on any Keras backend: the shipped
reader was trained with JAX on one GPU (about 4 minutes, 16 processes composing the parts).

A part is one digit or two digits whose ink touches or overlaps, drawn as
:func:`mnist_demo_dev.numbers.compose` draws numbers (each digit its own pen, size, slant and
baseline), with a wider range of overlaps than the benchmark's touching pairs and some blur and
noise. Only the training split's digits are used (the validation split that
``benchmarks/read_numbers.py`` composes its numbers from is held out exactly as ``train`` holds it
out; the test split is never read). The model is :func:`mnist_demo.pairs.build_pair_model`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time
from pathlib import Path

import numpy as np
from scipy import ndimage

from .captures import VALIDATION_SEED, VALIDATION_SIZE, uniform

TWO_DIGITS = 0.65  # share of samples that hold two digits
OVERLAP = (-0.10, 0.03)  # ink-to-ink gap of a pair, share of the line height (negative: overlapping)
LINE = (40.0, 160.0)  # line height in px before the part is normalised
BLUR = 0.3  # share of samples blurred (a soft photo) ...
NOISE = 0.3  # ... and with grain on the ink map


def _training_digits(path: str | None) -> tuple[np.ndarray, np.ndarray]:
    from mnist_demo.data import load_mnist, split_validation

    (x_train, y_train), _ = load_mnist(path)
    (x, y), _ = split_validation(x_train, y_train, VALIDATION_SIZE, seed=VALIDATION_SEED)
    return x, y


def part_sample(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """One training part: its (28, 56) image and its class (see :func:`mnist_demo.pairs.pair_class`)."""
    from mnist_demo.pairs import pair_class, pair_image

    from .numbers import compose

    count = 2 if rng.random() < TWO_DIGITS else 1
    picks = rng.integers(0, len(x), count)
    line = uniform(rng, LINE)
    cover = compose([x[i] for i in picks], [uniform(rng, OVERLAP)], rng, line)
    if rng.random() < BLUR:
        cover = ndimage.gaussian_filter(cover, uniform(rng, (0.005, 0.02)) * line)
    if rng.random() < NOISE:
        cover = cover + rng.normal(0.0, uniform(rng, (0.02, 0.08)), cover.shape).astype(np.float32)
    cover = np.clip(cover, 0.0, 1.0)
    cover[cover < 0.1] = 0.0
    return pair_image(cover), pair_class("".join(str(int(y[i])) for i in picks))


def _chunk(args: tuple[str | None, int, int]) -> tuple[np.ndarray, np.ndarray]:
    path, seed, count = args
    x, y = _training_digits(path)
    rng = np.random.default_rng(seed)
    images, labels = [], []
    while len(images) < count:
        try:
            image, label = part_sample(x, y, rng)
        except Exception:  # a degenerate composition (EmptyImageError, a dot): draw another
            continue
        images.append(image)
        labels.append(label)
    return np.stack(images).astype(np.float16), np.array(labels, np.int16)


def make_parts(path: str | None, count: int, seed: int, workers: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """``count`` training parts, made by ``workers`` processes (deterministic for a seed and worker count)."""
    chunks = 8 * workers
    jobs = [(path, seed * 1000 + k, count // chunks + (k < count % chunks)) for k in range(chunks)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        parts = pool.map(_chunk, jobs)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.environ.get("MNIST_NPZ"), help="MNIST .npz (or $MNIST_NPZ)")
    parser.add_argument("--out", default="runs/pairs.keras")
    parser.add_argument("--parts", type=int, default=450_000, help="training parts to compose")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--widths", type=int, nargs=3, default=[48, 96, 160], help="the network's widths")
    parser.add_argument("--workers", type=int, default=2, help="processes composing the parts")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", help="npz of composed parts, made once and reused")
    args = parser.parse_args()

    start = time.perf_counter()
    if args.cache and Path(args.cache).is_file():
        with np.load(args.cache) as saved:
            images, labels = saved["images"], saved["labels"]
    else:
        images, labels = make_parts(args.data, args.parts + args.parts // 20, args.seed, args.workers)
        if args.cache:
            np.savez(args.cache, images=images, labels=labels)
    print(f"{len(images)} parts in {time.perf_counter() - start:.0f} s", flush=True)

    if os.environ.get("KERAS_BACKEND", "tensorflow") == "tensorflow":
        from mnist_demo.runtime import import_tensorflow_quietly

        import_tensorflow_quietly()
    import keras

    from mnist_demo.pairs import build_pair_model

    keras.utils.set_random_seed(args.seed)
    held = len(images) // 21
    x = images.astype(np.float32)[..., None]
    y = labels.astype(np.int32)
    model = build_pair_model(tuple(args.widths))
    steps = args.epochs * int(np.ceil((len(x) - held) / args.batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(0.0, steps, warmup_target=args.learning_rate,
                                                      warmup_steps=steps // 20)
    model.compile(optimizer=keras.optimizers.AdamW(schedule, weight_decay=1e-4),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x[held:], y[held:], validation_data=(x[:held], y[:held]), epochs=args.epochs,
              batch_size=args.batch_size, verbose=2)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    shipped = build_pair_model(tuple(args.widths))  # the weights alone, without the optimizer state (a third the size)
    shipped.set_weights(model.get_weights())
    shipped.save(args.out)
    print(f"saved {args.out} after {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
