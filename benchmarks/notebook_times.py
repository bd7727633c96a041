"""Time of each notebook executed headless (a fresh kernel each), and of `make test`.

A notebook's time is the CPU time its kernel used (user + system, TensorFlow's threads
included), with the wall time beside it. The CPU time does not grow when other jobs share the
machine, so it can be measured on a busy one; on an idle 2-core machine the wall time is about
the CPU time, or less where TensorFlow keeps both cores busy. Lesson headers state it
(tests/test_cross_references.py checks them against benchmarks/results/notebook_times.csv).
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from lstm_course.course.checkout import NOTEBOOKS, ROOT

KERNEL = "lstm-course"


def time_notebook(path: Path, timeout: int = 1800) -> dict:
    """Execute `path` top to bottom in a fresh `lstm-course` kernel (not saved):
    {"seconds": the kernel's CPU seconds, "wall_seconds": the wall time}."""
    import nbformat
    import psutil
    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as sockets:
        # IPC sockets (absolute paths) rather than TCP: local only, and no "running over TCP
        # without encryption" warning from every kernel.
        km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(
            nb, km=km, timeout=timeout, resources={"metadata": {"path": str(path.parent)}}
        )
        start = time.perf_counter()
        cpu = {}

        def kernel_cpu(**_) -> None:  # after every cell: the last reading is the total
            times = psutil.Process(km.provisioner.pid).cpu_times()
            cpu["seconds"] = times.user + times.system + times.children_user + times.children_system

        try:
            client.on_cell_executed = kernel_cpu
            client.execute()
            return {"seconds": cpu["seconds"], "wall_seconds": time.perf_counter() - start}
        finally:
            if km.has_kernel:  # the client only shuts down kernels it started itself
                km.shutdown_kernel()


def run(pattern: str = "*.ipynb", jobs: int = 1) -> list[dict]:
    """One row per notebook: its name, its kernel's CPU seconds and the wall seconds.

    jobs: notebooks executed at once (the CPU seconds do not depend on it). The kernels'
    TensorFlow uses one thread (LSTM_COURSE_TF_THREADS, unless set), so its CPU time is about
    the wall time it would take alone.
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    os.environ.setdefault("LSTM_COURSE_TF_THREADS", "1")
    paths = sorted(NOTEBOOKS.glob(pattern))
    if not paths:
        raise FileNotFoundError(f"no notebooks match {NOTEBOOKS / pattern}")
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        times = list(pool.map(time_notebook, paths))
    return [{"notebook": p.name, **t} for p, t in zip(paths, times, strict=True)]


def time_make_test() -> dict:
    """Seconds of `make test` (setup already done: measures lint + unit tests + nbval)."""
    start = time.perf_counter()
    result = subprocess.run(
        ["make", "test"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"make test failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return {"notebook": "make test (whole suite)", "seconds": seconds}
