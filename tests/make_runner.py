"""Run the course's Makefile from a test, as a learner's top-level `make` would run."""

import os
import shutil
import subprocess

import pytest

from lstm_course.course.checkout import ROOT


def run_make(*args: str) -> str:
    """stdout of `make ARGS` in the project root; skips the test where make is not installed.

    Runs as a top-level make even when the tests run under `make unit` (whose MAKELEVEL and
    MAKEFLAGS would make the child print "make[1]: Entering directory ..." lines).
    """
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run(
        [make, "--no-print-directory", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    return result.stdout
