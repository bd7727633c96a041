"""Lesson 05: the course's LSTMCell against keras.layers.LSTM on the Keras backend of this process.

Run by tests/test_backends.py as `python tests/backend_check.py` with `KERAS_BACKEND` set to
tensorflow, jax or torch (Keras fixes its backend when it is first imported, so each backend needs
its own process). Prints one JSON object: the backend, the largest absolute difference between
the two layers' outputs (sequence, h, c) and between their weights after one identical training
step, how far that step moved the weights, the outputs themselves (to compare backends with each
other) and the result of the `lstm_course.keras_nets.cell` docstring run as a doctest.

Both layers start from the same NumPy weights (not from a backend's random initialisers, which
differ between backends), so every backend computes the same numbers up to float32 rounding.
"""

from __future__ import annotations

import doctest
import json
import os
import sys

import numpy as np

BATCH, STEPS, FEATURES, UNITS = 4, 6, 3, 5
LEARNING_RATE = 0.5  # plain SGD: the step is learning_rate * gradient, nothing to hide behind


def data() -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Inputs, targets and the recurrent layer's [kernel, recurrent_kernel, bias] (float32)."""
    rng = np.random.default_rng(16)
    x = rng.normal(size=(BATCH, STEPS, FEATURES)).astype("float32")
    y = rng.normal(size=(BATCH, 1)).astype("float32")
    weights = [
        rng.normal(scale=0.5, size=(FEATURES, 4 * UNITS)),
        rng.normal(scale=0.5, size=(UNITS, 4 * UNITS)),
        rng.normal(scale=0.5, size=(4 * UNITS,)),
    ]
    return x, y, [w.astype("float32") for w in weights]


def main() -> dict:
    import keras

    from lstm_course.keras_nets import cell as keras_cell
    from lstm_course.keras_nets.cell import LSTMCell

    keras.utils.set_random_seed(0)
    x, y, weights = data()
    dense = [np.full((UNITS, 1), 0.3, "float32"), np.zeros(1, "float32")]
    layers = {
        "keras.layers.LSTM": keras.layers.LSTM(UNITS, return_sequences=True, return_state=True),
        "RNN(LSTMCell)": keras.layers.RNN(
            LSTMCell(UNITS), return_sequences=True, return_state=True
        ),
    }
    outputs, trained = {}, {}
    for name, layer in layers.items():
        layer.build(x.shape)
        layer.set_weights(weights)
        outputs[name] = [keras.ops.convert_to_numpy(t) for t in layer(x)]  # sequence, h, c
        model = keras.Sequential(
            [
                keras.Input((STEPS, FEATURES)),
                type(layer).from_config(layer.get_config()),
                keras.layers.Lambda(lambda t: t[0][:, -1]),  # the last output, h_T
                keras.layers.Dense(1),
            ]
        )
        model.layers[0].set_weights(weights)
        model.layers[-1].set_weights(dense)
        model.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE), loss="mse")
        model.train_on_batch(x, y)  # one step
        trained[name] = [np.asarray(w) for w in model.get_weights()]
    ref, ours = outputs.values()
    ref_w, ours_w = trained.values()
    moved = max(float(np.abs(a - b).max()) for a, b in zip(ref_w, [*weights, *dense], strict=True))
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(keras_cell):
        runner.run(test, out=sys.stderr.write)
    return {
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "outputs_max_diff": max(float(np.abs(a - b).max()) for a, b in zip(ref, ours, strict=True)),
        "weights_max_diff": max(
            float(np.abs(a - b).max()) for a, b in zip(ref_w, ours_w, strict=True)
        ),
        "step_moved_weights_by": moved,
        "cell_outputs": ours[0].tolist(),
        "doctest_attempted": runner.tries,
        "doctest_failed": runner.failures,
    }


if __name__ == "__main__":
    backend = os.environ.get("KERAS_BACKEND")
    if backend not in ("tensorflow", "jax", "torch"):
        sys.exit("set KERAS_BACKEND to tensorflow, jax or torch")
    if backend != "tensorflow":
        # Keras would import TensorFlow (about 10 s) only to ask whether an input is a tf.data
        # set; blocking it also proves that the cell trains without TensorFlow installed.
        sys.modules["tensorflow"] = None
    print(json.dumps(main()))
