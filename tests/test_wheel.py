"""The package installs anywhere: a wheel, installed in a fresh virtual environment outside the
repository, loads every data set and committed result the lessons read, and keeps the progress
record in the user's data directory, never inside the package.

Offline: the wheel is built with the setuptools pinned in requirements-dev.txt (no build
isolation, no download) and installed into an overlay environment (`overlay_venv.py`), which
borrows the course's dependencies from this one, so nothing is installed but the wheel. About
15 s.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from overlay_venv import make_overlay_venv

from lstm_course.course.checkout import ROOT

# Run by the fresh environment's Python, from a folder outside the repository.
IN_FRESH_VENV = r"""
import json, sys
from pathlib import Path
import lstm_course
from lstm_course.course.checkout import checkout_root
from lstm_course.datasets.co2 import load_co2
from lstm_course.datasets.shakespeare import load_shakespeare
from lstm_course.experiments import adding_benchmark, char_recipe, contest, gap_accuracy
from lstm_course.exercises import evaluate, progress_file

out = {"package": lstm_course.__file__, "checkout": str(checkout_root())}
out["co2_weeks"] = len(load_co2())
out["plays"] = sorted(load_shakespeare())
out["results"] = {
    path.name: path.is_file()
    for path in (
        gap_accuracy.INIT_MENU_CSV, gap_accuracy.INIT_MENU_SEEDS_CSV, contest.WALK_CSV,
        adding_benchmark.LR_GRID_CSV, char_recipe.CHAR_RECIPES_CSV, char_recipe.CHAR_DYNAMIC_CSV,
        char_recipe.CHAR_SEEDS_CSV, *char_recipe.long_run_paths(0), *char_recipe.long_run_paths(1),
    )
}
out["init_menu_rows"] = len(gap_accuracy.read_menu_rows())


def one_hot(word_ids, vocab_size):  # exercise 0.1's answer
    import numpy as np
    return np.eye(vocab_size)[np.asarray(word_ids)]


out["passed"] = evaluate("0.1", one_hot).passed
out["progress_file"] = str(progress_file())
out["record"] = json.loads(progress_file().read_text(encoding="utf-8"))
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy of what the build reads: an in-tree build would reuse a stale build/.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "lstm_course", source / "lstm_course", ignore=shutil.ignore_patterns("__pycache__")
    )
    dist = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--disable-pip-version-check", "-q", "-w", str(dist), str(source)],
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    (path,) = dist.glob("lstm_course-*.whl")
    return path


def test_the_wheel_holds_the_data_and_the_results(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    files = "lstm_course/datasets/files/"
    expected = [
        "README.md", "co2_mauna_loa_weekly.csv", "shakespeare_hamlet.txt",
        "results/init_menu.csv", "results/char_long_run_seed0.npz",
    ]  # fmt: skip
    assert [name for name in expected if files + name not in names] == []
    assert "lstm_course/course/lab-overrides.json5" in names
    assert not [name for name in names if name.startswith(("tests/", "notebooks/", "benchmarks/"))]


def test_a_wheel_outside_the_repository_loads_the_data_and_keeps_progress_outside(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    python = make_overlay_venv(env_dir)
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--disable-pip-version-check", "-q", str(wheel)],
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-3000:]

    before = sorted(p for p in env_dir.rglob("*") if p.is_file())
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LSTM_COURSE_PROGRESS")}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    env.update(APPDATA=str(tmp_path / "appdata"))
    run = subprocess.run(
        [python, "-c", IN_FRESH_VENV], cwd=work, env=env,
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])

    assert Path(out["package"]).is_relative_to(env_dir), out["package"]
    assert out["checkout"] == "None"  # the package knows it is not in a git checkout
    assert out["co2_weeks"] == 2284
    assert out["plays"] == sorted(["hamlet", "king_lear", "othello", "macbeth"])
    assert all(out["results"].values()), out["results"]
    assert out["init_menu_rows"] > 0
    assert out["passed"] is True and out["record"]["0.1"]["passed"] is True
    record = Path(out["progress_file"])
    if sys.platform not in ("win32", "darwin"):
        assert record == tmp_path / "xdg" / "lstm-course" / "progress.json"
    assert not record.is_relative_to(env_dir)
    after = sorted(p for p in env_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert [p for p in after if p not in before] == []  # nothing written into the package
