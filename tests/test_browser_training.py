"""Train it yourself in headless Chromium: the smallest training shows its live curves and a validation
accuracy, the Draw tab then compares the visitor's model with the shipped one, and two visitors
training at once get a queue, not a crash. Screenshots land in ``screenshots/`` (``docs/training.png``)."""

from __future__ import annotations

import os
import re

import pytest

from mnist_demo_dev.browser import DOCS, PHONE, SCREENSHOTS, draw_with_mouse, open_app, shot

pytestmark = pytest.mark.browser
TRAINING_TIMEOUT = 120_000  # ms: the server's cap is 90 s of training, plus loading on a busy machine


def settings(page, epochs: int, images: int, architecture: str | None = None) -> None:
    page.get_by_role("tab", name="Training").click()
    if architecture:
        page.locator("#live-architecture label", has_text=architecture).click()
    for elem_id, value in (("live-epochs", epochs), ("live-images", images)):
        box = page.locator(f"#{elem_id} input[type=number]")
        box.fill(str(value))
        box.press("Enter")


def test_train_the_smallest_model_live_then_compare_on_the_pad(browser, app_server):
    from playwright.sync_api import expect

    page = open_app(browser, app_server)
    settings(page, 1, 500)
    page.click("#live-train")
    status = page.locator("#live-status")
    expect(status).to_contain_text("validation accuracy", timeout=TRAINING_TIMEOUT)
    expect(page.locator("#live-curves img")).to_be_visible(timeout=TRAINING_TIMEOUT)
    expect(status).to_contain_text(re.compile(r"Done.*validation accuracy \d+\.\d %"), timeout=TRAINING_TIMEOUT)
    expect(page.locator("#live-progress progress")).to_have_attribute("value", "1.000")
    page.locator("#live-heading").scroll_into_view_if_needed()
    shot(page, "light_live_training")
    page.get_by_role("tab", name="Draw", exact=True).click()
    draw_with_mouse(page, 7)
    table = page.locator("#your-model")
    expect(table).to_contain_text("Your model", timeout=TRAINING_TIMEOUT)
    expect(table).to_contain_text("Shipped model")
    shot(page, "light_draw_your_model")
    page.context.close()


def test_two_visitors_training_at_once_get_a_queue(browser, app_server):
    from playwright.sync_api import expect

    first = open_app(browser, app_server, theme="dark")
    second = open_app(browser, app_server, viewport=PHONE, locale="es-ES", prompt="Dibuja un dígito")
    settings(first, 3, 3000)
    second.get_by_role("tab", name="Entrenamiento").click()
    for elem_id, value in (("live-epochs", 1), ("live-images", 500)):
        box = second.locator(f"#{elem_id} input[type=number]")
        box.fill(str(value))
        box.press("Enter")
    first.click("#live-train")
    expect(first.locator("#live-status")).to_contain_text("Training: epoch", timeout=TRAINING_TIMEOUT)
    second.click("#live-train")
    expect(second.locator("#live-queue")).to_contain_text("en la cola")
    expect(second.locator("#live-queue")).to_contain_text("número 1")
    shot(second, "phone_es_live_queue")
    first.locator("#live-curves").scroll_into_view_if_needed()
    shot(first, "dark_live_training")
    first.click("#live-stop")  # the first stops early; the second's training then starts by itself
    expect(first.locator("#live-status")).to_contain_text("Stopped (you pressed Stop)", timeout=TRAINING_TIMEOUT)
    expect(second.locator("#live-status")).to_contain_text(re.compile(r"Listo.*exactitud de validación"),
                                                           timeout=TRAINING_TIMEOUT)
    second.locator("#live-curves").scroll_into_view_if_needed()
    shot(second, "phone_es_live_training")
    for page in (first, second):
        page.context.close()


def test_docs_screenshot_of_the_live_training(browser, app_server):
    """The default settings training live, as docs/training.png shows it (README, "Train it yourself")."""
    from playwright.sync_api import expect

    page = open_app(browser, app_server)
    page.get_by_role("tab", name="Training").click()
    page.click("#live-train")
    status = page.locator("#live-status")
    expect(status).to_contain_text(re.compile(r"Training: epoch [23]"), timeout=TRAINING_TIMEOUT)
    section = page.locator("#live-heading")
    section.scroll_into_view_if_needed()
    top = section.bounding_box()["y"] + page.evaluate("window.scrollY")
    bottom = page.locator("#live-curves").bounding_box()["y"] + page.evaluate("window.scrollY") + \
        page.locator("#live-curves").bounding_box()["height"]
    # The README's picture is rewritten only when asked (UPDATE_DOCS_SCREENSHOTS=1), like docs/draw.png.
    target = DOCS / "training.png" if os.environ.get("UPDATE_DOCS_SCREENSHOTS") else SCREENSHOTS / "docs_training.png"
    target.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(target), full_page=True,
                    clip={"x": 0, "y": top - 10, "width": page.viewport_size["width"], "height": bottom - top + 20})
    expect(status).to_contain_text("Done", timeout=TRAINING_TIMEOUT)
    shot(page, "light_live_training_defaults")
    page.context.close()
