"""Lessons 00-10: where the course's files live, independent of the notebook's working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data"
REQUIREMENTS = ROOT / "requirements.txt"
