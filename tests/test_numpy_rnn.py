"""The NumPy RNN equals keras.layers.SimpleRNN forward and backward, and passes a gradient check."""

import numpy as np
import pytest
from keras_reference import keras_forward_and_grads

from lstm_course.numpy_nets.gradcheck import gradient_check
from lstm_course.numpy_nets.rnn import (
    init_rnn_params,
    rnn_backward,
    rnn_backward_steps,
    rnn_forward,
    rnn_forward_steps,
    rnn_step_backward,
    rnn_step_forward,
)

SHAPES = [(1, 1, 1, 1, False), (3, 7, 5, 4, False), (2, 5, 1, 3, True), (1, 12, 3, 6, True)]


@pytest.mark.parametrize("batch,steps,features,units,with_state", SHAPES)
def test_matches_keras_simplernn(rng, batch, steps, features, units, with_state):
    params = init_rnn_params(features, units, seed=steps)
    params["bias"] = rng.normal(0, 0.5, units)
    x = rng.normal(size=(batch, steps, features))
    dhs = rng.normal(size=(batch, steps, units))
    states = [rng.normal(size=(batch, units))] if with_state else []

    hs, h_T, cache = rnn_forward(x, params, *states)
    k_hs, (k_h,), k_grads = keras_forward_and_grads("rnn", params, x, dhs, states)
    np.testing.assert_allclose(hs, k_hs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(h_T, k_h, rtol=0, atol=1e-9)
    grads = rnn_backward(dhs, cache)
    for name, expected in k_grads.items():
        np.testing.assert_allclose(grads[name], expected, rtol=0, atol=1e-9, err_msg=name)


def test_gradient_check_with_final_state_loss(rng):
    params = init_rnn_params(3, 5, seed=2)
    x, h0 = rng.normal(size=(2, 8, 3)), rng.normal(size=(2, 5))
    w_hs, w_h = rng.normal(size=(2, 8, 5)), rng.normal(size=(2, 5))

    def loss():
        hs, h_T, _ = rnn_forward(x, params, h0)
        return np.sum(hs * w_hs) + np.sum(h_T * w_h)

    grads = rnn_backward(w_hs, rnn_forward(x, params, h0)[2], dh_T=w_h)
    errors = gradient_check(loss, {**params, "x": x, "h0": h0}, grads)
    assert max(errors.values()) < 1e-7, errors


def test_gradient_check_detects_a_wrong_gradient(rng):
    """The check must be able to fail: drop tanh' from the backward pass and it notices."""
    params = init_rnn_params(2, 3, seed=3)
    x = rng.normal(size=(1, 4, 2))
    hs, _, cache = rnn_forward(x, params)
    grads = rnn_backward(np.ones_like(hs), cache)
    grads["kernel"] = x.reshape(-1, 2).T @ np.ones((4, 3))  # the gradient without tanh'
    errors = gradient_check(
        lambda: rnn_forward(x, params)[0].sum(), {"kernel": params["kernel"]}, grads
    )
    assert errors["kernel"] > 1e-2


def test_step_by_step_equals_the_vectorised_rnn(rng):
    """Lesson 01's exercises write the step functions; they must give rnn_forward/rnn_backward."""
    params = init_rnn_params(3, 4, seed=5)
    params["bias"] = rng.normal(0, 0.5, 4)
    x, h0, dhs = rng.normal(size=(2, 6, 3)), rng.normal(size=(2, 4)), rng.normal(size=(2, 6, 4))
    hs, _, cache = rnn_forward(x, params, h0)
    hs_steps, caches = rnn_forward_steps(x, params, h0)
    np.testing.assert_allclose(hs_steps, hs, rtol=0, atol=1e-14)
    assert len(caches) == 6
    x_t, h_prev, h_t, p = caches[2]
    np.testing.assert_array_equal(x_t, x[:, 2])
    np.testing.assert_array_equal(h_prev, hs_steps[:, 1])
    np.testing.assert_array_equal(h_t, hs_steps[:, 2])
    assert p["kernel"] is caches[0][3]["kernel"]
    grads, grads_steps = rnn_backward(dhs, cache), rnn_backward_steps(dhs, caches)
    assert set(grads_steps) == set(grads)
    for name, value in grads.items():
        np.testing.assert_allclose(grads_steps[name], value, rtol=0, atol=1e-13, err_msg=name)


def test_one_step_backward_passes_a_gradient_check(rng):
    params = init_rnn_params(3, 5, seed=6)
    params["bias"] = rng.normal(0, 0.5, 5)
    x_t, h_prev, dh_t = rng.normal(size=(2, 3)), rng.normal(size=(2, 5)), rng.normal(size=(2, 5))
    h_t, cache = rnn_step_forward(x_t, h_prev, params)
    np.testing.assert_array_equal(h_t, cache[2])
    dx_t, dh_prev, grads = rnn_step_backward(dh_t, cache)
    assert dx_t.shape == x_t.shape and dh_prev.shape == h_prev.shape
    errors = gradient_check(
        lambda: np.sum(rnn_step_forward(x_t, h_prev, params)[0] * dh_t),
        {**params, "x_t": x_t, "h_prev": h_prev},
        {**grads, "x_t": dx_t, "h_prev": dh_prev},
    )
    assert max(errors.values()) < 1e-7, errors


def test_step_functions_reject_bad_shapes(rng):
    params = init_rnn_params(3, 4, seed=7)
    with pytest.raises(ValueError, match=r"x_t must be \(batch, D\)"):
        rnn_step_forward(rng.normal(size=3), np.zeros((1, 4)), params)
    _, cache = rnn_step_forward(rng.normal(size=(2, 3)), np.zeros((2, 4)), params)
    with pytest.raises(ValueError, match=r"dh_t must have shape \(2, 4\)"):
        rnn_step_backward(np.zeros((2, 3)), cache)
    _, caches = rnn_forward_steps(rng.normal(size=(2, 5, 3)), params)
    with pytest.raises(ValueError, match="dhs has 4 steps but there are 5 caches"):
        rnn_backward_steps(np.zeros((2, 4, 4)), caches)
