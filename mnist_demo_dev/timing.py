"""Timing helpers for the benchmarks: repeated calls and latency percentiles."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50 / p95 / p99 in milliseconds."""
    values = np.asarray(seconds) * 1000.0
    return {name: float(np.percentile(values, q)) for name, q in (("p50", 50), ("p95", 95), ("p99", 99))}


def time_calls(function: Callable[[], object], repeats: int, warmup: int = 5) -> list[float]:
    """Seconds per call of ``function`` over ``repeats`` calls, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        function()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return timings
