"""The claims register (CLAIMS.md) points at cells that exist and assert.

Every row of CLAIMS.md names, in its "Asserted in" column, the code cells (`NN#cell-id`, several
separated by commas) whose `assert` checks the claim. A cell renamed or deleted in a notebook, or
an assert removed from it, leaves the register pointing at nothing: these tests fail then.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "CLAIMS.md"
NOTEBOOKS = ROOT / "notebooks"
COLUMNS = ["Claim", "Asserted in", "Controls and ablations", "Falsified by", "Red team"]
REFERENCE = re.compile(r"^(\d\d)#([A-Za-z0-9_-]+)$")
ASSERTS = re.compile(r"^\s*(assert\b|np\.testing\.assert_)", re.MULTILINE)


def register_rows(text: str) -> list[dict[str, str]]:
    """The rows of every table in `text` whose header is COLUMNS, as {column: cell text}.

    Raises ValueError for a table with other columns or a row with another number of cells.
    """
    rows, header = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            if cells != COLUMNS:
                raise ValueError(f"line {number}: a table's columns must be {COLUMNS}, got {cells}")
            header = cells
        elif set("".join(cells)) <= set("-: "):
            continue  # the |---|---| line
        elif len(cells) != len(COLUMNS):
            raise ValueError(f"line {number}: {len(COLUMNS)} cells expected, got {len(cells)}")
        else:
            rows.append({**dict(zip(COLUMNS, cells, strict=True)), "line": str(number)})
    return rows


def _notebook_cells(lesson: str) -> dict[str, str]:
    """{cell id: source} of the code cells of notebook `lesson` (two digits)."""
    paths = sorted(NOTEBOOKS.glob(f"{lesson}_*.ipynb"))
    if len(paths) != 1:
        raise LookupError(f"no single notebook numbered {lesson} in notebooks/")
    cells = json.loads(paths[0].read_text(encoding="utf-8"))["cells"]
    return {
        c["id"]: "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "code"
    }


def reference_problems(asserted_in: str) -> list[str]:
    """What is wrong with one row's "Asserted in" cell: [] when every reference asserts."""
    problems = []
    refs = [r.strip().strip("`") for r in asserted_in.split(",") if r.strip()]
    if not refs:
        return ["no cell named"]
    for ref in refs:
        match = REFERENCE.match(ref)
        if not match:
            problems.append(f"{ref!r} is not NN#cell-id")
            continue
        lesson, cell_id = match.groups()
        try:
            cells = _notebook_cells(lesson)
        except LookupError as err:
            problems.append(str(err))
            continue
        if cell_id not in cells:
            problems.append(f"{ref}: no code cell with this id")
        elif not ASSERTS.search(cells[cell_id]):
            problems.append(f"{ref}: the cell has no assert")
    return problems


ROWS = register_rows(REGISTER.read_text(encoding="utf-8"))


def test_the_register_has_rows():
    assert len(ROWS) >= 10, "CLAIMS.md lists the lessons' claims"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"line{r['line']}")
def test_every_claim_names_a_cell_that_asserts_it(row):
    assert reference_problems(row["Asserted in"]) == [], row["Claim"]
    for column in ("Claim", "Controls and ablations", "Falsified by", "Red team"):
        assert row[column], f"CLAIMS.md line {row['line']}: {column!r} is empty"


def test_a_broken_reference_is_found():
    cells = _notebook_cells("01")
    with_assert = next(i for i, s in cells.items() if ASSERTS.search(s))
    without = next(i for i, s in cells.items() if not ASSERTS.search(s))
    assert reference_problems(f"01#{with_assert}") == []
    assert reference_problems(f"01#{without}") == [f"01#{without}: the cell has no assert"]
    assert reference_problems("01#no-such-cell") == ["01#no-such-cell: no code cell with this id"]
    assert reference_problems("99#cell-01") == ["no single notebook numbered 99 in notebooks/"]
    assert reference_problems("cell-01") == ["'cell-01' is not NN#cell-id"]
    assert reference_problems("") == ["no cell named"]


def test_a_malformed_table_is_refused():
    good = "| " + " | ".join(COLUMNS) + " |\n|---|---|---|---|---|\n| a | 01#x | c | d | e |\n"
    assert [r["Asserted in"] for r in register_rows(good)] == ["01#x"]
    with pytest.raises(ValueError, match="columns must be"):
        register_rows("| Claim | Cell |\n|---|---|\n")
    with pytest.raises(ValueError, match="5 cells expected"):
        register_rows(good + "| only | three | cells |\n")
