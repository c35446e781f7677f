"""The real server under bad and hostile inputs (gradio_client and raw REST calls against ``python app.py``):
a plain answer for every bad file, and no file served or opened beyond its own answers and uploads."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

import pytest

from mnist_demo.config import REPO_DIR
from mnist_demo_dev.bad_inputs import BAD_INPUTS, TOO_LARGE, UNREADABLE


@pytest.fixture(scope="module")
def client(app_server):
    from gradio_client import Client

    return Client(app_server.url, verbose=False)


def predict(client, path):
    from gradio_client import handle_file

    return client.predict(handle_file(str(path)), api_name="/predict")


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_server_answers_every_bad_input(client, bad_files, name):
    """(Answer times: benchmarks/bad_inputs.py.)"""
    path, expected = bad_files[name]
    answer = predict(client, path)
    if isinstance(expected, int):
        assert answer["digit"] == expected
    else:
        status = answer["error"]
        assert answer["digit"] is None  # no guess
        assert status and "Traceback" not in status and str(path.parent) not in status
        if expected == TOO_LARGE:
            assert "too large" in status.lower()
        if expected == UNREADABLE:
            assert "could not read" in status.lower()
    follow_up = predict(client, bad_files["cmyk.jpg"][0])  # the next request still works
    assert follow_up["digit"] == 7


@pytest.fixture(scope="module")
def answer_picture_url(app_server, bad_files) -> str:
    """The URL of a picture the server made for one of its answers (/predict answers JSON only)."""
    from gradio_client import Client

    _, image, _, _ = Client(app_server.url, verbose=False, download_files=False).predict(
        False, api_name="/random_sample")
    return image["url"]


@pytest.mark.parametrize("path", ["/etc/passwd", "app.py", "assets/model.keras",
                                  str(REPO_DIR / "assets" / "model.keras"), str(REPO_DIR / "assets" / "mnist_test.npz"),
                                  str(REPO_DIR / "README.md"), "/tmp/gradio/../../etc/passwd",
                                  str(Path.home() / ".bashrc")])
def test_server_serves_no_files_beyond_its_answers(app_server, answer_picture_url, path):
    import urllib.error
    import urllib.request
    from urllib.parse import quote

    # The answer's own picture is served (so the refusals below are real refusals) ...
    with urllib.request.urlopen(answer_picture_url, timeout=10) as response:
        assert response.status == 200 and response.read(8) == b"\x89PNG\r\n\x1a\n"
    # ... the model, the code, the data and the rest of the disk are not.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{app_server.url}gradio_api/file={quote(path)}", timeout=10)
    assert refused.value.code in (403, 404)


def _raw_call(url: str, endpoint: str, file_data: dict) -> list:
    """POST one file description straight to Gradio's REST API (no gradio_client, no upload) and read the answer."""
    import json
    import urllib.request

    request = urllib.request.Request(f"{url}gradio_api/call/{endpoint}",
                                     data=json.dumps({"data": [file_data]}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        event_id = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{endpoint}/{event_id}", timeout=30) as response:
        lines = response.read().decode().splitlines()
    for event, data in itertools.pairwise(lines):
        if event == "event: complete":
            return json.loads(data.removeprefix("data: "))
    raise AssertionError(f"no complete event in {lines}")


@pytest.fixture(scope="module")
def planted_upload_paths(tmp_path_factory):
    """Paths a caller might name: real pictures outside the upload folder, and a FIFO and a symlink inside it."""
    from gradio.utils import get_upload_folder

    folder = Path(get_upload_folder()) / f"planted-{time.time_ns()}"
    folder.mkdir(parents=True)
    fifo, link = folder / "pipe.png", folder / "link.png"
    os.mkfifo(fifo)
    link.symlink_to(REPO_DIR / "assets" / "examples" / "photo_7.jpg")
    yield {"outside": str(REPO_DIR / "assets" / "examples" / "photo_7.jpg"),
           "relative": "assets/examples/drawn_3.png",
           "missing_outside": str(REPO_DIR / "assets" / "no-such-file.png"),
           "fifo": str(fifo), "symlink_out": str(link)}
    fifo.unlink()
    link.unlink()
    folder.rmdir()


@pytest.mark.parametrize("name", ["outside", "relative", "missing_outside", "fifo", "symlink_out"])
@pytest.mark.parametrize("endpoint", ["predict", "read_number"])
def test_server_opens_no_file_it_did_not_receive(app_server, planted_upload_paths, name, endpoint):
    # No "meta": a raw path. (A worker blocked on the FIFO would fail the call's 30 s timeout.)
    outputs = _raw_call(app_server.url, endpoint, {"path": planted_upload_paths[name]})
    (answer,) = outputs
    assert answer.get("digit") is None and answer.get("number") is None
    assert "could not read" in answer["error"].lower()
    # The same wording whether the named file exists or not: nothing is learnt about the disk.
    if name == "missing_outside":
        assert outputs == _raw_call(app_server.url, endpoint, {"path": planted_upload_paths["outside"]})


def _page_call(url: str, elem_id: str, file_data: dict) -> list:
    """Join the queue as the page does (fn_index, trigger, session) for the event the component's change
    runs; the outputs of the completed event."""
    import json
    import urllib.request
    import uuid

    with urllib.request.urlopen(f"{url}config", timeout=30) as response:
        config = json.loads(response.read())
    (component,) = [c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id]
    change = next(d for d in config["dependencies"] if d.get("backend_fn") and [component, "change"] in d["targets"])
    event = change
    session = uuid.uuid4().hex[:11]
    body = {"data": [file_data], "fn_index": event["id"], "trigger_id": component, "session_hash": session,
            "event_data": None}
    request = urllib.request.Request(f"{url}gradio_api/queue/join", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    with urllib.request.urlopen(f"{url}gradio_api/queue/data?session_hash={session}", timeout=30) as stream:
        for line in stream:
            if line.startswith(b"data: "):
                message = json.loads(line[6:])
                if message.get("msg") == "process_completed":
                    return message["output"]["data"]
    raise AssertionError("the event never completed")


@pytest.mark.parametrize("name", ["outside", "symlink_out"])
def test_upload_tab_events_show_no_label_and_no_preview_of_a_file_not_uploaded(app_server, planted_upload_paths,
                                                                               name):
    """The Upload tab's own (private) events, called as the page calls them with a meta-less path to a real
    picture under the repo: no label, no 28 x 28 preview, no heatmap (issue 18, point 1)."""
    label, preview, heatmap, status, *_ = (_value(output) for output in
                                           _page_call(app_server.url, "upload", {"path": planted_upload_paths[name]}))
    assert not (label or {}).get("label") and not (label or {}).get("confidences")
    assert preview is None and heatmap is None
    assert "could not read" in status.lower()


def _value(output):
    """An output's value, whether Gradio sent it plain or as an update."""
    return output.get("value") if isinstance(output, dict) and output.get("__type__") == "update" else output
