"""Big pictures: time and peak memory of reading huge photos and PNGs into MNIST format.

    python benchmarks/big_pictures.py

Each picture is read by ``mnist_demo.to_mnist`` in a fresh process (so the peak resident memory
belongs to that picture alone), three times; the script prints the median time and how far the
process's peak memory rose above what it used before reading.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEATS = 3


def make_pictures(folder: Path) -> dict[str, Path]:
    from PIL import Image, ImageDraw

    from mnist_demo_dev.strokes import paper_photo

    pictures = {}
    photo = paper_photo(1, size=(8000, 6000), seed=4, width=80)
    pictures["8000x6000 JPEG phone photo"] = folder / "photo.jpg"
    photo.save(pictures["8000x6000 JPEG phone photo"], quality=85)
    side = 7700  # 59 megapixels: just under the 60 MP limit; PNG cannot be decoded small
    drawing = Image.new("RGBA", (side, side), (255, 255, 255, 255))
    ImageDraw.Draw(drawing).line([(side // 2, side // 5), (side // 2, 4 * side // 5)], fill=(0, 0, 0, 255),
                                 width=side // 25)
    pictures["7700x7700 RGBA PNG (59 MP)"] = folder / "drawing.png"
    drawing.save(pictures["7700x7700 RGBA PNG (59 MP)"])
    return pictures


def _peak_mb() -> float:
    """This process's peak resident memory. (``getrusage``'s maxrss would also count the parent's
    peak, which Linux carries across fork and exec; /proc's VmHWM starts afresh.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: the kilobytes getrusage reports


def measure(path: str) -> tuple[float, float]:
    """(median seconds, peak memory growth in MB) for reading ``path``, in this (fresh) process."""
    from mnist_demo import to_mnist
    from mnist_demo.config import asset_path

    to_mnist(asset_path("examples") / "drawn_3.png")  # imports, warm caches
    before = _peak_mb()
    seconds = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        to_mnist(path)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), _peak_mb() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # one picture, in the child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    with tempfile.TemporaryDirectory() as folder:
        pictures = make_pictures(Path(folder))
        print(f"{'picture':<32} {'file MB':>8} {'to_mnist s':>11} {'peak +MB':>9}")
        for name, path in pictures.items():
            child = subprocess.run([sys.executable, __file__, "--measure", str(path)], capture_output=True,
                                   text=True, check=True)
            seconds, growth = json.loads(child.stdout.strip().splitlines()[-1])
            print(f"{name:<32} {path.stat().st_size / 1e6:>8.1f} {seconds:>11.2f} {growth:>9.0f}")


if __name__ == "__main__":
    main()
