"""Lesson 05: the checks of exercises 5.1 (the `call` of a Keras LSTM cell), 5.2 (`get_config`
and registration: a `.keras` round trip) and 5.3 (a GRU cell equal to keras.layers.GRU).

An answer is a cell class (or any `answer(units, **kwargs)` returning a cell). LSTM weights as
Keras's: kernel (D, 4H), recurrent_kernel (H, 4H), bias (4H,), blocks i, f, g, o; Keras's GRU:
kernel (D, 3H), recurrent_kernel (H, 3H), bias (2, 3H). Keras is imported inside the functions.
"""

from __future__ import annotations

import functools
import pathlib
import tempfile

import numpy as np

from lstm_course.exercises.engine import (
    SWAPPED_GATES,
    Hint,
    LearnerError,
    Mistake,
    NotAttempted,
    call,
    compare,
    exercise,
    learners_code,
    other_orders,
    rng,
    same,
    swapped_detail,
)
from lstm_course.numpy_nets.lstm_step import sigmoid

PAIR = "call returns a pair, the step's output and the new states: return h, [h, c]"
STATES_OUT = "the new states go in state_size's order, h first: return h, [h, c], not [c, h]"
STATES_IN = "states arrives as [h_prev, c_prev] (state_size's order): h_prev, c_prev = states"
NO_BIAS = "the bias is missing: z = inputs @ kernel + h_prev @ recurrent_kernel + bias"
GATES_TANH = "the gates i, f, o use the sigmoid (recurrent_activation); tanh is for g and for c"
G_SIGMOID = "the candidate g uses tanh, not the sigmoid"
H_TANH = "h = o * tanh(c): the tanh is missing"
OUT_C = "the step's output is h (what the next layer sees), not the cell state c"


@functools.cache
def _cell_class(order="ifgo", bias=True, gates="sigmoid", cand="tanh", h_tanh=True, out="h",
                states_out="hc", states_in="hc", pair=True, savable=None):  # fmt: skip
    """A cell class in Keras's layout: the defaults make 5.1's reference, the options its wrong
    answers; savable: None, "ok", "unregistered", "no units", "no base", "no call" (5.2's)."""
    import keras
    from keras import ops

    act = {"sigmoid": ops.sigmoid, "tanh": ops.tanh}

    class Cell(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units, self.state_size, self.output_size = units, [units, units], units

        def build(self, input_shape):
            d, units = input_shape[-1], self.units
            self.kernel = self.add_weight(shape=(d, 4 * units), name="kernel")
            self.recurrent_kernel = self.add_weight(
                shape=(units, 4 * units), name="recurrent_kernel"
            )
            self.bias = self.add_weight(shape=(4 * units,), name="bias")

        def call(self, inputs, states):
            if savable == "no call":
                return None
            h_prev, c_prev = states if states_in == "hc" else states[::-1]
            z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel)
            z = z + self.bias if bias else z
            zs = dict(zip(order, ops.split(z, 4, axis=-1), strict=True))
            i, f, o = (act[gates](zs[k]) for k in "ifo")
            c = f * c_prev + i * act[cand](zs["g"])
            h = o * ops.tanh(c) if h_tanh else o * c
            new = [h, c] if states_out == "hc" else [c, h]
            return ((h if out == "h" else c), new) if pair else h

        if savable is not None:

            def get_config(self):
                base = {} if savable == "no base" else super().get_config()
                return base if savable == "no units" else {**base, "units": self.units}

    if savable not in (None, "unregistered"):
        name = "SavableCell_" + savable.replace(" ", "_")
        Cell = keras.saving.register_keras_serializable("lstm_course_5_2", name)(Cell)
    return Cell


def _factory(make_class, **options):
    """answer(units, **kwargs) -> a cell of the class make_class(**options) (made once)."""
    return lambda units, **kwargs: make_class(**options)(units, **kwargs)


cell_factory = functools.partial(_factory, _cell_class)


def _numpy_step(x, h_prev, c_prev, weights, order="ifgo"):
    kernel, recurrent_kernel, bias = weights
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zs = dict(zip(order, np.split(z, 4, axis=-1), strict=True))
    c = sigmoid(zs["f"]) * c_prev + sigmoid(zs["i"]) * np.tanh(zs["g"])
    return sigmoid(zs["o"]) * np.tanh(c), c


def _outputs(layer, x, weights, **kwargs):
    """layer(x, **kwargs) with these weights, all its outputs flattened into one array."""
    layer.build(x.shape)
    layer.set_weights(weights)
    out = layer(x, **kwargs)
    return np.concatenate([np.ravel(t) for t in (out if isinstance(out, (list, tuple)) else [out])])


def _run(answer, x, h0, c0, weights):
    """The answer's cell's one step (its raw return value) and its RNN's outputs, h_T, c_T."""
    import keras

    cell = call(lambda: answer(h0.shape[1], dtype="float64"))  # None: NotAttempted
    with learners_code():
        layer = keras.layers.RNN(cell, return_sequences=True, return_state=True, dtype="float64")
        layer.build(x.shape)
        layer.set_weights(weights)
        step = cell(keras.ops.convert_to_tensor(x[:, 0]), [h0, c0])
    if not (isinstance(step, (tuple, list)) and len(step) == 2):
        return step, None  # not (output, new_states): the check names it
    with learners_code():
        return step, _outputs(layer, x, weights, initial_state=[h0, c0])


def _inputs():
    r, d, h = rng(), 3, 4
    weights = [r.normal(0, 0.5, (d, 4 * h)), r.normal(0, 0.5, (h, 4 * h)), r.normal(0, 0.5, 4 * h)]
    return r.normal(size=(2, 5, d)), r.normal(size=(2, h)), r.normal(size=(2, h)), weights


CALL_MISTAKES = (
    Mistake(PAIR, cell_factory(pair=False), False),
    Mistake(STATES_OUT, cell_factory(states_out="ch"), False),
    Mistake(SWAPPED_GATES, cell_factory(order="figo"), False),
    Mistake(SWAPPED_GATES, cell_factory(order="ifog"), False),
    Mistake(SWAPPED_GATES, cell_factory(order="iofg"), False),  # ONNX's order i, o, f, c
    Mistake(STATES_IN, cell_factory(states_in="ch")),
    Mistake(NO_BIAS, cell_factory(bias=False)),
    Mistake(GATES_TANH, cell_factory(gates="tanh")),
    Mistake(G_SIGMOID, cell_factory(cand="sigmoid")),
    Mistake(H_TANH, cell_factory(h_tanh=False)),
    Mistake(OUT_C, cell_factory(out="c")),
)


@exercise("5.1", "the call of a Keras LSTM cell", cell_factory(), CALL_MISTAKES)
def check_cell_call(answer, ex):
    x, h0, c0, weights = _inputs()
    step, got = _run(answer, x, h0, c0, weights)
    if step is None:
        raise NotAttempted
    if got is None or not isinstance(step[1], (list, tuple)) or len(step[1]) != 2:
        raise Hint(PAIR, f"; yours returned a {type(step).__name__}")
    h1, c1 = (np.asarray(s, dtype=float) for s in step[1])
    want_h, want_c = _numpy_step(x[:, 0], h0, c0, weights)
    if same(h1, want_c) and same(c1, want_h):
        raise Hint(STATES_OUT)
    for order in other_orders():
        if all(map(same, (h1, c1), _numpy_step(x[:, 0], h0, c0, weights, order))):
            raise Hint(SWAPPED_GATES, swapped_detail(order))
    wrong = ((m.hint, _run(m.answer, x, h0, c0, weights)[1]) for m in ex.mistakes if m.compared)
    import keras

    lstm = keras.layers.LSTM(4, return_sequences=True, return_state=True, dtype="float64")
    want = _outputs(lstm, x, weights, initial_state=[h0, c0])
    compare(got, want, "the outputs, h_T and c_T", wrong, rtol=1e-9, atol=1e-12)


NO_CALL = "your cell's call still returns None: finish exercise 5.1 first (5.2 saves that cell)"
NOT_REGISTERED = "register the class: @keras.saving.register_keras_serializable(package=...) "
NOT_REGISTERED += "on the line above `class`; loading failed with 'Could not locate class'"
NO_UNITS = "get_config must hold every argument __init__ needs: add units (loading failed: "
NO_UNITS += "__init__() missing 'units')"
NO_BASE = "start from config = super().get_config() (the layer's name, dtype, trainable), then "
NO_BASE += "add units: the reloaded cell lost its name"
SAVE_MISTAKES = (
    Mistake(NO_CALL, cell_factory(savable="no call"), False),
    Mistake(NOT_REGISTERED, cell_factory(savable="unregistered"), False),
    Mistake(NO_UNITS, cell_factory(savable="no units"), False),
    Mistake(NO_BASE, cell_factory(savable="no base"), False),
)


@exercise("5.2", "get_config and registration", cell_factory(savable="ok"), SAVE_MISTAKES)
def check_savable_cell(answer, ex):
    import keras

    x, h0, _, weights = _inputs()
    cell = call(lambda: answer(h0.shape[1], name="my_cell_5_2"))
    with learners_code():
        if cell.get_config() is None:
            raise NotAttempted
        layer = keras.layers.RNN(cell, name="rnn")
        layer.build(x.shape)
        layer.set_weights([w.astype("float32") for w in weights])
        step = cell(keras.ops.convert_to_tensor(x[:, 0], "float32"), [h0, h0])
    if step is None:
        raise Hint(NO_CALL)
    model = keras.Sequential([keras.Input(x.shape[1:]), layer])
    with learners_code():
        before = keras.ops.convert_to_numpy(model(x))
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "cell.keras"
        try:
            model.save(path)
            reloaded = keras.saving.load_model(path)
        except Exception as err:  # the learner's class or config did not save or load
            if "Could not locate class" in str(err):
                raise Hint(NOT_REGISTERED) from None
            if "'units'" in str(err):
                raise Hint(NO_UNITS) from None
            raise LearnerError(err) from err
    if reloaded.get_layer("rnn").cell.name != "my_cell_5_2":
        raise Hint(NO_BASE)
    after = keras.ops.convert_to_numpy(reloaded(x))
    compare(after, before, "the reloaded model's predictions", rtol=0, atol=0)


@functools.cache
def _gru_class(reset_after=True, z_keeps_old=True, flat_bias=False):
    """A GRU cell class: the reference of 5.3; the flags make its realistic wrong answers."""
    import keras
    from keras import ops

    class GRUCell(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = self.state_size = units

        def build(self, input_shape):
            d, h = input_shape[-1], self.units
            self.kernel = self.add_weight(shape=(d, 3 * h), name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(h, 3 * h), name="recurrent_kernel")
            shape = (3 * h,) if flat_bias else (2, 3 * h)
            self.bias = self.add_weight(shape=shape, name="bias", initializer="zeros")

        def call(self, inputs, states):
            h_prev, u_h = states[0], self.recurrent_kernel[:, 2 * self.units :]
            b_in, b_rec = (self.bias, 0 * self.bias) if flat_bias else (self.bias[0], self.bias[1])
            xz, xr, xh = ops.split(ops.matmul(inputs, self.kernel) + b_in, 3, axis=-1)
            hz, hr, hh = ops.split(ops.matmul(h_prev, self.recurrent_kernel) + b_rec, 3, axis=-1)
            z, r = ops.sigmoid(xz + hz), ops.sigmoid(xr + hr)
            if reset_after:
                h_tilde = ops.tanh(xh + r * hh)
            else:
                h_tilde = ops.tanh(xh + ops.matmul(r * h_prev, u_h) + b_rec[2 * self.units :])
            z = z if z_keeps_old else 1.0 - z
            h = z * h_prev + (1.0 - z) * h_tilde
            return h, [h]

    return GRUCell


gru_factory = functools.partial(_factory, _gru_class)


LAYOUT = "lay the weights out like keras.layers.GRU: kernel (D, 3H), recurrent_kernel (H, 3H), "
LAYOUT += "bias (2, 3H)"
RESET_AFTER = "Keras's default GRU applies the reset gate AFTER the recurrent matmul "
RESET_AFTER += "(reset_after=True): r * (h @ U_h + b_h)"
Z_OLD = "swapped z and 1 - z: Keras keeps the old state with z, h_new = z * h + (1 - z) * h~"
GRU_MISTAKES = (
    Mistake(LAYOUT, gru_factory(flat_bias=True), False),
    Mistake(RESET_AFTER, gru_factory(reset_after=False)),
    Mistake(Z_OLD, gru_factory(z_keeps_old=False)),
)


@exercise("5.3", "a GRU cell equal to keras.layers.GRU", gru_factory(), GRU_MISTAKES)
def check_gru_cell(answer, ex):
    import keras

    cell, r = call(answer, 3), rng()
    rnn = functools.partial(keras.layers.RNN, return_sequences=True)
    x = r.normal(size=(2, 5, 4)).astype("float32")
    gru = keras.layers.GRU(3, return_sequences=True)  # the layer the cell must equal
    gru.build(x.shape)
    weights = [r.normal(0, 0.5, w.shape).astype("float32") for w in gru.get_weights()]
    want = _outputs(gru, x, weights)
    with learners_code():
        layer = rnn(cell)
        layer.build(x.shape)
        shapes = [tuple(w.shape) for w in layer.get_weights()]
    if shapes != [w.shape for w in weights]:
        raise Hint(LAYOUT, f"; yours are {shapes}")
    with learners_code():
        got = _outputs(layer, x, weights)
    wrong = ((m.hint, _outputs(rnn(m.answer(3)), x, weights)) for m in ex.mistakes if m.compared)
    compare(got, want, "the GRU's outputs", wrong, rtol=1e-4, atol=1e-5)  # float32


# For tests/test_exercise_hints.py: an answer reading the fused blocks in another order.
IN_ORDER = {"5.1": lambda order: cell_factory(order=order)}
