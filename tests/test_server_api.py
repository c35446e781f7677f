"""The documented HTTP API (README, "HTTP API") against the real server: plain JSON with the same keys
in every answer, an ``error`` message instead of an empty answer, meaningful output names, and the
README's own snippet running as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image

from mnist_demo.config import REPO_DIR
from mnist_demo_dev.strokes import number_canvas

PREDICT_KEYS = {"digit", "probability", "unsure", "why", "top3", "probabilities", "message", "error"}
READING_KEYS = {"number", "probability", "digits", "error"}


@pytest.fixture(scope="module")
def client(app_server):
    from gradio_client import Client

    return Client(app_server.url, verbose=False)


@pytest.fixture(scope="module")
def pictures(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("api")
    paths = {"2026.jpg": folder / "2026.jpg", "blank.png": folder / "blank.png", "text.png": folder / "text.png"}
    Image.fromarray(number_canvas("2026")["composite"]).convert("RGB").save(paths["2026.jpg"], quality=95)
    Image.new("RGB", (300, 300), (255, 255, 255)).save(paths["blank.png"])
    paths["text.png"].write_text("not a picture at all\n")
    return paths


def call(client, path: Path, endpoint: str) -> dict:
    from gradio_client import handle_file

    return client.predict(handle_file(str(path)), api_name=endpoint)


def assert_plain_json(answer) -> None:
    assert isinstance(answer, dict)
    assert "__type__" not in json.dumps(answer)


def test_api_predict_answers_plain_json(client, digit_photo):
    answer = call(client, digit_photo, "/predict")
    assert_plain_json(answer)
    assert set(answer) == PREDICT_KEYS
    assert answer["digit"] == 7 and answer["error"] is None and answer["unsure"] is False and answer["why"] is None
    assert answer["top3"][0] == {"digit": 7, "probability": answer["probability"]}
    assert len(answer["probabilities"]) == 10 and "7" in answer["message"] and "**" not in answer["message"]


@pytest.mark.parametrize(("name", "words"), [("blank.png", "no digit"), ("text.png", "could not read")])
@pytest.mark.parametrize(("endpoint", "keys"), [("/predict", PREDICT_KEYS), ("/read_number", READING_KEYS)])
def test_api_says_why_there_is_no_answer(client, pictures, name, words, endpoint, keys):
    answer = call(client, pictures[name], endpoint)
    assert_plain_json(answer)
    assert set(answer) == keys
    assert words in answer["error"].lower() and str(pictures[name].parent) not in answer["error"]
    assert answer.get("digit") is None and answer.get("number") is None


def test_api_reads_a_number_as_plain_json(client, pictures):
    reading = call(client, pictures["2026.jpg"], "/read_number")
    assert_plain_json(reading)
    assert set(reading) == READING_KEYS and reading["error"] is None
    assert reading["number"] == "2026" and [d["digit"] for d in reading["digits"]] == [2, 0, 2, 6]


def test_api_outputs_have_meaningful_names(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    names = {endpoint: [r["label"] for r in info["returns"]] for endpoint, info in endpoints.items()}
    assert names["/predict"] == ["prediction"] and names["/read_number"] == ["reading"]
    assert not any(re.fullmatch(r"value_\d+", str(name)) for labels in names.values() for name in labels), names


def test_api_random_sample_verdict_is_plain_text(client):
    """The Test samples tab shows the true label in bold; the API answers the same line as plain text."""
    index, _, confidences, verdict = client.predict(False, api_name="/random_sample")
    assert isinstance(verdict, str) and "**" not in verdict
    assert re.fullmatch(r"True label: \d · [✓✗] The model .*", verdict), verdict
    assert 0 <= int(index) < 10_000 and confidences["label"] in {str(d) for d in range(10)}
    returns = client.view_api(print_info=False, return_format="dict")["named_endpoints"]["/random_sample"]["returns"]
    assert returns[-1]["label"] == "Verdict" and returns[-1]["component"] == "Textbox"


def test_readme_http_snippet_runs(app_server, pictures, digit_photo, capsys):
    readme = (REPO_DIR / "README.md").read_text()
    section = readme[readme.index("## HTTP API"):readme.index("### Limits and safety")]
    snippet = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    snippet = snippet.replace("http://127.0.0.1:7860/", app_server.url)
    for name, path in {"photo.jpg": digit_photo, **pictures}.items():
        snippet = snippet.replace(f'"{name}"', repr(str(path)))
    exec(compile(snippet, "README.md", "exec"), {})  # the README's own code, as a user runs it
    lines = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("Loaded as API")]
    assert lines[0].startswith("7 False It's a 7") and lines[1] == "2026 [2, 0, 2, 6]"
    assert lines[2].startswith("No digit found")
