"""Synthetic handwriting-like digits rendered as the app really receives them (NOT MNIST).

Each digit 0-9 has several pen-trajectory templates (writer variants: a 1 as a bar, with a flag,
with flag and base; a 7 with and without crossbar; an open or closed 4, ...). A sample draws one
variant, perturbs it like a human writer would (slant, rotation, aspect, size, control-point
jitter, smooth wobble, pen-pressure width changes) and renders it in one input *style*:

    ===============  ===========================================================================
    canvas           Gradio 6 Sketchpad dict, 800x800 RGBA, black round brush 15-45 px, white bg
    canvas_dark      the same dict with a #333333 background (dark theme); ink black in the layer
    mouse_thin       Sketchpad dict, 1-4 px wide jittery mouse strokes
    colored_ink      RGB ndarray (H, W, 3), 200-1000 px, blue/red/green/purple ink on white
    white_on_black   RGB ndarray (H, W, 3), 200-1000 px, white ink on black
    pencil           grey-scale ndarray (H, W), 200-1000 px, grainy grey (90-160) ink on paper
    photo_clean      PIL RGB phone photo, 1000-3000 px, off-white paper, mild light, JPEG 70-95
    photo_hard       PIL RGB phone photo: strong light gradient, shadow, table border, specks,
                     ruled/grid lines, rotation, stronger noise, JPEG 40-70
    scan             PIL RGB flatbed scan, 1700-3500 px, white paper, grey ink, slight skew
    ===============  ===========================================================================

    from mnist_demo_dev import synthetic
    x = synthetic.make_sample(7, "photo_hard", seed=3)           # one input
    for style, label, x in synthetic.generate(["canvas"], per_digit=5, seed=0): ...

    python -m mnist_demo_dev.synthetic --sheet /tmp/synth_sheet.png    # contact sheet to look at
    python -m mnist_demo_dev.synthetic --write-examples assets/examples  # the app's example inputs
    python -m mnist_demo_dev.synthetic --time 200                        # generation speed

Pure numpy + Pillow; no TensorFlow and no file I/O at import. Every sample is a deterministic
function of (digit, style, seed, index).
"""

from __future__ import annotations

import argparse
import io
import math
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

CANVAS_STYLES = ("canvas", "canvas_dark", "mouse_thin", "colored_ink", "white_on_black", "pencil")
PHOTO_STYLES = ("photo_clean", "photo_hard", "scan")
STYLES = CANVAS_STYLES + PHOTO_STYLES
SKETCHPAD_SIZE = 800
DARK_THEME_BACKGROUND = (0x33, 0x33, 0x33)

# --------------------------------------------------------------------------------------------
# Templates. Unit box, x to the right, y DOWN, the digit roughly in x 0.15-0.85, y 0-1.
# A stroke (one pen-down) is a list of pieces; each piece is a list of control points that a
# smooth spline passes through; consecutive pieces meet at a sharp corner (the next piece starts
# at the previous piece's last point).
# --------------------------------------------------------------------------------------------


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, stop: float,
         step: float = 40.0) -> list[tuple[float, float]]:
    """Control points on an ellipse; angles in degrees, 90 = top, increasing = anticlockwise."""
    n = max(2, int(math.ceil(abs(stop - start) / step)) + 1)
    angles = np.radians(np.linspace(start, stop, n))
    return [(cx + rx * math.cos(a), cy - ry * math.sin(a)) for a in angles]


_NINE_LOOP = [(0.74, 0.2), (0.6, 0.06), (0.4, 0.06), (0.26, 0.2), (0.28, 0.38), (0.44, 0.47),
              (0.62, 0.43), (0.74, 0.3), (0.75, 0.18)]

TEMPLATES: dict[int, list[list[list[list[tuple[float, float]]]]]] = {
    0: [
        [[_arc(0.5, 0.5, 0.31, 0.46, 100, 475)]],                          # round, anticlockwise
        [[_arc(0.5, 0.5, 0.19, 0.47, 80, 450, 25)]],                       # narrow oval
        [[_arc(0.5, 0.5, 0.27, 0.45, 70, -300)]],                          # clockwise, slight gap
    ],
    1: [
        [[[(0.53, 0.02), (0.5, 0.5), (0.47, 0.98)]]],                      # plain bar
        [[[(0.38, 0.21), (0.55, 0.02)], [(0.53, 0.5), (0.52, 0.98)]]],     # with a flag
        [[[(0.38, 0.2), (0.54, 0.02)], [(0.53, 0.5), (0.53, 0.96)]],       # flag and base
         [[(0.28, 0.97), (0.52, 0.965), (0.78, 0.96)]]],
    ],
    2: [
        [[[(0.2, 0.3), (0.3, 0.12), (0.5, 0.04), (0.7, 0.1), (0.79, 0.28), (0.72, 0.48),
           (0.5, 0.7), (0.2, 0.95)], [(0.5, 0.945), (0.85, 0.94)]]],       # no loop
        [[[(0.2, 0.3), (0.3, 0.12), (0.5, 0.04), (0.7, 0.1), (0.79, 0.28), (0.72, 0.48),
           (0.5, 0.68), (0.32, 0.85), (0.22, 0.93), (0.16, 0.86), (0.22, 0.78), (0.32, 0.8),
           (0.4, 0.9), (0.55, 0.95), (0.85, 0.93)]]],                      # loop at the bottom
        [[[(0.18, 0.22), (0.32, 0.06), (0.56, 0.04), (0.74, 0.16), (0.72, 0.36)],
          [(0.2, 0.95)], [(0.84, 0.95)]]],                                 # hook + straight Z
    ],
    3: [
        [[[(0.2, 0.17), (0.36, 0.05), (0.58, 0.04), (0.74, 0.15), (0.72, 0.32), (0.5, 0.45)],
          [(0.7, 0.53), (0.8, 0.72), (0.7, 0.89), (0.48, 0.97), (0.2, 0.88)]]],  # rounded
        [[[(0.2, 0.05), (0.8, 0.05)], [(0.45, 0.4)],
          [(0.68, 0.47), (0.8, 0.66), (0.74, 0.86), (0.5, 0.96), (0.2, 0.87)]]],  # flat top
        [[[(0.24, 0.12), (0.42, 0.03), (0.62, 0.06), (0.7, 0.22), (0.58, 0.4), (0.4, 0.47),
           (0.6, 0.52), (0.76, 0.68), (0.72, 0.86), (0.52, 0.97), (0.3, 0.95), (0.18, 0.84)]]],
    ],
    4: [
        [[[(0.28, 0.04), (0.2, 0.6)], [(0.86, 0.59)]],                     # open top
         [[(0.68, 0.12), (0.67, 0.55), (0.66, 0.98)]]],
        [[[(0.62, 0.02), (0.15, 0.66)], [(0.87, 0.65)]],                   # closed (triangle)
         [[(0.63, 0.03), (0.63, 0.5), (0.63, 0.98)]]],
        [[[(0.42, 0.03), (0.18, 0.58)], [(0.85, 0.56)]],                   # open, slanted
         [[(0.72, 0.24), (0.7, 0.6), (0.68, 0.98)]]],
    ],
    5: [
        [[[(0.32, 0.08), (0.28, 0.46)], [(0.44, 0.38), (0.64, 0.41), (0.77, 0.58), (0.75, 0.8),
                                         (0.56, 0.95), (0.32, 0.95), (0.18, 0.85)]],
         [[(0.32, 0.07), (0.56, 0.065), (0.8, 0.05)]]],                     # separate hat
        [[[(0.8, 0.06), (0.31, 0.07)], [(0.27, 0.45)],
          [(0.46, 0.39), (0.67, 0.44), (0.78, 0.63), (0.7, 0.85), (0.48, 0.96), (0.2, 0.87)]]],
        [[[(0.3, 0.04), (0.26, 0.48)], [(0.4, 0.42), (0.62, 0.45), (0.76, 0.62), (0.72, 0.84),
                                         (0.5, 0.97), (0.28, 0.94), (0.18, 0.82)]],
         [[(0.3, 0.05), (0.78, 0.02)]]],                                   # hat drawn last
    ],
    6: [
        [[[(0.72, 0.05), (0.5, 0.14), (0.32, 0.35), (0.22, 0.6), (0.26, 0.84), (0.46, 0.97),
           (0.68, 0.9), (0.76, 0.7), (0.64, 0.54), (0.44, 0.52), (0.27, 0.63)]]],
        [[[(0.64, 0.02), (0.42, 0.3), (0.27, 0.6), (0.28, 0.86), (0.48, 0.97), (0.7, 0.87),
           (0.73, 0.68), (0.55, 0.56), (0.3, 0.66)]]],                      # straighter stem
        [[[(0.68, 0.08), (0.52, 0.03), (0.34, 0.14), (0.24, 0.42), (0.24, 0.72), (0.38, 0.94),
           (0.6, 0.95), (0.74, 0.78), (0.66, 0.6), (0.46, 0.58), (0.28, 0.7)]]],  # hooked top
    ],
    7: [
        [[[(0.18, 0.08), (0.5, 0.075), (0.82, 0.07)], [(0.6, 0.42), (0.42, 0.97)]]],
        [[[(0.18, 0.08), (0.5, 0.075), (0.82, 0.07)], [(0.6, 0.42), (0.42, 0.97)]],
         [[(0.36, 0.52), (0.58, 0.51), (0.8, 0.5)]]],                      # with crossbar
        [[[(0.2, 0.25), (0.18, 0.08)], [(0.5, 0.09), (0.82, 0.08)], [(0.62, 0.44), (0.46, 0.97)]]],
    ],
    8: [
        [[[(0.7, 0.14), (0.52, 0.04), (0.32, 0.12), (0.32, 0.3), (0.5, 0.46), (0.72, 0.62),
           (0.74, 0.84), (0.52, 0.96), (0.28, 0.86), (0.28, 0.64), (0.5, 0.46), (0.68, 0.3),
           (0.71, 0.13)]]],                                                # one stroke
        [[_arc(0.5, 0.26, 0.19, 0.22, 270, 630)],                           # two stacked loops
         [_arc(0.5, 0.71, 0.26, 0.25, 90, 450)]],
        [[[(0.3, 0.13), (0.48, 0.03), (0.68, 0.12), (0.68, 0.3), (0.5, 0.46), (0.3, 0.6),
           (0.27, 0.84), (0.48, 0.97), (0.72, 0.86), (0.72, 0.64), (0.5, 0.46), (0.32, 0.3),
           (0.3, 0.12)]]],                                                 # mirrored start
    ],
    9: [
        [[_NINE_LOOP, [(0.73, 0.55), (0.7, 0.98)]]],                        # straight tail
        [[_NINE_LOOP, [(0.76, 0.45), (0.74, 0.72), (0.58, 0.93), (0.32, 0.92)]]],  # curved tail
        [[_arc(0.47, 0.27, 0.25, 0.23, 0, 360)],                            # loop, then stem
         [[(0.73, 0.1), (0.72, 0.5), (0.67, 0.98)]]],
    ],
}


def n_variants(digit: int) -> int:
    return len(TEMPLATES[digit])


# --------------------------------------------------------------------------------------------
# Geometry: splines, writer variation.
# --------------------------------------------------------------------------------------------


def _centripetal_spline(points: np.ndarray, density: float = 120.0) -> np.ndarray:
    """Centripetal Catmull-Rom curve through ``points`` (N, 2); ~``density`` samples per unit."""
    p = np.asarray(points, dtype=np.float64)
    if len(p) < 2:
        return p
    if len(p) == 2:
        n = max(2, int(np.linalg.norm(p[1] - p[0]) * density))
        t = np.linspace(0.0, 1.0, n)[:, None]
        return p[0] + (p[1] - p[0]) * t
    q = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])
    out = []
    for i in range(1, len(q) - 2):
        p0, p1, p2, p3 = q[i - 1], q[i], q[i + 1], q[i + 2]
        t0 = 0.0
        t1 = t0 + max(np.linalg.norm(p1 - p0), 1e-6) ** 0.5
        t2 = t1 + max(np.linalg.norm(p2 - p1), 1e-6) ** 0.5
        t3 = t2 + max(np.linalg.norm(p3 - p2), 1e-6) ** 0.5
        n = max(3, int(np.linalg.norm(p2 - p1) * density))
        t = np.linspace(t1, t2, n, endpoint=False)[:, None]
        a1 = (t1 - t) / (t1 - t0) * p0 + (t - t0) / (t1 - t0) * p1
        a2 = (t2 - t) / (t2 - t1) * p1 + (t - t1) / (t2 - t1) * p2
        a3 = (t3 - t) / (t3 - t2) * p2 + (t - t2) / (t3 - t2) * p3
        b1 = (t2 - t) / (t2 - t0) * a1 + (t - t0) / (t2 - t0) * a2
        b2 = (t3 - t) / (t3 - t1) * a2 + (t - t1) / (t3 - t1) * a3
        out.append((t2 - t) / (t2 - t1) * b1 + (t - t1) / (t2 - t1) * b2)
    out.append(p[-1:])
    return np.vstack(out)


def _arc_length(path: np.ndarray) -> np.ndarray:
    if len(path) < 2:
        return np.zeros(len(path))
    return np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path, axis=0), axis=1))])


def _resample(path: np.ndarray, spacing: float) -> np.ndarray:
    """Points every ``spacing`` units of arc length along ``path`` (ends kept)."""
    s = _arc_length(path)
    if len(path) < 2 or s[-1] <= spacing:
        return path if len(path) else path.reshape(0, 2)
    n = int(math.ceil(s[-1] / spacing)) + 1
    u = np.linspace(0.0, s[-1], n)
    return np.stack([np.interp(u, s, path[:, 0]), np.interp(u, s, path[:, 1])], axis=1)


def digit_strokes(digit: int, rng: np.random.Generator, variant: int | None = None,
                  amount: float = 1.0) -> list[np.ndarray]:
    """One writer's pen trajectory for ``digit``: a list of (N, 2) float arrays (x, y down).

    The result is centred on (0, 0) with a bounding-box height of 1. ``amount`` scales the
    writer variation (0 = the bare template).
    """
    variants = TEMPLATES[int(digit)]
    template = variants[int(rng.integers(len(variants))) if variant is None else variant % len(variants)]
    # Control-point jitter = a smooth random displacement field (shape changes that keep loops
    # closed and curves smooth) + a little independent jitter per control point.
    field_k = rng.uniform(2.0, 5.0, size=(3, 2, 2))  # spatial frequencies (cycles per unit)
    field_ph = rng.uniform(0, 2 * math.pi, size=(3, 2))
    field_amp = rng.uniform(0.006, 0.018, size=(3, 2)) * amount

    def displace(points: np.ndarray) -> np.ndarray:
        arg = np.einsum("nd,kcd->nkc", points, field_k) * 2 * math.pi + field_ph[None]
        return points + (field_amp[None] * np.sin(arg)).sum(axis=1)

    jitter = 0.008 * amount
    dense: list[np.ndarray] = []
    for stroke in template:
        pieces, last = [], None
        for piece in stroke:
            ctrl = np.asarray(piece, dtype=np.float64)
            ctrl = displace(ctrl) + rng.normal(0.0, jitter, ctrl.shape)
            if last is not None:
                ctrl = np.vstack([last, ctrl])
            curve = _centripetal_spline(ctrl)
            pieces.append(curve if not pieces else curve[1:])
            last = ctrl[-1]
        dense.append(np.vstack(pieces))
    # Slow wobble along the whole trajectory (an unsteady hand), a function of arc length.
    lengths = [_arc_length(p) for p in dense]
    freqs = rng.uniform(0.4, 1.6, size=(2, 2))  # cycles per unit of path length
    phases = rng.uniform(0, 2 * math.pi, size=(2, 2))
    amps = rng.uniform(0.002, 0.008, size=(2, 2)) * amount
    offset = 0.0
    for i, path in enumerate(dense):
        s = offset + lengths[i]
        offset = s[-1]
        wobble = (amps[None] * np.sin(2 * math.pi * freqs[None] * s[:, None, None] + phases[None])).sum(axis=1)
        dense[i] = path + wobble
    # Global writer transform: slant (shear), aspect ratio, rotation.
    slant = float(np.clip(rng.normal(0.12, 0.14), -0.25, 0.45)) * amount
    aspect = float(np.exp(rng.uniform(-0.25, 0.22) * amount))
    angle = float(np.clip(rng.normal(0.0, 7.0), -15, 15)) * amount
    lean = math.degrees(math.atan(slant))  # slant and clockwise rotation add up: cap the total
    angle = math.radians(float(np.clip(angle, -20.0 - lean, 28.0 - lean)))
    cos, sin = math.cos(angle), math.sin(angle)
    out = []
    for path in dense:
        x = (path[:, 0] - 0.5) * aspect + slant * (0.5 - path[:, 1])
        y = path[:, 1] - 0.5
        out.append(np.stack([cos * x - sin * y, sin * x + cos * y], axis=1))
    allpts = np.vstack(out)
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    centre, height = (lo + hi) / 2, max(hi[1] - lo[1], 1e-6)
    return [(p - centre) / height for p in out]


def _bbox(strokes: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    allpts = np.vstack(strokes)
    return allpts.min(axis=0), allpts.max(axis=0)


def _place(strokes: Sequence[np.ndarray], height: float, centre: tuple[float, float],
           angle_deg: float = 0.0) -> list[np.ndarray]:
    """Scale unit-height strokes to ``height`` px, rotate by ``angle_deg`` and move to ``centre``."""
    a = math.radians(angle_deg)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return [(p * height) @ rot.T + np.asarray(centre) for p in strokes]


def _width_profiles(strokes: Sequence[np.ndarray], rng: np.random.Generator, width: float,
                    variation: float, taper: float) -> list[np.ndarray]:
    """Per-point pen width: smooth pressure changes (``variation``) and thinner ends (``taper``)."""
    out = []
    for path in strokes:
        s = _arc_length(path)
        u = s / (s[-1] if s[-1] > 0 else 1.0)
        f, ph = rng.uniform(0.5, 2.5), rng.uniform(0, 2 * math.pi)
        w = 1.0 + variation * np.sin(2 * math.pi * f * u + ph)
        if taper > 0:
            ends = np.minimum(u, 1.0 - u)
            w = w * (1.0 - taper * np.clip(1.0 - ends / 0.08, 0.0, 1.0))
        out.append(np.maximum(width * w, 0.6))
    return out


def _stroke_mask(strokes: Sequence[np.ndarray], size: tuple[int, int], widths: Sequence[Any],
                 supersample: int = 2) -> Image.Image:
    """Anti-aliased ink coverage (PIL 'L', 0-255) of pixel-coordinate strokes, round pen.

    ``widths`` gives each stroke's pen width in px: a number, or one value per point.
    """
    ss = supersample
    img = Image.new("L", (size[0] * ss, size[1] * ss), 0)
    draw = ImageDraw.Draw(img)
    for path, width in zip(strokes, widths):
        path = np.asarray(path, dtype=np.float64) * ss + (ss - 1) / 2.0
        width = np.asarray(width, dtype=np.float64) * ss
        if width.ndim == 0:
            width = np.full(len(path), float(width))
        s = _arc_length(path)
        spacing = max(float(width.min()) / 4.0, 0.75 * ss)
        pts = _resample(path, spacing)
        ws = np.interp(_arc_length(pts), s, width) if len(pts) > 1 else width[:1]
        for i, ((x, y), w) in enumerate(zip(pts, ws)):
            r = w / 2.0
            draw.ellipse([x - r, y - r, x + r, y + r], fill=255)
            if i:
                x0, y0 = pts[i - 1]
                draw.line([(x0, y0), (x, y)], fill=255, width=max(1, int(round(min(w, ws[i - 1])))))
    return img.reduce(ss) if ss > 1 else img


def _digit_geometry(strokes: list[np.ndarray], rng: np.random.Generator, width: int, height: int,
                    digit_height: float, margin: float, edge_probability: float = 0.0,
                    angle_deg: float = 0.0, region: tuple[float, float, float, float] | None = None
                    ) -> list[np.ndarray]:
    """Place unit strokes in a ``width`` x ``height`` frame at a random position inside ``region``.

    The digit is ``digit_height`` px tall, shrunk if needed so that it fits ``margin`` px inside.

    With probability ``edge_probability`` the digit is pushed against one edge (it may touch it).
    """
    x0, y0, x1, y1 = region or (0.0, 0.0, float(width), float(height))
    placed = _place(strokes, digit_height, (0.0, 0.0), angle_deg)
    lo, hi = _bbox(placed)
    fit = min(1.0, (x1 - x0 - 2 * margin) / max(hi[0] - lo[0], 1e-6),
              (y1 - y0 - 2 * margin) / max(hi[1] - lo[1], 1e-6))
    if fit < 1.0:  # too wide (or tall) for the frame: shrink rather than clip
        placed = [p * fit for p in placed]
        lo, hi = lo * fit, hi * fit
    min_cx, max_cx = x0 + margin - lo[0], x1 - margin - hi[0]
    min_cy, max_cy = y0 + margin - lo[1], y1 - margin - hi[1]
    cx = rng.uniform(min_cx, max_cx) if max_cx > min_cx else (x0 + x1) / 2 - (lo[0] + hi[0]) / 2
    cy = rng.uniform(min_cy, max_cy) if max_cy > min_cy else (y0 + y1) / 2 - (lo[1] + hi[1]) / 2
    if rng.random() < edge_probability:
        side = int(rng.integers(4))
        over = rng.uniform(-0.2, 0.5) * margin  # >0: the pen stroke runs off the edge a little
        if side == 0:
            cx = x0 - lo[0] - over
        elif side == 1:
            cx = x1 - hi[0] + over
        elif side == 2:
            cy = y0 - lo[1] - over
        else:
            cy = y1 - hi[1] + over
    return [p + np.array([cx, cy]) for p in placed]


def _log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return float(np.exp(rng.uniform(math.log(low), math.log(high))))


# --------------------------------------------------------------------------------------------
# Drawing-app styles.
# --------------------------------------------------------------------------------------------


def _sketchpad_dict(coverage: np.ndarray, background_rgb: tuple[int, int, int]) -> dict[str, Any]:
    size = coverage.shape
    layer = np.zeros(size + (4,), dtype=np.uint8)
    layer[..., 3] = coverage  # black ink: RGB stays 0
    background = np.empty(size + (4,), dtype=np.uint8)
    background[..., :3] = background_rgb
    background[..., 3] = 255
    alpha = coverage.astype(np.float32)[..., None] / 255.0
    composite = background.copy()
    composite[..., :3] = np.round(background[..., :3] * (1.0 - alpha)).astype(np.uint8)
    return {"background": background, "layers": [layer], "composite": composite}


def render_canvas(digit: int, rng: np.random.Generator, style: str = "canvas",
                  variant: int | None = None, ink: tuple[int, int, int] | None = None) -> Any:
    """Render ``digit`` as a drawing-app input. What comes back depends on ``style``:

    * ``"canvas"``: what a Gradio 6 ``gr.Sketchpad`` delivers,
      ``{"background": bg, "layers": [layer], "composite": comp}`` with numpy uint8 arrays of
      shape (800, 800, 4) RGBA. ``layer`` is fully transparent (alpha 0) except black ink
      (RGB 0, alpha 255, anti-aliased edges) of a round brush 15-45 px wide (at most ~22 % of
      the digit height); ``background`` is opaque white; ``composite`` is the layer
      alpha-blended over the background. The digit is 150-700 px tall, anywhere on the
      canvas, and touches or runs off an edge in about 12 % of samples.
    * ``"canvas_dark"``: the same, but ``background`` and the composite's background are
      #333333 (dark theme). The ink in the layer is still black, so in the composite it is
      low-contrast; the layer's alpha is the reliable signal.
    * ``"mouse_thin"``: the same dict (white background) with 1-4 px wide strokes, sampled like
      mouse events (integer positions every 3-18 px, hand jitter).
    * ``"colored_ink"``: an RGB ndarray (H, W, 3), H and W in 200-1000, blue / red / green /
      purple ink on white (``ink`` forces the colour), as a painting app would export.
    * ``"white_on_black"``: an RGB ndarray (H, W, 3), white ink on a black background.
    * ``"pencil"``: a grey-scale ndarray (H, W) uint8: light, grainy grey ink (90-160) on
      slightly uneven paper (230-250).
    """
    strokes = digit_strokes(digit, rng, variant)
    if style in ("canvas", "canvas_dark", "mouse_thin"):
        size = SKETCHPAD_SIZE
        digit_height = _log_uniform(rng, 150, 700)
        if style == "mouse_thin":
            brush = float(rng.uniform(1.0, 4.0))
            placed = _digit_geometry(strokes, rng, size, size, digit_height, 6.0, 0.08)
            mouse = []
            for path in placed:  # mouse events: integer positions, uneven spacing, hand jitter
                pts = _resample(path, float(rng.uniform(3.0, 18.0)))
                pts = pts + rng.normal(0.0, 0.7, pts.shape)
                jerks = rng.random(len(pts)) < 0.04
                pts[jerks] += rng.normal(0.0, 3.0, (int(jerks.sum()), 2))
                mouse.append(np.round(pts))
            mask = _stroke_mask(mouse, (size, size), [brush] * len(mouse), supersample=4)
        else:
            brush = float(np.clip(rng.uniform(15.0, 45.0), 15.0, max(15.0, 0.22 * digit_height)))
            placed = _digit_geometry(strokes, rng, size, size, digit_height, brush / 2 + 4, 0.12)
            mask = _stroke_mask(placed, (size, size), [brush] * len(placed), supersample=4)
        bg = DARK_THEME_BACKGROUND if style == "canvas_dark" else (255, 255, 255)
        return _sketchpad_dict(np.asarray(mask), bg)

    if style not in ("colored_ink", "white_on_black", "pencil"):
        raise ValueError(f"unknown drawing style {style!r}; expected one of {CANVAS_STYLES}")
    width, height = (int(v) for v in rng.integers(200, 1001, size=2))
    if max(width, height) > 1.7 * min(width, height):  # keep the frame plausibly shaped
        width = height = min(width, height) if rng.random() < 0.5 else max(width, height)
    digit_height = min(width, height) * float(rng.uniform(0.4, 0.85))
    if style == "pencil":
        pen = digit_height * float(rng.uniform(0.015, 0.045))
        placed = _digit_geometry(strokes, rng, width, height, digit_height, pen + 3)
        widths = _width_profiles(placed, rng, pen, 0.25, 0.4)
        cover = np.asarray(_stroke_mask(placed, (width, height), widths, 2), dtype=np.float32) / 255
        grain = rng.uniform(0.35, 1.0, cover.shape).astype(np.float32)  # graphite on paper tooth
        grain = np.asarray(Image.fromarray((grain * 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(0.6)), dtype=np.float32) / 255
        paper = float(rng.uniform(232, 250))
        shade = _smooth_field(rng, width, height, 2.5)
        paper_img = paper + shade + rng.normal(0.0, 1.5, cover.shape)
        ink_value = float(rng.uniform(90, 160))
        darkness = np.clip(cover * np.clip(grain * 1.35, 0, 1), 0, 1)
        out = paper_img * (1 - darkness) + ink_value * darkness
        return np.clip(np.round(out), 0, 255).astype(np.uint8)

    pen = digit_height * float(rng.uniform(0.05, 0.14))
    placed = _digit_geometry(strokes, rng, width, height, digit_height, pen / 2 + 3)
    widths = _width_profiles(placed, rng, pen, 0.08, 0.0)
    cover = np.asarray(_stroke_mask(placed, (width, height), widths, 2), dtype=np.float32)[..., None] / 255
    if style == "white_on_black":
        bg = np.array([rng.integers(0, 25)] * 3, dtype=np.float32)
        ink_rgb = np.array([rng.integers(225, 256)] * 3, dtype=np.float32)
    else:
        bg = np.array([rng.integers(245, 256)] * 3, dtype=np.float32)
        palettes = {"blue": ((15, 60), (40, 100), (150, 230)), "red": ((170, 225), (15, 50), (25, 70)),
                    "green": ((10, 60), (110, 160), (40, 90)), "purple": ((100, 150), (20, 60), (140, 190))}
        if ink is None:
            name = ("blue", "red", "green", "purple")[int(rng.choice(4, p=[0.45, 0.3, 0.15, 0.1]))]
            ink = tuple(int(rng.integers(lo, hi)) for lo, hi in palettes[name])
        ink_rgb = np.array(ink, dtype=np.float32)
    out = bg * (1 - cover) + ink_rgb * cover
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def _smooth_field(rng: np.random.Generator, width: int, height: int, amplitude: float) -> np.ndarray:
    """Low-frequency random field (H, W) float32 with values about +-``amplitude``."""
    coarse = rng.normal(0.0, amplitude, (4, 4)).astype(np.float32)
    return np.asarray(Image.fromarray(coarse, mode="F").resize((width, height), Image.BICUBIC))


# --------------------------------------------------------------------------------------------
# Photo / scan styles.
# --------------------------------------------------------------------------------------------

_WORK_LONG_SIDE = 1200  # photos are composed at <= this size, then upscaled (camera softness)


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=int(quality))
    buf.seek(0)
    out = Image.open(buf)
    out.load()
    return out.convert("RGB")


def _line_mask(size: tuple[int, int], lines: Iterable[tuple[float, float, float, float]], width: int,
               ss: int = 2) -> np.ndarray:
    img = Image.new("L", (size[0] * ss, size[1] * ss), 0)
    draw = ImageDraw.Draw(img)
    for x0, y0, x1, y1 in lines:
        draw.line([(x0 * ss, y0 * ss), (x1 * ss, y1 * ss)], fill=255, width=max(1, width * ss))
    return np.asarray(img.reduce(ss), dtype=np.float32) / 255


def _rotated_lines(w: int, h: int, angle_deg: float, positions: Iterable[float],
                   vertical: bool) -> list[tuple[float, float, float, float]]:
    """Long lines (horizontal, or vertical) at signed offsets ``positions`` from the frame
    centre, rotated by ``angle_deg`` about the centre: (x0, y0, x1, y1) each."""
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    cx, cy, r = w / 2, h / 2, math.hypot(w, h)
    out = []
    for t in positions:
        p0, p1 = ((t, -r), (t, r)) if vertical else ((-r, t), (r, t))
        (x0, y0), (x1, y1) = ((cx + c * x - s * y, cy + s * x + c * y) for x, y in (p0, p1))
        out.append((x0, y0, x1, y1))
    return out


def _ruling(extent: float, spacing: float, offset: float) -> np.ndarray:
    """Line positions every ``spacing`` covering +-``extent`` (relative to the centre)."""
    return np.arange(-extent + offset % spacing, extent, spacing)


def render_photo(digit: int, rng: np.random.Generator, style: str = "photo_clean",
                 variant: int | None = None) -> Image.Image:
    """Render ``digit`` written on paper as a camera or scanner delivers it: a PIL RGB image.

    * ``"photo_clean"``: dark pen ink on slightly off-white paper, a mild light gradient and
      vignette, slight blur, sensor noise, JPEG re-encoding (quality 70-95, through in-memory
      JPEG bytes). Long side 1000-3000 px (4:3, 3:4, 16:9, 9:16 or 1:1); the digit's height is
      20-60 % of the frame height.
    * ``"photo_hard"``: the same with uneven light (a strong gradient, the paper darker at one
      side), a soft shadow, a dark table border along one or two edges, specks and dots,
      light blue / grey ruled or grid lines (sometimes a red margin line), the whole photo
      rotated by up to +-6 degrees, stronger noise and JPEG quality 40-70.
    * ``"scan"``: flatbed scan: clean white background, slightly grey ink, no lines, long side
      1700-3500 px (A4-like 1:1.41 or letter-like 1:1.29), the digit 10-35 % of the page
      height, a skew of up to +-2 degrees, light blur, JPEG quality 85-95.
    """
    strokes = digit_strokes(digit, rng, variant)
    if style == "scan":
        return _render_scan(strokes, rng)
    if style not in ("photo_clean", "photo_hard"):
        raise ValueError(f"unknown photo style {style!r}; expected one of {PHOTO_STYLES}")
    hard = style == "photo_hard"
    long_side = int(_log_uniform(rng, 1000, 3000))
    ratio = float(rng.choice([4 / 3, 3 / 4, 16 / 9, 9 / 16, 1.0], p=[0.25, 0.4, 0.1, 0.15, 0.1]))
    W, H = (long_side, round(long_side / ratio)) if ratio >= 1 else (round(long_side * ratio), long_side)
    scale = min(1.0, _WORK_LONG_SIDE / long_side)
    w, h = max(1, round(W * scale)), max(1, round(H * scale))
    angle = float(rng.uniform(-6, 6)) if hard else float(rng.uniform(-1.5, 1.5))

    # Table border along one or two edges (hard): fraction of the frame covered at each side.
    borders = {}
    if hard and rng.random() < 0.8:
        sides = rng.choice(4, size=int(rng.integers(1, 3)), replace=False)
        for side in sides:
            borders[int(side)] = float(rng.uniform(0.03, 0.12))
    region = (w * borders.get(0, 0), h * borders.get(2, 0), w * (1 - borders.get(1, 0)), h * (1 - borders.get(3, 0)))

    digit_height = h * float(rng.uniform(0.2, 0.6))
    pen = digit_height * float(rng.uniform(0.025, 0.09))
    placed = _digit_geometry(strokes, rng, w, h, digit_height, pen + 0.02 * min(w, h), angle_deg=angle,
                             region=region)
    widths = _width_profiles(placed, rng, pen, 0.15, 0.3)
    ink_cover = np.asarray(_stroke_mask(placed, (w, h), widths, 2), dtype=np.float32) / 255

    grey, warm = float(rng.uniform(222, 248)), float(rng.uniform(-4, 8))  # off-white, warm or cool
    paper = np.array([grey + warm / 2, grey, grey - warm], np.float32)
    img = np.empty((h, w, 3), np.float32)
    img[:] = paper
    img += _smooth_field(rng, w, h, 3.0)[..., None]

    if hard and rng.random() < 0.75:  # ruled or grid paper
        grid = rng.random() < 0.4
        spacing = h * (float(rng.uniform(0.03, 0.06)) if grid else float(rng.uniform(0.05, 0.1)))
        colour = np.array([rng.uniform(140, 190), rng.uniform(170, 210), rng.uniform(205, 240)]
                          if rng.random() < 0.7 else [rng.uniform(150, 190)] * 3, np.float32)
        extent = math.hypot(w, h) / 2
        lines = _rotated_lines(w, h, angle, _ruling(extent, spacing, float(rng.uniform(0, spacing))), False)
        if grid:
            lines += _rotated_lines(w, h, angle, _ruling(extent, spacing, float(rng.uniform(0, spacing))), True)
        lw = max(1, round(min(w, h) * float(rng.uniform(0.001, 0.0025))))
        cover = _line_mask((w, h), lines, lw)[..., None] * float(rng.uniform(0.5, 0.9))
        img = img * (1 - cover) + colour * cover
        if not grid and rng.random() < 0.2:  # red margin line near the left edge
            margin = _rotated_lines(w, h, angle, [w * (float(rng.uniform(0.06, 0.14)) - 0.5)], True)
            cover = _line_mask((w, h), margin, lw)[..., None] * 0.7
            img = img * (1 - cover) + np.array([225, 120, 130], np.float32) * cover

    ink = np.array([rng.uniform(10, 55), rng.uniform(10, 55), rng.uniform(20, 90)], np.float32)
    opacity = float(rng.uniform(0.85, 1.0))
    img = img * (1 - ink_cover[..., None] * opacity) + ink * ink_cover[..., None] * opacity

    if hard:  # specks and dots
        specks = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(specks)
        for _ in range(int(rng.integers(5, 40))):
            x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.4, 2.2) * max(1.0, min(w, h) / 800)
            d.ellipse([x - r, y - r, x + r, y + r], fill=int(rng.integers(60, 230)))
        cover = np.asarray(specks.filter(ImageFilter.GaussianBlur(0.5)), np.float32)[..., None] / 255
        img = img * (1 - cover) + 50.0 * cover

    if borders:  # dark table along the chosen edges, edges tilted with the paper
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        a = math.radians(angle + float(rng.uniform(-2, 2)))
        table = np.zeros((h, w), np.float32)
        for side, frac in borders.items():
            if side == 0:
                d = w * frac + math.tan(a) * (yy - h / 2) - xx
            elif side == 1:
                d = xx - (w * (1 - frac) + math.tan(a) * (yy - h / 2))
            elif side == 2:
                d = h * frac - math.tan(a) * (xx - w / 2) - yy
            else:
                d = yy - (h * (1 - frac) - math.tan(a) * (xx - w / 2))
            table = np.maximum(table, np.clip(d + 0.5, 0, 1))
        kind = rng.random()
        base = (np.array([rng.uniform(70, 120), rng.uniform(45, 75), rng.uniform(25, 50)], np.float32)
                if kind < 0.5 else np.array([rng.uniform(15, 70)] * 3, np.float32))
        table_img = base + _smooth_field(rng, w, h, 10.0)[..., None]
        img = img * (1 - table[..., None]) + table_img * table[..., None]

    # Light: a linear gradient in a random direction, vignette, and (hard) a soft shadow.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    xn, yn = xx / w - 0.5, yy / h - 0.5
    theta = rng.uniform(0, 2 * math.pi)
    ramp = (math.cos(theta) * xn + math.sin(theta) * yn) / (abs(math.cos(theta)) / 2 + abs(math.sin(theta)) / 2) / 2 + 0.5
    strength = float(rng.uniform(0.3, 0.5) if hard else rng.uniform(0.0, 0.12))
    light = 1.0 - strength * ramp - float(rng.uniform(0.0, 0.15)) * (xn ** 2 + yn ** 2) * 2
    if hard:
        phi = rng.uniform(0, 2 * math.pi)
        dist = math.cos(phi) * xn + math.sin(phi) * yn - float(rng.uniform(-0.35, 0.2))
        soft = float(rng.uniform(0.03, 0.12))
        light = light * (1.0 - float(rng.uniform(0.2, 0.45)) / (1.0 + np.exp(-dist / soft)))
    light = light * float(rng.uniform(0.95, 1.08) if not hard else rng.uniform(0.9, 1.15))
    img = img * light[..., None]

    blur = float(rng.uniform(0.6, 1.8) if hard else rng.uniform(0.3, 1.1))
    noise = float(rng.uniform(4, 10) if hard else rng.uniform(1.5, 4))
    pil = Image.fromarray(np.clip(np.round(img), 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(pil, np.float32)
    arr = arr + rng.normal(0.0, noise, arr.shape).astype(np.float32) + rng.normal(0.0, noise / 2, arr.shape[:2] + (1,)).astype(np.float32)
    pil = Image.fromarray(np.clip(np.round(arr), 0, 255).astype(np.uint8))
    if (w, h) != (W, H):
        pil = pil.resize((W, H), Image.BICUBIC)
    return _jpeg(pil, int(rng.integers(40, 71) if hard else rng.integers(70, 96)))


def _render_scan(strokes: list[np.ndarray], rng: np.random.Generator) -> Image.Image:
    long_side = int(rng.uniform(1700, 3500))
    ratio = 1.414 if rng.random() < 0.6 else 1.294
    W, H = round(long_side / ratio), long_side
    if rng.random() < 0.2:
        W, H = H, W  # landscape page
    digit_height = H * float(rng.uniform(0.1, 0.35))
    pen = digit_height * float(rng.uniform(0.025, 0.08))
    placed = _digit_geometry(strokes, rng, W, H, digit_height, pen + 0.03 * min(W, H),
                             angle_deg=float(rng.uniform(-2, 2)))
    widths = _width_profiles(placed, rng, pen, 0.15, 0.3)
    mask = _stroke_mask(placed, (W, H), widths, 1).filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 1.2))))
    grey = int(rng.integers(248, 256))
    paper = tuple(int(v) for v in np.clip(grey + rng.integers(-2, 3, size=3), 0, 255))
    ink_grey = int(rng.integers(45, 110))
    ink = (ink_grey, ink_grey, min(255, ink_grey + int(rng.integers(0, 25))))
    img = Image.composite(Image.new("RGB", (W, H), ink), Image.new("RGB", (W, H), paper), mask)
    return _jpeg(img, int(rng.integers(85, 96)))


# --------------------------------------------------------------------------------------------
# Samples and sets.
# --------------------------------------------------------------------------------------------


def render(digit: int, rng: np.random.Generator, style: str, variant: int | None = None) -> Any:
    """Render one sample of ``digit`` in any of ``STYLES`` (see render_canvas / render_photo)."""
    if style in CANVAS_STYLES:
        return render_canvas(digit, rng, style, variant)
    if style in PHOTO_STYLES:
        return render_photo(digit, rng, style, variant)
    raise ValueError(f"unknown style {style!r}; expected one of {STYLES}")


NUMBER_STYLES = ("canvas", "photo_clean")


def render_number(text: str, rng: np.random.Generator, style: str = "canvas") -> Any:
    """Render a string of digits written left to right, as a Sketchpad dict or a phone photo.

    Spacing varies from touching (a small negative gap) to wide (half a digit height), with
    baseline drift, per-digit size and slant changes. ``"canvas"``: a Sketchpad dict on a
    1200 x 500 canvas, black brush 10-28 px. ``"photo_clean"``: dark ink on off-white paper,
    light gradient, noise, JPEG (PIL RGB, 1600 x 900).
    """
    if not text or not text.isdigit():
        raise ValueError(f"text must be digits, got {text!r}")
    width, height = (1200, 500) if style == "canvas" else (1600, 900)
    digit_height = float(rng.uniform(0.45, 0.7)) * height
    pen = float(rng.uniform(10.0, 28.0)) if style == "canvas" else digit_height * float(rng.uniform(0.05, 0.09))
    placed, x = [], 0.0
    for character in text:
        strokes = _place(digit_strokes(int(character), rng), digit_height * float(rng.uniform(0.9, 1.08)),
                         (0.0, 0.0), float(rng.uniform(-6, 6)))
        lo, hi = _bbox(strokes)
        shift = np.array([x - lo[0], float(rng.normal(0, 0.04)) * digit_height - lo[1]])
        placed.append([p + shift for p in strokes])
        x += (hi[0] - lo[0]) + float(rng.uniform(-0.04, 0.5)) * digit_height + pen
    strokes = [p for digit in placed for p in digit]
    lo, hi = _bbox(strokes)
    scale = min(1.0, (width - 2 * pen - 20) / (hi[0] - lo[0]), (height - 2 * pen - 20) / (hi[1] - lo[1]))
    slack = np.maximum(np.array([width, height]) - (hi - lo) * scale - 2 * pen - 20, 0) / 2
    centre = np.array([width / 2, height / 2]) + rng.uniform(-1, 1, 2) * slack
    strokes = [(p - (lo + hi) / 2) * scale + centre for p in strokes]
    pen *= scale
    cover = np.asarray(_stroke_mask(strokes, (width, height), [pen] * len(strokes), supersample=2))
    if style == "canvas":
        return _sketchpad_dict(cover, (255, 255, 255))
    if style != "photo_clean":
        raise ValueError(f"unknown number style {style!r}; expected one of {NUMBER_STYLES}")
    paper = float(rng.uniform(200, 235)) + _smooth_field(rng, width, height, 12.0)
    light = np.linspace(float(rng.uniform(0.7, 0.9)), 1.0, width)[None, :]
    ink = float(rng.uniform(20, 60))
    alpha = cover.astype(np.float32) / 255.0
    grey = (paper * (1 - alpha) + ink * alpha) * light + rng.normal(0, 4.0, (height, width))
    rgb = np.clip(np.stack([grey, grey * 0.99, grey * 0.97], axis=-1), 0, 255).astype(np.uint8)
    return _jpeg(Image.fromarray(rgb).filter(ImageFilter.GaussianBlur(1.0)), int(rng.integers(70, 95)))


def _rng(digit: int, style: str, seed: int, index: int) -> np.random.Generator:
    key = zlib.crc32(style.encode("utf-8"))  # stable across runs, unlike hash()
    return np.random.default_rng(np.random.SeedSequence([int(seed) & 0xFFFFFFFF, key, int(digit), int(index)]))


def make_sample(digit: int, style: str, seed: int = 0, index: int = 0, variant: int | None = None) -> Any:
    """One input of ``digit`` in ``style``; a deterministic function of its arguments."""
    if not 0 <= int(digit) <= 9:
        raise ValueError(f"digit must be 0-9, got {digit!r}")
    return render(int(digit), _rng(digit, style, seed, index), style, variant)


def generate(styles: Sequence[str] | None = None, per_digit: int = 10, seed: int = 0
             ) -> Iterator[tuple[str, int, Any]]:
    """Yield ``(style, label, input)``: ``per_digit`` samples of each digit for each style.

    Within a style the digits are interleaved (0, 1, ..., 9, 0, 1, ...). Sample ``i`` of digit
    ``d`` equals ``make_sample(d, style, seed, index=i)``.
    """
    for style in styles or STYLES:
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r}; expected one of {STYLES}")
        for index in range(per_digit):
            for digit in range(10):
                yield style, digit, make_sample(digit, style, seed, index)


def to_pil(sample: Any) -> Image.Image:
    """A viewable RGB PIL image of any sample (a Sketchpad dict shows its composite)."""
    if isinstance(sample, dict):
        sample = sample["composite"]
    if isinstance(sample, Image.Image):
        return sample.convert("RGB")
    arr = np.asarray(sample)
    if arr.ndim == 3 and arr.shape[2] == 4:
        return Image.fromarray(arr, "RGBA").convert("RGB")
    return Image.fromarray(arr).convert("RGB")


def contact_sheet(styles: Sequence[str] | None = None, per_digit: int = 2, seed: int = 0,
                  cell: int = 120) -> Image.Image:
    """Rows = styles, columns = digits 0-9 (``per_digit`` samples each), downscaled thumbnails."""
    styles = list(styles or STYLES)
    label_w = 110
    sheet = Image.new("RGB", (label_w + 10 * per_digit * cell, len(styles) * cell), (255, 255, 200))
    draw = ImageDraw.Draw(sheet)
    for row, style in enumerate(styles):
        draw.text((4, row * cell + cell // 2 - 6), style, fill=(0, 0, 0))
        for index in range(per_digit):
            for digit in range(10):
                thumb = to_pil(make_sample(digit, style, seed, index))
                thumb.thumbnail((cell - 4, cell - 4), Image.LANCZOS)
                x = label_w + (digit * per_digit + index) * cell + (cell - thumb.width) // 2
                sheet.paste(thumb, (x, row * cell + (cell - thumb.height) // 2))
    return sheet


# Example inputs for gr.Examples: (file name, digit, style, seed, extra options).
EXAMPLES = (
    ("drawn_3.png", 3, "canvas", 0),
    ("photo_7.jpg", 7, "photo_clean", 0),
    ("photo_hard_4.jpg", 4, "photo_hard", 0),
    ("pencil_2.png", 2, "pencil", 0),
    ("scan_9.jpg", 9, "scan", 3),
    ("blue_ink_5.png", 5, "colored_ink", 0),
)
_BLUE_INK = (25, 55, 190)


def write_examples(folder: str | Path) -> list[Path]:
    """Write the app's example inputs (small PNG / JPEG files) to ``folder``, deterministically."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, digit, style, seed in EXAMPLES:
        rng = _rng(digit, style, seed, 0)
        if style == "colored_ink":
            sample = render_canvas(digit, rng, style, ink=_BLUE_INK)
        else:
            sample = render(digit, rng, style)
        img = to_pil(sample)
        if style == "pencil":
            img = img.convert("L")
        img.thumbnail((400, 400) if name.endswith(".png") else (600, 600), Image.LANCZOS)
        path = folder / name
        if name.endswith(".jpg"):
            img.save(path, format="JPEG", quality=85, optimize=True)
        else:
            img.save(path, format="PNG", optimize=True)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mnist_demo_dev.synthetic",
                                     description="Synthetic handwriting-like digits in app input styles.")
    parser.add_argument("--write-examples", metavar="DIR", help="write the app's example inputs to DIR")
    parser.add_argument("--sheet", metavar="PNG", help="write a contact sheet (rows = styles) to PNG")
    parser.add_argument("--styles", nargs="+", choices=STYLES, help="styles for --sheet / --time")
    parser.add_argument("--per-digit", type=int, default=2, help="samples per digit in the sheet")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time", type=int, metavar="N", help="time generating about N samples over the styles")
    args = parser.parse_args(argv)
    if not (args.write_examples or args.sheet or args.time):
        parser.error("nothing to do: give --write-examples, --sheet or --time")
    if args.write_examples:
        for path in write_examples(args.write_examples):
            print(f"{path}  {path.stat().st_size / 1024:.0f} KB")
    if args.sheet:
        contact_sheet(args.styles, args.per_digit, args.seed).save(args.sheet)
        print(f"wrote {args.sheet}")
    if args.time:
        styles = args.styles or list(STYLES)
        per_digit = max(1, round(args.time / (10 * len(styles))))
        start = time.perf_counter()
        counts: dict[str, list[float]] = {}
        last = start
        for style, _, _ in generate(styles, per_digit, args.seed):
            now = time.perf_counter()
            counts.setdefault(style, []).append(now - last)
            last = now
        total = time.perf_counter() - start
        n = sum(len(v) for v in counts.values())
        for style, times in counts.items():
            print(f"{style:15s} {1000 * sum(times) / len(times):7.1f} ms/sample")
        print(f"{n} samples in {total:.1f} s ({1000 * total / n:.1f} ms/sample)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
