"""English and Spanish: the language of a request, the texts in both, answers and plots worded in Spanish."""

from __future__ import annotations

import types

import numpy as np
import pytest

from mnist_demo import lang, plots
from mnist_demo.history import load_history
from mnist_demo.ui import i18n


@pytest.mark.parametrize(("header", "expected"), [
    (None, "en"), ("", "en"), ("es-ES,es;q=0.9,en;q=0.8", "es"), ("en-US,en;q=0.9,es;q=0.8", "en"),
    ("fr-FR,fr;q=0.9,es;q=0.8", "es"), ("de-DE", "en"), ("en;q=0.5, es-MX;q=0.9", "es"), ("es;q=0", "en"),
])
def test_language_from_accept_language(header, expected):
    assert lang.from_accept_language(header) == expected
    request = types.SimpleNamespace(headers={"accept-language": header} if header is not None else {})
    assert i18n.lang_of(request) == expected


def test_28_by_28_never_breaks_across_lines():
    """"What the model sees (28 × 28)" once wrapped after "28 ×": no-break spaces on both sides of the ×."""
    import re

    from mnist_demo.ui.pad import RESULT_HTML

    texts = [text for texts in (lang.TEXTS, i18n.PAD_TEXTS) for pair in texts.values() for text in pair]
    assert sum("28\u00a0×\u00a028" in text for text in texts) >= 10
    assert not [text for text in texts if re.search(r"\d[ \t\n]×|×[ \t\n]\d", text)]
    assert "(28&nbsp;&times;&nbsp;28)" in RESULT_HTML


def test_every_text_in_both_languages_with_the_same_placeholders():
    import string

    for key, (english, spanish) in {**lang.TEXTS, **i18n.PAD_TEXTS}.items():
        assert english.strip() and spanish.strip(), key
        names = [{name for _, name, _, _ in string.Formatter().parse(text) if name} for text in (english, spanish)]
        assert names[1] <= names[0], key  # Spanish needs no article ({a}: "a"/"an")
    assert lang.table("es")["draw_prompt"].startswith("**Dibuja un dígito**")
    assert set(i18n.I18N.translations_dict) == {"en", "es"}


def test_handlers_answer_in_the_request_language():
    import app

    spanish = types.SimpleNamespace(headers={"accept-language": "es-ES,es;q=0.9"})
    english = types.SimpleNamespace(headers={"accept-language": "en-US"})
    assert app.answer_upload(None).status == app.UPLOAD_PROMPT
    handler = i18n.localized(app.answer_upload)
    assert handler(None, spanish).status.startswith("**Sube una foto**")
    assert handler(None, english).status == app.UPLOAD_PROMPT
    empty = app.strokes_json([])
    with lang.speaking("es"):
        answer = app.answer_pad(empty)
    assert answer["status"].startswith("**") and answer["number"] == lang.text("number_hint", "es")


def test_verdicts_and_numbers_in_spanish():
    from mnist_demo.ui.wording import percent, verdict

    probs = np.array([0.0] * 7 + [0.998, 0.002, 0.0])
    with lang.speaking("es"):
        assert verdict(probs, False) == "Es un **7** (seguro al 99,8 %)."
        assert percent(0.5) == "50,0 %" and lang.number(10_000) == "10.000"
    assert verdict(probs, False) == "It's a **7** (99.8 % sure)."


def test_plots_in_spanish():
    history = load_history()
    with lang.speaking("es"):
        curves = plots.training_curves(history)
        confusion = plots.confusion_figure(history.confusion_matrix)
        summary = plots.summary_markdown(history)
    accuracy_ax, loss_ax = curves.axes[:2]
    assert accuracy_ax.get_title() == "Exactitud" and loss_ax.get_title() == "Pérdida"
    assert accuracy_ax.get_xlabel() == "época"
    assert [text.get_text() for text in accuracy_ax.get_legend().get_texts()] == [
        "entrenamiento", "validación", "final: imágenes sin aumentar", "ajuste: imágenes pequeñas",
        "ajuste: redibujadas con un trazo"]
    assert confusion.axes[0].get_xlabel() == "dígito predicho"
    assert "Matriz de confusión" in confusion.axes[0].get_title()
    assert "Exactitud en prueba" in summary and "Tiempo de entrenamiento" in summary
    assert "99,5 % en validación tras" in summary
    assert plots.training_curves(history).axes[0].get_title() == "Accuracy"


def test_the_api_stays_english():
    from mnist_demo.ui.api import api_predict

    with lang.speaking("es"):
        answer = api_predict(None)
    assert set(answer) >= {"digit", "message", "error"}
    assert answer["error"] is None or "Dibuja" not in answer["error"]


def test_library_messages_in_spanish_for_the_page_only():
    import app
    from mnist_demo.ui.strokes import TOO_BIG
    from mnist_demo.ui.uploads import UNREADABLE

    assert lang.message(UNREADABLE, "es").startswith("No es una imagen")
    assert lang.message(UNREADABLE, "en") == UNREADABLE and lang.message("Something new.", "es") == "Something new."
    assert lang.message("The picture is 7 × 2000 pixels: a line, not a digit (too thin to hold one).", "es") == (
        "La imagen mide 7 × 2000 píxeles: una línea, no un dígito (demasiado fina para contener uno).")
    with lang.speaking("es"):
        answer = app.answer_pad('{"drawing": 3, "pen": 0.05, "strokes": "nope"}')
        assert answer["status"] == "**No se pudo leer ese dibujo: pulsa Borrar y vuelve a dibujar.**"
        assert lang.message(TOO_BIG).startswith("Ese dibujo es demasiado grande")


def test_every_no_digit_message_has_spanish():
    """Pictures without a digit get a reason (uniform, noise, too faint, a dot, transparent, an empty
    canvas); the Spanish page shows each in Spanish (several stayed English)."""
    from mnist_demo import EmptyImageError, predict_image

    rng = np.random.default_rng(0)
    dot = np.full((200, 200), 255, np.uint8)
    dot[95:105, 95:105] = 0
    faint = np.full((200, 200), 200, np.uint8)
    faint[40:160, 98:102] = 197
    empty_layer = np.zeros((300, 300, 4), np.uint8)
    pictures = [np.full((200, 200, 3), 200, np.uint8), (rng.random((200, 200, 3)) * 255).astype(np.uint8), faint,
                dot, np.zeros((200, 200, 4), np.uint8),
                {"background": None, "layers": [empty_layer], "composite": empty_layer}]
    reasons = set()
    for picture in pictures:
        with pytest.raises(EmptyImageError) as raised:
            predict_image(picture)
        reasons.add(str(raised.value))
    assert len(reasons) >= 5
    for reason in reasons:
        assert lang.message(reason, "es") != reason, reason
