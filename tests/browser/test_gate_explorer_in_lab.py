"""Lesson 03's gate explorer in JupyterLab: a learner moves a slider and the figure follows.

The test opens the lesson in the course's `jupyter lab` (headless Chromium, see conftest.py),
runs it with Run All, finds the explorer by its CSS class (`lstm-gate-explorer`, set by
`lstm_course.diagrams.gate_explorer.gate_explorer`), types a new value into the readout of the
slider "forget response to 'but'" (what a learner's keyboard does; a drag ends the same way) and
checks that the slider moved, the answer line changed from burger to undecided, and the figure
was redrawn: a new image source with other pixels. Then it presses Home on the slider's handle
(the keyboard's drag to the minimum) and checks the explorer redraws again, back to burger.
Nothing is saved into notebooks/.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_jupyterlab import cell_node, open_notebook, run_all

from lstm_course.course.checkout import NOTEBOOKS
from lstm_course.diagrams.gate_explorer import SLIDERS

if TYPE_CHECKING:  # the fixtures' types, defined in this folder's conftest.py
    from conftest import JupyterLab, LabTab

LESSON = "03_lstm_gate_by_gate.ipynb"  # relative to notebooks/: the lesson holding the explorer
EXPLORER_CALL = "gate_explorer("  # the code cell that shows the explorer calls it
SLIDER = ".lstm-explorer-forget-on-but"  # forget response to 'but': hand-set -12, forgets
NEW_VALUE = "0"  # no forgetting at 'but': both subjects kept, the answer splits
MINIMUM = SLIDERS["forget_on_but"][2]  # where the keyboard's Home key puts it
REDRAW_TIMEOUT_S = 60


def explorer_cell(path: Path) -> int:
    """Index of the code cell whose source calls `gate_explorer(` (fail if there is none)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = [
        k
        for k, cell in enumerate(cells)
        if cell["cell_type"] == "code" and EXPLORER_CALL in "".join(cell["source"])
    ]
    assert found, f"{path.name} has no code cell calling {EXPLORER_CALL}...): no gate explorer"
    return found[-1]


def explorer_view(node) -> dict:
    """The explorer's slider value, answer text and image source, as the page shows them."""
    return node.evaluate(
        """(cell, slider) => {
          const box = cell.querySelector('.lstm-gate-explorer');
          if (!box) return {found: false};
          const img = box.querySelector('.lstm-explorer-figure');
          const handle = box.querySelector(slider + ' .noUi-handle');
          return {found: true,
                  answer: box.querySelector('.lstm-explorer-answer').innerText.trim(),
                  src: img ? img.src : null,
                  drawn: !!img && img.complete && img.naturalWidth > 100,
                  value: handle ? handle.getAttribute('aria-valuenow') : null,
                  readout: box.querySelector(slider + ' .widget-readout').innerText.trim()};
        }""",
        SLIDER,
    )


def readout_value(view: dict) -> float:
    """The slider's readout as a number (d3-format writes minus as U+2212)."""
    return float(view["readout"].replace("\u2212", "-"))


def wait_view(node, done, what: str) -> dict:
    deadline = time.monotonic() + REDRAW_TIMEOUT_S
    while True:
        view = explorer_view(node)
        if view["found"] and done(view):
            return view
        if time.monotonic() > deadline:
            pytest.fail(f"{LESSON}: timed out waiting for {what}; the explorer shows {view}")
        time.sleep(0.25)


def test_moving_a_slider_redraws_the_explorer(
    jupyter_lab: JupyterLab, lab_tab: LabTab, screenshots: Path
) -> None:
    index = explorer_cell(NOTEBOOKS / LESSON)
    page = lab_tab.page
    name = LESSON.removesuffix(".ipynb")
    timings = {}
    start = time.monotonic()
    try:
        open_notebook(lab_tab, jupyter_lab, LESSON)
        s = run_all(lab_tab, LESSON)
        timings["open and run all"] = time.monotonic() - start
        outputs = next(c["outputs"] for c in s["code"] if c["index"] == index)
        assert [o["type"] for o in outputs] == ["execute_result"], outputs
        assert "application/vnd.jupyter.widget-view+json" in outputs[0]["mimes"], outputs

        node = cell_node(lab_tab, LESSON, index)
        before = wait_view(node, lambda v: v["drawn"] and "burger" in v["answer"], "the figure")
        assert readout_value(before) == -12.0 and "undecided" not in before["answer"], before
        image = node.query_selector(".lstm-gate-explorer .lstm-explorer-figure")
        image.scroll_into_view_if_needed()
        pixels_before = image.screenshot(path=screenshots / f"{name}_explorer_before.png")

        # Move the slider: type the new value into its readout, as a learner can.
        start = time.monotonic()
        readout = node.query_selector(f"{SLIDER} .widget-readout")
        readout.click()
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type(NEW_VALUE)
        page.keyboard.press("Enter")
        after = wait_view(
            node,
            lambda v: v["src"] != before["src"] and v["drawn"] and v["answer"] != before["answer"],
            "the explorer to redraw",
        )
        timings["redraw"] = time.monotonic() - start
        assert float(after["value"]) == readout_value(after) == float(NEW_VALUE), after
        assert after["answer"].startswith("after 'likes': undecided"), after
        image.scroll_into_view_if_needed()
        time.sleep(0.5)  # let the new image paint before the screenshot
        pixels_after = image.screenshot(path=screenshots / f"{name}_explorer_after.png")
        assert pixels_after != pixels_before, "the explorer's figure looks the same after the move"

        # Then drag it with the keyboard: Home puts the handle at its minimum, -24: the forget
        # gate closes harder than by hand, and the answer is burger again.
        start = time.monotonic()
        node.query_selector(f"{SLIDER} .noUi-handle").focus()
        page.keyboard.press("Home")
        again = wait_view(
            node,
            lambda v: v["src"] != after["src"] and v["drawn"] and v["answer"] != after["answer"],
            "the explorer to redraw after the keyboard move",
        )
        timings["keyboard redraw"] = time.monotonic() - start
        assert float(again["value"]) == readout_value(again) == MINIMUM, again
        assert again["answer"].startswith("after 'likes': burger"), again
        box = node.query_selector(".lstm-gate-explorer")
        box.screenshot(path=screenshots / f"{name}_explorer.png")

        assert not lab_tab.page_errors, f"uncaught JavaScript errors: {lab_tab.page_errors}"
        assert not jupyter_lab.saved_files(), jupyter_lab.saved_files()
        print(f"{name} explorer: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    except BaseException:
        print(f"jupyter lab log (end):\n{jupyter_lab.log_tail()}")
        try:
            page.screenshot(path=screenshots / f"{name}_explorer_failure.png")
        except Exception as screenshot_error:  # the page may be gone; keep the real error
            print(f"no failure screenshot: {screenshot_error}")
        raise
