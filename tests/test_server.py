"""The running server's HTTP API (gradio_client against ``python app.py``): named endpoints, numbers,
limits and many people at once. Bad and hostile inputs over HTTP: test_server_inputs.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from mnist_demo import plots
from mnist_demo_dev.files import tagged_copy
from mnist_demo_dev.load import make_inputs, run_load
from mnist_demo_dev.not_digits import SCRIBBLE_STROKES
from mnist_demo_dev.strokes import number_canvas

PREVIEW_SIDE = 28 * plots.PREVIEW_SCALE


@pytest.fixture(scope="module")
def client(app_server):
    from gradio_client import Client

    return Client(app_server.url, verbose=False)


def predict(client, path):
    from gradio_client import handle_file

    return client.predict(handle_file(str(path)), api_name="/predict")


def test_server_predict_endpoint(client, digit_photo):
    answer = predict(client, digit_photo)  # plain JSON (README, "HTTP API"; more in test_server_api.py)
    assert answer["digit"] == 7 and answer["error"] is None, answer
    assert answer["top3"][0]["digit"] == 7 and len(answer["top3"]) == 3
    assert "7" in answer["message"]


def test_server_random_sample_endpoint(client):
    index, image, confidences, verdict = client.predict(True, api_name="/random_sample")
    assert 0 <= int(index) < 10_000
    assert Image.open(image).size == (PREVIEW_SIDE, PREVIEW_SIDE)
    assert confidences["label"] in {str(d) for d in range(10)}
    assert re.fullmatch(r"True label: \d · ✗ The model says \d .*", verdict) and "**" not in verdict  # plain text


def test_server_documents_only_the_named_endpoints(client):
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {
        "/predict", "/random_sample", "/read_number"}


def test_server_reads_a_number(client, tmp_path):
    from gradio_client import handle_file

    path = tmp_path / "2026.png"
    Image.fromarray(number_canvas("2026")["composite"]).save(path)
    reading = client.predict(handle_file(str(path)), api_name="/read_number")
    assert reading["number"] == "2026" and reading["error"] is None
    assert [d["digit"] for d in reading["digits"]] == [2, 0, 2, 6]


def test_server_is_unsure_about_a_scribble(client, tmp_path):
    paper = Image.new("RGB", (600, 600), (255, 255, 255))
    star = SCRIBBLE_STROKES["star"][0]
    ImageDraw.Draw(paper).line([(600 * x, 600 * y) for x, y in star], fill=(20, 20, 20), width=24)
    paper.save(tmp_path / "star.png")
    answer = predict(client, tmp_path / "star.png")
    assert answer["unsure"] is True and answer["why"] and answer["message"].startswith("Not sure"), answer
    assert answer["probability"] < 0.9  # no confident digit


def test_upload_size_limit(client, tmp_path):
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * (11 * 1024 * 1024))
    with pytest.raises(Exception) as error:
        predict(client, big)
    assert "large" in str(error.value).lower() or "size" in str(error.value).lower()
    follow_up = predict(client, Path(__file__))  # a text file: a friendly answer, server alive
    assert follow_up["digit"] is None and "could not read" in follow_up["error"].lower()


def test_server_answers_twenty_people_at_once(app_server, digit_photo, tmp_path):
    """Twenty people, each with their own client, upload at the same moment. (One shared gradio_client
    for all twenty raced in the client library itself: a finished stream cancelled a pending job.)"""
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client, handle_file

    photos = [tagged_copy(digit_photo, f"person{n}", tmp_path) for n in range(20)]  # 20 distinct uploads
    clients = [Client(app_server.url, verbose=False) for _ in photos]
    with ThreadPoolExecutor(len(photos)) as pool:
        answers = list(pool.map(lambda pair: pair[0].predict(handle_file(str(pair[1])), api_name="/predict"),
                                zip(clients, photos), timeout=120))
    assert [answer["digit"] for answer in answers] == [7] * 20


def test_small_load_has_no_errors(app_server, tmp_path):
    """Latency under load is measured by benchmarks/load.py; here: every request is answered."""
    result = run_load(app_server.url, clients=8, requests=10, inputs=make_inputs(tmp_path), deadline=120)
    assert result["errors"] == []
    assert result["requests"] == 80
