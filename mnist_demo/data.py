"""MNIST loading: a Keras-layout ``.npz``, a folder of the original IDX ``.gz`` files, or the Keras download.

    python -m mnist_demo train --data mnist.npz     # or MNIST_NPZ=mnist.npz

``load_mnist(path)`` returns ``(x_train, y_train), (x_test, y_test)`` as uint8 arrays,
images (N, 28, 28) with 0 = background and 255 = ink, labels (N,); ``to_model_input`` turns such
images into what the model takes.
"""

from __future__ import annotations

import gzip
import os
import zipfile
from pathlib import Path

import numpy as np

from .config import DATA_ENV_VAR, IMAGE_SIZE, MAX_PIXEL, NUM_CLASSES, TEST_SPLIT_FILE, asset_path

Split = tuple[np.ndarray, np.ndarray]

NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")
IDX_FILES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}
IDX_IMAGE_MAGIC = 2051
IDX_LABEL_MAGIC = 2049


class DataError(ValueError):
    """The MNIST data could not be found or is not in the expected layout."""


def resolve_data_path(path: str | os.PathLike | None) -> Path | None:
    """The explicit path if given, else the ``MNIST_NPZ`` environment variable, else None."""
    if path:
        return Path(path)
    from_env = os.environ.get(DATA_ENV_VAR)
    return Path(from_env) if from_env else None


def load_mnist(path: str | os.PathLike | None = None) -> tuple[Split, Split]:
    """Load MNIST from ``path`` (npz or IDX folder), ``$MNIST_NPZ``, or the Keras download."""
    source = resolve_data_path(path)
    if source is None:
        arrays = _keras_download()
    elif not source.exists():
        raise DataError(f"MNIST data not found at '{source}'. Pass --data PATH or set {DATA_ENV_VAR} "
                        "to a Keras-layout .npz or a folder with the four IDX .gz files.")
    elif source.is_dir():
        arrays = _load_idx_folder(source)
    else:
        arrays = _load_npz(source)
    for key in NPZ_KEYS:
        arrays[key] = validate_array(key, arrays[key], source)
    _check_lengths(arrays, source)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def load_test_split(path: str | os.PathLike | None = None) -> Split:
    """The 10,000 test images and labels, from the shipped ``assets/mnist_test.npz`` by default."""
    source = Path(path) if path else asset_path(TEST_SPLIT_FILE)
    if not source.exists():
        raise DataError(f"Test split not found at '{source}'.")
    try:
        with np.load(source, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in ("x_test", "y_test") if key in npz}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise DataError(f"'{source}' is not a readable .npz file ({error}).") from None
    missing = {"x_test", "y_test"} - set(arrays)
    if missing:
        raise DataError(f"'{source}' lacks the key(s) {sorted(missing)}.")
    x_test = validate_array("x_test", arrays["x_test"], source)
    y_test = validate_array("y_test", arrays["y_test"], source)
    _check_lengths({"x_test": x_test, "y_test": y_test}, source)
    return x_test, y_test


def to_model_input(images: np.ndarray) -> np.ndarray:
    """Images as the model takes them: float32 (N, 28, 28, 1) in [0, 1].

    uint8 images (0..255, MNIST's storage) are scaled by 1/255; float images are taken as already in
    [0, 1]. A missing channel axis is added.
    """
    x = np.asarray(images, dtype=np.float32)
    if np.asarray(images).dtype == np.uint8:
        x = x / MAX_PIXEL
    return x[..., None] if x.ndim == 3 else x


def validate_array(key: str, array: np.ndarray, source: object) -> np.ndarray:
    """Check one array's dtype, shape and label range; return it as uint8."""
    if array.dtype != np.uint8:
        raise DataError(f"'{source}': {key} has dtype {array.dtype}, expected uint8 (0..255).")
    if key.startswith("x"):
        if array.ndim != 3 or array.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
            raise DataError(f"'{source}': {key} has shape {array.shape}, expected (N, {IMAGE_SIZE}, {IMAGE_SIZE}).")
    else:
        if array.ndim != 1:
            raise DataError(f"'{source}': {key} has shape {array.shape}, expected (N,).")
        if array.size and array.max() >= NUM_CLASSES:
            raise DataError(f"'{source}': {key} has labels up to {array.max()}, expected 0..{NUM_CLASSES - 1}.")
    return array


def _check_lengths(arrays: dict[str, np.ndarray], source: object) -> None:
    for split in ("train", "test"):
        x, y = arrays.get(f"x_{split}"), arrays.get(f"y_{split}")
        if x is not None and y is not None and len(x) != len(y):
            raise DataError(f"'{source}': x_{split} has {len(x)} images but y_{split} has {len(y)} labels.")


def _load_npz(source: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(source, allow_pickle=False) as npz:
            present = set(npz.files)
            missing = [key for key in NPZ_KEYS if key not in present]
            if missing:
                raise DataError(f"'{source}' lacks the key(s) {missing}; a Keras-layout MNIST .npz has "
                                f"{list(NPZ_KEYS)} (found {sorted(present)}).")
            return {key: npz[key] for key in NPZ_KEYS}
    except DataError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:  # BadZipFile is no OSError
        raise DataError(f"'{source}' is not a readable .npz file ({error}).") from None


def _load_idx_folder(folder: Path) -> dict[str, np.ndarray]:
    arrays = {}
    for key, name in IDX_FILES.items():
        candidates = [folder / name, folder / name.removesuffix(".gz")]
        found = next((c for c in candidates if c.exists()), None)
        if found is None:
            raise DataError(f"'{folder}' lacks {name}; an IDX folder needs {sorted(IDX_FILES.values())}.")
        arrays[key] = read_idx(found)
    return arrays


def read_idx(path: Path) -> np.ndarray:
    """Read one IDX file (gzipped or not): magic 2051 = images (N, rows, cols), 2049 = labels (N,)."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as stream:
            raw = stream.read()
    except (OSError, EOFError) as error:
        raise DataError(f"'{path}' could not be read as an IDX file ({error}).") from None
    if len(raw) < 8:
        raise DataError(f"'{path}' is too short to be an IDX file.")
    magic = int.from_bytes(raw[0:4], "big")
    count = int.from_bytes(raw[4:8], "big")
    if magic == IDX_IMAGE_MAGIC:
        rows, cols = int.from_bytes(raw[8:12], "big"), int.from_bytes(raw[12:16], "big")
        header, shape = 16, (count, rows, cols)
    elif magic == IDX_LABEL_MAGIC:
        header, shape = 8, (count,)
    else:
        raise DataError(f"'{path}' has IDX magic number {magic}, expected {IDX_IMAGE_MAGIC} or {IDX_LABEL_MAGIC}.")
    data = np.frombuffer(raw, dtype=np.uint8, offset=header)
    if data.size != int(np.prod(shape)):
        raise DataError(f"'{path}' holds {data.size} bytes of data, its header promises {int(np.prod(shape))}.")
    return data.reshape(shape)


def _keras_download() -> dict[str, np.ndarray]:
    try:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as error:  # no network, proxy, certificate ...
        raise DataError(f"Could not download MNIST ({type(error).__name__}). Pass --data PATH or set "
                        f"{DATA_ENV_VAR} to a local Keras-layout mnist.npz or IDX folder.") from None
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def split_validation(x: np.ndarray, y: np.ndarray, validation_size: int, seed: int) -> tuple[Split, Split]:
    """A seeded random hold-out of ``validation_size`` training images (the test set is never touched)."""
    if not 0 < validation_size < len(x):
        raise ValueError(f"validation_size must be between 1 and {len(x) - 1}, got {validation_size}.")
    order = np.random.default_rng(seed).permutation(len(x))
    held_out, kept = order[:validation_size], order[validation_size:]
    return (x[kept], y[kept]), (x[held_out], y[held_out])
