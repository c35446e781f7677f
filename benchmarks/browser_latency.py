"""Pen-up -> answer in a real browser: draw digits with the mouse on the Draw tab's pad in headless Chromium.

    python benchmarks/browser_latency.py [--rounds 3] [--points 16] [--url http://127.0.0.1:7860/]

Starts ``python app.py`` on a free port (unless ``--url`` names a running app), opens the Draw tab
in Debian's Chromium (Playwright, 1280 x 900), and draws the digits 0-9 ``--rounds`` times, one
stroke each, with the mouse (``--points`` pointer positions per stroke), pressing Clear between
digits. For every stroke it times, inside the page, from the ``pointerup`` event's time stamp to the
first animation frame after the results panel showed the answer for that drawing; it also checks
that the answer is the digit drawn. Prints p50 / p95 / max and the number of wrong answers.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

import numpy as np

from mnist_demo_dev.browser import CHROMIUM, CHROMIUM_ARGS, wait_for_pad
from mnist_demo_dev.server import running_app
from mnist_demo_dev.strokes import DIGIT_STROKES

VIEWPORT = {"width": 1280, "height": 900}

# In the page: when each stroke ended (the pointerup's time stamp) and when its answer was on screen
# (the first animation frame after the results panel showed the answer for that drawing).
TIMING = """
(() => {
  window.__strokes = {};   // drawing id -> {up, shown, digit}
  let lastUp = null;
  window.addEventListener('pointerup', (event) => { lastUp = event.timeStamp; }, true);
  document.addEventListener('digitpad:change', (event) => {
    if (event.detail.strokes && lastUp !== null) window.__strokes[event.detail.drawing] = {up: lastUp};
    lastUp = null;
  });
  document.addEventListener('digitpad:answer', (event) => {
    const stroke = window.__strokes[event.detail.drawing];
    if (!stroke || stroke.shown) return;
    stroke.digit = event.detail.digit;
    requestAnimationFrame(() => { stroke.shown = performance.now(); });
  });
})();
"""


def stroke_points(digit: int, points: int) -> list[tuple[float, float]]:
    """The digit's pen path (one stroke) with at most ``points`` positions, in pad units (middle of the pad)."""
    (stroke,) = DIGIT_STROKES[digit]
    step = -(-len(stroke) // points)
    kept = stroke[::step] + ([stroke[-1]] if (len(stroke) - 1) % step else [])
    return [(0.3 + 0.4 * x, 0.15 + 0.7 * y) for x, y in kept]


def draw(page, points: list[tuple[float, float]]) -> None:
    box = page.locator("#draw-pad canvas").bounding_box()
    screen = [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in points]
    page.mouse.move(*screen[0])
    page.mouse.down()
    for point in screen[1:]:
        page.mouse.move(*point)
    page.mouse.up()


def measure(url: str, rounds: int, points: int) -> list[tuple[int, int | None, float]]:
    """(digit drawn, digit answered, seconds from pen-up to the answer on screen) for every stroke."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(TIMING)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(url)
        wait_for_pad(page)  # the pad listens to pointer events, and no loading cover lies over it
        page.wait_for_function("document.querySelector('#draw-status')?.textContent.includes('Draw a digit')")
        draw(page, stroke_points(1, points))  # one untimed stroke: the page's first event sets up its stream
        page.wait_for_function("Object.values(window.__strokes).some((stroke) => stroke.shown)")
        for _ in range(rounds):
            for digit in range(10):
                page.click("#draw-pad .pad-clear")
                draw(page, stroke_points(digit, points))
                drawing = page.evaluate("document.querySelector('#draw-pad .digit-pad').dataset.drawing")
                page.wait_for_function(f"window.__strokes[{drawing}] && window.__strokes[{drawing}].shown")
                stroke = page.evaluate(f"window.__strokes[{drawing}]")
                results.append((digit, stroke.get("digit"), (stroke["shown"] - stroke["up"]) / 1000.0))
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="times the digits 0-9 are drawn (default 3: 30 strokes)")
    parser.add_argument("--points", type=int, default=16, help="pointer positions per stroke (default 16)")
    parser.add_argument("--url", help="a running app to measure instead of starting python app.py")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)")

    with contextlib.ExitStack() as stack:
        url = args.url
        if url is None:
            started = time.monotonic()
            url = stack.enter_context(running_app()).url
            print(f"python app.py serving after {time.monotonic() - started:.1f} s at {url}")
        results = measure(url, args.rounds, args.points)

    seconds = np.array([latency for _, _, latency in results])
    wrong = [(drawn, answered) for drawn, answered, _ in results if drawn != answered]
    print(f"{len(results)} strokes drawn with the mouse, {args.points} pointer positions each, in headless Chromium")
    print(f"pen-up -> answer on screen: p50 {np.percentile(seconds, 50) * 1000:.0f} ms, "
          f"p95 {np.percentile(seconds, 95) * 1000:.0f} ms, max {seconds.max() * 1000:.0f} ms "
          f"(mean {statistics.fmean(seconds) * 1000:.0f} ms)")
    print(f"right answers: {len(results) - len(wrong)} of {len(results)}"
          + (f"; wrong (drawn, answered): {wrong}" if wrong else ""))


if __name__ == "__main__":
    main()
