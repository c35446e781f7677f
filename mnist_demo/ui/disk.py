"""Gradio's cache folder kept clean, also across restarts, and a full disk answered with a plain message.

Gradio's own sweep (``gr.Blocks(delete_cache=...)``) deletes only the files the running server made,
never their per-upload folders, and nothing a previous run left behind after a crash, SIGTERM or
restart. :func:`sweep` deletes files older than the cache age (stale ``.part`` files sooner) and empty
folders; the app runs it at start, and every sweep period for ``.part`` files and empty folders.
Other servers may share the cache folder (``/tmp/gradio`` by default), so only old things are touched.

Gradio's own upload route answers a full disk with a bare 500: :class:`UploadDiskGuard` (an ASGI
middleware, ``launch(app_kwargs={"middleware": [upload_disk_guard()]})``) refuses an upload before
reading it when the upload folder's disk lacks room for it plus UPLOAD_RESERVE, and answers a disk that
fills during an upload with the same plain message (507) instead.
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PART_AGE = 10 * 60  # seconds: a half-written file this old belongs to no write in progress
EMPTY_FOLDER_AGE = 60  # seconds: a folder just made may be about to receive its file

DISK_FULL = "The server's disk is full right now: please try again in a few minutes."
UPLOAD_RESERVE = 64 * 1024 * 1024  # bytes left free: uploads are refused when they would leave less
UPLOAD_TEMP_PREFIX = "tmp"  # Gradio writes an upload to <upload folder>/tmp... before moving it into place


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
                # Half-written: our .part files, and Gradio's upload files a failed upload left at the top.
                partial = name.endswith(".part") or (Path(current) == root and name.startswith(UPLOAD_TEMP_PREFIX))
                limit = min(age, PART_AGE) if partial else age
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


def free_bytes(folder: str | os.PathLike) -> int | None:
    """Free bytes on the disk that holds ``folder`` (or its nearest existing parent); None if unknown."""
    path = Path(folder)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


class UploadDiskGuard:
    """ASGI middleware for Gradio's upload route (``POST .../upload``): a full disk gets DISK_FULL (507)
    as plain text, never a 500. Before reading the body: refused when the disk holding the upload folder
    has less than UPLOAD_RESERVE free beyond the upload's declared length. During the upload: a
    "no space left" error is answered the same way (Gradio's half-written file is swept as a partial)."""

    def __init__(self, app: Callable, folder: Callable[[], str] | str | None = None,
                 reserve: int = UPLOAD_RESERVE) -> None:
        self.app, self.folder, self.reserve = app, folder, reserve

    def _folder(self) -> str:
        if callable(self.folder):
            return self.folder()
        if self.folder is not None:
            return str(self.folder)
        from gradio.utils import get_upload_folder  # GRADIO_TEMP_DIR, read when asked

        return get_upload_folder()

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or not scope["path"].rstrip("/").endswith(
                "/upload"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        try:
            length = max(0, int(headers.get(b"content-length", b"0")))
        except ValueError:
            length = 0
        free = free_bytes(self._folder())
        if free is not None and free < length + self.reserve:
            await refuse_disk_full(send)
            return
        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            if started or not is_disk_full(error):
                raise
            await refuse_disk_full(send)


async def refuse_disk_full(send: Callable) -> None:
    body = DISK_FULL.encode()
    await send({"type": "http.response.start", "status": 507,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def upload_disk_guard() -> Any:
    """The guard as a Starlette ``Middleware`` entry, for ``launch(app_kwargs={"middleware": [...]})``."""
    from starlette.middleware import Middleware

    return Middleware(UploadDiskGuard)
