"""The one LSTM bias initialiser: Keras's unit_forget_bias, a plain zero bias, chrono."""

import numpy as np
import pytest

from lstm_course.initializers import chrono_forget_bias, lstm_bias


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
