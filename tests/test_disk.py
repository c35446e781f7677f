"""Gradio's cache folder stays clean: a restart sweeps what a previous run left, empty per-upload folders
and stale .part files go, a failed write leaves no .part, and a full disk gets a plain message."""

import errno
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from mnist_demo.ui import disk, serving
from mnist_demo_dev.server import running_app

HOURS = 3600


def plant(root: Path, name: str, age: float, data: bytes = b"x") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def age_folder(path: Path, age: float) -> None:
    then = time.time() - age
    os.utime(path, (then, then))


def leftovers(root: Path) -> dict[str, Path]:
    """What a previous run may leave in the cache, and what a running server has just made."""
    made = {"old_upload": plant(root, "a" * 40 + "/photo.jpg", 3 * HOURS),
            "old_answer": plant(root, "mnist-demo/" + "b" * 40 + ".png", 3 * HOURS),
            "old_part": plant(root, "mnist-demo/tmp123.png.part", 15 * 60),
            "new_upload": plant(root, "c" * 40 + "/new.jpg", 60),
            "new_part": plant(root, "mnist-demo/tmp456.png.part", 5)}
    (root / ("d" * 40)).mkdir()
    made["empty_folder"] = root / ("d" * 40)
    (root / ("e" * 40)).mkdir()
    made["new_empty_folder"] = root / ("e" * 40)
    for name in ("a" * 40, "d" * 40):
        age_folder(root / name, 3 * HOURS)
    return made


def test_sweep_deletes_only_old_files_and_empty_folders(tmp_path):
    made = leftovers(tmp_path)
    age_folder(tmp_path / ("a" * 40), 3 * HOURS)
    deleted = disk.sweep(tmp_path, 2 * HOURS)
    assert not made["old_upload"].exists() and not made["old_upload"].parent.exists()
    assert not made["old_answer"].exists() and not made["old_part"].exists()
    assert not made["empty_folder"].exists()
    assert made["new_upload"].exists() and made["new_part"].exists() and made["new_empty_folder"].exists()
    assert deleted["files"] == 3 and deleted["folders"] >= 1


def test_periodic_sweep_keeps_files_but_drops_parts_and_empty_folders(tmp_path):
    made = leftovers(tmp_path)
    disk.sweep(tmp_path, float("inf"))
    assert made["old_upload"].exists() and made["old_answer"].exists()
    assert not made["old_part"].exists() and not made["empty_folder"].exists()


def test_failed_write_leaves_no_part_file_and_says_disk_full(tmp_path, monkeypatch):
    import gradio as gr

    monkeypatch.setattr(serving, "get_upload_folder", lambda: str(tmp_path))
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle, mode):
            self.file = real_fdopen(handle, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(serving.os, "fdopen", FullDisk)
    picture = Image.new("L", (28, 28), 200)
    with pytest.raises(OSError):
        serving.png_in_cache(picture)
    assert not list(tmp_path.rglob("*.part"))

    handler = serving.serving(lambda: (picture, "status"))
    with pytest.raises(gr.Error) as raised:
        handler()
    assert raised.value.message == disk.DISK_FULL


def test_restart_sweeps_what_a_previous_run_left(tmp_path, monkeypatch):
    """The real app started over a cache a previous run left behind."""
    cache = tmp_path / "gradio"
    made = leftovers(cache)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    with running_app(tmp_path / "app.log", 120):
        assert not made["old_upload"].exists() and not made["old_answer"].exists()
        assert not made["old_part"].exists() and not made["empty_folder"].exists()
        assert made["new_upload"].exists()


@pytest.fixture
def upload_server(tmp_path, monkeypatch):
    """A small Gradio app launched in this process with the app's own middleware (launch_options), its
    uploads in tmp_path; yields the upload route's URL."""
    import gradio as gr

    import app

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))
    with gr.Blocks() as demo:
        gr.File()
    demo.launch(prevent_thread_lock=True, quiet=True, app_kwargs=app.launch_options()["app_kwargs"])
    try:
        yield demo.local_url.rstrip("/") + "/gradio_api/upload"
    finally:
        demo.close()


def post_upload(url: str):
    import httpx

    return httpx.post(url, files={"files": ("digit.png", b"\x89PNG" + b"x" * 100_000, "image/png")}, timeout=30)


def test_upload_on_a_full_disk_gets_a_plain_message_before_it_is_read(upload_server, tmp_path, monkeypatch):
    assert post_upload(upload_server).status_code == 200  # room enough: Gradio's route as usual
    monkeypatch.setattr(disk, "free_bytes", lambda folder: disk.UPLOAD_RESERVE // 2)
    before = {path for path in tmp_path.rglob("*") if path.is_file()}
    response = post_upload(upload_server)
    assert (response.status_code, response.text) == (507, disk.DISK_FULL)
    assert {path for path in tmp_path.rglob("*") if path.is_file()} == before  # nothing written


def test_disk_filling_during_an_upload_gets_a_plain_message_not_a_500(upload_server, tmp_path, monkeypatch):
    """Gradio's route raises "no space left" while it writes the upload: 507 with our message, and the
    half-written file it leaves at the top of the upload folder is swept as a partial."""
    from gradio import route_utils

    real = route_utils.NamedTemporaryFile

    class FullDisk:
        def __init__(self, *args, **kwargs):
            self.file = real(*args, **kwargs)
            self.name = self.file.name

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.file, name)

    monkeypatch.setattr(route_utils, "NamedTemporaryFile", FullDisk)
    response = post_upload(upload_server)
    assert (response.status_code, response.text) == (507, disk.DISK_FULL)
    partial = [path for path in tmp_path.iterdir() if path.is_file() and path.name.startswith("tmp")]
    assert partial
    for path in partial:
        age_folder(path, disk.PART_AGE + 60)
    disk.sweep(tmp_path, float("inf"))
    assert not [path for path in tmp_path.iterdir() if path.is_file()]
