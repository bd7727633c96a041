"""The course as a learner meets it: JupyterLab in a real browser, Run All, the next lesson.

For each lesson below, the test opens the committed notebook in the course's own `jupyter lab`
(headless Chromium, see conftest.py), clears its outputs, runs it with JupyterLab's Run All
command and checks what a learner would see:

- the `lstm-course` kernel starts by itself: no "Select Kernel" (or any other) dialog;
- every code cell runs, in order, and no cell shows an error or a stderr stream;
- every figure the committed notebook has is drawn again, as a decoded `<img>` in that cell;
- the "Next" link in the last cell opens the next lesson as a notebook tab with its kernel;
- nothing is written into notebooks/: autosave is off, the server logs no save, and the
  checkpoints JupyterLab makes when it opens a notebook go to a temporary folder;
- JupyterLab never asks about Jupyter news (the course's defaults,
  lstm_course/course/lab-overrides.json5).

Screenshots go to screenshots/ (git-ignored): opened, after Run All, each figure, next lesson.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lstm_course.course.checkout import NOTEBOOKS

if TYPE_CHECKING:  # the fixtures' types, defined in this folder's conftest.py
    from conftest import JupyterLab, LabTab

LESSONS = ["00_welcome", "01_rnn_from_scratch", "05_keras_lstm_cell"]
KERNEL_NAME = "lstm-course"  # registered in the venv by `make setup`
KERNEL_TIMEOUT_S = 120  # from opening the notebook to an idle kernel
RUN_ALL_TIMEOUT_S = 600  # a lesson's budget is 3 minutes on 2 cores; leave room for load
NEXT_LINK = re.compile(r"\*\*Next:\*\*\s*\[[^\]]*\]\(([^)\s]+\.ipynb)\)")

# Everything the test reads from JupyterLab, for the notebook panel showing `path`.
PANEL_STATE_JS = """(path) => {
  const app = window.jupyterapp;
  const dialogs = [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.trim());
  const toasts = [...document.querySelectorAll('.Toastify__toast')].map(t => t.innerText.trim());
  if (!app) return {dialogs, toasts, app: false};
  const panel = Array.from(app.shell.widgets('main')).find(
    w => w.context && w.context.path === path && w.content && w.content.model);
  const current = app.shell.currentWidget;
  const state = {dialogs, toasts, app: true, found: !!panel,
                 mainPaths: Array.from(app.shell.widgets('main')).map(
                   w => w.context ? w.context.path : w.id),
                 currentPath: current && current.context ? current.context.path : null,
                 runAll: window.__lstmRunAll === undefined ? null : window.__lstmRunAll};
  if (!panel) return state;
  const session = panel.sessionContext.session;
  const kernel = session ? session.kernel : null;
  state.ready = panel.sessionContext.isReady;
  state.kernel = kernel ? kernel.name : null;
  state.status = kernel ? kernel.status : null;
  state.kernelDisplayName = panel.sessionContext.kernelDisplayName;
  state.isNotebook = panel.content.node.classList.contains('jp-Notebook');
  state.nCells = panel.content.model.cells.length;
  state.code = [];
  for (let i = 0; i < panel.content.model.cells.length; i++) {
    const cell = panel.content.model.cells.get(i);
    if (cell.type !== 'code') continue;
    const outputs = [];
    for (let j = 0; j < cell.outputs.length; j++) {
      const o = cell.outputs.get(j).toJSON();
      const text = o.output_type === 'error' ? `${o.ename}: ${o.evalue}`
                 : o.output_type === 'stream' ? [].concat(o.text).join('') : '';
      outputs.push({type: o.output_type, name: o.name || null,
                    mimes: Object.keys(o.data || {}), text: text.slice(0, 500)});
    }
    state.code.push({index: i, count: cell.executionCount, running:
                     cell.executionState === 'running', outputs});
  }
  state.domStderr = panel.content.node.querySelectorAll(
    '[data-mime-type="application/vnd.jupyter.stderr"]').length;
  return state;
}"""


def committed(name: str) -> dict:
    """What the committed notebook promises: figures per cell and the next lesson."""
    notebook = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    cells = notebook["cells"]
    figures = {
        index: sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        for index, cell in enumerate(cells)
        if cell["cell_type"] == "code"
    }
    last = cells[-1]
    source = "".join(last["source"])
    match = NEXT_LINK.search(source) if last["cell_type"] == "markdown" else None
    return {
        "kernel": notebook["metadata"].get("kernelspec", {}).get("name"),
        "figures": {i: n for i, n in figures.items() if n},
        "n_code": len(figures),
        "next": match.group(1) if match else None,
    }


def state(tab: LabTab, path: str) -> dict:
    return tab.page.evaluate(PANEL_STATE_JS, path)


def no_dialog(s: dict) -> None:
    """No dialog, and no Jupyter news question: a learner is asked nothing."""
    assert not s["dialogs"], f"JupyterLab showed a dialog: {s['dialogs']}"
    news = [t for t in s["toasts"] if "news" in t.lower()]
    assert not news, f"JupyterLab asked about Jupyter news: {news} (run `make setup`)"


def wait_for(
    tab: LabTab, path: str, done: Callable[[dict], bool], timeout: float, what: str
) -> dict:
    """Poll the panel's state until `done`; fail at once on any dialog or error output."""
    deadline = time.monotonic() + timeout
    while True:
        s = state(tab, path)
        no_dialog(s)
        errors = [o for c in s.get("code", []) for o in c["outputs"] if o["type"] == "error"]
        assert not errors, f"{path}: a cell raised {errors[0]['text']}"
        if done(s):
            return s
        if time.monotonic() > deadline:
            pytest.fail(f"{path}: timed out after {timeout:.0f} s waiting for {what}; state {s}")
        time.sleep(0.5)


def kernel_idle(s: dict) -> bool:
    return bool(s.get("found") and s.get("ready") and s.get("status") == "idle")


def open_notebook(tab: LabTab, lab: JupyterLab, path: str) -> dict:
    tab.page.goto(lab.lab_url(path))
    s = wait_for(tab, path, kernel_idle, KERNEL_TIMEOUT_S, "the kernel to be idle")
    assert s["kernel"] == KERNEL_NAME, f"{path} started kernel {s['kernel']!r}"
    assert s["kernelDisplayName"] == "Python (lstm-course)", s["kernelDisplayName"]
    return s


def run_all(tab: LabTab, path: str) -> dict:
    """Clear outputs, Run All, wait until every code cell has run and the kernel is idle."""
    tab.page.evaluate(
        """async () => {
          await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
          window.__lstmRunAll = undefined;
          window.jupyterapp.commands.execute('notebook:run-all-cells')
            .then(r => { window.__lstmRunAll = r === false ? 'failed' : 'done'; },
                  e => { window.__lstmRunAll = 'rejected: ' + e; });
        }"""
    )

    def finished(s: dict) -> bool:
        return (
            s["runAll"] is not None
            and kernel_idle(s)
            and all(c["count"] is not None and not c["running"] for c in s["code"])
        )

    s = wait_for(tab, path, finished, RUN_ALL_TIMEOUT_S, "Run All to finish")
    assert s["runAll"] == "done", f"{path}: Run All ended with {s['runAll']}"
    return s


def cell_node(tab: LabTab, path: str, index: int):
    """The page element of cell `index`, scrolled into view (JupyterLab attaches cells lazily)."""
    handle = tab.page.evaluate_handle(
        """async ([path, index]) => {
          const panel = Array.from(window.jupyterapp.shell.widgets('main')).find(
            w => w.context && w.context.path === path && w.content && w.content.model);
          const cell = panel.content.widgets[index];
          await panel.content.scrollToCell(cell, 'start');
          return cell.node;
        }""",
        [path, index],
    )
    return handle.as_element()


def check_figures(tab: LabTab, path: str, expected: dict[int, int], screenshots: Path) -> int:
    """Each cell draws as many decoded <img> figures as the committed notebook has."""
    name = path.removesuffix(".ipynb")
    shown = 0
    for index, n_figures in expected.items():
        node = cell_node(tab, path, index)
        selector = ".jp-OutputArea .jp-RenderedImage img"
        deadline = time.monotonic() + 30  # the cell was just attached; give it time to draw
        while len(node.query_selector_all(selector)) < n_figures and time.monotonic() < deadline:
            time.sleep(0.25)
        images = node.query_selector_all(selector)
        assert len(images) == n_figures, (
            f"{path}: cell {index} shows {len(images)} images, committed {n_figures}"
        )
        for k, image in enumerate(images):
            image.scroll_into_view_if_needed()
            image.wait_for_element_state("visible")
            decoded = image.evaluate("img => img.complete && img.naturalWidth > 0")
            box = image.bounding_box()
            assert decoded and box and box["width"] > 100 and box["height"] > 50, (
                f"{path}: figure {k} of cell {index} is not drawn (box {box})"
            )
            shown += 1
            image.screenshot(path=screenshots / f"{name}_figure{shown}.png")
    return shown


NOTIFICATION_SETTINGS = "/lab/api/settings/@jupyterlab/apputils-extension:notification"


def test_jupyterlab_asks_no_news_question(jupyter_lab: JupyterLab, lab_tab: LabTab) -> None:
    """The course's own JupyterLab defaults turn Jupyter news and update checks off."""
    schema = jupyter_lab.api("GET", NOTIFICATION_SETTINGS)["schema"]["properties"]
    defaults = {key: schema[key]["default"] for key in ("fetchNews", "checkForUpdates")}
    assert defaults == {"fetchNews": "false", "checkForUpdates": False}, (
        f"JupyterLab's notification defaults are {defaults}: `make setup` installs the course's "
        "lstm_course/course/lab-overrides.json5 into the virtual environment (python -m "
        "lstm_course.course.jupyter)"
    )
    open_notebook(lab_tab, jupyter_lab, "00_welcome.ipynb")  # JupyterLab restored, kernel idle
    no_dialog(state(lab_tab, "00_welcome.ipynb"))


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_runs_in_jupyterlab(
    name: str, jupyter_lab: JupyterLab, lab_tab: LabTab, screenshots: Path
) -> None:
    notebook = NOTEBOOKS / f"{name}.ipynb"
    assert notebook.exists(), f"{notebook.name} is missing"
    for old in screenshots.glob(f"{name}_*.png"):
        old.unlink()
    promised = committed(name)
    assert promised["kernel"] == KERNEL_NAME, f"{notebook.name} names kernel {promised['kernel']}"
    assert promised["next"], f"{notebook.name}: no '**Next:** [...](NN_name.ipynb)' link at the end"
    t0 = time.time()
    tab = lab_tab
    page = tab.page
    path = notebook.name
    timings = {}
    start = time.monotonic()
    try:
        # 1. It opens with the course kernel, no dialog.
        open_notebook(tab, jupyter_lab, path)
        timings["open"] = time.monotonic() - start
        page.screenshot(path=screenshots / f"{name}_1_opened.png")

        # 2. Run All: every code cell runs, in order; no error, no stderr.
        start = time.monotonic()
        s = run_all(tab, path)
        timings["run all"] = time.monotonic() - start
        page.screenshot(path=screenshots / f"{name}_2_ran.png")
        counts = [c["count"] for c in s["code"]]
        assert len(counts) == promised["n_code"], f"{path}: {len(counts)} code cells ran"
        assert counts == sorted(counts) and len(set(counts)) == len(counts), counts
        stderr = [
            (c["index"], o["text"])
            for c in s["code"]
            for o in c["outputs"]
            if o["type"] == "stream" and o["name"] == "stderr"
        ]
        assert not stderr, f"{path}: stderr output in cells {stderr}"
        assert s["domStderr"] == 0, f"{path}: {s['domStderr']} stderr outputs on the page"

        # 3. The figures are drawn again as images where the committed notebook has them.
        live = {c["index"]: sum("image/png" in o["mimes"] for o in c["outputs"]) for c in s["code"]}
        drawn = {i: n for i, n in live.items() if n}
        assert drawn == promised["figures"], (
            f"{path}: image outputs per cell {drawn}, committed {promised['figures']}"
        )
        check_figures(tab, path, promised["figures"], screenshots)

        # 4. The "Next" link opens the next lesson in JupyterLab, with its kernel.
        target = promised["next"]
        if not (NOTEBOOKS / target).exists():
            message = f"{path} links to {target}, which does not exist (yet)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message + "; every other check passed")
        last_cell = cell_node(tab, path, s["nCells"] - 1)
        links = last_cell.query_selector_all(f'a[href*="/files/{target}"]')
        assert len(links) == 1, f"{path}: expected one rendered link to {target}, got {links}"
        (link,) = links
        link.scroll_into_view_if_needed()
        start = time.monotonic()
        link.click()
        s = wait_for(
            tab,
            target,
            lambda s: s.get("currentPath") == target and kernel_idle(s),
            KERNEL_TIMEOUT_S,
            f"{target} to open from the Next link",
        )
        timings["next"] = time.monotonic() - start
        assert s["isNotebook"] and s["kernel"] == KERNEL_NAME, s
        assert s["mainPaths"] == [path, target], f"open tabs: {s['mainPaths']}"
        tab_title = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
        assert tab_title.inner_text().strip() == target
        page.screenshot(path=screenshots / f"{name}_3_next.png")

        assert not tab.page_errors, f"uncaught JavaScript errors: {tab.page_errors}"
        # 5. Nothing was saved over the committed notebooks, no checkpoint left beside them.
        assert not jupyter_lab.saved_files(), jupyter_lab.saved_files()
        written = [p.name for p in NOTEBOOKS.glob(".ipynb_checkpoints/*") if p.stat().st_ctime > t0]
        assert not written, f"checkpoints written into notebooks/: {written}"
        print(f"{name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    except BaseException as error:
        if not isinstance(error, pytest.skip.Exception):
            print(f"jupyter lab log (end):\n{jupyter_lab.log_tail()}")
            try:
                page.screenshot(path=screenshots / f"{name}_failure.png")
            except Exception as screenshot_error:  # the page may be gone; keep the real error
                print(f"no failure screenshot: {screenshot_error}")
        raise
