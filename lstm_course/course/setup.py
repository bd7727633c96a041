"""Lesson 00: `setup_notebook()`, atop every notebook: seeds, determinism, quiet TensorFlow.

It also limits NumPy's BLAS to one thread and sets the plot style.

TensorFlow writes start-up lines ("All log messages before absl::InitializeLog()",
"Could not find cuda drivers", the CPU-feature banner) straight to the process's native
stderr while it is imported. ipykernel forwards native stderr into the notebook, where
those lines would differ between runs and fail nbval. `TF_CPP_MIN_LOG_LEVEL` does not stop
the absl lines, so the first import happens here with file descriptor 2 pointed at
/dev/null, and only for the duration of that import.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sys
from collections.abc import Iterator

import numpy as np

_QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # C++ INFO/WARNING/ERROR lines after absl is initialised
    "TF_ENABLE_ONEDNN_OPTS": "0",  # the oneDNN banner; also removes a source of float jitter
    "KERAS_BACKEND": "tensorflow",
}

PLOT_STYLE = {
    "figure.figsize": (7.0, 3.5),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10,
}


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the duration of the block.

    Python-level `sys.stderr` writes are flushed first so nothing of ours is lost.
    """
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 (e.g. some embedded interpreters): nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@contextlib.contextmanager
def quiet_tensorflow_imports() -> Iterator[None]:
    """Silence any TensorFlow or Keras import made inside the block; import nothing itself.

    Sets TensorFlow's quiet environment variables (unless already set), points file descriptor
    2 at /dev/null for the block, and, if TensorFlow was imported by then, lowers its Python
    loggers to errors. The tests wrap each test module's import in it, so TensorFlow is
    loaded, quietly, only by the modules that import it.
    """
    for key, value in _QUIET_ENV.items():
        os.environ.setdefault(key, value)
    with native_stderr_silenced():
        yield
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].get_logger().setLevel(logging.ERROR)
        logging.getLogger("absl").setLevel(logging.ERROR)


def import_tensorflow_quietly():
    """Import TensorFlow (and Keras) with its native start-up logs silenced; return `tf`."""
    with quiet_tensorflow_imports():
        import keras  # noqa: F401  (imported here so its own start-up is silenced too)
        import tensorflow as tf
    return tf


def limit_blas_threads(threads: int = 1) -> None:
    """Make NumPy's BLAS (OpenBLAS) use `threads` threads from now on.

    The course's NumPy matrices are small ((64, 64) @ (64, 256) per step): splitting them
    across threads costs more than it saves, and when another process (TensorFlow, the
    browser) is busy, OpenBLAS's spinning threads slowed the NumPy LSTM 20-40x on a 2-core
    machine (measured: 65 ms single-threaded against 1,300-3,000 ms with 2 threads).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")


SEED_VARIABLE = "LSTM_COURSE_SEED"


def course_seed() -> int:
    """The course's seed: the environment variable LSTM_COURSE_SEED, or 0 when it is unset.

    Every seed a lesson uses derives from this one number, so a maintainer can re-run the
    whole course with another seed (`LSTM_COURSE_SEED=1 make nbval-seed`) and see which
    claims hold for more than one run.
    """
    raw = os.environ.get(SEED_VARIABLE, "").strip()
    if not raw:
        return 0
    if not raw.isdigit():
        raise ValueError(
            f"{SEED_VARIABLE} must be a non-negative integer such as 0, 1 or 2, got {raw!r}"
        )
    return int(raw)


def course_seeds(n: int = 3) -> list[int]:
    """`n` distinct seeds for a comparison repeated over runs: [n*S, n*S + 1, ..., n*S + n - 1].

    S is `course_seed()`, so seeds 0, 1 and 2 of the course give disjoint sets of runs
    (0-2, 3-5, 6-8 for n = 3): re-running with another course seed tests the claim on
    networks it has never seen.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    base = course_seed() * n
    return [base + k for k in range(n)]


def seed_everything(seed: int) -> None:
    """Seed Python's `random`, NumPy's global generator and Keras/TensorFlow."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002  (the legacy global generator, for learners' code)
    if "tensorflow" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)


def tensorflow_threads() -> int:
    """The number of threads TensorFlow may use, from LSTM_COURSE_TF_THREADS; 0 (unset): its
    own choice, every core.

    The notebook tests (`make nbval`) run two notebooks at a time on a 2-core machine and set
    it to 1: two single-threaded TensorFlow processes train the course's small models about
    1.3x faster together than two that each use both cores (measured on lesson 09's model).
    """
    value = os.environ.get("LSTM_COURSE_TF_THREADS", "").strip()
    if not value:
        return 0
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"LSTM_COURSE_TF_THREADS must be a whole number >= 1, got {value!r}")
    return int(value)


def import_tensorflow_quietly_with_threads():
    """`import_tensorflow_quietly()`, then TensorFlow limited to `tensorflow_threads()` threads
    (LSTM_COURSE_TF_THREADS; unset: TensorFlow's own choice). Returns the module."""
    tf = import_tensorflow_quietly()
    threads = tensorflow_threads()
    if threads:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    return tf


def setup_notebook(seed: int | None = None, tensorflow: bool = True) -> int:
    """Prepare a notebook: quiet TensorFlow, deterministic ops, seeds, one BLAS thread, plots.

    Args:
        seed: seeds Python, NumPy and Keras; default `course_seed()` (LSTM_COURSE_SEED, or 0).
        tensorflow: import TensorFlow now, silenced, and turn on op determinism
            (default True). NumPy-only lessons may pass False to start faster.

    Returns:
        The seed used. Lessons write `SEED = setup_notebook()` and derive every other seed
        from `SEED` (or from `course_seeds(n)` for a comparison repeated over seeds).
    """
    if seed is None:
        seed = course_seed()
    if tensorflow:
        tf = import_tensorflow_quietly_with_threads()
        tf.config.experimental.enable_op_determinism()
    seed_everything(seed)
    limit_blas_threads(1)
    import matplotlib.pyplot as plt

    plt.rcParams.update(PLOT_STYLE)
    np.set_printoptions(precision=4, suppress=True)
    return seed
