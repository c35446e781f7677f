"""Answer pictures handed to Gradio as complete PNG files in its cache (a Gradio 6.31 workaround)."""

from __future__ import annotations

import functools
import hashlib
import io
import os
import tempfile
from pathlib import Path

from gradio.utils import get_upload_folder
from PIL import Image


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
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        os.replace(staging, path)
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
        return tuple(cached(value) for value in handler(*args))

    return serve
