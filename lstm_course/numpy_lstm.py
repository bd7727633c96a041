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


def _sigmoid_(a: np.ndarray) -> None:
    """In-place logistic function: a <- 1 / (1 + exp(-a)) = 0.5 * (1 + tanh(a / 2))."""
    a *= 0.5
    np.tanh(a, out=a)
    a *= 0.5
    a += 0.5


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
            state at every step.
    """
    x, p, units = _checked(x, params)
    dtype = np.result_type(x, *p.values())
    batch, steps, _ = x.shape
    h_init = optional_state("h0", h0, batch, units, dtype)
    c_init = optional_state("c0", c0, batch, units, dtype)
    # Time-major work arrays: step t is one contiguous (batch, .) block.
    x_proj = np.ascontiguousarray(x.transpose(1, 0, 2)) @ p["kernel"] + p["bias"]  # (T, B, 4H)
    gates = x_proj.astype(dtype, copy=False)  # overwritten step by step with the activations
    hs = np.empty((steps, batch, units), dtype=dtype)
    cs = np.empty((steps, batch, units), dtype=dtype)
    u = p["recurrent_kernel"]
    h, c = h_init, c_init
    for t in range(steps):
        a = gates[t]
        a += h @ u  # (B, 4H): one matmul for all four gates
        _sigmoid_(a[:, : 2 * units])  # i, f
        _sigmoid_(a[:, 3 * units :])  # o
        g = a[:, 2 * units : 3 * units]
        np.tanh(g, out=g)  # candidate c~
        i, f, o = a[:, :units], a[:, units : 2 * units], a[:, 3 * units :]
        c = cs[t]
        np.multiply(f, c_init if t == 0 else cs[t - 1], out=c)
        c += i * g
        h = hs[t]
        np.tanh(c, out=h)
        h *= o
    cache = {
        "x": x,
        "params": p,
        "h0": h_init,
        "c0": c_init,
        "hs": hs.transpose(1, 0, 2),
        "cs": cs.transpose(1, 0, 2),
        "gates": gates.transpose(1, 0, 2),
    }
    return cache["hs"], (h.copy(), c.copy()), cache


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
    hs, cs, gates = (cache[k].transpose(1, 0, 2) for k in ("hs", "cs", "gates"))  # time-major
    steps, batch, units = hs.shape
    dhs = as_float_array("dhs (batch, time, H)", dhs, 3)
    check_shape("dhs", dhs, (batch, steps, units), " (batch, time, H)")
    dh_next = optional_state("dh_T", dh_T, batch, units, hs.dtype)
    dc_next = optional_state("dc_T", dc_T, batch, units, hs.dtype)
    u_t = p["recurrent_kernel"].T
    da = np.empty_like(gates)  # (T, B, 4H) gradient at the gates' pre-activations
    for t in reversed(range(steps)):
        a = gates[t]
        i, f, g, o = (
            a[:, :units],
            a[:, units : 2 * units],
            a[:, 2 * units : 3 * units],
            a[:, 3 * units :],
        )
        c_prev = cache["c0"] if t == 0 else cs[t - 1]
        tanh_c = np.tanh(cs[t])
        dh = dhs[:, t] + dh_next
        dc = dc_next + dh * o * (1.0 - tanh_c * tanh_c)
        d = da[t]
        np.multiply(dc * g, i * (1.0 - i), out=d[:, :units])  # input gate
        np.multiply(dc * c_prev, f * (1.0 - f), out=d[:, units : 2 * units])  # forget gate
        np.multiply(dc * i, 1.0 - g * g, out=d[:, 2 * units : 3 * units])  # candidate
        np.multiply(dh * tanh_c, o * (1.0 - o), out=d[:, 3 * units :])  # output gate
        dc_next = dc * f
        dh_next = d @ u_t
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
