"""Training speed of the shipped recipe on this machine: images/s, seconds per epoch, time to 99.5 %.

    python benchmarks/training_speed.py --data mnist.npz [--steps 60]

Times ``--steps`` real training steps (augmentation included) and reads the shipped
``assets/history.json`` for the full run's epoch times and the epoch that first reached 99.5 %
validation accuracy.
"""

from __future__ import annotations

import argparse
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="MNIST .npz (default $MNIST_NPZ)")
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=128)
    args = parser.parse_args()

    from mnist_demo.runtime import import_tensorflow_quietly

    import_tensorflow_quietly()

    from mnist_demo.data import load_mnist
    from mnist_demo.history import load_history
    from mnist_demo.model import build_model
    from mnist_demo.train import make_dataset

    (x_train, y_train), _ = load_mnist(args.data)
    count = args.steps * args.batch_size
    dataset = make_dataset(x_train[:count], y_train[:count], args.batch_size, augment=True, seed=0)
    model = build_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(dataset.take(5), epochs=1, verbose=0, shuffle=False)  # build and trace
    started = time.perf_counter()
    model.fit(dataset, epochs=1, verbose=0, shuffle=False)
    seconds = time.perf_counter() - started
    per_second = count / seconds
    print(f"measured now: {per_second:.0f} images/s -> {55000 / per_second:.0f} s per epoch of 55,000 images")

    history = load_history()
    epoch_seconds = history.seconds_per_epoch
    print(f"shipped run: {len(epoch_seconds)} epochs, {sum(epoch_seconds) / len(epoch_seconds):.0f} s/epoch, "
          f"{history.total_seconds / 60:.1f} min in all, test accuracy {history.test_accuracy:.4f}")
    reached = next((i for i, accuracy in enumerate(history.val_accuracy) if accuracy >= 0.995), None)
    if reached is None:
        print("validation accuracy never reached 99.5 %")
    else:
        print(f"99.5 % validation accuracy after epoch {reached + 1}: {sum(epoch_seconds[: reached + 1]) / 60:.1f} min")


if __name__ == "__main__":
    main()
