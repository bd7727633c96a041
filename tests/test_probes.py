"""Selectivity and the linear probe measure what they claim."""

import numpy as np
import pytest

from lstm_course.experiments.probes import probe_accuracy, selectivity


def test_selectivity_hand_computed():
    labels = np.array([0, 0, 1, 1])
    values = np.array([[1.0, 1.0, 5.0], [1.0, 3.0, 5.0], [3.0, 1.0, 5.0], [3.0, 3.0, 5.0]])
    # unit 0 is fixed by the label, unit 1 ignores it, unit 2 is constant
    np.testing.assert_allclose(selectivity(values, labels), [1.0, 0.0, 0.0])
    # half of the variance between groups: group means 1 and 3 (between 4), within +-1 (total 8)
    v = np.array([[0.0], [2.0], [2.0], [4.0]])
    np.testing.assert_allclose(selectivity(v, labels), [0.5])


def test_selectivity_separates_a_coding_unit_from_noise(rng):
    labels = rng.integers(0, 4, 2000)
    coding = labels + 0.1 * rng.normal(size=2000)
    noise = rng.normal(size=2000)
    s = selectivity(np.c_[coding, noise], labels)
    assert s[0] > 0.95 and s[1] < 0.01, s


def test_probe_reads_a_linear_code_and_not_noise(rng):
    labels = rng.integers(0, 4, 1000)
    centres = rng.normal(size=(4, 6)) * 3
    values = centres[labels] + rng.normal(size=(1000, 6))
    assert probe_accuracy(values[:500], labels[:500], values[500:], labels[500:]) > 0.95
    noise = rng.normal(size=(1000, 6))
    acc = probe_accuracy(noise[:500], labels[:500], noise[500:], labels[500:])
    assert acc < 0.35, acc  # chance is 0.25


@pytest.mark.parametrize(
    "args,match",
    [
        ((np.ones((4, 2), dtype=int), np.array([0, 1, 0, 1])), "values must be a float"),
        ((np.ones((4, 2)), np.array([0, 1, 0])), "labels must be integer"),
        ((np.ones((4, 2)), np.array([0.0, 1, 0, 1])), "labels must be integer"),
        ((np.ones((4, 2)), np.zeros(4, dtype=int)), "at least two groups"),
    ],
)
def test_selectivity_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        selectivity(*args)


def test_probe_rejects_bad_input():
    v, y = np.ones((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="test_values must be"):
        probe_accuracy(v, y, np.ones((4, 3)), y)
    with pytest.raises(ValueError, match="test_labels must be"):
        probe_accuracy(v, y, v, y[:3])
    with pytest.raises(ValueError, match="ridge must be"):
        probe_accuracy(v, y, v, y, ridge=-1.0)


def test_standardised_probe_uses_the_training_rows_statistics_only(rng):
    labels = rng.integers(0, 3, 400)
    values = np.eye(3)[labels] * np.array([1e3, 1.0, 1e-3]) + 0.01 * rng.normal(size=(400, 3))
    values[:, 2] += 5.0
    train, test = slice(0, 200), slice(200, None)
    acc = probe_accuracy(values[train], labels[train], values[test], labels[test], standardise=True)
    assert acc == 1.0
    # shifting only the test rows must change the answer: their own statistics are not used
    shifted = values[test] + np.array([0.0, 1.0, 0.0])  # test statistics would undo this
    assert probe_accuracy(values[train], labels[train], shifted, labels[test], standardise=True) < 1


def test_mlp_probe_reads_a_nonlinear_code_the_linear_probe_misses(rng):
    from lstm_course.experiments.probes import mlp_probe_accuracy

    values = rng.normal(size=(2000, 3))
    labels = (values[:, 0] * values[:, 1] > 0).astype(int) + 2 * (values[:, 2] > 0)
    train, test = slice(0, 1000), slice(1000, None)
    args = (values[train], labels[train], values[test], labels[test])
    linear, mlp = probe_accuracy(*args), mlp_probe_accuracy(*args, seed=0)
    assert linear < 0.6 and mlp > 0.85, (linear, mlp)
    assert mlp_probe_accuracy(*args, seed=0) == mlp  # deterministic given the seed
    shuffled = rng.permutation(labels)
    chance = mlp_probe_accuracy(values[train], shuffled[train], values[test], shuffled[test])
    assert chance < 0.35, chance  # nothing to read: near 1/4
    with pytest.raises(ValueError, match="test_values must be"):
        mlp_probe_accuracy(values[train], labels[train], values[test, :2], labels[test])
    with pytest.raises(ValueError, match="need hidden"):
        mlp_probe_accuracy(*args, hidden=0)
