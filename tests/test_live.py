"""Train it yourself: the live training loop (mnist_demo.live) and its Training-tab handlers
(mnist_demo.ui.live_training), offline on the shipped subset, with tiny settings."""

from __future__ import annotations

import threading
import types

import numpy as np
import pytest

from mnist_demo import live
from mnist_demo.config import ASSETS_DIR, asset_path
from mnist_demo.data import DataError

TINY = live.LiveConfig(architecture="keras_example", epochs=1, images=300, report_every=3)


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """No MNIST_NPZ and no download: the shipped subset, as on a fresh offline machine."""
    monkeypatch.delenv("MNIST_NPZ", raising=False)

    def no_download(path=None):
        if path is None:
            raise DataError("offline")
        raise AssertionError("no data path is given in these tests")

    monkeypatch.setattr(live, "load_mnist", no_download)
    monkeypatch.setattr(live, "_DATA", {})


def test_shipped_subset_is_small_and_never_the_full_training_set():
    path = asset_path(live.SUBSET_FILE)
    assert path.stat().st_size < 3_000_000
    images, labels = live.load_subset()
    assert images.dtype == np.uint8 and images.shape[1:] == (28, 28) and 1_000 <= len(images) <= 5_000
    assert set(np.unique(labels)) == set(range(10))


def test_train_live_reports_as_it_learns_and_ends_with_a_model():
    reports = list(live.train_live(TINY))
    *running, last = reports
    assert len(running) >= 3 and not any(r.done for r in running)
    assert [r.images_seen for r in running] == sorted(r.images_seen for r in running)
    assert last.done and last.stopped is None and last.source == "subset" and last.model is not None
    assert last.images_seen == last.total_images == 300
    assert 0.0 <= last.val_accuracy <= 1.0 and np.isfinite(last.loss) and np.isfinite(last.val_loss)
    top = live.top3(last.model, np.zeros((28, 28), np.float32))
    assert len(top) == 3 and abs(sum(p for _, p in top)) <= 1.0 + 1e-6
    import mnist_demo
    from mnist_demo.config import asset_path as shipped

    assert len(mnist_demo.top_k(shipped("examples") / "photo_7.jpg", k=3, model=last.model)) == 3  # the notebook's


def test_stop_and_the_time_cap_end_it_early():
    stop = threading.Event()
    stop.set()
    last = list(live.train_live(live.LiveConfig(epochs=3, images=1000), stop))[-1]
    assert last.done and last.stopped == "stop" and last.images_seen < last.total_images
    last = list(live.train_live(live.LiveConfig(epochs=3, images=1000, max_seconds=0.0)))[-1]
    assert last.stopped == "time" and last.images_seen < last.total_images


def test_caps_on_images_and_epochs():
    generator = live.train_live(live.LiveConfig(architecture="deeper", epochs=99, images=10**6, report_every=10**6))
    first = next(generator)
    generator.close()
    subset = len(live.load_subset()[1])
    assert first.total_images <= live.MAX_EPOCHS * min(live.MAX_IMAGES, subset)
    with pytest.raises(ValueError, match="Unknown architecture"):
        live.build("resnet")


def test_queue_places_and_stop():
    from mnist_demo.ui.live_training import TrainingDesk

    desk = TrainingDesk()
    assert desk.place("a") == 0
    stop = desk.start("a")
    assert desk.place("a") == 0  # pressing Train again while one's own training runs: no queue place
    assert desk.place("b") == 1 and desk.place("c") == 2 and desk.place("b") == 1
    assert not desk.stop("b") and desk.place("c") == 1  # b left the queue
    assert desk.stop("a") and stop.is_set()
    desk.finish(stop)
    assert desk.place("d") == 0


def test_train_handler_streams_and_keeps_the_model_only_in_the_session():
    from mnist_demo.ui import live_training

    before = sorted((p.name, p.stat().st_mtime) for p in ASSETS_DIR.iterdir())
    request = types.SimpleNamespace(headers={"accept-language": "es-ES"}, session_hash="visitor")
    updates = list(live_training.train("keras_example", 1, 500, request))
    status, progress, curves, _, trained = updates[-1]
    assert status.startswith("**Listo**") and "subconjunto" in status
    assert 'value="1.000"' in progress and curves.axes[0].get_title() == "Exactitud"
    assert isinstance(trained, live.TrainedModel) and 0 < trained.val_accuracy <= 1
    assert any("Entrenando" in update[0] for update in updates[1:-1])
    assert sorted((p.name, p.stat().st_mtime) for p in ASSETS_DIR.iterdir()) == before  # nothing written
    assert live_training.DESK.running is None

    from mnist_demo.ui.strokes import strokes_json
    from mnist_demo_dev.strokes import DIGIT_STROKES

    event = types.SimpleNamespace(_data={"drawing": strokes_json(DIGIT_STROKES[7])})
    table = live_training.compare(trained, event, request)
    assert table["visible"] and "Tu modelo" in table["value"] and "Modelo incluido" in table["value"]
    assert table["value"].count("\n") == 3
