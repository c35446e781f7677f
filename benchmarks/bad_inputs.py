"""Bad inputs, timed: how long each file of mnist_demo_dev.bad_inputs takes to be answered, through the
Python API (``mnist_demo.top_k``) and over HTTP (``/predict`` against ``python app.py``).

    python benchmarks/bad_inputs.py [--repeats 3] [--no-http]

The tests check what the answers say (tests/test_bad_inputs.py, tests/test_server_inputs.py); this
script checks that none of them is slow: a bomb, a 12000 x 12000 PNG or a truncated file must be
refused as quickly as a good photo is read. Rows over the budget (2 s in Python, 3 s over HTTP,
the medians) are marked SLOW.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
import warnings
from pathlib import Path

PYTHON_BUDGET = 2.0  # seconds per answer
HTTP_BUDGET = 3.0


def answer_seconds(call, path: Path, repeats: int) -> float:
    """Median seconds of ``call(path)`` (a ValueError is an answer too)."""
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        with contextlib.suppress(ValueError):
            call(path)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-http", action="store_true", help="skip the server")
    args = parser.parse_args()

    import mnist_demo
    from mnist_demo_dev.bad_inputs import make_bad_inputs
    from mnist_demo_dev.server import running_app

    mnist_demo.load_model()  # time the answers, not the first model load
    warnings.simplefilter("ignore")  # Pillow's note on the 70 MP bomb
    with tempfile.TemporaryDirectory() as folder:
        files = make_bad_inputs(Path(folder))
        rows = {name: {"python": answer_seconds(mnist_demo.top_k, path, args.repeats)}
                for name, (path, _) in files.items()}
        if not args.no_http:
            from gradio_client import Client, handle_file

            with running_app() as server:
                client = Client(server.url, verbose=False)
                for name, (path, _) in files.items():
                    # Each repeat uploads the same file: the app answers a repeat within 10 s from
                    # memory, so only the first (median of one) is a real answer.
                    rows[name]["http"] = answer_seconds(
                        lambda file: client.predict(handle_file(str(file)), api_name="/predict"), path, 1)
    print(f"{'file':<26} {'expected':>10} {'python s':>9} {'http s':>8}")
    for name, times in rows.items():
        expected = str(files[name][1])
        http = times.get("http")
        slow = times["python"] > PYTHON_BUDGET or (http is not None and http > HTTP_BUDGET)
        http_text = f"{http:>8.2f}" if http is not None else f"{'-':>8}"
        print(f"{name:<26} {expected:>10} {times['python']:>9.2f} {http_text}{'  SLOW' if slow else ''}")


if __name__ == "__main__":
    main()
