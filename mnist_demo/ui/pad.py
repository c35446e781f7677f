"""The Draw tab's pad and its results panel: two ``gr.HTML`` custom components (Gradio 6.31).

The pad is a plain ``<canvas>`` driven by pointer events (mouse, finger, stylus), with Undo and
Clear. On every pen-up it fires ONE ``stroke`` event whose data is the whole drawing as JSON (see
``mnist_demo.ui.strokes``) and its drawing id, which grows by one on every stroke, undo and clear.
No file is uploaded.

The results panel shows what the server answers (a dict, see ``app.answer_pad``): the status line,
the top-3 bars, the 28 x 28 preview, the why-heatmap and the number. Every answer carries the id
of the drawing it was computed for, and the panel shows it only while that drawing is still the one
on the pad: an answer for an older drawing (the pen moved on, Undo, Clear) is dropped. Clear and
Undo reset the panel at once, in the browser, through a DOM event from the pad
(``digitpad:change``); the panel fires ``digitpad:answer`` when it shows an answer and
``digitpad:ignored`` when it drops one (the tests and ``benchmarks/browser_latency.py`` listen).
"""

from __future__ import annotations

import base64
import io
from typing import Any

import gradio as gr
import numpy as np
from PIL import Image

PEN = 0.058  # pen width as a share of the pad's side: 28 px on a 480 px pad, MNIST-like for a digit filling it
MIN_STEP = 0.006  # a pointer position closer than this (share of the side) to the last point is skipped
MAX_STROKE_POINTS = 400  # per stroke in the browser: above it, every second point is dropped
MAX_STROKES = 60  # the server refuses more (mnist_demo.ui.strokes)

PAD_HTML = """
<div class="digit-pad empty">
  <div class="pad-surface">
    <canvas class="pad-canvas" role="img" aria-label="Drawing pad, empty" aria-describedby="pad-help"></canvas>
    <p class="pad-hint" aria-hidden="true">Draw a digit here</p>
  </div>
  <div class="pad-bar">
    <p id="pad-help" class="pad-help">Mouse, finger or stylus: the answer comes as you lift the pen.</p>
    <div class="pad-buttons">
      <button type="button" class="pad-undo" aria-keyshortcuts="Control+Z" disabled>
        <span aria-hidden="true">&#x21B6;</span> Undo</button>
      <button type="button" class="pad-clear" disabled><span aria-hidden="true">&#x2715;</span> Clear</button>
    </div>
  </div>
  <p class="pad-note" role="status"></p>
</div>
"""

PAD_JS = """
const PAD = 'draw', PEN = $PEN, MIN_STEP = $MIN_STEP;
const MAX_STROKE_POINTS = $MAX_STROKE_POINTS, MAX_STROKES = $MAX_STROKES;
const root = element.querySelector('.digit-pad');
const canvas = element.querySelector('.pad-canvas');
const context = canvas.getContext('2d');
const undoButton = element.querySelector('.pad-undo');
const clearButton = element.querySelector('.pad-clear');
const note = element.querySelector('.pad-note');
let strokes = [];       // finished strokes: [x0, y0, x1, y1, ...] as shares of the pad's side
let current = null;     // the stroke being drawn
let pointer = null;     // the pointer drawing it (a second finger is ignored)
let box = null;         // the canvas on screen while a stroke is drawn
let drawing = 0;        // the drawing id: +1 on every stroke, undo and clear

const round = (value) => Math.round(value * 10000) / 10000;

function where(event) {
  return [round((event.clientX - box.left) / box.width), round((event.clientY - box.top) / box.height)];
}

function pen() {
  const ink = getComputedStyle(canvas).color;  // the theme's text colour (light and dark)
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.lineWidth = PEN * canvas.width;
  context.strokeStyle = ink;
  context.fillStyle = ink;
}

function dot(x, y) {
  context.beginPath();
  context.arc(x * canvas.width, y * canvas.height, PEN * canvas.width / 2, 0, 2 * Math.PI);
  context.fill();
}

function line(points) {
  if (points.length === 2) return dot(points[0], points[1]);
  context.beginPath();
  context.moveTo(points[0] * canvas.width, points[1] * canvas.height);
  for (let i = 2; i < points.length; i += 2) context.lineTo(points[i] * canvas.width, points[i + 1] * canvas.height);
  context.stroke();
}

function redraw() {
  context.clearRect(0, 0, canvas.width, canvas.height);
  pen();
  strokes.forEach(line);
  if (current) line(current);
}

function fit() {
  const rect = canvas.getBoundingClientRect();
  if (!rect.width) return;  // a hidden tab
  const side = Math.round(rect.width * (window.devicePixelRatio || 1));
  if (canvas.width !== side || canvas.height !== side) {
    canvas.width = side;
    canvas.height = side;
    redraw();
  }
}

function say(text) { note.textContent = text; }

function changed(send) {
  drawing += 1;
  const count = strokes.length;
  root.classList.toggle('empty', count === 0);
  undoButton.disabled = clearButton.disabled = count === 0;
  canvas.setAttribute('aria-label', count === 0 ? 'Drawing pad, empty'
    : 'Drawing pad, ' + count + (count === 1 ? ' stroke' : ' strokes') + ' drawn');
  root.dataset.drawing = String(drawing);
  root.dataset.strokes = String(count);
  if (count < MAX_STROKES) say('');
  document.dispatchEvent(new CustomEvent('digitpad:change', {detail: {pad: PAD, drawing: drawing, strokes: count}}));
  if (send && count) ask();
}

function ask() {  // one event: the whole drawing and its id
  trigger('stroke', {drawing: JSON.stringify({drawing: drawing, pen: PEN, strokes: strokes})});
}

// The results panel asks again when the answer for the drawing on the pad never showed (answers that
// arrive together can reach it as one update, the older last).
document.addEventListener('digitpad:resend', (event) => {
  if (event.detail.pad === PAD && event.detail.drawing === drawing && strokes.length && element.isConnected) ask();
});

function add(point) {
  const n = current.length;
  const dx = point[0] - current[n - 2], dy = point[1] - current[n - 1];
  if (dx * dx + dy * dy < MIN_STEP * MIN_STEP) return;
  if (n / 2 >= MAX_STROKE_POINTS) {  // a very long stroke: keep every second point
    const kept = [];
    for (let i = 0; i < n; i += 4) kept.push(current[i], current[i + 1]);
    current = kept;
  }
  const m = current.length;
  context.beginPath();
  context.moveTo(current[m - 2] * canvas.width, current[m - 1] * canvas.height);
  context.lineTo(point[0] * canvas.width, point[1] * canvas.height);
  context.stroke();
  current.push(point[0], point[1]);
}

canvas.addEventListener('pointerdown', (event) => {
  if (pointer !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
  event.preventDefault();
  if (strokes.length >= MAX_STROKES) { say('That is a lot of strokes: press Undo or Clear.'); return; }
  fit();
  pointer = event.pointerId;
  try { canvas.setPointerCapture(pointer); } catch (error) { /* the pointer is gone already */ }
  box = canvas.getBoundingClientRect();
  current = where(event);
  root.classList.remove('empty');
  pen();
  dot(current[0], current[1]);
});

canvas.addEventListener('pointermove', (event) => {
  if (event.pointerId !== pointer || !current) return;
  const moves = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
  for (const move of (moves.length ? moves : [event])) add(where(move));
});

function finish(event) {
  if (event.pointerId !== pointer || !current) return;
  if (event.type === 'pointerup') add(where(event));
  strokes.push(current);
  current = null;
  pointer = null;
  changed(true);
}
canvas.addEventListener('pointerup', finish);
canvas.addEventListener('pointercancel', finish);
canvas.addEventListener('lostpointercapture', finish);

function undo() {
  if (!strokes.length) return;
  strokes.pop();
  redraw();
  changed(true);
}

function clear() {
  strokes = [];
  current = null;
  pointer = null;
  redraw();
  changed(false);
}

undoButton.addEventListener('click', undo);
clearButton.addEventListener('click', clear);
root.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z') {
    event.preventDefault();
    undo();
  }
});
new ResizeObserver(fit).observe(canvas);
fit();
"""
for _name, _value in {"$PEN": PEN, "$MIN_STEP": MIN_STEP, "$MAX_STROKE_POINTS": MAX_STROKE_POINTS,
                      "$MAX_STROKES": MAX_STROKES}.items():
    PAD_JS = PAD_JS.replace(_name, str(_value))

RESULT_HTML = """
<div class="digit-result" data-state="empty">
  <p id="draw-status" class="result-status" aria-live="polite"></p>
  <ol id="draw-label" class="result-bars" aria-label="Top 3 guesses"></ol>
  <div class="result-pictures">
    <figure id="draw-preview" class="result-picture">
      <figcaption>What the model sees (28 &times; 28)</figcaption>
      <div class="result-frame"><img alt="The 28 by 28 image the model read" hidden></div>
    </figure>
    <figure id="draw-why" class="result-picture">
      <figcaption>Why? <span class="for">Red</span>: for, <span class="against">blue</span>: against</figcaption>
      <div class="result-frame"><img alt="Heatmap: the pixels that pushed the model towards its answer" hidden></div>
    </figure>
  </div>
  <p id="draw-number" class="result-number"></p>
  <ul id="draw-digits" class="result-digits" aria-label="Digits found, left to right" hidden></ul>
</div>
"""

RESULT_JS = """
const PAD = 'draw';
const panel = element.querySelector('.digit-result');
const status = element.querySelector('.result-status');
const bars = element.querySelector('.result-bars');
const previewImage = element.querySelector('#draw-preview img');
const whyImage = element.querySelector('#draw-why img');
const number = element.querySelector('.result-number');
const digits = element.querySelector('.result-digits');
let drawing = 0;  // the drawing on the pad now: only its answer is shown
let shown = 0;    // the drawing whose answer is on show
let resent = 0;   // the drawing last asked for again

function markdown(node, text) {  // the server's status lines use **bold** and nothing else
  node.replaceChildren();
  String(text || '').split('**').forEach((part, i) => {
    if (!part) return;
    if (i % 2) {
      const strong = document.createElement('strong');
      strong.textContent = part;
      node.append(strong);
    } else {
      node.append(document.createTextNode(part));
    }
  });
}

function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function picture(image, source) {
  if (source) { image.src = source; image.hidden = false; } else { image.removeAttribute('src'); image.hidden = true; }
}

function show(answer) {
  panel.dataset.state = answer.kind;
  panel.dataset.drawing = String(answer.drawing);
  shown = answer.drawing;
  panel.classList.remove('pending');
  markdown(status, answer.status);
  bars.replaceChildren(...(answer.top || []).map((entry, i) => {
    const item = document.createElement('li');
    const digit = span('result-digit', String(entry[0]));
    if (i === 0) { item.className = 'result-top'; digit.dataset.testid = 'top-digit'; }
    const track = span('result-track'), fill = span('result-fill');
    fill.style.width = Math.max(0, Math.min(100, 100 * entry[1])).toFixed(1) + '%';
    track.append(fill);
    item.append(digit, track, span('result-share', entry[2]));
    item.setAttribute('aria-label', entry[0] + ': ' + entry[2]);
    return item;
  }));
  picture(previewImage, answer.preview);
  picture(whyImage, answer.why);
  markdown(number, answer.number);
  digits.replaceChildren(...(answer.digits || []).map((entry) => {
    const item = document.createElement('li'), image = document.createElement('img');
    image.src = entry[0];
    image.alt = entry[1];
    item.append(image, span('result-caption', entry[1]));
    return item;
  }));
  digits.hidden = !(answer.digits && answer.digits.length);
  const top = answer.top && answer.top.length ? answer.top[0][0] : null;
  document.dispatchEvent(new CustomEvent('digitpad:answer',
    {detail: {pad: PAD, drawing: answer.drawing, digit: top, kind: answer.kind}}));
}

function empty() {
  show({drawing: drawing, kind: 'empty', status: props.prompt, top: [], preview: null, why: null,
        number: props.hint, digits: []});
}

document.addEventListener('digitpad:change', (event) => {
  if (event.detail.pad !== PAD || !element.isConnected) return;
  drawing = event.detail.drawing;
  if (event.detail.strokes === 0) empty(); else panel.classList.add('pending');
});

watch('value', () => {
  const answer = props.value;
  if (!answer || typeof answer !== 'object') return;
  if (answer.drawing === drawing) {
    show(answer);
    return;
  }
  document.dispatchEvent(new CustomEvent('digitpad:ignored', {detail: {pad: PAD, drawing: answer.drawing}}));
  const waiting = drawing;
  setTimeout(() => {  // still waiting a second after an older answer came: ask once more
    if (drawing === waiting && shown !== waiting && resent !== waiting && panel.classList.contains('pending')) {
      resent = waiting;
      document.dispatchEvent(new CustomEvent('digitpad:resend', {detail: {pad: PAD, drawing: waiting}}));
    }
  }, 1000);
});

empty();
"""

CSS = """
#draw-pad .digit-pad { display: flex; flex-direction: column; gap: 0.5rem; max-width: 520px; margin: 0 auto; }
#draw-pad .pad-surface {
  position: relative; width: 100%; aspect-ratio: 1 / 1;
  background: var(--input-background-fill); border: 1px solid var(--border-color-primary);
  border-radius: var(--block-radius); box-shadow: var(--block-shadow); overflow: hidden;
}
#draw-pad .pad-canvas {
  position: absolute; inset: 0; width: 100%; height: 100%; display: block;
  touch-action: none; cursor: crosshair; color: var(--body-text-color);
  -webkit-user-select: none; user-select: none; -webkit-touch-callout: none;
}
#draw-pad .pad-hint {
  position: absolute; inset: 0; margin: 0; display: flex; align-items: center; justify-content: center;
  color: var(--body-text-color-subdued); font-size: var(--text-lg); pointer-events: none;
}
#draw-pad .digit-pad:not(.empty) .pad-hint { display: none; }
#draw-pad .pad-bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem; }
#draw-pad .pad-help { margin: 0; flex: 1 1 12rem; color: var(--body-text-color-subdued); font-size: var(--text-md); }
#draw-pad .pad-buttons { display: flex; gap: 0.5rem; }
#draw-pad .pad-buttons button {
  min-width: 5.5rem; min-height: 2.5rem; padding: 0.4rem 0.9rem; font: inherit; font-weight: 600; cursor: pointer;
  color: var(--button-secondary-text-color); background: var(--button-secondary-background-fill);
  border: 1px solid var(--button-secondary-border-color); border-radius: var(--button-large-radius);
}
#draw-pad .pad-buttons button:hover:not(:disabled) { background: var(--button-secondary-background-fill-hover); }
#draw-pad .pad-buttons button:focus-visible { outline: 2px solid var(--color-accent); outline-offset: 2px; }
#draw-pad .pad-buttons button:disabled { opacity: 0.45; cursor: default; }
#draw-pad .pad-note { margin: 0; min-height: 0; color: var(--body-text-color); }
#draw-pad .pad-note:empty { display: none; }

#draw-result .digit-result { display: flex; flex-direction: column; gap: 0.75rem; }
#draw-result .digit-result.pending > * { opacity: 0.55; transition: opacity 0.15s 0.3s; }
#draw-result .result-status { margin: 0; min-height: 2.6em; font-size: var(--text-lg); color: var(--body-text-color); }
#draw-result .result-bars {
  list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.4rem;
}
#draw-result .result-bars li {
  display: grid; grid-template-columns: 1.6rem 1fr 4.6rem; align-items: center; gap: 0.6rem;
  color: var(--body-text-color);
}
#draw-result .result-digit { font-size: var(--text-xl); font-weight: 700; text-align: center; }
#draw-result .result-top .result-digit { font-size: var(--text-xxl); }
#draw-result .result-track {
  height: 0.9rem; border-radius: 999px; overflow: hidden; background: var(--background-fill-secondary);
  border: 1px solid var(--border-color-primary);
}
#draw-result .result-fill { display: block; height: 100%; background: var(--color-accent); opacity: 0.5; }
#draw-result .result-top .result-fill { opacity: 1; }
#draw-result .result-share { text-align: right; font-variant-numeric: tabular-nums; }
#draw-result .result-pictures { display: grid; grid-template-columns: 1fr 1fr; gap: 0.75rem; }
#draw-result .result-picture { margin: 0; display: flex; flex-direction: column; gap: 0.3rem; min-width: 0; }
#draw-result .result-picture figcaption { font-size: var(--text-md); color: var(--body-text-color-subdued); }
#draw-result .result-picture .for { color: #dc2626; font-weight: 600; }
#draw-result .result-picture .against { color: #3b82f6; font-weight: 600; }
#draw-result .result-frame {
  width: 100%; max-width: 240px; aspect-ratio: 1 / 1; background: #000; border-radius: var(--block-radius);
  border: 1px solid var(--border-color-primary); overflow: hidden;
}
#draw-result .result-frame { position: relative; }
#draw-result .digit-result[data-state="empty"] .result-frame,
#draw-result .digit-result[data-state="error"] .result-frame { opacity: 0.35; }  /* nothing to show yet */
#draw-result .result-frame img { width: 100%; height: 100%; display: block; image-rendering: pixelated; }
#draw-result .result-frame img[hidden] { display: none; }
#draw-result .result-frame::after {  /* the 28 x 28 pixel grid */
  content: ""; position: absolute; inset: 0; pointer-events: none;
  background-image: linear-gradient(to right, rgb(128 128 128 / 0.22) 1px, transparent 1px),
                    linear-gradient(to bottom, rgb(128 128 128 / 0.22) 1px, transparent 1px);
  background-size: calc(100% / 28) calc(100% / 28);
}
#draw-result .result-number { margin: 0; min-height: 1.6em; color: var(--body-text-color); }
#draw-result .result-digits { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
#draw-result .result-digits[hidden] { display: none; }
#draw-result .result-digits li { display: flex; flex-direction: column; align-items: center; gap: 0.2rem; }
#draw-result .result-digits img {
  width: 64px; height: 64px; image-rendering: pixelated; border-radius: 4px; background: #000;
}
#draw-result .result-caption { font-size: var(--text-sm); color: var(--body-text-color-subdued); }
"""


def digit_pad() -> gr.HTML:
    """The drawing pad; listen to its ``stroke`` event (the drawing's JSON in ``event._data["drawing"]``)."""
    return gr.HTML(html_template=PAD_HTML, js_on_load=PAD_JS, apply_default_css=False, elem_id="draw-pad",
                   container=False, padding=False)


def results_panel(prompt: str, hint: str) -> gr.HTML:
    """The Draw tab's answer: status, top-3 bars, preview, heatmap and number for the pad's drawing.

    ``prompt`` is the status line for an empty pad, ``hint`` the line where a number would be read.
    """
    return gr.HTML(value=None, html_template=RESULT_HTML, js_on_load=RESULT_JS, apply_default_css=False,
                   elem_id="draw-result", container=False, padding=False, prompt=prompt, hint=hint)


def png_data_url(image: np.ndarray) -> str:
    """A small picture ((H, W) or (H, W, 3); float in [0, 1] or uint8) as a PNG ``data:`` URL: the answer
    carries its pictures, so the browser fetches no files (a 28 x 28 preview is a few hundred bytes)."""
    array = np.asarray(image)
    if array.dtype != np.uint8:
        array = (np.clip(array, 0.0, 1.0) * 255).round().astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def drawing_of(event: Any) -> Any:
    """The pad's JSON from a ``stroke`` event (``gr.EventData``), or None."""
    data = getattr(event, "_data", None)
    return data.get("drawing") if isinstance(data, dict) else None
