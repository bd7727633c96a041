"""Accuracy by gap on held-out sentences, for one seed and over seeds."""

import numpy as np
import pytest

from lstm_course.gap_accuracy import accuracy_by_gap, accuracy_by_gap_over_seeds


def test_accuracy_by_gap_short_gap_is_learned_and_long_gap_is_refused(capsys):
    res = accuracy_by_gap("rnn", [1], steps=150, units=12, n_train=500, n_test=200, seed=0)
    assert res.accuracy[0] > 0.9 and res.chance == 0.25 and len(res.losses[0]) == 150
    assert res.train_accuracy[0] > 0.9  # learned: the training sentences are answered too
    out = capsys.readouterr().out
    assert "rnn seed 0 gap   1" in out and f"train accuracy {res.train_accuracy[0]:.3f}" in out
    with pytest.raises(ValueError, match="gaps must be"):
        accuracy_by_gap("rnn", [])
    with pytest.raises(ValueError, match="gaps must be"):
        accuracy_by_gap("rnn", [0])
    with pytest.raises(ValueError, match="cell must be"):
        accuracy_by_gap("gru", [1])


def test_accuracy_by_gap_over_seeds_is_one_run_per_seed():
    kwargs = {"steps": 40, "units": 6, "n_train": 200, "n_test": 100, "verbose": False}
    res = accuracy_by_gap_over_seeds("rnn", [1, 2], seeds=[3, 5], **kwargs)
    assert res.accuracy.shape == (2, 2) and res.seeds == [3, 5] and res.chance == 0.25
    assert res.final_losses(last=10).shape == (2, 2) and res.train_accuracy.shape == (2, 2)
    for row, train_row, seed in zip(res.accuracy, res.train_accuracy, (3, 5), strict=True):
        alone = accuracy_by_gap("rnn", [1, 2], seed=seed, **kwargs)  # row k is seed k's own run
        np.testing.assert_array_equal(row, alone.accuracy)
        np.testing.assert_array_equal(train_row, alone.train_accuracy)
    assert not np.array_equal(res.runs[0].losses[0], res.runs[1].losses[0])  # seeds differ
    with pytest.raises(ValueError, match="distinct"):
        accuracy_by_gap_over_seeds("rnn", [1], seeds=[1, 1], **kwargs)
    with pytest.raises(ValueError, match="not `seed`"):
        accuracy_by_gap_over_seeds("rnn", [1], seeds=[1], seed=2)
