"""Fixtures for the JupyterLab browser test: the course's own `jupyter lab`, headless Chromium.

The server runs from this virtual environment on a free localhost port with a known token and
throw-away config, runtime, data, settings and workspace directories, so nothing of the user's
own Jupyter set-up is read or written. It does read the course's own JupyterLab defaults, which
`make setup` installs into the virtual environment (lstm_course/course/lab-overrides.json5): what
a learner's `make lab` gets. The browser is a headless Chromium driven by Playwright: the `CHROMIUM`
environment variable, else Playwright's own build (`make browser`), else the system's (the order
is in tests/chromium_lookup.py). Both are stopped at the end of the session, whatever happened,
and so are the kernels.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from chromium_lookup import ChromiumNotFound, find_chromium

from lstm_course.course.checkout import NOTEBOOKS, ROOT

SCREENSHOTS = ROOT / "screenshots"  # git-ignored
CHROMIUM_ARGS = [
    "--no-sandbox",  # required as root; harmless for a normal user
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 120  # JupyterLab starts in about 10 s on a busy 2-core machine
# Set by tests/conftest.py around test-module imports; a learner's kernel does not have them,
# and they would hide TensorFlow start-up lines that the notebook itself must silence.
_TEST_ONLY_ENV = ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND")

# JupyterLab user settings for the test: never save the committed notebooks (autosave would
# write the browser's outputs over them). Jupyter news stay as the course's defaults set them.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a `browser` test: `pytest -m "not browser"` skips them."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class JupyterLab:
    """A running `jupyter lab`: where it listens and how to talk to its REST API."""

    url: str  # http://127.0.0.1:PORT
    token: str
    log: Path

    def lab_url(self, path: str) -> str:
        """URL that opens `path` (relative to notebooks/) in a fresh JupyterLab workspace."""
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every session and kernel the server runs (each test starts fresh ones)."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def saved_files(self) -> list[str]:
        """Files the server wrote through its contents API (it logs every save)."""
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return [line for line in lines if "Saving file at" in line]

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of the Chromium binary; skip (or fail under CI) when there is none."""
    try:
        return find_chromium()
    except ChromiumNotFound as error:
        if os.environ.get("CI"):
            pytest.fail(f"{error} (CI is set, so a missing browser is a failure, not a skip.)")
        pytest.skip(str(error))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(tmp: Path) -> dict[str, str]:
    tmp.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in _TEST_ONLY_ENV}
    for name, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        # The course kernel must come from the venv (`make setup` registers it with
        # --sys-prefix), not from the user's own ~/.local/share/jupyter.
        ("JUPYTER_DATA_DIR", "data"),
        ("IPYTHONDIR", "ipython"),
    ]:
        (tmp / sub).mkdir()
        env[name] = str(tmp / sub)
    env.pop("JUPYTER_PATH", None)  # extra kernel/data folders of the user's own set-up
    return env


def _write_lab_settings(settings_dir: Path) -> None:
    for relative, values in LAB_SETTINGS.items():
        target = settings_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")


def _stop(process: subprocess.Popen, lab: JupyterLab | None) -> None:
    """Stop the server and every process it started (kernels run in their own sessions)."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if lab is not None and process.poll() is None:
        try:
            lab.shutdown_kernels()
        except (OSError, urllib.error.URLError, ValueError):
            pass  # the server may be gone already; the kill below still runs
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # jupyter shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    for child in children:
        try:
            child.wait(timeout=10)
        except psutil.TimeoutExpired:
            child.kill()
        except psutil.NoSuchProcess:
            pass


def _start(tmp: Path, attempt: int) -> tuple[subprocess.Popen, JupyterLab]:
    port = _free_port()
    token = secrets.token_hex(16)
    settings = tmp / "lab-user-settings"
    workspaces = tmp / "lab-workspaces"
    _write_lab_settings(settings)
    workspaces.mkdir(exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={NOTEBOOKS}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={workspaces}",
        # JupyterLab makes a checkpoint of each notebook it opens: keep them out of the repo.
        f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
    ]
    if (
        hasattr(os, "geteuid") and os.geteuid() == 0
    ):  # jupyter refuses to run as root without it; a learner is not root
        command.append("--allow-root")
    log = tmp / f"jupyter-lab-{attempt}.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=NOTEBOOKS,
            env=_server_env(tmp / f"env-{attempt}"),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in pytest's terminal reaches pytest, not jupyter
        )
    return process, JupyterLab(url=f"http://127.0.0.1:{port}", token=token, log=log)


def _wait_until_up(process: subprocess.Popen, lab: JupyterLab) -> bool:
    """True once the REST API answers; False if the server exited (e.g. port taken)."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            lab.api("GET", "/api/status")
            return True
        except (OSError, urllib.error.URLError):
            time.sleep(0.25)
    raise TimeoutError(
        f"jupyter lab did not answer within {SERVER_START_TIMEOUT_S} s. Log:\n{lab.log_tail()}"
    )


@pytest.fixture(scope="session")
def jupyter_lab(chromium_executable: str) -> Iterator[JupyterLab]:
    """The course's `jupyter lab`, serving notebooks/, for the whole test session."""
    with tempfile.TemporaryDirectory(prefix="lstm-course-lab-") as tmp_name:
        tmp = Path(tmp_name)
        for attempt in range(3):  # another process may grab the free port before jupyter
            process, lab = _start(tmp, attempt)
            try:
                up = _wait_until_up(process, lab)
            except BaseException:
                _stop(process, None)
                raise
            if up:
                break
            _stop(process, None)
        else:
            pytest.fail(f"jupyter lab exited at start-up. Log:\n{lab.log_tail()}")
        try:
            yield lab
        finally:
            _stop(process, lab)


@pytest.fixture(scope="session")
def browser(chromium_executable: str):
    """Headless Chromium (`chromium_executable`) under Playwright, for the whole session."""
    from playwright.sync_api import sync_playwright

    # Chromium keeps a crash-report database and dconf a cache under the user's XDG
    # directories even with Playwright's temporary profile: point them at a throw-away folder.
    with tempfile.TemporaryDirectory(prefix="lstm-course-chromium-") as tmp:
        env = dict(os.environ, XDG_CONFIG_HOME=f"{tmp}/config", XDG_CACHE_HOME=f"{tmp}/cache")
        playwright = sync_playwright().start()
        try:
            chromium = playwright.chromium.launch(
                executable_path=chromium_executable, args=CHROMIUM_ARGS, env=env, headless=True
            )
            try:
                yield chromium
            finally:
                chromium.close()
        finally:
            playwright.stop()


@dataclass
class LabTab:
    """A browser page and the uncaught JavaScript errors it raised so far."""

    page: object  # playwright.sync_api.Page
    page_errors: list[str]


@pytest.fixture
def lab_tab(browser, jupyter_lab: JupyterLab) -> Iterator[LabTab]:
    """A fresh browser context and page; the kernels it started are shut down afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    tab = LabTab(page=page, page_errors=[])
    page.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    try:
        yield tab
    finally:
        try:
            context.close()
        finally:
            jupyter_lab.shutdown_kernels()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
