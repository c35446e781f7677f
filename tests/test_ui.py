"""The app's Gradio 6.31 workarounds (mnist_demo/ui): each upload answered once, and answer pictures
in Gradio's cache, swept with the uploads while the examples stay."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

import gradio as gr
import pytest

import app
from mnist_demo.ui.uploads import RecentUploads, uploads_only
from mnist_demo_dev.files import tagged_copy
from mnist_demo_dev.server import free_port

# Uploads answered once ----------------------------------------------------------------------------

def test_a_repeated_upload_is_answered_once(tmp_path):
    """Gradio 6.31 fires the Image's change event twice when a new file replaces a shown one."""
    calls = []

    def handler(image):
        calls.append(image)
        return (len(calls),)

    recent = RecentUploads(seconds=60)
    answer = recent.wrap(handler)
    photo = {"path": str(tmp_path / "a.png"), "url": "http://127.0.0.1/gradio_api/file=a.png"}
    assert answer(photo) == answer(dict(photo)) == (1,)
    assert answer({"path": str(tmp_path / "b.png")}) == (2,)  # another file is read
    assert answer(None) == (3,) and answer(None) == (4,)  # no file: nothing to remember
    assert len(calls) == 4


def test_a_repeat_arriving_while_the_first_is_answered_waits_for_that_answer(tmp_path):
    """The queue serves several events at once, so Gradio's second change event can arrive before the
    first is answered: it once read the file again (an unreadable file showed its warning toast twice)."""
    import concurrent.futures

    calls, started, release = [], threading.Event(), threading.Event()

    def handler(image):
        calls.append(image)
        started.set()
        release.wait(5)
        return (len(calls),)

    answer = RecentUploads(seconds=60).wrap(handler)
    photo = {"path": str(tmp_path / "a.png")}
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        first = pool.submit(answer, photo)
        started.wait(5)
        repeat = pool.submit(answer, dict(photo))
        time.sleep(0.2)  # the repeat is waiting now
        release.set()
        assert first.result(5) == repeat.result(5) == (1,)
    assert len(calls) == 1


def test_a_repeat_is_read_again_when_the_first_answer_failed(tmp_path):
    calls = []

    def handler(image):
        calls.append(image)
        if len(calls) == 1:
            raise RuntimeError("the first reading failed")
        return (len(calls),)

    answer = RecentUploads(seconds=60).wrap(handler)
    photo = {"path": str(tmp_path / "a.png")}
    with pytest.raises(RuntimeError):
        answer(photo)
    assert answer(photo) == answer(photo) == (2,)


def test_a_repeated_upload_is_answered_in_the_pages_language(tmp_path):
    """The same picture from a Spanish page and an English one: each gets its own answer, in its language."""
    from mnist_demo import lang

    answer = RecentUploads(seconds=60).wrap(lambda image: (lang.text("number_hint"),))
    photo = {"path": str(tmp_path / "a.png")}
    assert answer(photo) == (lang.text("number_hint", "en"),)
    with lang.speaking("es"):
        assert answer(photo) == (lang.text("number_hint", "es"),)
    assert answer(photo) == (lang.text("number_hint", "en"),)


def test_remembered_answers_expire_and_stay_bounded(tmp_path):
    recent = RecentUploads(seconds=0.0, size=3)
    answer = recent.wrap(lambda image: (object(),))
    photo = {"path": str(tmp_path / "a.png")}
    assert answer(photo) != answer(photo)  # expired at once: read again
    for n in range(10):
        answer({"path": str(tmp_path / f"{n}.png")})
    assert len(recent) == 3


def test_a_repeated_upload_still_shows_its_digits_after_gradio_postprocessing(tmp_path):
    """The same picture uploaded again within seconds (Remove, then upload it again; or another session):
    the remembered answer runs through Gradio's postprocessing a second time. Gradio pops "value" from a
    gr.update dict in place, so the repeat once showed "Reads as the number 53" over an empty gallery."""
    import asyncio
    import concurrent.futures
    import shutil
    import tempfile

    from gradio.utils import get_upload_folder
    from PIL import Image

    from mnist_demo_dev.strokes import number_canvas

    demo = app.build_demo()
    answer_event = next(fn for fn in demo.fns.values() if fn.fn is not None and fn.fn.__name__ == "answer_upload")
    gallery = [block._id for block in answer_event.outputs].index(app_gallery_id(demo))
    folder = Path(tempfile.mkdtemp(dir=get_upload_folder()))
    try:
        path = folder / "53.png"
        Image.fromarray(number_canvas("53")["composite"]).save(path)
        shown = []
        for _ in range(3):  # the first answer, then two repeats from RecentUploads
            answer = answer_event.fn({"path": str(path)}, None)
            # in a thread of its own: an earlier test (the browser's) may leave an event loop running here
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                processed = pool.submit(asyncio.run, demo.postprocess_data(answer_event, list(answer), None)).result()
            output = processed[gallery]
            shown.append([item["caption"].split(" ")[0] for item in output.get("value") or []])
            assert all(item["image"]["path"] for item in output.get("value") or [])
        assert shown == [["5", "3"]] * 3
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def app_gallery_id(demo) -> int:
    """The Upload tab's gallery of the digits found."""
    return next(block._id for block in demo.blocks.values() if getattr(block, "elem_id", None) == "upload-digits")


def test_a_refused_upload_answers_a_whole_update_every_time():
    """uploads_only's refused answer is handed out again and again: each one a fresh copy."""
    from gradio.blocks import postprocess_update_dict

    answer = uploads_only(lambda image: ("read",), (gr.update(value=[], visible=False), "no"), warn=False)
    gallery = gr.Gallery()
    for _ in range(2):
        update, text = answer({"path": "/etc/passwd"})
        assert postprocess_update_dict(gallery, update).get("value") == [] and text == "no"


# The cache sweep ------------------------------------------------------------------------------------

def test_cache_sweep_removes_answers_and_keeps_examples(digit_photo, tmp_path):
    """Gradio's delete_cache sweep (every hour, files over 2 hours old) also reaches the pictures
    the app writes for its answers, and leaves the examples alone."""
    from gradio.route_utils import delete_files_created_by_app
    from gradio_client import Client, handle_file

    demo = app.build_demo()
    assert demo.delete_cache == app.CACHE_SWEEP
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True,
                **app.launch_options())
    try:
        client = Client(demo.local_url, verbose=False, download_files=False)
        # (/predict answers JSON; /random_sample's picture goes through the same serving() as the
        # Upload tab's preview.)
        _, preview, _, _ = client.predict(False, api_name="/random_sample")
        answer = Path(preview["path"])
        assert answer.exists()
        kept = {path for block in demo.blocks.values() for path in getattr(block, "keep_in_cache", ())}
        delete_files_created_by_app(demo, age=0)  # what the sweep does to files older than its age
        assert not answer.exists()
        assert kept and all(Path(path).exists() for path in kept)  # examples and start-up pictures stay
        # A new answer (a real sweep never removes files that young) gets its picture written and served.
        again = tagged_copy(digit_photo, "again", tmp_path)
        assert client.predict(handle_file(str(again)), api_name="/predict")["digit"] == 7
        _, preview, _, _ = client.predict(False, api_name="/random_sample")
        with urllib.request.urlopen(preview["url"], timeout=10) as response:  # written again, served
            assert response.read(4) == b"\x89PNG"
    finally:
        demo.close()
