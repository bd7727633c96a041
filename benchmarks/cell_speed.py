"""One training epoch of keras.layers.LSTM against keras.layers.RNN over two cells.

Compared: the fused `keras.layers.LSTM`, `keras.layers.RNN(lstm_course.keras_cells.LSTMCell)`
(the course's hand-rolled cell) and `keras.layers.RNN(keras.layers.LSTMCell)`, each in the same
model (LSTM -> Dense(1)), same data, same initial weights, Adam, one epoch per timing.
"""

from __future__ import annotations

import numpy as np

from benchmarks.timing import median_seconds


def _model(kind: str, units: int, steps: int, features: int):
    import keras

    from lstm_course.keras_cells import LSTMCell

    recurrent = {
        "keras.layers.LSTM": lambda: keras.layers.LSTM(units),
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
    """Median seconds per epoch for each kind, and its ratio to keras.layers.LSTM."""
    import keras

    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, steps, features)).astype("float32")
    y = x[:, :, 0].sum(axis=1, keepdims=True).astype("float32")
    rows = []
    weights = None
    for kind in KINDS:
        keras.utils.set_random_seed(0)
        model = _model(kind, units, steps, features)
        if weights is None:
            weights = model.get_weights()
        model.set_weights(weights)
        seconds = median_seconds(
            lambda m=model: m.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False),
            repeats=repeats,
            warmup=1,
        )
        rows.append(
            {
                "model": kind,
                "n": n,
                "batch": batch,
                "T": steps,
                "D": features,
                "H": units,
                "epoch_s": seconds,
            }
        )
    base = rows[0]["epoch_s"]
    for row in rows:
        row["ratio_to_keras_LSTM"] = row["epoch_s"] / base
    return rows
