"""The app's Gradio 6.31 workarounds (mnist_demo/ui): each upload answered once, and answer pictures
in Gradio's cache, swept with the uploads while the examples stay."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import app
from mnist_demo.ui.uploads import RecentUploads
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


def test_remembered_answers_expire_and_stay_bounded(tmp_path):
    recent = RecentUploads(seconds=0.0, size=3)
    answer = recent.wrap(lambda image: (object(),))
    photo = {"path": str(tmp_path / "a.png")}
    assert answer(photo) != answer(photo)  # expired at once: read again
    for n in range(10):
        answer({"path": str(tmp_path / f"{n}.png")})
    assert len(recent) == 3


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
