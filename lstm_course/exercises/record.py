r"""Lesson 00: the progress record, a small local JSON file of the exercises you passed or tried.

The file is `progress.json` in the user's data directory, never inside the package or the
checkout, so it is the same record whichever folder a kernel or `make progress` runs from, and
it survives a re-clone or a reinstall: `%APPDATA%\lstm-course` on Windows,
`~/Library/Application Support/lstm-course` on macOS, `$XDG_DATA_HOME/lstm-course` (default
`~/.local/share/lstm-course`) elsewhere. The environment variable LSTM_COURSE_PROGRESS names
another file (the tests and `make nbval` use one of their own). A record an older version of the
course kept at the checkout's root (`.lstm_course_progress.json`) is copied over once, on first
use. The record only ever grows: a pass is kept for good, a file
that cannot be read is moved aside (`<name>.unreadable`), never overwritten, and every write
replaces the file in one step, so an interrupted write cannot truncate it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

from lstm_course.course.checkout import checkout_root

APP_NAME = "lstm-course"
OLD_RECORD_NAME = ".lstm_course_progress.json"  # at the checkout's root, before the data directory


def user_data_dir() -> Path:
    """The per-user data directory of the course (the conventions platformdirs follows)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def progress_file() -> Path:
    """Where the passed/tried record is kept: $LSTM_COURSE_PROGRESS, else the data directory's."""
    if os.environ.get("LSTM_COURSE_PROGRESS"):
        return Path(os.environ["LSTM_COURSE_PROGRESS"])
    path = user_data_dir() / "progress.json"
    root = checkout_root()
    old = root / OLD_RECORD_NAME if root is not None else None
    if old is not None and old.is_file() and not path.exists():
        try:  # the record of an older version of the course: copied once, the original kept
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(old, path)
        except OSError:
            pass
    return path


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
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home still gets its feedback line
