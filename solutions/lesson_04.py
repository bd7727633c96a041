"""Lesson 04: solutions to the exercises of notebooks/04_lstm_from_scratch.ipynb."""

import numpy as np

from lstm_course.numpy_nets.lstm_step import sigmoid


def lstm_step_forward(x_t, h_prev, c_prev, params):
    """Exercise 4.1: one LSTM step in Keras's layout (gate blocks i, f, g, o; Keras's
    documentation calls the candidate's block "c"), returning (h_t, c_t, cache)."""
    z = x_t @ params["kernel"] + h_prev @ params["recurrent_kernel"] + params["bias"]
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(z_i), sigmoid(z_f), np.tanh(z_g), sigmoid(z_o)
    c_t = f * c_prev + i * g
    h_t = o * np.tanh(c_t)
    cache = {"x_t": x_t, "h_prev": h_prev, "c_prev": c_prev}
    cache.update({"i": i, "f": f, "g": g, "o": o, "c_t": c_t, "params": params})
    return h_t, c_t, cache


def lstm_step_backward(dh_t, dc_t, cache):
    """Exercise 4.2: backward through one LSTM step: (dx_t, dh_prev, dc_prev, grads)."""
    i, f, g, o, c_t = (cache[k] for k in ("i", "f", "g", "o", "c_t"))
    params = cache["params"]
    tanh_c = np.tanh(c_t)
    dc = dc_t + dh_t * o * (1.0 - tanh_c**2)  # from step t+1, and through h_t
    do = dh_t * tanh_c
    df, di, dg = dc * cache["c_prev"], dc * g, dc * i
    dz_i, dz_f = di * i * (1.0 - i), df * f * (1.0 - f)
    dz_g, dz_o = dg * (1.0 - g**2), do * o * (1.0 - o)
    dz = np.concatenate([dz_i, dz_f, dz_g, dz_o], axis=1)  # (batch, 4H), blocks i, f, g, o
    grads = {
        "kernel": cache["x_t"].T @ dz,
        "recurrent_kernel": cache["h_prev"].T @ dz,
        "bias": dz.sum(axis=0),
    }
    dx_t = dz @ params["kernel"].T
    dh_prev = dz @ params["recurrent_kernel"].T
    dc_prev = dc * f  # the cell-state path: one multiplication by the forget gate
    return dx_t, dh_prev, dc_prev, grads


def initial_bias(units):
    """Exercise 4.3: Keras's initial LSTM bias (unit_forget_bias): zeros, 1 in the forget gate's
    block (block 2 of 4, f: entries units:2*units). The package's `lstm_bias` writes the same."""
    bias = np.zeros(4 * units)
    bias[units : 2 * units] = 1.0
    return bias
