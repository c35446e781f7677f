"""TensorFlow's log level, set in this one place, and importing TensorFlow without its C++ start-up log.

Every path to TensorFlow in the package goes through here (``predict``, ``train`` and ``cli`` import
this module before anything imports TensorFlow), so ``TF_CPP_MIN_LOG_LEVEL`` is set in time.
"""

from __future__ import annotations

import os
import sys

# 3: none of TensorFlow's C++ log lines reach the terminal, not even "failed call to cuInit" on a
# machine without a GPU; Python errors are unaffected. (A value already in the environment wins.)
TF_LOG_LEVEL = "3"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", TF_LOG_LEVEL)


def import_tensorflow_quietly() -> None:
    """Import TensorFlow with its C++ start-up log (oneDNN, CUDA probes) kept off the terminal."""
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)
