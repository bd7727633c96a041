"""Every exercise is where a learner meets it: in its lesson, committed unattempted, the core one
inline (before the lesson's closing "Exercises" section), and `check` never shadowed.

`tests/test_exercise_hints.py` tests the checks themselves (solutions pass, every named mistake
gets its hint). This file tests the notebooks' side, from the committed files, in a second.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from lstm_course.course.checkout import NOTEBOOKS
from lstm_course.exercises import EXERCISES

CHECK_CALL = re.compile(r"""^\s*check\(\s*["'](\d+\.\d+)["']\s*,(.*)\)\s*$""", re.MULTILINE)
NOT_ATTEMPTED = "⏳ Exercise {key} ({title}): not attempted yet"
CLOSING_SECTION = re.compile(r"^## Exercises\b", re.MULTILINE)


def lesson_notebook(lesson: int):
    (path,) = NOTEBOOKS.glob(f"{lesson:02d}_*.ipynb")
    return path


def cells(lesson: int) -> list[dict]:
    return json.loads(lesson_notebook(lesson).read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def stdout(cell: dict) -> str:
    return "".join(
        "".join(o.get("text", ""))
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )


def check_calls(lesson: int) -> list[tuple[int, str, bool, str]]:
    """(cell index, exercise key, is a demonstration (record=False), the cell's stdout)."""
    found = []
    for index, cell in enumerate(cells(lesson)):
        if cell["cell_type"] != "code":
            continue
        for match in CHECK_CALL.finditer(source(cell)):
            found.append((index, match.group(1), "record=False" in match.group(2), stdout(cell)))
    return found


LESSONS = sorted({int(key.split(".")[0]) for key in EXERCISES})


@pytest.mark.parametrize("key", list(EXERCISES))
def test_every_exercise_is_checked_in_its_lesson_and_committed_unattempted(key):
    lesson = int(key.split(".")[0])
    calls = [c for c in check_calls(lesson) if c[1] == key and not c[2]]
    assert len(calls) == 1, f"lesson {lesson:02d} should call check({key!r}, ...) exactly once"
    line = NOT_ATTEMPTED.format(key=key, title=EXERCISES[key].title)
    assert line in calls[0][3], (
        f"exercise {key}'s cell should be committed unattempted, printing {line!r}; "
        f"it printed {calls[0][3]!r}"
    )


@pytest.mark.parametrize("lesson", [n for n in LESSONS if n >= 1])
def test_the_core_exercise_is_inline(lesson):
    """At least one exercise is checked where the lesson teaches it, before a closing
    "## Exercises" section (if the lesson has one)."""
    nb = cells(lesson)
    closing = [
        i
        for i, c in enumerate(nb)
        if c["cell_type"] == "markdown" and CLOSING_SECTION.search(source(c))
    ]
    end = closing[0] if closing else len(nb)
    inline = [key for index, key, demo, _ in check_calls(lesson) if index < end and not demo]
    assert inline, f"lesson {lesson:02d} checks no exercise before its closing Exercises section"


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_course_bug_or_traceback_in_committed_checks(lesson):
    for _, key, _, out in check_calls(lesson):
        assert "⚠️" not in out and "Traceback" not in out, f"exercise {key}: {out!r}"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem)
def test_no_notebook_shadows_check(path):
    """A variable called `check` would break every exercise cell after it."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse(source(cell))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            assert not (
                isinstance(node, ast.Name)
                and node.id == "check"
                and isinstance(node.ctx, ast.Store)
            ), f"{path.name} assigns to `check`"
            assert not (
                isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == "check"
            ), f"{path.name} defines `check`"
