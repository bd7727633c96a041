"""Lesson 01: solutions to the exercises of notebooks/01_rnn_from_scratch.ipynb."""

import numpy as np


def rnn_step_forward(x_t, h_prev, params):
    """Exercise 1.1: h_t = tanh(x_t W + h_{t-1} U + b) and the cache (x_t, h_prev, h_t, params);
    x_t (batch, D), h_prev (batch, H)."""
    z = x_t @ params["kernel"] + h_prev @ params["recurrent_kernel"] + params["bias"]
    h_t = np.tanh(z)
    return h_t, (x_t, h_prev, h_t, params)


def rnn_step_backward(dh_t, cache):
    """Exercise 1.2: from dL/dh_t (batch, H) to dx_t (batch, D), dh_prev (batch, H) and this
    step's gradients of kernel (D, H), recurrent_kernel (H, H) and bias (H,)."""
    x_t, h_prev, h_t, params = cache
    dz = dh_t * (1.0 - h_t**2)  # through tanh: tanh'(z_t) = 1 - h_t**2
    grads = {
        "kernel": x_t.T @ dz,  # (D, batch) @ (batch, H)
        "recurrent_kernel": h_prev.T @ dz,  # (H, batch) @ (batch, H)
        "bias": dz.sum(axis=0),  # b is added to every row of the batch
    }
    dx_t = dz @ params["kernel"].T
    dh_prev = dz @ params["recurrent_kernel"].T
    return dx_t, dh_prev, grads


def rnn_backward_steps(dhs, caches):
    """Exercise 1.3: BPTT over the step caches. dhs (batch, T, H) -> the gradients of kernel,
    recurrent_kernel and bias summed over the steps, of x (batch, T, D) and of h0 (batch, H)."""
    params = caches[0][3]
    grads = {name: np.zeros_like(params[name]) for name in ("kernel", "recurrent_kernel", "bias")}
    steps = dhs.shape[1]
    dx = [None] * steps
    dh_next = np.zeros_like(dhs[:, 0])  # nothing comes back from after the last step
    for t in reversed(range(steps)):
        dx[t], dh_next, step_grads = rnn_step_backward(dhs[:, t] + dh_next, caches[t])
        for name, g in step_grads.items():
            grads[name] += g
    grads["x"] = np.stack(dx, axis=1)
    grads["h0"] = dh_next
    return grads
