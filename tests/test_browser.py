"""The running app in headless Chromium: draw digits with the mouse and a finger (undo, clear, no stale
answers), upload a photo, browse test samples and the training plots, in the light and the dark theme,
on a desktop and a phone screen.

Screenshots of every step land in ``screenshots/`` (gitignored). ``UPDATE_DOCS_SCREENSHOTS=1`` also
rewrites ``docs/draw.png`` and ``docs/number.png`` (the README's pictures of the Draw tab).

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install -y chromium``) or $CHROMIUM_PATH.
Without it these tests skip, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import app
from mnist_demo.config import REPO_DIR
from mnist_demo_dev.strokes import DIGIT_STROKES

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO_DIR / "screenshots"
DOCS = REPO_DIR / "docs"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
ANSWER_TIMEOUT = 20_000  # ms for a prediction to show up (on a busy 2-core box; about 0.2 s when idle)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
THEMES = ["light", "dark"]


def _browser_problem() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements-dev.txt)"
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    problem = _browser_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"{problem}; browser tests must run in CI")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_app(browser, app_server, theme: str = "light", viewport=DESKTOP, **context_options):
    context = browser.new_context(viewport=viewport, **context_options)
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT)
    page.goto(app_server.url + ("?__theme=dark" if theme == "dark" else ""))
    page.wait_for_selector("#draw-pad canvas")
    page.wait_for_function("document.querySelector('#draw-status')?.textContent.includes('Draw a digit')")
    return page


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Drawing ---------------------------------------------------------------------------------------

def pad_rect(page) -> tuple[float, float, float]:
    """(left, top, side) of the drawing square on screen."""
    box = page.locator("#draw-pad canvas").bounding_box()
    return box["x"], box["y"], box["width"]


MAX_POINTS = 16  # per stroke: the pad joins pointer positions with straight segments, and each pointer
                 # event still costs some milliseconds of software rendering in headless Chromium


def digit_path(page, digit: int, span: tuple[float, float] = (0.3, 0.7)) -> list[list[tuple[float, float]]]:
    """The digit's pen strokes (mnist_demo_dev.strokes) in screen coordinates, between ``span`` of the pad's
    width (the middle by default) and over most of its height."""
    left, top, side = pad_rect(page)
    x0, y0, x1, y1 = left + span[0] * side, top + 0.15 * side, left + span[1] * side, top + 0.85 * side
    strokes = []
    for stroke in DIGIT_STROKES[digit]:
        step = -(-len(stroke) // MAX_POINTS)
        points = stroke[::step] + ([stroke[-1]] if (len(stroke) - 1) % step else [])
        strokes.append([(x0 + x * (x1 - x0), y0 + y * (y1 - y0)) for x, y in points])
    return strokes


def draw_with_mouse(page, digit: int, span: tuple[float, float] = (0.3, 0.7)) -> None:
    for stroke in digit_path(page, digit, span):
        page.mouse.move(*stroke[0])
        page.mouse.down()
        for point in stroke[1:]:
            page.mouse.move(*point)
        page.mouse.up()


def draw_with_finger(page, digit: int) -> None:
    """Real touch events (touchstart/move/end through the DevTools protocol), as a phone sends them."""
    session = page.context.new_cdp_session(page)
    for stroke in digit_path(page, digit):
        (x, y), rest = stroke[0], stroke[1:]
        session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for x, y in rest:
            session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    session.detach()


def draw_with_stylus(page, digit: int) -> None:
    """Pen pointer events (pointerType "pen", through the DevTools protocol), as a tablet's stylus sends them."""
    session = page.context.new_cdp_session(page)
    for stroke in digit_path(page, digit):
        (x, y), rest = stroke[0], stroke[1:]
        pen = {"button": "left", "pointerType": "pen", "clickCount": 1}
        session.send("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, **pen})
        for x, y in rest:
            session.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y, "buttons": 1, **pen})
        session.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y, **pen})
    session.detach()


def top_label(page, prefix: str):
    """The top digit shown: the Draw tab's own results panel, or Gradio's Label elsewhere."""
    if prefix == "draw":
        return page.locator("#draw-result [data-testid='top-digit']")
    return page.locator(f"#{prefix}-label [data-testid='label-output-value']")


def expect_answer(page, prefix: str, digit: int) -> None:
    from playwright.sync_api import expect

    expect(top_label(page, prefix)).to_have_text(str(digit), timeout=ANSWER_TIMEOUT)
    expect(page.locator(f"#{prefix}-status")).to_contain_text(re.compile(rf"It's an? {digit}\b"))
    expect(page.locator(f"#{prefix}-preview img")).to_be_visible()
    expect(page.locator(f"#{prefix}-why img")).to_be_visible(timeout=ANSWER_TIMEOUT)  # "why this answer?"


def clear_pad(page) -> None:
    from playwright.sync_api import expect

    page.click("#draw-pad .pad-clear")
    expect(page.locator("#draw-status")).to_contain_text("Draw a digit")
    expect(top_label(page, "draw")).to_have_count(0)
    expect(page.locator("#draw-preview img")).to_be_hidden()


@pytest.mark.parametrize("theme", THEMES)
def test_drawn_digits_are_read_live(browser, app_server, theme):
    from playwright.sync_api import expect

    page = open_app(browser, app_server, theme)
    expect(page.locator("#draw-status")).to_contain_text("Draw a digit")
    expect(top_label(page, "draw")).to_have_count(0)  # an empty pad gets a prompt, never a guess
    for digit in (1, 0, 7):
        draw_with_mouse(page, digit)
        expect_answer(page, "draw", digit)
        shot(page, f"{theme}_draw_{digit}")
        if theme == "light" and digit == 7 and os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
            DOCS.mkdir(exist_ok=True)
            bottom = max(box["y"] + box["height"] for box in (page.locator("#draw-pad").bounding_box(),
                                                             page.locator("#draw-preview").bounding_box()))
            page.screenshot(path=str(DOCS / "draw.png"),
                            clip={"x": 0, "y": 0, "width": DESKTOP["width"], "height": bottom + 16})
        clear_pad(page)
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_a_drawn_number_is_read(browser, app_server, theme):
    from playwright.sync_api import expect

    page = open_app(browser, app_server, theme)
    expect(page.locator("#draw-status")).to_contain_text("Draw a digit")
    draw_with_mouse(page, 4, span=(0.08, 0.44))
    draw_with_mouse(page, 2, span=(0.56, 0.92))
    expect(page.locator("#draw-number")).to_contain_text("Reads as the number 42", timeout=ANSWER_TIMEOUT)
    expect(page.locator("#draw-digits img")).to_have_count(2)
    shot(page, f"{theme}_draw_42")
    if theme == "light" and os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
        bottom = max(box["y"] + box["height"] for box in (page.locator("#draw-pad").bounding_box(),
                                                         page.locator("#draw-digits").bounding_box()))
        page.screenshot(path=str(DOCS / "number.png"),
                        clip={"x": 0, "y": 0, "width": DESKTOP["width"], "height": bottom + 16})
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_phone_finger_drawing(browser, app_server, theme):
    """A phone (390 x 844, touch): a big square pad, every tab in sight, a finger draws without
    scrolling the page, and the answer sits under the pad."""
    from playwright.sync_api import expect

    page = open_app(browser, app_server, theme, viewport=PHONE, device_scale_factor=2, is_mobile=True,
                    has_touch=True)
    for tab in ("Draw", "Upload photo", "Test samples", "Training"):
        expect(page.get_by_role("tab", name=tab)).to_be_visible()  # none hidden behind a "..." menu
    shot(page, f"{theme}_phone_draw_empty")
    draw_with_finger(page, 1)
    expect_answer(page, "draw", 1)
    assert page.evaluate("window.scrollY") == 0, "drawing must not scroll the page"
    pad = page.locator("#draw-pad canvas").bounding_box()
    label = page.locator("#draw-label").bounding_box()
    assert label["y"] >= pad["y"] + pad["height"], "outputs stack under the pad on a phone"
    assert abs(pad["width"] - pad["height"]) < 2, "the pad is square"
    assert pad["width"] >= 0.85 * PHONE["width"], "the pad is nearly as wide as the phone"
    shot(page, f"{theme}_phone_draw_1")
    page.context.close()


def test_stylus_drawing(browser, app_server):
    page = open_app(browser, app_server)
    page.evaluate("window.__pointers = []; document.querySelector('#draw-pad canvas')"
                  ".addEventListener('pointerdown', (event) => window.__pointers.push(event.pointerType))")
    draw_with_stylus(page, 7)
    expect_answer(page, "draw", 7)
    assert page.evaluate("window.__pointers") == ["pen"]
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_undo_takes_back_the_last_stroke(browser, app_server, theme):
    from playwright.sync_api import expect

    page = open_app(browser, app_server, theme)
    undo = page.locator("#draw-pad .pad-undo")
    expect(undo).to_be_disabled()  # nothing to undo on an empty pad
    draw_with_mouse(page, 1, span=(0.08, 0.44))
    expect_answer(page, "draw", 1)
    draw_with_mouse(page, 7, span=(0.56, 0.92))
    expect(page.locator("#draw-number")).to_contain_text("Reads as the number 17")
    shot(page, f"{theme}_draw_17")
    undo.click()  # the 7 goes: the 1 alone is read again
    expect_answer(page, "draw", 1)
    expect(page.locator("#draw-number")).not_to_contain_text("Reads as")
    expect(page.locator("#draw-digits")).to_be_hidden()
    page.keyboard.press("Control+z")  # the keyboard shortcut (focus is on the Undo button)
    expect(page.locator("#draw-status")).to_contain_text("Draw a digit")
    expect(top_label(page, "draw")).to_have_count(0)
    expect(undo).to_be_disabled()
    assert page.evaluate("document.querySelector('#draw-pad .digit-pad').dataset.strokes") == "0"
    page.context.close()


# Each answer's request waits this long in the browser before it leaves, so that Clear always comes
# while the answer is in flight.
DELAYED_ANSWERS = """
(() => {
  const realFetch = window.fetch;
  window.__answerDelay = %d;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    if (url.includes('/queue/join')) {
      return new Promise((resolve) => setTimeout(resolve, window.__answerDelay)).then(() => realFetch(input, init));
    }
    return realFetch(input, init);
  };
  window.__shown = [];     // every answer the panel showed: [its drawing, the pad's drawing then]
  window.__ignored = 0;    // answers dropped because the pad had moved on
  document.addEventListener('digitpad:answer', (event) => {
    const pad = document.querySelector('#draw-pad .digit-pad');
    window.__shown.push([event.detail.drawing, Number(pad.dataset.drawing || 0)]);
  });
  document.addEventListener('digitpad:ignored', () => { window.__ignored += 1; });
})();
"""


def test_clear_while_an_answer_is_in_flight_never_shows_it(browser, app_server):
    """Clear pressed while the answer to the stroke is on its way, ten times: every one of those answers
    arrives after the Clear and is dropped; the panel keeps the prompt; nothing stale ever shows."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(DELAYED_ANSWERS % 400)
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT)
    page.goto(app_server.url)
    page.wait_for_selector("#draw-pad canvas")
    for attempt in range(1, 11):
        draw_with_mouse(page, 1)
        page.click("#draw-pad .pad-clear")
        expect(page.locator("#draw-status")).to_contain_text("Draw a digit")
        page.wait_for_function(f"window.__ignored >= {attempt}")  # that stroke's answer came, and was dropped
        expect(page.locator("#draw-status")).to_contain_text("Draw a digit")
        expect(top_label(page, "draw")).to_have_count(0)
        expect(page.locator("#draw-preview img")).to_be_hidden()
    stale = page.evaluate("window.__shown.filter(([answer, pad]) => answer !== pad)")
    assert stale == [], f"answers shown for a drawing no longer on the pad: {stale}"
    draw_with_mouse(page, 7)  # and the pad still answers
    expect_answer(page, "draw", 7)
    page.context.close()


def test_fast_drawing_ends_with_the_answer_for_the_pad(browser, app_server):
    """Strokes, an undo and more strokes without waiting for any answer (each answer's request held
    back 300 ms, so they overlap): the page ends with the answer for what is on the pad, and never
    shows an answer for a drawing that is gone."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(DELAYED_ANSWERS % 300)
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT)
    page.goto(app_server.url)
    page.wait_for_selector("#draw-pad canvas")
    draw_with_mouse(page, 1, span=(0.08, 0.44))
    draw_with_mouse(page, 7, span=(0.56, 0.92))
    page.click("#draw-pad .pad-undo")
    draw_with_mouse(page, 4, span=(0.56, 0.92))
    expect(page.locator("#draw-number")).to_contain_text("Reads as the number 14", timeout=ANSWER_TIMEOUT)
    final = page.evaluate("document.querySelector('#draw-pad .digit-pad').dataset.drawing")
    assert page.evaluate("document.querySelector('#draw-result .digit-result').dataset.drawing") == final
    stale = page.evaluate("window.__shown.filter(([answer, pad]) => answer !== pad)")
    assert stale == [], f"answers shown for a drawing no longer on the pad: {stale}"
    page.context.close()


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
    shot(page, f"{theme}_training")
    page.context.close()


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
    shot(page, "phone_training")
    page.get_by_role("tab", name="Test samples").click()
    page.click("#random-sample")
    expect(page.locator("#sample-image img")).to_be_visible()
    shot(page, "phone_samples")
    page.context.close()
