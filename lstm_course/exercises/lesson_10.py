"""Lesson 10: the checks of exercises 10.1 (the adding problem's target) and 10.2 (the IRNN's
model builder).

10.1: adding problem inputs x (n, T, 2): feature 0 the values, feature 1 the markers (two 1s);
the target is the sum of the two marked values.
10.2: `build_irnn(units, steps, inputs)` returns a keras.Model (batch, steps, inputs) ->
(batch, 1): SimpleRNN(units, activation="relu", recurrent_initializer="identity"), bias zero,
then Dense(1) (Le, Jaitly & Hinton 2015). The reference is `lstm_course.keras_nets.irnn.build_irnn`.
The check builds the learner's model and reads its configuration and initial weights, which do
not depend on the random seed (only the input kernel is random). Keras is imported inside the
functions.
"""

from __future__ import annotations

import numpy as np

from lstm_course.datasets.adding_problem import adding_problem
from lstm_course.exercises.engine import Hint, Mistake, call, compare, exercise, learners_code
from lstm_course.keras_nets.irnn import build_irnn

SUM_OVER_TIME = "sum over time (axis 1): one target per sequence"


def adding_target(x):
    """Reference of 10.1: (x[..., 0] * x[..., 1]).sum(axis=1), shape (n,)."""
    return (x[..., 0] * x[..., 1]).sum(axis=1)


TARGET_MISTAKES = (
    Mistake(
        "you summed the markers; sum the VALUES at the marked steps",
        lambda x: x[..., 1].sum(axis=1),
    ),
    Mistake(SUM_OVER_TIME, lambda x: (x[..., 0] * x[..., 1]).sum(axis=0)),
    Mistake(SUM_OVER_TIME, lambda x: x[..., 0] * x[..., 1]),
    Mistake(
        "multiply the values by the markers before summing",
        lambda x: x[..., 0].sum(axis=1),
    ),
)


@exercise("10.1", "the adding problem's target", adding_target, TARGET_MISTAKES)
def check_adding_target(answer, ex):
    x, _ = adding_problem(5, 8, seed=3, dtype=np.float64)
    compare(call(answer, x), ex.reference(x), "targets (n,)", ex.wrong_outputs(x))


RETURN_MODEL = "return a keras.Model (e.g. keras.Sequential([...])), not a layer"
ONE_RNN = (
    "the IRNN is a plain RNN, one keras.layers.SimpleRNN (no gates: not an LSTM or a GRU), "
    "then a Dense(1) head"
)
UNITS = "give the SimpleRNN the `units` argument's number of units"
EXTRA = "one SimpleRNN and one Dense(1), nothing more: Le et al.'s IRNN has no extra layers"
ONE_ANSWER = (
    "the model answers once, after the last step: leave return_sequences=False (the "
    "default), so the output has shape (batch, 1), not (batch, steps, 1)"
)
DENSE_HEAD = "end with keras.layers.Dense(1): one number per sequence, the predicted sum"
RELU = (
    "the IRNN's units are rectified: activation=\"relu\" (SimpleRNN's default is tanh, the "
    "plain RNN that forgets)"
)
INPUT_KERNEL = (
    "the identity belongs on the RECURRENT kernel U (h_{t-1} -> h_t): "
    'recurrent_initializer="identity", not kernel_initializer (the input kernel W)'
)
IDENTITY = (
    'the recurrent kernel U must start as the identity matrix: recurrent_initializer="identity" '
    "(SimpleRNN's default is orthogonal), so the state is copied unchanged from step to step"
)
BIAS = (
    "keep the bias and start it at zero (the default): with U = I, a bias b adds b to the "
    "state at every step, so h_t would grow like t * b"
)


def irnn_with(
    layer="SimpleRNN",
    fixed_units=None,
    extra_dense=False,
    activation="relu",
    recurrent="identity",
    kernel="glorot_uniform",
    return_sequences=False,
    head=True,
    bias="zeros",
    model=True,
):
    """A model builder with one of the realistic mistakes (defaults: the right IRNN)."""

    def build(units, steps, inputs=2):
        import keras

        rnn = getattr(keras.layers, layer)(
            fixed_units or units,
            activation=activation,
            recurrent_initializer=recurrent,
            kernel_initializer=kernel,
            bias_initializer=bias,
            return_sequences=return_sequences,
        )
        if not model:
            return rnn
        layers = [keras.Input(shape=(steps, inputs)), rnn]
        if extra_dense:
            layers.append(keras.layers.Dense(units, activation="relu"))
        return keras.Sequential(layers + ([keras.layers.Dense(1)] if head else []))

    return build


IRNN_MISTAKES = (
    Mistake(RELU, irnn_with(activation="tanh"), False),
    Mistake(IDENTITY, irnn_with(recurrent="orthogonal"), False),
    Mistake(IDENTITY, irnn_with(recurrent="glorot_uniform"), False),
    Mistake(INPUT_KERNEL, irnn_with(recurrent="orthogonal", kernel="identity"), False),
    Mistake(ONE_ANSWER, irnn_with(return_sequences=True), False),
    Mistake(DENSE_HEAD, irnn_with(head=False), False),
    Mistake(BIAS, irnn_with(bias="ones"), False),
    Mistake(RETURN_MODEL, irnn_with(model=False), False),
    Mistake(ONE_RNN, irnn_with(layer="LSTM"), False),
    Mistake(UNITS, irnn_with(fixed_units=65), False),
    Mistake(EXTRA, irnn_with(extra_dense=True), False),
)


@exercise("10.2", "the IRNN", build_irnn, IRNN_MISTAKES)
def check_irnn(answer, ex):
    import keras

    units, steps, inputs, batch = 5, 6, 2, 3
    model = call(answer, units, steps, inputs)
    if not isinstance(model, keras.Model):
        raise Hint(RETURN_MODEL, f" (yours is a {type(model).__name__})")
    x, _ = adding_problem(batch, steps, seed=3, dtype=np.float32)
    with learners_code():
        out = tuple(keras.ops.shape(model(x)))
    rnns = [layer for layer in model.layers if isinstance(layer, keras.layers.RNN)]
    if len(rnns) != 1 or not isinstance(rnns[0].cell, keras.layers.SimpleRNNCell):
        names = [type(layer).__name__ for layer in rnns]
        raise Hint(ONE_RNN, f" (your recurrent layers: {names})")
    rnn = rnns[0]
    if rnn.return_sequences or len(out) == 3:
        raise Hint(ONE_ANSWER, f" (your output has shape {out})")
    if out != (batch, 1):
        raise Hint(DENSE_HEAD, f" (your output has shape {out})")
    cell = rnn.cell
    if cell.units != units:
        raise Hint(UNITS, f": {units} here, yours has {cell.units}")
    activation = keras.activations.serialize(cell.activation)
    if activation != "relu":
        raise Hint(RELU, f" (yours is {activation!r})")
    kernel, recurrent = (
        keras.ops.convert_to_numpy(w) for w in (cell.kernel, cell.recurrent_kernel)
    )
    if not np.array_equal(recurrent, np.eye(units)):
        if np.array_equal(kernel, np.eye(inputs, units)):
            raise Hint(INPUT_KERNEL)
        raise Hint(IDENTITY)
    if not cell.use_bias or np.any(keras.ops.convert_to_numpy(cell.bias) != 0):
        raise Hint(BIAS)
    want = ex.reference(units, steps, inputs).count_params()
    if model.count_params() != want:
        raise Hint(EXTRA, f": {want} weights here, yours has {model.count_params()}")
