"""Gradio's cache folder kept clean, also across restarts, and a full disk answered with a plain message.

Gradio's own sweep (``gr.Blocks(delete_cache=...)``) deletes only the files the running server made,
never their per-upload folders, and nothing a previous run left behind after a crash, SIGTERM or
restart. :func:`sweep` deletes files older than the cache age (stale ``.part`` files sooner) and empty
folders; the app runs it at start, and every sweep period for ``.part`` files and empty folders.
Other servers may share the cache folder (``/tmp/gradio`` by default), so only old things are touched.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

PART_AGE = 10 * 60  # seconds: a half-written file this old belongs to no write in progress
EMPTY_FOLDER_AGE = 60  # seconds: a folder just made may be about to receive its file

DISK_FULL = "The server's disk is full right now: please try again in a few minutes."


def is_disk_full(error: BaseException) -> bool:
    """True for "no space left on device" (and a full disk quota)."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def sweep(folder: str | os.PathLike, age: float, now: float | None = None) -> dict[str, int]:
    """Delete regular files under ``folder`` not modified for ``age`` seconds (``.part`` files after
    PART_AGE), then the empty folders below it. Symlinks are removed as links, never followed.
    Returns {"files": deleted, "folders": deleted}."""
    root = Path(folder)
    now = time.time() if now is None else now
    deleted = {"files": 0, "folders": 0}
    if not root.is_dir():
        return deleted
    emptied: set[Path] = set()  # folders this sweep deleted from (their mtime is now, but they are old)
    for current, folders, files in os.walk(root, topdown=False):
        for name in files:
            path = Path(current) / name
            try:
                stat = path.lstat()
                limit = min(age, PART_AGE) if name.endswith(".part") else age
                if now - stat.st_mtime > limit:
                    path.unlink()
                    deleted["files"] += 1
                    emptied.add(Path(current))
            except OSError:  # gone already, or not ours to delete
                continue
        for name in folders:
            path = Path(current) / name
            try:
                if path.is_symlink():
                    continue
                old = path in emptied or now - path.lstat().st_mtime > EMPTY_FOLDER_AGE
                if old and not any(path.iterdir()):
                    path.rmdir()
                    deleted["folders"] += 1
                    emptied.add(Path(current))
            except OSError:  # not empty after all, or gone
                continue
    return deleted


def start_sweeper(folder: str | os.PathLike, period: float, age: float) -> threading.Thread:
    """Sweep ``folder`` now (files a previous run left, older than ``age``), then every ``period`` seconds
    the stale ``.part`` files and empty folders, in a daemon thread. Files made while the app runs are
    Gradio's sweep's (``delete_cache``), which keeps the cached examples."""
    sweep(folder, age)

    def run() -> None:
        while True:
            time.sleep(period)
            try:
                sweep(folder, float("inf"))
            except Exception as error:  # never let a sweep stop the sweeper
                print(f"Cache sweep failed: {type(error).__name__}: {error}")

    thread = threading.Thread(target=run, name="cache-sweeper", daemon=True)
    thread.start()
    return thread
