"""The page in the browser's language: Spanish for a Spanish browser (es-ES), English for en-US."""

from __future__ import annotations

import re

import pytest

from mnist_demo_dev.browser import PHONE, draw_with_mouse, open_app, shot, top_label

pytestmark = pytest.mark.browser


def test_spanish_browser_sees_the_spanish_ui(browser, app_server):
    from playwright.sync_api import expect

    page = open_app(browser, app_server, prompt="Dibuja un dígito", locale="es-ES")
    expect(page.locator("#draw-status")).to_contain_text("Dibuja un dígito")
    expect(page.locator("#app-header")).to_contain_text("Reconocedor de dígitos manuscritos")
    for name in ("Dibujar", "Subir foto", "Muestras de prueba", "Entrenamiento"):
        expect(page.get_by_role("tab", name=name)).to_be_visible()
    expect(page.locator("#draw-pad .pad-clear")).to_contain_text("Borrar")
    draw_with_mouse(page, 7)
    expect(top_label(page, "draw")).to_have_text("7")
    expect(page.locator("#draw-status")).to_contain_text(re.compile(r"Es un 7|No estoy seguro"))
    # "¿Por qué? Rojo: a favor, azul: en contra" takes two lines beside a one-line caption: the pictures stay level.
    preview, why = (page.locator(f"#draw-{name} .result-frame").bounding_box() for name in ("preview", "why"))
    assert abs(preview["y"] - why["y"]) < 1 and abs(preview["height"] - why["height"]) < 1
    shot(page, "es_draw")
    page.get_by_role("tab", name="Muestras de prueba").click()
    page.get_by_role("button", name="Muestra al azar").click()
    expect(page.locator("#sample-info")).to_contain_text("Etiqueta real", timeout=60_000)  # predicted at start
    page.get_by_role("tab", name="Entrenamiento").click()
    expect(page.locator("#training-summary")).to_contain_text("Exactitud en prueba")
    expect(page.locator("#curves img")).to_be_visible()
    expect(page.locator("#live-status")).to_contain_text("Pulsa Entrenar")
    shot(page, "es_training")
    page.context.close()


def test_english_browser_sees_the_english_ui(browser, app_server):
    from playwright.sync_api import expect

    page = open_app(browser, app_server, viewport=PHONE, locale="en-US")
    expect(page.locator("#app-header")).to_contain_text("Handwritten digit recognizer")
    for name in ("Draw", "Upload photo", "Test samples", "Training"):
        expect(page.get_by_role("tab", name=name, exact=True)).to_be_visible()
    expect(page.locator("#draw-pad .pad-clear")).to_contain_text("Clear")
    draw_with_mouse(page, 3)
    expect(page.locator("#draw-status")).to_contain_text(re.compile(r"It's a 3|Not sure"))
    page.get_by_role("tab", name="Training").click()
    expect(page.locator("#training-summary")).to_contain_text("Test accuracy")
    page.context.close()
