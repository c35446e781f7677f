"""One writer's hand: a template turned into a varied pen trajectory (spline, control-point jitter,
wobble, slant, aspect, rotation), placed in a frame and drawn with a round pen whose width follows
the pen pressure; plus the image helpers every style shares (smooth random fields, JPEG)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from .templates import TEMPLATES


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


def arc_length(path: np.ndarray) -> np.ndarray:
    if len(path) < 2:
        return np.zeros(len(path))
    return np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path, axis=0), axis=1))])


def resample(path: np.ndarray, spacing: float) -> np.ndarray:
    """Points every ``spacing`` units of arc length along ``path`` (ends kept)."""
    s = arc_length(path)
    if len(path) < 2 or s[-1] <= spacing:
        return path if len(path) else path.reshape(0, 2)
    n = math.ceil(s[-1] / spacing) + 1
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
    lengths = [arc_length(p) for p in dense]
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


def bbox(strokes: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    allpts = np.vstack(strokes)
    return allpts.min(axis=0), allpts.max(axis=0)


def place(strokes: Sequence[np.ndarray], height: float, centre: tuple[float, float],
           angle_deg: float = 0.0) -> list[np.ndarray]:
    """Scale unit-height strokes to ``height`` px, rotate by ``angle_deg`` and move to ``centre``."""
    a = math.radians(angle_deg)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return [(p * height) @ rot.T + np.asarray(centre) for p in strokes]


def width_profiles(strokes: Sequence[np.ndarray], rng: np.random.Generator, width: float,
                    variation: float, taper: float) -> list[np.ndarray]:
    """Per-point pen width: smooth pressure changes (``variation``) and thinner ends (``taper``)."""
    out = []
    for path in strokes:
        s = arc_length(path)
        u = s / (s[-1] if s[-1] > 0 else 1.0)
        f, ph = rng.uniform(0.5, 2.5), rng.uniform(0, 2 * math.pi)
        w = 1.0 + variation * np.sin(2 * math.pi * f * u + ph)
        if taper > 0:
            ends = np.minimum(u, 1.0 - u)
            w = w * (1.0 - taper * np.clip(1.0 - ends / 0.08, 0.0, 1.0))
        out.append(np.maximum(width * w, 0.6))
    return out


def stroke_mask(strokes: Sequence[np.ndarray], size: tuple[int, int], widths: Sequence[Any],
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
        s = arc_length(path)
        spacing = max(float(width.min()) / 4.0, 0.75 * ss)
        pts = resample(path, spacing)
        ws = np.interp(arc_length(pts), s, width) if len(pts) > 1 else width[:1]
        for i, ((x, y), w) in enumerate(zip(pts, ws)):
            r = w / 2.0
            draw.ellipse([x - r, y - r, x + r, y + r], fill=255)
            if i:
                x0, y0 = pts[i - 1]
                draw.line([(x0, y0), (x, y)], fill=255, width=max(1, round(min(w, ws[i - 1]))))
    return img.reduce(ss) if ss > 1 else img


def digit_geometry(strokes: list[np.ndarray], rng: np.random.Generator, width: int, height: int,
                    digit_height: float, margin: float, edge_probability: float = 0.0,
                    angle_deg: float = 0.0, region: tuple[float, float, float, float] | None = None
                    ) -> list[np.ndarray]:
    """Place unit strokes in a ``width`` x ``height`` frame at a random position inside ``region``.

    The digit is ``digit_height`` px tall, shrunk if needed so that it fits ``margin`` px inside.

    With probability ``edge_probability`` the digit is pushed against one edge (it may touch it).
    """
    x0, y0, x1, y1 = region or (0.0, 0.0, float(width), float(height))
    placed = place(strokes, digit_height, (0.0, 0.0), angle_deg)
    lo, hi = bbox(placed)
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


def log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return float(np.exp(rng.uniform(math.log(low), math.log(high))))



def smooth_field(rng: np.random.Generator, width: int, height: int, amplitude: float) -> np.ndarray:
    """Low-frequency random field (H, W) float32 with values about +-``amplitude``."""
    coarse = rng.normal(0.0, amplitude, (4, 4)).astype(np.float32)
    return np.asarray(Image.fromarray(coarse, mode="F").resize((width, height), Image.BICUBIC))


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=int(quality))
    buf.seek(0)
    out = Image.open(buf)
    out.load()
    return out.convert("RGB")
