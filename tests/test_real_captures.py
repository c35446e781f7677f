"""Preprocessing on real handwriting captured in ways the old pipeline failed on (issue 11).

Real MNIST digits (the shipped test split's first images of each class; the dev set that tuned the
preprocessing is the validation split, so these are unseen) pushed through the capture simulations
of ``mnist_demo_dev.captures``: a 16 x 16 thumbnail, a crop touching all four edges, a bold digit
filling a photo under uneven light, and blank paper with a hard cast shadow, which must never
get a confident digit. ``python benchmarks/robustness.py`` measures every category at scale.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

from mnist_demo import EmptyImageError
from mnist_demo.data import load_test_split
from mnist_demo.predict import predict_image
from mnist_demo.preprocess import to_mnist
from mnist_demo_dev import captures

PER_CATEGORY = 20  # two real digits of each class


@pytest.fixture(scope="module")
def real_digits() -> list[tuple[np.ndarray, int]]:
    images, labels = load_test_split()
    picked = [index for digit in range(10) for index in np.flatnonzero(labels == digit)[:2]]
    return [(images[index], int(labels[index])) for index in picked]


def right_answers(category: str, digits) -> int:
    right = 0
    for index, (image, label) in enumerate(digits):
        with contextlib.suppress(EmptyImageError):  # no answer is a wrong answer
            right += predict_image(captures.make(category, image, seed=11, index=index)).digit == label
    return right


@pytest.mark.parametrize(("category", "at_least"), [("lowres_16", 18), ("tight_4edges", 18),
                                                   ("photo_thick_large", 18), ("photo_shadow_hard", 18),
                                                   ("canvas_mouse_1px", 19), ("stretched_square", 17),
                                                   ("photo_thumb", 18), ("photo_glare", 17)])
def test_real_digits_are_read_through_each_capture(real_digits, category, at_least):
    assert right_answers(category, real_digits) >= at_least


@pytest.mark.parametrize(("category", "index"), [("lowres_16", 192), ("lowres_16", 200), ("lowres_16", 242),
                                               ("stretched_square", 51), ("stretched_square", 259)])
def test_a_digit_filling_a_thumbnail_gets_a_sure_answer(category, index):
    """The ink of a digit stretched to fill a tiny square covers much of its edge, as a table's would:
    the classic two-tone reading is the second reading, and the model is sure of it (the edge rules'
    reading of these lost strokes: "not sure", or a wrong digit)."""
    images, labels = load_test_split()
    prediction = predict_image(captures.make(category, images[index], seed=11, index=index))
    assert (prediction.digit, prediction.unsure) == (labels[index], False)


@pytest.mark.parametrize("index", [55, 109])
def test_of_two_sure_readings_the_more_digit_like_wins(index):
    """A bold digit filling a photo under uneven light has two readings; the first lost strokes at the
    edge and reads as a sure 1. The other, whole, looks more like a digit (a higher top logit)."""
    images, labels = load_test_split()
    prediction = predict_image(captures.make("photo_thick_large", images[index], seed=11, index=index))
    assert (prediction.digit, prediction.unsure) == (labels[index], False)


def test_digits_filling_16_pixel_thumbnails_are_read():
    """600 thumbnails of 300 test-split digits, kept in shape or stretched to fill the square: a stroke
    along a whole side is the digit's, not a table's, and when the model is sure of no reading the most
    digit-like one answers (the edge rules' reading lost such strokes: 581 of 600 right)."""
    images, labels = load_test_split()
    right = 0
    for index in range(300):
        rng = np.random.default_rng(index)
        for stretch in (False, True):
            picture = captures.small_picture(images[index], rng, 16, stretch=stretch)
            with contextlib.suppress(EmptyImageError):
                right += predict_image(picture).digit == labels[index]
    assert right >= 591  # 98.5 %; the classic pipeline through the same model: 594


def test_a_thin_1_cropped_to_its_own_box_is_read():
    """A 1 cut out along its ink's box (dark on light, enlarged twice: 40 x 8 pixels for test image 279)
    is nearly all edges: the paper estimate found no paper to measure its noise on and answered "looks
    like noise". A thumbnail that gives no reading that way is read the classic way."""
    from PIL import Image

    images, labels = load_test_split()
    answers = []
    for index in np.flatnonzero(labels == 1)[:60]:
        digit = images[index]
        rows, cols = np.flatnonzero(digit.max(axis=1) > 40), np.flatnonzero(digit.max(axis=0) > 40)
        crop = 255 - digit[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
        picture = np.asarray(Image.fromarray(crop).resize((2 * crop.shape[1], 2 * crop.shape[0]), Image.BILINEAR))
        answers.append(predict_image(picture).digit)  # no EmptyImageError
    assert answers.count(1) == len(answers)


def test_an_8_pixel_digit_keeps_its_faint_blocks():
    """The UCI optdigits collection keeps each digit as 8 x 8 counts of a 32 x 32 bitmap's ink in 4 x 4
    blocks, so a 3's arms are a few light grey blocks. Its paper has no grain: rendered, evenly lit, and
    read the classic way. The paper estimate, over squares a few of its pixels wide, lost those blocks
    and the fragment left read as a sure 1: 188 of these 200 right before, the classic pipeline 189."""
    images, labels = load_test_split()
    right = 0
    for index in range(200):
        picture = captures.make("lowres_8_counts", images[index], seed=4, index=index)
        assert np.asarray(picture).shape == (8, 8)
        with contextlib.suppress(EmptyImageError):
            right += predict_image(picture).digit == labels[index]
    assert right >= 192


@pytest.mark.parametrize("side", [32, 400])
def test_an_8_pixel_digit_enlarged_by_repeated_pixels_is_one_digit(side):
    """An 8 x 8 digit saved big with its pixels repeated (as a plot of a dataset shows it): the number
    reader took the enlargement's staircase edges for touching digits (a 9 shown as the number "41"),
    and 41 and 44 of these 100 (32 and 400 px) were not one digit; the enlargement is now undone first."""
    from PIL import Image

    from mnist_demo.number import read_number

    images, _ = load_test_split()
    one_digit = 0
    for index in range(100):
        small = captures.make("lowres_8_counts", images[index], seed=4, index=index)
        picture = np.asarray(Image.fromarray(small).resize((side, side), Image.NEAREST))
        with contextlib.suppress(EmptyImageError):
            one_digit += len(read_number(picture, prediction=predict_image(picture)).text) == 1
    assert one_digit >= 90


def test_a_16_pixel_digit_is_read_not_refused(real_digits):
    for index, (image, _) in enumerate(real_digits):
        small = captures.make("lowres_16", image, seed=3, index=index)
        assert np.asarray(small).shape[:2] == (16, 16)
        assert to_mnist(small).shape == (28, 28)  # never EmptyImageError


@pytest.mark.parametrize(("category", "at_most"), [("blank_shadow_hard", 4), ("blank_shadow_soft", 2),
                                                   ("blank_paper", 2), ("blank_gradient", 2), ("blank_table", 2),
                                                   ("blank_thumb", 0), ("blank_glare", 1)])
def test_blank_paper_gets_no_confident_digit(category, at_most):
    confident = 0
    for index in range(20):
        with contextlib.suppress(EmptyImageError):  # "no digit": the best answer
            confident += not predict_image(captures.make(category, None, seed=5, index=index)).unsure
    assert confident <= at_most


@pytest.mark.parametrize("index", [12, 29, 115, 168, 191, 229])
def test_blank_grid_paper_leaves_no_mark_read_as_a_digit(index):
    """Grid paper whose faint lines break into dashes: a line too broken to be found as long stays
    behind as a "1" unless the family's even spacing says a line belongs there, and where two of the
    paper's lines cross, the crossing is no stroke passing through (it stayed as a "+", a sure 4)."""
    with contextlib.suppress(EmptyImageError):  # "no digit": the best answer
        assert predict_image(captures.make("blank_grid", None, seed=3, index=index)).unsure


def test_a_lit_wedge_beside_a_soft_shadow_is_no_light_stroke():
    """Blank paper beside a soft-edged shadow: the photo's vignette makes the lit part a ridge of light
    across the whole picture, which a light-ink reading took for a stroke (a sure 1 in 4 of these 200
    photos). Light ink must be a ridge within one paper window."""
    confident = 0
    for seed in (6, 7):
        for index in range(100):
            with contextlib.suppress(EmptyImageError):
                confident += not predict_image(captures.make("blank_shadow_soft", None, seed=seed, index=index)).unsure
    assert confident <= 1


def _sheet_between_tables(seed: int):
    """A photo of a blank sheet with a strip of dark, textured table on its left and on its right."""
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    side = 300
    rows, cols = np.mgrid[0:side, 0:side]
    tilt = rng.uniform(-0.08, 0.08) * (rows - side / 2)
    left, right = 55 + rng.uniform(-15, 15) + tilt, 245 + rng.uniform(-15, 15) + tilt
    picture = np.full((side, side, 3), (228, 224, 215), np.float32)
    picture[(cols < left) | (cols > right)] = (70, 52, 40)
    picture += rng.normal(0, 3, picture.shape)
    return Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))


def test_a_blank_sheet_between_two_strips_of_table_gets_no_confident_digit():
    """Measured as a share of the paper's light, a dark table's grain is as strong as a stroke on white
    paper: it read as a sure 1 in 6 of these 12 pictures. Ink must depart from its paper by several
    noise deviations in the picture's own values."""
    confident = 0
    for seed in range(12):
        with contextlib.suppress(EmptyImageError):
            confident += not predict_image(_sheet_between_tables(seed)).unsure
    assert confident <= 1


def test_a_two_tone_picture_and_its_negative_give_one_and_the_same_ink(real_digits):
    """White on black or black on white, a clean two-tone picture (a thumbnail, a binarised crop) has its
    paper along the edge: one reading, the same ink both ways, even for a bold digit filling the frame."""
    from PIL import Image

    from mnist_demo.preprocess import ink_readings

    for image, label in real_digits:
        bold = np.asarray(Image.fromarray(image).resize((48, 48), Image.NEAREST)) > 60  # bold, binarised
        readings = [ink_readings(picture.astype(np.float32)[..., None]) for picture in (bold, ~bold)]
        assert [len(both_ways) for both_ways in readings] == [1, 1], label
        assert np.abs(readings[0][0][0] - readings[1][0][0]).mean() < 0.02, label
        assert predict_image(bold.astype(np.float32)[..., None]).digit == label


def test_a_one_cropped_to_its_ink_is_read_not_refused_as_a_line():
    """A 1 cut out of a scan along its ink is a few pixels wide (5 x 20 here): a digit, not a line."""
    x_test, y_test = load_test_split()
    crops = []
    for image in x_test[y_test == 1][:200]:
        rows, cols = np.flatnonzero(image.max(axis=1) > 0), np.flatnonzero(image.max(axis=0) > 0)
        crop = image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
        if min(crop.shape) < 8:  # the upright ones
            crops.append(crop)
    assert len(crops) >= 10
    assert sum(predict_image(crop).digit == 1 for crop in crops[:10]) >= 9


def test_a_digit_spanning_a_tight_crop_is_kept_and_a_border_is_not():
    """Both touch the picture's edge and span it; a border lies along a side, a digit touches it at its
    strokes' ends."""
    from PIL import Image, ImageDraw

    from mnist_demo.preprocess.select import select_digit

    picture = Image.new("1", (40, 40))
    ImageDraw.Draw(picture).line([(24, 0), (16, 39)], fill=1, width=4)  # a 1 from edge to edge of a tight crop
    one = np.asarray(picture)
    mask = one.copy()
    mask[20:23, 2:5] = True  # a speck
    assert (select_digit(mask) == one).all()

    mask = np.zeros((40, 40), bool)
    mask[:, :3] = True  # the edge of a table along the left side
    mask[10:30, 18:23] = True  # the digit
    selected = select_digit(mask)
    assert selected[10:30, 18:23].all() and not selected[:, :3].any()


def test_a_cloud_of_specks_at_the_threshold_is_no_stroke_and_a_digit_joined_to_it_stays():
    """Faint ink spread over a broad region (a shallow valley of light) hovers at the threshold: its mask
    is a cloud of specks pierced by pinholes. Inside such a porous part ink must reach twice the
    threshold, so the cloud goes and the strokes stay, even a stroke the cloud touches; a solid digit,
    loops and all, has no such part."""
    from PIL import Image, ImageDraw

    from mnist_demo.preprocess.select import ink_levels, ink_mask, porous_parts

    rng = np.random.default_rng(0)
    ink = np.zeros((300, 300), np.float32)
    ink[60:240, 100:106] = 0.3  # a pencil 1
    ink[170:250, 106:230] = rng.normal(0.09, 0.05, (80, 124)).clip(0.0)  # the faint region, touching the 1
    smooth, threshold, _ = levels = ink_levels(ink)
    raw = smooth > threshold
    assert raw[180:240, 130:220].mean() > 0.4 and porous_parts(raw) is not None  # the cloud, before
    _, mask, _, _ = ink_mask(ink, clean=False, levels=levels)
    assert mask[62:238, 101:105].all()  # the 1 stays whole
    assert mask[180:240, 130:220].mean() < 0.05  # the cloud is gone

    picture = Image.new("1", (120, 160))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((30, 10, 90, 70), outline=1, width=6)  # an 8: two loops, solid strokes
    draw.ellipse((25, 70, 95, 150), outline=1, width=6)
    assert porous_parts(np.asarray(picture)) is None


def test_a_thumb_beside_the_digit_is_left_out_and_a_short_bold_stroke_is_not():
    """A solid blob entering from the edge (a thumb holding the sheet) is no part of the digit beside
    it; when it outweighs the digit, a second selection holds the digit without it. A short bold
    stroke (a 5's hat) is as solid by its shape, but no wider than the digit's strokes: it stays."""
    from mnist_demo.preprocess.select import select_digits

    rows, cols = np.mgrid[:120, :120]
    thumb = (rows - 119) ** 2 + (cols - 30) ** 2 < 22**2  # a half disc on the bottom edge
    seven = np.zeros((120, 120), bool)
    seven[20:26, 55:95] = True  # the bar
    for row in range(26, 90):  # the stem, slanting left
        seven[row, 92 - (row - 26) // 3 - 3: 92 - (row - 26) // 3 + 3] = True
    selections = select_digits(seven | thumb)  # the 7 outweighs the thumb, which lies near enough to join it
    assert len(selections) == 1 and (selections[0] == seven).all()

    big_thumb = (rows - 119) ** 2 + (cols - 30) ** 2 < 40**2
    first, second = select_digits(seven | big_thumb)  # the thumb outweighs the 7: both are read
    assert (first == big_thumb).all() and (second == seven).all()

    five = np.zeros((120, 120), bool)
    five[40:46, 40:56] = True  # a short bold hat (solid by its shape), apart from the body
    five[52:58, 40:46] = True
    five[52:100, 40:46] = True
    five[70:76, 40:80] = True
    five[70:100, 74:80] = True
    five[94:100, 40:80] = True
    selections = select_digits(five)
    assert len(selections) == 1 and (selections[0] == five).all()


@pytest.mark.parametrize(("seed", "index"), [(1, 5), (2, 7)])
def test_a_digit_beside_a_thumb_is_claimed_when_the_thumb_is_no_digit(real_digits, seed, index):
    """The thumb outweighs the digit and reads as "a dot": the digit beside it is the answer, sure."""
    image, label = real_digits[index]
    photo = captures.make("photo_thumb", image, seed=seed, index=index)
    prediction = predict_image(photo)
    assert (prediction.digit, prediction.unsure) == (label, False)


def test_faint_pencil_under_a_deep_shadow_is_read_but_never_claimed_against_the_pictures_own_verdict():
    """A deep shadow over faint pencil fools every vote on the ink's polarity (the lit paper is the far
    tail, the shadow covers the edge), so only a light-ink reading was made: lit paper between the
    strokes, a wrong digit or "not sure". The dark-ink reading is now made too, as a second opinion:
    the model may read it, but never claims a digit from it. Of these 40 photos the old pipeline read
    28 right, the second opinion 34, and with the paper's light at full resolution for dark ink 39."""
    from mnist_demo.predict import UNCLEAR_INK
    from mnist_demo.ui.api import api_predict

    images, labels = load_test_split()
    picked = [index for digit in range(10) for index in np.flatnonzero(labels == digit)[:4]]
    right = sure_and_wrong = 0
    second_opinions = []
    for index, image_index in enumerate(picked):
        photo = captures.make("photo_pencil_shadow", images[image_index], seed=11, index=index)
        with contextlib.suppress(EmptyImageError):
            prediction = predict_image(photo)
            right += prediction.digit == labels[image_index]
            sure_and_wrong += prediction.digit != labels[image_index] and not prediction.unsure
            if prediction.why == UNCLEAR_INK:
                assert prediction.unsure
                second_opinions.append(photo)
    assert right >= 36 and sure_and_wrong <= 2
    assert second_opinions  # the answers above came from the second opinion
    answer = api_predict(second_opinions[0])
    assert answer["unsure"] and answer["why"] == "unclear_ink"
    assert "hard to tell from the paper" in answer["message"]


def test_the_number_reader_reads_the_ink_that_predict_image_chose():
    """Under a shadow over pencil, predict_image's answer often comes from the dark-ink second opinion;
    read_number read the first (light-ink) reading, the lit paper between the strokes, and its pieces
    made a "number" of one digit (the Upload tab then showed "41" instead of the 4). It now reads the
    reading predict_image chose. Of these 40 photos, 13 were read as numbers before, 10 then, 4 once
    the paper's light was estimated at full resolution for dark ink, and 3 since an answer from the
    second opinion is its one digit."""
    from mnist_demo.number import read_number

    images, labels = load_test_split()
    picked = [index for digit in range(10) for index in np.flatnonzero(labels == digit)[:4]]
    numbers = from_other_readings = 0
    for index, image_index in enumerate(picked):
        photo = captures.make("photo_pencil_shadow", images[image_index], seed=11, index=index)
        with contextlib.suppress(EmptyImageError):
            prediction = predict_image(photo)
            reading = read_number(photo, prediction=prediction)
            numbers += len(reading.digits) > 1
            from_other_readings += prediction.reading > 0
    assert from_other_readings >= 10 and numbers <= 5


@pytest.mark.parametrize(("seed", "index"), [(1, 69), (3, 46), (3, 87)])
def test_a_blank_sheet_under_a_hard_shadow_gets_no_digit_from_the_second_opinion(seed, index):
    """Under a shadow's edge on a light gradient, the dark-ink reading of these blank sheets finds a
    sliver of shadow that the model reads as a sure 1: a second opinion must never be claimed."""
    with contextlib.suppress(EmptyImageError):
        assert predict_image(captures.make("blank_shadow_hard", None, seed=seed, index=index)).unsure


@pytest.mark.parametrize("index", [26, 52, 77])
def test_faint_pencil_on_the_lit_side_of_a_shadows_edge_keeps_its_strokes(index):
    """The paper's light was estimated on a reduced picture whose spread, undone over two blocks,
    darkened the paper on the lit side of a steep shadow edge: pencil strokes there were lost (a 2
    without its base's start, a 5 without its hat, a 7 without its bar's end). For dark ink the paper
    is now estimated at full resolution, exact on an edge at any angle. Of 100 such photos of
    test-split digits (the first ten of each class), 83 were read right before, 96 now."""
    images, labels = load_test_split()
    picked = [image_index for digit in range(10) for image_index in np.flatnonzero(labels == digit)[:10]]
    test_index = picked[index]
    prediction = predict_image(captures.make("photo_pencil_shadow", images[test_index], seed=11, index=index))
    assert (prediction.digit, prediction.unsure) == (labels[test_index], False)


@pytest.mark.parametrize(("category", "seed", "index"), [("blank_shadow_hard", 6, 82), ("blank_shadow_hard", 7, 23),
                                                         ("blank_shadow_hard", 8, 89), ("blank_shadow_soft", 6, 88)])
def test_the_tip_of_a_shadow_on_blank_paper_is_no_stroke(category, seed, index):
    """Where a shadow narrows toward the picture's edge under a vignette, the paper's estimate lies
    above the shadow's own light, and only the valley test (is it darker than the paper on both
    sides?) stands between its grain and faint ink. That test read the paper's light as a running
    maximum of the raw pixels, which picks the grain's highest values: the tip's grain read as a
    sure 1. It now reads a 5 x 5 mean."""
    with contextlib.suppress(EmptyImageError):  # "no digit": the best answer
        assert predict_image(captures.make(category, None, seed=seed, index=index)).unsure


@pytest.mark.parametrize("edge", ["hard", "soft"])
def test_a_shadow_on_a_photo_whose_grain_was_smoothed_away_is_no_digit(edge):
    """A phone's noise reduction smooths the paper's grain away, and a picture without grain looked
    rendered: evenly lit, so it also got the classic two-tone reading, whose ink on blank paper under
    a cast shadow is the shadow's wedge (5 of these 12 sheets, each edge, read as a sure 1). Light and
    shade along a side (the shade far lighter than ink) are no evenly lit ground: no digit here."""
    from mnist_demo_dev import photo_sim

    for seed in range(12):
        sheet = photo_sim.photo(None, np.random.default_rng(seed), shadow=edge, noise=photo_sim.DENOISED)
        with pytest.raises(EmptyImageError):
            predict_image(sheet)


@pytest.mark.parametrize(("seed", "index"), [(6, 6), (6, 15), (6, 73)])
def test_the_tilted_edge_of_a_blank_sheet_on_a_table_is_no_stroke(seed, index):
    """In the light-ink reading of a sheet on a dark table, the paper's estimate (a grey opening) is
    the sheet only where the opening's square fits; along a tilted edge and in the corners it cannot
    fit, and a sliver of the sheet read as a sure 1. The sheet is now restored wherever it reaches
    at its own light (morphological reconstruction)."""
    with contextlib.suppress(EmptyImageError):  # "no digit": the best answer
        assert predict_image(captures.make("blank_table", None, seed=seed, index=index)).unsure


def test_the_paper_between_strokes_is_no_light_stroke():
    """A mark of one polarity whose outline lies in stronger ink of the other is the gap between strokes
    (the lit counter of a dark 0); a light stroke on its own dark ground is a stroke."""
    from mnist_demo.preprocess.tones import between_strokes

    rows, cols = np.mgrid[:96, :96]
    radius = np.hypot(rows - 48, cols - 48)
    dark_ring = np.where((radius >= 18) & (radius <= 26), 0.8, 0.0)  # a bold dark 0
    counter = radius < 16  # the lit paper it encloses, read as light ink
    light = np.where(counter, 0.3, 0.0)
    assert between_strokes(counter, light, dark_ring)
    bar = (np.abs(cols - 48) <= 4) & (np.abs(rows - 48) <= 30)  # a light stroke, nothing dark beside it
    assert not between_strokes(bar, np.where(bar, 0.6, 0.0), np.zeros((96, 96)))
    assert not between_strokes(bar, np.where(bar, 0.6, 0.0), np.where(bar, 0.0, 0.2))  # weaker dark ink around


def test_strokes_bound_their_own_loops_and_are_no_gap():
    """A thin light 8 on dark ground, read both ways: in the dark reading its two counters are ink (the
    ground beyond the edge is not), and they lie along half of the 8's outline. But they lie inside the
    8's own hull: strokes bound their loops, a gap is bounded by strokes (a light 8 from a thumbnail read
    as the 5 its counters make)."""
    from mnist_demo.preprocess.tones import between_strokes

    rows, cols = np.mgrid[:140, :100]
    top, bottom = np.hypot(rows - 38, cols - 50), np.hypot(rows - 96, cols - 50)
    eight = ((top >= 16) & (top <= 24)) | ((bottom >= 20) & (bottom <= 28))
    counters = ((top < 16) | (bottom < 20)) & ~eight
    assert not between_strokes(eight, np.where(eight, 0.6, 0.0), np.where(counters, 0.8, 0.0))
    upper = top < 16  # a counter read as light ink is still the gap the strokes bound
    assert between_strokes(upper, np.where(upper, 0.6, 0.0), np.where(eight, 0.8, 0.0))


@pytest.mark.parametrize(("category", "index", "test_index"), [("photo_thick_large", 189, 92),
                                                                ("photo_shadow_hard", 97, 116)])
def test_lit_paper_enclosed_by_the_strokes_is_no_sure_1(category, index, test_index):
    """The picture left the ink's polarity open (a bold 9 filling the frame, a 4 beside a hard shadow),
    so it was read both ways. In the light-ink reading the lit paper inside the 9's loop, or between
    the 4's stroke and the shadow's edge, is a clean blob, and it read as a sure 1 that looked more
    like a digit than the digit itself. It is bounded by the strokes, so it is now no digit."""
    images, labels = load_test_split()
    prediction = predict_image(captures.make(category, images[test_index], seed=11, index=index))
    assert (prediction.digit, prediction.unsure) == (labels[test_index], False)


@pytest.mark.parametrize(("index", "test_index"), [(1, 10), (50, 147), (156, 114)])
def test_when_the_light_reading_is_the_paper_between_strokes_the_dark_reading_is_claimed(index, test_index):
    """Faint pencil under a shadow: every vote said light ink, so the dark-ink reading (the digit) was only a
    second opinion, its answer "not sure". The light reading is the paper between its strokes, which is
    the evidence the votes lacked: the digit is now claimed."""
    images, labels = load_test_split()
    prediction = predict_image(captures.make("photo_pencil_shadow", images[test_index], seed=11, index=index))
    assert (prediction.digit, prediction.unsure) == (labels[test_index], False)


@pytest.mark.parametrize("index", [41, 88, 92])
def test_a_more_digit_like_second_opinion_withdraws_the_first_readings_claim(index):
    """Every vote said light ink, so the light-ink reading came first: lit paper between the pencil
    strokes and the shadow, which the model read as a sure 1. The dark-ink second opinion, the digit
    itself, looks more like a digit (a higher top logit): it now gives the guess, still not claimed.
    Of 200 such photos of test-split digits, 190 were right before and 193 now; sure and wrong 8 -> 5.
    The number reader answers with that one digit too: the second opinion's other marks are slivers of
    the shadow (the Upload tab read the first of these as "the number 217")."""
    from mnist_demo.number import read_number
    from mnist_demo.predict import UNCLEAR_INK

    images, labels = load_test_split()
    picked = [image_index for digit in range(10) for image_index in np.flatnonzero(labels == digit)[:20]]
    test_index = picked[index]
    photo = captures.make("photo_pencil_shadow", images[test_index], seed=11, index=index)
    prediction = predict_image(photo)
    assert (prediction.digit, prediction.unsure, prediction.why) == (labels[test_index], True, UNCLEAR_INK)
    number = read_number(photo, prediction=prediction)
    assert [(digit.digit, digit.unsure) for digit in number.digits] == [(labels[test_index], True)]


@pytest.mark.parametrize(("index", "test_index"), [(45, 307), (61, 324)])
def test_a_shallow_valley_of_light_beside_a_shadows_edge_is_no_ink(index, test_index):
    """Under a light gradient falling toward a shadow's edge, the shadowed paper darkens toward the edge and
    the lit paper rises past it: a broad, shallow valley of light, which the dark-ink reading takes for
    faint ink. Its noise hovers at the threshold, a cloud of specks that joined the pencil digit or
    outweighed it: this 7 read as a 1, this 0 as an 8. Of 300 such photos of test-split digits, 287
    were right before and 289 now, none broken."""
    images, labels = load_test_split()
    prediction = predict_image(captures.make("photo_pencil_shadow", images[test_index], seed=11, index=index))
    assert prediction.digit == labels[test_index]


@pytest.mark.parametrize(("index", "test_index"), [(7, 71), (87, 179)])
def test_a_shadow_covering_a_two_tone_photos_edge_leaves_room_for_the_second_opinion(index, test_index):
    """A deep shadow over most of a photo's edge makes it two tones whose edge says light ink: only the
    light-ink reading was made (no digit, or a 1 for an 8). A photo (grain) gets the second opinion."""
    from mnist_demo.predict import UNCLEAR_INK

    images, labels = load_test_split()
    prediction = predict_image(captures.make("photo_pencil_shadow", images[test_index], seed=11, index=index))
    assert (prediction.digit, prediction.unsure, prediction.why) == (labels[test_index], True, UNCLEAR_INK)


def test_a_drawing_exported_white_on_black_gets_no_second_opinion(real_digits):
    """Its edge says light ink too, but it has no grain: one reading, as before (a second opinion there
    cost white-on-black canvases 1 % on two seeds)."""
    from mnist_demo.preprocess import ink_readings, read_image

    for index, (image, label) in enumerate(real_digits):
        readings = ink_readings(read_image(captures.make("canvas_white_on_black", image, seed=11, index=index)))
        assert not any(reading.second_opinion for reading in readings), label


def test_a_rendered_picture_also_gets_the_classic_reading():
    """A picture without a photo's grain was rendered (here a bold test-split 0 enlarged from its
    28 x 28 pixels, bilinear): evenly lit, so it gets the classic two-tone reading besides the paper
    estimate, which read this 0 as a 6 ("not sure"). The model is sure of the classic reading."""
    images, labels = load_test_split()
    prediction = predict_image(captures.make("lowres_up_bilinear", images[380], seed=11, index=380))
    assert labels[380] == 0
    assert (prediction.digit, prediction.unsure) == (0, False)
    assert prediction.reading > 0  # not the first (paper-estimate) reading


def test_strokes_fading_under_a_flash_hotspot_are_kept():
    """150 phone photos of test-split digits with a flash's hotspot over the top of the digit (the
    paper saturates there and the strokes fade): the strokes the hotspot fades are faint against the
    rest, and the fragment left without them reads as another digit (an 8's lower loop as a 0). The
    picture's second reading joins the faint ink to the strokes it touches (with one reading: 119
    right; with both: 128), at their own strength, and is the only reading where the ink it adds lies
    on clipped paper, where faint ink counts down to the floor (143 right; sure and wrong 11 before
    these two steps, 1 now)."""
    right = 0
    for seed in range(150):
        photo, label = hotspot_photo(seed)
        right += predict_image(photo).digit == label
    assert right >= 140


def hotspot_photo(seed: int):
    """(photo, label): a phone photo of a test-split digit with a flash's hotspot over its top."""
    from mnist_demo_dev import photo_sim

    images, labels = load_test_split()
    rng = np.random.default_rng(seed)
    index = int(rng.integers(len(images)))
    return photo_sim.photo(images[index], rng, glare="digit"), labels[index]


@pytest.mark.parametrize("seed", [53, 66, 94])
def test_a_fragment_left_by_a_hotspot_is_no_sure_digit(seed):
    """Three of those photos whose plain reading, without the strokes the hotspot washed out, was a
    sure wrong digit (a 9 read as a 1, an 8 as a 0, a 2 as a 6): the faint ink joined to the strokes
    lies on paper clipped to white, where no grain can pass for ink, so that reading is the answer."""
    photo, label = hotspot_photo(seed)
    prediction = predict_image(photo)
    assert (prediction.digit, prediction.unsure) == (label, False)


def test_faint_ink_joined_to_a_stroke_is_read_at_its_own_strength():
    """A stroke fading to a third of the ink beside it (under a hotspot) is dropped by the plain
    threshold; the faint reading keeps it, measured against the strongest ink near it rather than in
    the whole picture: the model sees a stroke, not a grey ghost of one (under 0.2 at its end when
    measured against the stem)."""
    from mnist_demo.preprocess.select import ink_levels, ink_mask

    ink = np.zeros((200, 200), np.float32)
    ink[40:160, 60:68] = 0.8  # a strong stem
    ink[40:48, 68:150] = np.linspace(0.8, 0.25, 82)[None, :]  # a bar fading to the right
    levels = ink_levels(ink)
    _, plain, _, _ = ink_mask(ink, clean=False, levels=levels)
    soft, faint, _, _ = ink_mask(ink, clean=False, faint=True, levels=levels)
    assert not plain[43:45, 140:148].any() and faint[43:45, 130:148].all()
    assert soft[43:45, 130:148].min() > 0.6 and soft[100, 62:66].min() > 0.95


def test_on_paper_clipped_to_white_faint_ink_joined_to_a_stroke_counts_down_to_the_floor():
    """A bar washed out to an eighth of the stem's ink (under a hotspot) is below even the faint
    reading's usual low threshold (half the threshold); on paper clipped to white, where nothing but
    ink departs from white, ink joined to a stroke counts down to the floor that all ink must pass."""
    from mnist_demo.preprocess.select import ink_levels, ink_mask

    ink = np.zeros((200, 200), np.float32)
    ink[40:160, 140:148] = 0.8  # the stem of a 7
    ink[40:48, 50:140] = 0.1  # its bar, washed out
    levels = ink_levels(ink)
    assert levels.floor < 0.1 < 0.5 * levels.threshold
    clipped = np.zeros(ink.shape, bool)
    clipped[20:80, 30:150] = True  # the hotspot
    _, usual, _, _ = ink_mask(ink, clean=False, faint=True, levels=levels)
    _, on_clipped, _, _ = ink_mask(ink, clean=False, faint=True, levels=levels, clipped=clipped)
    assert not usual[42:46, 55:135].any() and on_clipped[42:46, 55:135].all()
    ink[40:48, 50:140] = 0.0
    ink[40:48, 50:130] = 0.1  # the same bar, apart from the stem: no stroke joins it
    _, apart, _, _ = ink_mask(ink, clean=False, faint=True, clipped=clipped)
    assert not apart[42:46, 55:125].any()
