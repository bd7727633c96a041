"""Lesson 04: an LSTM in NumPy, forward pass and backpropagation through time.

The program lesson 04 writes (gate by gate in lesson 03), with the four gates' weights fused into
one matrix as in `keras.layers.LSTM` (blocks in the order `GATES` = i, f, g, o; Keras calls the
candidate's block "c"). At every step t, with * the element-wise product:

    z_t = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias       (batch, 4H): z_i, z_f, z_g, z_o
    i_t = sigmoid(z_i)   f_t = sigmoid(z_f)   g_t = tanh(z_g)   o_t = sigmoid(z_o)
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)

Shapes: x (batch, time, D); kernel (D, 4H), recurrent_kernel (H, 4H), bias (4H,). One step of
it is `lstm_course.numpy_nets.lstm_step.step`, which `lstm_forward` loops over time.
`lstm_course.numpy_nets.lstm_fast` computes the same numbers faster, with less readable code.
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_nets.initializers import lstm_bias
from lstm_course.numpy_nets.input_checks import (
    as_float_array,
    check_params,
    check_shape,
    optional_state,
)
from lstm_course.numpy_nets.lstm_step import (  # the step's names, also importable from here
    GATES,
    LSTM_KEYS,
    split_gates,
    step,
)

TRACE_KEYS = GATES + ("c", "c_prev", "h")
"""Keys of `gate_traces`: the four gates, the cell state c_t, c_{t-1}, the hidden state h_t."""


def init_lstm_params(
    input_dim: int, units: int, seed: int = 0, dtype=np.float64, unit_forget_bias: bool = True
) -> dict[str, np.ndarray]:
    """Random params like Keras's defaults.

    Args:
        input_dim: D, features per step. units: H.
        seed: seed of the generator. dtype: float32 or float64.
        unit_forget_bias: forget-gate bias 1 (Keras's default) or 0 (`initializers.lstm_bias`).

    Returns:
        {"kernel": (D, 4H) Glorot-uniform, "recurrent_kernel": (H, 4H) orthogonal,
        "bias": (4H,) zeros except the forget block}.
    """
    if input_dim < 1 or units < 1:
        raise ValueError(f"input_dim and units must be >= 1, got {input_dim}, {units}")
    if not np.issubdtype(np.dtype(dtype), np.floating):
        raise ValueError(f"dtype must be float32 or float64, got {np.dtype(dtype)}")
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6.0 / (input_dim + 4 * units))
    q, r = np.linalg.qr(rng.standard_normal((4 * units, units)))
    return {
        "kernel": rng.uniform(-limit, limit, (input_dim, 4 * units)).astype(dtype),
        "recurrent_kernel": (q * np.sign(np.diag(r))).T.astype(dtype),
        "bias": lstm_bias(units, 1.0 if unit_forget_bias else 0.0).astype(dtype),
    }


def check_lstm_inputs(x, params) -> tuple[np.ndarray, dict[str, np.ndarray], int]:
    """Check x (batch, time, D) and the params against each other; return (x, params, H)."""
    x = as_float_array("x (batch, time, features)", x, 3)
    p = check_params(params, LSTM_KEYS)
    d, four_h = p["kernel"].shape
    if four_h % 4:
        raise ValueError(f"params['kernel'] must be (D, 4H), got {p['kernel'].shape}")
    h = four_h // 4
    if x.shape[2] != d:
        raise ValueError(f"x has {x.shape[2]} features but params['kernel'] expects {d} (D, 4H)")
    check_shape("params['recurrent_kernel']", p["recurrent_kernel"], (h, 4 * h), " (H, 4H)")
    check_shape("params['bias']", p["bias"], (4 * h,), " (4H,)")
    if x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"x needs at least one sequence and one step, got shape {x.shape}")
    return x, p, h


def lstm_forward(
    x: np.ndarray, params: dict, h0: np.ndarray | None = None, c0: np.ndarray | None = None
):
    """Run the LSTM over a batch of sequences, one step at a time.

    Args:
        x: (batch, time, D) inputs.
        params: {"kernel": (D, 4H), "recurrent_kernel": (H, 4H), "bias": (4H,)}, blocks i, f, g, o.
        h0, c0: (batch, H) initial hidden and cell state; zeros when None.

    Returns:
        hs: (batch, time, H) hidden state (the layer's output) at every step;
        (h_T, c_T): (batch, H) each, the final hidden and cell state;
        cache: what `lstm_backward` needs: "x", "params", "h0", "c0", "hs", "cs" (batch, time, H)
            the cell state at every step, and "gates" (batch, time, 4H) the activations
            i, f, g, o side by side (`split_gates` separates them).
    Computed in the wider dtype of x and params (float32 stays float32).
    """
    x, p, units = check_lstm_inputs(x, params)
    dtype = np.result_type(x, *p.values())
    x = x.astype(dtype, copy=False)
    kernel, recurrent_kernel, bias = (p[k].astype(dtype, copy=False) for k in LSTM_KEYS)
    batch, steps, _ = x.shape
    h = h0 = optional_state("h0", h0, batch, units, dtype)
    c = c0 = optional_state("c0", c0, batch, units, dtype)
    hs = np.empty((batch, steps, units), dtype)
    cs = np.empty((batch, steps, units), dtype)
    gates = np.empty((batch, steps, 4 * units), dtype)
    for t in range(steps):  # one step at a time: `lstm_step.step`, the equations above
        h, c, (i, f, g, o) = step(x[:, t], h, c, kernel, recurrent_kernel, bias)
        hs[:, t], cs[:, t] = h, c
        gates[:, t] = np.concatenate([i, f, g, o], axis=1)
    cache = {"x": x, "params": p, "h0": h0, "c0": c0, "hs": hs, "cs": cs, "gates": gates}
    return hs, (h, c), cache


def lstm_backward(
    dhs: np.ndarray, cache: dict, dh_T: np.ndarray | None = None, dc_T: np.ndarray | None = None
) -> dict:
    """Backpropagation through time for `lstm_forward`, from the last step to the first.

    At step t, with dh_next, dc_next the gradients arriving from step t+1 (dh_T, dc_T at the end)
    and s' = s(1 - s), tanh' = 1 - tanh^2:

        dh = dhs[:, t] + dh_next                       dL/dh_t: from the output and from t+1
        do = dh * tanh(c_t)                            h_t = o_t * tanh(c_t)
        dc = dc_next + dh * o_t * (1 - tanh(c_t)^2)
        df = dc * c_{t-1}    di = dc * g_t    dg = dc * i_t      c_t = f_t * c_{t-1} + i_t * g_t
        dz_i = di * i(1 - i)   dz_f = df * f(1 - f)   dz_g = dg * (1 - g^2)   dz_o = do * o(1 - o)
        dz = [dz_i, dz_f, dz_g, dz_o]                  (batch, 4H)
        dkernel += x_t^T @ dz    drecurrent_kernel += h_{t-1}^T @ dz    dbias += sum_batch dz
        dx_t = dz @ kernel^T
        dh_prev = dz @ recurrent_kernel^T              back to h_{t-1} through all four gates
        dc_prev = dc * f_t                             back to c_{t-1} along the cell state

    Args:
        dhs: (batch, time, H) gradient of the loss with respect to every `hs[:, t]`.
        cache: the third return value of `lstm_forward`.
        dh_T, dc_T: (batch, H) extra gradients on the final states; optional.

    Returns:
        grads: {"kernel", "recurrent_kernel", "bias", "x", "h0", "c0"}, each shaped like its input.
    """
    x, hs, cs, gates = cache["x"], cache["hs"], cache["cs"], cache["gates"]
    batch, steps, units = hs.shape
    dtype = hs.dtype
    kernel, recurrent_kernel, bias = (cache["params"][k].astype(dtype) for k in LSTM_KEYS)
    dhs = as_float_array("dhs (batch, time, H)", dhs, 3)
    check_shape("dhs", dhs, (batch, steps, units), " (batch, time, H)")
    dhs = dhs.astype(dtype, copy=False)  # compute in the forward pass's dtype
    dh_next = optional_state("dh_T", dh_T, batch, units, dtype)
    dc_next = optional_state("dc_T", dc_T, batch, units, dtype)
    dkernel = np.zeros_like(kernel)
    drecurrent_kernel = np.zeros_like(recurrent_kernel)
    dbias = np.zeros_like(bias)
    dx = np.empty(x.shape, dtype)
    for t in reversed(range(steps)):
        x_t = x[:, t]
        h_prev = hs[:, t - 1] if t else cache["h0"]
        c_prev = cs[:, t - 1] if t else cache["c0"]
        i, f, g, o = split_gates(gates[:, t]).values()
        tanh_c = np.tanh(cs[:, t])
        dh = dhs[:, t] + dh_next
        do = dh * tanh_c
        dc = dc_next + dh * o * (1.0 - tanh_c**2)
        df = dc * c_prev
        di = dc * g
        dg = dc * i
        dz_i = di * i * (1.0 - i)
        dz_f = df * f * (1.0 - f)
        dz_g = dg * (1.0 - g**2)
        dz_o = do * o * (1.0 - o)
        dz = np.concatenate([dz_i, dz_f, dz_g, dz_o], axis=1)
        dkernel += x_t.T @ dz
        drecurrent_kernel += h_prev.T @ dz
        dbias += dz.sum(axis=0)
        dx[:, t] = dz @ kernel.T
        dh_prev = dz @ recurrent_kernel.T
        dc_prev = dc * f
        dh_next, dc_next = dh_prev, dc_prev
    return {
        "kernel": dkernel,
        "recurrent_kernel": drecurrent_kernel,
        "bias": dbias,
        "x": dx,
        "h0": dh_next,
        "c0": dc_next,
    }


def gate_traces(x: np.ndarray, params: dict) -> dict[str, np.ndarray]:
    """Run the LSTM on `x` and return every step's gates and states under one key scheme.

    Args:
        x: (batch, time, D) inputs, or (time, D) for one sequence.
        params: {"kernel": (D, 4H), "recurrent_kernel": (H, 4H), "bias": (4H,)}, blocks i, f, g, o
            as in `keras.layers.LSTM.get_weights()`.

    Returns:
        {"i", "f", "g", "o", "c", "c_prev", "h"} (`TRACE_KEYS`): the gates, the candidate g, the
        cell state c_t, the previous cell state c_{t-1} (zeros at t = 0) and the hidden state h_t,
        each (batch, time, H), or (time, H) for one sequence; c == f * c_prev + i * g.

    Introduced in notebooks/03_lstm_gate_by_gate.ipynb; used again in 05 and 07.
    """
    x = np.asarray(x)
    if x.ndim not in (2, 3):
        raise ValueError(f"x must be (batch, time, D) or one sequence (time, D), got {x.shape}")
    batch = x if x.ndim == 3 else x[None]
    hs, _, cache = lstm_forward(batch, params)
    trace = split_gates(cache["gates"])
    trace["c"] = cache["cs"]
    trace["c_prev"] = np.concatenate([cache["c0"][:, None], cache["cs"][:, :-1]], axis=1)
    trace["h"] = hs
    return trace if x.ndim == 3 else {k: v[0] for k, v in trace.items()}
