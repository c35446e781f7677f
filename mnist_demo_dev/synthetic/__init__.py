"""Synthetic handwriting-like digits rendered as the app really receives them (NOT MNIST).

Each digit 0-9 has several pen-trajectory templates (writer variants: a 1 as a bar, with a flag,
with flag and base; a 7 with and without crossbar; an open or closed 4, ...). A sample draws one
variant, perturbs it like a human writer would (slant, rotation, aspect, size, control-point
jitter, smooth wobble, pen-pressure width changes) and renders it in one input *style*:

    ===============  ===========================================================================
    canvas           Gradio 6 Sketchpad dict, 800x800 RGBA, black round brush 15-45 px, white bg
    canvas_dark      the same dict with a #333333 background (dark theme); ink black in the layer
    mouse_thin       Sketchpad dict, 1-4 px wide jittery mouse strokes
    colored_ink      RGB ndarray (H, W, 3), 200-1000 px, blue/red/green/purple ink on white
    white_on_black   RGB ndarray (H, W, 3), 200-1000 px, white ink on black
    pencil           grey-scale ndarray (H, W), 200-1000 px, grainy grey (90-160) ink on paper
    photo_clean      PIL RGB phone photo, 1000-3000 px, off-white paper, mild light, JPEG 70-95
    photo_hard       PIL RGB phone photo: strong light gradient, shadow, table border, specks,
                     ruled/grid lines, rotation, stronger noise, JPEG 40-70
    scan             PIL RGB flatbed scan, 1700-3500 px, white paper, grey ink, slight skew
    ===============  ===========================================================================

    from mnist_demo_dev import synthetic
    x = synthetic.make_sample(7, "photo_hard", seed=3)           # one input
    for style, label, x in synthetic.generate(["canvas"], per_digit=5, seed=0): ...

    python -m mnist_demo_dev.synthetic --sheet /tmp/synth_sheet.png    # contact sheet to look at
    python -m mnist_demo_dev.synthetic --write-examples assets/examples  # the app's example inputs
    python -m mnist_demo_dev.synthetic --time 200                        # generation speed

Modules: ``templates`` (the pen trajectories), ``writer`` (writer variation, placement, the round
pen), ``canvas`` and ``photo`` (the styles), ``numbers`` (whole numbers), ``sets`` (samples, sets,
contact sheet, example files), ``__main__`` (the command line).

Pure numpy + Pillow; no TensorFlow and no file I/O at import. Every sample is a deterministic
function of (digit, style, seed, index).
"""

from .canvas import CANVAS_STYLES, render_canvas
from .numbers import NUMBER_STYLES, render_number
from .photo import PHOTO_STYLES, render_photo
from .sets import EXAMPLES, STYLES, contact_sheet, generate, make_sample, render, to_pil, write_examples
from .templates import TEMPLATES
from .writer import digit_strokes

__all__ = ["CANVAS_STYLES", "EXAMPLES", "NUMBER_STYLES", "PHOTO_STYLES", "STYLES", "TEMPLATES", "contact_sheet",
           "digit_strokes", "generate", "make_sample", "render", "render_canvas", "render_number", "render_photo",
           "to_pil", "write_examples"]
