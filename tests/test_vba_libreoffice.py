"""LibreOffice, an independent VBA importer, must see every module's full source.

A headless ``soffice`` with its own fresh profile listens on a free port;
``tests/uno_probe.py`` runs under the system interpreter (which has ``uno``)
and prints the workbook's ``VBAProject`` library as JSON. LibreOffice turns a
module it cannot decompress into an EMPTY module without a word, so each
body is compared in full.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from gikxl.spec import CODENAMES
from gikxl.template.builder import TEMPLATE_PATH
from gikxl.template.vba import project

SYSTEM_PYTHON = "/usr/bin/python3"
PROBE = Path(__file__).with_name("uno_probe.py")
STARTUP_TIMEOUT = 60  # seconds for soffice to accept connections
PROBE_TIMEOUT = 180  # seconds for the whole probe (start-up + load + read)

# What LibreOffice puts before an imported module's text.
_LO_PREFIX = ("Rem Attribute VBA_ModuleType=", "Option VBASupport 1")


def _uno_available() -> str | None:
    """Why the test cannot run here, or None."""
    if shutil.which("soffice") is None:
        return "soffice (LibreOffice) is not installed"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} not found"
    done = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=60)
    if done.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import uno (install python3-uno)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lo_body(text: str) -> str:
    """A module's text as LibreOffice shows it, without its own prefix lines."""
    lines = text.split("\n")
    while lines and lines[0].startswith(_LO_PREFIX):
        lines.pop(0)
    return "\n".join(lines)


def _expected_body(source: str) -> str:
    """Our stored source as LibreOffice shows it: no Attribute lines, LF ends."""
    lines = source.split("\r\n")
    return "\n".join(line for line in lines if not line.startswith("Attribute VB_"))


@pytest.fixture(scope="module")
def lo_view(tmp_path_factory) -> dict:
    reason = _uno_available()
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("lo")
    # The committed template itself (test_template checks it equals a fresh build).
    book = tmp / "template.xlsm"
    shutil.copyfile(TEMPLATE_PATH, book)
    profile = tmp / "profile"
    port = _free_port()
    soffice = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"--accept=socket,host=127.0.0.1,port={port};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so we can end all of it
    )
    try:
        done = subprocess.run(
            [SYSTEM_PYTHON, str(PROBE), str(port), str(book), str(STARTUP_TIMEOUT)],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)
    finally:
        # soffice is a wrapper around soffice.bin: end the group we started.
        try:
            os.killpg(soffice.pid, signal.SIGTERM)
            soffice.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(soffice.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            soffice.wait(timeout=20)


def test_libreoffice_sees_every_module_in_full(lo_view):
    expected = {m.name: m.source for m in project.project_modules(CODENAMES.values())}
    assert "VBAProject" in lo_view["libraries"]
    assert set(lo_view["modules"]) == set(expected)
    for name, source in expected.items():
        got = _lo_body(lo_view["modules"][name])
        want = _expected_body(source)
        assert got.strip(), f"{name} came back empty: LibreOffice could not read it"
        # LibreOffice ends the text with one more newline than the source has.
        assert got.rstrip("\n") == want.rstrip("\n"), name


def test_libreoffice_marks_module_types(lo_view):
    assert lo_view["modules"]["GikxlRibbon"].startswith("Rem Attribute VBA_ModuleType=VBAModule\n")
    for name in ["ThisWorkbook", *CODENAMES.values()]:
        assert lo_view["modules"][name].startswith("Rem Attribute VBA_ModuleType=VBADocumentModule\n")


def test_libreoffice_reads_sheet_codenames(lo_view):
    assert lo_view["codenames"] == CODENAMES
