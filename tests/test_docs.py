"""The documents stay true where a test can check them.

- README.md stays short enough for a learner (MAX_README_LINES).
- Every relative link in README.md, CONTRIBUTING.md, docs/*.md and benchmarks/README.md points
  at a file or folder that exists, and a `#anchor` at a heading of its target.
- README's lessons table lists every notebook, in order, each linked, with the Run time that
  `make bench` measured (benchmarks/results/notebook_times.csv, the kernel's CPU seconds).
- docs/architecture.md's package tree lists exactly the modules of `lstm_course`, each with the
  lesson its docstring opens with.

The first tests run each checker on a small bad example, so a checker that finds nothing fails.
"""

from __future__ import annotations

import ast
import csv
import pkgutil
import re
from pathlib import Path

import lstm_course
from benchmarks.__main__ import format_duration

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = [README, ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
DOCS.append(ROOT / "benchmarks" / "README.md")
ARCHITECTURE = ROOT / "docs" / "architecture.md"
TIMES_CSV = ROOT / "benchmarks" / "results" / "notebook_times.csv"
MAX_README_LINES = 150

FENCE = re.compile(r"^```.*?^```[^\n]*$", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.MULTILINE)
LESSON_ROW = re.compile(
    r"^\| *(?P<number>\d\d) *\| *\[[^\]]+\]\((?P<target>notebooks/[^)]+)\) *\|"
    r".*\| *(?P<time>[^|]*?) *\|$"
)
TREE_ENTRY = re.compile(
    r"^(?P<indent>(?:│   |    )*)[├└]── (?P<name>\S+)(?: +(?P<lesson>\d\d(?:-\d\d)?)(?= ))?"
)
DOCSTRING_LESSON = re.compile(r"^Lessons? (\d\d)(?: ?[-–] ?(\d\d))?\b")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading's anchor, duplicates numbered as GitHub numbers them."""
    seen: dict[str, int] = {}
    result = set()
    for heading in HEADING.findall(FENCE.sub("", text)):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        result.add(base if n == 0 else f"{base}-{n}")
    return result


def broken_links(path: Path, text: str) -> list[str]:
    """The relative links of a Markdown file (outside code blocks) that resolve to nothing."""
    problems = []
    for target in LINK.findall(FENCE.sub("", text)):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        where = (path.parent / file).resolve() if file else path
        if file and not where.exists():
            problems.append(f"{path.name}: {target} does not exist")
        elif anchor and where.suffix == ".md":
            if anchor not in anchors(read(where) if file else text):
                problems.append(f"{path.name}: {target} names no heading of {where.name}")
    return problems


def lessons_table_problems(text: str, notebooks: list[str], seconds: dict[str, float]) -> list:
    """What README's lessons table gets wrong: missing, extra or unordered lessons, numbers
    that do not match their notebook, links that do not resolve, run times not measured."""
    rows = [m for line in text.splitlines() if (m := LESSON_ROW.match(line))]
    listed = [Path(m["target"]).name for m in rows]
    problems = [] if listed == notebooks else [f"the table lists {listed}, not {notebooks}"]
    for m in rows:
        name = Path(m["target"]).name
        if not name.startswith(m["number"] + "_"):
            problems.append(f"row {m['number']} links {name}")
        if not (ROOT / m["target"]).is_file():
            problems.append(f"row {m['number']}: {m['target']} does not exist")
        if name in seconds and m["time"] != format_duration(seconds[name]):
            expected = format_duration(seconds[name])
            problems.append(f"row {m['number']}: Run time {m['time']!r}, measured {expected!r}")
    return problems


def tree_block(text: str) -> str:
    """The fenced block under the '## Package tree' heading."""
    section = text[text.index("## Package tree") :]
    start = section.index("```\n") + len("```\n")
    return section[start : section.index("```", start)]


def tree_modules(tree: str) -> dict[str, str | None]:
    """{dotted module or package name: the lesson its line gives, or None} from the tree."""
    modules: dict[str, str | None] = {}
    folders: list[str] = []  # the folders above the current line
    for line in tree.splitlines():
        entry = TREE_ENTRY.match(line)
        if not entry:
            continue
        depth = len(entry["indent"]) // 4
        folders = folders[:depth]
        name = entry["name"]
        if name.endswith("/"):
            folders.append(name.rstrip("/"))
        elif name.endswith(".py"):
            for k in range(1, len(folders) + 1):  # a folder holding Python code is a package
                modules.setdefault(".".join(["lstm_course", *folders[:k]]), None)
            if name != "__init__.py":
                modules[".".join(["lstm_course", *folders, name[:-3]])] = entry["lesson"]
    return modules


def package_modules() -> dict[str, Path]:
    """{dotted name: source file} of every module and subpackage of lstm_course."""
    found = {}
    for info in pkgutil.walk_packages(lstm_course.__path__, "lstm_course."):
        folder = Path(info.module_finder.path)
        last = info.name.rsplit(".", 1)[1]
        found[info.name] = folder / last / "__init__.py" if info.ispkg else folder / f"{last}.py"
    return found


def docstring_lesson(source: Path) -> str | None:
    """'04' or '08-11' from a docstring opening "Lesson 04: ..." or "Lessons 08-11: ..."."""
    docstring = ast.get_docstring(ast.parse(read(source))) or ""
    match = DOCSTRING_LESSON.match(docstring)
    if not match:
        return None
    return match[1] if match[2] is None else f"{match[1]}-{match[2]}"


def tree_problems(listed: dict[str, str | None], found: dict[str, Path]) -> list[str]:
    problems = [f"{name} is not in the tree" for name in sorted(set(found) - set(listed))]
    extra = sorted(set(listed) - set(found))
    problems += [f"{name} is in the tree, not in the package" for name in extra]
    for name in sorted(set(listed) & set(found)):
        if found[name].name == "__init__.py":
            continue  # a folder's line describes its role, not one lesson
        lesson = docstring_lesson(found[name])
        if listed[name] != lesson:
            problems.append(f"{name}: the tree says lesson {listed[name]}, its docstring {lesson}")
    return problems


# The checkers find what they should.


def test_link_checker_finds_missing_files_and_anchors(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## Known heading\n", encoding="utf-8")
    doc = tmp_path / "doc.md"
    text = (
        "[ok](other.md) [ok](other.md#known-heading) [web](https://example.org/x)\n"
        "[gone](missing.md) [bad anchor](other.md#unknown) [self](#nowhere)\n"
        "```\n[in code](not-checked.md)\n```\n"
    )
    assert broken_links(doc, text) == [
        "doc.md: missing.md does not exist",
        "doc.md: other.md#unknown names no heading of other.md",
        "doc.md: #nowhere names no heading of doc.md",
    ]


def test_slugs_follow_github():
    assert slug("What nbval compares") == "what-nbval-compares"
    assert slug("`make bench`: speed and run times") == "make-bench-speed-and-run-times"
    assert anchors("# A\n## A\n") == {"a", "a-1"}


def test_lessons_table_checker_finds_a_missing_row_and_a_wrong_time():
    notebooks = ["00_welcome.ipynb", "01_rnn_from_scratch.ipynb", "02_why_rnns_forget.ipynb"]
    seconds = dict(zip(notebooks, [7.3, 71.45, 130.0], strict=True))
    rows = [
        f"| {n[:2]} | [{n}](notebooks/{n}) | what you do | {format_duration(s)} |"
        for n, s in seconds.items()
    ]
    assert lessons_table_problems("\n".join(rows), notebooks, seconds) == []
    assert lessons_table_problems("\n".join(rows[::2]), notebooks, seconds) == [
        "the table lists ['00_welcome.ipynb', '02_why_rnns_forget.ipynb'], not " + str(notebooks)
    ]
    swapped = [rows[0], rows[2], rows[1]]
    assert lessons_table_problems("\n".join(swapped), notebooks, seconds)
    slower = [rows[0].replace("| 7 s |", "| 8 s |"), *rows[1:]]
    assert lessons_table_problems("\n".join(slower), notebooks, seconds) == [
        "row 00: Run time '8 s', measured '7 s'"
    ]
    misnumbered = [rows[0].replace("| 00 |", "| 01 |", 1), *rows[1:]]
    assert lessons_table_problems("\n".join(misnumbered), notebooks, seconds) == [
        "row 01 links 00_welcome.ipynb"
    ]


def test_tree_checker_finds_missing_extra_and_mislabelled_modules(tmp_path):
    tree = (
        "lstm_course/\n"
        "├── __init__.py          the version\n"
        "├── nets/                the networks\n"
        "│   ├── rnn.py      01   the RNN\n"
        "│   └── old.py      02   gone from the package\n"
        "└── data/                not code: no package\n"
        "    └── files/           data\n"
    )
    listed = tree_modules(tree)
    assert listed == {
        "lstm_course.nets": None,
        "lstm_course.nets.rnn": "01",
        "lstm_course.nets.old": "02",
    }
    (tmp_path / "rnn.py").write_text('"""Lesson 04: the RNN."""\n', encoding="utf-8")
    (tmp_path / "lstm.py").write_text('"""Lessons 04-05: the LSTM."""\n', encoding="utf-8")
    found = {
        "lstm_course.nets": tmp_path / "__init__.py",
        "lstm_course.nets.rnn": tmp_path / "rnn.py",
        "lstm_course.nets.lstm": tmp_path / "lstm.py",
    }
    assert docstring_lesson(tmp_path / "lstm.py") == "04-05"
    assert sorted(tree_problems(listed, found)) == [
        "lstm_course.nets.lstm is not in the tree",
        "lstm_course.nets.old is in the tree, not in the package",
        "lstm_course.nets.rnn: the tree says lesson 01, its docstring 04",
    ]


# The documents.


def test_readme_is_short():
    lines = len(read(README).splitlines())
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; move detail to CONTRIBUTING.md"


def test_every_document_exists_and_its_links_resolve():
    problems = [p for doc in DOCS for p in broken_links(doc, read(doc))]
    assert not problems, "\n".join(problems)


def test_readme_links_every_document():
    text = read(README)
    for doc in DOCS[1:]:
        assert f"]({doc.relative_to(ROOT).as_posix()})" in text, f"README.md does not link {doc}"


def test_lessons_table_lists_every_notebook_in_order_with_its_measured_time():
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    with TIMES_CSV.open(encoding="utf-8", newline="") as f:
        seconds = {row["notebook"]: float(row["seconds"]) for row in csv.DictReader(f)}
    assert set(notebooks) <= set(seconds), f"{TIMES_CSV.name} lacks a notebook: make bench"
    problems = lessons_table_problems(read(README), notebooks, seconds)
    assert not problems, "\n".join(problems)


def test_architecture_tree_lists_exactly_the_package_modules():
    problems = tree_problems(tree_modules(tree_block(read(ARCHITECTURE))), package_modules())
    assert not problems, "\n".join(problems)
