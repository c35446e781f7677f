"""Stage 2, ink maps: where the digit's ink is, as a float map (ink = high), whatever the capture.

    from mnist_demo.preprocess.ink import ink_from_image, ink_from_sketchpad

A drawing's ink is the alpha channel of its drawn layer. A picture's ink is found by separating
the paper from what lies on it: see :func:`ink_from_image`.
"""

from __future__ import annotations

import functools
import os
from typing import Any, NamedTuple

import numpy as np
from PIL import Image
from scipy import ndimage
from skimage.filters import threshold_otsu

from .arrays import block_max, channel_extreme, channel_mean, downscale, pixel_noise, resize_channels
from .reading import (
    MIN_CONTRAST,
    WORK_SIDE,
    EmptyImageError,
    check_shape,
    ink_peak,
    is_uniform,
    load_pil,
    open_image,
    read_image,
    to_float_array,
)

ALPHA_INK = 0.25  # alpha above this counts as drawn ink
MIN_WORK_SIDE = 96  # smaller pictures (a 16 x 16 thumbnail) are enlarged to this long side first
PAPER_WINDOW = 0.34  # the paper's light is estimated over squares of this share of the long side ...
PAPER_REDUCED_WINDOW = 24  # ... for light ink on a picture reduced so that the square is about this many pixels
VALLEY_SMOOTH = 5  # the valley test reads the paper's light on a mean over squares of this many pixels
BEYOND_SHARE = 0.2  # a mark keeping less than this share of its ink when the world goes on beyond the edge
TWO_TONE = 0.85  # share of the variance that ink and paper explain in a two-tone picture
INK_ON_EDGE = 0.15  # in a crop the ink touches the picture's edge, but covers less than this share of it
ALONG_EDGE = 0.5  # a tone lying along this share of a side or more is a table, a shadow or a border ...
THUMBNAIL_SIDE = 128  # ... except in a picture this small: a digit's thumbnail, not a photo of a page
PAPER_ON_EDGE = 0.75  # in a two-tone picture the tone covering this share of the edge is the paper
FLAT_SPREAD = 0.08  # paper whose light varies less than this share of the picture's range is evenly lit
SHADOW_FLOOR = 0.25  # ink is measured against at least this share of the brightest paper (dark corners)
INK_TAIL = 99.5  # percentile that decides the ink's polarity: the darker or the lighter tail
MAX_INK_FRACTION = 0.35  # more "ink" than this is noise or a picture, not a digit
NOISE_SIGMAS = 5.0  # ink stands this many noise deviations above the paper
PHOTO_GRAIN = 0.5 / 255  # pixel noise above half a grey level: a photo's grain (an exported drawing has none)


class InkReading(NamedTuple):
    """One reading of a picture's ink: the map (ink = high, float), whether it is a drawn layer's alpha
    (``clean``), whether it is a second opinion against what the picture itself said of its ink's
    polarity (``second_opinion``: the model may read it, but not claim a digit from it), and, when
    both polarities were read, the other polarity's ink map (``opposite``: a mark whose outline lies
    in the other polarity's ink is the paper between strokes, see :func:`.select.between_strokes`)."""

    ink: np.ndarray
    clean: bool
    second_opinion: bool = False
    opposite: np.ndarray | None = None


def _layer_alpha(layer: Any) -> np.ndarray | None:
    """Alpha channel of one Sketchpad layer (uint8 0..255 or float 0..1); None when it has none."""
    if isinstance(layer, (str, os.PathLike)):
        layer = load_pil(open_image(layer))
    if isinstance(layer, Image.Image):
        if "A" not in layer.getbands():
            return None
        return np.asarray(layer.getchannel("A"))
    array = np.asarray(layer)
    if array.ndim != 3 or array.shape[-1] != 4:
        return None
    alpha = array[..., 3]
    return alpha if alpha.dtype == np.uint8 else to_float_array(alpha)[..., 0]


def _alpha_has_ink(rgba: np.ndarray) -> bool:
    alpha = rgba[..., 3]
    return float(alpha.min()) < 1.0 - MIN_CONTRAST  # some transparency: the alpha carries the drawing


def ink_from_sketchpad(value: dict) -> tuple[np.ndarray, bool]:
    """Ink map of a Gradio Sketchpad / ImageEditor value; True when it is a clean drawn layer."""
    layers = value.get("layers") or []
    if not isinstance(layers, (list, tuple)):
        raise ValueError("A Sketchpad value's 'layers' must be a list of pictures.")
    alphas = [alpha for alpha in map(_layer_alpha, layers) if alpha is not None]
    if len({alpha.shape for alpha in alphas}) > 1:
        raise ValueError("The Sketchpad's layers differ in size: every layer must be as large as the canvas.")
    for alpha in alphas[:1]:  # a line (100000 x 1) or over 60 MP: refused before any copy (background: is_uniform)
        check_shape(alpha.shape[1], alpha.shape[0])
    if alphas:
        alpha = functools.reduce(np.maximum, alphas)  # one layer's memory more, however many layers
        if float(alpha.max()) >= ALPHA_INK * ink_peak(alpha):
            return alpha, True
        if is_uniform(value.get("background")):
            raise EmptyImageError("The canvas is empty: draw a digit.")
    for key in ("background", "composite"):  # an uploaded picture in an ImageEditor
        if value.get(key) is not None and not is_uniform(value[key]):
            return ink_from_image(read_image(value[key]))
    raise EmptyImageError("The canvas is empty: draw a digit.")


def _edge(picture: np.ndarray) -> np.ndarray:
    """The pixels along a picture's four sides, in one row (the corners twice)."""
    return np.concatenate([picture[0], picture[-1], picture[:, 0], picture[:, -1]])


def _dark_tail(values: np.ndarray) -> bool:
    """The paper is the bulk of the picture (its median), the ink its far tail: True when the darker
    tail lies farther from the median than the lighter one."""
    darkest, median, lightest = np.percentile(values, [100.0 - INK_TAIL, 50.0, INK_TAIL])
    return median - darkest >= lightest - median


def _border_is_light(grey: np.ndarray) -> bool:
    """The picture's edge is mostly paper, even in a tight crop: True when it is lighter than the rest."""
    border = _edge(grey)
    darkest, lightest = np.percentile(grey, [100.0 - INK_TAIL, INK_TAIL])
    return float(np.median(border)) >= (darkest + lightest) / 2


def _polarities(grey: np.ndarray, window: int, grain: bool) -> tuple[list[bool], bool]:
    """Dark ink (True) or light ink (False), the likelier first; both when the picture leaves it open.
    Also whether everything said light ink (in a two-tone picture: with a photo's grain), for which
    :func:`ink_readings` adds a second opinion.

    Three views vote: the tails of the picture as it is, the same with its slow light removed (a
    box mean over ``window`` subtracted), and the edge of that flattened picture against its tails. A strong
    light gradient can outweigh thin ink in the first, a bold digit filling the frame can fool the
    first two, a shadow along the edge the third. They agree on nearly every picture; a deep shadow
    over faint pencil can fool all of them at once (the lit paper is the far tail, the shadow covers
    the edge), which is why a light verdict leaves room for a second opinion (:func:`ink_readings`).
    ``grain``: the picture has a photo's grain (pixel noise above PHOTO_GRAIN).
    """
    edge_tone = _two_tone_edge(grey)
    if edge_tone is not None:
        # Light ink along a two-tone picture's edge: a drawing exported white on black, or a photo whose
        # shadow covers the edge. Only a photo (sensor grain) gets the second opinion (without that
        # test: white-on-black canvases -1 % on two seeds).
        return [edge_tone], not edge_tone and grain
    flattened = grey - ndimage.uniform_filter(grey, size=window, mode="nearest")
    votes = [_dark_tail(grey), _border_is_light(grey), _dark_tail(flattened), _border_is_light(flattened)]
    dark = sum(votes)
    if dark in (0, len(votes)):
        return [bool(dark)], dark == 0
    likelier = dark > len(votes) / 2 or (dark == len(votes) / 2 and votes[3])  # a tie: the flattened edge
    return [likelier, not likelier], False


def _two_tones(values: np.ndarray, split: np.ndarray) -> bool:
    """True when ``split`` (one tone's pixels, Otsu's) divides ``values`` into two tones: both present,
    and the split explains at least TWO_TONE of the picture's variance."""
    share = float(split.mean())
    if not 0.0 < share < 1.0:
        return False
    between = share * (1.0 - share) * (float(values[split].mean()) - float(values[~split].mean())) ** 2
    return between >= TWO_TONE * float(values.var())


def _two_tone_edge(grey: np.ndarray) -> bool | None:
    """In a two-tone picture (a scan, a crop, a thumbnail, an exported drawing), the paper is the tone
    along most of its edge: True (dark ink) when that is the light tone, False when the dark one, None
    when the picture is not two tones or its edge is shared (a shadow or a table along a side).
    A bold digit filling a tight crop holds as much of the light tail as of the dark one, which can
    sway the other votes; its edge still shows the paper."""
    light = _otsu_ink(grey, dark_ink=False)
    if not _two_tones(grey, light):
        return None
    light_edge = float(_edge(light).mean())
    if light_edge >= PAPER_ON_EDGE:
        return True
    if light_edge <= 1.0 - PAPER_ON_EDGE:
        return False
    return None


def paper_level(values: np.ndarray, dark_ink: bool, window: int, beyond: float | str = "symmetric") -> np.ndarray:
    """The paper's brightness at each pixel, ink removed: a grey closing (dark ink) or opening (light ink).

    A square of side ``window`` (wider than any stroke) fills strokes in with the paper around them,
    while anything larger - light gradients, a shadow and its edge, a table beyond the paper - is
    kept: it is the paper's light, not ink (a closing leaves a straight edge or a linear gradient
    exactly as it is). Beyond the picture's edge the paper goes on as ``beyond`` says: a numpy
    padding mode ("symmetric": its mirror image; "edge": as at the edge) or a value (a ground that
    is darker than any ink, for dark ink: whatever touches the edge may go on beyond it).
    For dark ink the closing is computed at full resolution: it is exact on a shadow's edge at any
    angle (a reduced one, enlarged and its spread undone, darkened the paper on the lit side of a
    steep shadow edge over two blocks, and faint pencil strokes there were lost). For light ink the
    opening is computed on a block-min reduced picture, then enlarged and the reduction's spread
    undone; a light region wider than the square (a sheet on a dark table) is then ground wherever
    it reaches at its own light (morphological reconstruction), so that a tilted sheet's edges and
    corners, where the square cannot fit, do not read as light ink.
    """
    if isinstance(beyond, str):
        padded = np.pad(values, window, mode=beyond)
    else:
        padded = np.pad(values, window, mode="constant", constant_values=beyond)
    if dark_ink:
        paper = ndimage.grey_closing(padded, size=(max(3, window),) * 2, mode="nearest")
    else:
        factor = max(1, window // PAPER_REDUCED_WINDOW)
        reduced = -block_max(-padded, factor) if factor > 1 else padded
        size = max(3, -(-window // factor))
        paper = ndimage.grey_opening(reduced, size=(size, size), mode="nearest")
        if isinstance(beyond, str):
            # The opening marks where the square fits; reconstruction (scikit-image's) restores the
            # rest of each light region from there. Without it the sliver along a tilted sheet's edge
            # read as a sure 1 on 1-2 % of blank sheets on a table. Not for the reading with bright
            # ground beyond the edge: that would flood every stroke touching the edge.
            from skimage.morphology import reconstruction  # here: importing it costs ~0.15 s of start-up

            paper = reconstruction(np.minimum(paper, reduced), reduced, method="dilation")
        # Smooth the blocks (not for dark ink at full resolution: there it lifts the paper beside
        # every step of light by a third of the step, a false line of dark ink along a table's edge).
        paper = ndimage.uniform_filter(paper, size=3, mode="nearest")
        if factor > 1:  # enlarge, then undo the spread across edges of the block reduction and the
            # enlargement's ramp (a dilation over two blocks each way: with one block, a sheet between
            # two strips of dark table kept a ramp of false light ink along its edges, read as a sure 1)
            paper = resize_channels(paper[..., None].astype(np.float32), padded.shape)[..., 0]
            paper = ndimage.maximum_filter(paper, size=4 * factor + 1, mode="nearest")
    paper = paper[window:-window, window:-window]
    return np.maximum(paper, values) if dark_ink else np.minimum(paper, values)


def _contrast(values: np.ndarray, paper: np.ndarray, dark_ink: bool) -> np.ndarray:
    """Ink strength: a share of the paper's light for dark ink (shadow-proof), a difference for light ink."""
    if dark_ink:
        light = np.maximum(paper, SHADOW_FLOOR * float(np.percentile(paper, 95)))
        return np.clip((paper - values) / np.maximum(light, 1e-3), 0.0, 1.0)
    return np.clip(values - paper, 0.0, 1.0)


def ink_readings(array: np.ndarray) -> list[InkReading]:
    """Ink maps of a picture (ink = high, float32), the likelier first; uses the alpha channel when it
    carries the drawing (then ``clean`` is True: a clean drawn layer).

    Mostly one map; two when the picture itself leaves the ink's polarity open (dark ink under a
    strong light gradient vs light ink), or when a two-tone picture's ink tone covers much of its
    edge without lying along a side (a digit filling a thumbnail: the classic reading comes second):
    the model's confidence then chooses (``predict_image``). A photo that says light ink in every
    vote also gets its dark-ink reading, as a ``second_opinion``: faint pencil under a deep shadow
    fools every vote (then the light reading is lit paper between strokes), but so does a blank
    sheet under a shadow, so a digit read from it is never claimed, only offered as a guess.

    The ink is what departs from the paper's own brightness (:func:`paper_level`): as a share of the
    paper's light for dark ink (so a stroke inside a shadow is as strong as one in the light), as a
    difference for light ink on a dark ground. Colour counts: for dark ink the darkest channel is
    read, so blue or red ink on white paper is as dark as black ink. Small pictures (thumbnails,
    16 x 16 digits) are enlarged to MIN_WORK_SIDE first; big ones are analysed at WORK_SIDE.
    """
    if array.shape[-1] == 4:
        if _alpha_has_ink(array):
            alpha = array[..., 3]
            if float(alpha.max()) < ALPHA_INK or float(np.ptp(alpha)) < MIN_CONTRAST:
                raise EmptyImageError("The image is fully transparent: there is no digit.")
            colour = array[..., :3]
            visible = alpha > ALPHA_INK
            # A drawing on a transparent layer: ink is the opaque part, unless the opaque part is a
            # whole picture (paper photo with transparent margins), which we then read as a photo.
            if visible.mean() < MAX_INK_FRACTION or float(np.ptp(colour[visible])) < MIN_CONTRAST:
                return [InkReading(alpha, True)]
            flattened = colour * alpha[..., None] + (1.0 - alpha[..., None]) * np.median(colour[visible], axis=0)
            return ink_readings(flattened)
        array = array[..., :3]
    thumbnail = max(array.shape[:2]) <= THUMBNAIL_SIDE
    rgb = downscale(array, WORK_SIDE) if max(array.shape[:2]) > WORK_SIDE else array
    if max(rgb.shape[:2]) < MIN_WORK_SIDE:
        scale = MIN_WORK_SIDE / max(rgb.shape[:2])
        rgb = resize_channels(rgb.astype(np.float32), (round(rgb.shape[0] * scale), round(rgb.shape[1] * scale)))
    if float(np.ptp(rgb)) < MIN_CONTRAST:
        raise EmptyImageError("The image is uniform: there is no digit to read.")
    grey = channel_mean(rgb) if rgb.shape[-1] > 1 else rgb[..., 0]
    if thumbnail and not _paper_has_grain(array):
        # A thumbnail on grainless paper was rendered or exported (a dataset's digit, an icon): evenly
        # lit by construction, each grey level the share of a pixel that the ink covers. Its classic
        # reading is the faithful one. The paper estimate, made over squares a few of its pixels wide,
        # loses the faint parts of an 8 x 8 digit (a 3's arms), and the fragment left reads as a sure 1.
        plain = _plain_two_tone(rgb, _border_is_light(grey), always=True)
        if plain is not None:
            return [InkReading(plain, False)]
    window = max(3, round(PAPER_WINDOW * max(rgb.shape[:2])))
    grain = pixel_noise(grey) > PHOTO_GRAIN
    polarities, all_light = _polarities(grey, window, grain)
    refused = None
    try:
        maps = {dark_ink: _ink_map(rgb, dark_ink, window) for dark_ink in polarities}
    except EmptyImageError as error:
        if not thumbnail:
            raise
        # A thumbnail that is nearly all edges (a thin 1 cropped to its own box) has no paper to
        # measure its noise on: it "looks like noise" to the paper estimate, but its classic reading
        # (below) holds.
        maps, polarities, refused = {}, [], error
    second_opinion = all_light and not thumbnail  # shadows fall on photos of paper, not on thumbnails
    if second_opinion:
        maps[True] = _ink_map(rgb, True, window)
    readings = [InkReading(maps[dark_ink], False, opposite=maps.get(not dark_ink)) for dark_ink in polarities]
    if second_opinion:
        readings.append(InkReading(maps[True], False, second_opinion=True))
    # A picture without a photo's grain was rendered (an exported drawing, an enlarged thumbnail):
    # evenly lit by construction, so the classic reading is as plausible as for a thumbnail.
    plain = _plain_two_tone(rgb, _border_is_light(grey), always=thumbnail or not grain)
    if plain is not None:
        readings.append(InkReading(plain, False))
    if not readings:
        raise refused
    return readings


def _paper_has_grain(array: np.ndarray) -> bool:
    """Whether a picture's paper (the tone that is not the ink, by Otsu's split) shows a photo's grain,
    measured at the picture's own size: in a small one the digit's own edges, or an enlargement's
    steps, would pass for grain."""
    grey = channel_mean(array) if array.shape[-1] > 1 else array[..., 0]
    paper = ~_otsu_ink(grey, _border_is_light(grey))
    return pixel_noise(grey, paper) > PHOTO_GRAIN


def _plain_two_tone(rgb: np.ndarray, dark_ink: bool, always: bool = False) -> np.ndarray | None:
    """A two-tone picture whose ink tone covers much of its edge is either a digit filling a tight crop
    or paper beside a table or under a shadow; the first reading takes the second view. This is the
    first view, the classic one (ink: the other tone than the paper's, evenly lit), as a second reading
    for the model to choose when the first is no clear digit. A thumbnail (a dataset image, a crop)
    or a rendered picture (``always``) gets it, two tones or not: all of it is the digit, on evenly
    lit ground (a bold digit enlarged from a thumbnail, its top bar along the edge, loses the bar to
    the paper estimate). None for other pictures, and when the first reading is this one already
    (two tones, ink off the edge)."""
    values = channel_extreme(rgb, dark_ink)
    ink = _otsu_ink(values, dark_ink)
    if not ink.any() or ink.all() or abs(float(values[ink].mean()) - float(values[~ink].mean())) < MIN_CONTRAST:
        return None  # no ink tone: evenly smooth paper (a photo of a blank sheet can be grainless too)
    two_tones = _two_tones(values, ink)
    if two_tones and float(_edge(ink).mean()) <= INK_ON_EDGE:
        return None
    along_a_side = max(float(side.mean()) for side in (ink[0], ink[-1], ink[:, 0], ink[:, -1])) >= ALONG_EDGE
    if not always and (not two_tones or along_a_side):
        return None  # the other tone lies along a side: a table or a shadow, not strokes cut by the crop
    paper = float(np.median(values[~ink]))
    return np.clip(_contrast(values, np.full_like(values, paper), dark_ink), 0.0, 1.0).astype(np.float32)


def _two_tone_paper(values: np.ndarray, dark_ink: bool) -> float | None:
    """The paper's one level when the picture is two tones, ink and evenly lit paper (a scan, a crop, a
    thumbnail, an exported drawing), else None.

    Two tones: Otsu's split explains at least TWO_TONE of the picture's variance. The ink tone must
    also keep off most of the picture's edge, which is paper in a crop: a shadow or a table that
    covers a side of the picture is a second tone of light, not ink.
    """
    ink = _two_tone_ink(values, dark_ink)
    if ink is None or float(_edge(ink).mean()) > INK_ON_EDGE:
        return None
    return float(np.median(values[~ink]))


def _otsu_ink(values: np.ndarray, dark_ink: bool) -> np.ndarray:
    """The ink tone by Otsu's split: the darker (lighter) of the two classes."""
    threshold = float(threshold_otsu(values))
    return values < threshold if dark_ink else values > threshold


def _two_tone_ink(values: np.ndarray, dark_ink: bool) -> np.ndarray | None:
    """The ink tone (Otsu's split) when the picture is two tones, else None."""
    ink = _otsu_ink(values, dark_ink)
    return ink if _two_tones(values, ink) else None


def _ink_map(rgb: np.ndarray, dark_ink: bool, window: int) -> np.ndarray:
    values = channel_extreme(rgb, dark_ink)
    # Evenly lit paper (a scan, a crop, a drawing) goes on beyond the edge as its mirror image, so
    # a stroke running along the edge stays a stroke. Under a gradient or a shadow the mirror would
    # fold the light into a false valley at the edge: there the light goes on as it is at the edge.
    paper, uneven = _two_tone_paper(values, dark_ink), False
    if paper is None:  # the edge-padded estimate first: it also says whether the light is even
        paper = paper_level(values, dark_ink, window, beyond="edge")
        low, high = np.percentile(paper, [5, 95])
        uneven = high - low > FLAT_SPREAD * max(float(np.ptp(values)), MIN_CONTRAST)
        if not uneven:
            paper = paper_level(values, dark_ink, window)
    # Ink departs from its paper by NOISE_SIGMAS of the picture's pixel noise at least, in the
    # picture's own values: the share of the paper's light (below) makes a dark table's or a shadow's
    # texture as strong as a stroke on white paper, which it is not.
    noise = pixel_noise(values)
    if NOISE_SIGMAS * noise >= 0.5 * float(np.ptp(values)):
        raise EmptyImageError("No clear digit found: the image looks like noise (no mark stands out of it).")
    significant = np.abs(paper - values) >= NOISE_SIGMAS * noise
    ink = np.where(significant, _contrast(values, paper, dark_ink), 0.0)
    # The picture's edge cuts the world: a mark touching it may be a stroke cut by a tight crop
    # or a shadow or table that goes on beyond. Read again as if dark (light) ground lay beyond
    # the edge: a mark that is mostly gone then is no stroke, only the tip of something larger.
    ground = float(values.min() if dark_ink else values.max())
    ink_beyond = _contrast(values, paper_level(values, dark_ink, window, beyond=ground), dark_ink)
    marks, count = ndimage.label(ink > MIN_CONTRAST, structure=np.ones((3, 3), bool))
    if count:
        index = np.arange(1, count + 1)
        larger = ndimage.sum_labels(ink_beyond, marks, index) < BEYOND_SHARE * ndimage.sum_labels(ink, marks, index)
        if larger.any():
            # Read as paper, a table or a shadow keeps its texture, which the paper level (the upper
            # envelope of its light) turns into faint ink everywhere: ink there must stand out of
            # that region's own noise.
            region = np.isin(marks, index[larger])
            floor = NOISE_SIGMAS * pixel_noise(ink_beyond, region)
            ink = np.where(region, ink_beyond - floor, ink)
    if uneven:
        # Ink lies in a valley of light: darker (lighter) than the paper on both sides of it, along a
        # row or along a column. A step in the light (the paper's edge on a table, a shadow's edge),
        # tilted or not, is no valley in either direction, whatever the 2-D paper estimate made of it.
        # Light ink must be a ridge within one paper window: a photo's vignette (corners darker) makes
        # every lit region a ridge across the whole picture, a lit wedge beside a shadow too.
        # The paper's light on either side is a running maximum, which over grainy paper picks the
        # grain's highest values: read on a local mean, or the grain of a dark shadow's paper lies a
        # few deviations below it everywhere and becomes faint ink (a shadow's tip then read as a 1).
        reach = None if dark_ink else window
        seen = ndimage.uniform_filter(values, size=VALLEY_SMOOTH, mode="nearest")
        ink = np.minimum(ink, _contrast(values, _valley_paper(seen, dark_ink, reach), dark_ink))
    return np.clip(ink, 0.0, 1.0).astype(np.float32)


def _valley_paper(values: np.ndarray, dark_ink: bool, reach: int | None = None) -> np.ndarray:
    """The paper's light around each pixel as a valley sees it: along its row, the brightest light on
    its left and on its right (within ``reach`` pixels; None: up to the picture's edge), the dimmer of
    the two (likewise along its column); the brighter of the row's and the column's reading (for
    light ink: everything mirrored). A monotonic profile, a step, reads as its own light: no valley,
    no ink."""
    signed = values if dark_ink else -values

    def both_sides(axis: int) -> np.ndarray:
        if reach is not None:  # running maxima over [x - reach, x] and [x, x + reach]
            window = {"size": reach + 1, "axis": axis, "mode": "nearest"}
            before = ndimage.maximum_filter1d(signed, origin=reach // 2, **window)
            after = ndimage.maximum_filter1d(signed, origin=-((reach + 1) // 2), **window)
            return np.minimum(before, after)
        before = np.maximum.accumulate(signed, axis=axis)
        after = np.flip(np.maximum.accumulate(np.flip(signed, axis=axis), axis=axis), axis=axis)
        return np.minimum(before, after)

    light = np.maximum(both_sides(0), both_sides(1))
    return light if dark_ink else -light


def ink_from_image(array: np.ndarray) -> tuple[np.ndarray, bool]:
    """The likelier ink map of a picture (see :func:`ink_readings`); True when it is a clean drawn layer."""
    ink, clean, _ = ink_readings(array)[0]
    return ink, clean


def ink_of(image: Any) -> tuple[np.ndarray, bool]:
    """Ink map of a Sketchpad value or of anything :func:`read_image` reads; True for a clean drawn layer."""
    if isinstance(image, dict):
        if not any(key in image for key in ("layers", "background", "composite")):
            raise ValueError("Expected a Sketchpad value with 'background', 'layers' and 'composite'.")
        return ink_from_sketchpad(image)
    return ink_from_image(read_image(image))
