"""Lesson 01: the checks of exercises 1.1 (one RNN step) and 1.2 (one step of BPTT).

Parameters in Keras's SimpleRNN layout: kernel W (D, H), recurrent_kernel U (H, H), bias b (H,);
h_t = tanh(x_t W + h_{t-1} U + b).
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Mistake, call, compare, exercise, rng
from lstm_course.numpy_lstm import sigmoid


def _inputs():
    r = rng()
    d, h = 3, 4
    params = {
        "kernel": r.normal(0, 0.5, (d, h)),
        "recurrent_kernel": r.normal(0, 0.5, (h, h)),
        "bias": r.normal(0, 0.5, h),
    }
    return r.normal(size=(2, d)), r.normal(size=(2, h)), params


def rnn_step(x_t, h_prev, p):
    """Reference of 1.1: h_t = tanh(x_t W + h_{t-1} U + b), (batch, H)."""
    return np.tanh(x_t @ p["kernel"] + h_prev @ p["recurrent_kernel"] + p["bias"])


RNN_STEP_MISTAKES = (
    Mistake(
        "the bias is missing: h_t = tanh(x_t W + h_{t-1} U + b)",
        lambda x, h, p: np.tanh(x @ p["kernel"] + h @ p["recurrent_kernel"]),
    ),
    Mistake(
        "use tanh, not the sigmoid, as the RNN's activation",
        lambda x, h, p: sigmoid(x @ p["kernel"] + h @ p["recurrent_kernel"] + p["bias"]),
    ),
    Mistake(
        "the activation is missing: wrap the sum in np.tanh",
        lambda x, h, p: x @ p["kernel"] + h @ p["recurrent_kernel"] + p["bias"],
    ),
    Mistake(
        "h_{t-1} was multiplied by the transposed recurrent kernel: use h_prev @ U",
        lambda x, h, p: np.tanh(x @ p["kernel"] + h @ p["recurrent_kernel"].T + p["bias"]),
    ),
)


@exercise("1.1", "one RNN step", rnn_step, RNN_STEP_MISTAKES)
def check_rnn_step(answer, ex):
    args = _inputs()
    compare(call(answer, *args), ex.reference(*args), "h_t", ex.wrong_outputs(*args))


def step_backward(dh_t, h_t, p):
    """Reference of 1.2: dh_{t-1} = (dh_t * (1 - h_t**2)) @ U.T, (batch, H)."""
    return (dh_t * (1.0 - h_t**2)) @ p["recurrent_kernel"].T


STEP_BACKWARD_MISTAKES = (
    Mistake(
        "the tanh derivative (1 - h_t**2) is missing",
        lambda dh, h, p: dh @ p["recurrent_kernel"].T,
    ),
    Mistake(
        "use U transposed: dh_prev = (dh_t * (1 - h_t**2)) @ U.T",
        lambda dh, h, p: (dh * (1 - h**2)) @ p["recurrent_kernel"],
    ),
    Mistake(
        "tanh'(z) is 1 - tanh(z)**2 = 1 - h_t**2, not 1 - h_t",
        lambda dh, h, p: (dh * (1 - h)) @ p["recurrent_kernel"].T,
    ),
    Mistake(
        "h_t is already tanh(z): the derivative is 1 - h_t**2, not 1 - tanh(h_t)**2",
        lambda dh, h, p: (dh * (1 - np.tanh(h) ** 2)) @ p["recurrent_kernel"].T,
    ),
)


@exercise("1.2", "one step of backpropagation through time", step_backward, STEP_BACKWARD_MISTAKES)
def check_step_backward(answer, ex):
    r = rng()
    _, _, params = _inputs()
    args = (r.normal(size=(2, 4)), np.tanh(r.normal(size=(2, 4))), params)
    compare(call(answer, *args), ex.reference(*args), "dh_prev", ex.wrong_outputs(*args))
