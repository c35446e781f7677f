"""A dev set of REAL handwriting: MNIST validation digits pushed through named capture simulations.

    python benchmarks/robustness.py --data PATH/mnist.npz          # scores every category
    python benchmarks/robustness.py --data ... --sheet /tmp/captures.png     # looks at them

    from mnist_demo_dev import captures
    x_val, y_val = captures.load_validation(path)           # the split training holds out (never test)
    sample = captures.make("tight_4edges", x_val[0], seed=1, index=0)   # what the app would receive
    for category, label, sample in captures.dev_set(x_val, y_val, ["canvas", "photo_shadow_hard"], 100, 1): ...

Each category is a function ``(digit28, rng) -> input`` returning the input exactly as the app or
API receives it: a Gradio 6 Sketchpad dict, an RGBA / RGB / grey numpy array, a PIL image or JPEG
bytes. Blank categories (group "blank") ignore the digit: their right answer is "no digit" or "not
sure" (label None). Every input is a deterministic function of (seed, category, index). The photo,
scan and blank categories live in :mod:`mnist_demo_dev.photo_sim`; this module holds the registry,
the canvases, tight crops, low resolution and the old pen-trajectory set.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from . import pen

VALIDATION_SIZE = 5000  # exactly the hold-out of mnist_demo.train ...
VALIDATION_SEED = 1  # ... with its seed
CANVAS_SIDES = (400, 800)  # canvases are this many pixels (min, max), square or not
SMALL_CANVAS = (64, 128)  # a small drawing area
DIGIT_FILL = (0.3, 0.9)  # the digit's height as a share of the canvas height
DARK_THEME = (0x33, 0x33, 0x33)
INKS = ((25, 55, 190), (200, 30, 30), (20, 140, 60), (120, 40, 160), (230, 120, 20), (0, 120, 200))
LIGHT_INKS = ((255, 255, 255), (235, 235, 235), (250, 220, 120), (140, 200, 255))
FILLED_LEVEL = (0.3, 0.6)  # threshold of the smooth upscale: bolder .. thinner MNIST outlines
MOUSE_WIDTH = (1, 2)  # px
THIN_WIDTH = (0.015, 0.04)  # pen widths as a share of the digit height ...
MEDIUM_WIDTH = (0.05, 0.12)
THICK_WIDTH = (0.15, 0.24)  # ... a very thick brush (loops nearly close)
TIGHT_HEIGHT = (20, 300)  # tight crops: digit height in pixels
TIGHT_MARGIN = (1, 3)  # px of paper on the "touching" sides of the margin variant
FREE_MARGIN = (0.1, 0.6)  # paper on the non-touching sides, share of the digit height
LOWRES_UPSCALED = (200, 400)  # low-resolution pictures upscaled to this many pixels


@dataclass(frozen=True)
class Category:
    name: str
    group: str
    description: str
    make: Callable[[np.ndarray, np.random.Generator], Any]
    has_digit: bool = True
    uses_label: bool = False  # make() gets the label (an int), not an MNIST image


CATEGORIES: dict[str, Category] = {}


def category(name: str, group: str, description: str, has_digit: bool = True, uses_label: bool = False):
    """Decorator: register ``make(digit28, rng)`` as a category."""
    def register(make):
        CATEGORIES[name] = Category(name, group, description, make, has_digit, uses_label)
        return make
    return register


def rng_for(seed: int, name: str, index: int) -> np.random.Generator:
    key = zlib.crc32(name.encode("utf-8"))  # stable across runs, unlike hash()
    return np.random.default_rng(np.random.SeedSequence([int(seed) & 0xFFFFFFFF, key, int(index)]))


def make(name: str, digit28: np.ndarray | int | None, seed: int = 0, index: int = 0) -> Any:
    """One input of category ``name`` from a 28x28 MNIST digit (the label for pen_trajectory, None for blank)."""
    _load_all()
    return CATEGORIES[name].make(digit28, rng_for(seed, name, index))


def load_validation(path=None) -> tuple[np.ndarray, np.ndarray]:
    """MNIST's validation split exactly as training holds it out (``--data`` / ``$MNIST_NPZ``)."""
    from mnist_demo.data import load_mnist, split_validation

    (x_train, y_train), _ = load_mnist(path)
    _, (x_val, y_val) = split_validation(x_train, y_train, VALIDATION_SIZE, seed=VALIDATION_SEED)
    return x_val, y_val


def select(names: Sequence[str] | None) -> list[str]:
    """Category names from names or group names (all when empty), in registry order."""
    _load_all()
    if not names:
        return list(CATEGORIES)
    wanted = set(names)
    unknown = wanted - set(CATEGORIES) - {c.group for c in CATEGORIES.values()}
    if unknown:
        raise ValueError(f"unknown categories or groups {sorted(unknown)}; known: {list(CATEGORIES)}")
    return [n for n, c in CATEGORIES.items() if n in wanted or c.group in wanted]


def dev_set(x_val: np.ndarray, y_val: np.ndarray, names: Sequence[str] | None, per_category: int,
            seed: int) -> Iterator[tuple[str, int | None, Any]]:
    """Yield ``(category, label, input)``; label None for blank categories. Digits cycle 0..9."""
    by_digit = [np.flatnonzero(y_val == d) for d in range(10)]
    for name in select(names):
        for index in range(per_category):
            rng = rng_for(seed, name, index)
            if CATEGORIES[name].has_digit:
                digit = index % 10
                if CATEGORIES[name].uses_label:
                    yield name, digit, CATEGORIES[name].make(digit, rng)
                    continue
                image = x_val[by_digit[digit][rng.integers(len(by_digit[digit]))]]
                yield name, digit, CATEGORIES[name].make(image, rng)
            else:
                yield name, None, CATEGORIES[name].make(None, rng)


def _load_all() -> None:
    from . import photo_sim  # noqa: F401  (registers the photo, scan and blank categories)


# Helpers ------------------------------------------------------------------------------------

def uniform(rng: np.random.Generator, bounds: tuple[float, float]) -> float:
    return float(rng.uniform(*bounds))


def pen_width(rng: np.random.Generator, bounds: tuple[float, float], height: float) -> float:
    return max(1.0, uniform(rng, bounds) * height)


def canvas_cover(digit28: np.ndarray, rng: np.random.Generator, style: str,
                 side: tuple[int, int] = CANVAS_SIDES, fill: tuple[float, float] = DIGIT_FILL,
                 supersample: int = pen.SUPERSAMPLE) -> np.ndarray:
    """A canvas-sized coverage map (h, w) with the digit drawn in ``style`` anywhere on it."""
    w, h = (int(rng.integers(side[0], side[1] + 1)) for _ in range(2))
    if rng.random() < 0.5:
        w = h
    height = uniform(rng, fill) * h
    if style == "filled":
        cover = pen.filled(digit28, height, uniform(rng, FILLED_LEVEL))
    else:
        bounds = {"mouse": None, "thin": THIN_WIDTH, "medium": MEDIUM_WIDTH, "thick": THICK_WIDTH}[style]
        width = rng.integers(MOUSE_WIDTH[0], MOUSE_WIDTH[1] + 1) if bounds is None else pen_width(rng, bounds, height)
        cover = pen.skeleton_pen(digit28, height - width, width, supersample)
    cover = pen.trim(cover, 0.05)
    if cover.shape[1] > w:  # a very wide digit on a narrow canvas: shrink it
        cover = pen.resize(cover, w, max(1, round(cover.shape[0] * w / cover.shape[1])))
    return pen.place(cover, h, w, rng)[0]


def sketchpad(cover: np.ndarray, ink=(0, 0, 0), background=(255, 255, 255)) -> dict[str, Any]:
    """A Gradio 6 Sketchpad value: opaque background, the strokes in a transparent RGBA layer."""
    alpha = Image.fromarray(np.round(cover * 255).astype(np.uint8), "L")
    size = alpha.size
    layer = np.zeros((*cover.shape, 4), np.uint8)
    layer[..., :3] = ink
    layer[..., 3] = np.asarray(alpha)
    bg = Image.new("RGBA", size, (*background, 255))
    composite = Image.composite(Image.new("RGBA", size, (*ink, 255)), bg, alpha)
    return {"background": np.array(bg), "layers": [layer], "composite": np.array(composite)}


def rgb(cover: np.ndarray, ink, paper) -> np.ndarray:
    a = cover[..., None]
    return np.round(np.asarray(paper, np.float32) * (1 - a) + np.asarray(ink, np.float32) * a).astype(np.uint8)


def grey(cover: np.ndarray, ink: float, paper: float) -> np.ndarray:
    return np.round(paper * (1 - cover) + ink * cover).astype(np.uint8)


def _pick(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


# Canvases -----------------------------------------------------------------------------------

@category("canvas_sketchpad", "canvas",
          "Sketchpad dict: black strokes (pen 5-12 % of height) in a transparent layer over white")
def _canvas_sketchpad(d, rng):
    return sketchpad(canvas_cover(d, rng, "medium"))


@category("canvas_transparent_png", "canvas",
          "RGBA array, transparent background, black ink only in alpha (exported PNG)")
def _canvas_transparent(d, rng):
    cover = canvas_cover(d, rng, _pick(rng, ("filled", "medium")))
    out = np.zeros((*cover.shape, 4), np.uint8)
    out[..., 3] = np.round(cover * 255)
    return out


@category("canvas_black_on_white", "canvas", "RGB array, black real-outline strokes on white")
def _canvas_black_on_white(d, rng):
    return rgb(canvas_cover(d, rng, "filled"), (0, 0, 0), (255, 255, 255))


@category("canvas_white_on_black", "canvas", "RGB array, white strokes on black")
def _canvas_white_on_black(d, rng):
    return rgb(canvas_cover(d, rng, _pick(rng, ("filled", "medium"))), (255, 255, 255), (0, 0, 0))


@category("canvas_colored_ink", "canvas", "RGB array, blue/red/green/purple/orange ink on white")
def _canvas_colored(d, rng):
    return rgb(canvas_cover(d, rng, _pick(rng, ("filled", "medium", "thin"))), _pick(rng, INKS), (255, 255, 255))


@category("canvas_dark_theme", "canvas", "Sketchpad dict on the dark theme's #333333, light ink in the layer")
def _canvas_dark(d, rng):
    return sketchpad(canvas_cover(d, rng, _pick(rng, ("medium", "thin"))), _pick(rng, LIGHT_INKS), DARK_THEME)


@category("canvas_mouse_1px", "canvas", "Sketchpad dict, 1-2 px mouse lines on 400-800 px")
def _canvas_mouse(d, rng):
    return sketchpad(canvas_cover(d, rng, "mouse"))


@category("canvas_mouse_small", "canvas", "Sketchpad dict 64-128 px, 1 px mouse lines (a quick small drawing)")
def _canvas_mouse_small(d, rng):
    return sketchpad(canvas_cover(d, rng, "mouse", side=SMALL_CANVAS, fill=(0.5, 0.9), supersample=1))


@category("canvas_thin_pen", "canvas", "Sketchpad dict, thin pen 1.5-4 % of the digit height")
def _canvas_thin(d, rng):
    return sketchpad(canvas_cover(d, rng, "thin"))


@category("canvas_thick_brush", "canvas", "Sketchpad dict, very thick brush 15-24 % of the digit height")
def _canvas_thick(d, rng):
    return sketchpad(canvas_cover(d, rng, "thick"))


# Tight crops ----------------------------------------------------------------------------------

def tight(d: np.ndarray, rng: np.random.Generator, edges: int, margin: bool) -> Any:
    """The digit cropped to touch ``edges`` picture edges (or 1-3 px short of them), dark on light."""
    height = uniform(rng, TIGHT_HEIGHT)
    if rng.random() < 0.5:
        cover = pen.filled(d, height, uniform(rng, FILLED_LEVEL))
    else:
        cover = pen.skeleton_pen(d, height, pen_width(rng, MEDIUM_WIDTH, height))
    cover = pen.trim(cover, 0.3)
    sides = rng.permutation(4)[:edges]
    pads = []
    for side in range(4):
        if side in sides:
            pads.append(int(rng.integers(TIGHT_MARGIN[0], TIGHT_MARGIN[1] + 1)) if margin else 0)
        else:
            pads.append(int(uniform(rng, FREE_MARGIN) * cover.shape[0]))
    cover = np.pad(cover, ((pads[0], pads[1]), (pads[2], pads[3])))
    paper, ink = rng.integers(200, 256), rng.integers(0, 121)
    picture = grey(cover, ink, paper)
    return picture if rng.random() < 0.5 else Image.fromarray(picture).convert("RGB")


for _k in (1, 2, 3, 4):
    category(f"tight_{_k}edge{'s' if _k > 1 else ''}", "tight",
             f"digit cropped touching {_k} picture edge(s), grey ink on light paper, 20-300 px")(
        lambda d, rng, k=_k: tight(d, rng, k, margin=False))
category("tight_margin", "tight", "like tight_1-4 edges but 1-3 px of paper on the touching sides")(
    lambda d, rng: tight(d, rng, int(rng.integers(1, 5)), margin=True))


# Low resolution -------------------------------------------------------------------------------

def small_picture(d: np.ndarray, rng: np.random.Generator, size: int, binary: bool | None = None,
                  light_on_dark: bool | None = None, stretch: bool = False) -> np.ndarray:
    """A size x size grey picture whose digit fills the box (0-2 px margin)."""
    margin = int(rng.integers(0, 3)) if size >= 20 else int(rng.integers(0, 2))
    box = size - 2 * margin
    cover = pen.trim(pen.filled(d, 8 * size, uniform(rng, FILLED_LEVEL)), 0.3)
    h, w = cover.shape
    scale = box / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    if stretch:  # fill the square: height to the box, width stretched towards it
        new_h = box
        new_w = min(box, max(1, round(box * w / h * uniform(rng, (1.5, 3.0)))))
    small = pen.resize(cover, new_w, new_h)
    frame = np.zeros((size, size), np.float32)
    top = (size - new_h) // 2 + int(rng.integers(-margin, margin + 1)) // 2
    left = (size - new_w) // 2 + int(rng.integers(-margin, margin + 1)) // 2
    pen.paste(frame, small, top, left)
    binary = rng.random() < 0.5 if binary is None else binary
    if binary:
        frame = (frame > 0.5).astype(np.float32)
    light_on_dark = rng.random() < 0.5 if light_on_dark is None else light_on_dark
    return grey(frame, 255, 0) if light_on_dark else grey(frame, 0, 255)


for _size in (16, 20, 32, 64):
    category(f"lowres_{_size}", "lowres", f"{_size}x{_size} picture, digit fills it, grey or binary, either polarity")(
        lambda d, rng, s=_size: small_picture(d, rng, s))
category("lowres_binary", "lowres", "16-64 px binary (black/white only) pictures, either polarity")(
    lambda d, rng: small_picture(d, rng, int(_pick(rng, (16, 20, 28, 32, 64))), binary=True))


@category("lowres_8_counts", "lowres",
          "8x8: the ink pixels of a 32x32 bitmap counted in 4x4 blocks (the UCI optdigits format), either polarity")
def _block_counts(d, rng):
    bitmap = small_picture(d, rng, 32, binary=True).astype(np.float32)
    return np.round(bitmap.reshape(8, 4, 8, 4).mean(axis=(1, 3))).astype(np.uint8)


def _upscaled(d, rng, method):
    small = small_picture(d, rng, int(_pick(rng, (16, 20, 32, 64))))
    side = int(rng.integers(LOWRES_UPSCALED[0], LOWRES_UPSCALED[1] + 1))
    return np.asarray(Image.fromarray(small).resize((side, side), method))


category("lowres_up_nearest", "lowres", "16-64 px pictures upscaled (nearest) to 200-400 px")(
    lambda d, rng: _upscaled(d, rng, Image.NEAREST))
category("lowres_up_bilinear", "lowres", "16-64 px pictures upscaled (bilinear) to 200-400 px")(
    lambda d, rng: _upscaled(d, rng, Image.BILINEAR))
category("stretched_square", "lowres", "digit stretched (aspect not kept) to fill a 16-128 px square")(
    lambda d, rng: small_picture(d, rng, int(_pick(rng, (16, 20, 28, 32, 64, 128))), stretch=True))


# The old pen-trajectory renderer --------------------------------------------------------------

@category("pen_trajectory", "pen", "mnist_demo_dev.synthetic: our own pen-trajectory renderer, all its styles",
          uses_label=True)
def _pen_trajectory(label, rng):
    from . import synthetic

    return synthetic.render(int(label), rng, _pick(rng, synthetic.STYLES))
