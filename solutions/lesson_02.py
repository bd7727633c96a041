"""Lesson 02: solutions to the exercises of notebooks/02_why_rnns_forget.ipynb."""

import numpy as np


def gradient_norm_at_lag(u, lag):
    """Exercise 2.1: for a linear RNN h_t = h_{t-1} U, dh_T/dh_{T-lag} = U**lag; its 2-norm."""
    return np.linalg.norm(np.linalg.matrix_power(u, lag), 2)


def steps_until_vanished(radius, threshold):
    """Exercise 2.2: the first lag k with radius**k below threshold (0 < radius < 1)."""
    k = 0
    while radius**k >= threshold:
        k += 1
    return k
