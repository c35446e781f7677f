"""What a Hugging Face Space needs from the repository (issue 14, point 5): binaries through LFS, a card
the Hub accepts, and the README saying how to push."""

import re
import subprocess

import pytest

from mnist_demo.config import REPO_DIR

README = (REPO_DIR / "README.md").read_text()


def front_matter() -> dict[str, str]:
    block = re.match(r"---\n(.*?)\n---\n", README, re.S).group(1)
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in block.splitlines())}


@pytest.mark.parametrize("path", ["assets/model.keras", "assets/mnist_test.npz", "docs/draw.png", "photo.jpg"])
def test_binaries_go_through_lfs(path):
    attributes = subprocess.run(["git", "check-attr", "filter", "diff", "merge", "text", "--", path], cwd=REPO_DIR,
                                capture_output=True, text=True, check=True).stdout
    assert f"{path}: filter: lfs" in attributes and f"{path}: diff: lfs" in attributes
    assert f"{path}: merge: lfs" in attributes and f"{path}: text: unset" in attributes


def test_space_card_is_accepted_by_the_hub():
    card = front_matter()
    assert card["sdk"] == "gradio" and card["app_file"] == "app.py"
    assert 0 < len(card["short_description"]) <= 60, card["short_description"]  # the Hub's limit


def test_readme_says_how_to_push_a_space():
    section = README[README.index("## Deploy to a Hugging Face Space"):]
    assert "upload_folder" in section and "repo_type='space'" in section
    assert "git lfs install" in section and "git lfs migrate import" in section


def test_readme_updates_apt_before_installing():
    installs = [m.start() for m in re.finditer(r"apt-get install", README)]
    assert installs and all(README[:start].rstrip().endswith("apt-get update &&") for start in installs)
