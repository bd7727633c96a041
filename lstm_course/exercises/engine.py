"""Lesson 00: the exercise engine behind `check("N.k", answer)`: hints, the registry, compare.

Every exercise is declared once, as data (`Exercise`): its key ("3.1"), its title, its check,
its reference (the function or value the answer is compared with) and its named mistakes
(`Mistake`: a hint and a realistic wrong answer that makes that mistake). A check calls the
learner's answer on fixed inputs and compares the output with the reference's; when they differ
it compares it with each mistake's output on the same inputs and raises `Hint` naming the one
that matches. The tests run every mistake's wrong answer and assert that its own hint comes back.

Three kinds of failure are kept apart: the answer is wrong (`Hint`), the learner's own code
raised (`LearnerError`, raised by `learners_code`), and the check itself raised (a bug in the
course, reported as such by `lstm_course.exercises.evaluate`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import permutations

import numpy as np

from lstm_course.numpy_nets.gradcheck import numerical_gradient, relative_error
from lstm_course.numpy_nets.lstm import GATES

SWAPPED_GATES = "swapped gate order: the four blocks along the last axis are i, f, g, o"


class Hint(Exception):
    """The answer is wrong. `hint` names the mistake (a fixed text); `detail` adds specifics."""

    def __init__(self, hint: str, detail: str = ""):
        super().__init__(hint + detail)
        self.hint = hint
        self.detail = detail


class NotAttempted(Exception):
    """The skeleton was not filled in (it returned None)."""


class LearnerError(Exception):
    """The learner's own code raised `error` (raised by `learners_code`)."""

    def __init__(self, error: BaseException):
        super().__init__(f"{type(error).__name__}: {error}".strip())
        self.error = error


@dataclass(frozen=True)
class Mistake:
    """A named mistake: its hint and a realistic wrong answer that makes it.

    compared: True when the check finds the mistake by comparing the answer's output with this
        wrong answer's output on the same inputs; False when the check finds it by a test of its
        own (a missing tuple, a wrong dict key, a missing mask). Either way the tests run
        `answer` and assert that `hint` comes back.
    """

    hint: str
    answer: Callable
    compared: bool = True


@dataclass(frozen=True)
class Exercise:
    """One exercise: `check(answer)` raises Hint, NotAttempted or LearnerError, or returns."""

    key: str
    title: str
    check: Callable
    reference: Callable
    mistakes: tuple[Mistake, ...] = ()

    @property
    def hints(self) -> list[str]:
        """The distinct hints of the named mistakes, in declaration order."""
        return list(dict.fromkeys(m.hint for m in self.mistakes))

    def wrong_outputs(self, *args, pick: Callable | None = None) -> list[tuple[str, object]]:
        """(hint, output) of every compared mistake on `args`; `pick` selects part of it."""
        out = []
        for m in self.mistakes:
            if m.compared:
                value = m.answer(*args)
                out.append((m.hint, value if pick is None else pick(value)))
        return out


EXERCISES: dict[str, Exercise] = {}


def exercise(key: str, title: str, reference: Callable, mistakes=()):
    """Register the decorated function `check(answer, ex)` as exercise `key`'s check."""

    def register(fn):
        if key in EXERCISES:
            raise ValueError(f"exercise {key!r} is registered twice")
        EXERCISES[key] = Exercise(key, title, fn, reference, tuple(mistakes))
        return fn

    return register


def rng() -> np.random.Generator:
    """The fixed random inputs every check uses (same numbers on every run)."""
    return np.random.default_rng(20261124)


@contextmanager
def learners_code() -> Iterator[None]:
    """Run the learner's code: whatever it raises becomes a LearnerError (their bug, not ours)."""
    try:
        yield
    except (Hint, NotAttempted):
        raise
    except Exception as err:
        raise LearnerError(err) from err


def call(answer: Callable, *args):
    """answer(*args) as the learner's code, on copies of `args` (so an answer that writes into
    its inputs cannot change the reference's); None (an untouched skeleton) is NotAttempted."""
    args = copy.deepcopy(args)
    with learners_code():
        got = answer(*args)
    if got is None:
        raise NotAttempted
    return got


def block(gate: str) -> str:
    """The one way hints name a block of a fused (..., 4H) array, counting from 1:
    block("f") == "block 2 of 4 (f, last axis H:2H)"."""
    pos = GATES.index(gate)
    start = "0" if pos == 0 else ("H" if pos == 1 else f"{pos}H")
    stop = "H" if pos == 0 else f"{pos + 1}H"
    return f"block {pos + 1} of 4 ({gate}, last axis {start}:{stop})"


def swapped_detail(order: str) -> str:
    """The detail of a SWAPPED_GATES hint for a learner who used the block order `order`."""
    wrong = next(g for pos, g in enumerate(order) if GATES[pos] != g)
    return (
        f"; you used {', '.join(order)}: your {wrong!r} is "
        f"{block(GATES[order.index(wrong)])}, but {wrong} is {block(wrong)}"
    )


def other_orders() -> list[str]:
    """The 23 block orders other than i, f, g, o, e.g. "ifog"."""
    return ["".join(p) for p in permutations(GATES) if p != GATES]


def gradient_errors(loss: Callable, arrays: dict, got: dict) -> dict:
    """Gradient-check the learner's gradients: {name: relative error of got[name] against the
    numerical gradient of `loss()` with respect to arrays[name]} (lstm_course.numpy_nets.gradcheck),
    or, for a gradient of the wrong shape, the text "(3, 16), not (16, 3)". Names whose value is not
    numbers are left out (the check's comparison names that mistake)."""
    out = {}
    for name, array in arrays.items():
        try:
            mine = np.asarray(got.get(name), dtype=float)
        except (TypeError, ValueError):
            continue
        if mine.shape == array.shape:
            out[name] = relative_error(mine, numerical_gradient(loss, array))
        else:
            out[name] = f"{mine.shape}, not {array.shape}"
    return out


def _as_numbers(value, name: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Hint(
            "return numbers: a number or a NumPy array", f" ({name} is a {type(value).__name__})"
        ) from None
    return arr


def same(got, expected, rtol: float = 1e-6, atol: float = 1e-8) -> bool:
    """True if `got` is numbers of `expected`'s shape, equal to it within the tolerances."""
    try:
        got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def compare(got, expected, name: str, mistakes=(), rtol: float = 1e-6, atol: float = 1e-8):
    """Pass if `got` equals `expected`; otherwise raise a Hint naming the matching mistake.

    Args:
        got: the learner's value (None: NotAttempted); expected: the reference value.
        name: what the value is, for the fallback hints ("h_t", "the fraction").
        mistakes: (hint, value that mistake produces) pairs, tried in order.
    """
    if got is None:
        raise NotAttempted
    got = _as_numbers(got, name)
    expected = np.asarray(expected, dtype=float)
    if got.shape == expected.shape and np.allclose(got, expected, rtol=rtol, atol=atol):
        return
    for hint, wrong in mistakes:
        if same(got, wrong, rtol, atol):
            raise Hint(hint)
    if got.shape != expected.shape:
        raise Hint(f"{name} should have shape {expected.shape}", f", got {got.shape}")
    diff = float(np.max(np.abs(got - expected)))
    raise Hint(f"{name} differs from the reference", f" by up to {diff:.3g}")
