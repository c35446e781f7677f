"""Shared fixtures: a real ``python app.py`` server for the API and browser tests.

The server is the app exactly as users start it (a subprocess, offline, from ``assets/``), on a
free port through ``GRADIO_SERVER_PORT``; it is started once per test session and stopped after.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SERVER_START_TIMEOUT = 90  # seconds; the app itself starts in well under 10 s on an idle machine


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the running app in headless Chromium (Playwright)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    start_seconds: float

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"python app.py exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"python app.py did not serve {url} within {timeout} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory):
    """``python app.py`` on a free port; yields a :class:`Server` with its ``url``."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "app.log"
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME="127.0.0.1",
               GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    url = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(url, process, log, SERVER_START_TIMEOUT)
        yield Server(url=url, process=process, log=log, start_seconds=time.monotonic() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
