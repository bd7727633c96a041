"""Lesson 00: the environment check (pinned versions, kernel, data) that the welcome runs.

Each problem is reported as one sentence saying what was expected and how to fix it. The pins
are read from requirements.txt (what the lessons need; `make lab`); requirements-dev.txt adds
the test, lint and browser tools (`make test`) and includes the first with `-r`.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from lstm_course.paths import REQUIREMENTS, ROOT

KERNEL_NAME = "lstm-course"
# The lessons' pins are in requirements.txt (`make lab`); this file adds the test, lint and
# browser tools (`make test`). Lesson 00 checks only the lessons' pins.
DEV_REQUIREMENTS = REQUIREMENTS.with_name("requirements-dev.txt")


def requirement_lines(requirements: Path = REQUIREMENTS) -> list:
    """Every requirement line of a requirements file, following `-r other.txt` includes.

    Returns `packaging.requirements.Requirement`s, whatever their environment markers.
    """
    from packaging.requirements import Requirement

    if not requirements.is_file():
        raise FileNotFoundError(f"{requirements} not found: run the course from its git checkout")
    lines = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith(("-r ", "--requirement ")):
            lines += requirement_lines(requirements.parent / line.split(maxsplit=1)[1])
        elif line:
            lines.append(Requirement(line))
    return lines


def pinned_versions(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """{package: version} for every `name==version` line of requirements.txt that applies here.

    A line with an environment marker (`numpy==2.2.6; python_version < "3.11"`) counts only
    when its marker holds for this interpreter. `-r other.txt` lines are followed, so
    `pinned_versions(DEV_REQUIREMENTS)` gives the test tools' pins and the lessons' pins.
    """
    pins = {}
    for requirement in requirement_lines(requirements):
        exact = [s for s in requirement.specifier if s.operator == "=="]
        if exact and (requirement.marker is None or requirement.marker.evaluate()):
            pins[requirement.name] = exact[0].version
    return pins


def version_problems(pins: dict[str, str]) -> list[str]:
    """One message per package that is missing or not at its pinned version."""
    problems = []
    for name, wanted in pins.items():
        try:
            found = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is not installed (want {wanted}): run `make lab` again")
            continue
        if found != wanted:
            problems.append(
                f"{name} is {found}, the course is tested with {wanted}: run `make lab` from the "
                "repository root to install the pinned versions"
            )
    return problems


def kernel_problems() -> list[str]:
    """A message if this kernel's Python is not the course's virtual environment."""
    venv = (ROOT / ".venv").resolve()
    if Path(sys.prefix).resolve() != venv:
        return [
            f"this kernel runs Python from {sys.prefix}, not the course's .venv: choose the "
            f"'Python ({KERNEL_NAME})' kernel (Kernel > Change Kernel)"
        ]
    return []


def data_problems() -> list[str]:
    """A message for each data source a lesson needs that cannot be loaded."""
    from lstm_course.data.co2 import load_co2
    from lstm_course.data.shakespeare import load_shakespeare

    problems = []
    for lesson, loader in (("08", load_co2), ("09", load_shakespeare)):
        try:
            loader()
        except (FileNotFoundError, ImportError, ValueError) as err:
            problems.append(f"lesson {lesson} cannot load its data: {err}")
    return problems


def check_environment(strict_kernel: bool = True) -> list[str]:
    """All problems found; an empty list means the environment is the one the course expects."""
    problems = version_problems(pinned_versions()) + data_problems()
    if strict_kernel:
        problems += kernel_problems()
    return problems
