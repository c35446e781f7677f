"""notebooks/mnist_train_your_own.ipynb runs top to bottom with quick settings, offline, on the shipped subset.

Outside CI the test skips when nbclient or nbformat is missing; in CI (``CI`` set) a missing one is an error.
"""

from __future__ import annotations

import importlib
import time

import pytest

from mnist_demo.config import REPO_DIR
from mnist_demo_dev.browser import IN_CI

NOTEBOOK = REPO_DIR / "notebooks" / "mnist_train_your_own.ipynb"
QUICK = 'EPOCHS = 1\nTRAIN_IMAGES = 1_000\nARCHITECTURE = "keras_example"\nDATA = None\nDOWNLOAD = False\nSEED = 1\n'
BUDGET = 120  # seconds: CI's limit for this notebook


def need(module: str):
    """Import ``module``: in CI a missing one fails the test, elsewhere it skips it."""
    return importlib.import_module(module) if IN_CI else pytest.importorskip(module)


def test_notebook_runs_with_quick_settings(tmp_path, monkeypatch):
    nbformat = need("nbformat")
    nbclient = need("nbclient")
    monkeypatch.delenv("MNIST_NPZ", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    parameters = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(parameters) == 1
    parameters[0].source = QUICK
    started = time.monotonic()
    nbclient.NotebookClient(notebook, timeout=BUDGET, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    seconds = time.monotonic() - started
    outputs = "\n".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                        for output in cell.get("outputs", []))
    assert "source: subset" in outputs and "test accuracy" in outputs and "same answers: True" in outputs
    assert "your model:" in outputs and "shipped model:" in outputs
    images = sum("image/png" in output.get("data", {}) for cell in notebook.cells for output in cell.get("outputs", []))
    assert images >= 5  # samples, curves, confusion matrix, random test image, your image
    assert seconds < BUDGET, f"the notebook took {seconds:.0f} s"
    print(f"notebook ran in {seconds:.1f} s")
