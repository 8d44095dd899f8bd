"""Debian's Chromium, headless, as the real browser a page is tested in.

``dump_dom(page)`` loads a local file and returns the DOM after rendering and
the console messages the page produced (``--enable-logging=stderr`` prints
each as a ``CONSOLE`` line); ``screenshot(page, png)`` takes a picture.
Every run gets a fresh profile and no network-facing background services.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


needs_chromium = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (scripts/setup-tests.sh)")

_QUIET = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
_CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)")


def _run(args: list[str], timeout: int = 90) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([chromium() or "chromium", *_QUIET, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def dump_dom(page: Path) -> tuple[str, list[str]]:
    """(the rendered DOM, the page's console messages)."""
    proc = _run(["--enable-logging=stderr", "--v=0", "--dump-dom", page.resolve().as_uri()])
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, _CONSOLE.findall(proc.stderr)


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 1600) -> Path:
    proc = _run([f"--screenshot={png}", f"--window-size={width},{height}", page.resolve().as_uri()])
    assert proc.returncode == 0 and png.is_file(), proc.stderr[-2000:]
    return png
