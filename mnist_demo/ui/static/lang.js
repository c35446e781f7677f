// The page's language, as Gradio's I18n picks it (the browser's), and the texts in it ($TEXTS: mnist_demo/ui/i18n.py).
const LANG = String(navigator.language || 'en').toLowerCase().startsWith('es') ? 'es' : 'en';
const TEXT = ($TEXTS)[LANG];
element.querySelectorAll('[data-t]').forEach((node) => { node.textContent = TEXT[node.dataset.t]; });
element.querySelectorAll('[data-t-aria]').forEach((node) => { node.setAttribute('aria-label', TEXT[node.dataset.tAria]); });
element.querySelectorAll('[data-t-alt]').forEach((node) => { node.alt = TEXT[node.dataset.tAlt]; });
function inLang(text) { return text && typeof text === 'object' ? (text[LANG] || text.en) : text; }
