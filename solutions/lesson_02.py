"""Lesson 02: solutions to the exercises of notebooks/02_why_rnns_forget.ipynb."""

import numpy as np

from lstm_course.numpy_nets.rnn import rnn_forward


def rnn_jacobians_by_lag(params, x):
    """Exercise 2.1: J (batch, time, H, H) with J[:, lag] = dh_T / dh_{T-lag}."""
    hs = rnn_forward(x, params)[0]  # (batch, time, H), from h_0 = 0
    batch, steps, units = hs.shape
    u_T = params["recurrent_kernel"].T  # U transposed
    J = np.empty((batch, steps, units, units))
    J[:, 0] = np.eye(units)  # lag 0: dh_T/dh_T is the identity
    for lag in range(1, steps):
        k = steps - lag  # multiply in dh_k/dh_{k-1} = diag(1 - h_k^2) U^T
        J[:, lag] = J[:, lag - 1] @ ((1.0 - hs[:, k] ** 2)[:, :, None] * u_T)
    return J


def gradient_norm_at_lag(u, lag):
    """Exercise 2.2: for a linear RNN h_t = h_{t-1} U, dh_T/dh_{T-lag} = U**lag; its 2-norm."""
    return np.linalg.norm(np.linalg.matrix_power(u, lag), 2)


def steps_until_vanished(radius, threshold):
    """Exercise 2.3: the first lag k with radius**k below threshold (0 < radius < 1)."""
    k = 0
    while radius**k >= threshold:
        k += 1
    return k
