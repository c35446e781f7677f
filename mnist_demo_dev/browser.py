"""Driving the running app in headless Chromium (Playwright): open it, draw digits on the pad with the
mouse, a finger or a stylus, read the answer, take screenshots. Shared by the browser tests and
``benchmarks/browser_latency.py``.

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install -y chromium``) or $CHROMIUM_PATH.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mnist_demo.config import REPO_DIR

from .strokes import DIGIT_STROKES

SCREENSHOTS = REPO_DIR / "screenshots"
DOCS = REPO_DIR / "docs"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
ANSWER_TIMEOUT = 20_000  # ms for a prediction to show up (on a busy 2-core box; about 0.2 s when idle)
STROKE_TIMEOUT = 3_000  # ms for the pad to take a stroke that ended (instant when idle)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
THEMES = ["light", "dark"]


def browser_problem() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements-dev.txt)"
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    return None



def open_app(browser, app_server, theme: str = "light", viewport=DESKTOP, prompt: str = "Draw a digit",
             **context_options):
    """A new page on the app, ready (the Draw tab's ``prompt`` shown); ``locale="es-ES"`` for a Spanish browser."""
    context = browser.new_context(viewport=viewport, **context_options)
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT)
    page.goto(app_server.url + ("?__theme=dark" if theme == "dark" else ""))
    wait_for_pad(page)
    page.wait_for_function("(prompt) => document.querySelector('#draw-status')?.textContent.includes(prompt)",
                           arg=prompt)
    page.evaluate(_RECORD_POINTERS_JS)
    return page


def wait_for_pad(page) -> None:
    """Until the pad takes strokes: it listens to pointer events (pad.js marks it ``data-ready``), and
    nothing lies over it. Gradio's translucent loading cover stays over the whole app for a moment after
    the components are up (longer on a busy machine): a pointer pressed then lands on the cover, and
    the stroke is lost (two CI runs lost a session's first strokes so)."""
    page.wait_for_selector("#draw-pad .digit-pad[data-ready]")
    page.wait_for_function("""() => {
      const canvas = document.querySelector('#draw-pad canvas'), box = canvas.getBoundingClientRect();
      return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === canvas;
    }""")


# The page's last pointer and touch events (type, pointer, target, x, y, ms): a stroke the pad did not take
# names them in its assertion (see _drawn).
_RECORD_POINTERS_JS = """() => {
  window.__pointerLog = [];
  const start = performance.now();
  for (const type of ['pointerdown', 'pointerup', 'pointercancel', 'lostpointercapture', 'touchstart', 'touchend']) {
    window.addEventListener(type, (event) => {
      const target = event.target, log = window.__pointerLog;
      const name = (target.id || target.className || target.tagName || '').toString().slice(0, 40);
      log.push([type, event.pointerId ?? '', name, Math.round(event.clientX ?? -1), Math.round(event.clientY ?? -1),
                Math.round(performance.now() - start)]);
      if (log.length > 40) log.shift();
    }, true);
  }
}"""


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Legibility ------------------------------------------------------------------------------------

_COLOURS_JS = """(element) => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  let node = element, background = null;
  while (node && !background) {  // the first opaque background behind the element
    const colour = rgb(getComputedStyle(node).backgroundColor);
    if (colour.length < 4 || colour[3] > 0) background = colour.slice(0, 3);
    node = node.parentElement;
  }
  return {text: rgb(getComputedStyle(element).color).slice(0, 3), background: background || [255, 255, 255]};
}"""


def luminance(rgb) -> float:
    """WCAG relative luminance of an (r, g, b) colour, 0-255 each."""
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first, second) -> float:
    """WCAG contrast ratio of two colours: 1 (the same) to 21 (black on white); text needs 4.5."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_contrast(locator) -> float:
    """The contrast of an element's text colour with the first opaque background behind it."""
    colours = locator.evaluate(_COLOURS_JS)
    return contrast(colours["text"], colours["background"])


def pixel(page, x: float, y: float) -> tuple[int, int, int]:
    """The colour on screen at (x, y) of the viewport."""
    import io

    from PIL import Image

    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    return Image.open(io.BytesIO(png)).convert("RGB").getpixel((0, 0))


def one_line(locator) -> bool:
    """Whether an inline element sits on one line (a break inside it gives it a box on each line)."""
    return locator.evaluate("node => node.getClientRects().length === 1")


def words_on_one_line(locator, words: str) -> bool:
    """Whether ``words`` (found in the element's text, spaces matching any white space) sit on one line."""
    return locator.evaluate("""(node, words) => {
      const pattern = new RegExp(words.split(/\\s+/).map((w) => w.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&'))
                                 .join('\\\\s+'));
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const found = pattern.exec(text.data);
        if (!found) continue;
        const range = document.createRange();
        range.setStart(text, found.index);
        range.setEnd(text, found.index + found[0].length);
        return new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size === 1;
      }
      throw new Error('not found: ' + words);
    }""", words)


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


def _pad_drawing(page) -> int:
    """The pad's drawing id (pad.js adds one on every stroke, undo and clear)."""
    return int(page.evaluate("document.querySelector('#draw-pad .digit-pad').dataset.drawing || '0'"))


def _drawn(page, before: int, start: tuple[float, float]) -> None:
    """Fail, saying what the page saw, when the pad did not take the stroke that just ended (its drawing
    id did not move on from ``before``): the answer that follows would be for another drawing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("(before) => Number(document.querySelector('#draw-pad .digit-pad').dataset.drawing"
                               " || 0) > before", arg=before, timeout=STROKE_TIMEOUT)
        return
    except PlaywrightTimeout:  # say what the page saw instead
        pass
    seen = page.evaluate("""([x, y]) => {
      const hit = document.elementFromPoint(x, y), canvas = document.querySelector('#draw-pad canvas');
      const box = canvas.getBoundingClientRect();
      return {at_start: hit ? (hit.id || hit.className || hit.tagName).toString().slice(0, 60) : null,
              canvas: [box.left, box.top, box.width].map(Math.round), visibility: document.visibilityState,
              pad: {...document.querySelector('#draw-pad .digit-pad').dataset}, events: window.__pointerLog || []};
    }""", list(start))
    raise AssertionError(f"the pad did not take a stroke starting at {tuple(round(v) for v in start)}: {seen}")


def draw_with_mouse(page, digit: int, span: tuple[float, float] = (0.3, 0.7)) -> None:
    for stroke in digit_path(page, digit, span):
        before = _pad_drawing(page)
        page.mouse.move(*stroke[0])
        page.mouse.down()
        for point in stroke[1:]:
            page.mouse.move(*point)
        page.mouse.up()
        _drawn(page, before, stroke[0])


def draw_with_finger(page, digit: int) -> None:
    """Real touch events (touchstart/move/end through the DevTools protocol), as a phone sends them."""
    session = page.context.new_cdp_session(page)
    for stroke in digit_path(page, digit):
        before = _pad_drawing(page)
        (x, y), rest = stroke[0], stroke[1:]
        session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for x, y in rest:
            session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        _drawn(page, before, stroke[0])
    session.detach()


def draw_with_stylus(page, digit: int) -> None:
    """Pen pointer events (pointerType "pen", through the DevTools protocol), as a tablet's stylus sends them."""
    session = page.context.new_cdp_session(page)
    for stroke in digit_path(page, digit):
        before = _pad_drawing(page)
        (x, y), rest = stroke[0], stroke[1:]
        pen = {"button": "left", "pointerType": "pen", "clickCount": 1}
        session.send("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, **pen})
        for x, y in rest:
            session.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y, "buttons": 1, **pen})
        session.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y, **pen})
        _drawn(page, before, stroke[0])
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

