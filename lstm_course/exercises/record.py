"""Lesson 00: the progress record, a small local JSON file of the exercises you passed or tried.

The file is `.lstm_course_progress.json` at the repository root (git-ignored); the environment
variable LSTM_COURSE_PROGRESS overrides it. It only ever grows: a pass is kept for good, a file
that cannot be read is moved aside (`<name>.unreadable`), never overwritten, and every write
replaces the file in one step, so an interrupted write cannot truncate it.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from lstm_course.paths import ROOT


def progress_file() -> Path:
    """Where the passed/tried record is kept."""
    return Path(os.environ.get("LSTM_COURSE_PROGRESS", ROOT / ".lstm_course_progress.json"))


def load() -> dict:
    """{exercise: {"passed": bool, "last": status, "when": ISO time}} from the record."""
    path = progress_file()
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return _set_aside(path)
    return record if isinstance(record, dict) else _set_aside(path)


def _set_aside(path: Path) -> dict:
    """Keep an unreadable record under another name (nothing is lost) and start afresh."""
    try:
        path.replace(path.with_name(path.name + ".unreadable"))
    except OSError:
        pass
    return {}


def save(exercise: str, status: str) -> None:
    """Add one outcome ("passed" or "failed") of `exercise` to the record; a pass is kept."""
    record = load()
    previous = record.get(exercise, {})
    record[exercise] = {
        "passed": status == "passed" or bool(previous.get("passed", False)),
        "last": status,
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    path = progress_file()
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout still gets its feedback line
