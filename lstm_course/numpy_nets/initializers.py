"""Lesson 04: the LSTM bias, zeros with the forget block at 1 (`unit_forget_bias`) or chrono.

Introduced in notebooks/04_lstm_from_scratch.ipynb. The one place the course writes the forget-gate
bias: the NumPy LSTM (`numpy_lstm.init_lstm_params`), the NumPy classifier and the Keras cell
(`keras_cell.LSTMCell`) all take their bias from `lstm_bias`.
"""

from __future__ import annotations

import numpy as np


def chrono_forget_bias(units: int, max_lag: int, seed: int = 0) -> np.ndarray:
    """Chrono initialisation of the forget-gate bias (Tallec & Ollivier 2018), shape (units,).

    b_f = log(u) with u ~ Uniform[1, max_lag - 1], so that 1 / (1 - sigmoid(b_f)) ~ 1 + u: each
    unit starts with a memory time scale between about 2 and `max_lag` steps. The input gate's
    bias is set to -b_f (see `lstm_bias`).
    """
    if units < 1:
        raise ValueError(f"units must be >= 1, got {units}")
    if max_lag < 3:
        raise ValueError(f"max_lag must be >= 3 steps, got {max_lag}")
    rng = np.random.default_rng(seed)
    return np.log(rng.uniform(1.0, max_lag - 1.0, units))


def lstm_bias(
    units: int,
    forget_bias: float | np.ndarray | str = 1.0,
    max_lag: int = 0,
    seed: int = 0,
    dtype=np.float64,
) -> np.ndarray:
    """The LSTM bias (4 * units,): zeros, except the forget gate's block.

    Blocks in Keras's order i, f, g, o (Keras's documentation writes i, f, c, o; its "c" block
    is the candidate g). The one place the course writes this initialiser: the NumPy LSTM, the
    NumPy classifier and the Keras cell all call it.

    Args:
        units: H, the number of units.
        forget_bias: a number for every unit of the forget block (1.0 is Keras's
            `unit_forget_bias=True`, 0.0 a plain zero bias), an array (units,), or "chrono"
            for `chrono_forget_bias(units, max_lag, seed)`, which also sets the input gate's
            bias to minus the forget gate's.
        max_lag, seed: only for "chrono".
        dtype: of the returned array.

    Returns:
        bias (4 * units,) of `dtype`; `bias[units:2 * units]` is the forget block.
    """
    if not isinstance(units, (int, np.integer)) or units < 1:
        raise ValueError(f"units must be a positive int, got {units!r}")
    bias = np.zeros(4 * units)
    if isinstance(forget_bias, str):
        if forget_bias != "chrono":
            raise ValueError(
                f"forget_bias must be a number, an array or 'chrono', got {forget_bias!r}"
            )
        b_f = chrono_forget_bias(units, max_lag, seed)
        bias[:units] = -b_f
    else:
        b_f = np.broadcast_to(np.asarray(forget_bias, dtype=np.float64), (units,))
    bias[units : 2 * units] = b_f
    return bias.astype(dtype)


# The LSTM's menu in lesson 04's fair comparison: chrono split into its two halves, and a
# constant bias with chrono's two signs that is not told the sentence length. Every variant
# that uses log(u) draws the same u (same `seed`), so "forget-only" and "input-only" are
# exactly the two halves of "chrono".
LSTM_INITS = ("default", "forget-only", "input-only", "chrono", "constant-3")
CONSTANT_BIAS = 3.0  # "constant-3": b_f = 3, b_i = -3 at every length


def lstm_init_bias(units: int, init: str, max_lag: int = 0, seed: int = 0) -> np.ndarray:
    """The LSTM bias (4 * units,) of one entry of lesson 04's menu `LSTM_INITS`.

    With b = `chrono_forget_bias(units, max_lag, seed)` (log u, u ~ Uniform[1, max_lag - 1]):

        "default"      b_f = 1, b_i = 0     (Keras: `unit_forget_bias=True`)
        "forget-only"  b_f = b, b_i = 0     (chrono's forget half)
        "input-only"   b_f = 1, b_i = -b    (chrono's input half)
        "chrono"       b_f = b, b_i = -b    (Tallec & Ollivier 2018; = `lstm_bias(.., "chrono")`)
        "constant-3"   b_f = 3, b_i = -3    (chrono's signs, not told the length: sigmoid(3) =
                                             0.95, a forget time scale of about 21 steps)

    The g and o blocks are 0. Introduced in notebooks/04_lstm_from_scratch.ipynb (the ablation).
    `max_lag` is needed by the three variants that use log(u).
    """
    if init not in LSTM_INITS:
        raise ValueError(f"init must be one of {LSTM_INITS}, got {init!r}")
    bias = lstm_bias(units, 1.0)
    if init == "default":
        return bias
    if init == "constant-3":
        bias[:units], bias[units : 2 * units] = -CONSTANT_BIAS, CONSTANT_BIAS
        return bias
    b = chrono_forget_bias(units, max_lag, seed)
    if init in ("forget-only", "chrono"):
        bias[units : 2 * units] = b
    if init in ("input-only", "chrono"):
        bias[:units] = -b
    return bias
