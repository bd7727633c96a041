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

from lstm_course.validation import as_float_array, check_params, check_shape, optional_state

LSTM_KEYS = ("kernel", "recurrent_kernel", "bias")
GATES = ("i", "f", "c", "o")  # Keras's order of the four blocks of the fused kernel


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-z)), computed without overflow for large |z|."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def split_gates(z: np.ndarray) -> dict[str, np.ndarray]:
    """Split a fused (..., 4H) array into its i, f, c, o blocks of (..., H) each."""
    if z.shape[-1] % 4:
        raise ValueError(f"last axis must be 4*H (i, f, c, o blocks), got {z.shape[-1]}")
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


def _gate_affine(units: int, dtype) -> tuple[np.ndarray, np.ndarray]:
    """(scale, offset), each (4H,), such that all four gate activations come from ONE tanh:

        sigmoid(z) = 0.5 * tanh(0.5 * z) + 0.5   for i, f, o;   tanh(z) for the candidate.

    The pre-activations of i, f, o are scaled by 0.5 (exact in floating point), a single
    `tanh` runs over the whole (batch, 4H) block, then `a * scale + offset` finishes sigmoids.
    """
    scale = np.full(4 * units, 0.5, dtype=dtype)
    scale[2 * units : 3 * units] = 1.0
    offset = np.full(4 * units, 0.5, dtype=dtype)
    offset[2 * units : 3 * units] = 0.0
    return scale, offset


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
    """
    x, p, units = _checked(x, params)
    dtype = np.result_type(x, *p.values())
    batch, steps, _ = x.shape
    h_init = optional_state("h0", h0, batch, units, dtype)
    c_init = optional_state("c0", c0, batch, units, dtype)
    scale, offset = _gate_affine(units, dtype)
    u = p["recurrent_kernel"] * scale
    # Time-major work arrays: step t is one contiguous (batch, .) block. The input part of all
    # steps is one matmul; `gates` is then overwritten step by step with the activations.
    gates = np.ascontiguousarray(x.transpose(1, 0, 2)) @ (p["kernel"] * scale)
    gates += p["bias"] * scale  # (T, B, 4H)
    gates = gates.astype(dtype, copy=False)
    hs = np.empty((steps, batch, units), dtype=dtype)
    cs = np.empty((steps, batch, units), dtype=dtype)
    tanh_cs = np.empty((steps, batch, units), dtype=dtype)
    recurrent = np.empty((batch, 4 * units), dtype=dtype)
    h, c_prev = h_init, c_init
    for t in range(steps):
        a = gates[t]
        np.matmul(h, u, out=recurrent)  # (B, 4H): one matmul for all four gates
        a += recurrent
        np.tanh(a, out=a)
        a *= scale
        a += offset  # a = [i, f, g, o]
        c = cs[t]
        np.multiply(a[:, units : 2 * units], c_prev, out=c)  # f * c_{t-1}  (element-wise)
        c += a[:, :units] * a[:, 2 * units : 3 * units]  # + i * g
        np.tanh(c, out=tanh_cs[t])
        h = hs[t]
        np.multiply(a[:, 3 * units :], tanh_cs[t], out=h)  # h = o * tanh(c)
        c_prev = c
    cache = {
        "x": x,
        "params": p,
        "h0": h_init,
        "c0": c_init,
        "hs": hs.transpose(1, 0, 2),
        "cs": cs.transpose(1, 0, 2),
        "tanh_cs": tanh_cs.transpose(1, 0, 2),
        "gates": gates.transpose(1, 0, 2),
    }
    return cache["hs"], (h.copy(), c_prev.copy()), cache


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
    hs, cs, tanh_cs, gates = (
        cache[k].transpose(1, 0, 2) for k in ("hs", "cs", "tanh_cs", "gates")
    )  # time-major views
    steps, batch, units = hs.shape
    dhs = as_float_array("dhs (batch, time, H)", dhs, 3)
    check_shape("dhs", dhs, (batch, steps, units), " (batch, time, H)")
    dh_next = optional_state("dh_T", dh_T, batch, units, hs.dtype)
    dc_next = optional_state("dc_T", dc_T, batch, units, hs.dtype)
    i, f, g, o = (gates[..., k * units : (k + 1) * units] for k in range(4))
    c_prevs = np.concatenate([cache["c0"][None], cs[:-1]], axis=0)  # c_{t-1}: (T, B, H)
    # Everything that does not depend on the gradient flowing back is computed for all steps
    # at once: dL/da = [dc * g * i(1-i), dc * c_{t-1} * f(1-f), dc * i * (1-g^2), dh * tanh(c) *
    # o(1-o)], so `local` holds the four factors that multiply dc (or dh for o).
    local = np.empty_like(gates)  # (T, B, 4H)
    local[..., :units] = g * i * (1.0 - i)
    local[..., units : 2 * units] = c_prevs * f * (1.0 - f)
    local[..., 2 * units : 3 * units] = i * (1.0 - g * g)
    local[..., 3 * units :] = tanh_cs * o * (1.0 - o)
    dc_from_h = o * (1.0 - tanh_cs * tanh_cs)  # dc/dh through h = o * tanh(c)
    u_t = p["recurrent_kernel"].T
    da = np.empty_like(gates)  # (T, B, 4H) gradient at the gates' pre-activations
    dhs_tm = dhs.transpose(1, 0, 2)
    for t in reversed(range(steps)):
        dh = dhs_tm[t] + dh_next
        dc = dh * dc_from_h[t]
        dc += dc_next
        d = da[t].reshape(batch, 4, units)
        np.multiply(local[t].reshape(batch, 4, units)[:, :3], dc[:, None, :], out=d[:, :3])
        np.multiply(local[t, :, 3 * units :], dh, out=d[:, 3])
        dc_next = dc * f[t]
        dh_next = da[t] @ u_t
    h_prevs = np.concatenate([cache["h0"][None], hs[:-1]], axis=0)  # h_{t-1}: (T, B, H)
    flat = da.reshape(-1, 4 * units)
    x_tm = x.transpose(1, 0, 2).reshape(-1, x.shape[2])
    return {
        "kernel": x_tm.T @ flat,
        "recurrent_kernel": h_prevs.reshape(-1, units).T @ flat,
        "bias": flat.sum(axis=0),
        "x": (da @ p["kernel"].T).transpose(1, 0, 2),
        "h0": dh_next,
        "c0": dc_next,
    }
