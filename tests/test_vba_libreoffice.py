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
CALL = Path(__file__).with_name("uno_call.py")
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
def lo_book(tmp_path_factory) -> tuple[int, Path]:
    """(port of a headless soffice with a fresh profile, a copy of the committed template)."""
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
        yield port, book
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


@pytest.fixture(scope="module")
def lo_view(lo_book) -> dict:
    port, book = lo_book
    done = subprocess.run(
        [SYSTEM_PYTHON, str(PROBE), str(port), str(book), str(STARTUP_TIMEOUT)],
        capture_output=True,
        text=True,
        timeout=PROBE_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def lo_call(lo_book, calls: list[tuple[str, list]]) -> list:
    """Run ribbon-module functions in LibreOffice's VBA interpreter; their return values."""
    port, book = lo_book
    done = subprocess.run(
        [SYSTEM_PYTHON, str(CALL), str(port), str(book), "GikxlRibbon", json.dumps(calls)],
        capture_output=True, text=True, timeout=PROBE_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert all("error" not in r for r in results), results
    return [r["value"] for r in results]


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


# LibreOffice runs the ribbon module's own string logic ---------------------------------

TRICKY_PATHS = [
    r"D:\年报\2024\青山县人民政府2024年政府信息公开工作年度报告.docx",
    r"\\srv\共享\R&D %OS% ^x\it's (2) 100%.xlsm",
    "C:\\Users\\张三\\𠀋文件.pdf",  # outside the BMP: a surrogate pair
]


def test_the_import_command_built_by_the_vba_gives_python_the_same_path(lo_book, tmp_path):
    """GikImportCommand run by LibreOffice, then the statement run as RunPython runs it (``python -B -c``)."""
    import sys

    commands = lo_call(lo_book, [("GikImportCommand", [p]) for p in TRICKY_PATHS])
    for path, command in zip(TRICKY_PATHS, commands, strict=True):
        assert command.startswith("import gikxl.excel; gikxl.excel.import_previous(bytes.fromhex('")
        # Nothing cmd.exe or the C runtime would reinterpret inside RunPython's "-c \"...\"".
        assert command.isascii() and not set(command) & set('"%&^<>|')
        out = tmp_path / "path.txt"
        # The real statement, with import_previous standing in as "write what you are given".
        stand_in = (f"import gikxl.excel; gikxl.excel.import_previous = lambda p: open({str(out)!r}, 'w',"
                    " encoding='utf-8').write(p); ")
        subprocess.run([sys.executable, "-B", "-c", stand_in + command], check=True, timeout=120)
        assert out.read_text(encoding="utf-8") == path


def test_paths_with_quotes_or_control_characters_are_refused(lo_book):
    paths = ["C:\\年报\\上年.xlsm", 'C:\\年"报.xlsm', "C:\\年\t报.xlsm", "C:\\年\x7f报.xlsm", ""]
    assert lo_call(lo_book, [("GikUsablePath", [p]) for p in paths]) == [True, False, False, False, False]


def test_chinese_is_assumed_where_the_code_page_cannot_be_asked(lo_book):
    """No kernel32 here: the GetACP call fails, and the boxes keep their Chinese (the safe default on a Chinese PC)."""
    assert lo_call(lo_book, [("GikChineseCodePage", [])]) == [True]


def test_the_import_file_dialog_gets_its_chinese_title_and_filter(lo_book):
    from gikxl.template.vba import messages

    assert lo_call(lo_book, [("GikImportTitle", []), ("GikImportFilter", [])]) == [
        messages.IMPORT_TITLE, messages.IMPORT_FILTER]
