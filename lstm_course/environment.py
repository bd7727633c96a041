"""The environment check that notebooks/00_welcome.ipynb runs: versions, kernel, data.

Each problem is reported as one sentence saying what was expected and how to fix it.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from lstm_course.paths import REQUIREMENTS, ROOT

KERNEL_NAME = "lstm-course"


def pinned_versions(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """{package: version} for every `name==version` line of requirements.txt that applies here.

    A line with an environment marker (`numpy==2.2.6; python_version < "3.11"`) counts only
    when its marker holds for this interpreter.
    """
    from packaging.requirements import Requirement

    if not requirements.is_file():
        raise FileNotFoundError(f"{requirements} not found: run the course from its git checkout")
    pins = {}
    for line in requirements.read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" not in line:
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            pins[requirement.name] = str(requirement.specifier).removeprefix("==")
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
