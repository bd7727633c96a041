"""Lesson 00: where a git checkout's files live, independent of the notebook's working directory.

From a checkout (`make lab`, `make test`, `pip install -e .`) the package sits in the repository
and `checkout_root()` is the repository root. From an installed wheel there is no checkout:
`checkout_root()` is None, and the data the lessons read still loads (it ships inside the package,
`lstm_course/datasets/files/`). Tests and benchmarks, which only run from a checkout, use `ROOT`.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
REQUIREMENTS = ROOT / "requirements.txt"


def checkout_root() -> Path | None:
    """The repository root if the package runs from a checkout, else None (an installed wheel)."""
    if (ROOT / "pyproject.toml").is_file() and NOTEBOOKS.is_dir():
        return ROOT
    return None
