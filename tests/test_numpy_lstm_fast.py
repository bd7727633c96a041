"""The fast NumPy LSTM computes what the readable one computes: outputs, cache, every gradient."""

import warnings

import numpy as np
import pytest

from lstm_course.numpy_nets import lstm as numpy_lstm
from lstm_course.numpy_nets import lstm_fast as numpy_lstm_fast
from lstm_course.numpy_nets.lstm import init_lstm_params, split_gates

# (batch, time, features, units, with initial states)
SHAPES = [
    (1, 1, 1, 1, False),
    (3, 7, 5, 4, False),
    (2, 5, 1, 3, True),
    (1, 12, 3, 6, True),
    (4, 1, 2, 2, True),
    (16, 40, 8, 32, True),
]
# Largest |readable - fast| measured over SHAPES and 20 seeds, relative to the largest entry of
# the same output (hs, h_T, ...) or, for gradients, of all gradients (an entry such as dx that
# is a sum of cancelling terms keeps only its absolute accuracy): 8.7e-16 in float64 (4 ulp of
# 1.0) and 4.3e-7 in float32 (4 ulp: the two round differently, e.g. tanh(z) against
# 2 sigmoid(2z) - 1). The tolerances leave room for other CPUs and BLAS libraries.
TOLERANCE = {np.float64: 1e-13, np.float32: 2e-6}


def _scale(result: dict, name: str) -> float:
    """What `name`'s error is measured against: its largest entry, or all gradients' largest."""
    if name.startswith("d_"):
        return max(float(np.max(np.abs(v))) for k, v in result.items() if k.startswith("d_"))
    return float(np.max(np.abs(result[name])))


def _run_both(rng, shape, dtype, weight_scale=1.0):
    batch, steps, features, units, with_states = shape
    params = init_lstm_params(features, units, seed=batch * 100 + steps, dtype=dtype)
    params["bias"] = rng.normal(0, 0.5, 4 * units).astype(dtype)  # exercise every bias entry
    params = {k: v * dtype(weight_scale) for k, v in params.items()}
    x = rng.normal(size=(batch, steps, features)).astype(dtype)
    dhs = rng.normal(size=(batch, steps, units)).astype(dtype)
    states = (
        [rng.normal(size=(batch, units)).astype(dtype) for _ in range(2)] if with_states else []
    )
    final_grads = [rng.normal(size=(batch, units)).astype(dtype) for _ in range(2)]
    results = []
    for module in (numpy_lstm, numpy_lstm_fast):
        hs, (h_T, c_T), cache = module.lstm_forward(x, params, *states)
        grads = module.lstm_backward(dhs, cache, *final_grads)
        out = {"hs": hs, "h_T": h_T, "c_T": c_T, "gates": cache["gates"], "cs": cache["cs"]}
        results.append({**out, **{f"d_{k}": v for k, v in grads.items()}})
    return results


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", SHAPES)
def test_fast_equals_readable(rng, shape, dtype):
    readable, fast = _run_both(rng, shape, dtype)
    assert set(readable) == set(fast)
    assert len(readable) == 11  # hs, h_T, c_T, gates, cs and six gradients
    for name, expected in readable.items():
        assert fast[name].dtype == expected.dtype == dtype, name
        assert fast[name].shape == expected.shape, name
        atol = TOLERANCE[dtype] * _scale(readable, name)
        np.testing.assert_allclose(fast[name], expected, rtol=0, atol=atol, err_msg=name)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_saturated_gates_give_the_same_exact_limits(rng, dtype):
    """Pre-activations of +-1e3: the fast kernel's exp overflows to inf on purpose (silently),
    the readable one saturates tanh; both give gates of exactly 0 or 1 and g of exactly +-1."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        readable, fast = _run_both(rng, (2, 6, 3, 4, True), dtype, weight_scale=1e3)
    for result in (readable, fast):
        assert all(np.all(np.isfinite(v)) for v in result.values())
        gates = split_gates(result["gates"])
        assert any(np.any(gates[k] == 0) for k in "ifo") and np.any(np.abs(gates["g"]) == 1)
    for name in ("hs", "h_T", "c_T", "gates", "cs"):
        atol = TOLERANCE[dtype] * _scale(readable, name)
        np.testing.assert_allclose(fast[name], readable[name], rtol=0, atol=atol, err_msg=name)


def test_mixed_dtypes_compute_in_the_wider_one(rng):
    params = init_lstm_params(3, 4, dtype=np.float64)
    x = rng.normal(size=(2, 5, 3)).astype(np.float32)
    hs, _, cache = numpy_lstm_fast.lstm_forward(x, params)
    grads = numpy_lstm_fast.lstm_backward(np.ones(hs.shape, np.float32), cache)
    assert hs.dtype == np.float64 and all(g.dtype == np.float64 for g in grads.values())
    expected = numpy_lstm.lstm_forward(x.astype(np.float64), params)[0]
    np.testing.assert_allclose(hs, expected, rtol=0, atol=1e-13)


X = np.zeros((2, 3, 4))
BAD_INPUTS = {
    "2-d x": (np.zeros((3, 4)), init_lstm_params(4, 2), {}),
    "int x": (np.zeros((2, 3, 4), dtype=int), init_lstm_params(4, 2), {}),
    "NaN x": (np.full((2, 3, 4), np.nan), init_lstm_params(4, 2), {}),
    "features": (X, init_lstm_params(5, 2), {}),
    "unknown key": (X, {**init_lstm_params(4, 2), "peephole": np.zeros(2)}, {}),
    "missing keys": (X, {"kernel": np.zeros((4, 8))}, {}),
    "bias shape": (X, {**init_lstm_params(4, 2), "bias": np.zeros(6)}, {}),
    "kernel shape": (X, {**init_lstm_params(4, 2), "kernel": np.zeros((4, 6))}, {}),
    "recurrent shape": (X, {**init_lstm_params(4, 2), "recurrent_kernel": np.zeros((8, 2))}, {}),
    "empty batch": (np.zeros((0, 3, 4)), init_lstm_params(4, 2), {}),
    "not a dict": (X, [1, 2, 3], {}),
    "h0 shape": (X, init_lstm_params(4, 2), {"h0": np.zeros((3, 2))}),
    "c0 ndim": (X, init_lstm_params(4, 2), {"c0": np.zeros(2)}),
}


def _error(fn, *args, **kwargs) -> str:
    with pytest.raises(ValueError) as info:
        fn(*args, **kwargs)
    return str(info.value)


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_inputs_raise_the_same_errors(case):
    x, params, states = BAD_INPUTS[case]
    expected = _error(numpy_lstm.lstm_forward, x, params, **states)
    assert _error(numpy_lstm_fast.lstm_forward, x, params, **states) == expected


@pytest.mark.parametrize(
    "dhs,final", [(np.zeros((2, 3, 5)), {}), (np.zeros((2, 3, 2)), {"dc_T": np.zeros((1, 2))})]
)
def test_backward_checks_its_inputs_alike(dhs, final):
    messages = []
    for module in (numpy_lstm, numpy_lstm_fast):
        _, _, cache = module.lstm_forward(X, init_lstm_params(4, 2))
        messages.append(_error(module.lstm_backward, dhs, cache, **final))
    assert messages[0] == messages[1]
    assert "must have shape" in messages[0]
