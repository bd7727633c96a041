"""Lesson 04: the same LSTM as `lstm`, rearranged for speed (about 2x faster on a CPU).

Same maths, API, params and gate order as `lstm_course.numpy_nets.lstm`, which is the one to read;
tests/test_numpy_lstm_fast.py checks that both give the same outputs and gradients; the
benchmarks (`make bench`) time both. Used where speed matters: the training loop
(`training`, hence `gap_accuracy`). The tricks, each explained where it is done:

1. One `exp` for all four gates. sigmoid(z) = 1 / (1 + exp(-z)) and tanh(z) = 2 sigmoid(2z) - 1,
   so after multiplying the weight rows of i, f, o by -1 and those of g by -2 (once, exactly:
   powers of two), every step runs exp, + 1 and a reciprocal over the whole (4H, batch) block.
   Precision cost: 2 s - 1 cancels near 0, so g keeps its ABSOLUTE error (about 1e-7 in
   float32, 1e-16 in float64) but not its relative error: at z_g = 1e-4 the candidate is off by
   1.7e-4 relative in float32 (3e-13 in float64), where np.tanh is off by 3e-9. Since g enters
   c_t = f * c_{t-1} + i * g only through a sum, the absolute error is what reaches c and h.
2. Deliberate overflow. For z below about -88 (float32) or -709 (float64), exp(-z) is inf and
   1 / (1 + inf) = 0 is exactly the right limit; the overflow warning is silenced on purpose
   with `np.errstate(over="ignore")` around the loop.
3. The bias as one more input column: x gets a constant 1 appended, so x_t @ kernel + bias is
   one matmul, done for every step at once before the loop.
4. Feature-major work arrays, (time, 4H, batch): each gate's block at a step is one contiguous
   (H, batch) slice, so the element-wise products run on contiguous memory; the cache holds
   (batch, time, .) views of them, as `lstm` does.
5. In-place operations (`out=`, `*=`) into preallocated arrays: no temporary per step.
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_nets.input_checks import as_float_array, check_shape, optional_state
from lstm_course.numpy_nets.lstm import check_lstm_inputs


def _exp_signs(units: int, dtype) -> np.ndarray:
    """(4H, 1) column: -1 for the rows of i, f, o and -2 for those of g (trick 1)."""
    signs = np.full((4 * units, 1), -1.0, dtype=dtype)
    signs[2 * units : 3 * units] = -2.0
    return signs


def _inputs_with_one(x: np.ndarray, dtype) -> np.ndarray:
    """(time, D + 1, batch): x feature-major with a constant 1 appended (tricks 3 and 4)."""
    batch, steps, features = x.shape
    x1 = np.ones((steps, features + 1, batch), dtype=dtype)
    x1[:, :features] = x.transpose(1, 2, 0)
    return x1


def lstm_forward(
    x: np.ndarray, params: dict, h0: np.ndarray | None = None, c0: np.ndarray | None = None
):
    """`numpy_lstm.lstm_forward`, faster: same arguments, same returns.

    The cache has the same keys ("gates" (batch, time, 4H) the activations i, f, g, o; "cs"
    the cell states; ...) plus "tanh_cs", tanh of the cell states, which the backward pass reuses.
    """
    x, p, units = check_lstm_inputs(x, params)
    dtype = np.result_type(x, *p.values())
    batch, steps, _ = x.shape
    h_init = optional_state("h0", h0, batch, units, dtype)
    c_init = optional_state("c0", c0, batch, units, dtype)
    signs = _exp_signs(units, dtype)
    # w_x: (4H, D + 1) = signs * [kernel; bias]^T; w_h: (4H, H) = signs * recurrent_kernel^T.
    w_x = (np.concatenate([p["kernel"], p["bias"][None]]).T * signs).astype(dtype, copy=False)
    w_h = np.ascontiguousarray(p["recurrent_kernel"].T * signs, dtype=dtype)
    # The input part of every step at once (trick 3): a[t] = w_x @ [x_t; 1], (4H, batch). After
    # the loop the same array holds the activations: it is the cache's "gates".
    a_all = np.matmul(w_x, _inputs_with_one(x, dtype))
    hs, cs, tanh_cs = (np.empty((steps, units, batch), dtype=dtype) for _ in range(3))
    recurrent = np.empty((4 * units, batch), dtype=dtype)
    h, c_prev = np.ascontiguousarray(h_init.T), np.ascontiguousarray(c_init.T)
    with np.errstate(over="ignore"):  # trick 2: exp(-z) = inf gives sigmoid(z) = 0, exactly
        for t in range(steps):
            a = a_all[t]
            np.matmul(w_h, h, out=recurrent)  # one matmul for all four gates
            a += recurrent  # a = -z (-2 z_g in the candidate's rows)
            np.exp(a, out=a)  # may overflow to inf, on purpose
            a += 1.0
            np.reciprocal(a, out=a)  # sigmoid(z); sigmoid(2 z_g) in the candidate's rows
            i, f, g, o = (a[k * units : (k + 1) * units] for k in range(4))
            g *= 2.0
            g -= 1.0  # g = 2 sigmoid(2 z_g) - 1 = tanh(z_g), up to the cancellation above
            c = cs[t]
            np.multiply(f, c_prev, out=c)  # c = f * c_prev
            c += i * g  # ... + i * g
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
        "gates": a_all.transpose(batch_first),
    }
    return cache["hs"], (h.T.copy(), c_prev.T.copy()), cache


def lstm_backward(
    dhs: np.ndarray, cache: dict, dh_T: np.ndarray | None = None, dc_T: np.ndarray | None = None
) -> dict:
    """`numpy_lstm.lstm_backward` (whose docstring has the equations), faster: same arguments
    and returns; `cache` must come from this module's `lstm_forward`.

    Feature-major throughout: dz_t is (4H, batch), and the weight gradients are accumulated
    transposed, dw_x = sum_t dz_t [x_t; 1]^T (4H, D + 1) and dw_h = sum_t dz_t h_{t-1}^T (4H, H).
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
    kernel, recurrent_kernel = (
        p[k].astype(dtype, copy=False) for k in ("kernel", "recurrent_kernel")
    )
    dw_x = np.zeros((4 * units, x1.shape[1]), dtype=dtype)
    dw_h = np.zeros((4 * units, units), dtype=dtype)
    dx = np.empty((steps, x.shape[2], batch), dtype=dtype)
    dz = np.empty((4 * units, batch), dtype=dtype)
    dz_i, dz_f, dz_g, dz_o = (dz[k * units : (k + 1) * units] for k in range(4))  # views
    dh, dc = (np.empty((units, batch), dtype=dtype) for _ in range(2))
    w_tmp, u_tmp = np.empty_like(dw_x), np.empty_like(dw_h)
    for t in reversed(range(steps)):
        i, f, g, o = (gates[t, k * units : (k + 1) * units] for k in range(4))  # (H, batch)
        c_prev, h_prev = (cs[t - 1], hs[t - 1]) if t else (c0, h0)
        np.add(dhs_fm[t], dh_next, out=dh)  # dh = dhs[t] + dh_next
        np.multiply(tanh_cs[t], tanh_cs[t], out=dc)  # dc = dc_next + dh * o * (1 - tanh(c)^2)
        np.subtract(1.0, dc, out=dc)
        dc *= o
        dc *= dh
        dc += dc_next
        np.subtract(1.0, o, out=dz_o)  # dz_o = dh * tanh(c) * o(1 - o)
        dz_o *= o
        dz_o *= tanh_cs[t]
        dz_o *= dh
        np.subtract(1.0, i, out=dz_i)  # dz_i = dc * g * i(1 - i)
        dz_i *= i
        dz_i *= g
        dz_i *= dc
        np.subtract(1.0, f, out=dz_f)  # dz_f = dc * c_prev * f(1 - f)
        dz_f *= f
        dz_f *= c_prev
        dz_f *= dc
        np.multiply(g, g, out=dz_g)  # dz_g = dc * i * (1 - g^2)
        np.subtract(1.0, dz_g, out=dz_g)
        dz_g *= i
        dz_g *= dc
        np.multiply(dc, f, out=dc_next)  # dc_prev = dc * f
        np.matmul(recurrent_kernel, dz, out=dh_next)  # dh_prev = (dz @ recurrent_kernel^T)^T
        np.matmul(kernel, dz, out=dx[t])  # dx_t = (dz @ kernel^T)^T
        dw_x += np.matmul(dz, x1[t].T, out=w_tmp)
        dw_h += np.matmul(dz, h_prev.T, out=u_tmp)
    return {
        "kernel": dw_x[:, :-1].T.copy(),
        "recurrent_kernel": dw_h.T.copy(),
        "bias": dw_x[:, -1].copy(),
        "x": dx.transpose(2, 0, 1),
        "h0": dh_next.T.copy(),
        "c0": dc_next.T.copy(),
    }
