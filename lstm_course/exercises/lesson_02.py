"""Lesson 02: the checks of exercises 2.1 (gradient norm at a lag) and 2.2 (steps to vanish).

A linear RNN h_t = h_{t-1} U: dh_T / dh_{T-lag} = U**lag (the matrix power), whose spectral norm
is radius**lag for an orthogonal U scaled to `radius`.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Mistake, call, compare, exercise, rng


def gradient_norm_at_lag(u, lag):
    """Reference of 2.1: the spectral norm of U**lag (matrix power)."""
    return np.linalg.norm(np.linalg.matrix_power(u, lag), 2)


NORM_MISTAKES = (
    Mistake(
        "off by one: at lag k the gradient passes through U k times, not k - 1",
        lambda u, lag: np.linalg.norm(np.linalg.matrix_power(u, lag - 1), 2),
    ),
    Mistake(
        "off by one: at lag k the gradient passes through U k times, not k + 1",
        lambda u, lag: np.linalg.norm(np.linalg.matrix_power(u, lag + 1), 2),
    ),
    Mistake(
        "the gradient multiplies by U at every step: it scales like radius**lag, not radius * lag",
        lambda u, lag: np.linalg.norm(u, 2) * lag,
    ),
    Mistake(
        "use the spectral norm (np.linalg.norm(M, 2)), not the Frobenius norm",
        lambda u, lag: np.linalg.norm(np.linalg.matrix_power(u, lag)),
    ),
    Mistake(
        "u ** lag is element-wise in NumPy: use the matrix power np.linalg.matrix_power(u, lag)",
        lambda u, lag: np.linalg.norm(u**lag, 2),
    ),
    Mistake(
        "take the norm of U**lag (not the norm of U to the power lag)",
        lambda u, lag: np.linalg.norm(u, 2) ** lag,
    ),
)


@exercise("2.1", "gradient norm at a given lag", gradient_norm_at_lag, NORM_MISTAKES)
def check_gradient_norm_at_lag(answer, ex):
    r = rng()
    q, _ = np.linalg.qr(r.normal(size=(6, 6)))
    cases = [
        (f"the norm at lag {lag} (radius {radius})", radius * q, lag)
        for radius, lag in ((0.8, 5), (1.2, 7), (0.5, 1))
    ]
    cases.append(("the norm for a random U", r.normal(0, 0.4, (6, 6)), 4))
    for name, u, lag in cases:
        compare(call(answer, u, lag), ex.reference(u, lag), name, ex.wrong_outputs(u, lag))


def steps_until_vanished(radius, threshold):
    """Reference of 2.2: the first lag k with radius**k < threshold."""
    k = 0
    while radius**k >= threshold:
        k += 1
    return k


VANISH_MISTAKES = (
    Mistake(
        "off by one: return the first lag whose norm is BELOW the threshold",
        lambda r, th: int(np.floor(np.log(th) / np.log(r))),
    ),
    Mistake(
        "off by one: you returned one lag past the first one below the threshold",
        lambda r, th: int(np.ceil(np.log(th) / np.log(r))) + 1,
    ),
    Mistake(
        "a lag is a whole number of steps: round log(threshold) / log(radius) up (np.ceil)",
        lambda r, th: np.log(th) / np.log(r),
    ),
)


@exercise(
    "2.2", "how many steps until the gradient vanishes", steps_until_vanished, VANISH_MISTAKES
)
def check_steps_until_vanished(answer, ex):
    for radius, threshold in ((0.9, 1e-3), (0.5, 1e-2), (0.99, 0.5)):
        compare(
            call(answer, radius, threshold),
            ex.reference(radius, threshold),
            f"steps for radius {radius}, threshold {threshold}",
            ex.wrong_outputs(radius, threshold),
        )
