"""The files an upload event may open, and each upload answered once (Gradio 6.31 workarounds).

The upload events skip Gradio's own decoding and checks (``preprocess=False``): the handler gets
the raw FileData, so these wrappers decide which paths it may see.
"""

from __future__ import annotations

import copy
import functools
import os
import stat
import threading
import time
from typing import Any

import gradio as gr
from gradio.utils import get_upload_folder

from mnist_demo import lang

UNREADABLE = "It is not an image this app can open: try a PNG or JPEG photo of one digit."


def upload_source(image: Any) -> Any:
    """The uploaded file's path from Gradio's FileData (the event skips Gradio's own decoding)."""
    if isinstance(image, dict) and "layers" not in image:
        return image.get("path") or None
    if hasattr(image, "path") and not isinstance(image, (str, os.PathLike)):
        return image.path
    return image


class RefusedFile(ValueError):
    """An event named a file that is not one of this server's uploads: it is never opened."""


def uploaded_file(value: Any) -> Any:
    """The file an HTTP event's raw FileData names, if it is a regular file Gradio received as an upload.

    The upload events skip Gradio's own checks (``preprocess=False``), so a caller can send
    ``{"path": "<any path>"}``. Only a path that resolves (symlinks followed) into Gradio's upload
    folder and is a regular file there is accepted; anything else raises :class:`RefusedFile` without
    being opened or even tested for existence outside that folder, so the answer tells nothing about
    the rest of the disk and a FIFO never blocks a worker. A missing file inside the folder is passed
    on (the cache sweep deleted it: the handler asks for the photo again).
    """
    path = upload_source(value)
    if path is None:
        return None
    if not isinstance(path, (str, os.PathLike)):
        raise RefusedFile(UNREADABLE)
    root = os.path.realpath(get_upload_folder())
    try:
        real = os.path.realpath(path)
        inside = os.path.commonpath([root, real]) == root and real != root
    except (ValueError, OSError):  # relative against absolute, NUL bytes, ...
        inside = False
    if not inside:
        raise RefusedFile(UNREADABLE)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    except OSError:
        raise RefusedFile(UNREADABLE) from None
    if not stat.S_ISREG(mode):
        raise RefusedFile(UNREADABLE)
    return real


def uploads_only(handler, refused: tuple, warn: bool = True):
    """``handler`` for the HTTP events: it sees only files from Gradio's upload folder.

    A refused file gets ``refused`` as the answer (and a warning toast when ``warn``; the chained
    second event stays quiet so a person sees one toast).
    """

    @functools.wraps(handler)
    def checked(image: Any) -> tuple:
        try:
            source = uploaded_file(image)
        except RefusedFile:  # worded in the page's language under lang.speaking (the API's stay English)
            if warn:
                gr.Warning(lang.message(UNREADABLE))
            # A fresh copy each time: Gradio pops "value" from a gr.update dict it postprocesses.
            answer = copy.deepcopy(refused)
            return tuple(lang.message(value) if isinstance(value, str) else value for value in answer) if \
                isinstance(answer, tuple) else answer
        return handler(source)

    return checked


class RecentUploads:
    """Each uploaded file is answered once: a repeat within ``seconds`` gets the same answer.

    Gradio 6.31's Image fires ``change`` twice, with the same file, when a new upload replaces a
    picture on show; without this, each such photo was read twice and an unreadable file raised
    its warning toast twice. Gradio names uploaded files after a hash of their content, so the
    path stands for the content. The two events may run at once (the queue serves several
    events together): a repeat that arrives while the first is still being answered waits for
    that answer instead of reading the file a second time.

    Every answer given, the first and each repeat, is a deep copy of the one remembered: Gradio's
    postprocessing (``postprocess_update_dict``) pops ``"value"`` from a ``gr.update`` dict in place,
    so handing out the remembered object itself left a repeat (Remove and upload the same picture
    again, or the same picture from another session) with an empty digit gallery.
    """

    def __init__(self, seconds: float = 10.0, size: int = 64):
        self.seconds, self.size = seconds, size
        self._answers: dict[tuple[str, str, str], tuple[float, tuple]] = {}
        self._answering: dict[tuple[str, str, str], threading.Event] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many answers are remembered."""
        with self._lock:
            return len(self._answers)

    def wrap(self, handler):
        @functools.wraps(handler)
        def answer(image: Any) -> tuple:
            path = upload_source(image)
            if not isinstance(path, (str, os.PathLike)):
                return handler(image)
            # The language too: the same picture from a Spanish page gets its own (Spanish) answer.
            key = (handler.__name__, os.fspath(path), lang.current())
            while True:
                with self._lock:
                    seen = self._answers.get(key)
                    if seen and time.monotonic() - seen[0] < self.seconds:
                        return copy.deepcopy(seen[1])
                    answering = self._answering.get(key)
                    if answering is None:
                        answering = self._answering[key] = threading.Event()
                        break
                # Being answered right now: wait, then take that answer (or, if it failed, answer it here).
                answering.wait()
            try:
                result = handler(image)
                with self._lock:
                    self._answers[key] = (time.monotonic(), copy.deepcopy(result))
                    while len(self._answers) > self.size:
                        self._answers.pop(next(iter(self._answers)))
                return result
            finally:
                with self._lock:
                    del self._answering[key]
                answering.set()

        return answer
