"""Load: many concurrent gradio_client clients against a local server, on loopback only.

    python benchmarks/load.py --clients 20 --requests 50
    python benchmarks/load.py --url http://127.0.0.1:7860/ --clients 8 --requests 10

Starts ``python app.py`` on a free loopback port unless ``--url`` names a local one. Each client
sends ``--requests`` /predict calls with drawings and photos, each one a new upload (bounded in
count and in time by ``--deadline``), then the script prints requests per second, p50 / p95 / p99
latency and errors.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from common import app_server, percentiles

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def make_inputs(folder: Path) -> list[Path]:
    """A few drawings and photos the clients send in turn."""
    from helpers import drawn_layer, paper_photo, sketchpad_value
    from PIL import Image

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
    """``clients`` threads with their own Client, each making ``requests`` /predict calls."""
    from gradio_client import Client, handle_file
    from helpers import tagged_copy

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
                confidences, _, _ = client.predict(handle_file(str(path)), api_name="/predict")
                if not confidences or "label" not in confidences:
                    raise ValueError(f"no label in {confidences!r}")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running local app (default: start one)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="per client")
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds before clients stop")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        inputs = make_inputs(Path(folder))
        if args.url:
            result = run_load(args.url, args.clients, args.requests, inputs, args.deadline)
        else:
            with app_server() as (url, _, _):
                from gradio_client import Client

                Client(url, verbose=False).predict(False, api_name="/random_sample")  # start-up work done
                result = run_load(url, args.clients, args.requests, inputs, args.deadline)
    print(f"{args.clients} clients x {args.requests} requests: {result['requests']} answered in "
          f"{result['seconds']:.1f} s = {result['per_second']:.1f} requests/s")
    if result["requests"]:
        print(f"latency p50 {result['p50']:.0f} ms   p95 {result['p95']:.0f} ms   p99 {result['p99']:.0f} ms")
    print(f"errors: {len(result['errors'])}" + (f" (first: {result['errors'][0]})" if result["errors"] else ""))


if __name__ == "__main__":
    main()
