"""The page in English or Spanish: ``gr.I18n`` for component labels, buttons, tabs and Markdown
(translated in the browser from its language), and the request's ``Accept-Language`` for what the
handlers word (status lines, verdicts, plots), through :func:`localized`.
"""

from __future__ import annotations

import functools
import inspect
import json
import typing
from typing import Any

import gradio as gr

from mnist_demo import lang

I18N = gr.I18n(en=lang.table("en"), es=lang.table("es"))

# The Draw tab's pad and results panel (gr.HTML, translated by their own JavaScript from the browser's
# language, the same language Gradio's I18n picks): key -> (English, Spanish).
PAD_TEXTS: dict[str, tuple[str, str]] = {
    "hint": ("Draw a digit here", "Dibuja un dígito aquí"),
    "help": ("Mouse, finger or stylus: the answer comes as you lift the pen.",
             "Ratón, dedo o lápiz: la respuesta llega al levantar el trazo."),
    "undo": ("Undo", "Deshacer"),
    "clear": ("Clear", "Borrar"),
    "empty": ("Drawing pad, empty", "Zona de dibujo, vacía"),
    "drawn": ("Drawing pad, {count} strokes drawn", "Zona de dibujo, {count} trazos"),
    "drawn_one": ("Drawing pad, 1 stroke drawn", "Zona de dibujo, 1 trazo"),
    "too_many": ("That is a lot of strokes: press Undo or Clear.", "Son muchos trazos: pulsa Deshacer o Borrar."),
    "top3": ("Top 3 guesses", "Las 3 respuestas más probables"),
    "preview": ("What the model sees (28\u00a0×\u00a028)", "Lo que ve el modelo (28\u00a0×\u00a028)"),
    "preview_alt": ("The 28 by 28 image the model read", "La imagen de 28 por 28 que leyó el modelo"),
    "why": ("Why?", "¿Por qué?"),
    "red": ("Red", "Rojo"),
    "for": (": for, ", ": a favor, "),
    "blue": ("blue", "azul"),
    "against": (": against", ": en contra"),
    "why_alt": ("Heatmap: the pixels that pushed the model towards its answer",
                "Mapa de calor: los píxeles que llevaron al modelo a su respuesta"),
    "digits": ("Digits found, left to right", "Dígitos encontrados, de izquierda a derecha"),
}


def pad_texts_json() -> str:
    """PAD_TEXTS as the pad's JavaScript reads them: {"en": {...}, "es": {...}}."""
    return json.dumps({code: {key: pair[i] for key, pair in PAD_TEXTS.items()}
                       for i, code in enumerate(lang.LANGUAGES)}, ensure_ascii=False)


def t(key: str) -> gr.I18nData:
    """A component's text by its ``mnist_demo.lang`` key, translated in the browser."""
    if key not in lang.TEXTS:
        raise KeyError(key)
    return I18N(key)


def both(key: str) -> dict[str, str]:
    """A text in every language, {"en": ..., "es": ...} (the Draw tab's panel picks one in the browser)."""
    return {code: lang.text(key, code) for code in lang.LANGUAGES}


def lang_of(request: Any) -> str:
    """The visitor's language from a ``gr.Request`` (its Accept-Language header); English without one."""
    headers = getattr(request, "headers", None)
    try:
        header = headers.get("accept-language") if headers is not None else None
    except Exception:  # not a mapping: no language given
        header = None
    return lang.from_accept_language(header)


def localized(handler):
    """``handler`` run in the language of the request's ``Accept-Language`` (``mnist_demo.lang.speaking``).

    Gradio passes the request because the wrapper declares one more parameter, ``request: gr.Request``,
    after the handler's own; the handler itself keeps its signature (tests call it directly).
    """
    signature = inspect.signature(handler)
    hints = typing.get_type_hints(handler)
    parameters = [parameter.replace(annotation=hints.get(name, parameter.annotation))
                  for name, parameter in signature.parameters.items()]
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None,
                                annotation=gr.Request)

    def run(*args):
        *inputs, visitor = args
        with lang.speaking(lang_of(visitor)):
            return handler(*inputs)

    functools.update_wrapper(run, handler)
    del run.__wrapped__  # Gradio must see the signature below, not the handler's
    run.__signature__ = signature.replace(parameters=[*parameters, request])
    run.__annotations__ = {**{p.name: p.annotation for p in parameters}, "request": gr.Request}
    return run
