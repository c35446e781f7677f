"""The training record: ``history.json``, written beside the model by ``train`` and shown by the app.

    from mnist_demo.history import load_history
    history = load_history()             # assets/history.json
    history.val_accuracy[-1], history.test_accuracy, history.config["seed"]
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import HISTORY_FILE, asset_path

TARGET_VALIDATION = 0.995  # history.json records when validation accuracy first reached this


# A run's augmented epochs are named for its fine-tune option (the first one set, in this order).
FINE_TUNE_KINDS = (("outliers", "not digits"), ("redrawn", "redrawn"), ("low_resolution", "small pictures"))


@dataclass
class History:
    """Per-epoch curves, the final test figures, timings and how the run was made."""

    epochs: int = 0
    loss: list[float] = field(default_factory=list)  # training (augmented images), per epoch
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)  # the held-out validation split, per epoch
    val_accuracy: list[float] = field(default_factory=list)
    seconds_per_epoch: list[float] = field(default_factory=list)
    total_seconds: float | None = None
    seconds_to_target: float | None = None  # training seconds until validation first reached TARGET_VALIDATION
    test_loss: float | None = None  # the test split, evaluated once at the end
    test_accuracy: float | None = None
    per_digit_accuracy: list[float] = field(default_factory=list)
    confusion_matrix: list[list[int]] | None = None  # counts[true][predicted] on the test split
    parameters: int | None = None
    train_images: int | None = None
    validation_images: int | None = None
    seed: int | None = None
    config: dict[str, Any] = field(default_factory=dict)  # the run's TrainConfig (without command, verbose)
    command: str = ""  # the command line that trained it
    members: list[dict[str, Any]] = field(default_factory=list)  # an ensemble's networks (mnist_demo.ensemble):
    # each one's command, seed, parameters and its own test and validation accuracy; the curves are the first's

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> History:
        """From a history.json object; unknown keys are ignored, missing ones keep their defaults."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {key: value for key, value in record.items() if key in known and value is not None}
        if not isinstance(values.get("config", {}), dict):
            values.pop("config")
        return cls(**values)

    @property
    def epochs_run(self) -> int:
        """How many epochs the run trained: ``epochs`` when recorded, else the length of its curves."""
        return self.epochs or len(self.loss)

    @property
    def public_command(self) -> str:
        """The command line as people may see it: the data's location (a path on the machine that
        trained) shown as ``PATH``."""
        words, shown = self.command.split(), []
        for index, word in enumerate(words):
            if index and words[index - 1] == "--data":
                word = "PATH"
            elif word.startswith("--data="):
                word = "--data=PATH"
            shown.append(word)
        return " ".join(shown)

    def phases(self) -> list[tuple[int, int, str]]:
        """The run's stages as ``(first epoch, last epoch, kind)``, epochs counted from 1, read from
        the chain of configs (``config["earlier"]`` for a run that continued another): "augmented"
        epochs, "small pictures" (augmented, some images losing resolution), "redrawn" (augmented,
        some digits redrawn with a uniform pen, :mod:`mnist_demo.redraw`), "not digits" (augmented,
        some digits turned into marks that are no digit, :mod:`mnist_demo.outliers`) and the "finish"
        on plain images. Empty when the record does not say how its epochs were made, or does not add
        up to its epoch count."""
        chain, config = [], self.config
        while isinstance(config, dict) and config:
            chain.append(config)
            config = config.get("earlier")
        stages: list[tuple[int, str]] = []
        for step in reversed(chain):  # the first run first
            try:
                augmented, finish = int(step.get("epochs", 0)), int(step.get("finish_epochs", 0) or 0)
            except (TypeError, ValueError):
                return []
            kind = next((kind for option, kind in FINE_TUNE_KINDS if float(step.get(option, 0) or 0) > 0),
                        "augmented")
            stages += [(augmented, kind if step.get("augment", True) else "finish"), (finish, "finish")]
        phases, first = [], 1
        for count, kind in stages:
            if count <= 0:
                continue
            if phases and phases[-1][2] == kind:
                phases[-1] = (phases[-1][0], first + count - 1, kind)
            else:
                phases.append((first, first + count - 1, kind))
            first += count
        return phases if first - 1 == self.epochs else []

    def seconds_to(self, target: float = TARGET_VALIDATION) -> float | None:
        """Training seconds (whole epochs, validation included) until validation accuracy first reached
        ``target``; None when it never did."""
        elapsed = 0.0
        for accuracy, seconds in zip(self.val_accuracy, self.seconds_per_epoch):
            elapsed += seconds
            if accuracy >= target:
                return elapsed
        return None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def save(self, path: str | os.PathLike) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2))


def load_history(path: str | os.PathLike | None = None) -> History:
    """The training record written next to the model (``assets/history.json`` by default).

    Raises ValueError (naming the file, not its folder) when it is missing or not a JSON object.
    """
    source = Path(path) if path else asset_path(HISTORY_FILE)
    try:
        record = json.loads(source.read_text())
    except FileNotFoundError:
        raise ValueError(f"Training history '{source.name}' not found.") from None
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"Training history '{source.name}' is not readable JSON ({error}).") from None
    if not isinstance(record, dict):
        raise ValueError(f"Training history '{source.name}' is not a JSON object.")
    return History.from_dict(record)
