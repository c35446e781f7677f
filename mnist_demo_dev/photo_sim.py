"""Phone photos, scans and blank paper made from real MNIST handwriting (categories of the dev set).

    python benchmarks/robustness.py --categories photo scan blank --sheet /tmp/photos.png

    from mnist_demo_dev import captures
    jpeg_bytes = captures.make("photo_jpeg_low", digit28, seed=1, index=0)

One function, :func:`photo`, simulates a capture: paper (off-white or coloured, ruled or grid
lines), the digit written with a ballpoint, marker or pencil (the real MNIST strokes redrawn by
:mod:`mnist_demo_dev.pen`), then the camera: tilt or perspective, uneven light, a cast shadow
whose edge crosses the digit, blur, sensor noise and JPEG. Each category pushes one of these hard
and keeps the others mild. Blank categories draw no digit: the right answer is "no digit".
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from PIL import Image, ImageFilter
from scipy import ndimage

from . import pen
from .captures import _pick, category, grey, pen_width, uniform

PHOTO_SIDES = (400, 800)  # long side of a photo, px
ASPECTS = (1.0, 0.75, 4 / 3)  # width / height
FILL = (0.3, 0.7)  # digit height / frame height (normal photos)
WHITE_PAPER = ((228, 255), (6, 18))  # paper brightness, and how much yellower than blue it may be
COLORED_PAPERS = ((250, 238, 150), (255, 215, 225), (200, 225, 250), (205, 175, 130), (205, 240, 200))
PEN_INKS = ((20, 30, 110), (25, 25, 30), (15, 15, 60), (60, 20, 20))
PENCIL_INK = (95, 140)  # graphite grey level
PENCIL_OPACITY = (0.35, 0.6)
BALLPOINT = (0.03, 0.08)  # stroke width / digit height
MARKER = (0.14, 0.22)
BOLD_MARKER = (0.15, 0.23)
PENCIL = (0.02, 0.05)
GRADIENT = (0.0, 0.15)  # darkening across the frame (mild; photo_gradient uses STRONG_GRADIENT)
STRONG_GRADIENT = (0.35, 0.6)
SHADOW_DEPTH = (0.3, 0.6)  # light taken away inside a cast shadow
HARD_EDGE = (0.0, 1.5)  # shadow edge softness, Gaussian sigma in px
SOFT_EDGE = (4.0, 25.0)
BLUR = (0.0, 0.6)
STRONG_BLUR = (1.2, 3.0)
NOISE = (1.0, 3.0)  # sensor noise sigma, grey levels
STRONG_NOISE = (8.0, 16.0)
DENOISED = (0.0, 0.0)  # a phone's noise reduction smoothed the grain away
JPEG = (75, 95)
LOW_JPEG = (40, 60)
TILT = (6.0, 15.0)  # degrees, either way
PERSPECTIVE = (0.08, 0.2)  # corner displacement / side
# a tilt or a perspective warp is scaled down by these factors until the digit stays in the frame (none
# at all for a digit placed at its edge) ...
WARP_SCALES = (1.0, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.0)
FRAME_MARGIN = 3  # ... this many pixels from its edge (the resampling spreads a stroke by a pixel or two)
RULED_SPACING = (0.5, 1.2)  # x digit height
GRID_SPACING = (0.2, 0.45)
LINE_COLOURS = ((150, 180, 230), (160, 160, 170), (120, 170, 220))
TABLE_MIN_GAP = 0.08  # a table shows only on sides where the digit leaves this share of the height
TABLE_DEPTH = (0.2, 0.85)  # ... and covers this share of that room
TABLE_TILT = 3.0  # degrees: the sheet's edge is nearly parallel to the frame
TABLES = ((70, 55, 45), (120, 90, 60), (60, 60, 65), (140, 140, 135), (30, 30, 30))
SKINS = ((236, 192, 164), (205, 155, 125), (160, 110, 85), (100, 68, 52))  # thumbs, light to dark skin
THUMB_WIDTH = (0.15, 0.3)  # a thumb's width, share of the frame's long side ...
THUMB_EDGE = (1.5, 6.0)  # ... out of focus (close to the lens): its edge blurred by this sigma, px
GLARE_SIZE = (0.08, 0.2)  # a flash's hotspot: Gaussian sigma, share of the frame's long side ...
GLARE_STRENGTH = (120.0, 255.0)  # ... grey levels added at its centre (the paper saturates there)
SCAN_HEIGHT = {"scan_150dpi": (35, 75), "scan_300dpi": (75, 150)}  # digit px at that resolution


def _frame(rng: np.random.Generator) -> tuple[int, int]:
    side = int(rng.integers(PHOTO_SIDES[0], PHOTO_SIDES[1] + 1))
    aspect = float(_pick(rng, ASPECTS))
    return (side, round(side / aspect)) if aspect >= 1 else (round(side * aspect), side)


def _paper(rng: np.random.Generator, colored: bool) -> np.ndarray:
    if colored:
        return np.asarray(_pick(rng, COLORED_PAPERS), np.float32)
    level = uniform(rng, WHITE_PAPER[0])
    warm = uniform(rng, (0, WHITE_PAPER[1][1]))
    return np.array([level, level - warm * 0.3, level - warm], np.float32).clip(0, 255)


def _lines(h: int, w: int, rng: np.random.Generator, kind: str, digit_h: float) -> np.ndarray:
    """Coverage of ruled or grid lines (0..1)."""
    cover = np.zeros((h, w), np.float32)
    spacing = uniform(rng, RULED_SPACING if kind == "ruled" else GRID_SPACING) * digit_h
    spacing = max(spacing, 6.0)
    width = int(rng.integers(1, 3 if kind == "grid" else 4))
    strength = uniform(rng, (0.45, 0.9))
    offset = uniform(rng, (0, spacing))
    for y in np.arange(offset, h, spacing):
        cover[int(y):int(y) + width] = strength
    if kind == "grid":
        for x in np.arange(uniform(rng, (0, spacing)), w, spacing):
            cover[:, int(x):int(x) + width] = strength
    elif rng.random() < 0.4:  # the red margin line of a school pad
        x = int(uniform(rng, (0.05, 0.2)) * w)
        cover[:, x:x + width + 1] = 1.0
    return cover


def _half_plane(h: int, w: int, rng: np.random.Generator, through: tuple[float, float], sigma: float,
                angle: float | None = None) -> np.ndarray:
    """1 on one side of a (random) line through ``through`` (y, x), 0 on the other, edge blurred.

    ``angle`` (radians) is the direction of the normal pointing into the 1 side.
    """
    angle = uniform(rng, (0, 2 * np.pi)) if angle is None else angle
    yy, xx = _grid(h, w)
    distance = (xx - through[1]) * np.float32(np.cos(angle)) + (yy - through[0]) * np.float32(np.sin(angle))
    if sigma < 0.3:
        return np.clip(distance + 0.5, 0, 1)
    # a blurred step = the normal CDF of the distance, computed without a costly 2-D blur
    from scipy.special import ndtr

    return ndtr(distance / sigma).astype(np.float32)


def _table(h: int, w: int, rng: np.random.Generator, box: tuple) -> np.ndarray:
    """Coverage of the table around the sheet: 1-2 frame sides where the digit leaves room."""
    sides = [  # (normal angle pointing into the table, room between digit and side, point on the edge)
        (-np.pi / 2, box[0], lambda d: (d, w / 2)), (np.pi / 2, h - box[2], lambda d: (h - d, w / 2)),
        (np.pi, box[1], lambda d: (h / 2, d)), (0.0, w - box[3], lambda d: (h / 2, w - d)),
    ]
    sides = [side for side in sides if side[1] >= TABLE_MIN_GAP * h]
    cover = np.zeros((h, w), np.float32)
    for k in rng.permutation(len(sides))[:int(rng.integers(1, 3))]:
        angle, room, point = sides[k]
        tilt = np.radians(uniform(rng, (-TABLE_TILT, TABLE_TILT)))
        edge = _half_plane(h, w, rng, point(uniform(rng, TABLE_DEPTH) * room), 0.7, angle + tilt)
        np.maximum(cover, edge, out=cover)
    return cover


def _thumb(h: int, w: int, rng: np.random.Generator, box: tuple) -> np.ndarray:
    """Coverage (0..1) of the thumb that holds the sheet: a rounded tip coming in from the side of the
    frame with the most room beside the digit (or another with room enough), stopping short of it."""
    half = uniform(rng, THUMB_WIDTH) * max(h, w) / 2
    rooms = [box[0], h - box[2], box[1], w - box[3]]  # top, bottom, left, right
    roomy = [k for k, room in enumerate(rooms) if room >= 1.5 * half]
    side = int(_pick(rng, roomy)) if roomy else int(np.argmax(rooms))
    yy, xx = _grid(h, w)
    inward = (yy, h - 1 - yy, xx, w - 1 - xx)[side]  # distance into the frame from that side
    along = (xx, xx, yy, yy)[side]
    length = w if side < 2 else h
    centre = uniform(rng, (0.15, 0.85)) * length
    tip = max(half, min(rooms[side] - 6.0, uniform(rng, (1.5, 3.0)) * half)) - half  # the tip's round end
    distance = np.sqrt((along - centre) ** 2 + np.maximum(inward - tip, 0.0) ** 2)
    from scipy.special import ndtr

    return ndtr((half - distance) / uniform(rng, THUMB_EDGE)).astype(np.float32)


def _light(h: int, w: int, rng: np.random.Generator, strength: float) -> np.ndarray:
    """Smooth illumination in (0, 1]: a linear falloff in a random direction plus a vignette."""
    angle = uniform(rng, (0, 2 * np.pi))
    yy, xx = _grid(h, w)
    y, x = yy / h - 0.5, xx / w - 0.5
    ramp = x * np.float32(np.cos(angle)) + y * np.float32(np.sin(angle)) + 0.5
    radius = (x * x + y * y) * 2
    return np.clip(1.0 - np.float32(strength) * ramp - 0.08 * radius, 0.05, 1.0)


def _grid(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column coordinates as broadcastable float32 (h, 1) and (1, w) arrays."""
    return np.arange(h, dtype=np.float32)[:, None], np.arange(w, dtype=np.float32)[None, :]


def _blur(image: Image.Image, sigma: float) -> Image.Image:
    """Gaussian blur; a 3x3 kernel for small sigmas (PIL's GaussianBlur costs ~7 ms at any size)."""
    if sigma <= 0.2:
        return image
    if sigma >= 0.8:
        return image.filter(ImageFilter.GaussianBlur(sigma))
    side = np.exp(-0.5 / sigma**2)
    weights = np.outer([side, 1.0, side], [side, 1.0, side])
    return image.filter(ImageFilter.Kernel((3, 3), (weights / weights.sum()).ravel().tolist(), scale=1))


def _inside(corners: np.ndarray, w: int, h: int) -> bool:
    """Whether the points ``corners`` ((n, 2): x, y) lie in a w x h frame, FRAME_MARGIN from its edge."""
    x, y = corners[:, 0], corners[:, 1]
    low, right, bottom = FRAME_MARGIN, w - FRAME_MARGIN, h - FRAME_MARGIN
    return bool((x >= low).all() and (x <= right).all() and (y >= low).all() and (y <= bottom).all())


def _box_corners(keep: tuple) -> np.ndarray:
    """The four corners (x, y) of the box ``keep`` (top, left, bottom, right)."""
    top, left, bottom, right = keep
    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float64)


def _tilt(image: Image.Image, angle: float, fill, keep: tuple) -> Image.Image:
    """The camera rolled by ``angle`` degrees (counter-clockwise), toned down (WARP_SCALES) until the
    box ``keep`` (top, left, bottom, right: the digit's) stays in the frame: a phone photo frames the
    digit it is taken of (see :func:`_perspective`)."""
    w, h = image.size
    centre = np.array([w / 2, h / 2])
    offsets = _box_corners(keep) - centre
    for scale in WARP_SCALES:
        turn = np.deg2rad(angle * scale)
        cos, sin = np.cos(turn), np.sin(turn)  # where PIL's rotate takes a point, about the centre
        turned = np.stack([offsets[:, 0] * cos + offsets[:, 1] * sin, offsets[:, 1] * cos - offsets[:, 0] * sin], 1)
        if _inside(turned + centre, w, h):
            break
    return image.rotate(angle * scale, Image.BICUBIC, fillcolor=fill)


def _perspective(image: Image.Image, rng: np.random.Generator, amount: float, fill, keep: tuple) -> Image.Image:
    """A perspective warp: each corner of the frame moved by up to ``amount`` of its side. A phone photo
    frames the digit it is taken of, so the warp is toned down (the same directions, WARP_SCALES) until
    the box ``keep`` (top, left, bottom, right: the digit's) lies inside the frame: a digit that the
    frame cuts has no right answer (tight crops are categories of their own). The random draws are
    the same either way, so every other input of a seed stays as it was."""
    w, h = image.size
    out = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64)
    shift = rng.uniform(-amount, amount, (4, 2)) * [w, h]
    corners = np.hstack([_box_corners(keep), np.ones((4, 1))])
    for scale in WARP_SCALES:
        src = out + scale * shift
        rows = []
        for (x, y), (u, v) in zip(out, src):
            rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
            rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        coeffs = np.linalg.solve(np.array(rows), src.reshape(-1))
        # coeffs map the warped frame's pixels to the picture's; the inverse maps the digit's corners
        seen = corners @ np.linalg.inv(np.append(coeffs, 1.0).reshape(3, 3)).T
        if (seen[:, 2] > 0).all() and _inside(seen[:, :2] / seen[:, 2:], w, h):
            break
    return image.transform((w, h), Image.PERSPECTIVE, tuple(coeffs), Image.BICUBIC, fillcolor=fill)


def photo(d: np.ndarray | None, rng: np.random.Generator, *, fill=FILL, stroke: str = "ballpoint",
          gradient=GRADIENT, shadow: str | None = None, lines: str | None = None, blur=BLUR,
          noise=NOISE, jpeg=JPEG, tilt: float = 0.0, perspective: float = 0.0, colored: bool = False,
          smudge: bool = False, table: bool = False, thumb: bool = False, glare: bool | str = False,
          as_bytes: bool = False) -> Any:
    """A simulated phone photo of the digit ``d`` (None: blank paper). Returns PIL RGB or JPEG bytes."""
    w, h = _frame(rng)
    digit_h = uniform(rng, fill) * h
    paper = _paper(rng, colored)
    cover = np.zeros((h, w), np.float32)
    box = (h * 0.3, w * 0.3, h * 0.7, w * 0.7)
    ink = np.asarray(_pick(rng, PEN_INKS), np.float32)
    if d is not None:
        if stroke == "marker":
            width = pen_width(rng, MARKER, digit_h)
        elif stroke == "marker_bold":
            width = pen_width(rng, BOLD_MARKER, digit_h)
        elif stroke == "pencil":
            width = pen_width(rng, PENCIL, digit_h)
        else:
            width = pen_width(rng, BALLPOINT, digit_h)
        if stroke == "filled":
            digit = pen.filled(d, digit_h, uniform(rng, (0.35, 0.6)))
        else:
            digit = pen.skeleton_pen(d, digit_h - width, width)
        digit = pen.trim(digit, 0.05)
        if digit.shape[1] > w:
            digit = pen.resize(digit, w, max(1, round(digit.shape[0] * w / digit.shape[1])))
        cover, box = pen.place(digit, h, w, rng)
        if stroke == "pencil":
            grain = ndimage.gaussian_filter(rng.random((h, w), dtype=np.float32), 0.7)
            cover *= np.clip(0.3 + 1.4 * grain, 0, 1) * uniform(rng, PENCIL_OPACITY)
            ink = np.full(3, uniform(rng, PENCIL_INK), np.float32)
    elif smudge:
        cy, cx = uniform(rng, (0.25, 0.75)) * h, uniform(rng, (0.25, 0.75)) * w
        yy, xx = _grid(h, w)
        ry, rx = uniform(rng, (0.03, 0.12)) * h, uniform(rng, (0.05, 0.2)) * w
        cover = np.exp(-(((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2)) * uniform(rng, (0.06, 0.15))
        ink = np.full(3, uniform(rng, PENCIL_INK), np.float32)
    image = np.broadcast_to(paper, (h, w, 3)).astype(np.float32)
    if lines:
        line_cover = _lines(h, w, rng, lines, digit_h)[..., None]
        image = image * (1 - line_cover) + np.asarray(_pick(rng, LINE_COLOURS), np.float32) * line_cover
    image = image * (1 - cover[..., None]) + ink * cover[..., None]
    if table:  # the sheet does not fill the frame: a darker table shows along 1-2 sides
        around = _table(h, w, rng, box)[..., None]
        image = image * (1 - around) + np.asarray(_pick(rng, TABLES), np.float32) * around
    if thumb:  # the photographer's thumb holds the sheet at the edge of the frame
        skin = _thumb(h, w, rng, box)[..., None]
        image = image * (1 - skin) + np.asarray(_pick(rng, SKINS), np.float32) * uniform(rng, (0.75, 1.0)) * skin
    pil = Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))
    fill_colour = tuple(int(c) for c in paper)
    if tilt:
        pil = _tilt(pil, float(rng.choice([-1, 1])) * tilt, fill_colour, box)
    if perspective:
        pil = _perspective(pil, rng, perspective, fill_colour, box)
    light = _light(h, w, rng, uniform(rng, gradient))
    if shadow:  # a cast shadow whose edge crosses the digit's box
        through = (uniform(rng, (box[0], box[2])), uniform(rng, (box[1], box[3])))
        sigma = uniform(rng, HARD_EDGE if shadow == "hard" else SOFT_EDGE)
        light = light * (1 - uniform(rng, SHADOW_DEPTH) * _half_plane(h, w, rng, through, sigma))
    image = np.asarray(pil, np.float32) * light[..., None]
    if glare:  # the flash's hotspot on glossy paper: the paper saturates there. Anywhere in the frame,
        # or (glare="digit") over the top of the digit, the rest of it in the light
        yy, xx = _grid(h, w)
        if glare == "digit":
            cy, cx = box[0] + 0.25 * (box[2] - box[0]), (box[1] + box[3]) / 2
            sigma = 0.35 * (box[2] - box[0])
        else:
            cy, cx = uniform(rng, (0.2, 0.8)) * h, uniform(rng, (0.2, 0.8)) * w
            sigma = uniform(rng, GLARE_SIZE) * max(h, w)
        image += uniform(rng, GLARE_STRENGTH) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * sigma**2))[..., None]
    amount = uniform(rng, noise)
    grain = rng.standard_normal(((h + 1) // 2, (w + 1) // 2), dtype=np.float32) * amount
    image += np.repeat(np.repeat(grain, 2, 0), 2, 1)[:h, :w, None]
    pil = Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))
    pil = _blur(pil, uniform(rng, blur))
    buffer = io.BytesIO()
    pil.save(buffer, "JPEG", quality=int(rng.integers(jpeg[0], jpeg[1] + 1)))
    if as_bytes:
        return buffer.getvalue()
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def scan(d: np.ndarray, rng: np.random.Generator, heights: tuple[int, int]) -> Any:
    """A flatbed scan crop: white paper, grey or black ink, slight skew, a little blur."""
    digit_h = uniform(rng, heights)
    if rng.random() < 0.5:
        digit = pen.filled(d, digit_h, uniform(rng, (0.35, 0.6)))
    else:
        width = pen_width(rng, BALLPOINT, digit_h)
        digit = pen.skeleton_pen(d, digit_h - width, width)
    digit = pen.trim(digit, 0.05)
    frame_h = int(digit_h * uniform(rng, (1.5, 4.0)))
    frame_w = max(int(frame_h * uniform(rng, (0.8, 1.4))), digit.shape[1] + 2)
    cover, _ = pen.place(digit, frame_h, frame_w, rng)
    paper = float(rng.integers(240, 256))
    picture = Image.fromarray(grey(cover, float(rng.integers(20, 121)), paper))
    picture = picture.rotate(uniform(rng, (-2.5, 2.5)), Image.BICUBIC, fillcolor=int(paper))
    picture = _blur(picture, uniform(rng, (0.3, 0.7)))
    array = np.asarray(picture, np.float32) + rng.standard_normal(picture.size[::-1], dtype=np.float32) * 1.5
    picture = Image.fromarray(np.clip(array, 0, 255).astype(np.uint8))
    if rng.random() < 0.5:
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, "JPEG", quality=int(rng.integers(85, 96)))
        return buffer.getvalue()
    return picture if rng.random() < 0.5 else np.asarray(picture)


_PHOTOS = {
    "photo_clean": ("off-white paper, ballpoint or felt pen, mild light, noise, JPEG 75-95",
                    {"stroke": ("ballpoint", "filled")}),
    "photo_gradient": ("strong light gradient across the page (35-60 % darker at one side)",
                       {"gradient": STRONG_GRADIENT}),
    "photo_shadow_hard": ("cast shadow with a hard edge (sigma <= 1.5 px) crossing the digit", {"shadow": "hard"}),
    "photo_shadow_soft": ("cast shadow with a soft edge (sigma 4-25 px) crossing the digit", {"shadow": "soft"}),
    "photo_marker": ("thick marker (14-22 % of the height) under a light gradient",
                     {"stroke": ("marker",), "gradient": (0.1, 0.4)}),
    "photo_pencil": ("thin light grey grainy pencil", {"stroke": ("pencil",)}),
    "photo_pencil_shadow": ("faint pencil digit with a cast shadow across it",
                            {"stroke": ("pencil",), "shadow": ("hard", "soft")}),
    "photo_small_digit": ("the digit fills 20-35 % of the frame height", {"fill": (0.2, 0.35)}),
    "photo_large_digit": ("the digit fills 70-90 % of the frame height, marker or pen",
                          {"fill": (0.7, 0.9), "stroke": ("ballpoint", "marker", "filled"), "gradient": (0.1, 0.35)}),
    "photo_ruled": ("ruled school paper (blue lines, sometimes a red margin)", {"lines": "ruled"}),
    "photo_grid": ("grid (squared) paper", {"lines": "grid"}),
    "photo_blur": ("out of focus (Gaussian blur 1.2-3 px)", {"blur": STRONG_BLUR}),
    "photo_noise": ("strong sensor noise (sigma 8-16)", {"noise": STRONG_NOISE}),
    "photo_jpeg_low": ("JPEG quality 40-60, passed as JPEG bytes", {"jpeg": LOW_JPEG, "as_bytes": True}),
    "photo_tilt": ("camera rolled 6-15 degrees", {"tilt": TILT, "fill": (0.3, 0.6)}),
    "photo_perspective": ("perspective warp (corners moved 8-20 %)", {"perspective": PERSPECTIVE, "fill": (0.3, 0.6)}),
    "photo_thick_large": ("a big marker digit (60-90 % of the frame, pen 15-23 % of its height) in uneven light",
                          {"fill": (0.6, 0.9), "stroke": ("marker_bold",), "gradient": (0.2, 0.5),
                           "shadow": (None, None, "soft")}),
    "photo_paper_edge": ("the sheet does not fill the frame: a darker table along 1-2 sides",
                         {"table": True, "fill": (0.3, 0.6)}),
    "photo_colored_paper": ("yellow, pink, blue, kraft or green paper", {"colored": True}),
    "photo_thumb": ("the thumb holding the sheet shows at the edge of the frame, beside the digit",
                    {"thumb": True, "fill": (0.3, 0.6)}),
    "photo_glare": ("a flash's hotspot on glossy paper, anywhere (over the digit too)", {"glare": True}),
    "photo_denoised_shadow": ("a cast shadow across a pen or pencil digit, the grain smoothed away by the "
                              "phone's noise reduction", {"stroke": ("ballpoint", "pencil"),
                                                          "shadow": ("hard", "soft"), "noise": DENOISED}),
}
_BLANKS = {
    "blank_paper": ("plain paper, mild light, noise, JPEG", {}),
    "blank_gradient": ("plain paper under a strong light gradient", {"gradient": STRONG_GRADIENT}),
    "blank_shadow_hard": ("plain paper with a hard-edged cast shadow", {"shadow": "hard"}),
    "blank_shadow_soft": ("plain paper with a soft-edged cast shadow", {"shadow": "soft"}),
    "blank_ruled": ("ruled paper, no digit", {"lines": "ruled"}),
    "blank_grid": ("grid paper, no digit", {"lines": "grid"}),
    "blank_table": ("plain paper with a darker table along 1-2 sides", {"table": True, "fill": (0.3, 0.6)}),
    "blank_smudge": ("plain paper with a faint grey smudge", {"smudge": True}),
    "blank_thumb": ("plain paper held by a thumb at the edge of the frame", {"thumb": True}),
    "blank_glare": ("plain glossy paper with a flash's hotspot", {"glare": True}),
    "blank_denoised_shadow": ("plain paper with a cast shadow, the grain smoothed away by the phone's noise "
                              "reduction", {"shadow": ("hard", "soft"), "noise": DENOISED}),
}


def _resolve(options: dict, rng: np.random.Generator) -> dict:
    """Pick one value where an option lists alternatives (tuples of strings) or a range (tilt)."""
    resolved = {}
    for key, value in options.items():
        if isinstance(value, tuple) and value and isinstance(value[-1], str):
            value = _pick(rng, value)
        elif key in ("tilt", "perspective"):
            value = uniform(rng, value)
        resolved[key] = value
    return resolved


def _register() -> None:
    for name, (description, options) in _PHOTOS.items():
        category(name, "photo", description)(lambda d, rng, o=options: photo(d, rng, **_resolve(o, rng)))
    for name, heights in SCAN_HEIGHT.items():
        category(name, "scan", f"flatbed scan, digit {heights[0]}-{heights[1]} px tall, grey ink, skew <= 2.5 deg")(
            lambda d, rng, hs=heights: scan(d, rng, hs))
    for name, (description, options) in _BLANKS.items():
        category(name, "blank", description + " (no digit)", has_digit=False)(
            lambda d, rng, o=options: photo(None, rng, **_resolve(o, rng)))


_register()
