"""A fresh virtual environment that borrows this one's packages, for tests that install into it.

`tests/test_wheel.py` installs the built wheel into one; `tests/test_pip_route.py` runs README's
pip route in one. Both stay offline and take seconds: every pinned package is already there.

The borrowed folders are named in a .pth file of the new environment's site-packages. Not
`--system-site-packages`: from a virtual environment's Python that means the base interpreter's
packages, not this environment's. Lines of a .pth are appended to sys.path after the new
environment's own site-packages (where an install into it goes), and .pth files inside the
borrowed folders are not processed, so this environment's editable install of lstm_course is not
seen there.
"""

import os
import subprocess
import sysconfig
import venv
from pathlib import Path


def make_overlay_venv(env_dir: Path) -> Path:
    """A virtual environment at `env_dir` that sees this environment's packages; its python."""
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout.strip()
    ours = sorted({sysconfig.get_paths()[key] for key in ("purelib", "platlib")})
    Path(site, "_lstm_course_overlay.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return python
