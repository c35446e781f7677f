"""Answer pictures handed to Gradio as complete PNG files in its cache (a Gradio 6.31 workaround)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import tempfile
from pathlib import Path

import gradio as gr
from gradio.utils import get_upload_folder
from PIL import Image

from mnist_demo import lang
from mnist_demo.ui.disk import DISK_FULL, is_disk_full


def png_in_cache(image: Image.Image) -> str:
    """Write a picture once, atomically, into Gradio's cache and return its path.

    Gradio 6.31 saves a PIL output by truncating and rewriting its content-named cache file even
    when that file exists, so two identical answers at once (the same photo from two API clients,
    the same test sample) can send one of them a half-written file. Files written here are complete
    before they appear, and Gradio serves a path inside its cache as it is.
    """
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data = buffer.getvalue()
    folder = Path(get_upload_folder()) / "mnist-demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()[:40]}.png"
    try:
        os.utime(path)  # made before: it counts as new again for the cache sweep (app.CACHE_SWEEP)
    except FileNotFoundError:
        handle, staging = tempfile.mkstemp(dir=folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as output:
                output.write(data)
            os.replace(staging, path)
        except BaseException:  # a full disk, most likely: no half-written .part is left behind
            with contextlib.suppress(OSError):
                os.unlink(staging)
            raise
    return str(path)


def serving(handler):
    """The handler, with the PIL images it returns handed to Gradio as complete PNG files."""

    def cached(value):
        if isinstance(value, Image.Image):
            return png_in_cache(value)
        if isinstance(value, list):  # gallery items: (image, caption)
            return [(cached(item[0]), item[1]) if isinstance(item, tuple) else cached(item) for item in value]
        if isinstance(value, dict) and value.get("__type__") == "update" and "value" in value:
            return {**value, "value": cached(value["value"])}
        return value

    @functools.wraps(handler)
    def serve(*args):
        try:
            return tuple(cached(value) for value in handler(*args))
        except OSError as error:
            if is_disk_full(error):
                raise gr.Error(lang.message(DISK_FULL), print_exception=False) from None
            raise

    return serve
