"""Start and stop ``python app.py`` as users run it: a subprocess, offline, on a free loopback port.

    from mnist_demo_dev.server import running_app
    with running_app() as server:          # an AppServer: url, process, start_seconds, log
        ...

Used by the tests' ``app_server`` fixture and by the benchmarks.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mnist_demo.config import REPO_DIR


@dataclass
class AppServer:
    """A running ``python app.py``."""

    url: str
    process: subprocess.Popen
    start_seconds: float  # from starting the process until it served its page
    log: Path | None = None  # what it printed, when started with a log file


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def launch_app(log: Path | None = None, timeout: float = 90.0) -> AppServer:
    """Start the app offline from ``assets/`` and wait until it serves its page."""
    port = free_port()
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME="127.0.0.1",
               GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    url = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    output = log.open("wb") if log else subprocess.DEVNULL
    try:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO_DIR, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    finally:
        if log:
            output.close()
    try:
        _wait_until_serving(url, process, log, timeout)
    except BaseException:
        stop_app(process)
        raise
    return AppServer(url=url, process=process, start_seconds=time.monotonic() - started, log=log)


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
    """Terminate the app (kill it if it does not stop within 15 s)."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@contextmanager
def running_app(log: Path | None = None, timeout: float = 120.0) -> Iterator[AppServer]:
    """``python app.py`` on a free loopback port for the duration of the ``with`` block."""
    server = launch_app(log, timeout)
    try:
        yield server
    finally:
        stop_app(server.process)
