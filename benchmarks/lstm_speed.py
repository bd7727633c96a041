"""NumPy LSTM forward + backward against tf.GradientTape over keras.layers.LSTM, same weights.

Keras is timed twice: eagerly, and with the tape inside `tf.function` (compiled graph). The
two differ by about 10x on CPU, so both are reported and the ratio is given against each.
"""

from __future__ import annotations

import numpy as np

from benchmarks.timing import median_seconds
from lstm_course.numpy_lstm import init_lstm_params, lstm_backward, lstm_forward


def _keras_step_fns(params: dict, x: np.ndarray):
    import keras
    import tensorflow as tf

    units = params["bias"].shape[0] // 4
    layer = keras.layers.LSTM(units, return_sequences=True, dtype=x.dtype.name)
    layer.build(x.shape)
    layer.set_weights([params["kernel"], params["recurrent_kernel"], params["bias"]])
    inputs = tf.constant(x)
    dhs = tf.ones(x.shape[:2] + (units,), dtype=x.dtype.name)

    def step():
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            loss = tf.reduce_sum(layer(inputs) * dhs)
        return tape.gradient(loss, [*layer.trainable_weights, inputs])

    compiled = tf.function(step)
    return (lambda: [g.numpy() for g in step()]), (lambda: [g.numpy() for g in compiled()])


def measure(batch: int, steps: int, features: int, units: int, dtype, repeats: int) -> dict:
    """One row: median ms of NumPy and Keras (eager, tf.function) forward + backward."""
    params = init_lstm_params(features, units, seed=0, dtype=dtype)
    x = np.random.default_rng(0).normal(size=(batch, steps, features)).astype(dtype)
    dhs = np.ones((batch, steps, units), dtype=dtype)

    def numpy_step():
        hs, _, cache = lstm_forward(x, params)
        return lstm_backward(dhs, cache)

    eager, compiled = _keras_step_fns(params, x)
    row = {
        "batch": batch,
        "T": steps,
        "D": features,
        "H": units,
        "dtype": np.dtype(dtype).name,
        "numpy_ms": 1e3 * median_seconds(numpy_step, repeats),
        "keras_eager_ms": 1e3 * median_seconds(eager, max(3, repeats // 2)),
        "keras_tf_function_ms": 1e3 * median_seconds(compiled, repeats, warmup=3),
    }
    row["numpy_vs_eager"] = row["numpy_ms"] / row["keras_eager_ms"]
    row["numpy_vs_tf_function"] = row["numpy_ms"] / row["keras_tf_function_ms"]
    return row


def run(repeats: int = 7, quick: bool = False) -> list[dict]:
    """The headline size in float32 and float64, then a sweep over T and H (float32)."""
    rows = [measure(64, 50, 8, 64, dt, repeats) for dt in (np.float32, np.float64)]
    sweep_t = (25, 50) if quick else (25, 50, 100, 200)
    sweep_h = (32, 64) if quick else (32, 64, 128)
    for units in sweep_h:
        for steps in sweep_t:
            if (steps, units) != (50, 64):
                rows.append(measure(64, steps, 8, units, np.float32, repeats))
    return rows
