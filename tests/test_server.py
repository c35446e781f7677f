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
    confidences, preview, status = predict(client, digit_photo)
    assert confidences["label"] == "7", confidences
    assert len(confidences["confidences"]) == 3  # gr.Label(num_top_classes=3) sends the top 3
    assert Image.open(preview).size == (PREVIEW_SIDE, PREVIEW_SIDE)
    assert "**7**" in status


def test_server_random_sample_endpoint(client):
    index, image, confidences, verdict = client.predict(True, api_name="/random_sample")
    assert 0 <= int(index) < 10_000
    assert Image.open(image).size == (PREVIEW_SIDE, PREVIEW_SIDE)
    assert confidences["label"] in {str(d) for d in range(10)}
    assert re.search(r"True label: \*\*\d\*\*", verdict) and "✗" in verdict


def test_server_documents_only_the_named_endpoints(client):
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {
        "/predict", "/random_sample", "/read_number"}


def test_server_reads_a_number(client, tmp_path):
    from gradio_client import handle_file

    path = tmp_path / "2026.png"
    Image.fromarray(number_canvas("2026")["composite"]).save(path)
    heatmap, text, digits, details, status = client.predict(handle_file(str(path)), api_name="/read_number")
    assert "4 digits" in status
    assert details["number"] == "2026" and "2026" in text
    gallery = digits["value"] if isinstance(digits, dict) else digits  # an update that also shows it
    assert len(gallery) == 4 and [d["digit"] for d in details["digits"]] == [2, 0, 2, 6]
    assert Image.open(heatmap).size == (280, 280)


def test_server_is_unsure_about_a_scribble(client, tmp_path):
    paper = Image.new("RGB", (600, 600), (255, 255, 255))
    star = SCRIBBLE_STROKES["star"][0]
    ImageDraw.Draw(paper).line([(600 * x, 600 * y) for x, y in star], fill=(20, 20, 20), width=24)
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


def test_server_answers_twenty_people_at_once(client, digit_photo, tmp_path):
    from gradio_client import handle_file

    photos = [tagged_copy(digit_photo, f"person{n}", tmp_path) for n in range(20)]  # 20 distinct uploads
    jobs = [client.submit(handle_file(str(photo)), api_name="/predict") for photo in photos]
    answers = [job.result(timeout=60) for job in jobs]
    assert [confidences["label"] for confidences, _, _ in answers] == ["7"] * 20


def test_small_load_has_no_errors(app_server, tmp_path):
    """Latency under load is measured by benchmarks/load.py; here: every request is answered."""
    result = run_load(app_server.url, clients=8, requests=10, inputs=make_inputs(tmp_path), deadline=120)
    assert result["errors"] == []
    assert result["requests"] == 80
