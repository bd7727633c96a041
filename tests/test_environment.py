"""The environment the course installs: pins, declared dependencies, make targets, the check.

The environment check lesson 00 runs reports each problem in a sentence that says how to fix it.
requirements.txt (the lessons) and requirements-dev.txt (plus the test tools) pin exact versions;
pyproject.toml declares the same packages as ranges; every third-party import is declared.
"""

import ast
import json
import re
import sys
from importlib import metadata

import pytest
from make_runner import run_make
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from lstm_course.course import environment
from lstm_course.course.checkout import NOTEBOOKS, ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pinned in requirements-dev.txt for Python 3.10
    import tomli as tomllib


def test_pins_parse_requirements(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text(
        "# comment\nnumpy==1.2.3  # why\n\npytest==9.0\nunpinned-package\n", encoding="utf-8"
    )
    assert environment.pinned_versions(req) == {"numpy": "1.2.3", "pytest": "9.0"}


def test_pins_follow_environment_markers(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text(
        'numpy==9.9; python_version < "3.0"\n'
        'numpy==1.2.3; python_version >= "3.0"\n'
        'pandas==2.0; sys_platform == "no-such-platform"\n',
        encoding="utf-8",
    )
    assert environment.pinned_versions(req) == {"numpy": "1.2.3"}


def test_pins_follow_included_files(tmp_path):
    (tmp_path / "requirements.txt").write_text("numpy==1.2.3\n", encoding="utf-8")
    dev = tmp_path / "requirements-dev.txt"
    dev.write_text("-r requirements.txt\npytest==9.0  # tests\n", encoding="utf-8")
    assert environment.pinned_versions(dev) == {"numpy": "1.2.3", "pytest": "9.0"}


def test_missing_requirements_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="requirements.txt not found"):
        environment.pinned_versions(tmp_path / "requirements.txt")


def test_version_problems_name_the_fix():
    problems = environment.version_problems(
        {"numpy": "0.0.1", "surely-not-an-installed-package": "1.0"}
    )
    assert len(problems) == 2
    assert "numpy is" in problems[0] and "tested with 0.0.1" in problems[0]
    assert "is not installed" in problems[1] and "make lab" in problems[1]


def test_repository_pins_are_installed():
    """The lessons' pins and the test tools' pins (the tests run in a `make test` venv)."""
    pins = environment.pinned_versions(environment.DEV_REQUIREMENTS)
    assert environment.pinned_versions().items() <= pins.items()
    assert environment.version_problems(pins) == []


def test_kernel_outside_the_venv_is_reported(monkeypatch):
    monkeypatch.setattr(environment.sys, "prefix", "/usr")
    (problem,) = environment.kernel_problems()
    assert "Python (lstm-course)" in problem


def test_setup_limits_blas_to_one_thread():
    from threadpoolctl import threadpool_info

    from lstm_course.course.setup import limit_blas_threads

    limit_blas_threads(1)
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    assert blas and all(i["num_threads"] == 1 for i in blas)


def test_data_sources_load():
    assert environment.data_problems() == []


def test_missing_data_file_is_reported(monkeypatch, tmp_path):
    import lstm_course.datasets.co2 as datasets

    monkeypatch.setattr(datasets, "DATA", tmp_path)
    (problem,) = environment.data_problems()
    assert (
        problem.startswith("lesson 08 cannot load its data") and "co2_mauna_loa_weekly" in problem
    )


# ---- requirements files, pyproject.toml and the imports they must cover ----

# The project's own packages, and the helper modules beside the tests (imported by file name).
FIRST_PARTY = {"lstm_course", "solutions", "benchmarks", "tests"} | {
    path.stem for path in (ROOT / "tests").rglob("*.py")
}


def _names(requirements: list[Requirement]) -> set[str]:
    return {canonicalize_name(r.name) for r in requirements}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _runtime_and_dev() -> tuple[list[Requirement], list[Requirement]]:
    runtime = environment.requirement_lines()
    every = environment.requirement_lines(environment.DEV_REQUIREMENTS)
    return runtime, [r for r in every if canonicalize_name(r.name) not in _names(runtime)]


@pytest.mark.parametrize("group", ["runtime", "dev"])
def test_pyproject_declares_every_pinned_package_as_a_range_holding_its_pin(group):
    runtime, dev = _runtime_and_dev()
    pinned = runtime if group == "runtime" else dev
    project = _pyproject()
    declared = project["dependencies"] if group == "runtime" else project["optional-dependencies"]
    declared = [Requirement(d) for d in (declared if group == "runtime" else declared["dev"])]
    assert _names(declared) == _names(pinned), (
        f"pyproject.toml ({group}) and the requirements files list different packages"
    )
    ranges = {canonicalize_name(d.name): d.specifier for d in declared}
    for pin in pinned:  # every line, whatever its marker: the Python 3.10 pins too
        (version,) = [s.version for s in pin.specifier if s.operator == "=="]
        assert version in ranges[canonicalize_name(pin.name)], (
            f"{pin.name}=={version} is outside pyproject.toml's {ranges[pin.name]}"
        )


def test_the_lessons_install_no_test_tools():
    runtime = _names(environment.requirement_lines())
    tools = {"pytest", "pytest-xdist", "nbval", "ruff", "playwright", "psutil"}
    assert not runtime & tools, f"requirements.txt installs test tools: {runtime & tools}"


def _imports(source: str) -> set[str]:
    """Top-level names of the modules a piece of Python imports (at any depth)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a notebook cell with IPython syntax imports nothing we check
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


# Standard-library modules newer than Python 3.10, imported with a declared fallback there
# (`tomllib`, else `tomli`: requirements-dev.txt pins tomli for Python < 3.11).
NEWER_STDLIB = {"tomllib"}


def _third_party(modules: set[str]) -> dict[str, set[str]]:
    """{import name: its distributions} for every module neither standard nor first-party."""
    distributions = metadata.packages_distributions()
    found = {}
    standard = set(sys.stdlib_module_names) | NEWER_STDLIB | {"__future__"}
    for module in modules - standard - FIRST_PARTY:
        found[module] = {canonicalize_name(d) for d in distributions.get(module, [module])}
    return found


def _python_imports(*folders: str) -> set[str]:
    files = [f for folder in folders for f in (ROOT / folder).rglob("*.py")]
    return set().union(*(_imports(f.read_text(encoding="utf-8")) for f in files))


def _notebook_imports() -> set[str]:
    modules = set()
    for path in NOTEBOOKS.glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                modules |= _imports("".join(cell["source"]))
    return modules


def _undeclared(modules: set[str], declared: set[str]) -> dict[str, set[str]]:
    return {m: d for m, d in _third_party(modules).items() if not d & declared}


def test_package_imports_are_declared_in_pyproject():
    """`pip install .` installs every library the package imports."""
    declared = _names(Requirement(d) for d in _pyproject()["dependencies"])
    assert _undeclared(_python_imports("lstm_course"), declared) == {}


def test_lesson_imports_are_pinned_in_requirements():
    """`make lab` installs every library the notebooks and the package import."""
    modules = _notebook_imports() | _python_imports("lstm_course")
    assert _third_party(modules), "found no third-party import: the scan is broken"
    assert _undeclared(modules, _names(environment.requirement_lines())) == {}


def test_tool_imports_are_pinned_in_requirements_dev():
    """`make test` and `make bench` install every library the tests and benchmarks import."""
    declared = _names(environment.requirement_lines(environment.DEV_REQUIREMENTS))
    modules = _python_imports("tests", "benchmarks", "solutions")
    assert _undeclared(modules, declared) == {}


def test_make_alone_lists_every_target_with_one_line():
    """`make` (or `make help`) installs nothing and lists each target once, with what it does."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    text = makefile.replace("\\\n", " ")  # join continued lines
    phony = re.search(r"^\.PHONY:(.*)$", text, re.M).group(1).split()
    listed = [line.split()[0] for line in run_make().splitlines()[1:]]
    assert sorted(listed) == sorted(phony)
    assert {"setup", "lab", "test", "unit", "nbval", "lint", "bench", "clean"} <= set(phony)


def test_make_lint_needs_only_ruff():
    """`make -n lint` installs ruff alone (its pin in requirements-dev.txt), not TensorFlow."""
    commands = run_make("-n", "lint", "VENV=/nonexistent-lstm-course-venv")
    installs = [line for line in commands.splitlines() if "pip install" in line]
    ruff = [str(r) for r in environment.requirement_lines(environment.DEV_REQUIREMENTS)]
    (install,) = installs
    assert install.endswith(f'"{[r for r in ruff if r.startswith("ruff==")][0]}"'), install
    assert "ruff check ." in commands and "ruff format --check ." in commands
