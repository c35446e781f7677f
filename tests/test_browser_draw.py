"""The Draw tab in headless Chromium: digits drawn with the mouse, a finger and a stylus are read live;
undo, clear, and no stale answer ever shown, in the light and the dark theme, on a desktop and a phone.

Screenshots of every step land in ``screenshots/`` (gitignored). ``UPDATE_DOCS_SCREENSHOTS=1`` also
rewrites ``docs/draw.png`` and ``docs/number.png`` (the README's pictures of the Draw tab). Without
Chromium these tests skip, except under CI (``CI`` set), where they fail (``tests/conftest.py``).
"""

from __future__ import annotations

import os

import pytest

from mnist_demo_dev.browser import (
    ANSWER_TIMEOUT,
    DESKTOP,
    DOCS,
    PHONE,
    THEMES,
    clear_pad,
    draw_with_finger,
    draw_with_mouse,
    draw_with_stylus,
    expect_answer,
    open_app,
    shot,
    text_contrast,
    top_label,
    wait_for_pad,
)

pytestmark = pytest.mark.browser


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
    for caption in page.locator("#draw-digits .result-caption").all():  # "4 · > 99.9 %": legible in both themes
        assert text_contrast(caption) >= 4.5
    shot(page, f"{theme}_draw_42")
    if theme == "light" and os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
        bottom = max(box["y"] + box["height"] for box in (page.locator("#draw-pad").bounding_box(),
                                                         page.locator("#draw-digits").bounding_box()))
        page.screenshot(path=str(DOCS / "number.png"),
                        clip={"x": 0, "y": 0, "width": DESKTOP["width"], "height": bottom + 16})
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_the_pads_hints_and_captions_are_legible(browser, app_server, theme):
    """Secondary text (the pad's help line, the pictures' captions) at 4.5:1 at least: Gradio's subdued grey was
    2.4:1 on the light page."""
    page = open_app(browser, app_server, theme)
    for selector in ("#pad-help", "#draw-preview figcaption", "#draw-why figcaption [data-t='why']",
                     "#draw-why figcaption [data-t='for']", "#draw-why .for", "#draw-why .against"):
        assert text_contrast(page.locator(selector)) >= 4.5, selector
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


def open_with_delayed_answers(browser, app_server, milliseconds: int):
    """The app in a page whose answer requests each wait ``milliseconds`` before they leave."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(DELAYED_ANSWERS % milliseconds)
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT)
    page.goto(app_server.url)
    wait_for_pad(page)
    return page


def test_clear_while_an_answer_is_in_flight_never_shows_it(browser, app_server):
    """Clear pressed while the answer to the stroke is on its way, ten times: every one of those answers
    arrives after the Clear and is dropped; the panel keeps the prompt; nothing stale ever shows."""
    from playwright.sync_api import expect

    # each answer held back 1.2 s: the Clear click lands first even when a busy machine slows the page
    page = open_with_delayed_answers(browser, app_server, 1200)
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

    page = open_with_delayed_answers(browser, app_server, 300)
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
