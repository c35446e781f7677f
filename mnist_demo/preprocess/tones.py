"""Stage 2b, two-tone pictures and the ink's polarity: scans, crops, thumbnails and exported drawings
(ink and evenly lit paper, two tones) read against one paper level, the votes on whether the ink is
darker or lighter than its paper, and whether a mark read in one polarity is only the paper between
the other polarity's strokes.

    from mnist_demo.preprocess.tones import ink_polarities, plain_two_tone, between_strokes

Used by ``ink.py`` and ``select.py``.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from skimage.filters import threshold_otsu

from .arrays import channel_extreme, channel_mean, pixel_noise
from .geometry import stroke_width
from .paper import contrast
from .reading import MIN_CONTRAST, EmptyImageError

TWO_TONE = 0.85  # share of the variance that ink and paper explain in a two-tone picture
INK_ON_EDGE = 0.15  # in a crop the ink touches the picture's edge, but covers less than this share of it
ALONG_EDGE = 0.5  # a tone lying along this share of a side or more is a table, a shadow or a border
SHADE_LIGHT = 0.3  # a cast shadow leaves the paper at least this share of its light (the room lights it): ink is darker
PAPER_ON_EDGE = 0.75  # in a two-tone picture the tone covering this share of the edge is the paper
INK_TAIL = 99.5  # percentile that decides the ink's polarity: the darker or the lighter tail
PHOTO_GRAIN = 0.5 / 255  # pixel noise above half a grey level: a photo's grain (an exported drawing has none)
GAP_OUTLINE = 1 / 3  # a mark with this share of its outline in the other polarity's stronger ink is a gap
OUTLINE_GAP = 1  # the outline is read from this many pixels outside the mark (past its soft edge) ...
OUTLINE_DEPTH = 2  # ... to at least this many more, or half the mark's stroke width


def edge(picture: np.ndarray) -> np.ndarray:
    """The pixels along a picture's four sides, in one row (the corners twice)."""
    return np.concatenate([picture[0], picture[-1], picture[:, 0], picture[:, -1]])


def dark_tail(values: np.ndarray) -> bool:
    """The paper is the bulk of the picture (its median), the ink its far tail: True when the darker
    tail lies farther from the median than the lighter one."""
    darkest, median, lightest = np.percentile(values, [100.0 - INK_TAIL, 50.0, INK_TAIL])
    return median - darkest >= lightest - median


def border_is_light(grey: np.ndarray) -> bool:
    """The picture's edge is mostly paper, even in a tight crop: True when it is lighter than the rest."""
    border = edge(grey)
    darkest, lightest = np.percentile(grey, [100.0 - INK_TAIL, INK_TAIL])
    return float(np.median(border)) >= (darkest + lightest) / 2


def ink_polarities(grey: np.ndarray, window: int, grain: bool) -> tuple[list[bool], bool]:
    """Dark ink (True) or light ink (False), the likelier first; both when the picture leaves it open.
    Also whether everything said light ink (in a two-tone picture: with a photo's grain), for which
    :func:`.ink.ink_readings` adds a second opinion.

    Three views vote: the tails of the picture as it is, the same with its slow light removed (a
    box mean over ``window`` subtracted), and the edge of that flattened picture against its tails. A strong
    light gradient can outweigh thin ink in the first, a bold digit filling the frame can fool the
    first two, a shadow along the edge the third. They agree on nearly every picture; a deep shadow
    over faint pencil can fool all of them at once (the lit paper is the far tail, the shadow covers
    the edge), which is why a light verdict leaves room for a second opinion (:func:`.ink.ink_readings`).
    ``grain``: the picture has a photo's grain (pixel noise above PHOTO_GRAIN).
    """
    edge_tone = two_tone_edge(grey)
    if edge_tone is not None:
        # Light ink along a two-tone picture's edge: a drawing exported white on black, or a photo whose
        # shadow covers the edge. Only a photo (sensor grain) gets the second opinion (without that
        # test: white-on-black canvases -1 % on two seeds).
        return [edge_tone], not edge_tone and grain
    flattened = grey - ndimage.uniform_filter(grey, size=window, mode="nearest")
    votes = [dark_tail(grey), border_is_light(grey), dark_tail(flattened), border_is_light(flattened)]
    dark = sum(votes)
    if dark in (0, len(votes)):
        return [bool(dark)], dark == 0
    likelier = dark > len(votes) / 2 or (dark == len(votes) / 2 and votes[3])  # a tie: the flattened edge
    return [likelier, not likelier], False


def is_two_tone(values: np.ndarray, split: np.ndarray) -> bool:
    """True when ``split`` (one tone's pixels, Otsu's) divides ``values`` into two tones: both present,
    and the split explains at least TWO_TONE of the picture's variance."""
    share = float(split.mean())
    if not 0.0 < share < 1.0:
        return False
    between = share * (1.0 - share) * (float(values[split].mean()) - float(values[~split].mean())) ** 2
    return between >= TWO_TONE * float(values.var())


def two_tone_edge(grey: np.ndarray) -> bool | None:
    """In a two-tone picture (a scan, a crop, a thumbnail, an exported drawing), the paper is the tone
    along most of its edge: True (dark ink) when that is the light tone, False when the dark one, None
    when the picture is not two tones or its edge is shared (a shadow or a table along a side).
    A bold digit filling a tight crop holds as much of the light tail as of the dark one, which can
    sway the other votes; its edge still shows the paper."""
    light = otsu_ink(grey, dark_ink=False)
    if not is_two_tone(grey, light):
        return None
    light_edge = float(edge(light).mean())
    if light_edge >= PAPER_ON_EDGE:
        return True
    if light_edge <= 1.0 - PAPER_ON_EDGE:
        return False
    return None


def paper_has_grain(array: np.ndarray) -> bool:
    """Whether a picture's paper (the tone that is not the ink, by Otsu's split) shows a photo's grain,
    measured at the picture's own size: in a small one the digit's own edges, or an enlargement's
    steps, would pass for grain."""
    grey = channel_mean(array) if array.shape[-1] > 1 else array[..., 0]
    paper = ~otsu_ink(grey, border_is_light(grey))
    return pixel_noise(grey, paper) > PHOTO_GRAIN


def plain_two_tone(rgb: np.ndarray, dark_ink: bool, always: bool = False, rendered: bool = False) -> np.ndarray | None:
    """A two-tone picture whose ink tone covers much of its edge is either a digit filling a tight crop
    or paper beside a table or under a shadow; the first reading takes the second view. This is the
    first view, the classic one (ink: the other tone than the paper's, evenly lit), as a second reading
    for the model to choose when the first is no clear digit. A thumbnail (a dataset image, a crop)
    gets it (``always``), two tones or not: all of it is the digit, on evenly lit ground (a bold digit
    enlarged from a thumbnail, its top bar along the edge, loses the bar to the paper estimate). So
    does a picture without a photo's grain (``rendered``: an exported drawing, an enlarged thumbnail),
    unless its two tones are light and shade, the darker at least SHADE_LIGHT of the lighter, along a
    side: a phone's noise reduction smooths a photo's grain away, and a cast shadow there is no ink
    (its classic reading made the shadow's wedge, on blank paper, a sure 1), while a bold digit
    filling its crop lies along a side too, as dark as ink. None for other pictures, and when the
    first reading is this one already (two tones, ink off the edge)."""
    values = channel_extreme(rgb, dark_ink)
    ink = otsu_ink(values, dark_ink)
    if not ink.any() or ink.all() or abs(float(values[ink].mean()) - float(values[~ink].mean())) < MIN_CONTRAST:
        return None  # no ink tone: evenly smooth paper (a photo of a blank sheet can be grainless too)
    two_tones = is_two_tone(values, ink)
    if two_tones and float(edge(ink).mean()) <= INK_ON_EDGE:
        return None
    along_a_side = max(float(side.mean()) for side in (ink[0], ink[-1], ink[:, 0], ink[:, -1])) >= ALONG_EDGE
    paper = float(np.median(values[~ink]))
    if along_a_side and rendered:  # only light and shade say "photo"; ink cut by the crop is darker
        dark, light = sorted((float(np.median(values[ink])), paper))
        along_a_side = dark >= SHADE_LIGHT * light
    if not always and (along_a_side or not (two_tones or rendered)):
        return None  # the other tone lies along a side: a table or a shadow, not strokes cut by the crop
    return np.clip(contrast(values, np.full_like(values, paper), dark_ink), 0.0, 1.0).astype(np.float32)


def two_tone_paper(values: np.ndarray, dark_ink: bool) -> float | None:
    """The paper's one level when the picture is two tones, ink and evenly lit paper (a scan, a crop, a
    thumbnail, an exported drawing), else None.

    Two tones: Otsu's split explains at least TWO_TONE of the picture's variance. The ink tone must
    also keep off most of the picture's edge, which is paper in a crop: a shadow or a table that
    covers a side of the picture is a second tone of light, not ink.
    """
    ink = two_tone_ink(values, dark_ink)
    if ink is None or float(edge(ink).mean()) > INK_ON_EDGE:
        return None
    return float(np.median(values[~ink]))


def otsu_ink(values: np.ndarray, dark_ink: bool) -> np.ndarray:
    """The ink tone by Otsu's split: the darker (lighter) of the two classes."""
    threshold = float(threshold_otsu(values))
    return values < threshold if dark_ink else values > threshold


def two_tone_ink(values: np.ndarray, dark_ink: bool) -> np.ndarray | None:
    """The ink tone (Otsu's split) when the picture is two tones, else None."""
    ink = otsu_ink(values, dark_ink)
    return ink if is_two_tone(values, ink) else None


class BetweenStrokes(EmptyImageError):
    """A reading whose digit is the paper between the other polarity's strokes (:func:`between_strokes`)."""


def between_strokes(part: np.ndarray, ink: np.ndarray, opposite: np.ndarray) -> bool:
    """Whether a mark (``part``, a mask over the ink map ``ink``) is the gap between strokes of the other
    polarity: lit paper enclosed by a pencil 0, or a sliver between a stroke and a shadow's edge, read
    as light ink. A stroke lies on its ground; a gap is bounded by strokes, so a good share of its
    outline (GAP_OUTLINE) lies in ink of the other polarity (``opposite``) at least as strong as its own."""
    rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
    reach = OUTLINE_GAP + max(OUTLINE_DEPTH, round(stroke_width(part[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]) / 2))
    box = (slice(max(rows[0] - reach, 0), rows[-1] + reach + 1), slice(max(cols[0] - reach, 0), cols[-1] + reach + 1))
    # city-block distance to the mark, in its box only (dilating the whole picture took tens of ms for a big blob)
    distance = ndimage.distance_transform_cdt(~part[box], metric="taxicab")
    outline = (distance > OUTLINE_GAP) & (distance <= reach)
    # Strokes bound their own loops: the other polarity's ink inside the mark's convex hull is the paper
    # those loops enclose (a light 8's dark counters), not strokes bounding the mark. Only the outline
    # outside the hull counts (all of it for a gap, which is a blob or a sliver).
    from skimage.morphology import convex_hull_image  # here: importing it costs start-up time

    outline &= ~convex_hull_image(part[box])
    if not outline.any():
        return False
    return float((opposite[box][outline] >= np.median(ink[part])).mean()) >= GAP_OUTLINE
