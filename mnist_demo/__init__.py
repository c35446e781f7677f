"""mnist-demo: handwritten-digit recognition that is right on real drawings and photos.

    import mnist_demo
    mnist_demo.top_k("photo.jpg")          # [(7, 0.998), (1, 0.001), (2, 0.0004)]
    mnist_demo.to_mnist(sketchpad_value)   # (28, 28) float32, MNIST geometry
    mnist_demo.read_number("2026.jpg").text  # "2026"
    mnist_demo.predict_image("photo.jpg")  # Prediction: digit, probabilities, unsure, why

Importing this package loads no model and imports no TensorFlow; that happens on first use.
"""

from __future__ import annotations

from .preprocess import EmptyImageError, to_mnist

__all__ = ["EmptyImageError", "Prediction", "load_model", "predict_image", "read_number", "to_mnist", "top_k"]


def __getattr__(name: str):
    if name in ("Prediction", "load_model", "predict_image", "top_k"):
        from . import predict

        return getattr(predict, name)
    if name == "read_number":
        from .number import read_number

        return read_number
    raise AttributeError(f"module 'mnist_demo' has no attribute {name!r}")
