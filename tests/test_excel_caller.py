"""The calling workbook is found when its name holds ``=`` or ``%``.

xlwings' ``Book.caller()`` reads ``--wb=<name>`` with ``split("=")[1]`` and the
name passes through ``cmd.exe``, which expands ``%NAME%``. The buttons look the
book up again by its whole name, else take Excel's active workbook. The books
here are real remote-engine books (``xw.Book(json=...)``); only the list of
running Excel windows, which needs Windows, is stood in for.
"""

from __future__ import annotations

import copy
import os
import sys

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # the remote engine's non-commercial key

import xlwings as xw

from gikxl import excel
from gikxl.excel import buttons
from remote_book import payload_of

pytestmark = pytest.mark.usefixtures("no_mock_caller", "home")

ODD_NAMES = ["青山县=2025年报.xlsm", "年报100%.xlsm", "a%OS%b=c.xlsm"]


def remote_book(path, name: str) -> xw.Book:
    payload = payload_of(path)
    payload["book"]["name"] = name
    return xw.Book(json=copy.deepcopy(payload))


def runpython_argv(name: str, hwnd: int = 4242) -> list[str]:
    """sys.argv as Python sees it under RunPython (cmd.exe has removed the quotes)."""
    return ["-c", f"--wb={name}", "--from_xl=1", r"--app=C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE",
            f"--hwnd={hwnd}"]


def test_xlwings_own_parsing_cuts_the_name_at_the_first_equals_sign():
    # The expression xlwings' Book.caller() uses, on the arguments RunPython passes.
    (arg,) = [a for a in runpython_argv("青山县=2025年报.xlsm") if a.startswith("--wb=")]
    assert arg.split("=")[1].strip() == "青山县"
    assert buttons.excel_call(runpython_argv("青山县=2025年报.xlsm")) == ("青山县=2025年报.xlsm", 4242)


@pytest.mark.parametrize("argv", [["-c"], ["-c", "--wb=x.xlsm"], ["-c", "--wb=x.xlsm", "--from_xl=1", "--hwnd=abc"]])
def test_not_called_from_excel_is_told_apart(argv):
    assert buttons.excel_call(argv) is None


@pytest.mark.parametrize("name", ODD_NAMES)
def test_buttons_run_on_a_remote_book_with_an_odd_name(name, make_workbook, demo, home):
    book = remote_book(make_workbook(demo), name)
    book.set_mock_caller()
    excel.validate()
    (alert,) = [a["args"] for a in book.json()["actions"] if a["func"] == "alert"]
    assert "没有发现问题" in alert[0]
    assert book.name == name


def test_the_whole_name_is_looked_up_and_else_the_active_book(make_workbook, demo):
    path = make_workbook(demo)
    books = [remote_book(path, n) for n in ["其他.xlsx", *ODD_NAMES]]
    assert buttons.pick_caller("青山县=2025年报.XLSM", books, books[0]) is books[1]  # Excel ignores case
    # cmd.exe turned %OS% into Windows_NT: not found by name, so the active workbook.
    assert buttons.pick_caller("aWindows_NTb=c.xlsm", books, books[3]) is books[3]


class RunningExcel:
    """One Excel window as ``xw.apps`` lists it on Windows, holding real remote books."""

    def __init__(self, hwnd: int, books: list[xw.Book], active: xw.Book) -> None:
        self.hwnd = hwnd
        self.books = _Books(books, active)


class _Books(list):
    def __init__(self, books, active) -> None:
        super().__init__(books)
        self.active = active


def test_caller_falls_back_when_xlwings_cannot_find_the_book(make_workbook, demo, monkeypatch, home):
    path = make_workbook(demo)
    other = remote_book(path, "其他.xlsm")
    # Made last: the remote engine sends a message box to its newest book.
    wanted = remote_book(path, "青山县=2025年报.xlsm")
    monkeypatch.setattr(sys, "argv", runpython_argv("青山县=2025年报.xlsm", hwnd=77))
    monkeypatch.setattr(xw, "apps", [RunningExcel(11, [other], other), RunningExcel(77, [other, wanted], other)])
    with pytest.raises(Exception):  # noqa: B017 - xlwings itself cannot find it here
        xw.Book.caller()
    assert buttons._caller() is wanted
    excel.validate()
    assert [a["func"] for a in wanted.json()["actions"]].count("alert") == 1
    assert not [a for a in other.json()["actions"] if a["func"] == "alert"]


def test_caller_failure_outside_excel_is_not_hidden(monkeypatch):
    """Not started by RunPython: xlwings' own error comes through (the button's handler logs it)."""
    monkeypatch.setattr(sys, "argv", ["gikxl"])
    with pytest.raises(Exception) as raised:
        xw.Book.caller()
    with pytest.raises(type(raised.value)):
        buttons._caller()
