const PAD = 'draw';
const panel = element.querySelector('.digit-result');
const status = element.querySelector('.result-status');
const bars = element.querySelector('.result-bars');
const previewImage = element.querySelector('#draw-preview img');
const whyImage = element.querySelector('#draw-why img');
const number = element.querySelector('.result-number');
const digits = element.querySelector('.result-digits');
const pictures = element.querySelector('.result-pictures');
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
  // A number: its digits below, each read on its own, stand in for the whole picture's preview.
  pictures.hidden = !answer.preview && Boolean(answer.digits && answer.digits.length);
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
  show({drawing: drawing, kind: 'empty', status: inLang(props.prompt), top: [], preview: null, why: null,
        number: inLang(props.hint), digits: []});
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
