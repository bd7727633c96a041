"""Lesson 03: the checks of exercises 3.1 (the cell-state update) and 3.2 (the output h_t).

c_t = f_t * c_{t-1} + i_t * g_t and h_t = o_t * tanh(c_t), all element-wise; g_t is the
candidate (written c~_t in the maths).
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import Mistake, call, compare, exercise, rng
from lstm_course.numpy_lstm import sigmoid

DOT = "you took a dot product where the gate needs an element-wise product (use *, not @)"


def _gates(n=4):
    """f, i, g, c_prev, each (n, n): square (batch = H) so a dot product runs silently."""
    r = rng()
    f, i = sigmoid(r.normal(size=(n, n))), sigmoid(r.normal(size=(n, n)))
    return f, i, np.tanh(r.normal(size=(n, n))), r.normal(size=(n, n))


def cell_update(f, i, g, c_prev):
    """Reference of 3.1: c_t = f_t * c_{t-1} + i_t * g_t."""
    return f * c_prev + i * g


CELL_MISTAKES = (
    Mistake(DOT, lambda f, i, g, c: f @ c + i @ g),
    Mistake(DOT, lambda f, i, g, c: np.dot(f, c.T) + np.dot(i, g.T)),
    Mistake(DOT, lambda f, i, g, c: np.vdot(f, c) + np.vdot(i, g)),
    Mistake(
        "swapped gates: the forget gate scales c_{t-1}, the input gate the candidate g_t",
        lambda f, i, g, c: i * c + f * g,
    ),
    Mistake(
        "the new information is missing: c_t = f_t * c_{t-1} + i_t * g_t",
        lambda f, i, g, c: f * c,
    ),
    Mistake(
        "scale the old memory by the forget gate: c_t = f_t * c_{t-1} + i_t * g_t",
        lambda f, i, g, c: c + i * g,
    ),
    Mistake(
        "the input gate is missing: it scales the candidate, i_t * g_t",
        lambda f, i, g, c: f * c + g,
    ),
)


@exercise("3.1", "the cell-state update", cell_update, CELL_MISTAKES)
def check_cell_update(answer, ex):
    args = _gates()
    compare(call(answer, *args), ex.reference(*args), "c_t", ex.wrong_outputs(*args))


def lstm_output(o, c_t):
    """Reference of 3.2: h_t = o_t * tanh(c_t)."""
    return o * np.tanh(c_t)


OUTPUT_MISTAKES = (
    Mistake("the tanh is missing: h_t = o_t * tanh(c_t)", lambda o, c: o * c),
    Mistake(
        "squash the cell state first, then gate it: h_t = o_t * tanh(c_t)",
        lambda o, c: np.tanh(o * c),
    ),
    Mistake(DOT, lambda o, c: o @ np.tanh(c)),
    Mistake(
        "squash the cell state with tanh, not the sigmoid: h_t = o_t * tanh(c_t)",
        lambda o, c: o * sigmoid(c),
    ),
)


@exercise("3.2", "the output h_t", lstm_output, OUTPUT_MISTAKES)
def check_lstm_output(answer, ex):
    f, _, _, c = _gates()
    args = (f, c)  # a sigmoid output serves as o_t
    compare(call(answer, *args), ex.reference(*args), "h_t", ex.wrong_outputs(*args))
