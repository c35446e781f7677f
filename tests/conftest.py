"""Shared fixtures, each made once per test session: the running app, the test split's predictions,
a photo of a digit, the bad input files.

The server is the app exactly as users start it (``python app.py`` in a subprocess, offline, from
``assets/``) on a free port through ``GRADIO_SERVER_PORT``; it is stopped after the session.
"""

from __future__ import annotations

import pytest

from mnist_demo_dev.bad_inputs import make_bad_inputs
from mnist_demo_dev.server import running_app
from mnist_demo_dev.strokes import paper_photo

SERVER_START_TIMEOUT = 90  # seconds; the app itself starts in well under 10 s on an idle machine


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory):
    """``python app.py`` on a free port: an :class:`~mnist_demo_dev.server.AppServer` with its ``url``."""
    with running_app(tmp_path_factory.mktemp("server") / "app.log", SERVER_START_TIMEOUT) as server:
        yield server


@pytest.fixture(scope="session")
def test_split_predictions():
    """(images, labels, calibrated probabilities) of the 10,000 shipped test images: the app's
    Test samples store, predicted once for the whole session."""
    import app

    return app.TEST_SAMPLES.load()


@pytest.fixture(scope="session")
def digit_photo(tmp_path_factory: pytest.TempPathFactory):
    """A simulated phone photo of a handwritten 7 (JPEG on disk), as an upload would arrive."""
    path = tmp_path_factory.mktemp("uploads") / "seven.jpg"
    paper_photo(7).save(path)
    return path


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory: pytest.TempPathFactory):
    """Every file of ``mnist_demo_dev.bad_inputs``, written once: name -> (path, expected)."""
    return make_bad_inputs(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="session")
def browser():
    from mnist_demo_dev.browser import CHROMIUM, CHROMIUM_ARGS, IN_CI, browser_problem

    problem = browser_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"{problem}; browser tests must run in CI")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

