"""Lesson 05: the checks of exercises 5.1 (split the fused kernel into gates) and 5.2 (a GRU cell
equal to keras.layers.GRU).

Keras's fused LSTM kernel (D, 4H) holds the blocks i, f, g, o side by side along the last axis
(`GATES`; Keras's documentation calls the candidate's block "c"). Keras's default GRU
(reset_after=True) has kernel (D, 3H), recurrent_kernel (H, 3H), bias (2, 3H), blocks z, r, h:
h~ = tanh(x W_h + b_h + r * (h U_h + b'_h)), h_new = z * h + (1 - z) * h~.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import (
    SWAPPED_GATES,
    Hint,
    Mistake,
    call,
    compare,
    exercise,
    find_swapped_order,
    learners_code,
    rng,
    swapped_detail,
)
from lstm_course.numpy_lstm import GATES

KEYS = "return a dict with the keys 'i', 'f', 'g', 'o'"
NAME_G = (
    "name the candidate's block 'g', as the course does (Keras's documentation calls it 'c'): "
    "the keys are 'i', 'f', 'g', 'o'"
)


def split_kernel(kernel):
    """Reference of 5.1: {gate: (D, H) block} for the gates i, f, g, o."""
    return dict(zip(GATES, np.split(kernel, 4, axis=-1), strict=True))


def split_in_order(order, axis=-1):
    """split_kernel reading the blocks in `order` along `axis` (a wrong answer unless ifgo, -1)."""
    return lambda kernel: dict(zip(order, np.split(kernel, 4, axis=axis), strict=True))


SPLIT_MISTAKES = (
    Mistake(KEYS, lambda kernel: np.split(kernel, 4, axis=-1), False),
    Mistake(NAME_G, split_in_order("ifco"), False),
    Mistake(SWAPPED_GATES, split_in_order("figo"), False),  # i and f swapped
    Mistake(SWAPPED_GATES, split_in_order("ifog"), False),  # g and o swapped
    Mistake(SWAPPED_GATES, split_in_order("iofg"), False),  # ONNX's order i, o, f, c
    Mistake(
        "wrong axis: the gates sit side by side along the last axis (D, 4H)",
        split_in_order("ifgo", axis=0),
    ),
)


@exercise("5.1", "split Keras's fused kernel into gates", split_kernel, SPLIT_MISTAKES)
def check_split_kernel(answer, ex):
    kernel = rng().normal(size=(4, 8))  # D = 4, H = 2: splitting the wrong axis also "works"
    got = call(answer, kernel)
    if not isinstance(got, dict):
        raise Hint(KEYS, f"; yours is a {type(got).__name__}")
    if set(got) == {"i", "f", "c", "o"}:
        raise Hint(NAME_G)
    if set(got) != set(GATES):
        raise Hint(KEYS, f"; yours are {sorted(got)}")
    want = ex.reference(kernel)
    order = find_swapped_order(got, want)
    if order is not None:
        raise Hint(SWAPPED_GATES, swapped_detail(order))
    for gate in GATES:
        wrong = ex.wrong_outputs(kernel, pick=lambda blocks, gate=gate: blocks[gate])
        compare(got[gate], want[gate], f"the {gate} block", wrong)


def _gru_cell(units, reset_after=True, z_keeps_old=True, flat_bias=False):
    """A GRU cell (the solution's layout); the flags make the realistic wrong answers of 5.2."""
    import keras
    from keras import ops

    class GRUCell(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape):
            d, h = input_shape[-1], self.units
            self.kernel = self.add_weight(shape=(d, 3 * h), name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(h, 3 * h), name="recurrent_kernel")
            shape = (3 * h,) if flat_bias else (2, 3 * h)
            self.bias = self.add_weight(shape=shape, name="bias", initializer="zeros")

        def call(self, inputs, states):
            h_prev = states[0] if isinstance(states, (list, tuple)) else states
            b_in, b_rec = (self.bias, 0.0) if flat_bias else (self.bias[0], self.bias[1])
            xz, xr, xh = ops.split(ops.matmul(inputs, self.kernel) + b_in, 3, axis=-1)
            uz, ur, uh = ops.split(self.recurrent_kernel, 3, axis=-1)
            bz, br, bh = ops.split(b_rec + ops.zeros(3 * self.units), 3, axis=-1)
            z = ops.sigmoid(xz + ops.matmul(h_prev, uz) + bz)
            r = ops.sigmoid(xr + ops.matmul(h_prev, ur) + br)
            if reset_after:
                h_tilde = ops.tanh(xh + r * (ops.matmul(h_prev, uh) + bh))
            else:
                h_tilde = ops.tanh(xh + bh + ops.matmul(r * h_prev, uh))
            if not z_keeps_old:
                z = 1.0 - z
            h = z * h_prev + (1.0 - z) * h_tilde
            return h, [h]

    return GRUCell(units)


def keras_gru(units):
    """Reference of 5.2: the layer the cell must equal, keras.layers.GRU (reset_after=True)."""
    import keras

    return keras.layers.GRU(units, return_sequences=True)


LAYOUT = (
    "lay the weights out like keras.layers.GRU: kernel (D, 3H), recurrent_kernel (H, 3H), "
    "bias (2, 3H)"
)
GRU_MISTAKES = (
    Mistake(LAYOUT, lambda units: _gru_cell(units, flat_bias=True), False),
    Mistake(
        "Keras's default GRU applies the reset gate AFTER the recurrent matmul "
        "(reset_after=True): r * (h @ U_h + b_h)",
        lambda units: _gru_cell(units, reset_after=False),
    ),
    Mistake(
        "swapped z and 1 - z: Keras keeps the old state with z, h_new = z * h + (1 - z) * h~",
        lambda units: _gru_cell(units, z_keeps_old=False),
    ),
)


def _outputs(cell, x, weights):
    import keras

    layer = keras.layers.RNN(cell, return_sequences=True)
    layer.build(x.shape)
    layer.set_weights(weights)
    return np.asarray(layer(x))


@exercise("5.2", "a GRU cell equal to keras.layers.GRU", keras_gru, GRU_MISTAKES)
def check_gru_cell(answer, ex):
    import keras

    units = 3
    cell = call(answer, units)
    r = rng()
    x = r.normal(size=(2, 5, 4)).astype("float32")
    reference = ex.reference(units)
    reference.build(x.shape)
    weights = [r.normal(0, 0.5, w.shape).astype("float32") for w in reference.get_weights()]
    reference.set_weights(weights)
    want = np.asarray(reference(x))
    with learners_code():
        layer = keras.layers.RNN(cell, return_sequences=True)
        layer.build(x.shape)
        shapes = [tuple(w.shape) for w in layer.get_weights()]
    if shapes != [w.shape for w in weights]:
        raise Hint(LAYOUT, f"; yours are {shapes}")
    with learners_code():
        layer.set_weights(weights)
        got = np.asarray(layer(x))
    wrong = [(m.hint, _outputs(m.answer(units), x, weights)) for m in ex.mistakes if m.compared]
    compare(got, want, "the GRU's outputs", wrong, rtol=1e-4, atol=1e-5)  # float32


# For tests/test_exercise_hints.py: an answer reading the fused blocks in another order.
IN_ORDER = {"5.1": split_in_order}
