"""Shared test set-up: one BLAS thread, and TensorFlow imported only by the tests that use it.

Importing TensorFlow takes about 10 s, so it is not imported here. Each test module is
imported inside `quiet_tensorflow_imports()`: a module that imports Keras or TensorFlow (directly
or through `lstm_course.keras_nets.cell`, `keras_reference`, ...) gets it with its start-up lines
silenced and the quiet, deterministic environment (`TF_ENABLE_ONEDNN_OPTS=0`); a NumPy test
module never loads it.
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from lstm_course.course.setup import limit_blas_threads, quiet_tensorflow_imports

limit_blas_threads(1)

# Exercise checks the tests run must not write into the learner's own progress record (the
# tests that read the record set a file of their own).
_PROGRESS_DIR = tempfile.mkdtemp(prefix="lstm-course-tests-")
atexit.register(shutil.rmtree, _PROGRESS_DIR, ignore_errors=True)
os.environ["LSTM_COURSE_PROGRESS"] = str(Path(_PROGRESS_DIR) / "progress.json")


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    if not isinstance(collector, pytest.Module):
        return (yield)
    with quiet_tensorflow_imports():
        return (yield)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test drew (without importing matplotlib for the tests
    that do not use it)."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture
def rng():
    import numpy as np

    return np.random.default_rng(1234)
