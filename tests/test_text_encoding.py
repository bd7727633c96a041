"""Every text file the course reads or writes is read and written as UTF-8, on every platform.

Python's default text encoding is the platform's: UTF-8 on Linux and macOS, the ANSI code page
(cp1252) on Windows. A `read_text()` without `encoding=` works here and breaks on a Windows
machine at the first non-ASCII character (the notebooks and the README hold many: "—", "×",
"≈"). So every text read or write in the package, tests, benchmarks, solutions, tools, the root
conftest.py and the notebooks' code cells names its encoding. An AST scan finds the calls that do
not:

- `read_text()` / `write_text()` without an encoding;
- `open()` / `Path.open()` in a text mode (no "b" in the mode, or no mode at all) without an
  encoding (`os.open` works on file descriptors and has none);
- `NamedTemporaryFile` / `TemporaryFile` / `SpooledTemporaryFile` in a text mode without one;
- any call with `text=True` or `universal_newlines=True` (subprocess.run, Popen, check_output)
  without an encoding: the child's output is decoded with the platform's encoding too.

(ruff's PLW1514 is a preview rule and finds only `open()`.) The first test runs the scan on a
synthetic file with each kind of call, so a scan that finds nothing fails.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("lstm_course", "tests", "benchmarks", "solutions", "tools")
ROOT_FILES = ("conftest.py",)
TEMPFILES = {"NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"}


def _constant(node: ast.expr | None) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_text_mode(mode: ast.expr | None) -> bool:
    """True unless the mode is a constant holding "b" (an unknown mode counts as text)."""
    value = _constant(mode)
    return not (isinstance(value, str) and "b" in value)


def _unencoded(call: ast.Call) -> str | None:
    """What kind of text I/O `call` is when it names no encoding, else None."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if _keyword(call, "encoding") is not None:
        return None
    if any(_constant(_keyword(call, k)) is True for k in ("text", "universal_newlines")):
        return f"{name}(text=True)"
    if name == "read_text" and not call.args:  # Path.read_text(encoding=None, errors=None)
        return "read_text"
    if name == "write_text" and len(call.args) < 2:  # Path.write_text(data, encoding=None, ...)
        return "write_text"
    if name == "open":
        if isinstance(func, ast.Attribute) and getattr(func.value, "id", None) == "os":
            return None  # os.open: a file descriptor, bytes only
        # open(file, mode, buffering, encoding); Path.open(mode, buffering, encoding)
        method = isinstance(func, ast.Attribute)
        positional = call.args[0 if method else 1 :]
        if len(positional) >= 3:
            return None
        mode = _keyword(call, "mode") or (positional[0] if positional else ast.Constant("r"))
        return f"open(mode={_constant(mode)!r})" if _is_text_mode(mode) else None
    if name in TEMPFILES:
        mode = _keyword(call, "mode") or (call.args[0] if call.args else ast.Constant("w+b"))
        return f"{name}(mode={_constant(mode)!r})" if _is_text_mode(mode) else None
    return None


def scan(source: str, label: str) -> list[str]:
    """`label:line what` for every text read or write in `source` that names no encoding."""
    calls = sorted(
        (node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)),
        key=lambda node: (node.lineno, node.col_offset),
    )
    return [f"{label}:{call.lineno} {kind}" for call in calls if (kind := _unencoded(call))]


def python_files() -> list[Path]:
    files = [ROOT / name for name in ROOT_FILES if (ROOT / name).is_file()]
    for folder in FOLDERS:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def notebook_code_cells() -> list[tuple[str, str]]:
    """(label, source) of every notebook code cell, IPython magics and shell lines blanked."""
    cells = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            lines = "".join(cell["source"]).splitlines()
            code = "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in lines)
            cells.append((f"notebooks/{path.name} cell {cell['id']}", code))
    return cells


SYNTHETIC = """\
import os, subprocess, tempfile
from pathlib import Path
p = Path("x")
p.read_text()                                      # 4
p.write_text("é")                                  # 5
open("x")                                          # 6
open("x", "w")                                     # 7
p.open()                                           # 8
p.open(mode="a")                                   # 9
subprocess.run(["ls"], text=True)                  # 10
subprocess.Popen(["ls"], universal_newlines=True)  # 11
tempfile.NamedTemporaryFile("w")                   # 12
open("x", mode)                                    # 13
# Each of these names its encoding or is binary: not reported.
p.read_text(encoding="utf-8"); p.read_text("utf-8")
p.write_text("é", encoding="utf-8"); p.write_text("é", "utf-8")
open("x", "rb"); open("x", mode="wb"); open("x", "w", -1, "utf-8"); p.open("rb")
p.open(encoding="utf-8"); open("x", encoding="utf-8")
os.open("x", os.O_RDONLY)
subprocess.run(["ls"], text=True, encoding="utf-8"); subprocess.run(["ls"], capture_output=True)
tempfile.NamedTemporaryFile(); tempfile.TemporaryFile("w", encoding="utf-8")
"""


def test_the_scan_finds_every_kind_of_unencoded_text_io():
    found = scan(SYNTHETIC, "synthetic")
    assert [int(f.split(":")[1].split()[0]) for f in found] == list(range(4, 14)), found
    assert found[-1] == "synthetic:13 open(mode=None)"  # a mode only known at run time


def test_python_files_name_the_encoding_of_their_text_io():
    files = python_files()
    assert len(files) > 100 and ROOT / "tests" / "conftest.py" in files  # the walk found them
    hits = [
        hit
        for path in files
        for hit in scan(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert hits == [], 'add encoding="utf-8":\n' + "\n".join(hits)


def test_notebook_code_cells_name_the_encoding_of_their_text_io():
    cells = notebook_code_cells()
    assert len(cells) > 200  # every lesson's code cells
    hits = [hit for label, code in cells for hit in scan(code, label)]
    assert hits == [], 'add encoding="utf-8":\n' + "\n".join(hits)
