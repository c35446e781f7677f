"""Data loading: npz, IDX folder, the shipped test split, bad files, offline without a path."""

import gzip

import numpy as np
import pytest

from mnist_demo.config import DATA_ENV_VAR
from mnist_demo.data import DataError, load_mnist, load_test_split, split_validation


def tiny_mnist(count: int = 12, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {"x_train": rng.integers(0, 256, (count, 28, 28), dtype=np.uint8),
            "y_train": rng.integers(0, 10, count).astype(np.uint8),
            "x_test": rng.integers(0, 256, (count // 2, 28, 28), dtype=np.uint8),
            "y_test": rng.integers(0, 10, count // 2).astype(np.uint8)}


def write_idx(path, array: np.ndarray) -> None:
    magic = 2051 if array.ndim == 3 else 2049
    header = magic.to_bytes(4, "big") + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    with gzip.open(path, "wb") as stream:
        stream.write(header + array.tobytes())


def test_npz_round_trip(tmp_path):
    arrays = tiny_mnist()
    np.savez(tmp_path / "m.npz", **arrays)
    (x_train, _), (x_test, y_test) = load_mnist(tmp_path / "m.npz")
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert x_train.dtype == np.uint8 and x_test.shape[1:] == (28, 28)


def test_environment_variable_is_used(tmp_path, monkeypatch):
    arrays = tiny_mnist(seed=3)
    np.savez(tmp_path / "env.npz", **arrays)
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path / "env.npz"))
    (_, y_train), _ = load_mnist()
    np.testing.assert_array_equal(y_train, arrays["y_train"])


def test_idx_folder_matches_npz(tmp_path):
    arrays = tiny_mnist(seed=1)
    names = {"x_train": "train-images-idx3-ubyte.gz", "y_train": "train-labels-idx1-ubyte.gz",
             "x_test": "t10k-images-idx3-ubyte.gz", "y_test": "t10k-labels-idx1-ubyte.gz"}
    for key, name in names.items():
        write_idx(tmp_path / name, arrays[key])
    (x_train, y_train), (x_test, y_test) = load_mnist(tmp_path)
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_train, arrays["y_train"])
    np.testing.assert_array_equal(x_test, arrays["x_test"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])


def test_idx_folder_missing_file_is_named(tmp_path):
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", tiny_mnist()["x_train"])
    with pytest.raises(DataError, match=r"train-labels-idx1-ubyte\.gz"):
        load_mnist(tmp_path)


@pytest.mark.parametrize(("change", "message"), [
    (lambda a: a.pop("y_test"), "y_test"),
    (lambda a: a.update(x_train=a["x_train"].astype(np.float32)), "dtype float32"),
    (lambda a: a.update(x_train=a["x_train"][:, :20]), "shape"),
    (lambda a: a.update(y_train=(a["y_train"] + 10).astype(np.uint8)), "labels up to"),
    (lambda a: a.update(y_train=a["y_train"][:-1]), "labels"),
])
def test_bad_npz_says_what_is_wrong(tmp_path, change, message):
    arrays = tiny_mnist()
    change(arrays)
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(DataError, match=message):
        load_mnist(tmp_path / "bad.npz")


def test_not_an_npz(tmp_path):
    (tmp_path / "junk.npz").write_bytes(b"definitely not a zip file")
    with pytest.raises(DataError, match=r"not a readable \.npz"):
        load_mnist(tmp_path / "junk.npz")


def test_missing_path_names_the_option(tmp_path):
    with pytest.raises(DataError, match="--data"):
        load_mnist(tmp_path / "nowhere.npz")


def test_offline_without_a_path_names_option_and_variable(monkeypatch):
    monkeypatch.delenv(DATA_ENV_VAR, raising=False)
    import keras

    def no_network(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", no_network)
    with pytest.raises(DataError) as error:
        load_mnist()
    assert "--data" in str(error.value) and DATA_ENV_VAR in str(error.value)
    assert "\n" not in str(error.value)


def test_shipped_test_split():
    x_test, y_test = load_test_split()
    assert x_test.shape == (10000, 28, 28) and x_test.dtype == np.uint8
    assert np.bincount(y_test, minlength=10).min() > 800  # every digit is there
    assert abs(x_test.mean() / 255 - 0.1325) < 0.002  # the real MNIST test split


def test_validation_split_is_disjoint_and_seeded():
    x = np.arange(100, dtype=np.uint8).reshape(100, 1, 1).repeat(28, 1).repeat(28, 2)
    y = np.arange(100) % 10
    (x_fit, _), (x_val, _) = split_validation(x, y, 20, seed=5)
    assert len(x_val) == 20 and len(x_fit) == 80
    assert not set(x_fit[:, 0, 0]) & set(x_val[:, 0, 0])
    (_, _), (x_val_again, _) = split_validation(x, y, 20, seed=5)
    np.testing.assert_array_equal(x_val, x_val_again)
