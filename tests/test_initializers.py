"""The one LSTM bias initialiser: Keras's unit_forget_bias, a plain zero bias, chrono."""

import numpy as np
import pytest

from lstm_course.numpy_nets.initializers import chrono_forget_bias, lstm_bias


def test_unit_forget_bias_blocks_and_dtype():
    bias = lstm_bias(3)
    np.testing.assert_array_equal(bias, [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    assert bias.dtype == np.float64 and lstm_bias(3, dtype=np.float32).dtype == np.float32
    np.testing.assert_array_equal(lstm_bias(2, 0.0), np.zeros(8))
    np.testing.assert_array_equal(lstm_bias(2, np.array([2.0, 3.0]))[2:4], [2.0, 3.0])
    with pytest.raises(ValueError, match="units must be a positive int"):
        lstm_bias(0)
    with pytest.raises(ValueError, match="'chrono'"):
        lstm_bias(2, "chrono-ish")


def test_chrono_and_lstm_bias():
    b_f = chrono_forget_bias(1000, max_lag=50, seed=0)
    assert b_f.shape == (1000,) and b_f.min() >= 0 and b_f.max() <= np.log(49)
    # the memory time scale 1 / (1 - sigmoid(b_f)) = 1 + exp(b_f) is spread over [2, 50]
    scale = 1 + np.exp(b_f)
    assert scale.min() < 5 and scale.max() > 45
    bias = lstm_bias(4, "chrono", max_lag=20, seed=3)
    np.testing.assert_allclose(bias[4:8], chrono_forget_bias(4, 20, seed=3))
    np.testing.assert_allclose(bias[:4], -bias[4:8])
    np.testing.assert_array_equal(bias[8:], 0.0)
    np.testing.assert_array_equal(lstm_bias(2, 1.0), [0, 0, 1, 1, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="max_lag must be >= 3"):
        lstm_bias(4, "chrono")
    with pytest.raises(ValueError, match="'chrono'"):
        lstm_bias(4, "unit")


def test_lstm_init_bias_splits_chrono_into_its_halves():
    from lstm_course.numpy_nets.initializers import LSTM_INITS, lstm_init_bias

    units, lag = 5, 40
    b = chrono_forget_bias(units, lag, seed=2)
    chrono = lstm_init_bias(units, "chrono", lag, seed=2)
    np.testing.assert_array_equal(chrono, lstm_bias(units, "chrono", max_lag=lag, seed=2))
    np.testing.assert_array_equal(lstm_init_bias(units, "default"), lstm_bias(units))
    forget = lstm_init_bias(units, "forget-only", lag, seed=2)
    np.testing.assert_array_equal(forget[units : 2 * units], b)  # chrono's b_f ...
    np.testing.assert_array_equal(forget[:units], 0.0)  # ... with b_i = 0
    inputs = lstm_init_bias(units, "input-only", lag, seed=2)
    np.testing.assert_array_equal(inputs[:units], -b)  # chrono's b_i ...
    np.testing.assert_array_equal(inputs[units : 2 * units], 1.0)  # ... with b_f = 1
    for init in LSTM_INITS:  # the g and o blocks stay 0
        np.testing.assert_array_equal(lstm_init_bias(units, init, lag, seed=2)[2 * units :], 0)
    with pytest.raises(ValueError, match="init must be one of"):
        lstm_init_bias(units, "chrono-ish", lag)
    with pytest.raises(ValueError, match="max_lag must be >= 3"):
        lstm_init_bias(units, "forget-only")
