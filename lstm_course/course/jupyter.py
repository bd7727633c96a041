"""Lesson 00: register the course's kernel and JupyterLab defaults in this Python environment.

`python -m lstm_course.course.jupyter` (run by `make setup`, and the pip route in README.md)

- registers the Jupyter kernel `lstm-course` ("Python (lstm-course)"), which runs this Python,
  in `sys.prefix/share/jupyter/kernels/` (as `python -m ipykernel install --sys-prefix` does):
  every notebook names this kernel, so JupyterLab opens a lesson without asking for one;
- copies the course's JupyterLab defaults (`lab-overrides.json5`, shipped in this package: no
  "Jupyter news" question, no update check) to
  `sys.prefix/share/jupyter/lab/settings/overrides.d/lstm-course.json5`.

Both go into the environment only (a virtual environment's folder), never into the user's
`~/.jupyter` or `~/.local`. Running it again overwrites both with the same content.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

KERNEL_NAME = "lstm-course"
DISPLAY_NAME = "Python (lstm-course)"
OVERRIDES = "lab-overrides.json5"  # package data of lstm_course.course
OVERRIDES_NAME = "lstm-course.json5"  # its name in JupyterLab's overrides.d/


def overrides_path(prefix: str | Path) -> Path:
    """Where JupyterLab in the environment at `prefix` reads the course's defaults."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / OVERRIDES_NAME


def install_lab_overrides(prefix: str | Path) -> Path:
    """Copy the course's JupyterLab defaults into the environment at `prefix`; their path."""
    target = overrides_path(prefix)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (resources.files(__package__) / OVERRIDES).read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    return target


def install_kernel(prefix: str | Path) -> Path:
    """Register the `lstm-course` kernel (this Python) in the environment at `prefix`."""
    from ipykernel.kernelspec import install

    return Path(install(kernel_name=KERNEL_NAME, display_name=DISPLAY_NAME, prefix=str(prefix)))


def main() -> None:
    kernel = install_kernel(sys.prefix)
    overrides = install_lab_overrides(sys.prefix)
    print(f"registered the Jupyter kernel {KERNEL_NAME!r} in {kernel}")
    print(f"installed the course's JupyterLab defaults in {overrides}")


if __name__ == "__main__":
    main()
