"""What the browser gets besides Gradio's own: the CSS and the Sketchpad's JavaScript (Gradio 6.31)."""

CSS = """
.app-header { text-align: center; margin-bottom: 0.25rem; }
.app-header h1 { margin-bottom: 0.1rem; }
.app-header p { opacity: 0.8; margin-top: 0; }
#sketchpad { height: auto !important; aspect-ratio: 1 / 1; max-height: 520px; }  /* square on phones */
#sketchpad canvas { touch-action: none; }  /* a finger draws instead of scrolling the page */
#sketchpad button[aria-label="Color"] { display: none; }
/* the toolbar bin deselects the brush; the Clear button below uses it and selects the brush again */
#sketchpad button[aria-label="Clear canvas"] { display: none; }
.pixels img { image-rendering: pixelated; }
.status { min-height: 2.6em; }
.number { min-height: 1.6em; }
"""

# The Sketchpad opens with no tool selected (Gradio 6.31): pick the brush so drawing works at once.
SELECT_BRUSH_JS = """
() => {
  const pick = () => {
    const brush = document.querySelector('#sketchpad button[aria-label="Brush"]');
    if (!brush) return false;
    const selected = brush.classList.contains('highlight') || brush.classList.contains('selected');
    if (!selected) brush.click();
    return true;
  };
  let tries = 0;
  const timer = setInterval(() => { if (pick() || ++tries > 100) clearInterval(timer); }, 100);
}
"""

# Clear with the pad's own (hidden) bin button, then re-select the brush, which the bin deselects.
# (Setting the value to None from Python works only once, as the value prop stays None.)
CLEAR_JS = """
() => {
  const pad = document.querySelector('#sketchpad');
  const bin = pad && pad.querySelector('button[aria-label="Clear canvas"]');
  if (!bin) return;
  bin.click();
  let tries = 0;
  const timer = setInterval(() => {
    const brush = pad.querySelector('button[aria-label="Brush"]');
    if (brush && !brush.classList.contains('highlight')) { brush.click(); clearInterval(timer); }
    else if (++tries > 40) clearInterval(timer);
  }, 25);
}
"""
