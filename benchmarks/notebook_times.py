"""Wall time of each notebook executed headless (a fresh kernel each), and of `make test`."""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from lstm_course.paths import NOTEBOOKS, ROOT

KERNEL = "lstm-course"


def time_notebook(path: Path, timeout: int = 900) -> float:
    """Seconds to execute `path` top to bottom in a fresh `lstm-course` kernel (not saved)."""
    import nbformat
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
        try:
            client.execute()
            return time.perf_counter() - start
        finally:
            if km.has_kernel:  # the client only shuts down kernels it started itself
                km.shutdown_kernel()


def run(pattern: str = "*.ipynb") -> list[dict]:
    """One row per notebook: its name and execution seconds."""
    paths = sorted(NOTEBOOKS.glob(pattern))
    if not paths:
        raise FileNotFoundError(f"no notebooks match {NOTEBOOKS / pattern}")
    return [{"notebook": p.name, "seconds": time_notebook(p)} for p in paths]


def time_make_test() -> dict:
    """Seconds of `make test` (setup already done: measures lint + unit tests + nbval)."""
    start = time.perf_counter()
    result = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"make test failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return {"notebook": "make test (whole suite)", "seconds": seconds}
