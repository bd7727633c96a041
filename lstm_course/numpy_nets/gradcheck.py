"""Lesson 01: numerical gradients by centred differences, and the relative error that compares them.

Introduced in notebooks/01_rnn_from_scratch.ipynb.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Centred-difference gradient of the scalar `f()` with respect to the array `x`.

    `x` is perturbed in place, one entry at a time, and restored; `f` must read it.
    Error is O(eps^2); use float64 arrays (float32 cannot resolve eps=1e-6).
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        got = x.dtype if isinstance(x, np.ndarray) else type(x)
        raise ValueError(f"x must be a float64 ndarray to be perturbed in place, got {got}")
    if eps <= 0:
        raise ValueError(f"eps must be positive, got {eps}")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        idx = it.multi_index
        old = x[idx]
        x[idx] = old + eps
        f_plus = f()
        x[idx] = old - eps
        f_minus = f()
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max(|a| + |b|): 0 for equal arrays, ~1e-10 for a correct float64 gradient."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    denom = np.max(np.abs(a) + np.abs(b))
    return 0.0 if denom == 0 else float(np.max(np.abs(a - b)) / denom)


def gradient_check(
    loss: Callable[[], float],
    arrays: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    eps: float = 1e-6,
) -> dict[str, float]:
    """Relative error between analytic `grads[k]` and the numerical gradient of `loss` w.r.t.
    each `arrays[k]`; returns {name: relative error}."""
    missing = sorted(set(arrays) - set(grads))
    if missing:
        raise ValueError(f"no analytic gradient for {missing}")
    return {
        k: relative_error(grads[k], numerical_gradient(loss, v, eps)) for k, v in arrays.items()
    }
