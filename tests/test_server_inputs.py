"""The real server under bad inputs and under load (gradio_client against ``python app.py``)."""

import os
import sys
import time
from pathlib import Path

import pytest

from bad_inputs import EMPTY, TOO_LARGE, UNREADABLE, make_bad_inputs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


@pytest.fixture(scope="module")
def client(app_server):
    from gradio_client import Client

    return Client(app_server.url, verbose=False)


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    return make_bad_inputs(tmp_path_factory.mktemp("server-bad"))


def predict(client, path):
    from gradio_client import handle_file

    return client.predict(handle_file(str(path)), api_name="/predict")


@pytest.mark.parametrize("name", ["empty.png", "random_bytes.png", "text.png", "truncated.png", "one_pixel.png",
                                  "all_white.png", "all_black.png", "transparent.png", "noise.png", "huge_12000.png",
                                  "bomb.png", "bomb_70mp.png",
                                  "cmyk.jpg", "gray16.png", "palette_transparent.png", "animated.gif",
                                  "exif_rotated.jpg", "opaque_alpha.png"])
def test_server_answers_every_bad_input(client, bad_files, name, tmp_path):
    path, expected = bad_files[name]
    started = time.perf_counter()
    confidences, preview, status = predict(client, path)
    assert time.perf_counter() - started < 3.0
    if isinstance(expected, int):
        assert confidences["label"] == str(expected)
    else:
        assert not confidences or confidences.get("label") is None  # no guess
        assert status and "Traceback" not in status and str(path.parent) not in status
        if expected == TOO_LARGE:
            assert "too large" in status.lower()
        if expected == UNREADABLE:
            assert "could not read" in status.lower()
    follow_up, _, _ = predict(client, bad_files["cmyk.jpg"][0])  # the next request still works
    assert follow_up["label"] == "7"


def test_server_is_unsure_about_a_scribble(client, tmp_path):
    from PIL import Image, ImageDraw

    from test_app import SCRIBBLES

    paper = Image.new("RGB", (600, 600), (255, 255, 255))
    ImageDraw.Draw(paper).line([(600 * x, 600 * y) for x, y in SCRIBBLES["star"][0]], fill=(20, 20, 20), width=24)
    paper.save(tmp_path / "star.png")
    confidences, _, status = predict(client, tmp_path / "star.png")
    assert status.startswith("**Not sure**"), status
    assert confidences["confidences"][0]["confidence"] < 0.9  # no confident digit


def test_upload_size_limit(client, tmp_path):
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * (11 * 1024 * 1024))
    with pytest.raises(Exception) as error:
        predict(client, big)
    assert "large" in str(error.value).lower() or "size" in str(error.value).lower()
    follow_up, _, _ = predict(client, Path(__file__))  # a text file: a friendly answer, server alive
    assert not follow_up or follow_up.get("label") is None


def test_small_load_has_no_errors(app_server, tmp_path):
    from load import make_inputs, run_load

    result = run_load(app_server.url, clients=8, requests=10, inputs=make_inputs(tmp_path), deadline=120)
    assert result["errors"] == []
    assert result["requests"] == 80
    assert result["p95"] < 3000  # ms, on a busy 2-core CI machine


REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", ["/etc/passwd", "app.py", "assets/model.keras", str(REPO / "assets" / "model.keras"),
                                  str(REPO / "assets" / "mnist_test.npz"), str(REPO / "README.md"),
                                  "/tmp/gradio/../../etc/passwd", str(Path.home() / ".bashrc")])
def test_server_serves_no_files_beyond_its_answers(app_server, bad_files, path):
    import urllib.error
    import urllib.request
    from urllib.parse import quote

    from gradio_client import Client, handle_file

    # The answer's own picture is served (so the refusals below are real refusals) ...
    _, preview, _ = Client(app_server.url, verbose=False, download_files=False).predict(
        handle_file(str(bad_files["cmyk.jpg"][0])), api_name="/predict")
    with urllib.request.urlopen(preview["url"], timeout=10) as response:
        assert response.status == 200 and response.read(8) == b"\x89PNG\r\n\x1a\n"
    # ... the model, the code, the data and the rest of the disk are not.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{app_server.url}gradio_api/file={quote(path)}", timeout=10)
    assert refused.value.code in (403, 404)


def _raw_call(url: str, endpoint: str, file_data: dict) -> list:
    """POST one file description straight to Gradio's REST API (no gradio_client, no upload) and read the answer."""
    import json
    import urllib.request

    request = urllib.request.Request(f"{url}gradio_api/call/{endpoint}", data=json.dumps({"data": [file_data]}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        event_id = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{endpoint}/{event_id}", timeout=30) as response:
        lines = response.read().decode().splitlines()
    for event, data in zip(lines, lines[1:]):
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
    link.symlink_to(REPO / "assets" / "examples" / "photo_7.jpg")
    yield {"outside": str(REPO / "assets" / "examples" / "photo_7.jpg"),
           "relative": "assets/examples/drawn_3.png",
           "missing_outside": str(REPO / "assets" / "no-such-file.png"),
           "fifo": str(fifo), "symlink_out": str(link)}
    fifo.unlink()
    link.unlink()
    folder.rmdir()


@pytest.mark.parametrize("name", ["outside", "relative", "missing_outside", "fifo", "symlink_out"])
@pytest.mark.parametrize("endpoint", ["predict", "read_number"])
def test_server_opens_no_file_it_did_not_receive(app_server, planted_upload_paths, name, endpoint):
    started = time.perf_counter()
    outputs = _raw_call(app_server.url, endpoint, {"path": planted_upload_paths[name]})  # no "meta": a raw path
    assert time.perf_counter() - started < 10  # a FIFO never blocks the worker
    if endpoint == "predict":
        confidences, preview, status = outputs
        assert not confidences or confidences.get("label") is None
        assert preview is None
        assert "could not read" in status.lower()
    else:
        heatmap, _, _, reading, _ = outputs
        assert heatmap is None and not reading
    # The same wording whether the named file exists or not: nothing is learnt about the disk.
    if endpoint == "predict" and name == "missing_outside":
        assert outputs[2] == _raw_call(app_server.url, endpoint, {"path": planted_upload_paths["outside"]})[2]
