"""The seed switch reaches every seed a lesson uses; TensorFlow loads only where it is needed."""

import subprocess
import sys

import numpy as np
import pytest

from lstm_course.course.checkout import ROOT
from lstm_course.course.setup import (
    course_seed,
    course_seeds,
    setup_notebook,
    tensorflow_threads,
)


def test_course_seed_defaults_to_zero(monkeypatch):
    monkeypatch.delenv("LSTM_COURSE_SEED", raising=False)
    assert course_seed() == 0
    assert course_seeds(3) == [0, 1, 2]


def test_course_seed_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("LSTM_COURSE_SEED", "2")
    assert course_seed() == 2
    # Disjoint from the runs of seeds 0 and 1: every course seed tests new networks.
    assert course_seeds(3) == [6, 7, 8]
    assert course_seeds(1) == [2]


@pytest.mark.parametrize("raw", ["-1", "one", "1.5"])
def test_bad_course_seed_is_named(monkeypatch, raw):
    monkeypatch.setenv("LSTM_COURSE_SEED", raw)
    with pytest.raises(ValueError, match="LSTM_COURSE_SEED must be a non-negative integer"):
        course_seed()


@pytest.mark.parametrize("n", [0, -2, 1.0, True])
def test_course_seeds_needs_a_positive_count(n):
    with pytest.raises(ValueError, match="n must be a positive int"):
        course_seeds(n)


def test_setup_notebook_seeds_from_the_environment(monkeypatch):
    monkeypatch.setenv("LSTM_COURSE_SEED", "5")
    assert setup_notebook(tensorflow=False) == 5
    first = np.random.rand(3)  # noqa: NPY002  (the global generator setup_notebook seeds)
    assert setup_notebook(tensorflow=False) == 5
    np.testing.assert_array_equal(np.random.rand(3), first)  # noqa: NPY002
    monkeypatch.setenv("LSTM_COURSE_SEED", "6")
    setup_notebook(tensorflow=False)
    assert not np.array_equal(np.random.rand(3), first)  # noqa: NPY002
    assert setup_notebook(seed=5, tensorflow=False) == 5  # an explicit seed wins


def test_tensorflow_threads_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("LSTM_COURSE_TF_THREADS", raising=False)
    assert tensorflow_threads() == 0  # unset: TensorFlow's own choice
    monkeypatch.setenv("LSTM_COURSE_TF_THREADS", "1")
    assert tensorflow_threads() == 1
    for raw in ("0", "two", "-1", "1.5"):
        monkeypatch.setenv("LSTM_COURSE_TF_THREADS", raw)
        with pytest.raises(ValueError, match="LSTM_COURSE_TF_THREADS must be a whole number"):
            tensorflow_threads()


SETUP_WITH_ONE_THREAD = """
import os
os.environ["LSTM_COURSE_TF_THREADS"] = "1"
from lstm_course.course.setup import setup_notebook
setup_notebook()
import tensorflow as tf
print(tf.config.threading.get_intra_op_parallelism_threads(),
      tf.config.threading.get_inter_op_parallelism_threads())
"""


def test_setup_notebook_gives_tensorflow_the_threads_asked_for():
    result = run_python(SETUP_WITH_ONE_THREAD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1"]


# Importing TensorFlow takes seconds: only the modules in lstm_course/keras_nets/ may do it.
IMPORT_ALL_BUT_KERAS = """
import importlib, pkgutil, sys
import lstm_course
names = [m.name for m in pkgutil.walk_packages(lstm_course.__path__, "lstm_course.")
         if not m.name.startswith("lstm_course.keras_nets.") and not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
    loaded = [m for m in ("tensorflow", "keras") if m in sys.modules]
    if loaded:
        sys.exit(f"importing {name} imported {loaded}")
print(len(names))
"""


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        encoding="utf-8",
    )


def test_only_the_keras_modules_import_tensorflow():
    result = run_python(IMPORT_ALL_BUT_KERAS)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout) > 20  # the walk found the package's modules


def test_a_numpy_test_file_runs_without_tensorflow():
    """tests/conftest.py does not import TensorFlow: a NumPy test file runs without it."""
    code = (
        "import sys, pytest\n"
        "code = pytest.main(['-q', '-p', 'no:cacheprovider', '-p', 'no:nbval',\n"
        "                    'tests/test_vocabulary.py'])\n"
        "sys.exit(code or ('tensorflow' in sys.modules and 'pytest imported tensorflow'))\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert " passed" in result.stdout, result.stdout[-2000:]
