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
  canvas.setAttribute('aria-label', count === 0 ? TEXT.empty
    : count === 1 ? TEXT.drawn_one : TEXT.drawn.replace('{count}', String(count)));
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
  if (strokes.length >= MAX_STROKES) { say(TEXT.too_many); return; }
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
root.dataset.ready = 'true';  // pointer handlers attached: the browser tests wait for this before drawing
