"""The NumPy LSTMs (readable and fast) against tf.GradientTape over keras.layers.LSTM.

Same weights everywhere. Both NumPy LSTMs are timed: the readable one lesson 04 writes
(`lstm_course.numpy_nets.lstm`) and the speed kernel (`lstm_course.numpy_nets.lstm_fast`), forward
alone (`_fwd_ms`) and forward + backward (`_ms`); `readable_over_fast` is the ratio of their forward
+ backward times, `readable_fwd_over_fast` of their forward times. Keras (forward + backward) is
compared with the fast one, and timed twice: eagerly, and with the tape inside `tf.function`
(compiled graph). The two differ by 7x or more on CPU, so both are reported and the ratio is
given against each. The NumPy functions and compiled Keras are timed in alternation, so that
all see the same machine load. Before timing, each row checks that all compute the same
gradients: `grad_rel_diff` is the largest of max|NumPy - Keras| / max|Keras| over the four
gradients and both NumPy LSTMs. On a machine with a GPU, every size is measured a second time
with Keras on the GPU, where `keras.layers.LSTM(use_cudnn=True)` runs NVIDIA's cuDNN
kernel; NumPy stays on the CPU.
"""

from __future__ import annotations

import numpy as np

from benchmarks.timing import median_seconds, paired_medians
from lstm_course.numpy_nets import lstm as numpy_lstm
from lstm_course.numpy_nets import lstm_fast as numpy_lstm_fast
from lstm_course.numpy_nets.lstm import init_lstm_params

GRAD_NAMES = ("kernel", "recurrent_kernel", "bias", "x")


def keras_devices() -> list[str]:
    """The devices to time Keras on: "CPU", then "GPU" if TensorFlow sees one."""
    import tensorflow as tf

    return ["CPU"] + (["GPU"] if tf.config.list_physical_devices("GPU") else [])


def _keras_step_fns(params: dict, x: np.ndarray, dhs: np.ndarray, device: str):
    """(eager, compiled) functions returning [d kernel, d recurrent_kernel, d bias, d x]."""
    import keras
    import tensorflow as tf

    if device not in ("CPU", "GPU"):
        raise ValueError(f"device must be 'CPU' or 'GPU', got {device!r}")
    units = params["bias"].shape[0] // 4
    with tf.device(f"/{device}:0"):
        layer = keras.layers.LSTM(
            units, return_sequences=True, dtype=x.dtype.name, use_cudnn=device == "GPU"
        )
        layer.build(x.shape)
        layer.set_weights([params["kernel"], params["recurrent_kernel"], params["bias"]])
        inputs, upstream = tf.constant(x), tf.constant(dhs)

    def step():
        with tf.device(f"/{device}:0"), tf.GradientTape() as tape:
            tape.watch(inputs)
            loss = tf.reduce_sum(layer(inputs) * upstream)
        return tape.gradient(loss, [*layer.trainable_weights, inputs])

    compiled = tf.function(step)
    return (lambda: [g.numpy() for g in step()]), (lambda: [g.numpy() for g in compiled()])


def measure(
    batch: int, steps: int, features: int, units: int, dtype, repeats: int, device: str = "CPU"
) -> dict:
    """One row: median ms of both NumPy LSTMs (forward; forward + backward) and of Keras
    (eager, tf.function; forward + backward)."""
    params = init_lstm_params(features, units, seed=0, dtype=dtype)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(batch, steps, features)).astype(dtype)
    dhs = rng.normal(size=(batch, steps, units)).astype(dtype)

    def forward(module):
        return lambda: module.lstm_forward(x, params)

    def forward_backward(module):
        def step():
            hs, _, cache = module.lstm_forward(x, params)
            return module.lstm_backward(dhs, cache)

        return step

    eager, compiled = _keras_step_fns(params, x, dhs, device)
    theirs = dict(zip(GRAD_NAMES, compiled(), strict=True))
    grad_diff = max(
        float(np.max(np.abs(ours[k] - theirs[k])) / np.max(np.abs(theirs[k])))
        for ours in (forward_backward(numpy_lstm)(), forward_backward(numpy_lstm_fast)())
        for k in GRAD_NAMES
    )
    contenders = {
        "readable_fwd": forward(numpy_lstm),
        "fast_fwd": forward(numpy_lstm_fast),
        "readable": forward_backward(numpy_lstm),
        "fast": forward_backward(numpy_lstm_fast),
        "compiled": compiled,
    }
    ms = {k: 1e3 * v for k, v in paired_medians(contenders, repeats, warmup=3).items()}
    row = {
        "batch": batch,
        "T": steps,
        "D": features,
        "H": units,
        "dtype": np.dtype(dtype).name,
        "keras_on": "GPU (cuDNN)" if device == "GPU" else "CPU",
        "readable_fwd_ms": ms["readable_fwd"],
        "fast_fwd_ms": ms["fast_fwd"],
        "readable_ms": ms["readable"],
        "fast_ms": ms["fast"],
        "readable_fwd_over_fast": ms["readable_fwd"] / ms["fast_fwd"],
        "readable_over_fast": ms["readable"] / ms["fast"],
        "keras_eager_ms": 1e3 * median_seconds(eager, max(3, repeats // 2)),
        "keras_tf_function_ms": ms["compiled"],
    }
    row["fast_vs_eager"] = row["fast_ms"] / row["keras_eager_ms"]
    row["fast_vs_tf_function"] = row["fast_ms"] / row["keras_tf_function_ms"]
    row["grad_rel_diff"] = grad_diff
    return row


def run(repeats: int = 7, quick: bool = False) -> list[dict]:
    """The headline size in float32 and float64, then a sweep over T and H (float32)."""
    rows = []
    for device in keras_devices():
        rows += [measure(64, 50, 8, 64, dt, repeats, device) for dt in (np.float32, np.float64)]
        sweep_t = (25, 50) if quick else (25, 50, 100, 200)
        sweep_h = (32, 64) if quick else (32, 64, 128)
        for units in sweep_h:
            for steps in sweep_t:
                if (steps, units) != (50, 64):
                    rows.append(measure(64, steps, 8, units, np.float32, repeats, device))
    return rows
