"""The lessons' cross-references resolve, and the lessons say nothing about the project's history.

Read from the notebooks' JSON: every markdown cell, and the comments and strings of every code
cell (what a learner reads). In lesson X:

- "section N" (also "Section N's", "sections N-M", "sections N to M") names a numbered heading
  "## N. ..." of lesson X; "Lesson NN, section M", "lesson NN's section M" and "section M of
  lesson NN" name one of lesson NN. A decimal ("section 3.5" of a paper) is not a reference here.
- "Lesson NN" (also "lessons NN, MM and KK", "Lessons NN–MM") names a notebook that exists.
- A Markdown link to a file (not a web address) points at a file that exists; the last cell's
  "**Previous:**" and "**Next:**" links follow the notebooks' order, and their text names the
  lesson they link to.
- No issue numbers ("issue 16", "issue #16", "#16") and no changelog narration ("an earlier
  version of this lesson", "this lesson used to", "previously this lesson").
- The first cell's "about N minutes on a 2-core CPU" (or seconds) is within TOLERANCE of the
  committed measurement, benchmarks/results/notebook_times.csv.

Whether a reference that also describes its target ("section 8, the cuDNN kernel") describes it
rightly is a question of meaning, which these tests cannot judge: they only check that the
numbers exist. The first tests run the checkers on a synthetic notebook with bad references, so
a checker that finds nothing fails.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TIMES_CSV = ROOT / "benchmarks" / "results" / "notebook_times.csv"
PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
LESSONS = [p.name[:2] for p in PATHS]

# A header's stated time may differ from the measured one by 35 % of it or 30 s, whichever is
# larger: "about" a time, rounded, on a machine whose load varies from run to run.
TOLERANCE_FRACTION, TOLERANCE_SECONDS = 0.35, 30.0

_NUMBERS = r"((?:\s*(?:,|-|–|to|and|, and)\s*\d+)*)"  # the rest of "9-13", "4, 5 and 7"
_END = r"(?!\.\d)(?!\d)"  # not a decimal: "section 3.5" of a paper
CROSS_SECTION = [
    re.compile(r"\b[Ll]esson (?P<lesson>\d\d)(?:'s|,)? [Ss]ection (?P<section>\d+)" + _END),
    re.compile(r"\b[Ss]ection (?P<section>\d+) of [Ll]esson (?P<lesson>\d\d)\b"),
]
LOCAL_SECTION = re.compile(r"\b[Ss]ections? (\d+)" + _NUMBERS + _END)
LESSON = re.compile(r"\b[Ll]essons? (\d+)" + _NUMBERS + r"(?!\d)")
HEADING = re.compile(r"^## (\d+)\. \S", re.MULTILINE)
LINK = re.compile(r"\]\(([^)\s]+)\)")
NAV_LINK = {
    side: re.compile(rf"\*\*{side}:\*\*\s*\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
    for side in ("Previous", "Next")
}
INTERNAL = [
    ("an issue number", re.compile(r"\b[Ii]ssues? #?\d+")),
    ("an issue number", re.compile(r"(?<![\w&#/])#\d+\b")),
    ("a pull request", re.compile(r"\b(?:PR #?\d+|[Pp]ull request)")),
    (
        "changelog narration",
        re.compile(
            r"\b(?:earlier|previous|older|original|old|first) (?:version|draft|revision|edition)s?"
            r" of (?:this|the) (?:lesson|notebook|course)",
            re.IGNORECASE,
        ),
    ),
    (
        "changelog narration",
        re.compile(
            r"\b(?:this|the) (?:lesson|notebook|course) (?:used to|previously|originally|once said)"
            r"|\bpreviously,? (?:this|the) (?:lesson|notebook|course)"
            r"|\bused to (?:say|claim|read|report|state|show)\b"
            r"|\bin (?:an? )?(?:earlier|previous) (?:version|draft|revision)\b",
            re.IGNORECASE,
        ),
    ),
]
DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(minutes?|min|seconds?|s)\b")
HEADER_TIME = re.compile(rf"\babout ((?:{DURATION.pattern}\s*)+)on a 2-core CPU")


# ---- reading a notebook -----------------------------------------------------------------------


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _comments_and_strings(code: str) -> str:
    """The comments and string literals of `code`, one per line (all of it if it won't tokenize,
    e.g. a cell with IPython magics)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code
    kinds = {tokenize.COMMENT, tokenize.STRING}
    kinds |= {getattr(tokenize, n) for n in ("FSTRING_MIDDLE",) if hasattr(tokenize, n)}
    return "\n".join(t.string for t in tokens if t.type in kinds)


def lesson_texts(nb: dict) -> list[tuple[str, str]]:
    """(cell id, the text a learner reads in it) for every markdown and code cell."""
    texts = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append((cell.get("id", "?"), _source(cell)))
        elif cell["cell_type"] == "code":
            texts.append((cell.get("id", "?"), _comments_and_strings(_source(cell))))
    return texts


def section_numbers(nb: dict) -> set[int]:
    """The numbers of the headings "## N. ..." of the notebook's markdown cells."""
    return {
        int(n)
        for cell in nb["cells"]
        if cell["cell_type"] == "markdown"
        for n in HEADING.findall(_source(cell))
    }


def _numbers(first: str, rest: str) -> list[int]:
    """[9, 10, 11, 12, 13] from ("9", "-13"); [4, 5, 7] from ("4", ", 5 and 7")."""
    numbers, previous = [int(first)], int(first)
    for joiner, number in re.findall(r"\s*(,|-|–|to|and|, and)\s*(\d+)", rest):
        number = int(number)
        if joiner in ("-", "–", "to"):
            numbers.extend(range(previous + 1, number + 1))
        else:
            numbers.append(number)
        previous = number
    return numbers


def _quote(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return repr(line.strip())


# ---- the checkers -----------------------------------------------------------------------------


def section_reference_problems(nb: dict, lesson: str, sections: dict[str, set[int]]) -> list[str]:
    """References to sections that do not exist. `sections`: {lesson: its heading numbers}."""
    problems = []
    for cell_id, text in lesson_texts(nb):
        taken = []
        for pattern in CROSS_SECTION:
            for m in pattern.finditer(text):
                taken.append(range(m.start(), m.end()))
                other, number = m["lesson"], int(m["section"])
                if number not in sections.get(other, set()):
                    problems.append(
                        f"{cell_id}: lesson {other} has no section {number}: "
                        f"{_quote(text, m.start(), m.end())}"
                    )
        for m in LOCAL_SECTION.finditer(text):
            if any(m.start() in span for span in taken):
                continue
            missing = [n for n in _numbers(m[1], m[2]) if n not in sections.get(lesson, set())]
            if missing:
                problems.append(
                    f"{cell_id}: lesson {lesson} has no section {', '.join(map(str, missing))}: "
                    f"{_quote(text, m.start(), m.end())}"
                )
    return problems


def lesson_reference_problems(nb: dict, lessons: set[str]) -> list[str]:
    """References to "Lesson NN" for a lesson that does not exist (or not in two digits)."""
    problems = []
    for cell_id, text in lesson_texts(nb):
        for m in LESSON.finditer(text):
            numbers = [m[1]] + re.findall(r"\d+", m[2])
            named = [f"{n:02d}" for n in _numbers(m[1], m[2])]
            bad = [n for n in named if n not in lessons]
            bad += [n for n in numbers if len(n) != 2]
            if bad:
                problems.append(
                    f"{cell_id}: no lesson {', '.join(bad)}: {_quote(text, m.start(), m.end())}"
                )
    return problems


def link_problems(nb: dict, folder: Path) -> list[str]:
    """Markdown links to files (relative to `folder`) that do not exist."""
    problems = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        for m in LINK.finditer(text):
            target = m[1].split("#")[0]
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # an anchor in the page, or a web address
            if not (folder / target).exists():
                problems.append(
                    f"{cell.get('id', '?')}: links to a missing file {target!r}: "
                    f"{_quote(text, m.start(), m.end())}"
                )
    return problems


def navigation_problems(nb: dict, name: str, order: list[str]) -> list[str]:
    """The last cell's Previous/Next links against the order of the notebooks in `order`."""
    index = order.index(name)
    last = nb["cells"][-1]
    text = _source(last) if last["cell_type"] == "markdown" else ""
    problems = []
    for side, expected in (
        ("Previous", order[index - 1] if index > 0 else None),
        ("Next", order[index + 1] if index + 1 < len(order) else None),
    ):
        m = NAV_LINK[side].search(text)
        if expected is None:
            if m:
                problems.append(f"{last.get('id', '?')}: {side} link in the first/last lesson")
            continue
        if not m:
            problems.append(f"{last.get('id', '?')}: no **{side}:** link to {expected}")
        elif m["target"] != expected:
            problems.append(f"{last.get('id', '?')}: {side} is {m['target']}, not {expected}")
        elif not m["text"].startswith(f"Lesson {expected[:2]}"):
            problems.append(f"{last.get('id', '?')}: {side}'s text {m['text']!r} for {expected}")
    return problems


def internal_reference_problems(nb: dict) -> list[str]:
    """Issue numbers and changelog narration: the project's history, not the lesson."""
    problems = []
    for cell_id, text in lesson_texts(nb):
        for kind, pattern in INTERNAL:
            for m in pattern.finditer(text):
                problems.append(f"{cell_id}: {kind}: {_quote(text, m.start(), m.end())}")
    return problems


def header_seconds(nb: dict) -> float | None:
    """The run time the first cell states ("about 1 minute 15 seconds on a 2-core CPU"), or None."""
    m = HEADER_TIME.search(_source(nb["cells"][0]))
    if m is None:
        return None
    parts = DURATION.findall(m[1])
    if not parts:
        return None
    return sum(float(n) * (60.0 if unit.startswith("min") else 1.0) for n, unit in parts)


def header_time_problem(stated: float, measured: float) -> str | None:
    """Why a stated time disagrees with the measured one, or None when within TOLERANCE."""
    allowed = max(TOLERANCE_SECONDS, TOLERANCE_FRACTION * measured)
    if abs(stated - measured) <= allowed:
        return None
    return (
        f"header says about {stated:.0f} s, notebook_times.csv measured {measured:.1f} s "
        f"(allowed: ± {allowed:.0f} s)"
    )


def measured_seconds() -> dict[str, float]:
    """{notebook file name: seconds} from the committed benchmarks/results/notebook_times.csv."""
    with TIMES_CSV.open(encoding="utf-8") as f:
        return {row["notebook"]: float(row["seconds"]) for row in csv.DictReader(f)}


# ---- the checkers can fail --------------------------------------------------------------------


def _synthetic(*cells: tuple[str, str, str]) -> dict:
    return {
        "cells": [
            {"cell_type": kind, "id": cid, "source": text, "metadata": {}}
            for cid, kind, text in cells
        ]
    }


MD = "markdown"
SYNTHETIC = _synthetic(
    ("head", MD, "# Lesson 03\n\n**Part I · Lesson 03** — about 2 minutes on a 2-core CPU."),
    ("s1", MD, "## 1. One\n\nAs section 1 shows; sections 1-2 hold it.\nSee sections 2 to 4."),
    ("s2", MD, "## 2. Two\n\nLesson 06, section 8, says when; lesson 06's section 9 too."),
    ("s3", MD, "Vaswani et al. (2017), section 3.5. Lesson 04 and Lesson 42; lessons 01, 13."),
    ("c1", "code", "x = 1  # as in section 2's table and Section 7\nprint('section 2')"),
    ("c2", MD, "[ok](03_a.ipynb), [web](https://example.org/x.ipynb), [bad](99_b.ipynb)"),
    ("c3", MD, "For issue 16, and #12; an earlier version of this lesson said so."),
    ("nav", MD, "**Previous:** [Lesson 02](02_a.ipynb) · **Next:** [Lesson 05](05_a.ipynb)"),
)


def test_section_checker_finds_bad_references():
    problems = section_reference_problems(SYNTHETIC, "03", {"03": {1, 2}, "06": {8}})
    assert [p.split(": ")[:2] for p in problems] == [
        ["s1", "lesson 03 has no section 3, 4"],  # "sections 2 to 4"
        ["s2", "lesson 06 has no section 9"],  # "lesson 06's section 9"
        ["c1", "lesson 03 has no section 7"],  # a code comment; "section 3.5" is a paper's
    ], problems


def test_lesson_and_link_checkers_find_bad_references(tmp_path):
    problems = lesson_reference_problems(SYNTHETIC, {f"{n:02d}" for n in range(12)})
    assert [p.split(":")[0] + ":" + p.split(":")[1] for p in problems] == [
        "s3: no lesson 42",
        "s3: no lesson 13",
    ], problems
    for name in ("02_a.ipynb", "03_a.ipynb", "05_a.ipynb"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    links = link_problems(SYNTHETIC, tmp_path)
    assert len(links) == 1 and "99_b.ipynb" in links[0], links


def test_navigation_and_internal_checkers_find_bad_references():
    order = ["02_a.ipynb", "03_a.ipynb", "04_a.ipynb"]
    assert navigation_problems(SYNTHETIC, "03_a.ipynb", order) == [
        "nav: Next is 05_a.ipynb, not 04_a.ipynb"
    ]
    problems = internal_reference_problems(SYNTHETIC)
    assert [p.split(":")[1].strip() for p in problems] == [
        "an issue number",
        "an issue number",
        "changelog narration",
    ], problems
    clean = _synthetic(("m", "markdown", "The symbols used to draw it; # 1. a comment; ## 2. x"))
    assert internal_reference_problems(clean) == []


def test_header_time_checker():
    assert header_seconds(SYNTHETIC) == 120.0
    for text, seconds in [
        ("about 1 minute 15 seconds on a 2-core CPU", 75.0),
        ("about 2.4 minutes on a 2-core CPU", 144.0),
        ("about 25 seconds on a 2-core CPU (most of it starting TensorFlow)", 25.0),
    ]:
        assert header_seconds(_synthetic(("h", "markdown", text))) == pytest.approx(seconds)
    assert header_seconds(_synthetic(("h", "markdown", "no time here"))) is None
    assert header_time_problem(60.0, 58.6) is None
    assert header_time_problem(25.0, 4.1) is None  # within 30 s
    assert header_time_problem(120.0, 28.0) is not None
    assert header_time_problem(270.0, 146.6) is not None  # 35 % of 146.6 s is 51 s


# ---- the lessons ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notebooks() -> dict[str, dict]:
    return {p.name: load(p) for p in PATHS}


def test_lessons_are_numbered_00_to_11():
    assert LESSONS == [f"{n:02d}" for n in range(12)], LESSONS


@pytest.mark.parametrize("path", PATHS, ids=[p.name[:2] for p in PATHS])
def test_section_references_resolve(path, notebooks):
    sections = {name[:2]: section_numbers(nb) for name, nb in notebooks.items()}
    problems = section_reference_problems(notebooks[path.name], path.name[:2], sections)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PATHS, ids=[p.name[:2] for p in PATHS])
def test_lesson_references_and_links_resolve(path, notebooks):
    nb = notebooks[path.name]
    problems = lesson_reference_problems(nb, set(LESSONS)) + link_problems(nb, NOTEBOOKS)
    problems += navigation_problems(nb, path.name, [p.name for p in PATHS])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PATHS, ids=[p.name[:2] for p in PATHS])
def test_no_project_internal_references(path, notebooks):
    problems = internal_reference_problems(notebooks[path.name])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PATHS, ids=[p.name[:2] for p in PATHS])
def test_header_time_matches_measurement(path, notebooks):
    nb = notebooks[path.name]
    header = _source(nb["cells"][0])
    assert f"Lesson {path.name[:2]}**" in header, "the header names another lesson"
    stated = header_seconds(nb)
    assert stated is not None, "no 'about N minutes on a 2-core CPU' in the first cell"
    measured = measured_seconds()
    assert path.name in measured, f"{path.name} has no row in {TIMES_CSV.name}"
    problem = header_time_problem(stated, measured[path.name])
    assert problem is None, problem
