"""Lesson 05's LSTMCell equals keras.layers.LSTM on every Keras backend: TensorFlow, JAX, PyTorch.

Keras picks its backend once per process (`KERAS_BACKEND`), so each backend runs
tests/backend_check.py in its own Python process; the processes start together and each prints
its results as JSON. Checked per backend: the outputs and the weights after one identical SGD
step equal `keras.layers.LSTM`'s, the step moved the weights, and the `lstm_course.keras_nets.cell`
docstring passes as a doctest; across backends: the cell's outputs from the same weights agree.

TensorFlow and JAX (CPU) are in requirements-dev.txt: under CI a missing JAX fails; on a learner's
machine without the test tools it is skipped. PyTorch is optional (its default Linux wheel brings
gigabytes of CUDA libraries): `make test-backends` installs it and sets LSTM_COURSE_TORCH=1, which
makes a missing torch a failure; otherwise its test is skipped when torch is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "backend_check.py"
BACKENDS = ("tensorflow", "jax", "torch")
TIMEOUT_S = 300  # about 20 s each on a busy 2-core machine
TOLERANCE = 1e-5  # float32


def missing(backend: str) -> str | None:
    """Why `backend` cannot run here, or None. The TensorFlow backend needs tensorflow, etc."""
    module = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}[backend]
    if importlib.util.find_spec(module) is None:
        return f"{module} is not installed"
    return None


def require(backend: str) -> None:
    """Skip, or fail where the backend must be there: JAX under CI, torch in test-backends."""
    reason = missing(backend)
    if reason is None:
        return
    if backend == "torch":
        message = f"{reason}: `make test-backends` installs it and runs this test"
        if os.environ.get("LSTM_COURSE_TORCH"):
            pytest.fail(message + " (LSTM_COURSE_TORCH is set, so this is a failure)")
        pytest.skip(message)
    message = f"{reason}: it is pinned in requirements-dev.txt, which `make setup-dev` installs"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so a missing backend is a failure, not a skip.)")
    pytest.skip(message)


def run_check(backends: list[str]) -> dict[str, dict]:
    """Run backend_check.py once per backend, all at once; each one's JSON result, or the error."""
    procs = {}
    for backend in backends:
        env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
        procs[backend] = subprocess.Popen(
            [sys.executable, str(SCRIPT)],
            cwd=HERE.parent,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    results = {}
    for backend, proc in procs.items():
        try:
            out, err = proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            err = f"timed out after {TIMEOUT_S} s\n{err}"
        lines = out.strip().splitlines()
        if proc.returncode == 0 and lines:
            results[backend] = json.loads(lines[-1])
        else:
            results[backend] = {"error": f"exit {proc.returncode}\n{out[-2000:]}\n{err[-4000:]}"}
    return results


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    return run_check([b for b in BACKENDS if missing(b) is None])


def result_of(results: dict[str, dict], backend: str) -> dict:
    require(backend)
    result = results[backend]
    assert "error" not in result, f"backend_check.py under {backend} failed:\n{result['error']}"
    assert result["backend"] == backend
    return result


@pytest.mark.parametrize("backend", BACKENDS)
def test_cell_equals_keras_lstm_outputs_and_one_training_step(results, backend):
    result = result_of(results, backend)
    assert result["outputs_max_diff"] < TOLERANCE
    assert result["weights_max_diff"] < TOLERANCE
    # The step changed the weights by far more than the tolerance: the comparison means something.
    assert result["step_moved_weights_by"] > 1000 * TOLERANCE


@pytest.mark.parametrize("backend", BACKENDS)
def test_docstring_example_runs_on_the_backend(results, backend):
    result = result_of(results, backend)
    assert result["doctest_attempted"] >= 5
    assert result["doctest_failed"] == 0


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "tensorflow"])
def test_backends_compute_the_same_outputs_from_the_same_weights(results, backend):
    reference = np.array(result_of(results, "tensorflow")["cell_outputs"])
    got = np.array(result_of(results, backend)["cell_outputs"])
    assert got.shape == reference.shape == (4, 6, 5)
    np.testing.assert_allclose(got, reference, rtol=0, atol=TOLERANCE)


def test_a_failing_check_is_reported_with_its_error():
    """A backend whose script fails is an error naming it, not a silent pass."""
    result = run_check(["no-such-backend"])["no-such-backend"]
    assert "error" in result and "set KERAS_BACKEND to tensorflow, jax or torch" in result["error"]
