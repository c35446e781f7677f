"""Latency side by side: the notebook's model.predict vs mnist_demo.top_k vs the HTTP round trip.

    python benchmarks/latency.py [--repeats 200] [--no-http]

1. notebook: ``model.predict(x)`` on a ready (1, 28, 28, 1) input (Keras' per-call overhead included);
2. ours: ``mnist_demo.top_k`` on an 800x800 RGBA Sketchpad value, preprocessing included;
3. HTTP: ``/predict`` against ``python app.py`` on loopback, with the app's 480x480 canvas as a PNG:
   plain HTTP (upload, ``/gradio_api/call/predict``, server-sent result) and through gradio_client.
Also: the compiled forward pass alone, the drawing as an 800x800 transparent PNG file, an 800x800
RGB phone photo (array), phone photos of 1200x900 and 8000x6000 pixels (JPEG files), and for
those the number read after the digit (``read_number`` with ``predict_image``'s answer, as the
Upload tab asks: from the ink the answer keeps, and, for comparison, decoding the picture again),
and a batch of 256 canvases (throughput). gradio_client is timed as it comes and with
``ssl_verify=False``, which on plain http only skips building a CA-loaded SSL context per call.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from mnist_demo_dev.server import running_app
from mnist_demo_dev.timing import percentiles, time_calls


class HttpPredict:
    """The documented REST route, as curl users call it: upload the file, POST /call/predict, read the
    server-sent result. (gradio_client 2.7 polls its message queue every 50 ms, which adds its own delay.)"""

    def __init__(self, url: str):
        import httpx

        self.http = httpx.Client(base_url=url, timeout=30)

    def __call__(self, path: Path) -> str:
        with open(path, "rb") as handle:
            uploaded = self.http.post("gradio_api/upload", files={"files": (path.name, handle, "image/png")}).json()[0]
        event = self.http.post("gradio_api/call/predict",
                               json={"data": [{"path": uploaded, "meta": {"_type": "gradio.FileData"}}]}).json()
        with self.http.stream("GET", f"gradio_api/call/predict/{event['event_id']}") as stream:
            lines = stream.iter_lines()
            for line in lines:
                if line.startswith("event: complete"):
                    data = next(lines)
                    if '"digit"' not in data:
                        raise RuntimeError(f"no digit in {data[:200]}")
                    return data
                if line.startswith("event: error"):
                    raise RuntimeError(next(lines))
        raise RuntimeError("no result")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--no-http", action="store_true", help="skip the server round trip")
    args = parser.parse_args()

    from PIL import Image

    import mnist_demo
    from mnist_demo.predict import load_compiled
    from mnist_demo_dev.files import tagged_copy
    from mnist_demo_dev.strokes import drawn_layer, paper_photo, sketchpad_value

    model = load_compiled()
    canvas = sketchpad_value(drawn_layer(7))
    ready = mnist_demo.to_mnist(canvas)[None, ..., None]
    rows = {
        "notebook: model.predict (28x28 ready)": time_calls(lambda: model.model.predict(ready, verbose=0),
                                                             max(20, args.repeats // 4)),
        "compiled forward pass only (28x28 ready)": time_calls(lambda: model(ready), args.repeats),
        "to_mnist only (800x800 RGBA canvas)": time_calls(lambda: mnist_demo.to_mnist(canvas), args.repeats),
        "ours: top_k (800x800 RGBA canvas)": time_calls(lambda: mnist_demo.top_k(canvas), args.repeats),
    }
    with tempfile.TemporaryDirectory() as folder:
        drawing = Path(folder) / "drawing_800x800.png"  # the same drawing exported as a transparent PNG
        Image.fromarray(drawn_layer(7)).save(drawing)
        rows["ours: top_k (800x800 transparent RGBA PNG file)"] = time_calls(
            lambda: mnist_demo.top_k(str(drawing)), args.repeats)
        photo = np.asarray(paper_photo(1, size=(800, 800), seed=4, width=8).convert("RGB"))
        rows["ours: top_k (800x800 RGB photo, array)"] = time_calls(lambda: mnist_demo.top_k(photo), args.repeats)
        for width, height in ((1200, 900), (8000, 6000)):
            photo = Path(folder) / f"photo_{width}x{height}.jpg"
            paper_photo(1, size=(width, height), seed=4, width=width // 100).save(photo, quality=85)
            rows[f"ours: top_k ({width}x{height} JPEG photo file)"] = time_calls(
                lambda photo=photo: mnist_demo.top_k(str(photo)), max(10, args.repeats // 20), warmup=2)
            # What the Upload tab computes for it (heatmap aside): the digit, then the number from the
            # ink the digit's reading kept; and the same with that ink dropped, as before it was kept
            # (read_number then decoded the picture and read its ink again).
            prediction = mnist_demo.predict_image(str(photo))
            for kept, known in (("ink kept", prediction), ("decoded again", replace(prediction, ink=None))):
                rows[f"app: read_number after predict_image, {kept} ({width}x{height})"] = time_calls(
                    lambda photo=photo, known=known: mnist_demo.read_number(str(photo), prediction=known),
                    max(10, args.repeats // 20), warmup=2)
    if not args.no_http:
        from gradio_client import Client, handle_file

        with tempfile.TemporaryDirectory() as folder, running_app() as server:
            url = server.url
            image = Path(folder) / "seven.png"  # what the app's 480x480 pad sends, as a PNG file
            Image.fromarray(sketchpad_value(drawn_layer(7, size=480))["composite"]).save(image)
            # The app predicts the 10,000 test images in the background after it starts; random_sample
            # waits for that, so the timings below see an idle server.
            Client(url, verbose=False).predict(False, api_name="/random_sample")
            # Each call uploads a new file (same pixels, other bytes): the app answers a repeated
            # upload of the same file from memory, which would flatter these rows.
            calls = max(30, args.repeats // 4)
            uploads = iter([tagged_copy(image, f"r{n}", Path(folder)) for n in range(3 * (calls + 5))])
            http = HttpPredict(url)
            rows["HTTP: upload + /call/predict (plain HTTP)"] = time_calls(lambda: http(next(uploads)), calls)
            for name, options in (("HTTP: gradio_client.predict", {}),
                                  ("HTTP: gradio_client.predict, ssl_verify=False", {"ssl_verify": False})):
                client = Client(url, verbose=False, download_files=False, **options)
                rows[name] = time_calls(
                    lambda client=client: client.predict(handle_file(str(next(uploads))), api_name="/predict"),
                    calls)

    notebook = percentiles(rows["notebook: model.predict (28x28 ready)"])["p50"]
    print(f"{'path':<66} {'p50 ms':>8} {'p95 ms':>8} {'vs notebook':>12}")
    for name, timings in rows.items():
        stats = percentiles(timings)
        print(f"{name:<66} {stats['p50']:>8.2f} {stats['p95']:>8.2f} {notebook / stats['p50']:>11.1f}x")

    batch = [sketchpad_value(drawn_layer(digit % 10, width=12 + digit % 30)) for digit in range(256)]
    started = time.perf_counter()
    images = np.stack([mnist_demo.to_mnist(value) for value in batch])
    model(images)
    seconds = time.perf_counter() - started
    print(f"\nbatch of 256 canvases (to_mnist each + one model call): {seconds:.2f} s, "
          f"{256 / seconds:.0f} predictions/s")


if __name__ == "__main__":
    main()
