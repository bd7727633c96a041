"""Lesson 05: an LSTM cell for Keras 3, written with `keras.ops` only.

Introduced in notebooks/05_keras_lstm_cell.ipynb, where the learner writes its `call` (exercise
5.1, beside the NumPy LSTM step of lesson 04, `lstm_course.numpy_nets.lstm_step`) and its
`get_config` (5.2); this is the reference the lesson goes on with, used again in lesson 06.
`LSTMCell` computes one time step; wrap it in `keras.layers.RNN` to run a sequence. With * the
element-wise product:

    z_t = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias    (batch, 4H): z_i | z_f | z_g | z_o
    i_t = sigmoid(z_i)   f_t = sigmoid(z_f)   g_t = tanh(z_g)   o_t = sigmoid(z_o)
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)

The four blocks are in the order `GATES` = i, f, g, o, which Keras calls i, f, c, o (its "c"
block is the candidate g). The weights have the names, shapes, block order and default
initialisers of `keras.layers.LSTM`, so `cell.set_weights(lstm.get_weights())` works both ways:

    kernel            (D, 4H)   glorot_uniform
    recurrent_kernel  (H, 4H)   orthogonal
    bias              (4H,)     `lstm_course.numpy_nets.initializers.lstm_bias(H)`: zeros, forget
    block 1

With `return_gates=True` the cell's output at each step is the concatenation of the
`TRACE_KEYS` blocks `[i, f, g, o, c, c_prev, h]`, shape (batch, 7H), instead of h alone (the
states are `[h, c]` either way), so `RNN(LSTMCell(H, return_gates=True), return_sequences=True)`
returns every gate at every step. `lstm_course.keras_nets.gate_traces` does that for any trained
`keras.layers.LSTM`, with the keys of the NumPy `lstm_course.numpy_nets.lstm.gate_traces`.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from lstm_course.numpy_nets.initializers import lstm_bias
from lstm_course.numpy_nets.lstm import TRACE_KEYS


def _unit_forget_bias(initializer, units: int):
    """Keras's `unit_forget_bias` rule: `initializer` fills the i block and the g, o blocks (in
    that order of calls, as `keras.layers.LSTMCell` does), the forget block is `lstm_bias`'s."""

    def bias_initializer(shape, dtype=None):
        forget = ops.convert_to_tensor(lstm_bias(units)[units : 2 * units], dtype=dtype)
        i_block = initializer((units,), dtype=dtype)
        g_o_blocks = initializer((2 * units,), dtype=dtype)
        return ops.concatenate([i_block, forget, g_o_blocks])

    return bias_initializer


@keras.saving.register_keras_serializable(package="lstm_course")
class LSTMCell(keras.layers.Layer):
    """Cell class for an LSTM, computing one time step; wrap it in `keras.layers.RNN`.

    Same maths, weight names, weight layout (blocks i, f, g, o; Keras's i, f, c, o) and default
    initialisers as `keras.layers.LSTMCell`, written with `keras.ops` only so that it does not
    depend on one Keras backend. No dropout, regularisers or constraints: for those, use
    `keras.layers.LSTM`.

    Args:
        units: Positive integer H, dimensionality of the output space and of each state.
        activation: Activation of the candidate g and of the cell state on its way out.
            Default: `"tanh"`.
        recurrent_activation: Activation of the input, forget and output gates.
            Default: `"sigmoid"`.
        use_bias: Boolean (default `True`), whether the cell has a bias vector.
        kernel_initializer: Initializer for `kernel` (D, 4H). Default: `"glorot_uniform"`.
        recurrent_initializer: Initializer for `recurrent_kernel` (H, 4H).
            Default: `"orthogonal"`.
        bias_initializer: Initializer for `bias` (4H,). Default: `"zeros"`.
        unit_forget_bias: Boolean (default `True`). If `True`, the forget block `bias[H:2H]`
            starts at 1 (from `lstm_bias`, as in Jozefowicz et al. 2015) and `bias_initializer`
            fills the other blocks, exactly as in `keras.layers.LSTMCell`.
        return_gates: Boolean (default `False`). If `True`, the output at each step is
            `[i, f, g, o, c, c_prev, h]` concatenated (`TRACE_KEYS` order), shape (batch, 7H),
            where g is the candidate and c_prev the cell state the step read. The states are
            `[h, c]` either way.
        **kwargs: Base `keras.layers.Layer` arguments (`name`, `dtype`, `trainable`).

    Call arguments:
        inputs: A 2D tensor x_t, shape (batch, D).
        states: List `[h_{t-1}, c_{t-1}]`, each of shape (batch, H).
        training: Ignored (the cell behaves the same in training and inference).

    Returns:
        `(output, [h_t, c_t])`: output is h_t (batch, H), or (batch, 7H) with
        `return_gates=True`.

    Raises:
        ValueError: units is not a positive integer, an option is unknown or has a bad
            value, or the input's last axis is unknown at build time.

    Example (32 sequences of 10 steps of 8 features, H = 4):

    >>> rnn = keras.layers.RNN(LSTMCell(4), return_sequences=True, return_state=True)
    >>> outputs, h, c = rnn(np.zeros((32, 10, 8), "float32"))
    >>> tuple(outputs.shape), tuple(h.shape), tuple(c.shape)
    ((32, 10, 4), (32, 4), (32, 4))
    >>> bool(ops.all(outputs[:, -1] == h))  # the last output is the final hidden state
    True
    >>> gates = keras.layers.RNN(LSTMCell(4, return_gates=True), return_sequences=True)
    >>> tuple(gates(np.zeros((32, 10, 8), "float32")).shape)  # 7 blocks of H per step
    (32, 10, 28)
    """

    def __init__(
        self,
        units: int,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias: bool = True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias: bool = True,
        return_gates: bool = False,
        **kwargs,
    ):
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1:
            raise ValueError(f"units must be a positive integer, got {units!r}")
        for name, value in [
            ("use_bias", use_bias),
            ("unit_forget_bias", unit_forget_bias),
            ("return_gates", return_gates),
        ]:
            if not isinstance(value, (bool, np.bool_)):
                raise ValueError(f"{name} must be True or False, got {value!r}")
        super().__init__(**kwargs)  # raises ValueError for unknown keyword arguments
        self.units = int(units)
        self.activation = keras.activations.get(activation)
        self.recurrent_activation = keras.activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.recurrent_initializer = keras.initializers.get(recurrent_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.return_gates = bool(return_gates)
        self.state_size = [self.units, self.units]  # [h, c]
        self.output_size = len(TRACE_KEYS) * self.units if self.return_gates else self.units

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None or input_dim < 1:
            raise ValueError(f"the input's last axis (features D) must be known, got {input_shape}")
        units = self.units
        self.kernel = self.add_weight(
            shape=(input_dim, 4 * units), name="kernel", initializer=self.kernel_initializer
        )
        self.recurrent_kernel = self.add_weight(
            shape=(units, 4 * units),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
        )
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                initializer = _unit_forget_bias(self.bias_initializer, units)
            self.bias = self.add_weight(shape=(4 * units,), name="bias", initializer=initializer)
        else:
            self.bias = None

    def call(self, inputs, states, training=False):
        h_prev, c_prev = states[0], states[1]  # (batch, H) each
        z = ops.matmul(inputs, self.kernel)  # (batch, 4H): the input part of all four gates
        z = ops.add(z, ops.matmul(h_prev, self.recurrent_kernel))  # + the recurrent part
        if self.use_bias:
            z = ops.add(z, self.bias)
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)  # blocks i | f | g | o
        i = self.recurrent_activation(z_i)  # input gate
        f = self.recurrent_activation(z_f)  # forget gate
        g = self.activation(z_g)  # candidate (c~ in the maths)
        o = self.recurrent_activation(z_o)  # output gate
        c = f * c_prev + i * g  # element-wise products
        h = o * self.activation(c)
        if self.return_gates:  # the TRACE_KEYS blocks, in their order
            return ops.concatenate([i, f, g, o, c, c_prev, h], axis=-1), [h, c]
        return h, [h, c]

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, d), dtype=self.compute_dtype) for d in self.state_size]

    def get_config(self):
        config = {
            "units": self.units,
            "activation": keras.activations.serialize(self.activation),
            "recurrent_activation": keras.activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": keras.initializers.serialize(self.recurrent_initializer),
            "bias_initializer": keras.initializers.serialize(self.bias_initializer),
            "unit_forget_bias": self.unit_forget_bias,
            "return_gates": self.return_gates,
        }
        return {**super().get_config(), **config}
