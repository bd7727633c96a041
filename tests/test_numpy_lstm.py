"""The NumPy LSTMs (readable and fast) equal keras.layers.LSTM forward and backward, in float64
and float32, and pass a gradient check."""

import warnings

import numpy as np
import pytest
from keras_reference import keras_forward_and_grads

from lstm_course.numpy_nets import lstm as numpy_lstm
from lstm_course.numpy_nets import lstm_fast as numpy_lstm_fast
from lstm_course.numpy_nets.gradcheck import gradient_check
from lstm_course.numpy_nets.initializers import lstm_bias
from lstm_course.numpy_nets.lstm import (
    TRACE_KEYS,
    gate_traces,
    init_lstm_params,
    lstm_backward,
    lstm_forward,
    split_gates,
)
from solutions.lesson_04 import lstm_step_forward

# (batch, time, features, units, with initial states)
SHAPES = [
    (1, 1, 1, 1, False),
    (3, 7, 5, 4, False),
    (2, 5, 1, 3, True),
    (1, 12, 3, 6, True),
    (4, 1, 2, 2, True),
]
MODULES = {"readable": numpy_lstm, "fast": numpy_lstm_fast}
# float32: the largest |NumPy - Keras| measured over SHAPES and four seeds, relative to the
# largest entry of the same output (of all gradients, for a gradient: an entry that is a sum of
# cancelling terms keeps only absolute accuracy), was 4.2e-7 for the readable LSTM and 3.7e-7
# for the fast one (3.5 ulp of 1.0): the same maths, rounded in a different order.
FLOAT32_TOLERANCE = 2e-6


def _numpy_and_keras(rng, module, shape, dtype):
    """Outputs and gradients of `module` and of keras.layers.LSTM, same weights, in `dtype`."""
    batch, steps, features, units, with_states = shape
    params = init_lstm_params(features, units, seed=batch * 100 + steps, dtype=dtype)
    params["bias"] = rng.normal(0, 0.5, 4 * units).astype(dtype)  # exercise every bias entry
    x = rng.normal(size=(batch, steps, features)).astype(dtype)
    dhs = rng.normal(size=(batch, steps, units)).astype(dtype)
    states = (
        [rng.normal(size=(batch, units)).astype(dtype) for _ in range(2)] if with_states else []
    )
    hs, (h_T, c_T), cache = module.lstm_forward(x, params, *states)
    grads = module.lstm_backward(dhs, cache)
    k_hs, (k_h, k_c), k_grads = keras_forward_and_grads("lstm", params, x, dhs, states)
    ours = {"hs": hs, "h_T": h_T, "c_T": c_T, **{k: grads[k] for k in k_grads}}
    return ours, {"hs": k_hs, "h_T": k_h, "c_T": k_c, **k_grads}


@pytest.mark.parametrize("module", MODULES.values(), ids=MODULES)
@pytest.mark.parametrize("shape", SHAPES)
def test_matches_keras_lstm_forward_and_gradients(rng, module, shape):
    ours, keras_ = _numpy_and_keras(rng, module, shape, np.float64)
    for name, expected in keras_.items():
        np.testing.assert_allclose(ours[name], expected, rtol=0, atol=1e-9, err_msg=name)


@pytest.mark.parametrize("module", MODULES.values(), ids=MODULES)
@pytest.mark.parametrize("shape", SHAPES)
def test_float32_matches_keras_lstm_in_float32(rng, module, shape):
    ours, keras_ = _numpy_and_keras(rng, module, shape, np.float32)
    grad_scale = max(np.max(np.abs(v)) for k, v in keras_.items() if k not in ("hs", "h_T", "c_T"))
    for name, expected in keras_.items():
        assert ours[name].dtype == expected.dtype == np.float32, name
        scale = np.max(np.abs(expected)) if name in ("hs", "h_T", "c_T") else grad_scale
        atol = FLOAT32_TOLERANCE * scale
        np.testing.assert_allclose(ours[name], expected, rtol=0, atol=atol, err_msg=name)


def test_final_state_gradients_flow(rng):
    """dh_T and dc_T enter the backward pass: check them numerically."""
    params = init_lstm_params(3, 4, seed=1)
    x = rng.normal(size=(2, 6, 3))
    h0, c0 = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    w_h, w_c = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    w_hs = rng.normal(size=(2, 6, 4))

    def loss():
        hs, (h_T, c_T), _ = lstm_forward(x, params, h0, c0)
        return np.sum(hs * w_hs) + np.sum(h_T * w_h) + np.sum(c_T * w_c)

    _, _, cache = lstm_forward(x, params, h0, c0)
    grads = lstm_backward(w_hs, cache, dh_T=w_h, dc_T=w_c)
    arrays = {**params, "x": x, "h0": h0, "c0": c0}
    errors = gradient_check(loss, arrays, grads)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("module", MODULES.values(), ids=MODULES)
def test_keras_golden_values(module):
    """Reproduce the expected outputs in Keras's own lstm_test.py (constant initialisers)."""
    x = np.arange(72).reshape((3, 6, 4)).astype("float64")

    def params(forget_one=True, bias=0.03):
        b = np.full(12, bias)
        if forget_one:
            b[3:6] = 1.0  # unit_forget_bias replaces the forget block with ones
        return {
            "kernel": np.full((4, 12), 0.01),
            "recurrent_kernel": np.full((3, 12), 0.02),
            "bias": b,
        }

    expected = {
        "default": [0.6288687, 0.86899155, 0.9460773],
        "go_backwards": [0.35622165, 0.74789524, 0.8872726],
        "unit_forget_bias=False": [0.57019705, 0.8661914, 0.9459622],
        "use_bias=False": [0.54986924, 0.86226785, 0.9443936],
    }
    got = {
        "default": module.lstm_forward(x, params())[1][0],
        "go_backwards": module.lstm_forward(x[:, ::-1], params())[1][0],
        "unit_forget_bias=False": module.lstm_forward(x, params(forget_one=False))[1][0],
        "use_bias=False": module.lstm_forward(x, params(forget_one=False, bias=0.0))[1][0],
    }
    for case, values in expected.items():
        np.testing.assert_allclose(
            got[case], np.repeat(np.array(values)[:, None], 3, 1), atol=1e-6, err_msg=case
        )

    # test_pass_initial_state: batch 2, time 4, features 3, units 2
    seq = np.arange(24).reshape((2, 4, 3)).astype("float64")
    state = np.arange(4).reshape((2, 2)).astype("float64")
    p = {
        "kernel": np.full((3, 8), 0.01),
        "recurrent_kernel": np.full((2, 8), 0.02),
        "bias": np.array([0.03] * 2 + [1.0] * 2 + [0.03] * 4),
    }
    h_T = module.lstm_forward(seq, p, state, state)[1][0]
    np.testing.assert_allclose(h_T, [[0.20574439, 0.3558822], [0.64930826, 0.66276]], atol=1e-6)


def test_float32_stays_float32(rng):
    params = init_lstm_params(3, 4, dtype=np.float32)
    hs, (h, c), cache = lstm_forward(rng.normal(size=(2, 5, 3)).astype(np.float32), params)
    grads = lstm_backward(np.ones_like(hs), cache)
    assert hs.dtype == h.dtype == c.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())


def test_init_matches_keras_layout():
    p = init_lstm_params(5, 3)
    assert p["kernel"].shape == (5, 12) and p["recurrent_kernel"].shape == (3, 12)
    np.testing.assert_array_equal(p["bias"], [0] * 3 + [1] * 3 + [0] * 6)
    np.testing.assert_array_equal(p["bias"], lstm_bias(3))
    np.testing.assert_array_equal(init_lstm_params(5, 3, unit_forget_bias=False)["bias"], 0.0)
    p32 = init_lstm_params(5, 3, dtype=np.float32)
    assert all(v.dtype == np.float32 for v in p32.values())
    np.testing.assert_array_equal(p32["kernel"], p["kernel"].astype(np.float32))
    with pytest.raises(ValueError, match="dtype must be float32 or float64, got int64"):
        init_lstm_params(5, 3, dtype=np.int64)
    # orthogonal recurrent kernel: each (H, H) gate block has orthonormal columns overall
    u = p["recurrent_kernel"]
    np.testing.assert_allclose(u @ u.T, np.eye(3), atol=1e-12)


def _reference_lstm(x, params):
    """The textbook loop over Lesson 04's exercise 4.1 (np.tanh and the logistic sigmoid)."""
    h = c = np.zeros((x.shape[0], params["recurrent_kernel"].shape[0]))
    hs = []
    for t in range(x.shape[1]):
        h, c, _ = lstm_step_forward(x[:, t], h, c, params)
        hs.append(h)
    return np.stack(hs, axis=1)


@pytest.mark.parametrize("weight_scale", [1.0, 1e3])
def test_saturated_gates_give_exact_limits_without_warnings(rng, weight_scale):
    """Pre-activations of +-1e3 must give sigmoid 0 or 1 and tanh -1 or 1, silently and without
    NaN (the readable sigmoid saturates tanh; the fast kernel's is tested in its own file)."""
    params = init_lstm_params(3, 4, seed=2)
    params = {k: v * weight_scale for k, v in params.items()}
    x = rng.normal(size=(2, 6, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hs, _, cache = lstm_forward(x, params)
        grads = lstm_backward(np.ones_like(hs), cache)
    np.testing.assert_allclose(hs, _reference_lstm(x, params), rtol=0, atol=1e-12)
    assert all(np.all(np.isfinite(g)) for g in grads.values())
    gates = split_gates(cache["gates"])
    assert all(np.all((gates[k] >= 0) & (gates[k] <= 1)) for k in "ifo")
    assert np.all(np.abs(gates["g"]) <= 1)
    if weight_scale > 1:  # saturated somewhere: a sigmoid of exactly 0
        assert any(np.any(gates[k] == 0) for k in "ifo") and np.any(np.abs(gates["g"]) == 1)


def test_mixed_dtypes_compute_in_the_wider_one(rng):
    params = init_lstm_params(3, 4, dtype=np.float64)
    x = rng.normal(size=(2, 5, 3)).astype(np.float32)
    hs, (h, c), cache = lstm_forward(x, params)
    grads = lstm_backward(np.ones(hs.shape, np.float32), cache)
    assert hs.dtype == np.float64 and all(g.dtype == np.float64 for g in grads.values())
    np.testing.assert_allclose(hs, _reference_lstm(x.astype(np.float64), params), atol=1e-12)


def test_gate_traces_obey_the_lstm_equations(rng):
    params = init_lstm_params(3, 5, seed=2)
    params["bias"] = rng.normal(0, 0.5, params["bias"].shape)
    x = rng.normal(size=(4, 7, 3))
    tr = gate_traces(x, params)
    assert set(tr) == set(TRACE_KEYS)
    for name in TRACE_KEYS:
        assert tr[name].shape == (4, 7, 5), name
    for name in ("i", "f", "o"):
        assert 0 < tr[name].min() and tr[name].max() < 1, name
    assert -1 < tr["g"].min() and tr["g"].max() < 1
    np.testing.assert_array_equal(tr["c_prev"][:, 0], 0.0)
    np.testing.assert_array_equal(tr["c_prev"][:, 1:], tr["c"][:, :-1])
    np.testing.assert_allclose(tr["c"], tr["f"] * tr["c_prev"] + tr["i"] * tr["g"], atol=1e-12)
    np.testing.assert_allclose(tr["h"], tr["o"] * np.tanh(tr["c"]), atol=1e-12)
    hs, _, cache = lstm_forward(x, params)
    np.testing.assert_array_equal(tr["h"], hs)
    np.testing.assert_array_equal(tr["f"], cache["gates"][..., 5:10])

    one = gate_traces(x[0], params)
    for k in TRACE_KEYS:  # one sequence alone: the same numbers up to BLAS's batch blocking
        np.testing.assert_allclose(one[k], tr[k][0], rtol=0, atol=1e-12, err_msg=k)
    with pytest.raises(ValueError, match="x has 2 features"):
        gate_traces(np.ones((1, 3, 2)), init_lstm_params(3, 2))
    with pytest.raises(ValueError, match="one sequence"):
        gate_traces(np.ones(3), init_lstm_params(3, 2))
