"""Process settings: TensorFlow's log level (set in this one place), importing TensorFlow without its
C++ start-up log, and a cap on glibc's malloc arenas for the long-running server.

Every path to TensorFlow in the package goes through here (``predict``, ``train`` and ``cli`` import
this module before anything imports TensorFlow), so ``TF_CPP_MIN_LOG_LEVEL`` is set in time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
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


MALLOC_ARENAS = 2  # glibc heaps the server's threads share (glibc's default: up to 8 per core)
M_ARENA_MAX = -8  # mallopt's parameter number for the arena cap (glibc <malloc.h>)


def limit_gradio_event_log() -> None:
    """Gradio's monitoring event log, for a page this app does not enable: after every event it rebuilds
    a pandas summary of up to 10,000 past events (about 5 ms per request once the server has run a
    while): refresh it every 1,000 events, and keep 1,000 (memory stays bounded). Call before
    Gradio is imported; settings already in the environment win."""
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas, as ``MALLOC_ARENA_MAX`` does, for threads that start from now on.

    The server answers from many worker threads; with glibc's default each gets its own heap, memory
    freed in one is never reused by another, and resident memory crept up about 4 MB a minute under
    steady traffic (``benchmarks/soak.py``). Two shared arenas keep it flat. Returns True when the cap
    was set; False elsewhere (not glibc, or ``MALLOC_ARENA_MAX`` already chosen in the environment).
    """
    if os.environ.get("MALLOC_ARENA_MAX") or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, int(arenas)))
    except (OSError, AttributeError):  # another C library (musl has no mallopt)
        return False
