"""Start and stop ``python app.py`` as users run it: a subprocess on a free loopback port.

Used by the test fixture (tests/conftest.py) and by the benchmarks (benchmarks/common.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def launch_app(log: Path | None = None, timeout: float = 90.0) -> tuple[str, subprocess.Popen, float]:
    """Start the app offline from ``assets/``; return (url, process, seconds until it served its page)."""
    port = free_port()
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME="127.0.0.1",
               GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    url = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    output = log.open("wb") if log else subprocess.DEVNULL
    try:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    finally:
        if log:
            output.close()
    try:
        _wait_until_serving(url, process, log, timeout)
    except BaseException:
        stop_app(process)
        raise
    return url, process, time.monotonic() - started


def _log_text(log: Path | None) -> str:
    return log.read_text(errors="replace") if log and log.exists() else "(no log)"


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"python app.py exited with {process.returncode}:\n{_log_text(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"python app.py did not serve {url} within {timeout} s:\n{_log_text(log)}")


def stop_app(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)
