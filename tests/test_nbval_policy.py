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
   cell, holding for LSTM_COURSE_SEED=0 to 4 (CI re-runs every notebook with seed 1 on the
   AVX2-only path, `make nbval-seed`; the other seeds are checked before a change is
   committed). Only `DISPLAY_ONLY` cells make no claim.

Adding an ignored cell means adding it here, with its reason: the review of that line is the
review of what the course stops comparing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from make_runner import run_make

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"
REASON_PREFIX = "# Not compared:"

# Why an output is not compared (each cell's second line says it in its own words).
TRAINED = "produced by training: moves with the CPU's SIMD path and with the seed"
LONG_FLOAT = "a long floating-point recurrence or product: its last digits move with the CPU"
ROUNDING = "gradient-check relative errors: rounding noise, different on every CPU"
TIMING = "wall-clock time: depends on the machine and on what else it runs"
MACHINE = "versions and devices: differ between machines and Python versions"

# notebook -> {cell id: (why its output is not compared, id of the cell asserting its claim)}.
# The asserting cell is the ignored cell itself or a later one; None only for MACHINE cells,
# which show the machine and make no claim.
IGNORED: dict[str, dict[str, tuple[str, str | None]]] = {
    "00_welcome.ipynb": {
        "cell-04": (MACHINE, None),
        "cell-06": (MACHINE, None),
    },
    "01_rnn_from_scratch.ipynb": {
        "cell-26": (ROUNDING, "cell-26"),
        "cell-38": (TRAINED, "cell-40"),
        "cell-43": (TRAINED, "cell-43"),
        "cell-45": (TRAINED, "cell-45"),
        "first-subject": (TRAINED, "first-subject"),
        "longer": (TRAINED, "longer"),
        "cell-49": (TRAINED, "cell-49"),
        "cell-52": (TRAINED, "cell-52"),
    },
    "02_why_rnns_forget.ipynb": {
        "cell-12": (LONG_FLOAT, "cell-12"),
        "cell-17": (TRAINED, "cell-17"),
        "cell-20": (TRAINED, "cell-20"),
        "cell-22": (TRAINED, "cell-22"),
    },
    "04_lstm_from_scratch.ipynb": {
        "cell-08": (ROUNDING, "cell-08"),
        "cell-16": (LONG_FLOAT, "cell-18"),
        "4317039b": (TRAINED, "cell-24"),
        "cell-24": (TRAINED, "cell-24"),
    },
    "05_keras_lstm_cell.ipynb": {
        "cell-14-values": (LONG_FLOAT, "cell-14-values"),
        "cell-22": (TRAINED, "cell-22"),
    },
    "06_keras_layers_lstm.ipynb": {
        "cell-06": (LONG_FLOAT, "cell-06"),
        "cell-25": (TIMING, "cell-25"),
        "own-cell-11": (TRAINED, "own-cell-11"),
        "own-cell-19": (LONG_FLOAT, "own-cell-19"),
    },
    "07_inside_the_lstm.ipynb": {
        "cell-07": (TRAINED, "cell-08"),
        "cell-08": (TRAINED, "cell-08"),
        "cell-12": (TRAINED, "cell-12"),
        "cell-19": (TRAINED, "cell-19"),
        "cell-21": (TRAINED, "cell-21"),
        "per-subject": (TRAINED, "per-subject"),
        "cell-25": (TRAINED, "cell-26"),
    },
    "08_time_series_forecasting.ipynb": {
        "cell-31": (TRAINED, "cell-33"),
        "cell-33": (TRAINED, "cell-33"),
        "cell-35": (TRAINED, "cell-35"),
        "cell-35c": (TRAINED, "cell-35c"),
        "cell-37": (TRAINED, "cell-37"),
        "cell-41": (TRAINED, "cell-41"),
        "select-epochs": (TRAINED, "cell-43a"),
        "cell-43a": (TRAINED, "cell-43a"),
        "cheap-settings": (TRAINED, "cheap-settings"),
        "per-year": (TRAINED, "per-year"),
    },
    "09_text_generation.ipynb": {
        "cell-20": (TIMING, "cell-20"),
        "cell-23": (TRAINED, "cell-23"),
        "long-run": (TRAINED, "long-run"),
        "adaptive": (TRAINED, "adaptive"),
        "cell-27": (TRAINED, "cell-27"),
        "cell-28b": (TRAINED, "cell-28b"),
        "cell-34": (TRAINED, "cell-34"),
        "cell-36": (TRAINED, "cell-36"),
        "cell-36b": (TRAINED, "cell-36b"),
    },
    "10_long_memory_benchmark.ipynb": {
        "cell-13": (TRAINED, "cell-20"),
        "cell-14": (TRAINED, "cell-14"),
        "cell-15": (TIMING, "cell-15"),
        "cell-17": (TRAINED, "cell-20"),
        "cell-22": (TRAINED, "cell-22"),
        "cell-22f": (TRAINED, "cell-22f2"),
    },
    "11_where_the_lstm_stands.ipynb": {
        "cell-15": (TRAINED, "cell-23"),
        "cell-15b": (TRAINED, "cell-23"),
        "cell-18": (TRAINED, "cell-23"),
        "cell-21": (TRAINED, "cell-23"),
        "cell-23": (TRAINED, "cell-23"),
        "cell-24": (TIMING, "cell-24"),
    },
}

DISPLAY_ONLY = {
    (name, cell)
    for name, cells in IGNORED.items()
    for cell, (why, _) in cells.items()
    if why == MACHINE
}

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
    order = [cell["id"] for cell in _code_cells(path)]
    sources = {cell["id"]: _source(cell) for cell in _code_cells(path)}
    for cell, (why, where) in IGNORED.get(path.name, {}).items():
        assert why in (TRAINED, LONG_FLOAT, ROUNDING, TIMING, MACHINE)
        if (path.name, cell) in DISPLAY_ONLY:
            assert not re.search(r"^\s*assert\b", sources.get(cell, ""), re.M), (
                f"{path.name} {cell} asserts a claim: name the asserting cell instead of None"
            )
            continue
        assert where in sources and order.index(where) >= order.index(cell), (
            f"{path.name} {cell}: its claim must be asserted in it or in a later cell, not {where}"
        )
        assert re.search(r"^\s*assert\b|np\.testing\.assert", sources[where], re.M), (
            f"{path.name} {cell}: the cell {where} named as asserting its claim has no assert"
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
    assert DISPLAY_ONLY == {("00_welcome.ipynb", "cell-04"), ("00_welcome.ipynb", "cell-06")}


def _make_dry_run(target: str) -> list[str]:
    """The pytest commands `make -n target` would run (make prints them without running)."""
    return [line for line in run_make("-n", target).splitlines() if " -m pytest " in line]


def test_make_test_compares_outputs():
    (nbval,) = [c for c in _make_dry_run("test") if "--nbval" in c]
    assert " --nbval " in nbval and "--nbval-lax" not in nbval, nbval
    assert " notebooks/" in nbval, f"`make test` runs nbval on no notebook: {nbval}"


def test_make_nbval_seed_runs_every_assert_with_the_seed():
    (command,) = _make_dry_run("nbval-seed")
    assert "LSTM_COURSE_SEED=1 " in command and " --nbval-lax " in command, command
