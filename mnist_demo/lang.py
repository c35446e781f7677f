"""English and Spanish texts of the app, the plots and the live training, and the language in use.

The language of one request is a context variable: ``with speaking("es"): ...`` makes :func:`text`
(and everything that words an answer: ``mnist_demo.ui.wording``, the plots) answer in Spanish.
English is the default, and what the HTTP API and the command line always use.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

LANGUAGES = ("en", "es")
DEFAULT = "en"
_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("mnist_demo_lang", default=DEFAULT)

# key: (English, Spanish). Texts with {name} are formatted by text(key, name=...). "28\u00a0×\u00a028" keeps
# no-break spaces around the ×, so a label never wraps after "28 ×".
TEXTS: dict[str, tuple[str, str]] = {
    # Page, tabs and components
    "title": ("Handwritten digit recognizer", "Reconocedor de dígitos manuscritos"),
    "intro": ("Draw a digit or upload a photo: two small convolutional networks trained on MNIST read it as you "
              "go, and show the 28\u00a0×\u00a028 image they actually see.",
              "Dibuja un dígito o sube una foto: dos pequeñas redes convolucionales entrenadas con MNIST lo "
              "leen mientras escribes y muestran la imagen de 28\u00a0×\u00a028 que de verdad ven."),
    "header": ("# Handwritten digit recognizer\nDraw a digit or upload a photo: two small convolutional networks "
               "trained on MNIST read it as you go, and show the 28\u00a0×\u00a028 image they actually see.",
               "# Reconocedor de dígitos manuscritos\nDibuja un dígito o sube una foto: dos pequeñas redes "
               "convolucionales entrenadas con MNIST lo leen mientras escribes y muestran la imagen de "
               "28\u00a0×\u00a028 que de verdad ven."),
    "tab_draw": ("Draw", "Dibujar"),
    "tab_upload": ("Upload photo", "Subir foto"),
    "tab_samples": ("Test samples", "Muestras de prueba"),
    "tab_training": ("Training", "Entrenamiento"),
    "upload_label": ("Photo of a digit or a number", "Foto de un dígito o un número"),
    "examples_label": ("Examples (click one)", "Ejemplos (haz clic en uno)"),
    "random_sample": ("Random sample", "Muestra al azar"),
    "only_mistakes": ("only mistakes", "solo errores"),
    "sample_number": ("Sample number (type one, then Enter)", "Número de muestra (escríbelo y pulsa Intro)"),
    "sample_placeholder": ("0 to 9,999", "de 0 a 9.999"),
    "sample_image": ("MNIST test image (28\u00a0×\u00a028)", "Imagen de prueba de MNIST (28\u00a0×\u00a028)"),
    "verdict": ("Verdict", "Veredicto"),
    "models_top3": ("Model's top 3", "Las 3 respuestas del modelo"),
    "top3": ("Top 3", "Las 3 más probables"),
    "preview": ("What the model sees (28\u00a0×\u00a028)", "Lo que ve el modelo (28\u00a0×\u00a028)"),
    "why": ("Why? Red: for, blue: against", "¿Por qué? Rojo: a favor, azul: en contra"),
    "digits_found": ("Digits found, left to right", "Dígitos encontrados, de izquierda a derecha"),
    "curves_label": ("Accuracy and loss per epoch", "Exactitud y pérdida por época"),
    "confusion_label": ("Confusion matrix (test set)", "Matriz de confusión (conjunto de prueba)"),
    "confusion_note": ("Rows are the true digit, columns the model's answer. The green diagonal counts correct "
                       "answers; every number off the diagonal is a mistake, shaded by how common it is for "
                       "that digit.",
                       "Las filas son el dígito verdadero; las columnas, la respuesta del modelo. La diagonal "
                       "verde cuenta los aciertos; cada número fuera de ella es un error, sombreado según lo "
                       "frecuente que es para ese dígito."),
    # Prompts and status lines
    "draw_prompt": ("**Draw a digit** in the box.", "**Dibuja un dígito** en el recuadro."),
    "upload_prompt": ("**Upload a photo** of one digit, take one with the webcam, paste one, or pick an example.",
                      "**Sube una foto** de un dígito, hazla con la cámara, pégala o elige un ejemplo."),
    "sample_prompt": ("Press **Random sample** to see an image from the 10,000 MNIST test images.",
                      "Pulsa **Muestra al azar** para ver una de las 10.000 imágenes de prueba de MNIST."),
    "expired": ("**That upload has expired** (uploads are kept for {hours} hours): please upload the photo again.",
                "**Esa foto ha caducado** (se guardan {hours} horas): vuelve a subirla."),
    "could_not_read": ("**Could not read that file.** {message}", "**No se pudo leer ese archivo.** {message}"),
    "closer_photo": ("{error} Try a closer, sharper photo of one digit.",
                     "{error} Prueba con una foto más cercana y nítida de un solo dígito."),
    "number_hint": ("Write several digits side by side and they are read as one number.",
                    "Escribe varios dígitos uno al lado de otro y se leen como un número."),
    "sure": ("It's {a} **{digit}** ({percent} sure).", "Es un **{digit}** (seguro al {percent})."),
    "torn": ("**Not sure**: it could be {a} **{first}** ({p1}) or {b} **{second}** ({p2}). "
             "Try writing it more clearly.",
             "**No estoy seguro**: podría ser un **{first}** ({p1}) o un **{second}** ({p2}). "
             "Prueba a escribirlo más claro."),
    "unlike": ("**Not sure** this is a digit: if it is one, it is {a} **{digit}** ({percent}), but it looks less "
               "like {a} {digit} than nearly every handwritten {digit} the model knows. Try one large digit in the "
               "middle.",
               "**No estoy seguro** de que sea un dígito: si lo es, es un **{digit}** ({percent}), pero se parece "
               "menos a un {digit} que casi todos los {digit} manuscritos que conoce el modelo. Prueba con un "
               "dígito grande en el centro."),
    "unclear": ("**Not sure**: the ink is hard to tell from the paper here (a shadow over faint strokes?). If "
                "this is a digit, it is {a} **{digit}** ({percent}). Try even light and a darker pen.",
                "**No estoy seguro**: aquí cuesta distinguir la tinta del papel (¿una sombra sobre trazos "
                "suaves?). Si es un dígito, es un **{digit}** ({percent}). Prueba con luz uniforme y un bolígrafo "
                "más oscuro."),
    "reads_as": ("**Reads as the number {number}** ({count} digits", "**Se lee el número {number}** ({count} dígitos"),
    "not_sure_about": ("; not sure about digit {which})", "; dudas en el dígito {which})"),
    "digits_status": ("**{count} digits** found: each is read below.",
                      "**{count} dígitos** encontrados: cada uno se lee abajo."),
    # Test samples
    "samples_unavailable": ("The MNIST test samples are not available on this server (the shipped test split is "
                            "missing or damaged). Drawing and uploads still work.",
                            "Las muestras de prueba de MNIST no están disponibles en este servidor (faltan o están "
                            "dañadas). Dibujar y subir fotos sigue funcionando."),
    "type_sample": ("Type a sample number from 0 to {last}, then press Enter.",
                    "Escribe un número de muestra de 0 a {last} y pulsa Intro."),
    "no_such_sample": ("There are {count} test images, numbered 0 to {last}: type one of those numbers, then press "
                       "Enter.", "Hay {count} imágenes de prueba, numeradas de 0 a {last}: escribe uno de esos "
                       "números y pulsa Intro."),
    "sample_right": ("True label: **{true}** · ✓ The model is right ({percent} sure).",
                     "Etiqueta real: **{true}** · ✓ El modelo acierta (seguro al {percent})."),
    "sample_wrong": ("True label: **{true}** · ✗ The model says **{predicted}** ({percent}); it gives {true} "
                     "{true_percent}.", "Etiqueta real: **{true}** · ✗ El modelo dice **{predicted}** ({percent}); "
                     "al {true} le da {true_percent}."),
    "no_mistakes": ("The model gets every test image right; showing any image.",
                    "El modelo acierta todas las imágenes de prueba; se muestra una cualquiera."),
    # Training report and plots
    "augmented_note": ("Training accuracy and loss are measured on augmented images (randomly warped, with thicker "
                       "and thinner strokes), which are harder than the untouched validation images: that is why "
                       "the training curve runs below the validation curve.",
                       "La exactitud y la pérdida de entrenamiento se miden sobre imágenes aumentadas (deformadas "
                       "al azar, con trazos más gruesos y más finos), más difíciles que las de validación: por eso "
                       "la curva de entrenamiento va por debajo de la de validación."),
    "phases_note": ("Shaded epochs: the finish on plain images, where the training curve rises above validation; "
                    "the fine-tune for small pictures, where some training images are blurred as if they came "
                    "from a thumbnail; and the fine-tune for drawings, where some digits are redrawn with one "
                    "pen width, as on the drawing pad.",
                    "Épocas sombreadas: el final con imágenes sin aumentar, donde la curva de entrenamiento sube por "
                    "encima de la de validación; el ajuste para imágenes pequeñas, donde algunas imágenes de "
                    "entrenamiento se difuminan como si vinieran de una miniatura; y el ajuste para dibujos, donde "
                    "algunas cifras se redibujan con un solo grosor de trazo, como en el lienzo."),
    "phase_finish": ("finish: plain images", "final: imágenes sin aumentar"),
    "phase_small_pictures": ("fine-tune: small pictures", "ajuste: imágenes pequeñas"),
    "phase_redrawn": ("fine-tune: redrawn with a pen", "ajuste: redibujadas con un trazo"),
    "phase_not_digits": ("fine-tune: marks that are no digit", "ajuste: trazos que no son cifras"),
    "no_record": ("No training record to show ({error}).", "No hay registro de entrenamiento que mostrar ({error})."),
    "malformed_record": ("No training record to show ('{name}' is malformed).",
                         "No hay registro de entrenamiento que mostrar ('{name}' está dañado)."),
    "no_figures": ("No training figures recorded.", "No hay cifras de entrenamiento registradas."),
    "accuracy": ("Accuracy", "Exactitud"),
    "loss": ("Loss", "Pérdida"),
    "epoch": ("epoch", "época"),
    "steps": ("training images seen", "imágenes de entrenamiento vistas"),
    "training": ("training", "entrenamiento"),
    "validation": ("validation", "validación"),
    "predicted_digit": ("predicted digit", "dígito predicho"),
    "true_digit": ("true digit", "dígito verdadero"),
    "confusion_title": ("Confusion matrix: {wrong} of {total} test images wrong",
                        "Matriz de confusión: {wrong} de {total} imágenes de prueba mal"),
    "test_accuracy": ("Test accuracy", "Exactitud en prueba"),
    "test_mistakes": ("Test mistakes", "Errores en prueba"),
    "test_loss": ("Test loss", "Pérdida en prueba"),
    "parameters": ("Parameters", "Parámetros"),
    "epochs": ("Epochs", "Épocas"),
    "training_time": ("Training time", "Tiempo de entrenamiento"),
    "per_epoch": (" ({seconds} s per epoch)", " ({seconds} s por época)"),
    "validation_reached": ("{target} validation after", "{target} en validación tras"),
    "trained_with": ("Trained with {command}", "Entrenado con {command}"),  # {command}: plots.command_html
    "ensemble_note": ("The model is {count} networks of the same design trained from different seeds, their "
                      "answers averaged (the mean of their logits): alone they score {alone} on the test split. The "
                      "curves are the first network's.",
                      "El modelo son {count} redes del mismo diseño entrenadas con semillas distintas, con sus "
                      "respuestas promediadas (la media de sus logits): solas aciertan {alone} del conjunto de "
                      "prueba. Las curvas son las de la primera red."),
    "of": ("{part} of {whole}", "{part} de {whole}"),
    # Train it yourself (mnist_demo/ui/live_training.py)
    "live_heading": ("## Train it yourself\nPick a small network, how long and on how many images, and watch it learn. "
                     "Then draw on the **Draw** tab: your model's top 3 shows next to the shipped model's.",
                     "## Entrénalo tú\nElige una red pequeña, cuánto tiempo y con cuántas imágenes, y mira cómo "
                     "aprende. Luego dibuja en la pestaña **Dibujar**: las 3 respuestas de tu modelo salen junto a "
                     "las del modelo incluido."),
    "architecture": ("Network", "Red"),
    "arch_keras_example": ("Keras example CNN (2 convolutions, 35 k parameters)",
                           "CNN del ejemplo de Keras (2 convoluciones, 35 mil parámetros)"),
    "arch_deeper": ("Deeper CNN (4 convolutions + batch norm, 0.27 M parameters)",
                    "CNN más profunda (4 convoluciones + batch norm, 0,27 M parámetros)"),
    "live_epochs": ("Epochs", "Épocas"),
    "live_images": ("Training images", "Imágenes de entrenamiento"),
    "train": ("Train", "Entrenar"),
    "stop": ("Stop", "Parar"),
    "live_ready": ("Press **Train**: one training at a time on this server, at most {seconds} s and {images} images.",
                   "Pulsa **Entrenar**: un entrenamiento a la vez en este servidor, como mucho {seconds} s y "
                   "{images} imágenes."),
    "live_queued": ("Another visitor is training right now (one training at a time on this server): you are number "
                    "**{place}** in the queue. Yours starts by itself when theirs ends (at most {seconds} s each).",
                    "Otra persona está entrenando ahora (un entrenamiento a la vez en este servidor): eres la número "
                    "**{place}** en la cola. El tuyo empieza solo cuando acabe (como mucho {seconds} s cada uno)."),
    "live_starting": ("Starting: loading {images} training images …", "Empezando: cargando {images} imágenes …"),
    "live_running": ("Training: epoch {epoch} of {epochs}, {seen} of {total} images · validation accuracy "
                     "**{val}** · {seconds} s",
                     "Entrenando: época {epoch} de {epochs}, {seen} de {total} imágenes · exactitud de validación "
                     "**{val}** · {seconds} s"),
    "live_done": ("**Done**: validation accuracy **{val}** (training {train}) after {epochs} epochs on {images} "
                  "images, in {seconds} s. Draw on the **Draw** tab to compare your model with the shipped one.",
                  "**Listo**: exactitud de validación **{val}** (entrenamiento {train}) tras {epochs} épocas con "
                  "{images} imágenes, en {seconds} s. Dibuja en la pestaña **Dibujar** para comparar tu modelo con "
                  "el incluido."),
    "live_stopped": ("Stopped (you pressed Stop). ", "Parado (pulsaste Parar). "),
    "live_time_cap": ("Stopped at the {seconds} s limit. ", "Parado al llegar al límite de {seconds} s. "),
    "live_subset": ("Trained on the small subset shipped with the app ({count} images): no MNIST download here.",
                    "Entrenado con el pequeño subconjunto incluido en la app ({count} imágenes): aquí no se puede "
                    "descargar MNIST."),
    "live_no_data": ("No training data: {error}", "No hay datos de entrenamiento: {error}"),
    "live_nothing_to_stop": ("No training of yours is running.", "No tienes ningún entrenamiento en marcha."),
    "live_stopping": ("Stopping …", "Parando …"),
    "compare_heading": ("| | 1st | 2nd | 3rd |", "| | 1.º | 2.º | 3.º |"),
    "compare_yours": ("Your model ({val})", "Tu modelo ({val})"),
    "compare_shipped": ("Shipped model", "Modelo incluido"),
}


# Messages the library and the server word in English (they stay English in Python, the CLI and the HTTP
# API); the page shows them in Spanish through message(). Exact texts, then (pattern, Spanish) pairs.
MESSAGES_ES: dict[str, str] = {
    "**Could not read that file.**": "**No se pudo leer ese archivo.**",
    "It is not an image this app can open: try a PNG or JPEG photo of one digit.":
        "No es una imagen que esta app pueda abrir: prueba con una foto PNG o JPEG de un dígito.",
    "That drawing is too big to read: press Clear and draw one digit or number.":
        "Ese dibujo es demasiado grande para leerlo: pulsa Borrar y dibuja un dígito o un número.",
    "That drawing could not be read: press Clear and draw again.":
        "No se pudo leer ese dibujo: pulsa Borrar y vuelve a dibujar.",
    "The server's disk is full right now: please try again in a few minutes.":
        "El disco del servidor está lleno ahora mismo: vuelve a intentarlo en unos minutos.",
    "That looks like a dot, not a digit: draw a whole digit.":
        "Eso parece un punto, no un dígito: dibuja un dígito entero.",
    "No digit found.": "No se encontró ningún dígito.",
    "No digit found: draw or photograph a single digit.":
        "No se encontró ningún dígito: dibuja o fotografía un solo dígito.",
    "No digits found: draw or photograph a number.": "No se encontraron dígitos: dibuja o fotografía un número.",
    "No clear digit found.": "No se encontró ningún dígito claro.",
    "No clear digit found: only the paper between strokes stands out.":
        "No se encontró ningún dígito claro: solo destaca el papel entre los trazos.",
    "No clear digit found: the image looks like noise (no mark stands out of it).":
        "No se encontró ningún dígito claro: la imagen parece ruido (ninguna marca destaca).",
    "No clear digit found: the image looks like noise or a full picture.":
        "No se encontró ningún dígito claro: la imagen parece ruido o una foto entera.",
    "The image has no visible digit: nothing stands out of the paper.":
        "La imagen no tiene ningún dígito visible: nada destaca del papel.",
    "The image is empty.": "La imagen está vacía.",
    "The mark is too small to be a digit: draw it bigger.":
        "La marca es demasiado pequeña para ser un dígito: dibújala más grande.",
    "There is no image: draw a digit or upload a photo.": "No hay imagen: dibuja un dígito o sube una foto.",
    "The canvas is empty: draw a digit.": "El lienzo está vacío: dibuja un dígito.",
    "The image is fully transparent: there is no digit.": "La imagen es totalmente transparente: no hay dígito.",
    "The image is uniform: there is no digit to read.": "La imagen es uniforme: no hay ningún dígito que leer.",
    "This file is not an image that can be read (PNG, JPEG, GIF, BMP, WebP ...).":
        "Este archivo no es una imagen que se pueda leer (PNG, JPEG, GIF, BMP, WebP ...).",
    "The image file is damaged or truncated and cannot be read.":
        "El archivo de imagen está dañado o cortado y no se puede leer.",
}
MESSAGE_PATTERNS_ES: tuple[tuple[str, str], ...] = (
    (r"The image is too large to read safely \(over (\d+) megapixels\)\.",
     r"La imagen es demasiado grande para leerla con seguridad (más de \1 megapíxeles)."),
    (r"The picture is (\d+) × (\d+) pixels: too small to hold a digit\.",
     r"La imagen mide \1 × \2 píxeles: demasiado pequeña para contener un dígito."),
    (r"The picture is (\d+) × (\d+) pixels: a line, not a digit \(too thin to hold one\)\.",
     r"La imagen mide \1 × \2 píxeles: una línea, no un dígito (demasiado fina para contener uno)."),
)


def message(english: str, lang: str | None = None) -> str:
    """A library or server message (English) in ``lang`` (default: :func:`current`): known messages in Spanish,
    whole or as sentences of a longer text; anything unknown as it is."""
    import re

    if normalize(lang or current()) != "es" or not english:
        return english
    text = str(english)
    for known, spanish in MESSAGES_ES.items():
        text = text.replace(known, spanish)
    for pattern, spanish in MESSAGE_PATTERNS_ES:
        text = re.sub(pattern, spanish, text)
    return text


def normalize(lang: str | None) -> str:
    """"es", "es-ES", "ES_mx" -> "es"; anything not supported -> English."""
    code = str(lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT


def from_accept_language(header: str | None) -> str:
    """The visitor's language from an ``Accept-Language`` header: the first supported one by quality."""
    choices = []
    for position, part in enumerate(str(header or "").split(",")):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = name.strip().lower().split("-")[0]
        if code in LANGUAGES and quality > 0:
            choices.append((-quality, position, code))
    return min(choices)[2] if choices else DEFAULT


def current() -> str:
    """The language answers are worded in now."""
    return _LANG.get()


@contextlib.contextmanager
def speaking(lang: str | None) -> Iterator[str]:
    """Word everything inside in ``lang`` (normalized; English when unsupported)."""
    previous = _LANG.get()
    token = _LANG.set(normalize(lang))
    try:
        yield _LANG.get()
    finally:
        try:
            _LANG.reset(token)
        except ValueError:  # resumed in another context (a generator handler yielded inside): set it back
            _LANG.set(previous)


def text(key: str, lang: str | None = None, **values) -> str:
    """The text for ``key`` in ``lang`` (default: :func:`current`), formatted with ``values``."""
    english, spanish = TEXTS[key]
    template = spanish if normalize(lang or current()) == "es" else english
    return template.format(**values) if values else template


def number(value: float, decimals: int = 0, lang: str | None = None) -> str:
    """A number with thousands separators (and decimals) the way the language writes it: 10,000.5 / 10.000,5."""
    written = f"{value:,.{decimals}f}"
    if normalize(lang or current()) == "es":
        written = written.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return written


def table(lang: str) -> dict[str, str]:
    """Every text in one language: ``gr.I18n``'s dictionary for it."""
    index = 1 if normalize(lang) == "es" else 0
    return {key: pair[index] for key, pair in TEXTS.items()}
