"""Which training changes pay off: a shortened schedule, several seeds per recipe, validation only.

    python benchmarks/training_recipe.py --data mnist.npz --epochs 6 --seeds 1 2 3

Each recipe is the shipped one with some changes switched off, so every change is measured on its own
with the seeds fixed. Prints, per recipe, the final validation accuracy of each seed, their mean and
spread, and the seconds until validation first reached 99.5 %. The test split is never looked at here
(``train`` still records it in each run's history.json; the choice is made on validation alone).
Results are appended to ``runs/recipe/results.jsonl`` as they come, so an interrupted sweep keeps them.
"""

from __future__ import annotations

import argparse
import json
import statistics
from dataclasses import replace
from pathlib import Path

from mnist_demo.history import TARGET_VALIDATION
from mnist_demo.train import TrainConfig, train

RECIPES = {  # name -> changes to the shipped TrainConfig
    "plain": {"ema_momentum": 0.0, "finish_epochs": 0},
    "ema": {"finish_epochs": 0},
    "ema+smoothing": {"label_smoothing": 0.1, "finish_epochs": 0},
    "ema+finish": {"finish_epochs": 1},  # the shipped recipe, its finish scaled to the short schedule
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="MNIST .npz (default $MNIST_NPZ)")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--recipes", nargs="+", default=list(RECIPES), choices=list(RECIPES))
    parser.add_argument("--out", default="runs/recipe")
    args = parser.parse_args()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict]] = {}
    for seed in args.seeds:  # seed by seed: an interrupted sweep still compares every recipe
        for name in args.recipes:
            config = replace(TrainConfig(data=args.data, epochs=args.epochs, seed=seed, verbose=0, replace=True,
                                         out=str(out / f"{name}-seed{seed}"), command=[]), **RECIPES[name])
            _, history = train(config)
            row = {"recipe": name, "seed": seed, "epochs": args.epochs,
                   "val_accuracy": history.val_accuracy[-1],
                   "seconds_per_epoch": statistics.mean(history.seconds_per_epoch),
                   "seconds_to_99_5": history.seconds_to(TARGET_VALIDATION)}
            rows.setdefault(name, []).append(row)
            with open(out / "results.jsonl", "a") as results:
                results.write(json.dumps(row) + "\n")
            print(json.dumps(row), flush=True)

    print(f"\n{'recipe':<16}{'validation accuracy per seed':<34}{'mean ± spread':<18}s to 99.5 %")
    for name, runs in rows.items():
        accuracies = [run["val_accuracy"] for run in runs]
        spread = statistics.stdev(accuracies) if len(accuracies) > 1 else 0.0
        reached = [f"{run['seconds_to_99_5']:.0f}" if run["seconds_to_99_5"] else "-" for run in runs]
        print(f"{name:<16}{' '.join(f'{a:.4f}' for a in accuracies):<34}"
              f"{statistics.mean(accuracies):.4f} ± {spread:.4f}  {' '.join(reached)}")


if __name__ == "__main__":
    main()
