"""Solutions to the exercises of notebooks/04_lstm_from_scratch.ipynb."""

import numpy as np

from lstm_course.numpy_lstm import sigmoid


def forget_gate_backward(dc_t, c_prev, c_t, f_t):
    """Exercise 4.1: gradient at the forget gate's pre-activation. c_t is not needed."""
    return dc_t * c_prev * f_t * (1.0 - f_t)


def lstm_step(x_t, h_prev, c_prev, params):
    """Exercise 4.2: one LSTM step in Keras's layout (gate blocks i, f, c, o)."""
    z = x_t @ params["kernel"] + h_prev @ params["recurrent_kernel"] + params["bias"]
    zi, zf, zc, zo = np.split(z, 4, axis=1)
    c_t = sigmoid(zf) * c_prev + sigmoid(zi) * np.tanh(zc)
    return sigmoid(zo) * np.tanh(c_t), c_t


def initial_bias(units):
    """Exercise 4.3: Keras's initial LSTM bias (unit_forget_bias): 1 for the forget gate."""
    bias = np.zeros(4 * units)
    bias[units : 2 * units] = 1.0
    return bias
