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
from pathlib import Path

from mnist_demo_dev.load import make_inputs, run_load
from mnist_demo_dev.server import running_app


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
            with running_app() as server:
                from gradio_client import Client

                Client(server.url, verbose=False).predict(False, api_name="/random_sample")  # start-up work done
                result = run_load(server.url, args.clients, args.requests, inputs, args.deadline)
    print(f"{args.clients} clients x {args.requests} requests: {result['requests']} answered in "
          f"{result['seconds']:.1f} s = {result['per_second']:.1f} requests/s")
    if result["requests"]:
        print(f"latency p50 {result['p50']:.0f} ms   p95 {result['p95']:.0f} ms   p99 {result['p99']:.0f} ms")
    print(f"errors: {len(result['errors'])}" + (f" (first: {result['errors'][0]})" if result["errors"] else ""))


if __name__ == "__main__":
    main()
