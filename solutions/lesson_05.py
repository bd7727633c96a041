"""Lesson 05: solutions to the exercises of notebooks/05_keras_lstm_cell.ipynb."""

import keras
from keras import ops

from lstm_course.numpy_nets.initializers import lstm_bias


def forget_bias_one(shape, dtype=None):
    """Bias initialiser (4H,): zeros, except ones in the forget gate's block [H:2H]."""
    return ops.convert_to_tensor(lstm_bias(shape[0] // 4), dtype=dtype)


class MyLSTMCell(keras.layers.Layer):
    """One LSTM step: x_t (batch, D) and [h, c] (batch, H) each -> h, [h, c]. The lesson gives
    __init__ and build; the learner writes call (5.1)."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]  # the loop carries h and c, in this order
        self.output_size = units  # each step outputs h

    def build(self, input_shape):
        d, units = input_shape[-1], self.units
        self.kernel = self.add_weight(
            shape=(d, 4 * units), initializer="glorot_uniform", name="kernel"
        )
        self.recurrent_kernel = self.add_weight(
            shape=(units, 4 * units), initializer="orthogonal", name="recurrent_kernel"
        )
        self.bias = self.add_weight(shape=(4 * units,), initializer=forget_bias_one, name="bias")

    def call(self, inputs, states):
        h_prev, c_prev = states  # (batch, H) each, in state_size's order
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel)
        z = z + self.bias  # (batch, 4H)
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)  # the blocks i | f | g | o
        i, f, o = ops.sigmoid(z_i), ops.sigmoid(z_f), ops.sigmoid(z_o)  # the gates
        g = ops.tanh(z_g)  # the candidate
        c = f * c_prev + i * g  # element-wise products
        h = o * ops.tanh(c)
        return h, [h, c]


@keras.saving.register_keras_serializable(package="my_course")
class MySavableLSTMCell(MyLSTMCell):
    """MyLSTMCell with a config: registered, so that load_model finds the class by name."""

    def get_config(self):
        config = super().get_config()  # name, trainable, dtype
        config["units"] = self.units  # every argument __init__ needs
        return config


def my_lstm_cell(units, **kwargs):
    """Exercise 5.1: the call of a Keras LSTM cell (see MyLSTMCell.call); the check is given
    the class, here this function making one."""
    return MyLSTMCell(units, **kwargs)


def my_savable_lstm_cell(units, **kwargs):
    """Exercise 5.2: get_config and registration (see MySavableLSTMCell)."""
    return MySavableLSTMCell(units, **kwargs)


class GRUCell(keras.layers.Layer):
    """Keras's default GRU (reset_after=True) as a cell, gate blocks z, r, h.

    z = sigmoid(x Wz + h Uz + b_in_z + b_rec_z); r likewise;
    h~ = tanh(x Wh + b_in_h + r * (h Uh + b_rec_h)); h_new = z * h + (1 - z) * h~.
    """

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        d, h = input_shape[-1], self.units
        self.kernel = self.add_weight(shape=(d, 3 * h), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(h, 3 * h), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(2, 3 * h), name="bias", initializer="zeros")

    def call(self, inputs, states):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        x = ops.matmul(inputs, self.kernel) + self.bias[0]
        r_in = ops.matmul(h_prev, self.recurrent_kernel) + self.bias[1]
        xz, xr, xh = ops.split(x, 3, axis=-1)
        rz, rr, rh = ops.split(r_in, 3, axis=-1)
        z = ops.sigmoid(xz + rz)
        r = ops.sigmoid(xr + rr)
        h_tilde = ops.tanh(xh + r * rh)
        h = z * h_prev + (1.0 - z) * h_tilde
        return h, [h]


def make_gru_cell(units):
    """Exercise 5.3: a GRU cell equal to keras.layers.GRU(units) (see GRUCell)."""
    return GRUCell(units)
