"""Lesson 04: one LSTM step, forward and backward, with the cache between them.

The references of exercises 4.1 and 4.2 of notebooks/04_lstm_from_scratch.ipynb, in Keras's
fused layout (blocks i, f, g, o = `GATES`). Looped over time they give `lstm.lstm_forward`
and `lstm.lstm_backward` (tests/test_numpy_lstm_step.py):

    forward   z = x_t @ kernel + h_prev @ recurrent_kernel + bias    (batch, 4H): z_i, z_f, z_g, z_o
              i, f, o = sigmoid(z_i, z_f, z_o)   g = tanh(z_g)
              c_t = f * c_prev + i * g    h_t = o * tanh(c_t)
    backward  dc = dc_t + dh_t * o * (1 - tanh(c_t)^2)     both paths into c_t
              do = dh_t * tanh(c_t)   df = dc * c_prev   di = dc * g   dg = dc * i
              dz = [di * i(1 - i), df * f(1 - f), dg * (1 - g^2), do * o(1 - o)]   (batch, 4H)
              dkernel = x_t^T @ dz   drecurrent_kernel = h_prev^T @ dz   dbias = sum_batch dz
              dx_t = dz @ kernel^T   dh_prev = dz @ recurrent_kernel^T   dc_prev = dc * f
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_nets.input_checks import as_float_array, check_params, check_shape

LSTM_KEYS = ("kernel", "recurrent_kernel", "bias")
GATES = ("i", "f", "g", "o")  # the four blocks of the fused kernel, in Keras's order
"""Input gate, forget gate, candidate g (written c~ in the maths; Keras calls its block "c"),
output gate."""


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-z)), written as 0.5 * (1 + tanh(z / 2)).

    The two are equal; the tanh form never overflows (tanh saturates at -1 and 1), where
    exp(-z) overflows to inf, with a warning, for z below about -709 (-88 in float32).
    """
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def split_gates(z: np.ndarray) -> dict[str, np.ndarray]:
    """Split a fused (..., 4H) array into its i, f, g, o blocks of (..., H) each."""
    if z.shape[-1] % 4:
        raise ValueError(f"last axis must be 4*H (i, f, g, o blocks), got {z.shape[-1]}")
    return dict(zip(GATES, np.split(z, 4, axis=-1), strict=True))


def step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """One LSTM step without input checks (the forward equations of the module docstring).

    x_t (batch, D), h_prev and c_prev (batch, H), kernel (D, 4H), recurrent_kernel (H, 4H),
    bias (4H,). Returns (h_t, c_t, (i, f, g, o)), each (batch, H). `lstm_step_forward` checks its
    inputs and calls it; `lstm.lstm_forward` calls it at every step.
    """
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias  # all four gates at once: (batch, 4H)
    z_i, z_f, z_g, z_o = split_gates(z).values()  # (batch, H) each, in GATES order
    i = sigmoid(z_i)  # input gate: write this much ...
    f = sigmoid(z_f)  # forget gate: keep this much of c_{t-1}
    g = np.tanh(z_g)  # ... of the candidate, in (-1, 1)
    o = sigmoid(z_o)  # output gate: show this much of tanh(c_t)
    c_t = f * c_prev + i * g  # the cell-state update: element-wise products and a sum
    h_t = o * np.tanh(c_t)
    return h_t, c_t, (i, f, g, o)


CACHE_KEYS = ("x_t", "h_prev", "c_prev", "i", "f", "g", "o", "c_t", "params")
"""Keys of the cache `lstm_step_forward` returns and `lstm_step_backward` reads: the step's
inputs, its four gate activations (batch, H) each, the new cell state and the params."""


def lstm_step_forward(x_t: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, params: dict):
    """One LSTM step in Keras's fused layout.

    Args:
        x_t: (batch, D) input at step t. h_prev, c_prev: (batch, H) states at step t-1.
        params: {"kernel": (D, 4H), "recurrent_kernel": (H, 4H), "bias": (4H,)}, blocks i, f, g, o.

    Returns:
        (h_t, c_t, cache): h_t, c_t (batch, H); cache a dict with `CACHE_KEYS`.
    """
    p = check_params(params, LSTM_KEYS)
    x_t = as_float_array("x_t (batch, D)", x_t, 2)
    batch, units = x_t.shape[0], p["recurrent_kernel"].shape[0]
    check_shape("params['kernel']", p["kernel"], (x_t.shape[1], 4 * units), " (D, 4H)")
    for name, state in (("h_prev", h_prev), ("c_prev", c_prev)):
        check_shape(name, as_float_array(name, state, 2), (batch, units), " (batch, H)")
    h_t, c_t, (i, f, g, o) = step(x_t, h_prev, c_prev, *(p[k] for k in LSTM_KEYS))
    cache = {"x_t": x_t, "h_prev": h_prev, "c_prev": c_prev}
    cache.update({"i": i, "f": f, "g": g, "o": o, "c_t": c_t, "params": p})
    return h_t, c_t, cache


def lstm_step_backward(dh_t: np.ndarray, dc_t: np.ndarray, cache: dict):
    """Backward through one LSTM step (the equations of the module docstring).

    Args:
        dh_t: (batch, H) gradient of the loss with respect to h_t (from the output and step t+1).
        dc_t: (batch, H) gradient with respect to c_t arriving from step t+1.
        cache: the third return value of `lstm_step_forward`.

    Returns:
        (dx_t, dh_prev, dc_prev, grads): (batch, D), (batch, H), (batch, H) and
        grads = {"kernel": (D, 4H), "recurrent_kernel": (H, 4H), "bias": (4H,)}.
    """
    missing = [k for k in CACHE_KEYS if k not in cache]
    if missing:
        raise ValueError(
            f"cache must have the keys {CACHE_KEYS} (lstm_step_forward's); missing {missing}"
        )
    i, f, g, o, c_t = (cache[k] for k in ("i", "f", "g", "o", "c_t"))
    for name, grad in (("dh_t", dh_t), ("dc_t", dc_t)):
        check_shape(name, as_float_array(name, grad, 2), c_t.shape, " (batch, H), like c_t")
    p = cache["params"]
    tanh_c = np.tanh(c_t)
    dc = dc_t + dh_t * o * (1.0 - tanh_c**2)  # from step t+1, and through h_t = o * tanh(c_t)
    do = dh_t * tanh_c
    df, di, dg = dc * cache["c_prev"], dc * g, dc * i  # c_t = f * c_prev + i * g
    dz = np.concatenate(
        [di * i * (1.0 - i), df * f * (1.0 - f), dg * (1.0 - g**2), do * o * (1.0 - o)], axis=1
    )
    grads = {
        "kernel": cache["x_t"].T @ dz,
        "recurrent_kernel": cache["h_prev"].T @ dz,
        "bias": dz.sum(axis=0),
    }
    return dz @ p["kernel"].T, dz @ p["recurrent_kernel"].T, dc * f, grads
