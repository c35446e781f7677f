"""Stage 2, ink maps: where the digit's ink is, as a float map (ink = high), whatever the capture.

    from mnist_demo.preprocess.ink import ink_from_image, ink_from_sketchpad

A drawing's ink is the alpha channel of its drawn layer. A picture's ink is found by separating
the paper from what lies on it (``paper.py``, the paper's light; ``tones.py``, two-tone pictures and
the ink's polarity): see :func:`ink_readings`.
"""

from __future__ import annotations

import functools
import os
from typing import Any, NamedTuple

import numpy as np
from PIL import Image
from scipy import ndimage

from .arrays import channel_extreme, channel_mean, downscale, pixel_noise, resize_channels
from .paper import PAPER_WINDOW, contrast, paper_level, valley_paper
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
from .tones import PHOTO_GRAIN, border_is_light, ink_polarities, paper_has_grain, plain_two_tone, two_tone_paper

ALPHA_INK = 0.25  # alpha above this counts as drawn ink
MIN_WORK_SIDE = 96  # smaller pictures (a 16 x 16 thumbnail) are enlarged to this long side first
VALLEY_SMOOTH = 5  # the valley test reads the paper's light on a mean over squares of this many pixels
BEYOND_SHARE = 0.2  # a mark keeping less than this share of its ink when the world goes on beyond the edge
THUMBNAIL_SIDE = 128  # a picture this small is a digit's thumbnail (a crop, a dataset's image), not a photo of a page
FLAT_SPREAD = 0.08  # paper whose light varies less than this share of the picture's range is evenly lit
MAX_INK_FRACTION = 0.35  # more "ink" than this is noise or a picture, not a digit
NOISE_SIGMAS = 5.0  # ink stands this many noise deviations above the paper
CLIPPED_LIGHT = 0.97  # paper this light (darkest channel) is clipped to white: a flash's hotspot on a photo


class InkReading(NamedTuple):
    """One reading of a picture's ink: the map (ink = high, float), whether it is a drawn layer's alpha
    (``clean``), whether it is a second opinion against what the picture itself said of its ink's
    polarity (``second_opinion``: the model may read it, but not claim a digit from it), and, when
    both polarities were read, the other polarity's ink map (``opposite``: a mark whose outline lies
    in the other polarity's ink is the paper between strokes, see :func:`.tones.between_strokes`), and
    for dark ink, where its paper is clipped to white (``clipped``: on a photo, a flash's hotspot, where
    strokes fade; None when no paper is)."""

    ink: np.ndarray
    clean: bool
    second_opinion: bool = False
    opposite: np.ndarray | None = None
    clipped: np.ndarray | None = None


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
    if thumbnail and not paper_has_grain(array):
        # A thumbnail on grainless paper was rendered or exported (a dataset's digit, an icon): evenly
        # lit by construction, each grey level the share of a pixel that the ink covers. Its classic
        # reading is the faithful one. The paper estimate, made over squares a few of its pixels wide,
        # loses the faint parts of an 8 x 8 digit (a 3's arms), and the fragment left reads as a sure 1.
        plain = plain_two_tone(rgb, border_is_light(grey), always=True)
        if plain is not None:
            return [InkReading(plain, False)]
    window = max(3, round(PAPER_WINDOW * max(rgb.shape[:2])))
    grain = pixel_noise(grey) > PHOTO_GRAIN
    polarities, all_light = ink_polarities(grey, window, grain)
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
    ink = {dark_ink: found[0] for dark_ink, found in maps.items()}
    clipped = maps[True][1] if True in maps else None  # the dark-ink map's clipped paper
    readings = [InkReading(ink[dark_ink], False, opposite=ink.get(not dark_ink), clipped=clipped if dark_ink else None)
                for dark_ink in polarities]
    if second_opinion:
        readings.append(InkReading(ink[True], False, second_opinion=True, clipped=clipped))
    # A picture without a photo's grain was rendered (an exported drawing, an enlarged thumbnail):
    # evenly lit by construction, so the classic reading is as plausible as for a thumbnail, unless
    # light and shade lie along a side (a shadow on a photo whose grain the phone smoothed away).
    plain = plain_two_tone(rgb, border_is_light(grey), always=thumbnail, rendered=not grain)
    if plain is not None:
        readings.append(InkReading(plain, False))
    if not readings:
        raise refused
    return readings


def _clipped(values: np.ndarray, paper: np.ndarray | float, window: int) -> np.ndarray | None:
    """Where the paper's light is clipped to white (a flash's hotspot on a photo), or None when nowhere
    (or when the paper is one tone: a two-tone picture is evenly lit). The paper estimate is an upper
    envelope, which a noisy grey paper's brightest grains lift to white too: clipped paper is also
    near paper that is white on average (over VALLEY_SMOOTH pixels), not only at its grains' peaks."""
    if np.ndim(paper) == 0:
        return None
    white = ndimage.uniform_filter(values, size=VALLEY_SMOOTH) >= CLIPPED_LIGHT
    if not white.any():
        return None
    clipped = (paper >= CLIPPED_LIGHT) & ndimage.maximum_filter(white, size=window)
    return clipped if clipped.any() else None


def _ink_map(rgb: np.ndarray, dark_ink: bool, window: int) -> tuple[np.ndarray, np.ndarray | None]:
    """The ink map of one polarity and, for dark ink, where its paper is clipped to white (:func:`_clipped`)."""
    values = channel_extreme(rgb, dark_ink)
    # Evenly lit paper (a scan, a crop, a drawing) goes on beyond the edge as its mirror image, so
    # a stroke running along the edge stays a stroke. Under a gradient or a shadow the mirror would
    # fold the light into a false valley at the edge: there the light goes on as it is at the edge.
    paper, uneven = two_tone_paper(values, dark_ink), False
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
    ink = np.where(significant, contrast(values, paper, dark_ink), 0.0)
    # The picture's edge cuts the world: a mark touching it may be a stroke cut by a tight crop
    # or a shadow or table that goes on beyond. Read again as if dark (light) ground lay beyond
    # the edge: a mark that is mostly gone then is no stroke, only the tip of something larger.
    ground = float(values.min() if dark_ink else values.max())
    ink_beyond = contrast(values, paper_level(values, dark_ink, window, beyond=ground), dark_ink)
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
        ink = np.minimum(ink, contrast(values, valley_paper(seen, dark_ink, reach), dark_ink))
    return np.clip(ink, 0.0, 1.0).astype(np.float32), _clipped(values, paper, window) if dark_ink else None


def ink_from_image(array: np.ndarray) -> tuple[np.ndarray, bool]:
    """The likelier ink map of a picture (see :func:`ink_readings`); True when it is a clean drawn layer."""
    reading = ink_readings(array)[0]
    return reading.ink, reading.clean


def ink_of(image: Any) -> tuple[np.ndarray, bool]:
    """Ink map of a Sketchpad value or of anything :func:`read_image` reads; True for a clean drawn layer."""
    if isinstance(image, dict):
        if not any(key in image for key in ("layers", "background", "composite")):
            raise ValueError("Expected a Sketchpad value with 'background', 'layers' and 'composite'.")
        return ink_from_sketchpad(image)
    return ink_from_image(read_image(image))
