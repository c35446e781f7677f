"""The training-time weight average (EMA): what validation sees, what the model keeps, the warm-up."""

import keras
import numpy as np
import pytest

from mnist_demo.averaging import WeightAverage
from mnist_demo.train import TrainConfig, average_momentum


class Spy(keras.callbacks.Callback):
    """Records the weights validation ran with, and the training weights after each epoch."""

    def __init__(self):
        super().__init__()
        self.validated, self.after_epoch, self.last_step, self.steps = [], [], None, []

    def on_train_begin(self, logs=None):
        self.steps.append(self.model.get_weights())

    def on_test_begin(self, logs=None):
        self.validated.append(self.model.get_weights())

    def on_train_batch_end(self, batch, logs=None):
        self.last_step = self.model.get_weights()
        self.steps.append(self.last_step)

    def on_epoch_end(self, epoch, logs=None):
        self.after_epoch.append(self.model.get_weights())


@pytest.fixture(scope="module")
def averaged_fit():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 8)).astype(np.float32)
    y = (x[:, :3].sum(axis=1) > 0).astype(np.float32)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.BatchNormalization(), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy")
    average, spy = WeightAverage(momentum=0.9), Spy()
    model.fit(x, y, batch_size=32, epochs=3, validation_data=(x[:64], y[:64]), callbacks=[average, spy],
              verbose=0, shuffle=False)
    return model, average, spy


def same(weights_a, weights_b) -> bool:
    return all(np.allclose(a, b, atol=1e-6) for a, b in zip(weights_a, weights_b, strict=True))


def test_validation_sees_the_average_and_training_goes_on_with_its_own_weights(averaged_fit):
    _, _, spy = averaged_fit
    assert len(spy.validated) == 3
    assert not same(spy.validated[-1], spy.after_epoch[-1])  # validation ran on other weights ...
    assert same(spy.after_epoch[-1], spy.last_step)  # ... and the training weights came back after it


def test_the_trained_model_keeps_the_average(averaged_fit):
    model, average, spy = averaged_fit
    assert same(model.get_weights(), spy.validated[-1])  # what was validated last is what is saved
    assert not same(model.get_weights(), spy.last_step)
    assert average.steps == 3 * 8


def test_the_average_lies_between_the_weights_it_averaged(averaged_fit):
    """A moving average is a convex blend of the weights after each step: inside their range, element by
    element, and nearer the late weights than the first ones."""
    model, _, spy = averaged_fit
    for index, averaged in enumerate(model.get_weights()):
        trajectory = np.stack([weights[index] for weights in spy.steps])
        assert (averaged >= trajectory.min(axis=0) - 1e-5).all() and (averaged <= trajectory.max(axis=0) + 1e-5).all()
    distance = [sum(np.abs(a - b).sum() for a, b in zip(model.get_weights(), weights, strict=True))
                for weights in (spy.steps[0], spy.steps[-1])]
    assert distance[1] < distance[0]


def test_warm_up_follows_early_weights_closely():
    average = WeightAverage(momentum=0.999)
    assert average.step_momentum(0) == pytest.approx(0.1)  # the first step: mostly the new weights
    assert average.step_momentum(100) < 0.93
    assert average.step_momentum(100_000) == 0.999
    with pytest.raises(ValueError, match="between 0 and 1"):
        WeightAverage(momentum=1.0)


def test_short_runs_average_over_a_tenth_of_the_run_at_most():
    assert average_momentum(TrainConfig(epochs=30), 30 * 430) == 0.999  # the shipped recipe
    one_epoch = average_momentum(TrainConfig(epochs=1), 430)
    assert 1 / (1 - one_epoch) == pytest.approx(43)  # a window of a tenth of the run, not 1,000 steps
