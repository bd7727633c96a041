"""Jacobians by lag match finite differences and closed forms; the gap experiment is honest."""

import numpy as np
import pytest

from lstm_course.experiments.gradient_flow import (
    fitted_slope,
    scale_to_spectral_radius,
    state_jacobian_norms,
    state_jacobians,
)
from lstm_course.numpy_nets.gradcheck import numerical_gradient, relative_error
from lstm_course.numpy_nets.lstm import init_lstm_params, lstm_forward
from lstm_course.numpy_nets.rnn import init_rnn_params, rnn_forward


def _suffix_gradient(cell, params, x, t, v, wrt):
    """Numerical gradient of v . s_T with respect to the state s_t, by re-running the cell from
    step t+1 with the perturbed state: this is J(lag = T - t)^T v."""
    if cell == "rnn":
        _, h_t, _ = rnn_forward(x[:, : t + 1], params)
        state = {"h": h_t.copy()}

        def last():
            return rnn_forward(x[:, t + 1 :], params, state["h"])[1]

    else:
        _, (h_t, c_t), _ = lstm_forward(x[:, : t + 1], params)
        state = {"h": h_t.copy(), "c": c_t.copy()}

        def last():
            h, c = lstm_forward(x[:, t + 1 :], params, state["h"], state["c"])[1]
            return np.concatenate([h, c], axis=1)

    return numerical_gradient(lambda: float(np.sum(last() * v)), state[wrt])


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_jacobians_match_finite_differences(rng, cell):
    init = init_rnn_params if cell == "rnn" else init_lstm_params
    params = init(3, 4, seed=5)
    params["bias"] = rng.normal(0, 0.5, params["bias"].shape)
    x = rng.normal(size=(2, 7, 3))
    jac = state_jacobians(cell, params, x)
    size = 4 if cell == "rnn" else 8
    assert jac.shape == (2, 7, size, size)
    np.testing.assert_array_equal(jac[:, 0], np.broadcast_to(np.eye(size), (2, size, size)))
    v = rng.normal(size=(2, size))
    for t in (0, 3, 5):
        lag = 6 - t
        analytic = np.einsum("bi,bij->bj", v, jac[:, lag])  # v^T J
        numeric = _suffix_gradient(cell, params, x, t, v, "h")
        assert relative_error(analytic[:, :4], numeric) < 1e-8
        if cell == "lstm":
            numeric_c = _suffix_gradient(cell, params, x, t, v, "c")
            assert relative_error(analytic[:, 4:], numeric_c) < 1e-8


def test_rnn_norm_is_radius_to_the_lag_in_the_linear_regime():
    """With zero input and bias the state stays 0, tanh' = 1, and ||U^k|| = r^k for a scaled
    orthogonal U."""
    params = init_rnn_params(2, 6, seed=0)
    params["recurrent_kernel"] = scale_to_spectral_radius(params["recurrent_kernel"], 0.8)
    norms = state_jacobian_norms("rnn", params, np.zeros((1, 12, 2)))
    np.testing.assert_allclose(norms[0], 0.8 ** np.arange(12), rtol=1e-10)
    assert fitted_slope(norms[0]) == pytest.approx(np.log10(0.8))


def test_lstm_cell_path_is_a_product_of_forget_gates(rng):
    """With no recurrent weights, dc_T/dc_t is exactly diag(prod of forget gates)."""
    params = init_lstm_params(3, 5, seed=1)
    params["recurrent_kernel"][:] = 0.0
    x = rng.normal(size=(2, 9, 3))
    _, _, cache = lstm_forward(x, params)
    f = np.split(cache["gates"], 4, axis=2)[1]  # (batch, time, H)
    jac = state_jacobians("lstm", params, x)
    for lag in range(9):
        expected = np.prod(f[:, 9 - lag :], axis=1)  # f_{T-lag+1} ... f_T
        np.testing.assert_allclose(np.diagonal(jac[:, lag, 5:, 5:], axis1=1, axis2=2), expected)
        np.testing.assert_allclose(jac[:, lag, 5:, :5], 0.0, atol=1e-15)
    norms = state_jacobian_norms("lstm", params, x, of="c", wrt="c")
    np.testing.assert_allclose(norms[:, 3], np.prod(f[:, 6:], axis=1).max(axis=1))


def test_norm_blocks_and_errors(rng):
    params = init_lstm_params(2, 3, seed=2)
    x = rng.normal(size=(1, 5, 2))
    full = state_jacobian_norms("lstm", params, x, of="h", wrt="state")
    only_h = state_jacobian_norms("lstm", params, x, of="h", wrt="h")
    assert full.shape == (1, 5) and np.all(full >= only_h - 1e-12)  # a sub-block cannot be larger
    with pytest.raises(ValueError, match="only state is h"):
        state_jacobian_norms("rnn", init_rnn_params(2, 3), x, wrt="c")
    with pytest.raises(ValueError, match="wrt must be one of"):
        state_jacobian_norms("lstm", params, x, wrt="x")
    with pytest.raises(ValueError, match="cell must be one of"):
        state_jacobians("gru", params, x)


def test_spectral_radius_scaling():
    m = np.random.default_rng(0).normal(size=(5, 5))
    scaled = scale_to_spectral_radius(m, 1.5)
    assert np.max(np.abs(np.linalg.eigvals(scaled))) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="square"):
        scale_to_spectral_radius(np.ones((2, 3)), 1.0)
    with pytest.raises(ValueError, match="nilpotent"):
        scale_to_spectral_radius(np.array([[0.0, 1.0], [0.0, 0.0]]), 1.0)
    with pytest.raises(ValueError, match="positive"):
        scale_to_spectral_radius(m, 0.0)


def test_fitted_slope():
    assert fitted_slope(10.0 ** (-0.5 * np.arange(6))) == pytest.approx(-0.5)
    with pytest.raises(ValueError, match="positive"):
        fitted_slope(np.array([1.0, 0.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match="at least 3 lags"):
        fitted_slope(np.ones(2))
