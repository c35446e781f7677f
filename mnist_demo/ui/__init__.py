"""The Gradio app's parts that are neither handlers nor layout (those stay in ``app.py``).

- ``pad``, ``strokes``: the Draw tab's pad (an HTML canvas) and the strokes it sends;
- ``uploads``: which files the HTTP events may open, and each upload answered once;
- ``serving``: answer pictures handed to Gradio as complete PNG files;
- ``style``: the CSS;
- ``samples``: the Test samples tab (the MNIST test split with the model's predictions);
- ``training``: the Training tab (curves, confusion matrix, summary from history.json).

Importing ``mnist_demo.ui`` imports nothing else; its modules import Gradio.
"""
