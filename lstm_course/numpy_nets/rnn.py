"""Lesson 01: a vanilla (Elman) RNN in NumPy, forward pass and backpropagation through time.

Introduced in notebooks/01_rnn_from_scratch.ipynb. Same maths and weight layout as
`keras.layers.SimpleRNN` with `activation="tanh"`:

    h_t = tanh(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)

Shapes: x (batch, time, features=D); params kernel (D, H), recurrent_kernel (H, H), bias (H,).

`rnn_forward`/`rnn_backward` are the vectorised versions later lessons import. The step functions
the lesson's exercises write, `rnn_step_forward` (h_t and a cache) and `rnn_step_backward`, and
the loops over them, `rnn_forward_steps` and `rnn_backward_steps` (BPTT), give the same numbers.
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_nets.input_checks import (
    as_float_array,
    check_params,
    check_shape,
    optional_state,
)

RNN_KEYS = ("kernel", "recurrent_kernel", "bias")


def init_rnn_params(
    input_dim: int, units: int, seed: int = 0, dtype=np.float64
) -> dict[str, np.ndarray]:
    """Random params like Keras's defaults: Glorot-uniform kernel, orthogonal recurrent
    kernel, zero bias."""
    if input_dim < 1 or units < 1:
        raise ValueError(f"input_dim and units must be >= 1, got {input_dim}, {units}")
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6.0 / (input_dim + units))
    q, r = np.linalg.qr(rng.standard_normal((units, units)))
    return {
        "kernel": rng.uniform(-limit, limit, (input_dim, units)).astype(dtype),
        "recurrent_kernel": (q * np.sign(np.diag(r))).astype(dtype),
        "bias": np.zeros(units, dtype=dtype),
    }


def _checked(x, params):
    x = as_float_array("x (batch, time, features)", x, 3)
    p = check_params(params, RNN_KEYS)
    d, h = p["kernel"].shape
    if x.shape[2] != d:
        raise ValueError(f"x has {x.shape[2]} features but params['kernel'] expects {d} (D, H)")
    check_shape("params['recurrent_kernel']", p["recurrent_kernel"], (h, h), " (H, H)")
    check_shape("params['bias']", p["bias"], (h,), " (H,)")
    if x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"x needs at least one sequence and one step, got shape {x.shape}")
    return x, p, h


def rnn_forward(x: np.ndarray, params: dict, h0: np.ndarray | None = None):
    """Run the RNN over a batch of sequences.

    Args:
        x: (batch, time, D) inputs.
        params: {"kernel": (D, H), "recurrent_kernel": (H, H), "bias": (H,)}.
        h0: (batch, H) initial state; zeros when None.

    Returns:
        hs: (batch, time, H) hidden state at every step;
        h_T: (batch, H) the last hidden state;
        cache: what `rnn_backward` needs.
    """
    x, p, units = _checked(x, params)
    dtype = np.result_type(x, *p.values())
    batch, steps, _ = x.shape
    h_init = optional_state("h0", h0, batch, units, dtype)
    h_prev = h_init
    x_proj = x @ p["kernel"] + p["bias"]  # (B, T, H): the input part of every step at once
    hs = np.empty((batch, steps, units), dtype=dtype)
    for t in range(steps):
        h_prev = np.tanh(x_proj[:, t] + h_prev @ p["recurrent_kernel"])
        hs[:, t] = h_prev
    cache = {"x": x, "params": p, "h0": h_init, "hs": hs}
    return hs, hs[:, -1].copy(), cache


def rnn_backward(dhs: np.ndarray, cache: dict, dh_T: np.ndarray | None = None) -> dict:
    """Backpropagation through time for `rnn_forward`.

    Args:
        dhs: (batch, time, H) gradient of the loss with respect to every `hs[:, t]`.
        cache: the third return value of `rnn_forward`.
        dh_T: (batch, H) extra gradient on the last state (e.g. from a loss on h_T); optional.

    Returns:
        grads: {"kernel", "recurrent_kernel", "bias", "x", "h0"}, each shaped like its input.
    """
    hs, x, p, h0 = cache["hs"], cache["x"], cache["params"], cache["h0"]
    batch, steps, units = hs.shape
    dhs = as_float_array("dhs (batch, time, H)", dhs, 3)
    check_shape("dhs", dhs, hs.shape, " (batch, time, H)")
    dh_next = optional_state("dh_T", dh_T, batch, units, hs.dtype)
    h_prevs = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)  # h_{t-1} for every t
    dz = np.empty_like(hs)  # gradient at the pre-activation of every step
    for t in reversed(range(steps)):
        dh = dhs[:, t] + dh_next
        dz[:, t] = dh * (1.0 - hs[:, t] ** 2)  # tanh'(z) = 1 - tanh(z)^2
        dh_next = dz[:, t] @ p["recurrent_kernel"].T
    flat_dz = dz.reshape(-1, units)
    return {
        "kernel": x.reshape(-1, x.shape[2]).T @ flat_dz,
        "recurrent_kernel": h_prevs.reshape(-1, units).T @ flat_dz,
        "bias": flat_dz.sum(axis=0),
        "x": dz @ p["kernel"].T,
        "h0": dh_next,
    }


# Step by step, as lesson 01's exercises write it: one step forward with its cache, one step
# backward, and BPTT as a loop over the steps. Same numbers as `rnn_forward`/`rnn_backward`.


def rnn_step_forward(x_t: np.ndarray, h_prev: np.ndarray, params: dict):
    """One RNN step, h_t = tanh(x_t @ kernel + h_prev @ recurrent_kernel + bias).

    Args:
        x_t: (batch, D) the input at step t; h_prev: (batch, H) the state h_{t-1}.
        params: {"kernel": (D, H), "recurrent_kernel": (H, H), "bias": (H,)}.

    Returns:
        h_t: (batch, H);
        cache: (x_t, h_prev, h_t, params), what `rnn_step_backward` needs.
    """
    if np.ndim(x_t) != 2 or np.ndim(h_prev) != 2:
        raise ValueError(
            f"x_t must be (batch, D) and h_prev (batch, H), got shapes "
            f"{np.shape(x_t)} and {np.shape(h_prev)}"
        )
    h_t = np.tanh(x_t @ params["kernel"] + h_prev @ params["recurrent_kernel"] + params["bias"])
    return h_t, (x_t, h_prev, h_t, params)


def rnn_step_backward(dh_t: np.ndarray, cache: tuple):
    """Backward through one step: from dL/dh_t to the step's input, state and weights.

    Args:
        dh_t: (batch, H) the whole gradient reaching h_t (direct plus from step t+1).
        cache: the second return value of `rnn_step_forward`.

    Returns:
        dx_t: (batch, D); dh_prev: (batch, H), the gradient handed to step t-1;
        grads: {"kernel": (D, H), "recurrent_kernel": (H, H), "bias": (H,)}, this step's part.
    """
    x_t, h_prev, h_t, params = cache
    check_shape("dh_t", np.asarray(dh_t), h_t.shape, " (batch, H), like h_t")
    dz = dh_t * (1.0 - h_t**2)  # through tanh: tanh'(z_t) = 1 - h_t**2
    grads = {"kernel": x_t.T @ dz, "recurrent_kernel": h_prev.T @ dz, "bias": dz.sum(axis=0)}
    return dz @ params["kernel"].T, dz @ params["recurrent_kernel"].T, grads


def rnn_forward_steps(x: np.ndarray, params: dict, h0: np.ndarray | None = None):
    """`rnn_forward` as a loop of `rnn_step_forward`: hs (batch, time, H) and the step caches."""
    x, p, units = _checked(x, params)
    h = optional_state("h0", h0, x.shape[0], units, np.result_type(x, *p.values()))
    hs, caches = [], []
    for t in range(x.shape[1]):
        h, cache = rnn_step_forward(x[:, t], h, p)
        hs.append(h)
        caches.append(cache)
    return np.stack(hs, axis=1), caches


def rnn_backward_steps(dhs: np.ndarray, caches: list) -> dict:
    """BPTT as a loop of `rnn_step_backward`, from the last step to the first.

    Args:
        dhs: (batch, time, H) the direct gradient on every h_t (zeros where the loss does not
            read h_t); caches: the step caches of `rnn_forward_steps`, one per step.

    Returns:
        grads: {"kernel", "recurrent_kernel", "bias"} summed over the steps, "x" (batch, time,
        D) and "h0" (batch, H): the same as `rnn_backward`.
    """
    dhs = as_float_array("dhs (batch, time, H)", dhs, 3)
    if len(caches) != dhs.shape[1]:
        raise ValueError(f"dhs has {dhs.shape[1]} steps but there are {len(caches)} caches")
    params = caches[0][3]
    grads = {k: np.zeros_like(params[k], dtype=dhs.dtype) for k in RNN_KEYS}
    dxs = [None] * len(caches)
    dh_next = np.zeros_like(dhs[:, 0])  # nothing flows back from after the last step
    for t in reversed(range(len(caches))):
        dxs[t], dh_next, step = rnn_step_backward(dhs[:, t] + dh_next, caches[t])
        for k in RNN_KEYS:
            grads[k] += step[k]
    return {**grads, "x": np.stack(dxs, axis=1), "h0": dh_next}
