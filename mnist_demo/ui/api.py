"""The HTTP API's answers: plain JSON with the same keys every time, an ``error`` message when there is
no digit or no picture (``/predict`` and ``/read_number``), and plain text where the page shows Markdown
(``/random_sample``'s verdict); see README "HTTP API"."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from .. import EmptyImageError, lang
from .samples import SampleView
from .uploads import upload_source
from .wording import friendly_read_error, number_view, verdict

NO_IMAGE = "No image: send a photo or drawing of one digit."
EXPIRED_API = "That upload has expired: please upload the picture again."


def _plain(markdown: str) -> str:
    return markdown.replace("**", "")


def _api_source(image: Any) -> tuple[Any, str | None]:
    """The picture an API call names, or the error message when there is none to read."""
    source = upload_source(image)
    if source is None:
        return None, NO_IMAGE
    if isinstance(source, (str, os.PathLike)) and not os.path.exists(source):
        return None, EXPIRED_API
    return source, None


def _api_error(error: ValueError) -> str:
    if isinstance(error, EmptyImageError):
        return f"No digit found: {error} Try a closer, sharper picture of one digit."
    return f"Could not read that file. {friendly_read_error(error)}"


def api_predict(image: Any) -> dict:
    """``/predict``: one picture -> ``{digit, probability, unsure, why, top3: [{digit, probability}],
    probabilities: [10 floats, digit 0 first], message, error}``. With no digit to read, or a file that
    is no picture, ``error`` holds a plain message and the other values are None or empty."""
    from mnist_demo.predict import predict_image

    answer = {"digit": None, "probability": None, "unsure": None, "why": None, "top3": [], "probabilities": [],
              "message": None, "error": None}
    source, error = _api_source(image)
    if error is None:
        try:
            prediction = predict_image(source)
        except ValueError as failure:  # EmptyImageError included
            error = _api_error(failure)
    if error is not None:
        return {**answer, "error": error}
    probs = prediction.probabilities
    return {**answer, "digit": prediction.digit, "probability": round(float(probs[prediction.digit]), 4),
            "unsure": prediction.unsure, "why": prediction.why,
            "top3": [{"digit": int(d), "probability": round(float(probs[d]), 4)}
                     for d in np.argsort(-probs, kind="stable")[:3]],
            "probabilities": [round(float(p), 4) for p in probs],
            "message": _plain(_english_verdict(probs, prediction.unsure, prediction.why))}


def api_read_number(image: Any) -> dict:
    """``/read_number``: one picture -> ``{number, probability, digits: [{digit, probability, unsure, top3,
    box}], error}``, the digits left to right (``box``: left, top, right, bottom in the picture's pixels).
    With no digit to read, or a file that is no picture, ``error`` holds a plain message, ``number`` is
    None and ``digits`` empty."""
    from mnist_demo.number import read_number

    source, error = _api_source(image)
    if error is None:
        try:
            reading, _, _, _ = number_view(read_number(source))
        except ValueError as failure:
            error = _api_error(failure)
    if error is not None:
        return {"number": None, "probability": None, "digits": [], "error": error}
    return {**reading, "error": None}


def api_sample(view: SampleView) -> SampleView:
    """``/random_sample``: the Test samples tab's view of one sample, its verdict as plain text (the tab
    shows it as Markdown, the true label in bold)."""
    return view._replace(verdict=_plain(view.verdict))


def _english_verdict(probs, unsure: bool, why: str | None = None) -> str:
    """The API answers in English whatever the page's language (stable messages)."""
    with lang.speaking("en"):
        return verdict(probs, unsure, why)
