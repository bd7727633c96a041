"""Self-checking exercises: `check("3.1", your_function)` prints one line, passed or a hint.

Each lesson ends with exercises "N.k". The learner writes a function (or value) in a skeleton
cell and calls `check`. A skeleton that still returns None counts as "not attempted yet". A
wrong answer never shows a traceback: the check compares it with the reference and with the
usual mistakes, and names the likely one. Progress is kept in a small local JSON file
(`.lstm_course_progress.json` at the repository root, git-ignored; override with the
environment variable LSTM_COURSE_PROGRESS); `python -m lstm_course.exercises` (or
`make progress`) lists every exercise and whether you passed it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from lstm_course.exercise_checks import EXERCISES, Hint, NotAttempted
from lstm_course.paths import ROOT


@dataclass(frozen=True)
class Result:
    """Outcome of one check: status is "passed", "failed" or "not attempted"."""

    exercise: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def progress_file() -> Path:
    """Where the passed/failed record is kept."""
    return Path(os.environ.get("LSTM_COURSE_PROGRESS", ROOT / ".lstm_course_progress.json"))


def _load() -> dict:
    path = progress_file()
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _record(result: Result) -> None:
    if result.status == "not attempted":
        return
    record = _load()
    previous = record.get(result.exercise, {})
    record[result.exercise] = {
        "passed": result.passed or previous.get("passed", False),
        "last": result.status,
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    try:
        progress_file().write_text(json.dumps(record, indent=1, sort_keys=True))
    except OSError:
        pass  # a read-only checkout still gets its feedback line


def evaluate(exercise: str, answer, record: bool = True) -> Result:
    """Check `answer` for `exercise` (e.g. "3.1"), record the outcome (unless `record` is
    False) and return it."""
    if exercise not in EXERCISES:
        raise ValueError(f"unknown exercise {exercise!r}; known: {', '.join(EXERCISES)}")
    ex = EXERCISES[exercise]
    try:
        if answer is None:
            raise NotAttempted
        ex.checker(answer)
        result = Result(exercise, "passed", "passed")
    except NotAttempted:
        result = Result(
            exercise,
            "not attempted",
            "not attempted yet: write your answer in this cell and run it again",
        )
    except Hint as hint:
        result = Result(exercise, "failed", f"not yet: {hint}")
    except Exception as err:  # the learner's code raised: report it in one line
        result = Result(
            exercise, "failed", f"not yet: your code raised {type(err).__name__}: {err}".strip()
        )
    if record:
        _record(result)
    return result


def check(exercise: str, answer, record: bool = True) -> None:
    """Check `answer` for `exercise` (e.g. "3.1") and print one line: passed, or a hint.

    `record=False` leaves the progress record alone (for demonstrations)."""
    result = evaluate(exercise, answer, record)
    mark = {"passed": "✅", "failed": "❌", "not attempted": "⏳"}[result.status]
    print(f"{mark} Exercise {exercise} ({EXERCISES[exercise].title}): {result.message}")


def progress(verbose: bool = True) -> dict[str, str]:
    """{exercise: "passed" | "tried" | "-"} for every exercise, from the local record."""
    record = _load()
    table = {}
    for key, ex in EXERCISES.items():
        entry = record.get(key)
        table[key] = "-" if entry is None else ("passed" if entry["passed"] else "tried")
        if verbose:
            print(f"{key:>5}  {table[key]:7} {ex.title}")
    if verbose:
        done = sum(v == "passed" for v in table.values())
        print(f"{done} of {len(table)} exercises passed")
    return table


if __name__ == "__main__":
    progress()
