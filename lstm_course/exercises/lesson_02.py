"""Lesson 02: the checks of exercises 2.1 (the RNN's Jacobians by lag, the lesson's core),
2.2 (gradient norm at a lag) and 2.3 (steps to vanish).

2.1: J[:, lag] = dh_T / dh_{T-lag} = prod_{k=T..T-lag+1} diag(1 - h_k^2) U^T, built one factor at
a time: J[:, lag] = J[:, lag - 1] @ (diag(1 - h_k^2) U^T) with k = T - lag + 1 (row vectors).
2.2, 2.3: a linear RNN h_t = h_{t-1} U: dh_T / dh_{T-lag} = U**lag (the matrix power), whose
spectral norm is radius**lag for an orthogonal U scaled to `radius`.
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Hint, Mistake, call, compare, exercise, rng
from lstm_course.numpy_nets.rnn import rnn_forward

IDENTITY = "at lag 0, dh_T/dh_T is the identity: start with J[:, 0] = np.eye(H)"


def jacobians_by_lag(transpose=True, at=0, order="right", tanh="rows", identity=True):
    """rnn_jacobians_by_lag(params, x) -> J (batch, time, H, H); with other arguments, a realistic
    wrong answer: U not transposed, tanh' read at h_{k-1} (at=-1), the factor multiplied on the
    left, the tanh' scaling the columns instead of the rows, no tanh' at all, or J[:, 0] not
    the identity (identity=False)."""

    def rnn_jacobians_by_lag(params, x):
        hs = rnn_forward(x, params)[0]
        batch, steps, units = hs.shape
        u = params["recurrent_kernel"].T if transpose else params["recurrent_kernel"]
        J = np.empty((batch, steps, units, units))
        J[:, 0] = np.eye(units) if identity else 0.0
        for lag in range(1, steps):
            k = steps - lag
            slope = 1.0 - hs[:, k + at] ** 2
            if tanh == "rows":
                factor = slope[:, :, None] * u
            elif tanh == "columns":
                factor = u * slope[:, None, :]
            else:
                factor = np.broadcast_to(u, (batch, units, units))
            J[:, lag] = J[:, lag - 1] @ factor if order == "right" else factor @ J[:, lag - 1]
        return J

    return rnn_jacobians_by_lag


JACOBIAN_MISTAKES = (
    Mistake(IDENTITY, jacobians_by_lag(identity=False), False),
    Mistake(
        "the Jacobian of h_k @ U with respect to h_{k-1} is U transposed (row vectors): "
        "use params['recurrent_kernel'].T",
        jacobians_by_lag(transpose=False),
    ),
    Mistake(
        "off by one in time: the factor dh_k/dh_{k-1} holds tanh' at step k, 1 - h_k**2, "
        "not at step k - 1",
        jacobians_by_lag(at=-1),
    ),
    Mistake(
        "the new factor goes on the right: J[:, lag] = J[:, lag - 1] @ factor, because the "
        "product runs from step T backwards (dh_T/dh_{k-1} = dh_T/dh_k @ dh_k/dh_{k-1})",
        jacobians_by_lag(order="left"),
    ),
    Mistake(
        "diag(1 - h_k**2) multiplies U^T from the left, scaling its ROWS: "
        "(1 - h_k**2)[:, :, None] * U.T, not [:, None, :]",
        jacobians_by_lag(tanh="columns"),
    ),
    Mistake(
        "the tanh derivative is missing: each factor is diag(1 - h_k**2) U^T, not U^T alone",
        jacobians_by_lag(tanh="none"),
    ),
)


@exercise(
    "2.1",
    "the Jacobians of the last state, lag by lag",
    jacobians_by_lag(),
    JACOBIAN_MISTAKES,
)
def check_jacobians_by_lag(answer, ex):
    r = rng()
    batch, steps, d, h = 3, 6, 4, 5
    params = {
        "kernel": r.normal(0, 0.6, (d, h)),
        "recurrent_kernel": r.normal(0, 0.6, (h, h)),
        "bias": r.normal(0, 0.3, h),
    }
    x = r.normal(size=(batch, steps, d))
    got = call(answer, params, x)
    want = ex.reference(params, x)
    if np.shape(got) == want.shape and not np.allclose(got[:, 0], np.eye(h)):
        raise Hint(IDENTITY)
    compare(got, want, "J", ex.wrong_outputs(params, x))


def gradient_norm_at_lag(u, lag):
    """Reference of 2.2: the spectral norm of U**lag (matrix power)."""
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


@exercise("2.2", "gradient norm at a given lag", gradient_norm_at_lag, NORM_MISTAKES)
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
    """Reference of 2.3: the first lag k with radius**k < threshold."""
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
    "2.3", "how many steps until the gradient vanishes", steps_until_vanished, VANISH_MISTAKES
)
def check_steps_until_vanished(answer, ex):
    for radius, threshold in ((0.9, 1e-3), (0.5, 1e-2), (0.99, 0.5)):
        compare(
            call(answer, radius, threshold),
            ex.reference(radius, threshold),
            f"steps for radius {radius}, threshold {threshold}",
            ex.wrong_outputs(radius, threshold),
        )
