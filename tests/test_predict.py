"""top_k and load_model: sorted pairs, the shipped model on drawings, thread safety, model-file errors."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import mnist_demo
from mnist_demo.data import load_test_split
from mnist_demo.predict import CompiledModel, ModelFileError, load_compiled, load_model
from mnist_demo_dev.strokes import DARK_THEME, drawn_layer, paper_photo, sketchpad_value


@pytest.mark.parametrize("k", [1, 3, 10])
def test_top_k_returns_k_sorted_pairs(k):
    ranked = mnist_demo.top_k(sketchpad_value(drawn_layer(7)), k=k)
    assert len(ranked) == k
    digits = [digit for digit, _ in ranked]
    probabilities = [probability for _, probability in ranked]
    assert len(set(digits)) == k and all(0 <= digit <= 9 for digit in digits)
    assert probabilities == sorted(probabilities, reverse=True)
    assert sum(probabilities) <= 1.0 + 1e-5
    assert all(isinstance(digit, int) and isinstance(p, float) for digit, p in ranked)


@pytest.mark.parametrize("k", [0, 11])
def test_top_k_rejects_bad_k(k):
    with pytest.raises(ValueError, match="k must be"):
        mnist_demo.top_k(sketchpad_value(drawn_layer(7)), k=k)


@pytest.mark.parametrize("digit", range(10))
def test_drawn_digits_are_read_in_both_themes(digit):
    for background in ((255, 255, 255, 255), DARK_THEME):
        (best, _), *_ = mnist_demo.top_k(sketchpad_value(drawn_layer(digit), background))
        assert best == digit


@pytest.mark.parametrize("digit", [0, 1, 3, 4, 7])
def test_photos_are_read(digit):
    (best, _), *_ = mnist_demo.top_k(paper_photo(digit, seed=digit))
    assert best == digit


def test_mnist_input_predicts_like_the_raw_model():
    x_test, _ = load_test_split()
    model = load_compiled()
    raw = model(x_test[:64, ..., None].astype(np.float32) / 255.0).argmax(axis=1)
    through_api = [mnist_demo.top_k(image, k=1)[0][0] for image in x_test[:64]]
    np.testing.assert_array_equal(raw, through_api)


def test_blank_canvas_never_gets_a_guess():
    with pytest.raises(mnist_demo.EmptyImageError):
        mnist_demo.top_k(sketchpad_value(np.zeros((800, 800, 4), np.uint8)))


def test_concurrent_calls_agree_with_sequential_calls():
    inputs = [sketchpad_value(drawn_layer(digit % 10, width=10 + 3 * digit)) for digit in range(16)]
    sequential = [mnist_demo.top_k(value) for value in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda v: mnist_demo.top_k(v), inputs * 3))
    for got, expected in zip(concurrent, sequential * 3):
        assert [d for d, _ in got] == [d for d, _ in expected]
        np.testing.assert_allclose([p for _, p in got], [p for _, p in expected], rtol=1e-4, atol=1e-6)


def test_model_is_loaded_once_and_shared():
    assert load_model() is load_model()
    with ThreadPoolExecutor(max_workers=4) as pool:
        models = list(pool.map(lambda _: load_model(), range(8)))
    assert all(model is models[0] for model in models)


def test_missing_model_file_names_file_and_command(tmp_path):
    with pytest.raises(ModelFileError) as error:
        load_model(tmp_path / "absent.keras")
    assert "absent.keras" in str(error.value) and "python -m mnist_demo train" in str(error.value)


def test_corrupt_model_file(tmp_path):
    (tmp_path / "corrupt.keras").write_bytes(b"PK\x03\x04 this is not a keras archive")
    with pytest.raises(ModelFileError, match=r"corrupt\.keras"):
        load_model(tmp_path / "corrupt.keras")


def test_wrong_shape_model_file(tmp_path):
    import keras

    model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(5)])
    model.save(tmp_path / "wrong.keras")
    with pytest.raises(ModelFileError, match="expected"):
        load_model(tmp_path / "wrong.keras")


def test_unsafe_lambda_model_is_refused(tmp_path):
    import keras

    inputs = keras.Input((28, 28, 1))
    outputs = keras.layers.Dense(10, activation="softmax")(
        keras.layers.Flatten()(keras.layers.Lambda(lambda x: x * 2)(inputs)))
    keras.Model(inputs, outputs).save(tmp_path / "lambda.keras")
    with pytest.raises(ModelFileError, match=r"lambda\.keras"):
        load_model(tmp_path / "lambda.keras")


def test_predict_image_gives_the_verdict():
    """One result type for the API: digit, probabilities, unsure and why (issue 14, point 3)."""
    from PIL import Image, ImageDraw

    from mnist_demo_dev.not_digits import SCRIBBLE_STROKES

    sure = mnist_demo.predict_image(paper_photo(7, seed=11))
    assert isinstance(sure, mnist_demo.Prediction)
    assert sure.digit == 7 and not sure.unsure and sure.why is None
    assert sure.top(3) == mnist_demo.top_k(paper_photo(7, seed=11), k=3)
    assert sure.probability == pytest.approx(float(sure.probabilities.max()))
    paper = Image.new("RGB", (600, 600), (255, 255, 255))
    star_line = [(600 * x, 600 * y) for x, y in SCRIBBLE_STROKES["star"][0]]
    ImageDraw.Draw(paper).line(star_line, fill=(20, 20, 20), width=24)
    scribble = mnist_demo.predict_image(paper)
    assert scribble.unsure and scribble.why in {"ambiguous", "unlike_a_digit"}


def test_load_model_is_the_keras_model():
    """``load_model()`` is the keras.Model itself (issue 14, point 2); load_compiled() the fast compiled pass."""
    import keras

    model = load_model()
    assert isinstance(model, keras.Model) and callable(model.predict)
    assert model is load_model() and model is load_compiled().model
    assert isinstance(load_compiled(), CompiledModel)
    assert model.predict(np.zeros((2, 28, 28, 1), np.float32), verbose=0).shape == (2, 10)
    drawing = sketchpad_value(drawn_layer(7))
    assert mnist_demo.top_k(drawing, model=model) == mnist_demo.top_k(drawing)  # its compiled pass and calibration



def test_calibration_belongs_to_its_model(tmp_path, capsys):
    """calibration.json records the model's SHA-256; another model's is ignored (issue 14, point 1)."""
    import json
    import shutil

    from mnist_demo.config import REPO_DIR
    from mnist_demo.predict import file_sha256

    shipped = json.loads((REPO_DIR / "assets" / "calibration.json").read_text())
    assert shipped["model_sha256"] == file_sha256(REPO_DIR / "assets" / "model.keras")
    for name, fitted_on in (("same", shipped["model_sha256"]), ("other", "0" * 64)):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(REPO_DIR / "assets" / "model.keras", folder / "model.keras")
        (folder / "calibration.json").write_text(json.dumps({**shipped, "model_sha256": fitted_on}))
        calibration = load_compiled(folder / "model.keras").calibration
        if name == "same":
            assert calibration.temperature == pytest.approx(shipped["temperature"])
        else:
            assert calibration.temperature == 1.0 and np.isneginf(calibration.min_top_logit).all()
            assert "fitted on another model" in capsys.readouterr().err
