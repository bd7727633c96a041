"""The seed switch: LSTM_COURSE_SEED reaches every seed a lesson uses."""

import numpy as np
import pytest

from lstm_course.notebook_setup import course_seed, course_seeds, setup_notebook


def test_course_seed_defaults_to_zero(monkeypatch):
    monkeypatch.delenv("LSTM_COURSE_SEED", raising=False)
    assert course_seed() == 0
    assert course_seeds(3) == [0, 1, 2]


def test_course_seed_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("LSTM_COURSE_SEED", "2")
    assert course_seed() == 2
    # Disjoint from the runs of seeds 0 and 1: every course seed tests new networks.
    assert course_seeds(3) == [6, 7, 8]
    assert course_seeds(1) == [2]


@pytest.mark.parametrize("raw", ["-1", "one", "1.5"])
def test_bad_course_seed_is_named(monkeypatch, raw):
    monkeypatch.setenv("LSTM_COURSE_SEED", raw)
    with pytest.raises(ValueError, match="LSTM_COURSE_SEED must be a non-negative integer"):
        course_seed()


@pytest.mark.parametrize("n", [0, -2, 1.0, True])
def test_course_seeds_needs_a_positive_count(n):
    with pytest.raises(ValueError, match="n must be a positive int"):
        course_seeds(n)


def test_setup_notebook_seeds_from_the_environment(monkeypatch):
    monkeypatch.setenv("LSTM_COURSE_SEED", "5")
    assert setup_notebook(tensorflow=False) == 5
    first = np.random.rand(3)  # noqa: NPY002  (the global generator setup_notebook seeds)
    assert setup_notebook(tensorflow=False) == 5
    np.testing.assert_array_equal(np.random.rand(3), first)  # noqa: NPY002
    monkeypatch.setenv("LSTM_COURSE_SEED", "6")
    setup_notebook(tensorflow=False)
    assert not np.array_equal(np.random.rand(3), first)  # noqa: NPY002
    assert setup_notebook(seed=5, tensorflow=False) == 5  # an explicit seed wins
