"""`pytest --nbval` (nbval's documented command) uses the course's sanitizers and this Python.

The root conftest.py sets both when nbval is on. The test runs pytest on a one-cell notebook
whose committed output is a memory address (which only tests/nbval_sanitize.cfg makes equal to
a fresh one) and whose kernel does not exist (which only `--nbval-current-env` avoids): it passes
with the conftest and fails without it (`--noconftest`).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]

NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {
        "kernelspec": {"name": "no-such-kernel", "display_name": "none", "language": "python"}
    },
    "cells": [
        {
            "cell_type": "code",
            "id": "address",
            "execution_count": 1,
            "metadata": {},
            "source": "print(hex(id(object())))",
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "0x7f00deadbeef\n"}],
        }
    ],
}


def _pytest(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--nbval", *args, "probe.ipynb"],
        cwd=tmp,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_pytest_nbval_defaults_to_the_course_sanitizers_and_this_python(tmp_path):
    shutil.copy(ROOT / "conftest.py", tmp_path)
    (tmp_path / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "nbval_sanitize.cfg", tmp_path / "tests")
    (tmp_path / "probe.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    with_conftest = _pytest(tmp_path)
    assert with_conftest.returncode == 0, with_conftest.stdout[-3000:]
    without = _pytest(tmp_path, "--noconftest")
    assert without.returncode != 0 and "no-such-kernel" in without.stdout, without.stdout[-3000:]


def _root_conftest():
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _configured(**given) -> SimpleNamespace:
    """The options after the root conftest's pytest_configure, from nbval's defaults + `given`."""
    option = SimpleNamespace(
        nbval=False,
        nbval_lax=False,
        nbval_sanitize_with=None,
        sanitize_with=None,
        nbval_current_env=False,
        current_env=False,
        nbval_kernel_name=None,
    )
    vars(option).update(given)
    _root_conftest().pytest_configure(SimpleNamespace(option=option))
    return option


def test_options_given_on_the_command_line_win():
    assert _configured(nbval_lax=True).nbval_sanitize_with.endswith("nbval_sanitize.cfg")
    assert _configured(nbval=True, nbval_sanitize_with="mine.cfg").nbval_sanitize_with == "mine.cfg"
    assert _configured(nbval=True, sanitize_with="old.cfg").nbval_sanitize_with is None
    assert _configured(nbval=True, nbval_kernel_name="python3").nbval_current_env is False
    assert _configured(nbval=True, current_env=True).nbval_current_env is False  # nbval copies it
    assert _configured().nbval_sanitize_with is None  # nbval off: nothing set


def test_without_nbval_loaded_the_conftest_does_nothing():
    """`-p no:nbval` (make unit): nbval's options do not exist at all."""
    option = SimpleNamespace()
    _root_conftest().pytest_configure(SimpleNamespace(option=option))
    assert vars(option) == {}
