"""One training epoch of keras.layers.LSTM against keras.layers.RNN over two cells.

Compared: the layer `keras.layers.LSTM`, `keras.layers.RNN(lstm_course.keras_nets.cell.LSTMCell)`
(the course's hand-rolled cell) and `keras.layers.RNN(keras.layers.LSTMCell)`, each in the same
model (LSTM -> Dense(1)), same data, same initial weights, Adam, one epoch per timing.
On a machine with a GPU the three are timed there too; on the GPU the layer is built with
`use_cudnn=True`, so its row is NVIDIA's cuDNN kernel (on the CPU it is `use_cudnn=False`).

The same three models, from the same initial weights, are also timed on the CPU under Keras's JAX
backend (`jax_` columns), in a child process, since Keras fixes its backend once per process:
`python -m benchmarks.cell_speed --backend jax` is that child. Only the backend changes: the
course's cell is the same code (it uses `keras.ops` only). Each backend's three models are timed
in alternation; the two backends one after the other. JAX's columns are empty (NaN) on the GPU
rows: the course installs JAX for the CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.timing import paired_medians

ROOT = Path(__file__).resolve().parent.parent


def _model(kind: str, units: int, steps: int, features: int, device: str = "CPU"):
    import keras

    from lstm_course.keras_nets.cell import LSTMCell

    recurrent = {
        "keras.layers.LSTM": lambda: keras.layers.LSTM(units, use_cudnn=device == "GPU"),
        "RNN(lstm_course LSTMCell)": lambda: keras.layers.RNN(LSTMCell(units)),
        "RNN(keras.layers.LSTMCell)": lambda: keras.layers.RNN(keras.layers.LSTMCell(units)),
    }[kind]()
    model = keras.Sequential([keras.Input((steps, features)), recurrent, keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    return model


KINDS = ("keras.layers.LSTM", "RNN(lstm_course LSTMCell)", "RNN(keras.layers.LSTMCell)")


def _data(n: int, steps: int, features: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, steps, features)).astype("float32")
    return x, x[:, :, 0].sum(axis=1, keepdims=True).astype("float32")


def run(
    repeats: int = 5,
    n: int = 4096,
    batch: int = 64,
    steps: int = 50,
    features: int = 8,
    units: int = 64,
    backends: tuple[str, ...] = ("jax",),
) -> list[dict]:
    """Median seconds per epoch for each kind and device under TensorFlow (`tf_` columns) and,
    on the CPU, under each other backend in `backends`; each ratio is to keras.layers.LSTM on
    the same device and backend."""
    from benchmarks.lstm_speed import keras_devices

    sizes = {"n": n, "batch": batch, "T": steps, "D": features, "H": units}
    rows = []
    with tempfile.TemporaryDirectory(prefix="lstm-course-bench-") as tmp:
        weights_file = Path(tmp) / "weights.npz"
        for device in keras_devices():
            seconds = _tensorflow_epochs(device, repeats, sizes, weights_file)
            others = {
                b: _other_backend_epochs(b, repeats, sizes, weights_file) if device == "CPU" else {}
                for b in backends
            }
            timed = [("tf", seconds), *others.items()]
            for kind in KINDS:
                row = {"model": kind, "device": device, **sizes}
                nan = float("nan")
                row.update({f"{name}_epoch_s": secs.get(kind, nan) for name, secs in timed})
                for name, secs in timed:  # this backend's time over its keras.layers.LSTM's
                    row[f"{name}_ratio_to_keras_LSTM"] = secs.get(kind, nan) / secs.get(
                        KINDS[0], nan
                    )
                rows.append(row)
    return rows


def _tensorflow_epochs(device: str, repeats: int, sizes: dict, weights_file: Path) -> dict:
    """The three models on one TensorFlow device, same initial weights, timed in alternation.
    The first model's initial weights are saved to `weights_file` for the other backends."""
    import keras
    import tensorflow as tf

    x, y = _data(sizes["n"], sizes["T"], sizes["D"])
    epochs = {}
    weights = None
    for kind in KINDS:
        keras.utils.set_random_seed(0)
        with tf.device(f"/{device}:0"):
            model = _model(kind, sizes["H"], sizes["T"], sizes["D"], device)
            if weights is None:
                weights = model.get_weights()
                np.savez(weights_file, *weights)
            model.set_weights(weights)

        def epoch(m=model):
            with tf.device(f"/{device}:0"):
                m.fit(x, y, batch_size=sizes["batch"], epochs=1, verbose=0, shuffle=False)

        epochs[kind] = epoch
    return paired_medians(epochs, repeats=repeats, warmup=1)


def _other_backend_epochs(backend: str, repeats: int, sizes: dict, weights_file: Path) -> dict:
    """`backend_epochs` in a child process with KERAS_BACKEND=backend, on the CPU."""
    args = [f"--{k}={v}" for k, v in sizes.items()]
    env = {**os.environ, "KERAS_BACKEND": backend, "JAX_PLATFORMS": "cpu"}
    env["CUDA_VISIBLE_DEVICES"] = ""  # torch: the CPU too
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.cell_speed", f"--backend={backend}"]
        + [f"--repeats={repeats}", f"--weights={weights_file}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {backend} benchmark failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def backend_epochs(repeats: int, sizes: dict, weights: list[np.ndarray]) -> dict:
    """Median seconds per epoch of the three models under this process's Keras backend."""
    import keras

    x, y = _data(sizes["n"], sizes["T"], sizes["D"])
    epochs = {}
    for kind in KINDS:
        keras.utils.set_random_seed(0)
        model = _model(kind, sizes["H"], sizes["T"], sizes["D"])
        model.set_weights(weights)

        def epoch(m=model):
            m.fit(x, y, batch_size=sizes["batch"], epochs=1, verbose=0, shuffle=False)

        epochs[kind] = epoch
    return paired_medians(epochs, repeats=repeats, warmup=1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.cell_speed",
        description="One epoch of the three models under one Keras backend; prints JSON.",
    )
    parser.add_argument("--backend", required=True, choices=("tensorflow", "jax", "torch"))
    parser.add_argument("--weights", type=Path, required=True, help=".npz of initial weights")
    parser.add_argument("--repeats", type=int, default=3)
    for key in ("n", "batch", "T", "D", "H"):
        parser.add_argument(f"--{key}", type=int, required=True)
    args = parser.parse_args(argv)
    if os.environ.get("KERAS_BACKEND") != args.backend:
        parser.error(f"run it with KERAS_BACKEND={args.backend} (Keras reads it at import)")
    if args.backend != "tensorflow":
        sys.modules["tensorflow"] = None  # Keras would import it only to look for tf.data sets
    with np.load(args.weights) as saved:
        weights = [saved[f"arr_{i}"] for i in range(len(saved.files))]
    sizes = {k: getattr(args, k) for k in ("n", "batch", "T", "D", "H")}
    print(json.dumps(backend_epochs(args.repeats, sizes, weights)))


if __name__ == "__main__":
    main()
