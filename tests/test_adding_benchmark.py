"""Lesson 10's benchmark runs: a restarted model trains exactly like a new one; the metrics."""

import numpy as np
import pytest

from lstm_course.adding_benchmark import BenchmarkModel, build_regressor, sequences_to
from lstm_course.data.adding_problem import adding_problem


def _data(steps, n_train=128):
    return {
        split: adding_problem(n, steps, seed=k)
        for k, (split, n) in enumerate([("train", n_train), ("val", 16), ("test", 8)])
    }


def test_a_restarted_run_equals_a_fresh_one():
    """Run 2 after another run (other seed, other learning rate) == run 2 in a new model."""
    data = _data(steps=5)
    reused = BenchmarkModel("LSTM", 3, steps=5)
    reused.run(data, seed=4, learning_rate=1e-2, every=64, batch=32)
    again = reused.run(data, seed=7, learning_rate=3e-3, every=64, batch=32)
    fresh = BenchmarkModel("LSTM", 3, steps=5).run(
        data, seed=7, learning_rate=3e-3, every=64, batch=32
    )
    np.testing.assert_array_equal(again.seen, [64, 128])
    np.testing.assert_allclose(again.val_mse, fresh.val_mse, rtol=1e-6)
    np.testing.assert_allclose(again.test_errors, fresh.test_errors, rtol=1e-5, atol=1e-7)
    assert again.test_errors.shape == (8,) and again.learning_rate == 3e-3


def test_metrics_of_a_run():
    assert sequences_to([100, 200, 300], [0.2, 0.009, 0.001], 0.01) == 200
    assert sequences_to([100, 200, 300], [0.2, 0.1, 0.05], 0.01) is None
    with pytest.raises(ValueError, match="1-D arrays of one length"):
        sequences_to([100, 200], [0.2], 0.01)


def test_build_regressor_kinds_and_bad_input():
    for kind, params in [("SimpleRNN", 2 * 4 + 16 + 4 + 5), ("IRNN", 2 * 4 + 16 + 4 + 5)]:
        assert build_regressor(kind, 4, steps=6).count_params() == params
    assert build_regressor("LSTM", 4, steps=6).count_params() == 4 * (8 + 16 + 4) + 5
    with pytest.raises(ValueError, match="kind must be one of"):
        build_regressor("RNN", 4, steps=6)
    with pytest.raises(ValueError, match="steps must be a positive int"):
        build_regressor("GRU", 4, steps=0)
    with pytest.raises(ValueError, match="must be a multiple of batch"):
        BenchmarkModel("GRU", 2, steps=5).run(_data(5), seed=0, learning_rate=1e-3, every=50)
