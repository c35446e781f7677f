"""Load on a local app: many gradio_client clients sending /predict at once, on loopback only.

    from mnist_demo_dev.load import make_inputs, run_load
    result = run_load(url, clients=8, requests=10, inputs=make_inputs(folder), deadline=120)

Used by ``benchmarks/load.py`` (the figures) and by the server tests (no errors under load).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from PIL import Image

from .files import tagged_copy
from .strokes import drawn_layer, paper_photo, sketchpad_value
from .timing import percentiles

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def make_inputs(folder: Path) -> list[Path]:
    """A few drawings and photos the clients send in turn."""
    paths = []
    for digit in (0, 3, 7):
        path = folder / f"drawn_{digit}.png"
        Image.fromarray(sketchpad_value(drawn_layer(digit))["composite"]).save(path)
        paths.append(path)
    for digit in (4, 9):
        path = folder / f"photo_{digit}.jpg"
        paper_photo(digit, seed=digit).save(path, quality=85)
        paths.append(path)
    return paths


def run_load(url: str, clients: int, requests: int, inputs: list[Path], deadline: float) -> dict:
    """``clients`` threads with their own Client, each making ``requests`` /predict calls.

    Returns ``{"requests", "errors", "seconds", "per_second", "p50", "p95", "p99"}`` (latencies in ms).
    """
    from gradio_client import Client, handle_file

    if urlparse(url).hostname not in LOOPBACK:
        raise SystemExit(f"refusing to load {url}: this benchmark only targets loopback addresses")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + deadline
    folder = inputs[0].parent
    barrier = threading.Barrier(clients)

    def client_loop(number: int) -> None:
        # ssl_verify=False: the target is plain http on loopback, so no certificate is ever checked.
        # With the default, gradio_client 2.7 builds a new SSL context (loading the CA bundle) for
        # each of its httpx calls: about 140 ms of CPU per request, on the cores the server needs.
        client = Client(url, verbose=False, ssl_verify=False)
        barrier.wait()
        for i in range(requests):
            if time.monotonic() > stop_at:
                with lock:
                    errors.append("deadline reached")
                return
            # Every request is a new upload (same pixels, other bytes): the app answers a repeat of
            # the same file from memory, which would flatter the figures.
            path = tagged_copy(inputs[(number + i) % len(inputs)], f"c{number}r{i}", folder)
            started = time.perf_counter()
            try:
                answer = client.predict(handle_file(str(path)), api_name="/predict")
                if answer.get("digit") is None:
                    raise ValueError(f"no digit in {answer!r}")
                with lock:
                    latencies.append(time.perf_counter() - started)
            except Exception as error:  # counted, reported, never fatal
                with lock:
                    errors.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(deadline + 60)
    seconds = time.perf_counter() - started
    return {"requests": len(latencies), "errors": errors, "seconds": seconds,
            "per_second": len(latencies) / seconds, **(percentiles(latencies) if latencies else {})}
