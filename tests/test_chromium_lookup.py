"""The browser test's Chromium lookup (tests/chromium_lookup.py), without any browser.

Each case sets the CHROMIUM variable, what Playwright reports for its own build, what is on the
PATH and what exists, then checks the path chosen or the error raised (which names
`make browser`).
"""

from __future__ import annotations

from pathlib import Path

import chromium_lookup
import pytest
from chromium_lookup import MACOS_APP, ChromiumNotFound, find_chromium

PLAYWRIGHT = "/home/me/.cache/ms-playwright/chromium-1/chrome-linux64/chrome"


@pytest.fixture
def machine(monkeypatch):
    """A machine with only the executables added to the returned set (none at first)."""
    executables: set[str] = set()
    on_path: dict[str, str] = {}
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(chromium_lookup, "playwright_chromium", lambda: PLAYWRIGHT)
    monkeypatch.setattr(chromium_lookup.shutil, "which", on_path.get)
    monkeypatch.setattr(chromium_lookup, "is_executable", lambda path: path in executables)
    return executables, on_path


def test_the_chromium_variable_comes_first(machine, monkeypatch):
    executables, on_path = machine
    executables |= {"/opt/my-chrome", PLAYWRIGHT, "/usr/bin/chromium"}
    on_path["chromium"] = "/usr/bin/chromium"
    monkeypatch.setenv("CHROMIUM", "/opt/my-chrome")
    assert find_chromium() == "/opt/my-chrome"


def test_a_chromium_variable_naming_no_executable_is_an_error(machine, monkeypatch):
    executables, _ = machine
    executables.add(PLAYWRIGHT)  # not used in its place
    monkeypatch.setenv("CHROMIUM", "/opt/missing")
    with pytest.raises(ChromiumNotFound, match="CHROMIUM=/opt/missing .*make browser"):
        find_chromium()


def test_playwright_s_own_build_comes_before_the_system_s(machine):
    executables, on_path = machine
    executables |= {PLAYWRIGHT, "/usr/bin/chromium"}
    on_path["chromium"] = "/usr/bin/chromium"
    assert find_chromium() == PLAYWRIGHT


@pytest.mark.parametrize("name", ["chromium", "chromium-browser", "google-chrome"])
def test_the_system_s_chromium_on_the_path(machine, name):
    executables, on_path = machine
    on_path[name] = f"/usr/bin/{name}"
    executables.add(f"/usr/bin/{name}")
    assert find_chromium() == f"/usr/bin/{name}"


def test_the_first_name_on_the_path_wins(machine):
    executables, on_path = machine
    on_path |= {"chromium-browser": "/usr/bin/chromium-browser", "google-chrome": "/opt/gc"}
    executables |= set(on_path.values())
    assert find_chromium() == "/usr/bin/chromium-browser"


def test_the_macos_app_comes_last(machine):
    executables, _ = machine
    executables.add(MACOS_APP)
    assert find_chromium() == MACOS_APP


def test_without_playwright_the_system_s_is_used(machine, monkeypatch):
    executables, on_path = machine
    monkeypatch.setattr(chromium_lookup, "playwright_chromium", lambda: None)
    on_path["google-chrome"] = "/usr/bin/google-chrome"
    executables.add("/usr/bin/google-chrome")
    assert find_chromium() == "/usr/bin/google-chrome"


def test_no_chromium_anywhere_says_how_to_get_one(machine):
    with pytest.raises(ChromiumNotFound, match="make browser") as error:
        find_chromium()
    assert "apt-get install chromium" in str(error.value) and "CHROMIUM" in str(error.value)


def test_playwright_reports_where_its_own_build_goes():
    """The real Playwright (no browser needed) names a path, whether its build is there or not."""
    path = chromium_lookup.playwright_chromium()
    assert path is not None and Path(path).is_absolute(), path
