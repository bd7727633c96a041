"""The nbval policy, in one place: which notebook cells are not compared, and why.

nbval compares every cell's text output with the committed one. A learner's laptop (another CPU,
another SIMD path in NumPy's `exp` and `tanh`, another BLAS, Python 3.10-3.13) computes other
last bits, and training turns last bits into other losses and accuracies. So:

1. Compared exactly: what no platform can move. Shapes, counts, exact equalities and their
   booleans, integer results, data summaries and checksums, samples drawn by NumPy's integer
   generator, and floats from a few exact operations printed at the precision the claim needs.
2. Not compared: what training or long floating-point reductions produce (losses, accuracies,
   MAEs, bits per character, gate statistics of trained networks, generated text), timings,
   and versions or devices of the machine. Such a cell starts with `# NBVAL_IGNORE_OUTPUT`,
   its second line says `# Not compared: <why>`, and it is listed in `IGNORED` below.
3. A claim in an ignored cell is still checked: by an `assert` in that cell or in the next code
   cell, holding for LSTM_COURSE_SEED=0, 1 and 2 (CI re-runs every notebook with seed 1 on the
   AVX2-only path, `make nbval-seed`). Only `DISPLAY_ONLY` cells make no claim.

Adding an ignored cell means adding it here, with its reason: the review of that line is the
review of what the course stops comparing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"
REASON_PREFIX = "# Not compared:"

# notebook -> {cell id: why its output is not compared}
IGNORED: dict[str, dict[str, str]] = {
    "00_welcome.ipynb": {
        "cell-04": "versions differ between Python 3.10 and 3.13",
        "cell-06": "machines differ in cores and GPUs",
    },
}

# Ignored cells that make no claim, so need no assert: they only show the machine.
DISPLAY_ONLY = {("00_welcome.ipynb", "cell-04"), ("00_welcome.ipynb", "cell-06")}

# A seed written as a bare number is one that LSTM_COURSE_SEED does not reach:
# `seed=3)`, `default_rng(3)`, `set_random_seed(0)` (but `seed=1000 * SEED + gap` is fine).
LITERAL_SEED = re.compile(
    r"\bseed\s*=\s*\d+\s*[,)]|default_rng\(\s*\d+\s*\)|set_random_seed\(\s*\d+\s*\)"
)


def _code_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _ignored_cells(path: Path) -> dict[str, str]:
    """{cell id: second line} of every code cell whose first line is the nbval ignore marker."""
    found = {}
    for cell in _code_cells(path):
        lines = _source(cell).splitlines()
        if lines and lines[0].strip() == IGNORE_MARKER:
            found[cell["id"]] = lines[1].strip() if len(lines) > 1 else ""
    return found


NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_ignored_cells_are_the_listed_ones(path):
    found = _ignored_cells(path)
    listed = IGNORED.get(path.name, {})
    assert sorted(found) == sorted(listed), (
        f"{path.name}: cells marked {IGNORE_MARKER} {sorted(found)} differ from the ones "
        f"tests/test_nbval_policy.py lists {sorted(listed)}: add or remove them there, with why"
    )


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_marker_is_a_first_line_with_a_reason(path):
    for cell in _code_cells(path):
        lines = _source(cell).splitlines()
        marked_later = any(line.strip() == IGNORE_MARKER for line in lines[1:])
        assert not marked_later, f"{path.name} {cell['id']}: the marker must be the first line"
        if lines and lines[0].strip() == IGNORE_MARKER:
            assert len(lines) > 1 and lines[1].startswith(REASON_PREFIX), (
                f"{path.name} {cell['id']}: the second line must say '{REASON_PREFIX} <why>'"
            )


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_claims_of_ignored_cells_are_asserted(path):
    cells = _code_cells(path)
    for k, cell in enumerate(cells):
        source = _source(cell)
        if not source.startswith(IGNORE_MARKER) or (path.name, cell["id"]) in DISPLAY_ONLY:
            continue
        following = _source(cells[k + 1]) if k + 1 < len(cells) else ""
        assert re.search(r"^\s*assert\b|np\.testing\.assert", source + "\n" + following, re.M), (
            f"{path.name} {cell['id']}: an output nbval does not compare must keep its claim as "
            "an assert, in this cell or the next one"
        )


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_every_seed_comes_from_the_course_seed(path):
    cells = _code_cells(path)
    first = _source(cells[0])
    assert "SEED = setup_notebook(" in first and "seed=" not in first, (
        f"{path.name}: the first code cell must be `SEED = setup_notebook()` (the seed comes "
        "from LSTM_COURSE_SEED)"
    )
    for cell in cells:
        match = LITERAL_SEED.search(_source(cell))
        assert match is None, (
            f"{path.name} {cell['id']}: {match.group(0)!r} is a seed LSTM_COURSE_SEED does not "
            "reach: derive it from SEED"
        )


def test_policy_lists_only_existing_cells():
    for name, cells in IGNORED.items():
        path = NOTEBOOKS / name
        assert path.is_file(), f"IGNORED names {name}, which is not in notebooks/"
        ids = {c["id"] for c in _code_cells(path)}
        assert set(cells) <= ids, f"{name}: IGNORED lists cells that do not exist"
    assert DISPLAY_ONLY <= {(n, c) for n, cells in IGNORED.items() for c in cells}


def test_make_test_compares_outputs():
    makefile = (NOTEBOOKS.parent / "Makefile").read_text()
    nbval_rule = makefile.split("\nnbval:", 1)[1].split("\n\n", 1)[0]
    assert "--nbval-lax" not in nbval_rule and "$(NBVAL_FLAGS)" in nbval_rule
    assert "--nbval " in makefile.split("NBVAL_FLAGS :=", 1)[1].split("\n", 1)[0] + " "
