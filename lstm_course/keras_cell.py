"""An LSTM cell for Keras 3 written with `keras.ops` only, and a helper to read its gates.

Introduced in notebooks/05_keras_lstm_cell.ipynb (written there in the open, line by line
beside the NumPy LSTM of notebooks/04_lstm_from_scratch.ipynb); used again in
notebooks/06_keras_layers_lstm.ipynb and notebooks/07_inside_the_lstm.ipynb.

`LSTMCell` computes one time step; wrap it in `keras.layers.RNN` to run a sequence:

    z_t = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias        (batch, 4H), blocks i|f|c|o
    i_t = sigmoid(z_i)   f_t = sigmoid(z_f)   g_t = tanh(z_c)   o_t = sigmoid(z_o)
    c_t = f_t * c_{t-1} + i_t * g_t          (* is the element-wise, Hadamard, product)
    h_t = o_t * tanh(c_t)

Its weights have the names, shapes, gate order and default initialisers of
`keras.layers.LSTM`, so `cell.set_weights(lstm.get_weights())` works both ways:

    kernel            (D, 4H)   glorot_uniform
    recurrent_kernel  (H, 4H)   orthogonal
    bias              (4H,)     zeros, with the forget block (bias[H:2H]) set to 1

With `return_gates=True` the cell's output at each step is the concatenation
`[h, i, f, g, o, c]` of shape (batch, 6H) instead of h alone (the states are unchanged),
so `RNN(LSTMCell(H, return_gates=True), return_sequences=True)` returns every gate at
every step. `gate_activations` does that for you, for any trained model holding a
`keras.layers.LSTM` or an `RNN` over an LSTM cell (this one or Keras's).
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

# Order of the blocks in the cell's output when return_gates=True, and the keys of
# `gate_activations`: "c_tilde" is the candidate g = tanh(z_c) (the fused kernel's "c" block).
GATE_OUTPUTS = ("h", "i", "f", "c_tilde", "o", "c")


@keras.saving.register_keras_serializable(package="lstm_course")
class LSTMCell(keras.layers.Layer):
    """Cell class for an LSTM, computing one time step; wrap it in `keras.layers.RNN`.

    Same maths, weight names, weight layout (gate order i, f, c, o) and default
    initialisers as `keras.layers.LSTMCell`, written with `keras.ops` only so it runs on
    any Keras backend. It has no dropout, regularisers or constraints: for those, use
    `keras.layers.LSTM`.

    Args:
        units: Positive integer H, dimensionality of the output space and of each state.
        activation: Activation of the candidate and of the cell state on its way out.
            Default: `"tanh"`.
        recurrent_activation: Activation of the input, forget and output gates.
            Default: `"sigmoid"`.
        use_bias: Boolean (default `True`), whether the cell has a bias vector.
        kernel_initializer: Initializer for `kernel` (D, 4H). Default: `"glorot_uniform"`.
        recurrent_initializer: Initializer for `recurrent_kernel` (H, 4H).
            Default: `"orthogonal"`.
        bias_initializer: Initializer for `bias` (4H,). Default: `"zeros"`.
        unit_forget_bias: Boolean (default `True`). If `True`, the forget gate's block of
            the bias, `bias[H:2H]`, starts at 1 (the other blocks use `bias_initializer`),
            as in Jozefowicz et al. (2015) and Keras.
        return_gates: Boolean (default `False`). If `True`, the output at each step is
            `[h, i, f, g, o, c]` concatenated, shape (batch, 6H), where g is the candidate;
            see `GATE_OUTPUTS`. The states are `[h, c]` either way.
        **kwargs: Base `keras.layers.Layer` arguments (`name`, `dtype`, `trainable`).

    Call arguments:
        inputs: A 2D tensor x_t, shape (batch, D).
        states: List `[h_{t-1}, c_{t-1}]`, each of shape (batch, H).
        training: Ignored (the cell behaves the same in training and inference).

    Returns:
        `(output, [h_t, c_t])`: output is h_t (batch, H), or (batch, 6H) with
        `return_gates=True`.

    Attributes:
        state_size: `[H, H]`, the sizes of h and c. `output_size`: H, or 6H.

    Raises:
        ValueError: units is not a positive integer, an option is unknown or has a bad
            value, or the input's last axis is unknown at build time.

    Example:

    >>> rnn = keras.layers.RNN(LSTMCell(4), return_sequences=True, return_state=True)
    >>> outputs, h, c = rnn(np.zeros((32, 10, 8), "float32"))
    >>> outputs.shape, h.shape, c.shape
    (TensorShape([32, 10, 4]), TensorShape([32, 4]), TensorShape([32, 4]))

    Introduced in notebooks/05_keras_lstm_cell.ipynb.
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
        self.output_size = 6 * self.units if self.return_gates else self.units

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
            bias_initializer = self.bias_initializer
            if self.unit_forget_bias:

                def bias_initializer(shape, dtype=None):  # i and c, o blocks from the
                    init = self.bias_initializer  # initializer; the forget block is ones
                    return ops.concatenate(
                        [
                            init((units,), dtype=dtype),
                            ops.ones((units,), dtype=dtype),
                            init((2 * units,), dtype=dtype),
                        ]
                    )

            self.bias = self.add_weight(
                shape=(4 * units,), name="bias", initializer=bias_initializer
            )
        else:
            self.bias = None

    def call(self, inputs, states, training=False):
        h_prev, c_prev = states[0], states[1]  # (batch, H) each
        z = ops.matmul(inputs, self.kernel)  # (batch, 4H): the input part of all four gates
        z = ops.add(z, ops.matmul(h_prev, self.recurrent_kernel))  # + the recurrent part
        if self.use_bias:
            z = ops.add(z, self.bias)
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=-1)  # blocks i | f | c | o
        i = self.recurrent_activation(z_i)  # input gate
        f = self.recurrent_activation(z_f)  # forget gate
        g = self.activation(z_c)  # candidate ("c_tilde")
        o = self.recurrent_activation(z_o)  # output gate
        c = f * c_prev + i * g  # element-wise products
        h = o * self.activation(c)
        output = ops.concatenate([h, i, f, g, o, c], axis=-1) if self.return_gates else h
        return output, [h, c]

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


_LSTM_CELLS = (LSTMCell, keras.layers.LSTMCell)


def _is_lstm_rnn(layer) -> bool:
    return isinstance(layer, keras.layers.RNN) and isinstance(layer.cell, _LSTM_CELLS)


def _find_lstm_layer(model: keras.Model, layer: str | None):
    if layer is not None:
        found = model.get_layer(layer)  # raises ValueError for an unknown name
        if not _is_lstm_rnn(found):
            raise ValueError(
                f"layer {layer!r} is a {type(found).__name__}, not a keras.layers.LSTM "
                "or an RNN over an LSTM cell"
            )
        return found
    candidates = [lay for lay in model.layers if _is_lstm_rnn(lay)]
    if len(candidates) != 1:
        names = [lay.name for lay in candidates]
        raise ValueError(
            f"the model must hold exactly one LSTM layer at its top level, found {names}; "
            "pass layer='name' to choose one (a Bidirectional's halves: pass the layer "
            "itself, e.g. model.get_layer('bidirectional').forward_layer)"
        )
    return candidates[0]


def gate_activations(
    model_or_layer: keras.Model | keras.layers.Layer, x, layer: str | None = None
) -> dict[str, np.ndarray]:
    """Every gate and state of an LSTM layer at every step, for the inputs `x`.

    Works on a `keras.layers.LSTM`, or a `keras.layers.RNN` over `LSTMCell` or
    `keras.layers.LSTMCell`, alone or inside a built functional/Sequential model. A twin
    `RNN(LSTMCell(H, return_gates=True))` gets the layer's weights and reads the layer's
    input; nothing is trained or changed. Initial states are zeros, inference mode
    (no dropout).

    Args:
        model_or_layer: the LSTM layer itself (then `x` is its input,
            (batch, time, D)), or a model (then `x` is the model's input, e.g. token ids
            (batch, time), and the layer's input is computed by the layers before it).
        x: the inputs, as described above.
        layer: name of the LSTM layer when a model holds more than one.

    Returns:
        {"i", "f", "c_tilde", "o", "c", "h"}: each a NumPy array (batch, time, H):
        input, forget, output gates, candidate g, cell state and hidden state (the
        layer's output) after every step.

    Raises:
        ValueError: no (or more than one) LSTM layer, `go_backwards=True`, or inputs of the
            wrong shape. A mask (Embedding `mask_zero=True`, `Masking`) is not applied: the
            gates are computed at every step, so for right-padded sequences the steps before
            the padding are exact and the padded steps are to be ignored.

    Introduced in notebooks/05_keras_lstm_cell.ipynb.
    """
    if _is_lstm_rnn(model_or_layer):
        rnn, features = model_or_layer, x
    elif isinstance(model_or_layer, keras.Model):
        rnn = _find_lstm_layer(model_or_layer, layer)
        try:
            inputs = model_or_layer.inputs
            if isinstance(inputs, (list, tuple)) and len(inputs) == 1:
                inputs = inputs[0]  # a single input, not a list, or Keras warns on calling
            upstream = keras.Model(inputs, rnn.input)
        except (AttributeError, ValueError) as err:
            raise ValueError(
                f"cannot find the input of layer {rnn.name!r}: build the model first "
                f"(call it once or give it a keras.Input) ({err})"
            ) from err
        features = upstream(x, training=False)
    else:
        raise ValueError(
            "model_or_layer must be a keras.Model, a keras.layers.LSTM or a keras.layers.RNN "
            f"over an LSTM cell, got {type(model_or_layer).__name__}"
        )
    if rnn.go_backwards:
        raise ValueError("layers with go_backwards=True are not supported")
    features = ops.convert_to_tensor(features, dtype=rnn.cell.compute_dtype)
    if len(features.shape) != 3:
        raise ValueError(f"the LSTM's input must be (batch, time, D), got {features.shape}")
    kernel = rnn.cell.kernel
    if features.shape[-1] != kernel.shape[0]:
        raise ValueError(
            f"the LSTM's input has {features.shape[-1]} features, its kernel expects "
            f"{kernel.shape[0]} (kernel (D, 4H))"
        )
    source = rnn.cell
    twin = keras.layers.RNN(
        LSTMCell(
            source.units,
            activation=source.activation,
            recurrent_activation=source.recurrent_activation,
            use_bias=source.use_bias,
            return_gates=True,
            dtype=source.dtype_policy,
        ),
        return_sequences=True,
        dtype=source.dtype_policy,
    )
    twin.build(features.shape)
    twin.cell.set_weights(source.get_weights())
    y = ops.convert_to_numpy(twin(features, training=False))  # (batch, time, 6H)
    blocks = np.split(y, len(GATE_OUTPUTS), axis=-1)
    return dict(zip(GATE_OUTPUTS, blocks, strict=True))
