"""Helpers shared by the benchmark scripts: repo on sys.path, timing percentiles, a local app server."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
if str(REPO / "tests") not in sys.path:
    sys.path.insert(0, str(REPO / "tests"))  # the tests' drawing helpers make benchmark inputs too


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50 / p95 / p99 in milliseconds."""
    import numpy as np

    values = np.asarray(seconds) * 1000.0
    return {name: float(np.percentile(values, q)) for name, q in (("p50", 50), ("p95", 95), ("p99", 99))}


def time_calls(function, repeats: int, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        function()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return timings


@contextmanager
def app_server(timeout: float = 120.0):
    """``python app.py`` on a free loopback port; yield (url, seconds until it served, process)."""
    from app_process import launch_app, stop_app

    url, process, seconds = launch_app(timeout=timeout)
    try:
        yield url, seconds, process
    finally:
        stop_app(process)
