"""Lesson 04: solutions to the exercises of notebooks/04_lstm_from_scratch.ipynb."""

import numpy as np

from lstm_course.numpy_lstm import sigmoid


def forget_gate_backward(dc_t, c_prev, c_t, f_t):
    """Exercise 4.1: gradient at the forget gate's pre-activation. c_t is not needed."""
    return dc_t * c_prev * f_t * (1.0 - f_t)


def lstm_step(x_t, h_prev, c_prev, params):
    """Exercise 4.2: one LSTM step in Keras's layout (gate blocks i, f, g, o; Keras's
    documentation calls the candidate's block "c")."""
    z = x_t @ params["kernel"] + h_prev @ params["recurrent_kernel"] + params["bias"]
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=1)
    c_t = sigmoid(z_f) * c_prev + sigmoid(z_i) * np.tanh(z_g)
    return sigmoid(z_o) * np.tanh(c_t), c_t


def initial_bias(units):
    """Exercise 4.3: Keras's initial LSTM bias (unit_forget_bias): zeros, 1 in the forget gate's
    block (block 2 of 4, f: entries units:2*units). The package's `lstm_bias` writes the same."""
    bias = np.zeros(4 * units)
    bias[units : 2 * units] = 1.0
    return bias
