"""README's route without `make`, run as README writes it, in a copy of the checkout.

The commands are read from README.md (between `<!-- pip-route:start -->` and
`<!-- pip-route:end -->`), so the test follows the text. They run in a temporary copy of the
tracked files, offline, with two stand-ins that keep the test at seconds instead of a 1 GB
install:

- `python3 -m venv .venv` makes an *overlay* virtual environment (`overlay_venv.py`) that
  borrows this environment's packages. Every pinned package, pip included, is then already
  installed, so `pip install -r requirements.txt` finds them all satisfied and downloads
  nothing.
- The last line, `.venv/bin/jupyter lab ...`, would serve the course until stopped: the test
  runs `jupyter lab --version` instead, and the `jupyter` commands as the modules behind them
  (`python -m jupyterlab`, `python -m jupyter_client.kernelspecapp`): the overlay has no
  console scripts of the packages it borrows.

`pip install --no-deps -e .` builds the package as a learner's pip does, with build isolation
(setuptools from the configured index). Then, from the copy's environment: `jupyter kernelspec
list` has the `lstm-course` kernel, whose Python is the copy's and imports the copy's package,
and JupyterLab's overrides folder holds the course's defaults.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

from overlay_venv import make_overlay_venv

from lstm_course.course.checkout import ROOT
from lstm_course.course.jupyter import overrides_path

START, END = "<!-- pip-route:start -->", "<!-- pip-route:end -->"


def readme_commands() -> list[list[str]]:
    """The commands of README's pip route, each split as the shell would."""
    text = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1, "README lost its pip-route markers"
    block = text[text.index(START) + len(START) : text.index(END)].strip()
    assert block.startswith("```bash\n") and block.endswith("\n```"), block
    lines = block.removeprefix("```bash\n").removesuffix("\n```").splitlines()
    return [shlex.split(line) for line in lines if line.strip()]


def copy_checkout(target: Path) -> None:
    """The tracked files (as they are in the working tree), nothing else: a fresh clone."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted in the working tree but not yet in git
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    return result.stdout


def test_readme_pip_route_registers_the_kernel_and_the_lab_defaults(tmp_path):
    commands = readme_commands()
    assert commands[0] == ["python3", "-m", "venv", ".venv"], commands[0]
    assert commands[-1][:2] == [".venv/bin/jupyter", "lab"], commands[-1]
    clone = tmp_path / "clone"
    copy_checkout(clone)
    assert (clone / commands[-1][2]).is_file(), commands[-1]  # the notebook it opens
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"),  # not the user's own kernels
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "PIP_NO_INPUT": "1",
    }
    env.pop("JUPYTER_PATH", None)
    python = make_overlay_venv(clone / ".venv")
    for command in commands[1:-1]:
        assert command[0] == ".venv/bin/python", command
        run([python, *command[1:]], clone, env)
    assert "." in run([python, "-m", "jupyterlab", "--version"], clone, env)

    venv = clone / ".venv"
    specs = json.loads(
        run([python, "-m", "jupyter_client.kernelspecapp", "list", "--json"], clone, env)
    )
    spec = specs["kernelspecs"]["lstm-course"]
    assert Path(spec["resource_dir"]).is_relative_to(venv), spec["resource_dir"]
    assert spec["spec"]["display_name"] == "Python (lstm-course)"
    kernel_python = spec["spec"]["argv"][0]
    assert Path(kernel_python).is_relative_to(venv), kernel_python
    # From outside the copy (no checkout on sys.path[0]): the copy's package, installed.
    code = "import lstm_course; print(lstm_course.__file__)"
    package = run([kernel_python, "-c", code], tmp_path, env)
    assert Path(package.strip()).is_relative_to(clone), package
    shipped = clone / "lstm_course" / "course" / "lab-overrides.json5"
    assert overrides_path(venv).read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
