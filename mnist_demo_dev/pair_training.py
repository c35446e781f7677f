"""Train the pair reader (``assets/pairs.keras``) on parts composed from MNIST training-split digits.

    python -m mnist_demo_dev.pair_training --data PATH/mnist.npz --out assets/pairs.keras
    KERAS_BACKEND=jax python -m mnist_demo_dev.pair_training --data PATH/mnist.npz --workers 16 ...  # a GPU box

    # the shipped reader's class for marks that are no digit, fitted alone (under 5 min on 2 CPU cores) on
    # the reader before it (110 classes: git show 3dad9d4:assets/pairs.keras > runs/pairs-110.keras):
    python -m mnist_demo_dev.pair_training --data PATH/mnist.npz --start-from runs/pairs-110.keras --no-digit-only \
        --outliers 0.15 --parts 150000 --epochs 3 --learning-rate 1e-3 --seed 17 --out runs/pairs-none/pairs.keras

The training is plain Keras (``model.fit`` on arrays), so it runs on any Keras backend: the reader it
started from was trained with JAX on one GPU (about 4 minutes, 16 processes composing the parts).
With ``--outliers P`` a share P of the parts are marks that are no digit (:func:`no_digit`: training
digits mirrored or turned, never the benchmarks' letters, scribbles or shapes), and the reader gets
one class more for them (``mnist_demo.pairs.NO_DIGIT_CLASS``). With ``--no-digit-only`` only that
class is fitted, on the frozen features of the reader it starts from (:func:`fit_no_digit_class`):
its reading of one digit against two stays exactly as it was. Fine-tuning the whole reader with
the marks (without ``--no-digit-only``) was measured and lost real touching pairs.

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
NO_DIGIT = -1  # the label of an outlier part (a mark that is no digit): class NO_DIGIT_CLASS of the reader


def _training_digits(path: str | None) -> tuple[np.ndarray, np.ndarray]:
    from mnist_demo.data import load_mnist, split_validation

    (x_train, y_train), _ = load_mnist(path)
    (x, y), _ = split_validation(x_train, y_train, VALIDATION_SIZE, seed=VALIDATION_SEED)
    return x, y


def no_digit(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A mark that is no digit, made from a real one: a training digit mirrored, upside down or turned
    a quarter turn, where :data:`mnist_demo.outliers.ALLOWED` says that leaves no digit."""
    from mnist_demo.outliers import ALLOWED

    while True:
        pick, kind = int(rng.integers(0, len(x))), int(rng.integers(0, 3))  # ALLOWED's overlay row is not used
        if ALLOWED[kind, int(y[pick])]:
            break
    transforms = (np.fliplr, lambda d: np.rot90(d, 2), lambda d: np.rot90(d, 1 if rng.random() < 0.5 else -1))
    return np.ascontiguousarray(transforms[kind](x[pick]))


def part_sample(x: np.ndarray, y: np.ndarray, rng: np.random.Generator, outliers: float = 0.0
                ) -> tuple[np.ndarray, int]:
    """One training part: its (28, 56) image and its class (see :func:`mnist_demo.pairs.pair_class`).

    A share ``outliers`` of the parts are one or two marks that are no digit (:func:`no_digit`),
    labelled NO_DIGIT: the reader learns that such a part holds neither one digit nor two.
    """
    from mnist_demo.pairs import pair_class, pair_image

    from .numbers import compose

    count = 2 if rng.random() < TWO_DIGITS else 1
    picks = rng.integers(0, len(x), count)
    line = uniform(rng, LINE)
    if outliers and rng.random() < outliers:
        cover = compose([no_digit(x, y, rng) for _ in range(count)], [uniform(rng, OVERLAP)], rng, line)
        return pair_image(_capture(cover, rng, line)), NO_DIGIT
    cover = compose([x[i] for i in picks], [uniform(rng, OVERLAP)], rng, line)
    return pair_image(_capture(cover, rng, line)), pair_class("".join(str(int(y[i])) for i in picks))


def _capture(cover: np.ndarray, rng: np.random.Generator, line: float) -> np.ndarray:
    """Some blur (a soft photo) and grain on a part's ink coverage."""
    if rng.random() < BLUR:
        cover = ndimage.gaussian_filter(cover, uniform(rng, (0.005, 0.02)) * line)
    if rng.random() < NOISE:
        cover = cover + rng.normal(0.0, uniform(rng, (0.02, 0.08)), cover.shape).astype(np.float32)
    cover = np.clip(cover, 0.0, 1.0)
    cover[cover < 0.1] = 0.0
    return cover


def _chunk(args: tuple[str | None, int, int, float]) -> tuple[np.ndarray, np.ndarray]:
    path, seed, count, outliers = args
    x, y = _training_digits(path)
    rng = np.random.default_rng(seed)
    images, labels = [], []
    while len(images) < count:
        try:
            image, label = part_sample(x, y, rng, outliers)
        except Exception:  # a degenerate composition (EmptyImageError, a dot): draw another
            continue
        images.append(image)
        labels.append(label)
    return np.stack(images).astype(np.float16), np.array(labels, np.int16)


def make_parts(path: str | None, count: int, seed: int, workers: int = 2, outliers: float = 0.0
               ) -> tuple[np.ndarray, np.ndarray]:
    """``count`` training parts, a share ``outliers`` of them no digits, made by ``workers`` processes
    (deterministic for a seed and worker count)."""
    chunks = 8 * workers
    jobs = [(path, seed * 1000 + k, count // chunks + (k < count % chunks), outliers) for k in range(chunks)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        parts = pool.map(_chunk, jobs)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def classes_of(labels: np.ndarray) -> np.ndarray:
    """Training labels -> the reader's classes: a NO_DIGIT part is class NO_DIGIT_CLASS."""
    from mnist_demo.pairs import NO_DIGIT_CLASS

    return np.where(labels == NO_DIGIT, NO_DIGIT_CLASS, labels).astype(np.int32)


def widen_head(kernel: np.ndarray, bias: np.ndarray, none_kernel: np.ndarray | None = None,
               none_bias: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A 110-class output layer's weights with NO_DIGIT_CLASS added: ``none_kernel`` and ``none_bias``,
    or, to be learnt, zero weights and the smallest bias (the least likely class)."""
    if none_kernel is None:
        none_kernel, none_bias = np.zeros((kernel.shape[0], 1), kernel.dtype), np.full(1, bias.min(), bias.dtype)
    return np.concatenate([kernel, none_kernel], axis=1), np.concatenate([bias, none_bias])


def start_from(model, path: str) -> None:
    """``model``'s weights from the pair reader in ``path``; a new no-digit class starts from nothing."""
    import keras

    weights = keras.saving.load_model(path, compile=False).get_weights()
    if weights[-2].shape != model.get_weights()[-2].shape:
        weights[-2:] = widen_head(*weights[-2:])
    model.set_weights(weights)


def fit_no_digit_class(reader, x: np.ndarray, classes: np.ndarray, held: int, epochs: int, batch_size: int,
                       learning_rate: float):
    """``reader`` (110 classes) with NO_DIGIT_CLASS added, fitted alone on the reader's frozen features:
    every other weight is kept, so the other 110 logits, and the probabilities of one digit against
    two, are exactly the reader's; only the share left to "no digit" is new."""
    import keras

    from mnist_demo.pairs import PAIR_CLASSES

    body = keras.Model(reader.input, reader.layers[-2].output)
    kernel, bias = reader.layers[-1].get_weights()
    if bias.shape != (PAIR_CLASSES,):
        raise ValueError(f"--no-digit-only adds the no-digit class to a reader of {PAIR_CLASSES} classes; this one has "
                         f"{bias.shape[0]} (the shipped reader has it already: start from the one before it)")
    features = body.predict(x, batch_size=512, verbose=0)
    logits = features @ kernel + bias
    feature_input, logit_input = keras.Input(features.shape[1:]), keras.Input((PAIR_CLASSES,))
    none_layer = keras.layers.Dense(1)
    none = none_layer(feature_input)
    start_kernel, start_bias = widen_head(kernel, bias)  # the no-digit class from nothing, as start_from starts it
    none_layer.set_weights([start_kernel[:, PAIR_CLASSES:], start_bias[PAIR_CLASSES:]])
    probe = keras.Model([feature_input, logit_input],
                        keras.layers.Softmax()(keras.layers.Concatenate()([logit_input, none])))
    probe.compile(optimizer=keras.optimizers.AdamW(learning_rate, weight_decay=1e-4),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    probe.fit([features[held:], logits[held:]], classes[held:], epochs=epochs, batch_size=batch_size,
              validation_data=([features[:held], logits[:held]], classes[:held]), verbose=2)
    return widen_head(kernel, bias, *none_layer.get_weights())


def save_reader(weights: list, widths: tuple[int, int, int], classes: int, out: str) -> None:
    """The reader's weights alone, without the optimizer state (a third the size), in ``out``."""
    from mnist_demo.pairs import build_pair_model

    Path(out).parent.mkdir(parents=True, exist_ok=True)
    reader = build_pair_model(widths, classes=classes)
    reader.set_weights(weights)
    reader.save(out)


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
    parser.add_argument("--outliers", type=float, default=0.0,
                        help="share of parts that are no digit (the reader then has the class NO_DIGIT_CLASS)")
    parser.add_argument("--start-from", help="a pair reader to fine-tune instead of a new network")
    parser.add_argument("--no-digit-only", action="store_true",
                        help="with --start-from (110 classes) and --outliers: fit only the no-digit class, "
                             "on the reader's frozen features (its other classes read exactly as before)")
    args = parser.parse_args()

    start = time.perf_counter()
    if args.cache and Path(args.cache).is_file():
        with np.load(args.cache) as saved:
            images, labels = saved["images"], saved["labels"]
    else:
        images, labels = make_parts(args.data, args.parts + args.parts // 20, args.seed, args.workers,
                                    args.outliers)
        if args.cache:
            np.savez(args.cache, images=images, labels=labels)
    print(f"{len(images)} parts in {time.perf_counter() - start:.0f} s", flush=True)

    if os.environ.get("KERAS_BACKEND", "tensorflow") == "tensorflow":
        from mnist_demo.runtime import import_tensorflow_quietly

        import_tensorflow_quietly()
    import keras

    from mnist_demo.pairs import PAIR_CLASSES, build_pair_model

    keras.utils.set_random_seed(args.seed)
    held = len(images) // 21
    x = images.astype(np.float32)[..., None]
    widths, classes = tuple(args.widths), PAIR_CLASSES + (args.outliers > 0)
    y = classes_of(labels)
    if args.no_digit_only:
        reader = keras.saving.load_model(args.start_from, compile=False)
        head = fit_no_digit_class(reader, x, y, held, args.epochs, args.batch_size, args.learning_rate)
        save_reader(reader.get_weights()[:-2] + list(head), widths, classes, args.out)
        print(f"saved {args.out} after {time.perf_counter() - start:.0f} s")
        return
    model = build_pair_model(widths, classes=classes)
    if args.start_from:
        start_from(model, args.start_from)
    steps = args.epochs * int(np.ceil((len(x) - held) / args.batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(0.0, steps, warmup_target=args.learning_rate,
                                                      warmup_steps=steps // 20)
    model.compile(optimizer=keras.optimizers.AdamW(schedule, weight_decay=1e-4),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x[held:], y[held:], validation_data=(x[:held], y[:held]), epochs=args.epochs,
              batch_size=args.batch_size, verbose=2)
    save_reader(model.get_weights(), widths, classes, args.out)
    print(f"saved {args.out} after {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
