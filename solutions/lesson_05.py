"""Lesson 05: solutions to the exercises of notebooks/05_keras_lstm_cell.ipynb."""

import keras
import numpy as np
from keras import ops


def split_kernel(kernel):
    """Exercise 5.1: the four (D, H) blocks of a fused (D, 4H) kernel, in Keras's order
    i, f, g, o (Keras's documentation calls the candidate's block "c"; the course calls it g)."""
    return dict(zip("ifgo", np.split(kernel, 4, axis=-1), strict=True))


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
    """Exercise 5.2: a GRU cell equal to keras.layers.GRU(units) (see GRUCell)."""
    return GRUCell(units)
