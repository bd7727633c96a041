"""The NumPy RNN equals keras.layers.SimpleRNN forward and backward, and passes a gradient check."""

import numpy as np
import pytest
from keras_reference import keras_forward_and_grads

from lstm_course.gradcheck import gradient_check
from lstm_course.numpy_rnn import init_rnn_params, rnn_backward, rnn_forward

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
