"""Lesson 02: how far back a gradient reaches, Jacobians of the last state by lag (LSTM: 04).

Introduced in notebooks/02_why_rnns_forget.ipynb (the RNN) and extended in
notebooks/04_lstm_from_scratch.ipynb (the LSTM).

Jacobians are of the last state with respect to the state `lag` steps earlier. For the RNN the
state is h (H,); for the LSTM it is the pair (h, c), (2H,), and one can ask for any block:

    RNN:   dh_T/dh_t = prod_{k=t+1..T} diag(1 - h_k^2) U^T
    LSTM:  d(h_T, c_T)/d(h_t, c_t) = prod_{k=t+1..T} A_k, where the c -> c block of A_k is
           diag(f_k): along the cell-state path the Jacobian is a product of forget gates.

(U is `recurrent_kernel`, so with row vectors h_k = tanh(... + h_{k-1} @ U) and the Jacobian
of h_k with respect to h_{k-1}, rows indexing h_k, is diag(1 - h_k^2) @ U.T.)
"""

from __future__ import annotations

import numpy as np

from lstm_course.numpy_nets.input_checks import as_float_array
from lstm_course.numpy_nets.lstm import lstm_forward
from lstm_course.numpy_nets.rnn import rnn_forward

BLOCKS = ("h", "c", "state")


def scale_to_spectral_radius(matrix: np.ndarray, radius: float) -> np.ndarray:
    """`matrix` (H, H) scaled so that its spectral radius (largest |eigenvalue|) is `radius`."""
    matrix = as_float_array("matrix (H, H)", matrix, 2)
    if matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"matrix must be square (H, H), got {matrix.shape}")
    if radius <= 0:
        raise ValueError(f"radius must be positive, got {radius}")
    current = np.max(np.abs(np.linalg.eigvals(matrix)))
    if current == 0:
        raise ValueError("matrix has spectral radius 0 (nilpotent): it cannot be rescaled")
    return matrix * (radius / current)


def _rnn_step_jacobians(params: dict, x: np.ndarray):
    """Yield, for k = T-1 down to 1, the (batch, H, H) Jacobian dh_k/dh_{k-1}."""
    hs = rnn_forward(x, params)[0]
    u_T = params["recurrent_kernel"].T  # U transposed
    for k in range(hs.shape[1] - 1, 0, -1):
        yield (1.0 - hs[:, k] ** 2)[:, :, None] * u_T


def _lstm_step_jacobians(params: dict, x: np.ndarray):
    """Yield, for k = T-1 down to 1, the (batch, 2H, 2H) Jacobian of (h_k, c_k) with respect
    to (h_{k-1}, c_{k-1})."""
    hs, _, cache = lstm_forward(x, params)
    cs, gates = cache["cs"], cache["gates"]
    units = hs.shape[2]
    diag = np.arange(units)
    u_i, u_f, u_g, u_o = (blk.T for blk in np.split(params["recurrent_kernel"], 4, axis=1))
    for k in range(hs.shape[1] - 1, 0, -1):
        i, f, g, o = np.split(gates[:, k], 4, axis=1)
        tanh_c = np.tanh(cs[:, k])
        c_prev = cs[:, k - 1]
        dc_dh = (
            (c_prev * f * (1 - f))[:, :, None] * u_f
            + (g * i * (1 - i))[:, :, None] * u_i
            + (i * (1 - g**2))[:, :, None] * u_g
        )
        dh_dc_now = o * (1 - tanh_c**2)  # dh_k/dc_k, diagonal
        a = np.zeros((hs.shape[0], 2 * units, 2 * units))
        a[:, :units, :units] = (tanh_c * o * (1 - o))[:, :, None] * u_o
        a[:, :units, :units] += dh_dc_now[:, :, None] * dc_dh  # h_k = o_k * tanh(c_k)
        a[:, diag, units + diag] = dh_dc_now * f
        a[:, units:, :units] = dc_dh
        a[:, units + diag, units + diag] = f  # the cell-state path: diag(f_k)
        yield a


def state_jacobians(cell: str, params: dict, x: np.ndarray) -> np.ndarray:
    """Jacobians of the last state with respect to the state at every lag.

    Args:
        cell: "rnn" or "lstm".
        params: the cell's params {"kernel", "recurrent_kernel", "bias"} (extra keys ignored).
        x: (batch, time, D) inputs; the network starts from zero states.

    Returns:
        (batch, time, S, S) array J with J[:, lag] = d s_T / d s_{T-lag} (J[:, 0] is the
        identity), where s = h (S = H) for the RNN and s = (h, c) (S = 2H) for the LSTM.
    """
    steppers = {"rnn": _rnn_step_jacobians, "lstm": _lstm_step_jacobians}
    if cell not in steppers:
        raise ValueError(f"cell must be one of {sorted(steppers)}, got {cell!r}")
    x = as_float_array("x (batch, time, features)", x, 3)
    cell_params = {k: params[k] for k in ("kernel", "recurrent_kernel", "bias")}
    size = params["recurrent_kernel"].shape[0] * (2 if cell == "lstm" else 1)
    batch, steps, _ = x.shape
    out = np.empty((batch, steps, size, size))
    out[:, 0] = np.eye(size)
    for lag, step in enumerate(steppers[cell](cell_params, x), start=1):
        out[:, lag] = out[:, lag - 1] @ step
    return out


def state_jacobian_norms(
    cell: str, params: dict, x: np.ndarray, of: str = "h", wrt: str = "h"
) -> np.ndarray:
    """Spectral norms (batch, time) of a block of `state_jacobians`, by lag.

    norms[:, lag] = || d of_T / d wrt_{T-lag} ||_2, the largest factor by which a perturbation
    of `wrt` at step T-lag can grow by step T. `of` and `wrt` are "h", "c" or "state" ((h, c));
    the RNN has only "h". For the LSTM, "h" with respect to "h" holds c_t fixed, and so on.
    """
    for name, value in (("of", of), ("wrt", wrt)):
        if value not in BLOCKS:
            raise ValueError(f"{name} must be one of {BLOCKS}, got {value!r}")
        if cell == "rnn" and value != "h":
            raise ValueError(f"an RNN's only state is h, got {name}={value!r}")
    jac = state_jacobians(cell, params, x)
    units = params["recurrent_kernel"].shape[0]
    rows = {"h": slice(0, units), "c": slice(units, 2 * units), "state": slice(None)}
    return np.linalg.norm(jac[:, :, rows[of], rows[wrt]], ord=2, axis=(-2, -1))


def fitted_slope(norms_by_lag: np.ndarray, start: int = 1) -> float:
    """Least-squares slope of log10(norm) against lag from lag `start` on (per step, in decades).

    `norms_by_lag` is (time,), e.g. a batch average of `state_jacobian_norms`.
    """
    norms_by_lag = np.asarray(norms_by_lag, dtype=np.float64)
    if norms_by_lag.ndim != 1 or norms_by_lag.size - start < 2:
        raise ValueError(
            f"need a 1-D array with at least {start + 2} lags, got {norms_by_lag.shape}"
        )
    if np.any(norms_by_lag[start:] <= 0):
        raise ValueError("norms must be positive to take their logarithm")
    lags = np.arange(start, norms_by_lag.size)
    return float(np.polyfit(lags, np.log10(norms_by_lag[start:]), 1)[0])
