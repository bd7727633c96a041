"""Lesson 10: the checks of exercises 10.1 (the adding problem's target) and 10.2 (the fraction
of sequences solved).

Adding problem inputs x (n, T, 2): feature 0 the values, feature 1 the markers (two 1s); the
target is the sum of the two marked values. A sequence is solved when |pred - y| < 0.04.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Mistake, call, compare, exercise, rng

SUM_OVER_TIME = "sum over time (axis 1): one target per sequence"


def adding_target(x):
    """Reference of 10.1: (x[..., 0] * x[..., 1]).sum(axis=1), shape (n,)."""
    return (x[..., 0] * x[..., 1]).sum(axis=1)


TARGET_MISTAKES = (
    Mistake(
        "you summed the markers; sum the VALUES at the marked steps",
        lambda x: x[..., 1].sum(axis=1),
    ),
    Mistake(SUM_OVER_TIME, lambda x: (x[..., 0] * x[..., 1]).sum(axis=0)),
    Mistake(SUM_OVER_TIME, lambda x: x[..., 0] * x[..., 1]),
    Mistake(
        "multiply the values by the markers before summing",
        lambda x: x[..., 0].sum(axis=1),
    ),
)


@exercise("10.1", "the adding problem's target", adding_target, TARGET_MISTAKES)
def check_adding_target(answer, ex):
    from lstm_course.data.adding_problem import adding_problem

    x, _ = adding_problem(5, 8, seed=3, dtype=np.float64)
    compare(call(answer, x), ex.reference(x), "targets (n,)", ex.wrong_outputs(x))


def solved_fraction(pred, y):
    """Reference of 10.2: the fraction (in [0, 1]) of |pred - y| < 0.04."""
    return float(np.mean(np.abs(np.asarray(pred) - np.asarray(y)) < 0.04))


SOLVED_MISTAKES = (
    Mistake(
        "compare the ABSOLUTE error with 0.04, not the squared error",
        lambda p, y: np.mean((p - y) ** 2 < 0.04),
    ),
    Mistake(
        "use the absolute error: negative errors count too",
        lambda p, y: np.mean(p - y < 0.04),
    ),
    Mistake(
        "return a fraction in [0, 1], not a count",
        lambda p, y: np.sum(np.abs(p - y) < 0.04),
    ),
    Mistake(
        "return a fraction in [0, 1], not a percentage",
        lambda p, y: 100 * np.mean(np.abs(p - y) < 0.04),
    ),
)


@exercise("10.2", "fraction of sequences solved", solved_fraction, SOLVED_MISTAKES)
def check_solved_fraction(answer, ex):
    r = rng()
    y = r.uniform(0, 2, 200)
    pred = y + r.normal(0, 0.05, 200)
    args = (pred, y)
    compare(
        call(answer, *args),
        ex.reference(*args),
        "the fraction",
        ex.wrong_outputs(*args),
    )
