"""Lesson 00: self-checking exercises: `check("3.1", your_function)` prints one line.

Each lesson has exercises "N.k", the core one where the lesson teaches it. The learner writes a
function (or a value, a class, weights) in a skeleton cell and calls `check`. A skeleton that
still returns None counts as "not attempted yet". A wrong answer never shows a traceback: the
check compares it with the reference and with the usual mistakes, and names the likely one; if
the learner's code raises, the line says which exception. If the check itself fails, the line
says so: that is a bug in the course.

Progress is kept in a small local file (see `record.py`); `python -m lstm_course.exercises`
(or `make progress`) lists every exercise and whether you passed it. The checks are declared in
one module per lesson, `lesson_00.py` ... `lesson_11.py`, beside `solutions/lesson_NN.py`.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from lstm_course.exercises import (  # noqa: F401  (importing a lesson registers its checks)
    lesson_00,
    lesson_01,
    lesson_02,
    lesson_03,
    lesson_04,
    lesson_05,
    lesson_06,
    lesson_07,
    lesson_08,
    lesson_09,
    lesson_10,
    lesson_11,
)
from lstm_course.exercises.engine import EXERCISES, Hint, LearnerError, NotAttempted
from lstm_course.exercises.record import load, progress_file, save

__all__ = ["EXERCISES", "Result", "check", "evaluate", "progress", "progress_file"]

COURSE_BUG = (
    "this is a bug in the course's check, not in your code: please report it with the "
    "traceback below"
)


@dataclass(frozen=True)
class Result:
    """Outcome of one check.

    status: "passed", "failed", "not attempted", or "course bug" (the check itself raised).
    message: the line `check` prints after the exercise's name.
    hint: the named mistake's hint when the answer is wrong, else None.
    traceback: for a course bug, the check's traceback, else None.
    """

    exercise: str
    status: str
    message: str
    hint: str | None = None
    traceback: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def evaluate(exercise: str, answer, record: bool = True) -> Result:
    """Check `answer` for `exercise` (e.g. "3.1") and return the Result.

    Args:
        exercise: the key printed above the skeleton, "N.k".
        answer: the learner's function (or value); None counts as not attempted.
        record: add a pass or a fail to the progress record (not attempts or course bugs).

    Raises:
        ValueError: `exercise` is not a known key; the message lists the valid keys.
    """
    if exercise not in EXERCISES:
        raise ValueError(f"unknown exercise {exercise!r}; the exercises are {', '.join(EXERCISES)}")
    ex = EXERCISES[exercise]
    try:
        if answer is None:
            raise NotAttempted
        ex.check(answer, ex)
        result = Result(exercise, "passed", "passed")
    except NotAttempted:
        result = Result(
            exercise,
            "not attempted",
            "not attempted yet: write your answer in this cell and run it again",
        )
    except Hint as hint:
        result = Result(exercise, "failed", f"not yet: {hint}", hint=hint.hint)
    except LearnerError as err:
        result = Result(exercise, "failed", f"not yet: your code raised {err}")
    except Exception as err:  # the check's own code raised
        result = Result(
            exercise,
            "course bug",
            f"{COURSE_BUG} ({type(err).__name__}: {err})",
            traceback="".join(traceback.format_exception(type(err), err, err.__traceback__)),
        )
    if record and result.status in ("passed", "failed"):
        save(exercise, result.status)
    return result


def check(exercise: str, answer, record: bool = True) -> None:
    """Check `answer` for `exercise` (e.g. "3.1") and print one line: passed, or a hint.

    `record=False` leaves the progress record alone (for demonstrations). A course bug prints
    its traceback under the line, to be reported."""
    result = evaluate(exercise, answer, record)
    mark = {"passed": "✅", "failed": "❌", "not attempted": "⏳", "course bug": "⚠️"}
    print(
        f"{mark[result.status]} Exercise {exercise} ({EXERCISES[exercise].title}): {result.message}"
    )
    if result.traceback:
        print(result.traceback, end="")


def progress(verbose: bool = True) -> dict[str, str]:
    """{exercise: "passed" | "tried" | "-"} for every exercise, from the local record."""
    record = load()
    table = {}
    for key, ex in EXERCISES.items():
        entry = record.get(key)
        table[key] = (
            "-" if not isinstance(entry, dict) else ("passed" if entry.get("passed") else "tried")
        )
        if verbose:
            print(f"{key:>5}  {table[key]:7} {ex.title}")
    if verbose:
        done = sum(v == "passed" for v in table.values())
        print(f"{done} of {len(table)} exercises passed")
    return table
