"""Lesson 10: solutions to the exercises of notebooks/10_long_memory_benchmark.ipynb."""

import numpy as np


def adding_target(x):
    """Exercise 10.1: x (n, T, 2) -> (n,) sum of the values at the two marked steps."""
    return (x[..., 0] * x[..., 1]).sum(axis=1)


def solved_fraction(pred, y):
    """Exercise 10.2: fraction of sequences with absolute error below 0.04."""
    return float(np.mean(np.abs(np.asarray(pred) - np.asarray(y)) < 0.04))
