"""Command line: train, evaluate, average, calibrate and predict.

    python -m mnist_demo train    [--data PATH] [--epochs N] [--batch-size B] [--out DIR] [--seed S]
    python -m mnist_demo evaluate [--model PATH] [--data PATH]
    python -m mnist_demo predict  IMAGE [IMAGE ...] [--k 3] [--model PATH]
    python -m mnist_demo ensemble MODEL MODEL [...] --out DIR [--data PATH]
    python -m mnist_demo calibrate [--data PATH] [--model PATH]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import DATA_ENV_VAR, MODEL_FILE, NUM_CLASSES
from .history import TARGET_VALIDATION
from .runtime import import_tensorflow_quietly
from .train import TrainConfig


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mnist_demo", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    data_help = f"MNIST .npz (Keras layout) or folder of IDX .gz files; default ${DATA_ENV_VAR}, else download"

    recipe = TrainConfig()  # the shipped recipe: the defaults below
    train = commands.add_parser("train", help="train the CNN and save model.keras + history.json")
    train.add_argument("--data", help=data_help)
    train.add_argument("--epochs", type=int, default=recipe.epochs, help=f"(default: {recipe.epochs})")
    train.add_argument("--batch-size", type=int, default=recipe.batch_size, help=f"(default: {recipe.batch_size})")
    train.add_argument("--learning-rate", type=float, default=recipe.learning_rate,
                       help=f"peak learning rate (default: {recipe.learning_rate:g})")
    train.add_argument("--ema-momentum", type=float, default=recipe.ema_momentum,
                       help=f"momentum of the weight average that is validated and saved; 0: off "
                            f"(default: {recipe.ema_momentum:g})")
    train.add_argument("--label-smoothing", type=float, default=recipe.label_smoothing,
                       help=f"(default: {recipe.label_smoothing:g}; 0: off)")
    train.add_argument("--out", default=recipe.out, help="output folder (default: a new runs/<date-time>/)")
    train.add_argument("--replace", action="store_true",
                       help="overwrite the model already in --out (e.g. the shipped assets/); refused otherwise")
    train.add_argument("--seed", type=int, default=recipe.seed,
                       help=f"initial weights, shuffling and augmentation; the validation hold-out stays the same "
                            f"(default: {recipe.seed})")
    train.add_argument("--validation-size", type=int, default=recipe.validation_size,
                       help=f"training images held out for validation (default: {recipe.validation_size})")
    train.add_argument("--train-limit", type=int, default=recipe.train_limit,
                       help="use only N training images (quick runs)")
    train.add_argument("--no-augment", action="store_false", dest="augment", default=recipe.augment,
                       help="train on plain MNIST (not recommended)")
    train.add_argument("--low-resolution", type=float, default=recipe.low_resolution,
                       help=f"share of augmented images also reduced to 8-16 px and enlarged back "
                            f"(default: {recipe.low_resolution:g})")
    train.add_argument("--redrawn", type=float, default=recipe.redrawn,
                       help=f"share of samples shown redrawn with a uniform pen, as a canvas delivers them "
                            f"(default: {recipe.redrawn:g})")
    train.add_argument("--outliers", type=float, default=recipe.outliers,
                       help=f"share of samples turned into non-digits (mirrored, turned, overlaid) with uniform "
                            f"targets, so the model learns to be unsure (default: {recipe.outliers:g})")
    train.add_argument("--finish-epochs", type=int, default=recipe.finish_epochs,
                       help=f"then epochs on the plain images at a low learning rate (default: {recipe.finish_epochs})")
    train.add_argument("--finish-learning-rate", type=float, default=recipe.finish_learning_rate,
                       help=f"the finish's starting learning rate (default: {recipe.finish_learning_rate})")
    train.add_argument("--start-from", metavar="MODEL",
                       help="continue this trained model (e.g. --epochs 0: only the finish); its history carries over")

    evaluate = commands.add_parser("evaluate", help="test loss, accuracy, per-digit accuracy, confusion matrix")
    evaluate.add_argument("--model", help="model file (default: the shipped assets/model.keras)")
    evaluate.add_argument("--data", help="MNIST .npz / IDX folder / test-split .npz (default: the shipped test split)")

    ensemble = commands.add_parser("ensemble", help="average trained models into one (mean of their logits)")
    ensemble.add_argument("models", nargs="+", metavar="MODEL", help="two or more trained model files")
    ensemble.add_argument("--data", help=data_help)
    ensemble.add_argument("--out", required=True, help="output folder (model.keras, history.json)")
    ensemble.add_argument("--replace", action="store_true", help="overwrite the model already in --out")

    calibrate = commands.add_parser("calibrate", help="fit temperature scaling on the validation split")
    calibrate.add_argument("--data", help=data_help)
    calibrate.add_argument("--model", help="model file (default: the shipped assets/model.keras)")
    calibrate.add_argument("--out", help="output file (default: calibration.json beside the model)")

    predict = commands.add_parser("predict", help="top-k digits for image files")
    predict.add_argument("images", nargs="+", help="image files (PNG, JPEG, ...)")
    predict.add_argument("--k", type=int, default=3, help=f"how many digits to list (1..{NUM_CLASSES})")
    predict.add_argument("--model", help="model file (default: the shipped assets/model.keras)")
    return parser


def run_train(args: argparse.Namespace) -> int:
    from .train import train

    config = TrainConfig(data=args.data, epochs=args.epochs, batch_size=args.batch_size,
                         learning_rate=args.learning_rate, out=args.out, seed=args.seed,
                         ema_momentum=args.ema_momentum, label_smoothing=args.label_smoothing,
                         validation_size=args.validation_size, train_limit=args.train_limit, augment=args.augment,
                         replace=args.replace, finish_epochs=args.finish_epochs,
                         finish_learning_rate=args.finish_learning_rate, start_from=args.start_from,
                         low_resolution=args.low_resolution, redrawn=args.redrawn,
                         outliers=args.outliers)
    _, history = train(config)
    per_epoch = sum(history.seconds_per_epoch) / len(history.seconds_per_epoch)
    print(f"test accuracy {history.test_accuracy:.4f}  test loss {history.test_loss:.4f}  "
          f"{history.total_seconds:.0f} s in all, {per_epoch:.1f} s/epoch")
    if history.seconds_to_target is not None:
        print(f"validation reached {TARGET_VALIDATION:.1%} after {history.seconds_to_target:.0f} s of training")
    print(f"saved {history.config['out']}")
    return 0


def load_evaluation_data(path: str | None):
    """The test split: from ``path`` (full MNIST or a test-only .npz) or the shipped one."""
    from .data import DataError, load_mnist, load_test_split

    if path is None:
        return load_test_split()
    try:
        return load_test_split(path)
    except DataError:
        return load_mnist(path)[1]


def format_evaluation(result: dict) -> str:
    lines = [f"test loss      {result['loss']:.4f}",
             f"test accuracy  {result['accuracy']:.4f}  ({result['count'] - result['errors']}/{result['count']})",
             "per-digit accuracy:"]
    lines += [f"  {digit}: {accuracy:.4f}" for digit, accuracy in enumerate(result["per_digit_accuracy"])]
    lines.append("confusion matrix (rows = true digit, columns = predicted):")
    lines.append("     " + "".join(f"{d:>6}" for d in range(NUM_CLASSES)))
    lines += [f"  {d}: " + "".join(f"{n:>6}" for n in row) for d, row in enumerate(result["confusion_matrix"])]
    return "\n".join(lines)


def run_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate
    from .predict import load_compiled

    x_test, y_test = load_evaluation_data(args.data)
    print(format_evaluation(evaluate(load_compiled(args.model), x_test, y_test)))
    return 0


def ordinal(number: float) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 2.5th."""
    text = f"{number:g}"
    if not float(number).is_integer() or 10 <= int(number) % 100 <= 13:
        return f"{text}th"
    return text + {1: "st", 2: "nd", 3: "rd"}.get(int(number) % 10, "th")


def run_ensemble(args: argparse.Namespace) -> int:
    from .ensemble import average_models

    data = ["--data", args.data] if args.data else []
    command = " ".join(["python -m mnist_demo ensemble", *map(str, args.models), *data, "--out", str(args.out)])
    history = average_models(args.models, args.data, args.out, args.replace, command)
    alone = ", ".join(f"{member['test_accuracy']:.4f}" for member in history.members)
    print(f"test accuracy {history.test_accuracy:.4f} (the members alone: {alone}), "
          f"{history.parameters:,} parameters")
    print(f"saved {args.out}; now fit its calibration: python -m mnist_demo calibrate --model "
          f"{Path(args.out) / MODEL_FILE} --data PATH")
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    from .calibrate import calibrate
    from .predict import load_compiled

    result = calibrate(load_compiled(args.model), args.data, args.out)
    print(f"temperature {result['temperature']:.3f}  (fitted on {result['fitted_on']})")
    floors = " ".join(f"{digit}:{value:.1f}" for digit, value in enumerate(result["min_top_logit"]))
    print(f"not sure below: top probability {result['not_sure_below']:.2f}, or top logit under the "
          f"{ordinal(result['top_logit_percentile'])} percentile of validation digits predicted the same ({floors})")
    for split in ("validation", "test"):
        print(f"{split:<10} ECE {result[f'{split}_ece_before']:.4f} -> {result[f'{split}_ece_after']:.4f}")
    return 0


NOT_SURE_WHY = {"ambiguous": "it could be either of two digits",
                "unlike_a_digit": "it looks unlike any handwritten digit",
                "unclear_ink": "the ink is hard to tell from the paper, as under a shadow"}


def run_predict(args: argparse.Namespace) -> int:
    from .predict import check_k, load_compiled, predict_image

    check_k(args.k)
    model = load_compiled(args.model)
    status = 0
    for path in args.images:
        try:
            prediction = predict_image(path, model=model)
        except (ValueError, OSError) as error:  # EmptyImageError is a ValueError
            print(f"{path}: {error}")
            status = 1
            continue
        ranked = "  ".join(f"{digit} ({probability:.1%})" for digit, probability in prediction.top(args.k))
        print(f"{path}: {ranked}" if not prediction.unsure else f"{path}: not sure ({NOT_SURE_WHY[prediction.why]}); "
              f"best guesses {ranked}")
    return status


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    runner = {"train": run_train, "evaluate": run_evaluate, "ensemble": run_ensemble, "calibrate": run_calibrate,
              "predict": run_predict}[args.command]
    from .predict import ModelFileError

    try:
        if args.command != "train":  # train checks its data first, then loads TensorFlow
            import_tensorflow_quietly()
        return runner(args)
    except (ValueError, OSError, ModelFileError) as error:  # bad data, model file, image: one clear line
        print(f"error: {error}", file=sys.stderr)
        return 2
