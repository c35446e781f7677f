"""The Upload, Test samples and Training tabs in headless Chromium, in the light and the dark theme, on a
desktop and a phone. Screenshots land in ``screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import app
from mnist_demo_dev.browser import (
    PHONE,
    SCREENSHOTS,
    THEMES,
    contrast,
    expect_answer,
    one_line,
    open_app,
    pixel,
    shot,
    text_contrast,
    top_label,
    words_on_one_line,
)
from mnist_demo_dev.strokes import number_canvas

pytestmark = pytest.mark.browser


# Other tabs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_upload_photo(browser, app_server, digit_photo, theme):
    page = open_app(browser, app_server, theme)
    page.get_by_role("tab", name="Upload photo").click()
    page.locator("#upload input[type=file]").set_input_files(str(digit_photo))
    expect_answer(page, "upload", 7)
    shot(page, f"{theme}_upload")
    # Clicking an example (assets/examples/<style>_<digit>.<ext>) shows its answer too.
    examples = [path for path in app.example_files() if re.search(r"_\d$", Path(path).stem)]
    if examples:
        example = Path(examples[-1])
        page.locator(f"button.gallery-item:has(img[src*='{example.name}'])").click()
        expect_answer(page, "upload", int(example.stem[-1]))
        shot(page, f"{theme}_upload_example")
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_a_number_uploaded_again_shows_its_digits_again(browser, app_server, digit_photo, tmp_path, theme):
    """A photo of a number: its digits below the answer, each caption under its picture (not over its strokes),
    the box as tall as its tiles, and no bars or 28 × 28 pictures of the whole picture (they describe one digit).
    Removed and uploaded again within seconds (answered from RecentUploads), the digits show again: the repeat
    once came with an empty gallery. A single digit uploaded over the number brings the bars and pictures back."""
    from PIL import Image
    from playwright.sync_api import expect

    photo = tmp_path / "53.png"
    Image.fromarray(number_canvas("53")["composite"]).save(photo)
    page = open_app(browser, app_server, theme)
    page.get_by_role("tab", name="Upload photo").click()
    upload = page.locator("#upload input[type=file]")
    digits = page.locator("#upload-digits")
    for attempt in ("first", "again", "then a digit"):
        upload.set_input_files(str(photo))
        expect(page.locator("#upload-number")).to_contain_text("Reads as the number 53")
        expect(page.locator("#upload-status")).to_contain_text("2 digits found: each is read below.")
        expect(digits.locator("img")).to_have_count(2)
        assert_no_single_digit_answer(page)
        for tile in digits.locator(".thumbnail-item").all():
            expect(tile.locator("img")).to_have_js_property("complete", True)
            image, caption = tile.locator("img").bounding_box(), tile.locator(".caption-label").bounding_box()
            assert image["width"] >= 90 and caption["y"] >= image["y"] + image["height"] - 1  # below, not over
            assert text_contrast(tile.locator(".caption-label")) >= 4.5
        last, box = digits.locator(".caption-label").last.bounding_box(), digits.bounding_box()
        assert box["y"] + box["height"] - (last["y"] + last["height"]) < 40, "no empty space below the digits"
        status, number = page.locator("#upload-status").bounding_box(), page.locator("#upload-number").bounding_box()
        assert number["y"] - (status["y"] + status["height"]) < 24, "no gap left by the hidden pictures"
        if attempt == "then a digit":
            break
        shot(page, f"{theme}_upload_number_{attempt}")
        page.locator("#upload button[aria-label='Remove Image']").click()
        expect(page.locator("#upload-number")).not_to_contain_text("53")
        expect(digits.locator("img")).to_have_count(0)
    upload.set_input_files(str(digit_photo))  # over the number on show: bars and pictures again, no digits
    expect_answer(page, "upload", 7)
    expect(digits).to_be_hidden()
    expect(page.locator("#upload-number")).not_to_contain_text("53")
    # "What the model sees (28 × 28)" never breaks inside "28 × 28".
    assert words_on_one_line(page.locator("#upload-preview label"), "(28 × 28)")
    shot(page, f"{theme}_upload_digit_after_number")
    page.context.close()


def assert_no_single_digit_answer(page) -> None:
    """The Upload tab shows a number: no top-3 bars, no 28 × 28 preview and no heatmap of the whole picture."""
    from playwright.sync_api import expect

    for part in ("label", "preview", "why"):
        expect(page.locator(f"#upload-{part}")).to_be_hidden()
    expect(top_label(page, "upload")).to_have_count(0)


@pytest.mark.parametrize("theme", THEMES)
def test_bad_uploads_get_a_friendly_message(browser, app_server, digit_photo, bad_files, theme):
    """Files that are no picture, or a picture with no digit: a plain message, no traceback, no
    guess, and the page still answers the next good photo."""
    from playwright.sync_api import expect

    page = open_app(browser, app_server, theme)
    page.get_by_role("tab", name="Upload photo").click()
    upload = page.locator("#upload input[type=file]")
    status = page.locator("#upload-status")
    for name, message in (("random_bytes.png", "Could not read that file"), ("all_white.png", "no digit"),
                          ("text.png", "Could not read that file"), ("noise.png", "No clear digit")):
        upload.set_input_files(str(bad_files[name][0]))
        expect(status).to_contain_text(message, ignore_case=True)
        expect(top_label(page, "upload")).to_have_count(0)  # no confident digit
        shot(page, f"{theme}_upload_bad_{Path(name).stem}")
    # Two unreadable files, at most two warning toasts (the status line shows the noise message now).
    assert page.locator("body").inner_text().count("not an image that can be read") <= 2
    assert "Traceback" not in page.content()
    assert "/tmp" not in page.locator("#upload-status").inner_text()
    upload.set_input_files(str(digit_photo))
    expect_answer(page, "upload", 7)
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_test_samples_tab(browser, app_server, theme):
    from playwright.sync_api import expect

    page = open_app(browser, app_server, theme)
    page.get_by_role("tab", name="Test samples").click()
    assert page.locator("#sample-index input").input_value() == ""  # no number before any sample
    # Numbers that name no test image get a plain message: no red "Error" pills, no toast.
    for bad in ("", "-1", "10000"):
        page.locator("#sample-index input").fill(bad)
        page.locator("#sample-index input").press("Enter")
        expect(page.locator("#sample-info")).to_contain_text("0 to 9,999")
        expect(page.get_by_text("Error", exact=True)).to_have_count(0)
    shot(page, f"{theme}_samples_bad_number")
    page.click("#random-sample")
    expect(page.locator("#sample-image img")).to_be_visible()
    expect(top_label(page, "sample")).to_have_text(re.compile(r"^\d$"))
    expect(page.locator("#sample-info")).to_contain_text(re.compile(r"True label: \d"))
    index = page.locator("#sample-index input").input_value()
    assert 0 <= int(index) < 10_000
    # Typing a sample number shows that sample.
    page.locator("#sample-index input").fill("0")
    page.locator("#sample-index input").press("Enter")
    expect(page.locator("#sample-info")).to_contain_text("True label: 7")  # MNIST test image 0 is a 7
    page.get_by_label("only mistakes").check()
    page.click("#random-sample")
    expect(page.locator("#sample-info")).to_contain_text("✗")
    shot(page, f"{theme}_samples")
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_training_tab(browser, app_server, theme):
    from playwright.sync_api import expect

    page = open_app(browser, app_server, theme)
    page.get_by_role("tab", name="Training").click()
    for plot in ("#curves img", "#confusion img"):
        expect(page.locator(plot)).to_be_visible()
        assert page.locator(plot).evaluate("img => img.naturalWidth") > 300
    expect(page.locator("#training-summary")).to_contain_text("Test accuracy")
    assert_command_wraps_between_options(page)
    # Train it yourself's bar at 0 %: an empty track (close to the page behind it), not a block that reads as full;
    # half way, its filled half stands out.
    bar = page.locator("#live-progress progress")
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page_colour = pixel(page, box["x"] + box["width"] / 2, box["y"] - 6)
    assert contrast(pixel(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2), page_colour) < 1.3
    bar.evaluate("bar => { bar.value = 0.5; }")
    assert contrast(pixel(page, box["x"] + box["width"] / 4, box["y"] + box["height"] / 2), page_colour) >= 3
    assert contrast(pixel(page, box["x"] + box["width"] * 3 / 4, box["y"] + box["height"] / 2), page_colour) < 1.3
    bar.evaluate("bar => { bar.value = 0; }")
    shot(page, f"{theme}_training")
    page.context.close()


def assert_command_wraps_between_options(page) -> None:
    """"Trained with" the command: a line breaks only between its options, never inside "--out" or "-m"."""
    words = page.locator("#training-summary code.command > span")
    assert words.count() > 5 and "--epochs" in page.locator("#training-summary code.command").inner_text()
    assert all(one_line(word) for word in words.all())


def test_phone_upload_training_and_samples(browser, app_server, digit_photo):
    """On a phone: the answer to an upload scrolls into view, the Training tab's table does not break
    its words and its plots keep readable text, and the Test samples tab fits."""
    from playwright.sync_api import expect

    page = open_app(browser, app_server, "light", viewport=PHONE, device_scale_factor=2, is_mobile=True,
                    has_touch=True)
    page.get_by_role("tab", name="Upload photo").click()
    page.locator("#upload input[type=file]").set_input_files(str(digit_photo))
    expect_answer(page, "upload", 7)
    page.wait_for_function("(() => { const box = document.querySelector('#upload-status').getBoundingClientRect();"
                           " return box.top >= 0 && box.bottom <= window.innerHeight; })()")
    page.screenshot(path=str(SCREENSHOTS / "phone_upload_answer_in_view.png"))
    page.get_by_role("tab", name="Training").click()
    expect(page.locator("#curves img")).to_be_visible()
    cell = page.locator("#training-summary th").first
    assert cell.evaluate("th => th.scrollWidth <= th.clientWidth + 1 && getComputedStyle(th).whiteSpace === 'nowrap'")
    assert page.locator("#curves img").bounding_box()["width"] >= 700, "the curves keep a readable size"
    assert_command_wraps_between_options(page)  # on three lines here
    shot(page, "phone_training")
    page.get_by_role("tab", name="Test samples").click()
    page.click("#random-sample")
    expect(page.locator("#sample-image img")).to_be_visible()
    shot(page, "phone_samples")
    page.context.close()
