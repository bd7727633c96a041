"""Lesson 10's benchmark runs: a restarted model trains exactly like a new one; the metrics."""

import numpy as np
import pytest

from lstm_course.datasets.adding_problem import adding_problem
from lstm_course.experiments.adding_benchmark import BenchmarkModel, build_regressor, sequences_to


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


def test_adding_splits_are_lesson_10s_seeded_splits():
    from lstm_course.experiments.adding_benchmark import adding_splits

    data = adding_splits(6, seed=3, n_train=16, n_val=4, n_test=5)
    assert [data[s][0].shape for s in ("train", "val", "test")] == [
        (16, 6, 2),
        (4, 6, 2),
        (5, 6, 2),
    ]
    x, y = adding_problem(4, 6, seed=3_000 + 60 + 1)  # validation: the second generator seed
    np.testing.assert_array_equal(data["val"][0], x)
    np.testing.assert_array_equal(data["val"][1], y)


def test_choose_learning_rates_takes_the_lowest_mean_over_seeds():
    from lstm_course.experiments.adding_benchmark import choose_learning_rates

    val = {  # one seed escapes at 1e-2, none at 1e-3; both learn at 3e-2
        (1e-3, 0): 0.16, (1e-3, 1): 0.16, (1e-2, 0): 0.001, (1e-2, 1): 0.16,
        (3e-2, 0): 0.02, (3e-2, 1): 0.03, (1e-1, 0): 0.2, (1e-1, 1): 0.3,
    }  # fmt: skip
    rows = [
        {"kind": "LSTM", "learning_rate": r, "seed": s, "val_mse": v} for (r, s), v in val.items()
    ]
    choice = choose_learning_rates(rows)["LSTM"]
    assert choice["chosen"] == 3e-2 and not choice["on_edge"]
    assert choice["mean"][1e-2] == pytest.approx(0.0805)
    rows[-1]["val_mse"] = float("nan")  # a diverged run: infinitely bad, never chosen
    assert choose_learning_rates(rows)["LSTM"]["mean"][1e-1] == np.inf
    rows[-1]["val_mse"] = rows[-2]["val_mse"] = 0.0  # the largest rate wins: on the edge
    assert choose_learning_rates(rows)["LSTM"]["on_edge"]
    with pytest.raises(ValueError, match="the same seeds"):
        choose_learning_rates(rows[:-1])
