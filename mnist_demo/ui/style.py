"""What the browser gets besides Gradio's own: the app's CSS (the Draw tab's pad brings its own, see ``pad``)."""

from .pad import CSS as PAD_CSS

CSS = """
.app-header { text-align: center; margin-bottom: 0.25rem; }
.app-header h1 { margin-bottom: 0.1rem; }
.app-header p { opacity: 0.8; margin-top: 0; }
.pixels img { image-rendering: pixelated; }
.status { min-height: 2.6em; }
.number { min-height: 1.6em; }
/* Gradio's image label floats over the picture and hid its top rows: it goes above the picture */
.pixels:has(> .image-container) { display: flex !important; flex-direction: column; }
.pixels > label[data-testid="block-label"] { position: static !important; align-self: flex-start; margin: 0 0 6px; }
.pixels > .image-container { flex: 1 1 0; min-height: 0; height: auto !important; }
.pixels .image-container > .icon-button-wrapper:not(:has(button)) { display: none; }  /* an empty corner box */
/* the pad and its results bring their own spacing */
#draw-pad .html-container, #draw-result .html-container { padding: 0; }
/* the Training tab's summary: numbers never break inside a word; a wide table scrolls on its own */
#training-summary table { display: block; overflow-x: auto; width: max-content; max-width: 100%; }
#training-summary th, #training-summary td { word-break: normal; overflow-wrap: normal; white-space: nowrap; }
/* "Trained with" the command: inline code that wraps only between options (each one with its value stays whole) */
#training-summary code.command { display: inline; white-space: normal; word-break: normal; overflow-wrap: normal;
  line-height: 1.9; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
#training-summary code.command > span { white-space: nowrap; }
/* the Upload tab's picture fills its box, as a photo does: a small upload (an 8 x 8 or a 28 x 28 digit) stayed
   at its own size, a dot in the middle (Gradio's scale-down never enlarges) */
#upload .image-frame img { object-fit: contain; }
/* the Upload tab's row of 28 x 28 pictures, empty while a number is shown: no gap of its own either */
#upload-pictures:not(:has(> *)) { display: none; }
/* The Upload tab's digits found: each caption below its picture (Gradio lays it over the bottom corner, on the
   strokes), tiles of a size like the Draw tab's, and a box as tall as its tiles (Gradio keeps 450 px). */
#upload-digits { --secondary-text: var(--neutral-600); }
.dark #upload-digits { --secondary-text: var(--body-text-color-subdued); }
#upload-digits .grid-wrap { height: auto !important; min-height: 0 !important; max-height: none !important;
  overflow-y: visible; }
#upload-digits .grid-container { grid-template-columns: repeat(auto-fill, minmax(96px, 120px));
  grid-template-rows: none; grid-auto-rows: auto; }
#upload-digits .gallery-item { height: auto; }
#upload-digits .thumbnail-item { display: flex; flex-direction: column; align-items: stretch; gap: 0.2rem;
  aspect-ratio: auto; height: auto; padding: 0; border: none; background: none; box-shadow: none; filter: none;
  overflow: visible; cursor: default; }
#upload-digits .thumbnail-item > img { width: 100%; height: auto; aspect-ratio: 1 / 1; background: #000;
  border-radius: 4px; }
#upload-digits .caption-label { position: static; max-width: none; padding: 0; border: none; background: none;
  opacity: 1 !important; text-align: center; font-size: var(--text-sm); color: var(--secondary-text); }
/* "Train it yourself": an empty track (like the Draw tab's bars) that the accent colour fills, in both themes;
   the native bar drew 0 % as a solid grey block that read as full */
#live-progress .live-progress { display: flex; align-items: center; gap: 0.6rem; }
#live-progress progress { -webkit-appearance: none; appearance: none; width: 12rem; max-width: 60%; height: 0.9rem;
  border: 1px solid var(--neutral-300); border-radius: 999px; overflow: hidden; background: var(--neutral-100);
  color: var(--color-accent); }
.dark #live-progress progress {
  border-color: var(--border-color-primary); background: var(--background-fill-secondary); }
#live-progress progress::-webkit-progress-bar { background: transparent; }
#live-progress progress::-webkit-progress-value { background: var(--color-accent); }
#live-progress progress::-moz-progress-bar { background: var(--color-accent); }
@media (max-width: 640px) {  /* phones: every tab in one row */
  .app-header h1 { font-size: 1.45rem; }
  .app-header p { font-size: var(--text-md); }
  .tab-container button { padding-left: 9px !important; padding-right: 9px !important; }
  /* the training plots keep a readable size and scroll sideways instead of shrinking to 4 px text */
  #curves .matplotlib, #confusion .matplotlib, #live-curves .matplotlib { overflow-x: auto; align-items: flex-start; }
  #curves .matplotlib img, #live-curves .matplotlib img { width: 760px; max-width: none; height: auto; }
  #confusion .matplotlib img { width: 480px; max-width: none; height: auto; }
}
""" + PAD_CSS

# Page-level rules, outside the app's container (Gradio prefixes ``CSS`` with the container's classes):
# for ``launch(head=...)``.
HEAD = """<style>
@media (max-width: 640px) {  /* phones: a narrower page margin leaves room for a big pad */
  .gradio-container .main.app { padding-left: 10px !important; padding-right: 10px !important; }
}
</style>"""

# After an upload on a narrow screen the answer sits below the photo, out of sight: bring it into view
# (on a wide screen it is beside the photo, and nothing moves).
SHOW_ANSWER_JS = """
(image) => {
  if (!image) return;
  setTimeout(() => {
    const status = document.querySelector('#upload-status');
    if (!status) return;
    const box = status.getBoundingClientRect();
    if (box.top > window.innerHeight * 0.6 || box.bottom < 0) {
      status.scrollIntoView({behavior: 'smooth', block: 'start'});
    }
  }, 300);
}
"""
