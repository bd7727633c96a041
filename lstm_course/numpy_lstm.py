"""An LSTM in NumPy: forward pass and backpropagation through time, vectorised over the gates.

Introduced in notebooks/04_lstm_from_scratch.ipynb (gate by gate in 03). Same maths, weight
layout and gate order (i, f, c, o) as `keras.layers.LSTM` with its default activations:

    z_t = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias        (batch, 4H)
    i_t = sigmoid(z_i)   f_t = sigmoid(z_f)   g_t = tanh(z_c)   o_t = sigmoid(z_o)
    c_t = f_t * c_{t-1} + i_t * g_t          (* is the element-wise product)
    h_t = o_t * tanh(c_t)

Shapes: x (batch, time, D); kernel (D, 4H), recurrent_kernel (H, 4H), bias (4H,).
"""

from __future__ import annotations

import numpy as np

from lstm_course.input_checks import as_float_array, check_params, check_shape, optional_state

LSTM_KEYS = ("kernel", "recurrent_kernel", "bias")
GATES = ("i", "f", "g", "o")  # the four blocks of the fused kernel, in Keras's order
"""Input gate, forget gate, candidate g (written c~ in the maths; Keras calls its block "c"),
output gate."""
TRACE_KEYS = GATES + ("c", "c_prev", "h")
"""Keys of `gate_traces`: the four gates, the cell state c_t, c_{t-1}, the hidden state h_t."""


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-z)), computed without overflow for large |z|."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def split_gates(z: np.ndarray) -> dict[str, np.ndarray]:
    """Split a fused (..., 4H) array into its i, f, g, o blocks of (..., H) each."""
    if z.shape[-1] % 4:
        raise ValueError(f"last axis must be 4*H (i, f, g, o blocks), got {z.shape[-1]}")
    return dict(zip(GATES, np.split(z, 4, axis=-1), strict=True))


def init_lstm_params(
    input_dim: int, units: int, seed: int = 0, dtype=np.float64, unit_forget_bias: bool = True
) -> dict[str, np.ndarray]:
    """Random params like Keras's defaults: Glorot-uniform kernel, orthogonal recurrent kernel,
    zero bias except the forget gate's, which starts at 1 (`unit_forget_bias`)."""
    if input_dim < 1 or units < 1:
        raise ValueError(f"input_dim and units must be >= 1, got {input_dim}, {units}")
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6.0 / (input_dim + 4 * units))
    q, r = np.linalg.qr(rng.standard_normal((4 * units, units)))
    bias = np.zeros(4 * units)
    if unit_forget_bias:
        bias[units : 2 * units] = 1.0
    return {
        "kernel": rng.uniform(-limit, limit, (input_dim, 4 * units)).astype(dtype),
        "recurrent_kernel": (q * np.sign(np.diag(r))).T.astype(dtype),
        "bias": bias.astype(dtype),
    }


def _checked(x, params):
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


def _exp_signs(units: int, dtype) -> np.ndarray:
    """(4H, 1) column of -1 (gates i, f, o) and -2 (candidate c) that turns all four activations
    into ONE `exp` over the fused (4H, batch) block:

        sigmoid(z) = 1 / (1 + exp(-z))      tanh(z) = 2 * sigmoid(2z) - 1

    The weights are multiplied by these signs once (exact in floating point), so each step runs
    exp, +1 and a reciprocal over the whole block, then `2s - 1` on the candidate's rows.
    """
    signs = np.full((4 * units, 1), -1.0, dtype=dtype)
    signs[2 * units : 3 * units] = -2.0
    return signs


def _inputs_with_one(x: np.ndarray, dtype) -> np.ndarray:
    """(time, D + 1, batch): x feature-major with a constant 1 appended, so that the bias is one
    more column of the kernel and `[kernel; bias]` multiplies it in one matmul."""
    batch, steps, features = x.shape
    x1 = np.ones((steps, features + 1, batch), dtype=dtype)
    x1[:, :features] = x.transpose(1, 2, 0)
    return x1


def lstm_forward(
    x: np.ndarray, params: dict, h0: np.ndarray | None = None, c0: np.ndarray | None = None
):
    """Run the LSTM over a batch of sequences.

    Args:
        x: (batch, time, D) inputs.
        params: {"kernel": (D, 4H), "recurrent_kernel": (H, 4H), "bias": (4H,)}, gates i, f, c, o.
        h0, c0: (batch, H) initial hidden and cell state; zeros when None.

    Returns:
        hs: (batch, time, H) hidden state (the layer's output) at every step;
        (h_T, c_T): (batch, H) each, the final hidden and cell state;
        cache: what `lstm_backward` needs; `cache["gates"]` is (batch, time, 4H) holding
            the activations i, f, g (candidate), o and `cache["cs"]` (batch, time, H) the cell
            state at every step (`cache["tanh_cs"]` holds tanh of it).

    Inside, the work arrays are feature-major, (time, 4H, batch): each gate's block at a step
    is one contiguous (H, batch) array, so the element-wise products of the cell update run on
    contiguous memory. The arrays returned are (batch, time, .) views of them.
    """
    x, p, units = _checked(x, params)
    dtype = np.result_type(x, *p.values())
    batch, steps, _ = x.shape
    h_init = optional_state("h0", h0, batch, units, dtype)
    c_init = optional_state("c0", c0, batch, units, dtype)
    signs = _exp_signs(units, dtype)
    w_in = np.concatenate([p["kernel"], p["bias"][None]]).T * signs  # (4H, D + 1)
    u_t = np.ascontiguousarray(p["recurrent_kernel"].T * signs)  # (4H, H)
    # The input part of every step at once: gates[t] = -[kernel; bias]^T [x_t; 1], (4H, batch).
    gates = np.matmul(w_in.astype(dtype, copy=False), _inputs_with_one(x, dtype))
    hs, cs, tanh_cs = (np.empty((steps, units, batch), dtype=dtype) for _ in range(3))
    recurrent = np.empty((4 * units, batch), dtype=dtype)
    h, c_prev = np.ascontiguousarray(h_init.T), np.ascontiguousarray(c_init.T)
    with np.errstate(over="ignore"):  # exp(-z) = inf for z << 0 gives sigmoid(z) = 0, correctly
        for t in range(steps):
            a = gates[t]
            np.matmul(u_t, h, out=recurrent)  # one matmul for all four gates
            a += recurrent  # a = -z  (-2z for the candidate)
            np.exp(a, out=a)
            a += 1.0
            np.reciprocal(a, out=a)  # sigmoid(z); sigmoid(2z) for the candidate
            i, f, g, o = (a[k * units : (k + 1) * units] for k in range(4))
            g *= 2.0
            g -= 1.0  # g = tanh(z)
            c = cs[t]
            np.multiply(f, c_prev, out=c)  # f * c_{t-1}  (element-wise)
            c += i * g  # + i * g
            np.tanh(c, out=tanh_cs[t])
            h = hs[t]
            np.multiply(o, tanh_cs[t], out=h)  # h = o * tanh(c)
            c_prev = c
    batch_first = (2, 0, 1)
    cache = {
        "x": x,
        "params": p,
        "h0": h_init,
        "c0": c_init,
        "hs": hs.transpose(batch_first),
        "cs": cs.transpose(batch_first),
        "tanh_cs": tanh_cs.transpose(batch_first),
        "gates": gates.transpose(batch_first),
    }
    return cache["hs"], (h.T.copy(), c_prev.T.copy()), cache


def lstm_backward(
    dhs: np.ndarray, cache: dict, dh_T: np.ndarray | None = None, dc_T: np.ndarray | None = None
) -> dict:
    """Backpropagation through time for `lstm_forward`.

    Args:
        dhs: (batch, time, H) gradient of the loss with respect to every `hs[:, t]`.
        cache: the third return value of `lstm_forward`.
        dh_T, dc_T: (batch, H) extra gradients on the final states; optional.

    Returns:
        grads: {"kernel", "recurrent_kernel", "bias", "x", "h0", "c0"}, each shaped like its input.
    """
    x, p = cache["x"], cache["params"]
    feature_major = (1, 2, 0)
    hs, cs, tanh_cs, gates = (
        cache[k].transpose(feature_major) for k in ("hs", "cs", "tanh_cs", "gates")
    )  # (time, ., batch) views of the forward's work arrays
    steps, units, batch = hs.shape
    dtype = hs.dtype
    dhs = as_float_array("dhs (batch, time, H)", dhs, 3)
    check_shape("dhs", dhs, (batch, steps, units), " (batch, time, H)")
    dhs_fm = dhs.transpose(feature_major)
    dh_next = np.ascontiguousarray(optional_state("dh_T", dh_T, batch, units, dtype).T)
    dc_next = np.ascontiguousarray(optional_state("dc_T", dc_T, batch, units, dtype).T)
    h0, c0 = cache["h0"].T, cache["c0"].T
    x1 = _inputs_with_one(x, dtype)  # (time, D + 1, batch)
    kernel, u = (p[k].astype(dtype, copy=False) for k in ("kernel", "recurrent_kernel"))
    # Gradients of the weights, accumulated step by step: dW_in = sum_t da_t [x_t; 1]^T and
    # dU^T = sum_t da_t h_{t-1}^T, where da_t (4H, batch) is the gradient at the pre-activations.
    dw_in = np.zeros((4 * units, x1.shape[1]), dtype=dtype)
    du_t = np.zeros((4 * units, units), dtype=dtype)
    dx = np.empty((steps, x.shape[2], batch), dtype=dtype)
    da = np.empty((4 * units, batch), dtype=dtype)
    d_i, d_f, d_g, d_o = (da[k * units : (k + 1) * units] for k in range(4))
    dh, dc = (np.empty((units, batch), dtype=dtype) for _ in range(2))
    w_tmp, u_tmp = np.empty_like(dw_in), np.empty_like(du_t)
    for t in reversed(range(steps)):
        i, f, g, o = (gates[t, k * units : (k + 1) * units] for k in range(4))  # (H, batch)
        c_prev, h_prev = (cs[t - 1], hs[t - 1]) if t else (c0, h0)
        np.add(dhs_fm[t], dh_next, out=dh)  # dL/dh_t: from the output and from step t+1
        np.multiply(tanh_cs[t], tanh_cs[t], out=dc)
        np.subtract(1.0, dc, out=dc)
        dc *= o
        dc *= dh
        dc += dc_next  # dL/dc_t = dh * o * (1 - tanh(c)^2) + dL/dc_t from step t+1
        np.subtract(1.0, o, out=d_o)  # d_o = dh * tanh(c) * o(1-o)
        d_o *= o
        d_o *= tanh_cs[t]
        d_o *= dh
        np.subtract(1.0, i, out=d_i)  # d_i = dc * g * i(1-i)
        d_i *= i
        d_i *= g
        d_i *= dc
        np.subtract(1.0, f, out=d_f)  # d_f = dc * c_{t-1} * f(1-f)
        d_f *= f
        d_f *= c_prev
        d_f *= dc
        np.multiply(g, g, out=d_g)  # d_g = dc * i * (1 - g^2)
        np.subtract(1.0, d_g, out=d_g)
        d_g *= i
        d_g *= dc
        np.multiply(dc, f, out=dc_next)  # dL/dc_{t-1} through c_t = f * c_{t-1} + ...
        np.matmul(u, da, out=dh_next)  # dL/dh_{t-1}: (H, 4H) @ (4H, batch)
        np.matmul(kernel, da, out=dx[t])  # dL/dx_t: (D, 4H) @ (4H, batch)
        dw_in += np.matmul(da, x1[t].T, out=w_tmp)
        du_t += np.matmul(da, h_prev.T, out=u_tmp)
    return {
        "kernel": dw_in[:, :-1].T.copy(),
        "recurrent_kernel": du_t.T.copy(),
        "bias": dw_in[:, -1].copy(),
        "x": dx.transpose(2, 0, 1),
        "h0": dh_next.T.copy(),
        "c0": dc_next.T.copy(),
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
