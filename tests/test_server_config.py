"""Gradio configured for a public server: no /monitoring page, nothing skips the queue, bounded session
memory; the documented gradio_client API keeps working."""

import json
import urllib.error
import urllib.request

import pytest


def status_of(url: str, data: bytes | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("path", ["monitoring", "monitoring/summary", "gradio_api/monitoring",
                                  "gradio_api/monitoring/summary"])
def test_monitoring_is_not_served(app_server, path):
    assert status_of(app_server.url + path) in (403, 404)


def test_monitoring_key_is_not_printed(app_server):
    status_of(app_server.url + "monitoring")
    assert "Monitoring URL" not in app_server.log.read_text()


def test_direct_post_cannot_skip_the_queue(app_server):
    body = json.dumps({"data": [False]}).encode()
    assert status_of(app_server.url + "gradio_api/api/random_sample", body) == 404
    assert status_of(app_server.url + "gradio_api/run/random_sample", body) == 404


def test_documented_api_still_works_through_the_queue(app_server):
    from gradio_client import Client

    client = Client(app_server.url, verbose=False)
    index, _image, _confidences, verdict = client.predict(False, api_name="/random_sample")
    assert 0 <= index < 10_000 and "True label" in verdict
    # Plain REST through the queue (/gradio_api/call/<name>), as the README's timings use it.
    request = urllib.request.Request(app_server.url + "gradio_api/call/random_sample",
                                     data=json.dumps({"data": [False]}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        event_id = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{app_server.url}gradio_api/call/random_sample/{event_id}", timeout=60) as response:
        assert "event: complete" in response.read().decode()


def test_session_memory_is_bounded():
    import app

    options = app.launch_options()
    assert options["enable_monitoring"] is False
    # ~100 KB per session (issue 18): a few hundred sessions, not Gradio's 10,000 (over 1 GB).
    assert 100 <= options["state_session_capacity"] <= 1000


def test_gradio_decodes_no_picture_for_any_event():
    """Drawn layers and uploads are never decoded by Gradio (no pixel cap there, and a cap that depended
    on a warnings filter): no Sketchpad / ImageEditor / Paint, and every event that takes a picture takes
    it unprocessed, for our reader's explicit pixel count (issue 18, points 2 and 3)."""
    import gradio as gr

    import app

    demo = app.build_demo()
    editors = [block for block in demo.blocks.values() if isinstance(block, gr.ImageEditor)]
    assert not editors
    for fn in demo.fns.values():
        if fn.fn is not None and any(isinstance(block, gr.Image) for block in fn.inputs):
            assert fn.preprocess is False, fn.name
