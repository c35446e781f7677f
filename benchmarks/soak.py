"""Soak: a few gradio_client clients for some minutes on mixed endpoints; the server's memory over time.

    python benchmarks/soak.py --clients 6 --minutes 3
    python benchmarks/soak.py --clients 8 --minutes 15 --every 30

Starts ``python app.py`` on a free loopback port. Each client calls /predict, /read_number (each with a
new upload: same pixels, other bytes) and /random_sample in turn until the time is up; bounded by
``--minutes``. Prints the server's resident memory (RSS) every ``--every`` seconds, then requests,
errors and p50 / p95 latency per endpoint. Memory should be flat after the warm-up.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from mnist_demo_dev.files import tagged_copy
from mnist_demo_dev.load import make_inputs
from mnist_demo_dev.server import running_app
from mnist_demo_dev.timing import percentiles


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def soak(url: str, pid: int, clients: int, seconds: float, every: float, inputs: list[Path]) -> dict:
    from gradio_client import Client, handle_file

    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    memory: list[tuple[float, float]] = []
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = started + seconds

    def client_loop(number: int) -> None:
        client = Client(url, verbose=False, ssl_verify=False)  # loopback, plain http (see benchmarks/load.py)
        i = 0
        while time.monotonic() < stop_at:
            endpoint = ("/predict", "/read_number", "/random_sample")[(number + i) % 3]
            if endpoint == "/random_sample":
                args = (False,)
            else:
                path = tagged_copy(inputs[(number + i) % len(inputs)], f"c{number}r{i}", inputs[0].parent)
                args = (handle_file(str(path)),)
            begun = time.perf_counter()
            try:
                client.predict(*args, api_name=endpoint)
                with lock:
                    latencies[endpoint].append(time.perf_counter() - begun)
            except Exception as error:  # counted, reported, never fatal
                with lock:
                    errors.append(f"{endpoint}: {type(error).__name__}: {error}")
            if endpoint != "/random_sample":
                path.unlink(missing_ok=True)
            i += 1

    threads = [threading.Thread(target=client_loop, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    while time.monotonic() < stop_at:
        memory.append((time.monotonic() - started, rss_mb(pid)))
        print(f"{memory[-1][0]:6.0f} s  RSS {memory[-1][1]:7.0f} MB  requests {sum(map(len, latencies.values()))}",
              flush=True)
        time.sleep(min(every, max(0.0, stop_at - time.monotonic())))
    for thread in threads:
        thread.join(120)
    memory.append((time.monotonic() - started, rss_mb(pid)))
    return {"latencies": latencies, "errors": errors, "memory": memory, "seconds": time.monotonic() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between memory readings")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder, running_app() as server:
        from gradio_client import Client

        Client(server.url, verbose=False).predict(False, api_name="/random_sample")  # start-up work done
        result = soak(server.url, server.process.pid, args.clients, 60 * args.minutes, args.every,
                      make_inputs(Path(folder)))
    total = sum(map(len, result["latencies"].values()))
    print(f"\n{args.clients} clients, {result['seconds']:.0f} s: {total} requests ({total / result['seconds']:.1f}/s), "
          f"{len(result['errors'])} errors")
    for endpoint, values in sorted(result["latencies"].items()):
        figures = percentiles(values)
        print(f"  {endpoint:15s} {len(values):6d} requests  p50 {figures['p50']:.0f} ms  p95 {figures['p95']:.0f} ms")
    rss = [mb for _, mb in result["memory"]]
    print(f"RSS: start {rss[0]:.0f} MB, peak {max(rss):.0f} MB, end {rss[-1]:.0f} MB")
    for error in result["errors"][:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
