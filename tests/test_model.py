"""The model contract, a tiny real training run, and the shipped model's accuracy."""

from itertools import pairwise

import numpy as np
import pytest

from mnist_demo.config import HISTORY_FILE, MODEL_FILE
from mnist_demo.data import load_test_split, split_validation
from mnist_demo.evaluate import evaluate, predict_probabilities, score
from mnist_demo.history import TARGET_VALIDATION, load_history
from mnist_demo.model import build_model
from mnist_demo.predict import load_compiled, load_model


def test_untrained_model_contract():
    model = build_model()
    batch = np.random.default_rng(0).random((5, 28, 28, 1), dtype=np.float32)
    probabilities = np.asarray(model(batch, training=False))
    assert probabilities.shape == (5, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert (probabilities >= 0).all()


def test_shipped_model_contract():
    model = load_compiled()
    assert model.model.input_shape == (None, 28, 28, 1)
    assert model.model.output_shape == (None, 10)
    probabilities = model(np.zeros((3, 28, 28, 1), np.float32))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)


def test_shipped_model_accuracy_on_shipped_test_split(test_split_predictions):
    _, labels, probabilities = test_split_predictions  # calibrated: the same ranking as the raw model
    result = score(probabilities, labels)
    assert result["accuracy"] >= 0.995
    assert min(result["per_digit_accuracy"]) >= 0.98
    assert np.asarray(result["confusion_matrix"]).sum() == len(labels)


def test_evaluate_scores_the_model_on_images():
    x_test, y_test = load_test_split()
    result = evaluate(load_compiled(), x_test[:500], y_test[:500])
    assert result["count"] == 500 and result["accuracy"] >= 0.99
    assert 0 < result["loss"] < 0.1
    with pytest.raises(ValueError, match="at least one image"):
        evaluate(load_compiled(), x_test[:0], y_test[:0])


def test_shipped_history_describes_the_shipped_model():
    history = load_history()
    for curve in (history.loss, history.accuracy, history.val_loss, history.val_accuracy, history.seconds_per_epoch):
        assert len(curve) == history.epochs
    assert history.test_accuracy >= 0.995
    assert history.parameters == load_model().count_params()
    assert "train" in history.command
    assert history.seconds_to_target == pytest.approx(history.seconds_to(TARGET_VALIDATION))  # recorded as run


@pytest.fixture(scope="module")
def tiny_training(tmp_path_factory):
    """A real (tiny) training run: 600 images of the shipped test split stand in for MNIST."""
    from mnist_demo.train import TrainConfig, train

    x_test, y_test = load_test_split()
    folder = tmp_path_factory.mktemp("tiny")
    np.savez(folder / "tiny.npz", x_train=x_test[:700], y_train=y_test[:700],
             x_test=x_test[700:900], y_test=y_test[700:900])
    config = TrainConfig(data=str(folder / "tiny.npz"), epochs=2, finish_epochs=1, batch_size=64, validation_size=100,
                         out=str(folder / "out"), verbose=0, command=["mnist_demo", "train"])
    model, _ = train(config)
    return folder / "out", model, x_test[700:900]


def test_tiny_training_saves_reloads_and_predicts_the_same(tiny_training):
    out, model, images = tiny_training
    assert (out / MODEL_FILE).is_file() and (out / HISTORY_FILE).is_file()
    saved = load_history(out / HISTORY_FILE)
    assert saved.epochs == 3 and len(saved.val_accuracy) == 3  # 2 augmented epochs, then 1 of the finish
    assert saved.train_images == 600 and saved.validation_images == 100
    assert 0.0 <= saved.test_accuracy <= 1.0 and len(saved.seconds_per_epoch) == 3
    assert saved.config["epochs"] == 2 and saved.command == "python -m mnist_demo train"
    reloaded = load_compiled(out / MODEL_FILE)
    np.testing.assert_allclose(predict_probabilities(reloaded, images), predict_probabilities(model, images),
                               atol=1e-5)
    # The model learned something in two tiny epochs: better than chance (10 %).
    assert saved.accuracy[-1] > 0.2


def test_a_finish_can_continue_a_trained_model_and_its_history(tiny_training):
    from mnist_demo.train import TrainConfig, train

    out, _, _ = tiny_training
    earlier = load_history(out / HISTORY_FILE)
    config = TrainConfig(data=str(out.parent / "tiny.npz"), epochs=0, finish_epochs=1, batch_size=64,
                         validation_size=100, start_from=str(out / MODEL_FILE), out=str(out.parent / "finished"),
                         verbose=0, command=["mnist_demo", "train", "--epochs", "0"], seed=7)
    model, history = train(config)
    assert history.epochs == earlier.epochs + 1
    assert history.val_accuracy[:-1] == earlier.val_accuracy  # the earlier curves, then the finish's epoch
    assert history.total_seconds > earlier.total_seconds
    assert history.command == "python -m mnist_demo train && python -m mnist_demo train --epochs 0"
    assert history.config["earlier"]["epochs"] == 2 and history.config["start_from"].endswith(MODEL_FILE)
    # The record says how each epoch was made: 2 augmented, the first run's finish, this run's finish.
    assert history.phases() == [(1, 2, "augmented"), (3, 4, "finish")]
    # Another --seed holds out the same validation images (the benchmarks' dev set is drawn from them):
    # the finish's last validation loss is the saved model's loss on the seed-1 hold-out.
    held_out = np.load(out.parent / "tiny.npz")
    _, (x_val, y_val) = split_validation(held_out["x_train"], held_out["y_train"], 100, seed=1)
    probabilities = predict_probabilities(model, x_val)
    loss = -np.mean(np.log(np.clip(probabilities[np.arange(len(y_val)), y_val], 1e-7, 1.0)))
    assert loss == pytest.approx(history.val_loss[-1], rel=1e-3)


def test_the_shipped_history_names_its_phases_and_a_record_that_does_not_add_up_has_none():
    from mnist_demo.history import History

    history = load_history()
    phases = history.phases()
    assert phases[0][0] == 1 and phases[-1][1] == history.epochs
    assert all(later[0] == earlier[1] + 1 for earlier, later in pairwise(phases))  # no gap, no overlap
    assert {"augmented", "finish", "small pictures", "redrawn"} <= {kind for _, _, kind in phases}
    assert History(epochs=5, config={"epochs": 3, "finish_epochs": 1}).phases() == []
    assert History(epochs=4, config={"epochs": "many"}).phases() == []


def test_nothing_to_train_is_refused_before_any_work(tmp_path):
    from mnist_demo.train import TrainConfig, train

    with pytest.raises(ValueError, match="Nothing to train"):
        train(TrainConfig(epochs=0, finish_epochs=0, out=str(tmp_path / "none")))
    assert not (tmp_path / "none").exists()


def test_seconds_to_a_validation_target_count_whole_epochs_until_first_reached():
    from mnist_demo.history import History

    history = History(val_accuracy=[0.99, 0.996, 0.994, 0.997], seconds_per_epoch=[40.0, 50.0, 45.0, 41.0])
    assert history.seconds_to(0.995) == 90.0  # the first epoch at or above the target, not the best one
    assert history.seconds_to(0.999) is None


def test_an_ensemble_is_one_model_whose_logits_are_its_members_mean(tmp_path):
    import keras

    from mnist_demo.model import average_logits
    from mnist_demo.predict import CompiledModel

    keras.utils.set_random_seed(3)
    members = [build_model(), build_model()]  # two different random networks
    ensemble = average_logits(members)
    ensemble.save(tmp_path / "ensemble.keras")
    reloaded = keras.saving.load_model(tmp_path / "ensemble.keras")
    images, _ = load_test_split()
    x = (images[:32, ..., None] / 255.0).astype("float32")

    def logits(model):
        last = model.layers[-1]
        return keras.Model(model.input, last.input)(x).numpy() @ last.kernel.numpy() + last.bias.numpy()

    np.testing.assert_allclose(logits(reloaded), (logits(members[0]) + logits(members[1])) / 2, atol=1e-4)
    assert reloaded.count_params() == sum(m.count_params() for m in members) - 10  # both kernels, one bias
    # The app reads its top logit as it reads one network's (a softmax Dense at the end).
    probabilities, top_logits = CompiledModel(reloaded).scores(x)
    np.testing.assert_allclose(top_logits, logits(reloaded).max(axis=1), atol=1e-4)
    assert probabilities.shape == (32, 10)
    with pytest.raises(ValueError, match="at least two"):
        average_logits(members[:1])


def test_the_ensemble_command_averages_trained_models_and_records_its_members(tiny_training):
    from mnist_demo.cli import main
    from mnist_demo.plots import summary_markdown

    out, model, images = tiny_training
    data, ensemble_folder = str(out.parent / "tiny.npz"), out.parent / "ensemble"
    # A network averaged with itself is itself: same answers, its members' record twice.
    assert main(["ensemble", str(out / MODEL_FILE), str(out / MODEL_FILE), "--data", data,
                 "--out", str(ensemble_folder)]) == 0
    ensemble = load_compiled(ensemble_folder / MODEL_FILE)
    np.testing.assert_allclose(predict_probabilities(ensemble, images), predict_probabilities(model, images),
                               atol=1e-5)
    history, alone = load_history(ensemble_folder / HISTORY_FILE), load_history(out / HISTORY_FILE)
    assert [m["test_accuracy"] for m in history.members] == [alone.test_accuracy] * 2
    assert history.test_accuracy == pytest.approx(alone.test_accuracy)
    assert history.val_accuracy == alone.val_accuracy and history.parameters == ensemble.count_params()
    assert history.command.startswith(alone.command + " && " + alone.command + " && python -m mnist_demo ensemble")
    assert "--data PATH" in history.public_command and history.command.endswith(f"--out {ensemble_folder}")
    assert [(m["epochs"], m["total_seconds"]) for m in history.members] == [(alone.epochs, alone.total_seconds)] * 2
    summary = summary_markdown(history)  # each network's epochs and training time, not the first's alone
    assert "2 networks" in summary and f"| {alone.epochs} + {alone.epochs} |" in summary
    assert main(["ensemble", str(out / MODEL_FILE), "--data", data, "--out", str(out.parent / "one")]) == 2
    assert main(["ensemble", str(out / MODEL_FILE), str(out / MODEL_FILE), "--data", data,
                 "--out", str(ensemble_folder)]) == 2  # refused: it already holds a model
