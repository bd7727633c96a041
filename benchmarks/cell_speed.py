"""One training epoch of keras.layers.LSTM against keras.layers.RNN over two cells.

Compared: the fused `keras.layers.LSTM`, `keras.layers.RNN(lstm_course.keras_cell.LSTMCell)`
(the course's hand-rolled cell) and `keras.layers.RNN(keras.layers.LSTMCell)`, each in the same
model (LSTM -> Dense(1)), same data, same initial weights, Adam, one epoch per timing.
On a machine with a GPU the three are timed there too; on the GPU the fused layer is built with
`use_cudnn=True`, so its row is NVIDIA's cuDNN kernel (on the CPU it is `use_cudnn=False`).
"""

from __future__ import annotations

import numpy as np

from benchmarks.lstm_speed import keras_devices
from benchmarks.timing import paired_medians


def _model(kind: str, units: int, steps: int, features: int, device: str = "CPU"):
    import keras

    from lstm_course.keras_cell import LSTMCell

    recurrent = {
        "keras.layers.LSTM": lambda: keras.layers.LSTM(units, use_cudnn=device == "GPU"),
        "RNN(lstm_course LSTMCell)": lambda: keras.layers.RNN(LSTMCell(units)),
        "RNN(keras.layers.LSTMCell)": lambda: keras.layers.RNN(keras.layers.LSTMCell(units)),
    }[kind]()
    model = keras.Sequential([keras.Input((steps, features)), recurrent, keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    return model


KINDS = ("keras.layers.LSTM", "RNN(lstm_course LSTMCell)", "RNN(keras.layers.LSTMCell)")


def run(
    repeats: int = 5,
    n: int = 4096,
    batch: int = 64,
    steps: int = 50,
    features: int = 8,
    units: int = 64,
) -> list[dict]:
    """Median seconds per epoch for each kind and device, and its ratio to keras.layers.LSTM
    on the same device."""
    rows = []
    for device in keras_devices():
        rows += _run_on(device, repeats, n, batch, steps, features, units)
    return rows


def _run_on(
    device: str, repeats: int, n: int, batch: int, steps: int, features: int, units: int
) -> list[dict]:
    """The three models on one device, same initial weights, timed in alternation."""
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, steps, features)).astype("float32")
    y = x[:, :, 0].sum(axis=1, keepdims=True).astype("float32")
    epochs = {}
    weights = None
    for kind in KINDS:
        keras.utils.set_random_seed(0)
        with tf.device(f"/{device}:0"):
            model = _model(kind, units, steps, features, device)
            if weights is None:
                weights = model.get_weights()
            model.set_weights(weights)

        def epoch(m=model):
            with tf.device(f"/{device}:0"):
                m.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False)

        epochs[kind] = epoch
    seconds = paired_medians(epochs, repeats=repeats, warmup=1)
    base = seconds[KINDS[0]]
    return [
        {
            "model": kind,
            "device": device,
            "n": n,
            "batch": batch,
            "T": steps,
            "D": features,
            "H": units,
            "epoch_s": seconds[kind],
            "ratio_to_keras_LSTM": seconds[kind] / base,
        }
        for kind in KINDS
    ]
