"""Start-up: seconds from ``python app.py`` to the first successful /predict, and the app's memory.

    python benchmarks/start.py [--runs 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from mnist_demo_dev.server import running_app


def resident_megabytes(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from gradio_client import Client, handle_file
    from PIL import Image

    from mnist_demo_dev.strokes import drawn_layer, sketchpad_value

    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "seven.png"
        Image.fromarray(sketchpad_value(drawn_layer(7))["composite"]).save(image)
        print(f"{'run':>4} {'page s':>8} {'first predict s':>16} {'RSS MB':>8}")
        for run in range(args.runs):
            started = time.perf_counter()
            with running_app() as server:
                result = Client(server.url, verbose=False).predict(handle_file(str(image)), api_name="/predict")
                first = time.perf_counter() - started
                assert result, "no answer"
                print(f"{run + 1:>4} {server.start_seconds:>8.2f} {first:>16.2f} "
                      f"{resident_megabytes(server.process.pid):>8.0f}")


if __name__ == "__main__":
    main()
