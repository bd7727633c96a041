"""Lesson 01: checks of the NumPy code's inputs: clear `ValueError`s, no silent broadcast."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def as_float_array(name: str, value, ndim: int) -> np.ndarray:
    """Return `value` as a floating-point ndarray of `ndim` dimensions with finite entries."""
    arr = np.asarray(value)
    if not np.issubdtype(arr.dtype, np.floating):
        raise ValueError(f"{name} must be a float32 or float64 array, got dtype {arr.dtype}")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def check_shape(name: str, arr: np.ndarray, expected: tuple[int, ...], hint: str = "") -> None:
    """Raise `ValueError` unless `arr.shape == expected`."""
    if arr.shape != tuple(expected):
        raise ValueError(f"{name} must have shape {tuple(expected)}{hint}, got {arr.shape}")


def check_params(params: Mapping, expected_keys: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Check a params dict has exactly `expected_keys`; return its arrays as floats."""
    if not isinstance(params, Mapping):
        raise ValueError(f"params must be a dict with keys {expected_keys}, got {type(params)}")
    keys = set(params)
    if keys != set(expected_keys):
        missing = sorted(set(expected_keys) - keys)
        unknown = sorted(keys - set(expected_keys))
        raise ValueError(
            f"params must have exactly the keys {expected_keys}; "
            f"missing {missing}, unknown {unknown}"
        )
    ndims = {"kernel": 2, "recurrent_kernel": 2, "bias": 1}
    return {k: as_float_array(f"params[{k!r}]", params[k], ndims[k]) for k in expected_keys}


def optional_state(name: str, value, batch: int, units: int, dtype) -> np.ndarray:
    """Return the state `value` checked to `(batch, units)`, or zeros when it is None."""
    if value is None:
        return np.zeros((batch, units), dtype=dtype)
    arr = as_float_array(name, value, 2)
    check_shape(name, arr, (batch, units), " (batch, units)")
    return arr.astype(dtype, copy=False)
