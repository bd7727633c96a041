"""Lesson 04: the checks of exercises 4.1 (forget-gate backward), 4.2 (one LSTM step in Keras's
layout) and 4.3 (the forget-gate bias at initialisation).

Fused weights: kernel (D, 4H), recurrent_kernel (H, 4H), bias (4H,), blocks in the order
i, f, g, o (`GATES`; Keras's documentation writes i, f, c, o).
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import (
    SWAPPED_GATES,
    Hint,
    Mistake,
    NotAttempted,
    block,
    call,
    compare,
    exercise,
    other_orders,
    rng,
    same,
    swapped_detail,
)
from lstm_course.initializers import lstm_bias
from lstm_course.numpy_lstm import GATES, sigmoid


def forget_gate_backward(dc_t, c_prev, c_t, f_t):
    """Reference of 4.1: dL/dz_f = dc_t * c_{t-1} * f_t * (1 - f_t)."""
    return dc_t * c_prev * f_t * (1.0 - f_t)


FORGET_MISTAKES = (
    Mistake("the sigmoid's derivative f * (1 - f) is missing", lambda dc, cp, ct, f: dc * cp),
    Mistake(
        "off by one in time: the forget gate multiplies c_{t-1}, not c_t",
        lambda dc, cp, ct, f: dc * ct * f * (1 - f),
    ),
    Mistake(
        "the gate's input c_{t-1} is missing from the chain rule",
        lambda dc, cp, ct, f: dc * f * (1 - f),
    ),
    Mistake(
        "the forget gate is a sigmoid: its derivative is f * (1 - f), not tanh's 1 - f**2",
        lambda dc, cp, ct, f: dc * cp * (1 - f**2),
    ),
    Mistake(
        "dc_t * f_t is the gradient that flows on to c_{t-1}; the gate's pre-activation gets "
        "dc_t * c_{t-1} * f_t * (1 - f_t)",
        lambda dc, cp, ct, f: dc * f,
    ),
)


@exercise("4.1", "backward pass of the forget gate", forget_gate_backward, FORGET_MISTAKES)
def check_forget_gate_backward(answer, ex):
    r = rng()
    args = [r.normal(size=(3, 5)) for _ in range(3)] + [sigmoid(r.normal(size=(3, 5)))]
    compare(call(answer, *args), ex.reference(*args), "dz_f", ex.wrong_outputs(*args))


def lstm_step_in_order(order="ifgo", bias=True, candidate=np.tanh):
    """One LSTM step, (x_t, h_prev, c_prev, params) -> (h_t, c_t), reading the fused blocks in
    `order`; with another order, bias=False or candidate=sigmoid, a realistic wrong answer."""

    def lstm_step(x_t, h_prev, c_prev, p):
        z = x_t @ p["kernel"] + h_prev @ p["recurrent_kernel"] + (p["bias"] if bias else 0.0)
        zs = dict(zip(order, np.split(z, 4, axis=1), strict=True))
        c_t = sigmoid(zs["f"]) * c_prev + sigmoid(zs["i"]) * candidate(zs["g"])
        return sigmoid(zs["o"]) * np.tanh(c_t), c_t

    return lstm_step


lstm_step = lstm_step_in_order()
"""Reference of 4.2: (h_t, c_t) from the fused blocks i, f, g, o."""


def _h_without_tanh(x_t, h_prev, c_prev, p):
    z = x_t @ p["kernel"] + h_prev @ p["recurrent_kernel"] + p["bias"]
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=1)
    c_t = sigmoid(z_f) * c_prev + sigmoid(z_i) * np.tanh(z_g)
    return sigmoid(z_o) * c_t, c_t


def _c_and_h(x_t, h_prev, c_prev, p):
    h_t, c_t = lstm_step(x_t, h_prev, c_prev, p)
    return c_t, h_t


PAIR = "return the pair (h_t, c_t)"
STEP_MISTAKES = (
    Mistake(PAIR, lambda x, h, c, p: lstm_step(x, h, c, p)[0], False),
    # Orders met elsewhere: TensorFlow 1's BasicLSTMCell i, j(g), f, o; ONNX i, o, f, c(g).
    Mistake(SWAPPED_GATES, lstm_step_in_order("ifog"), False),
    Mistake(SWAPPED_GATES, lstm_step_in_order("figo"), False),
    Mistake(SWAPPED_GATES, lstm_step_in_order("igfo"), False),
    Mistake(SWAPPED_GATES, lstm_step_in_order("iofg"), False),
    Mistake("return (h_t, c_t) in that order, h_t first", _c_and_h),
    Mistake("the bias is missing: z = x_t W + h_{t-1} U + b", lstm_step_in_order(bias=False)),
    Mistake("the candidate g_t uses tanh, not the sigmoid", lstm_step_in_order(candidate=sigmoid)),
    Mistake("h_t = o_t * tanh(c_t): the tanh is missing", _h_without_tanh),
)


@exercise("4.2", "one LSTM step in Keras's layout", lstm_step, STEP_MISTAKES)
def check_lstm_step(answer, ex):
    r = rng()
    d, h = 3, 4
    p = {
        "kernel": r.normal(0, 0.5, (d, 4 * h)),
        "recurrent_kernel": r.normal(0, 0.5, (h, 4 * h)),
        "bias": r.normal(0, 0.5, 4 * h),
    }
    args = (r.normal(size=(2, d)), r.normal(size=(2, h)), r.normal(size=(2, h)), p)
    got = call(answer, *args)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Hint(PAIR)
    if got[1] is None or got[0] is None:
        raise NotAttempted
    want_h, want_c = ex.reference(*args)
    for order in other_orders():
        c_swapped = lstm_step_in_order(order)(*args)[1]
        if same(got[1], c_swapped) and not same(c_swapped, want_c):
            raise Hint(SWAPPED_GATES, swapped_detail(order))
    compare(got[1], want_c, "c_t", ex.wrong_outputs(*args, pick=lambda v: v[1]))
    compare(got[0], want_h, "h_t", ex.wrong_outputs(*args, pick=lambda v: v[0]))


def initial_bias(units):
    """Reference of 4.3: Keras's initial bias (unit_forget_bias): zeros, the f block at 1."""
    return lstm_bias(units, forget_bias=1.0)


def _ones_in(gate):
    def wrong(units):
        bias = np.zeros(4 * units)
        pos = GATES.index(gate)
        bias[pos * units : (pos + 1) * units] = 1.0
        return bias

    return wrong


BIAS_MISTAKES = tuple(
    Mistake(f"the ones went into {block(gate)}; the forget gate is {block('f')}", _ones_in(gate))
    for gate in ("i", "g", "o")
) + (
    Mistake(
        "forget bias missing: Keras starts the forget gate's bias at 1 (unit_forget_bias)",
        lambda units: np.zeros(4 * units),
    ),
    Mistake(
        f"only the forget gate's block, {block('f')}, is 1; the others start at 0",
        lambda units: np.ones(4 * units),
    ),
    Mistake(
        "the bias covers all four gates: shape (4 * units,), zeros except the forget block",
        lambda units: np.ones(units),
    ),
)


@exercise("4.3", "the forget-gate bias at initialisation", initial_bias, BIAS_MISTAKES)
def check_initial_bias(answer, ex):
    units = 3
    compare(call(answer, units), ex.reference(units), "bias", ex.wrong_outputs(units))


# For tests/test_exercise_hints.py: an answer reading the fused blocks in another order.
IN_ORDER = {"4.2": lstm_step_in_order}
