"""Bad inputs get a ValueError that says what was expected and what was given."""

import numpy as np
import pytest

from lstm_course.course.setup import seed_everything
from lstm_course.numpy_nets.gradcheck import numerical_gradient, relative_error
from lstm_course.numpy_nets.lstm import init_lstm_params, lstm_backward, lstm_forward, split_gates
from lstm_course.numpy_nets.rnn import init_rnn_params, rnn_backward, rnn_forward

X = np.zeros((2, 3, 4))


@pytest.mark.parametrize(
    "x,params,match",
    [
        (np.zeros((3, 4)), init_lstm_params(4, 2), r"3 dimensions, got shape \(3, 4\)"),
        (np.zeros((2, 3, 4), dtype=int), init_lstm_params(4, 2), "float32 or float64.*int64"),
        (np.full((2, 3, 4), np.nan), init_lstm_params(4, 2), "NaN or infinite"),
        (X, init_lstm_params(5, 2), "x has 4 features but params\\['kernel'\\] expects 5"),
        (X, {**init_lstm_params(4, 2), "peephole": np.zeros(2)}, r"unknown \['peephole'\]"),
        (X, {"kernel": np.zeros((4, 8))}, r"missing \['bias', 'recurrent_kernel'\]"),
        (X, {**init_lstm_params(4, 2), "bias": np.zeros(6)}, r"shape \(8,\) \(4H,\), got \(6,\)"),
        (X, {**init_lstm_params(4, 2), "kernel": np.zeros((4, 6))}, r"\(D, 4H\), got \(4, 6\)"),
        (X, {**init_lstm_params(4, 2), "recurrent_kernel": np.zeros((8, 2))}, r"\(H, 4H\)"),
        (np.zeros((0, 3, 4)), init_lstm_params(4, 2), "at least one sequence"),
        (X, [1, 2, 3], "params must be a dict"),
    ],
)
def test_lstm_forward_rejects(x, params, match):
    with pytest.raises(ValueError, match=match):
        lstm_forward(x, params)


def test_lstm_state_shapes_are_checked():
    with pytest.raises(ValueError, match=r"h0 must have shape \(2, 2\) \(batch, units\)"):
        lstm_forward(X, init_lstm_params(4, 2), h0=np.zeros((3, 2)))
    with pytest.raises(ValueError, match="c0 must have 2 dimensions"):
        lstm_forward(X, init_lstm_params(4, 2), c0=np.zeros(2))


def test_backward_checks_upstream_gradient():
    hs, _, cache = lstm_forward(X, init_lstm_params(4, 2))
    with pytest.raises(ValueError, match=r"dhs must have shape \(2, 3, 2\)"):
        lstm_backward(np.zeros((2, 3, 5)), cache)
    hs, _, cache = rnn_forward(X, init_rnn_params(4, 2))
    with pytest.raises(ValueError, match="dh_T must have shape"):
        rnn_backward(np.zeros_like(hs), cache, dh_T=np.zeros((1, 2)))


@pytest.mark.parametrize(
    "params,match",
    [
        ({**init_rnn_params(4, 2), "recurrent_kernel": np.zeros((2, 3))}, r"\(H, H\)"),
        ({**init_rnn_params(4, 2), "bias": np.zeros(3)}, r"\(H,\)"),
        (init_rnn_params(3, 2), "expects 3"),
    ],
)
def test_rnn_forward_rejects(params, match):
    with pytest.raises(ValueError, match=match):
        rnn_forward(X, params)


def test_misc_helpers_reject_bad_input():
    with pytest.raises(ValueError, match="4\\*H"):
        split_gates(np.zeros((2, 6)))
    with pytest.raises(ValueError, match="float64 ndarray"):
        numerical_gradient(lambda: 0.0, np.zeros(3, dtype=np.float32))
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="non-negative int"):
        seed_everything(-1)
    with pytest.raises(ValueError, match="units must be >= 1"):
        init_lstm_params(3, 0)
