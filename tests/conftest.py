"""Shared fixtures: a real ``python app.py`` server for the API and browser tests.

The server is the app exactly as users start it (a subprocess, offline, from ``assets/``), on a
free port through ``GRADIO_SERVER_PORT``; it is started once per test session and stopped after.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from app_process import launch_app, stop_app

SERVER_START_TIMEOUT = 90  # seconds; the app itself starts in well under 10 s on an idle machine


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the running app in headless Chromium (Playwright)")


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


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory):
    """``python app.py`` on a free port; yields a :class:`Server` with its ``url``."""
    log = tmp_path_factory.mktemp("server") / "app.log"
    url, process, seconds = launch_app(log, SERVER_START_TIMEOUT)
    try:
        yield Server(url=url, process=process, log=log, start_seconds=seconds)
    finally:
        stop_app(process)
