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
    from mnist_demo.history import TARGET_VALIDATION, load_history
    from mnist_demo.model import build_model
    from mnist_demo.train import TrainConfig, compile_recipe, make_dataset

    (x_train, y_train), _ = load_mnist(args.data)
    count = args.steps * args.batch_size
    dataset = make_dataset(x_train[:count], y_train[:count], args.batch_size, augment=True, seed=0)
    model = build_model()
    callbacks = compile_recipe(model, TrainConfig(batch_size=args.batch_size), args.steps)  # the shipped recipe
    model.fit(dataset.take(8), epochs=1, verbose=0, shuffle=False, callbacks=callbacks)  # build and trace
    started = time.perf_counter()
    model.fit(dataset, epochs=1, verbose=0, shuffle=False, callbacks=callbacks)
    seconds = time.perf_counter() - started
    per_second = count / seconds
    print(f"measured now: {per_second:.0f} images/s -> {55000 / per_second:.0f} s per epoch of 55,000 images")

    history = load_history()
    epoch_seconds = history.seconds_per_epoch
    print(f"shipped run: {len(epoch_seconds)} epochs, {sum(epoch_seconds) / len(epoch_seconds):.0f} s/epoch, "
          f"{history.total_seconds / 60:.1f} min in all, test accuracy {history.test_accuracy:.4f}")
    reached = history.seconds_to(TARGET_VALIDATION)
    if reached is None:
        print(f"validation accuracy never reached {TARGET_VALIDATION:.1%}")
    else:
        epoch = next(i for i, accuracy in enumerate(history.val_accuracy) if accuracy >= TARGET_VALIDATION)
        print(f"{TARGET_VALIDATION:.1%} validation accuracy after epoch {epoch + 1}: {reached:.0f} s of training")


if __name__ == "__main__":
    main()
