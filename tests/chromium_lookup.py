"""Which Chromium the browser test (tests/browser/) drives, looked up in this order:

1. the `CHROMIUM` environment variable (a path to a Chromium or Chrome binary), if set;
2. Playwright's own Chromium build (`make browser`, i.e. `python -m playwright install chromium`),
   if it is installed;
3. the first of `chromium`, `chromium-browser`, `google-chrome` on the PATH (Debian's
   `apt-get install chromium`, other distributions, a Chrome install);
4. the macOS app, /Applications/Chromium.app.

A `CHROMIUM` that names no executable file is an error, not a reason to look further: the test
would otherwise drive another browser than the one asked for.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome")
MACOS_APP = "/Applications/Chromium.app/Contents/MacOS/Chromium"
HOW_TO_GET_ONE = (
    "Run 'make browser' (Playwright's own Chromium), or install Chromium with your system's "
    "package manager ('sudo apt-get install chromium' on Debian/Ubuntu), or point the CHROMIUM "
    "environment variable at a Chromium or Chrome binary."
)


class ChromiumNotFound(LookupError):
    """No Chromium to drive; the message says where it looked and how to get one."""


def is_executable(path: str | None) -> bool:
    return bool(path) and Path(path).is_file() and os.access(path, os.X_OK)


def playwright_chromium() -> str | None:
    """Where Playwright keeps its own Chromium build (installed there or not), or None."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:  # starts Playwright's driver: about 1 s
        return playwright.chromium.executable_path


def find_chromium() -> str:
    """Path of the Chromium binary to drive (the order above); ChromiumNotFound if none."""
    given = os.environ.get("CHROMIUM")
    if given:
        if is_executable(given):
            return given
        raise ChromiumNotFound(f"CHROMIUM={given} is not an executable file. {HOW_TO_GET_ONE}")
    candidates = [playwright_chromium()]
    candidates += [shutil.which(name) for name in SYSTEM_NAMES]
    candidates.append(MACOS_APP)
    for path in candidates:
        if is_executable(path):
            return path
    looked = ", ".join(["Playwright's own build", *SYSTEM_NAMES, MACOS_APP])
    raise ChromiumNotFound(
        f"No Chromium found (looked for: {looked}); the JupyterLab browser test needs one. "
        + HOW_TO_GET_ONE
    )
