"""`pytest --nbval notebooks/` (nbval's documented command) runs the notebooks as `make nbval` does.

When nbval is on (`--nbval` or `--nbval-lax`), two of its options default to what the course
needs, unless given on the command line:

- `--nbval-sanitize-with tests/nbval_sanitize.cfg`: the course's output sanitizers;
- `--nbval-current-env`: run each notebook in this Python (the notebooks name the `lstm-course`
  kernel, which only `make setup` or `python -m lstm_course.course.jupyter` registers).

`make nbval` adds what this default leaves out: two notebooks at a time, longest first,
TensorFlow single-threaded, a 600 s cell timeout. Every pytest run in this repository loads
this file, so it imports only the standard library (not lstm_course).
"""

from __future__ import annotations

from pathlib import Path

SANITIZE = Path(__file__).resolve().parent / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config) -> None:
    option = config.option
    if not (getattr(option, "nbval", False) or getattr(option, "nbval_lax", False)):
        return  # nbval is off, or not loaded at all (`-p no:nbval`)
    # nbval refuses an option given twice under its old and new names: look at both.
    if not (option.nbval_sanitize_with or getattr(option, "sanitize_with", None)):
        option.nbval_sanitize_with = str(SANITIZE)
    if not (option.nbval_kernel_name or getattr(option, "current_env", False)):
        option.nbval_current_env = True
