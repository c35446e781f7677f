"""to_mnist: every kind of input ends up in MNIST geometry, blank inputs raise EmptyImageError."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from mnist_demo import EmptyImageError, predict_image, to_mnist
from mnist_demo.data import load_test_split
from mnist_demo.preprocess import fit_to_mnist
from mnist_demo_dev.strokes import (
    DARK_THEME,
    arc,
    draw_strokes,
    drawn_layer,
    jpeg_roundtrip,
    paper_photo,
    pixel_strokes,
    sketchpad_value,
    thin_pen_photo,
)


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    total = image.sum()
    rows, cols = np.indices(image.shape)
    return float((rows * image).sum() / total), float((cols * image).sum() / total)


def assert_mnist_geometry(image: np.ndarray) -> None:
    """28x28 float32 in [0, 1], digit bright on a dark background, fitted in 20x20, centred by mass."""
    assert image.shape == (28, 28) and image.dtype == np.float32
    assert image.min() >= 0.0 and image.max() == pytest.approx(1.0, abs=1e-5)
    assert image[0].max() < 0.05 and image[-1].max() < 0.05 and image[:, 0].max() < 0.05 and image[:, -1].max() < 0.05
    rows, cols = np.flatnonzero(image.max(axis=1) > 0.1), np.flatnonzero(image.max(axis=0) > 0.1)
    assert 17 <= max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 <= 22  # longest side fitted into the 20 box
    y, x = centre_of_mass(image)
    assert abs(y - 13.5) <= 1.0 and abs(x - 13.5) <= 1.0
    assert 0.05 < image.mean() < 0.35  # a digit, not a blob or a hairline


def agree(a: np.ndarray, b: np.ndarray, tolerance: float = 0.2) -> bool:
    """Two renderings of the same digit overlap: the mean absolute difference is small."""
    return float(np.abs(a - b).mean()) < tolerance


REFERENCE = {digit: to_mnist(sketchpad_value(drawn_layer(digit))) for digit in (0, 1, 4, 7)}


@pytest.mark.parametrize("digit", [0, 1, 4, 7])
def test_canvas_light_theme(digit):
    image = to_mnist(sketchpad_value(drawn_layer(digit)))
    assert_mnist_geometry(image)


@pytest.mark.parametrize("digit", [0, 4, 7])
def test_dark_theme_matches_light_theme(digit):
    dark = to_mnist(sketchpad_value(drawn_layer(digit), background=DARK_THEME))
    assert_mnist_geometry(dark)
    assert agree(dark, REFERENCE[digit], tolerance=0.01)


@pytest.mark.parametrize("digit", [0, 7])
def test_composite_without_layers_matches_layer(digit):
    """Dropping the layers (only the composite picture left) must give the same digit."""
    value = sketchpad_value(drawn_layer(digit))
    from_composite = to_mnist(value["composite"][..., :3])
    assert_mnist_geometry(from_composite)
    assert agree(from_composite, REFERENCE[digit])


@pytest.mark.parametrize("box", [(20, 20, 200, 260), (560, 500, 790, 795), (300, 0, 520, 380)])
def test_position_and_size_do_not_matter(box):
    """Small, off-centre and edge-touching drawings all come out centred and fitted."""
    image = to_mnist(sketchpad_value(drawn_layer(7, box=box)))
    assert_mnist_geometry(image)
    assert agree(image, REFERENCE[7], tolerance=0.12)


@pytest.mark.parametrize("width", [1, 3, 60])
def test_stroke_width_is_normalised(width):
    """1-pixel mouse strokes are thickened and marker strokes thinned towards MNIST's width."""
    image = to_mnist(sketchpad_value(drawn_layer(0, width=width)))
    assert_mnist_geometry(image)
    assert agree(image, REFERENCE[0], tolerance=0.12)
    ink = (image > 0.5).mean()
    assert 0.08 < ink < 0.3


def _bold_ring(side: int) -> np.ndarray:
    """A narrow 0 drawn with a marker: dark ink on white, its stroke about a quarter of its height."""
    picture = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(picture)
    draw.ellipse([0.25 * side, 0.05 * side, 0.75 * side, 0.95 * side], fill=0)
    draw.ellipse([0.44 * side, 0.36 * side, 0.56 * side, 0.64 * side], fill=255)
    return np.asarray(picture)


def test_a_marker_stroke_is_thinned_in_a_picture_but_not_in_a_thumbnail():
    """In a thumbnail a stroke is a pixel or two and looks thick by the pixel grid and the blur:
    thinning it would erase a narrow digit's loops. A big picture's marker stroke is thinned."""
    thumbnail, picture = to_mnist(_bold_ring(48)), to_mnist(_bold_ring(600))
    assert_mnist_geometry(thumbnail)
    assert_mnist_geometry(picture)
    assert (picture > 0.5).sum() < 0.8 * (thumbnail > 0.5).sum()  # thinned towards MNIST's pen
    # The thumbnail keeps the marker's ink: the ring itself, fitted into MNIST's frame as it is.
    ring = fit_to_mnist(1.0 - _bold_ring(600) / 255.0)
    assert abs(int((thumbnail > 0.5).sum()) - int((ring > 0.5).sum())) < 0.15 * (ring > 0.5).sum()


@pytest.mark.parametrize("size", [(120, 120), (1000, 400), (2000, 2000)])
def test_any_canvas_size(size):
    width, height = size
    side = min(size)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    box = (width / 2 - 0.3 * side, height / 2 - 0.4 * side, width / 2 + 0.3 * side, height / 2 + 0.4 * side)
    draw_strokes(ImageDraw.Draw(layer), pixel_strokes(4, box), max(2, side // 30), (0, 0, 0, 255))
    image = to_mnist(sketchpad_value(np.asarray(layer)))
    assert_mnist_geometry(image)
    assert agree(image, REFERENCE[4], tolerance=0.15)


def flat_picture(digit: int, ink, paper, size=400, width=14) -> Image.Image:
    picture = Image.new("RGB", (size, size), paper)
    draw_strokes(ImageDraw.Draw(picture), pixel_strokes(digit, (120, 80, 280, 320)), width, ink)
    return picture


@pytest.mark.parametrize(("ink", "paper"), [
    ((0, 0, 0), (255, 255, 255)),      # black on white
    ((255, 255, 255), (0, 0, 0)),      # white on black
    ((30, 60, 200), (250, 250, 245)),  # blue ballpoint
    ((200, 30, 30), (255, 255, 255)),  # red ink
    ((140, 140, 140), (235, 235, 235)),  # grey pencil
    ((0, 0, 0), (51, 51, 51)),         # black on the dark theme's grey
])
def test_polarity_and_colour_are_read_from_the_picture(ink, paper):
    image = to_mnist(flat_picture(7, ink, paper))
    assert_mnist_geometry(image)
    assert agree(image, REFERENCE[7], tolerance=0.15)


@pytest.mark.parametrize("form", ["pil", "rgb_uint8", "rgba_opaque", "gray_float", "gray_uint16", "path", "bytes"])
def test_input_forms_agree(form, tmp_path):
    picture = flat_picture(4, (0, 0, 0), (255, 255, 255))
    gray = np.asarray(picture.convert("L"))
    inputs = {
        "pil": picture,
        "rgb_uint8": np.asarray(picture),
        "rgba_opaque": np.asarray(picture.convert("RGBA")),
        "gray_float": gray.astype(np.float64) / 255.0,
        "gray_uint16": gray.astype(np.uint16) * 257,
        "path": str(tmp_path / "four.png"),
        "bytes": None,
    }
    picture.save(tmp_path / "four.png")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    inputs["bytes"] = buffer.getvalue()
    reference = to_mnist(picture)
    image = to_mnist(inputs[form])
    assert_mnist_geometry(image)
    np.testing.assert_allclose(image, reference, atol=0.02)


@pytest.mark.parametrize("seed", [0, 1])
def test_photo_with_gradient_noise_and_jpeg(seed):
    image = to_mnist(paper_photo(7, seed=seed))
    assert_mnist_geometry(image)
    assert agree(image, REFERENCE[7], tolerance=0.15)


def test_photo_with_shadow_border_specks_and_ruled_lines():
    rng = np.random.default_rng(7)
    photo = np.asarray(paper_photo(4, size=(1600, 1200), seed=3, gradient=0.6), np.float32).copy()
    photo[:, :90] = 35  # the dark table at the left edge
    photo[1150:, :] = 40  # and at the bottom
    for y in range(100, 1150, 120):  # ruled lines, light blue
        photo[y : y + 3, 90:] = photo[y : y + 3, 90:] * [0.75, 0.82, 1.0]
    for _ in range(25):  # specks of dust
        y, x = rng.integers(100, 1100), rng.integers(150, 1550)
        photo[y : y + 4, x : x + 4] = 60
    yy, xx = np.mgrid[0:1200, 0:1600]
    photo *= (1 - 0.35 * np.exp(-((xx - 1300) ** 2 + (yy - 300) ** 2) / 2e5))[..., None]  # a soft shadow
    picture = jpeg_roundtrip(Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)), quality=70)
    # Dark borders on two sides leave the ink's polarity open: both readings are kept and the model's
    # confidence picks the dark ink (predict_image); to_mnist alone gives the likelier-looking first.
    prediction = predict_image(picture)
    assert prediction.digit == 4 and not prediction.unsure
    assert_mnist_geometry(prediction.image)
    assert agree(prediction.image, REFERENCE[4], tolerance=0.15)


# Digits drawn with a thin pen across most of a small photo: their long straight strokes are as long
# and thin as a ruled line (over 60 % of the picture, under 3 % of it thick).
SEVEN = [[(50, 90), (250, 90), (140, 300)]]
TWO = [arc((150, 130), (80, 70), 190, 380), [(222, 150), (55, 290), (255, 290)]]
ONE = [[(150, 70), (150, 296)]]


@pytest.mark.parametrize(("strokes", "ruled", "digit"), [(SEVEN, (), 7), (TWO, (), 2), (ONE, (), 1), (ONE, (294,), 1),
                                                         (SEVEN, (60, 180, 300), 7), (SEVEN, (90, 210, 330), 7),
                                                         (TWO, (50, 170, 290), 2)])
def test_a_long_straight_stroke_is_the_digits_and_a_ruled_line_is_the_papers(strokes, ruled, digit):
    """A lone straight stroke that ends where the digit's other strokes begin (a 7's bar, a 2's base,
    a tall 1 on a line) is kept; it was removed as a ruled line (the 7 read as a sure 1, the 2 as a
    sure 7, the 1 as an unsure 0). The ruled line the 1 stands on runs past it at both ends and is
    removed, as is a family of them. A pen stroke written along a pale ruled line (the 7's bar on a
    line, the 2's base on one) is much stronger than the line's own ink and is kept with the digit
    (a sure 1 and a sure 7 before)."""
    prediction = predict_image(thin_pen_photo(strokes, ruled=ruled))
    assert (prediction.digit, prediction.unsure) == (digit, False)


def test_line_removal_only_removes_ink_and_never_fails_on_any_mask():
    """Random masks with ruled-line-like bands (some crowding each other, some broken into dashes):
    the line stage takes pixels away and never adds any or fails (two bands a row apart once left
    one of them with nothing of its own, an IndexError)."""
    from mnist_demo.preprocess.lines import remove_lines

    rng = np.random.default_rng(0)
    for _ in range(400):
        height, width = rng.integers(20, 200, 2)
        mask = rng.random((height, width)) < rng.uniform(0, 0.05)
        for _ in range(rng.integers(0, 12)):
            across, along = (height, width) if rng.random() < 0.5 else (width, height)
            at, thick = rng.integers(0, across), rng.integers(1, 4)
            start, stop = rng.integers(0, along // 3), rng.integers(along // 2, along + 1)
            band = rng.random((min(thick, across - at), stop - start)) < rng.uniform(0.4, 1.0)
            if across == height:
                mask[at : at + thick, start:stop] = band
            else:
                mask[start:stop, at : at + thick] = band.T
        kept = remove_lines(mask)
        assert kept.shape == mask.shape and not (kept & ~mask).any()


def test_exif_orientation_is_applied(tmp_path):
    upright = paper_photo(7, size=(900, 900), seed=2)
    rotated = upright.transpose(Image.Transpose.ROTATE_90)  # stored sideways ...
    exif = Image.Exif()
    exif[0x0112] = 6  # ... with the tag that says "rotate 90 degrees clockwise to view"
    rotated.save(tmp_path / "phone.jpg", exif=exif.tobytes(), quality=90)
    image = to_mnist(tmp_path / "phone.jpg")
    assert agree(image, to_mnist(upright), tolerance=0.08)


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_exif_orientation_survives_the_early_downscale(tmp_path, suffix):
    upright = paper_photo(7, size=(2400, 1800), seed=2)  # big enough to be shrunk right after decoding
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / f"phone{suffix}"
    upright.transpose(Image.Transpose.ROTATE_90).save(path, exif=exif.tobytes(), quality=90)
    assert agree(to_mnist(path), to_mnist(upright), tolerance=0.05)
    assert not agree(to_mnist(upright.transpose(Image.Transpose.ROTATE_90)), to_mnist(upright), tolerance=0.05)


def test_big_pictures_are_decoded_a_few_at_a_time(tmp_path, monkeypatch):
    """A picture over BIG_PICTURE_PIXELS costs hundreds of MB while it is decoded: at most
    BIG_DECODES_AT_ONCE of them are in memory together, however many requests arrive."""
    import threading

    from mnist_demo.preprocess import reading as preprocess

    side = int(preprocess.BIG_PICTURE_PIXELS ** 0.5) + 100
    picture = Image.new("L", (side, side), 255)
    ImageDraw.Draw(picture).line([(side // 2, side // 5), (side // 2, 4 * side // 5)], fill=0, width=side // 25)
    picture.save(tmp_path / "big.png")
    state = {"inside": 0, "most": 0, "entered": 0}
    lock = threading.Lock()

    class Counting:
        def __init__(self, limit):
            self.semaphore = threading.BoundedSemaphore(limit)

        def __enter__(self):
            self.semaphore.acquire()
            with lock:
                state["inside"] += 1
                state["entered"] += 1
                state["most"] = max(state["most"], state["inside"])

        def __exit__(self, *exc):
            with lock:
                state["inside"] -= 1
            self.semaphore.release()

    monkeypatch.setattr(preprocess, "_BIG_DECODES", Counting(preprocess.BIG_DECODES_AT_ONCE))
    results = [None] * 6
    threads = [threading.Thread(target=lambda n=n: results.__setitem__(n, to_mnist(tmp_path / "big.png")))
               for n in range(len(results))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert state["entered"] == len(results)  # every decode went through the limit ...
    assert state["most"] <= preprocess.BIG_DECODES_AT_ONCE  # ... which held
    assert all(agree(result, results[0], tolerance=1e-6) for result in results)
    assert_mnist_geometry(results[0])


def test_huge_photo_is_read_right(tmp_path):
    """(How fast: benchmarks/big_pictures.py and benchmarks/latency.py.)"""
    photo = paper_photo(1, size=(6000, 4000), seed=4, width=60)
    photo.save(tmp_path / "big.jpg", quality=85)
    image = to_mnist(tmp_path / "big.jpg")
    assert_mnist_geometry(image)
    assert agree(image, to_mnist(paper_photo(1, seed=4)), tolerance=0.1)


def test_mnist_image_round_trips_unchanged():
    x_test, _ = load_test_split()
    for image in x_test[:50]:
        np.testing.assert_allclose(to_mnist(image), image / image.max(), atol=1e-6)


@pytest.mark.parametrize("blank", [
    pytest.param(np.zeros((800, 800, 4), np.uint8), id="transparent canvas"),
    pytest.param(np.full((300, 300, 3), 255, np.uint8), id="all white"),
    pytest.param(np.zeros((300, 300), np.uint8), id="all black"),
    pytest.param(np.full((64, 64, 3), 127, np.uint8), id="uniform grey"),
    pytest.param(np.random.default_rng(0).integers(0, 256, (400, 400, 3)).astype(np.uint8), id="noise"),
    pytest.param(np.zeros((1, 1, 3), np.uint8), id="1x1"),
    pytest.param(None, id="None"),
])
def test_blank_inputs_raise_empty_image_error(blank):
    with pytest.raises(EmptyImageError):
        to_mnist(blank)


def test_empty_sketchpad_in_both_themes():
    empty = np.zeros((800, 800, 4), np.uint8)
    for background in ((255, 255, 255, 255), DARK_THEME):
        with pytest.raises(EmptyImageError, match=r"[Dd]raw"):
            to_mnist(sketchpad_value(empty, background))


def test_a_photo_uploaded_into_the_editor_is_read_from_its_background():
    """An ImageEditor value with a photo as its background and nothing drawn on it: the digit is read
    from the background picture, as the same picture uploaded alone."""
    photo = Image.new("RGB", (300, 300), (225, 220, 210))
    ImageDraw.Draw(photo).line([(150, 60), (150, 240)], fill=(40, 40, 60), width=14)
    value = {"background": np.asarray(photo.convert("RGBA")), "layers": [np.zeros((300, 300, 4), np.uint8)],
             "composite": np.asarray(photo.convert("RGBA"))}
    assert np.array_equal(to_mnist(value), to_mnist(photo))
    assert predict_image(value).digit == 1


def test_a_dot_is_not_a_digit():
    layer = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    ImageDraw.Draw(layer).ellipse([390, 390, 415, 415], fill=(0, 0, 0, 255))
    with pytest.raises(EmptyImageError):
        to_mnist(sketchpad_value(np.asarray(layer)))



def test_a_paper_edge_on_a_table_is_no_ink():
    """A step in the light (the paper's edge on a darker table) stays paper light, not a thin line of ink."""
    from scipy import ndimage

    from mnist_demo.preprocess.paper import PAPER_WINDOW, contrast, paper_level

    values = np.full((300, 384), 0.9, np.float32)
    values[:, :100] = 0.3
    values = ndimage.gaussian_filter(values, 0.7)
    window = round(PAPER_WINDOW * values.shape[1])
    assert contrast(values, paper_level(values, True, window), True).max() < 0.05


@pytest.mark.parametrize("degrees", [0, 3, 8, 20, 45])
def test_a_tilted_step_in_the_light_is_no_valley_but_a_stroke_is(degrees):
    """The paper's edge on a table, at any tilt, is no ink for the valley reading; a stroke on the
    paper beside it keeps its full contrast."""
    from scipy import ndimage

    from mnist_demo.preprocess.paper import contrast, valley_paper

    rows, cols = np.mgrid[:300, :384]
    values = np.where(cols > 100 + np.tan(np.radians(degrees)) * (rows - 150), 0.9, 0.3).astype(np.float32)
    values = ndimage.gaussian_filter(values, 0.7)
    values[140:150, 200:300] *= 0.3  # a stroke on the paper
    ink = contrast(values, valley_paper(values, True), True)
    assert ink[140:150, 200:300].min() > 0.6
    ink[140:150, 200:300] = 0
    assert ink.max() < 0.02


@pytest.mark.parametrize(("small_side", "side"), [(8, 32), (8, 400), (16, 212), (28, 280), (64, 333), (20, 47)])
def test_an_enlargement_by_repeated_pixels_is_undone_exactly(small_side, side):
    """Any picture enlarged by nearest neighbour (whole or fractional scales, runs of identical rows and
    columns included) comes back as the picture it was made from, pixel for pixel."""
    from mnist_demo.preprocess.reading import undo_enlargement

    rng = np.random.default_rng(small_side * side)
    small = rng.integers(0, 256, (small_side, small_side), dtype=np.uint8)
    small[: small_side // 3] = small[0]  # identical neighbouring rows and columns make longer runs
    small[:, small_side // 2: small_side // 2 + 2] = small[:, small_side // 2: small_side // 2 + 1]
    big = np.asarray(Image.fromarray(small).resize((side, side), Image.NEAREST))
    assert np.array_equal(undo_enlargement(big), small)


def test_pictures_not_enlarged_by_repeated_pixels_stay_as_they_are():
    from mnist_demo.preprocess.reading import undo_enlargement

    rng = np.random.default_rng(0)
    photo = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)
    smooth = Image.fromarray(rng.integers(0, 256, (20, 20), dtype=np.uint8)).resize((200, 200), Image.BILINEAR)
    smooth = np.asarray(smooth)
    drawn = Image.new("L", (300, 300), 255)
    ImageDraw.Draw(drawn).ellipse((60, 40, 240, 260), outline=0, width=14)  # hard-edged, not anti-aliased
    drawn = np.asarray(drawn)
    stretched = np.repeat(np.repeat(rng.integers(0, 256, (20, 20), dtype=np.uint8), 3, axis=0), 9, axis=1)
    for picture in (photo, smooth, drawn, stretched):  # the last: rows 3 times, columns 9 times
        assert undo_enlargement(picture) is picture
