"""Lesson 07: the checks of exercises 7.1 (one gate out of the fused activations) and 7.2 (the
mean forget gate at the switch word).

Fused gate activations (batch, time, 4H) hold i, f, g, o side by side along the last axis
(`GATES`); one gate's trace, e.g. the forget gate f, is (batch, time, H).
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import (
    SWAPPED_GATES,
    Hint,
    LearnerError,
    Mistake,
    call,
    compare,
    exercise,
    find_swapped_order,
    rng,
    swapped_detail,
)
from lstm_course.numpy_lstm import GATES

NAME_G = (
    "the candidate's name is 'g', as in the course (Keras's documentation calls its block 'c'): "
    "the names are 'i', 'f', 'g', 'o'"
)


def gate_block(gates, name):
    """Reference of 7.1: the (batch, time, H) block of gate `name` (one of i, f, g, o)."""
    return np.split(gates, 4, axis=-1)[GATES.index(name)]


def block_in_order(order, axis=-1):
    """gate_block reading the blocks in `order` along `axis` (a wrong answer unless ifgo, -1)."""
    return lambda gates, name: np.split(gates, 4, axis=axis)[order.index(name)]


BLOCK_MISTAKES = (
    Mistake(NAME_G, block_in_order("ifco"), False),
    Mistake(SWAPPED_GATES, block_in_order("ifog"), False),
    Mistake(SWAPPED_GATES, block_in_order("figo"), False),
    Mistake(
        "wrong axis: the gates sit side by side along the last axis (batch, time, 4H)",
        block_in_order("ifgo", axis=1),
    ),
)


@exercise("7.1", "pull one gate out of the fused activations", gate_block, BLOCK_MISTAKES)
def check_gate_block(answer, ex):
    gates = rng().uniform(size=(2, 8, 12))  # (batch, time, 4H), H = 3; time splits in 4 too
    got = {}
    for name in GATES:
        try:
            got[name] = call(answer, gates, name)
        except LearnerError:
            if name == "g":  # i and f worked: "g" is the name it does not know
                raise Hint(NAME_G) from None
            raise
    want = {name: ex.reference(gates, name) for name in GATES}
    order = find_swapped_order(got, want)
    if order is not None:
        raise Hint(SWAPPED_GATES, swapped_detail(order))
    for name in GATES:
        wrong = ex.wrong_outputs(gates, name)
        compare(got[name], want[name], f"gate {name!r}", wrong)


def forget_at_switch(f, switch_at, units):
    """Reference of 7.2: the mean of f[:, switch_at, units] over sentences and units."""
    return f[:, switch_at][:, units].mean()


SWITCH_MISTAKES = (
    Mistake(
        "off by one in time: read the gate AT the switch word's step, not the one before",
        lambda f, s, u: f[:, s - 1][:, u].mean(),
    ),
    Mistake(
        "off by one in time: read the gate AT the switch word's step, not the next one",
        lambda f, s, u: f[:, s + 1][:, u].mean(),
    ),
    Mistake(
        "wrong axis: f is (batch, time, units); index time on axis 1, units on axis 2",
        lambda f, s, u: f[:, u, s].mean(),
    ),
    Mistake("average over the chosen units only", lambda f, s, u: f[:, s].mean()),
    Mistake(
        "return one number: the mean over the sentences AND the chosen units",
        lambda f, s, u: f[:, s, u].mean(axis=0),
    ),
)


@exercise("7.2", "mean forget gate at the switch word", forget_at_switch, SWITCH_MISTAKES)
def check_forget_at_switch(answer, ex):
    f = rng().uniform(size=(6, 9, 5))
    args = (f, 3, [0, 3])
    compare(call(answer, *args), ex.reference(*args), "the mean", ex.wrong_outputs(*args))


# For tests/test_exercise_hints.py: an answer reading the fused blocks in another order.
IN_ORDER = {"7.1": block_in_order}
