"""What the browser gets besides Gradio's own: the app's CSS (the Draw tab's pad brings its own, see ``pad``)."""

from .pad import CSS as PAD_CSS

CSS = """
.app-header { text-align: center; margin-bottom: 0.25rem; }
.app-header h1 { margin-bottom: 0.1rem; }
.app-header p { opacity: 0.8; margin-top: 0; }
.pixels img { image-rendering: pixelated; }
.status { min-height: 2.6em; }
.number { min-height: 1.6em; }
""" + PAD_CSS
