"""Clamping the forget gate: unclamped it is the LSTM; clamped, f takes the value given."""

import numpy as np
import pytest

from lstm_course.forget_interventions import (
    chrono_bias,
    clamp_mask,
    forward_with_forget_clamped,
)
from lstm_course.numpy_lstm import init_lstm_params, lstm_forward


def _setup():
    rng = np.random.default_rng(0)
    params = init_lstm_params(3, 5, seed=0)
    return rng.normal(size=(4, 6, 3)), params


def test_unclamped_is_lstm_forward_and_clamps_take_effect():
    x, params = _setup()
    h, f = forward_with_forget_clamped(x, params)
    hs, (h_last, _), cache = lstm_forward(x, params)
    np.testing.assert_allclose(h, h_last, atol=1e-12)
    np.testing.assert_allclose(f, cache["gates"][..., 5:10], atol=1e-12)  # the f block
    steps = np.zeros((4, 6), dtype=bool)
    steps[:, 3] = True
    mask = clamp_mask(steps, 5, chosen_units=[1, 2])
    h0, f0 = forward_with_forget_clamped(x, params, mask, value=0.0)
    assert np.all(f0[:, 3, 1:3] == 0) and np.all(f0[:, 3, [0, 3, 4]] > 0)
    np.testing.assert_allclose(f0[:, :3], f[:, :3])  # before the clamp: unchanged
    assert not np.allclose(h0, h)
    # f = 0 at the last step for all units: h no longer depends on the earlier words
    last = clamp_mask(np.eye(6, dtype=bool)[[5] * 4], 5)
    x2 = x.copy()
    x2[:, :5] += 1.0
    h_a, _ = forward_with_forget_clamped(x, params, last, 0.0)
    h_b, _ = forward_with_forget_clamped(x2, params, last, 0.0)
    assert not np.allclose(h_a, h_b)  # h_{t-1} still feeds the gates
    with pytest.raises(ValueError, match="clamp must be"):
        forward_with_forget_clamped(x, params, steps, 0.0)
    with pytest.raises(ValueError, match="value must be"):
        forward_with_forget_clamped(x, params, mask, 1.5)
    with pytest.raises(ValueError, match="steps must be"):
        clamp_mask(steps.astype(int), 5)


def test_chrono_bias_spreads_the_forget_bias_and_mirrors_the_input_bias():
    b = chrono_bias(200, t_max=16, rng=np.random.default_rng(1))
    i, f, g, o = np.split(b, 4)
    assert b.shape == (800,) and b.dtype == np.float32
    assert np.all(f >= 0) and np.all(f <= np.log(15) + 1e-6) and f.max() > 2.0
    np.testing.assert_array_equal(i, -f)
    assert not g.any() and not o.any()
    with pytest.raises(ValueError, match="t_max"):
        chrono_bias(4, t_max=2, rng=np.random.default_rng(0))
