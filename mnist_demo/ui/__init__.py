"""The Gradio app's parts that are neither handlers nor layout (those stay in ``app.py``).

- ``uploads``: which files the HTTP events may open, and each upload answered once;
- ``serving``: answer pictures handed to Gradio as complete PNG files;
- ``style``: the CSS and the Sketchpad's JavaScript workarounds (Gradio 6.31);
- ``samples``: the MNIST test split with the model's predictions, for the Test samples tab.

Importing ``mnist_demo.ui`` imports nothing else; its modules import Gradio.
"""
