"""Hostile text on the Excel side: what 校验 writes stays text, and 生成报告 names the office's templates.

The buttons run on xlwings' remote engine (``xw.Book(json=...)``), which records
what Excel would be told to do (``book.json()["actions"]``). Excel reads a
value written to a cell as if it were typed, so a text from the clerk's prose
that starts with ``=`` would become a formula on the 校验结果 sheet.
"""

from __future__ import annotations

import copy
import csv
import os
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import openpyxl
import xlwings as xw
from xlwings.pro import _xlremote

from gikxl import excel, spec
from gikxl.checks import engine
from gikxl.checks.findings import Finding, Report, Severity
from gikxl.excel import marks
from gikxl.report.narrative import OFFICE_FOLDER
from lo import convert, needs_soffice
from remote_book import payload_of

#: Each test forgets its mock caller and writes fallback reports into a private home.
pytestmark = pytest.mark.usefixtures("no_mock_caller", "home")

#: Texts that Excel would take for a formula (or, for ``-1``, a number) if written as they are.
LEADS = ("=", "+", "-", "@")
S1_MANAGE = spec.FIELDS["s1_manage"].name




def press(payload: dict, button) -> xw.Book:
    book = xw.Book(json=copy.deepcopy(payload))
    book.set_mock_caller()
    button()
    return book


def actions(book: xw.Book, func: str | None = None) -> list[dict]:
    return [a for a in book.json()["actions"] if func is None or a["func"] == func]


def alerts(book: xw.Book) -> list[list]:
    return [a["args"] for a in actions(book, "alert")]


# Formula injection into 校验结果 ----------------------------------------------------

#: Prose lines ending in a character the next line starts with again (PROSE-DOUBLED-CHAR): the
#: finding's 应为 repeats the line, here starting like a formula.
DOUBLED_LINES = ['=N("中', "+1+1中", "-1中", "@A1中"]
#: Messages as a rule quoting clerk's text at its start would write them.
MESSAGES = ['=HYPERLINK("http://example.invalid","点此")', "+1+1", "-1", "@SUM(1)"]
#: A sheet name holding both quotes (Excel allows them), for the 位置 column's link.
ODD_SHEET = 'a"b\'c'


@pytest.fixture
def injected(make_workbook, demo, monkeypatch) -> dict:
    """A workbook whose prose yields 应为 texts starting with = + - @; the checks add messages that do."""
    demo[S1_MANAGE] = "加强信息管理。\n" + "".join(f"{line}\n中文内容。\n" for line in DOUBLED_LINES)
    original = engine.run_checks

    def run_checks(report, previous=None, **kwargs):
        found = original(report, previous, **kwargs)
        extra = [Finding("X-TEXT", Severity.WARNING, spec.SHEET_ORDER[0], "B3", m, expected=m) for m in MESSAGES]
        extra.append(Finding("X-SHEET", Severity.INFO, ODD_SHEET, "B2", "工作表名带引号", expected="=1"))
        return Report.of([*found, *extra])

    monkeypatch.setattr(engine, "run_checks", run_checks)
    return payload_of(make_workbook(demo))


def texts_written(book: xw.Book) -> list[str]:
    return [v for a in actions(book, "setValues") for row in a["values"] for v in row if isinstance(v, str)]


def test_texts_from_the_clerk_are_written_as_text_never_as_formulas(injected):
    book = press(injected, excel.validate)
    names = [s.name for s in book.sheets]
    written = texts_written(book)
    assert not [v for v in written if v[:1] in LEADS]
    expected = [f"{line}文内容。" for line in DOUBLED_LINES]  # (“中” once, as 应为 says)
    for text in [*expected, *MESSAGES]:
        assert marks.TEXT_PREFIX + text in written, text
    # The only formulas are the 位置 column's links, which gikxl builds itself.
    formulas = actions(book, "setFormula")
    assert formulas and all(names[a["sheet_position"]] == marks.RESULTS_SHEET and a["start_column"] == 1
                            for a in formulas)
    links = [row[0] for a in formulas for row in a["values"]]
    assert all(link.startswith('=HYPERLINK("#\'') for link in links)
    # A sheet name with quotes: the apostrophe doubled inside the reference, the quote inside the string.
    assert '=HYPERLINK("#\'a""b\'\'c\'!B2","a""b\'c!B2")' in links


def test_marks_rows_are_text_and_read_back():
    sheet, cell = next(iter(marks.template_fills()))
    saved = [marks.Saved("=SUM(1)", "B2", None), marks.Saved(sheet, cell, "#FFC966")]
    rows = marks.marks_rows(saved)
    assert rows[2][0] == "'=SUM(1)" and rows[3] == [sheet, cell, "#FFC966"]
    assert marks.read_marks(rows) == [saved[1]]  # (no template sheet is called "=SUM(1)")
    # Excel gives a text back without its prefix; a client replaying the values may not.
    assert marks.read_marks([["'" + sheet, "'" + cell, "'#FFC966"]]) == [saved[1]]


@pytest.mark.parametrize(("value", "written"), [
    ("=A1", "'=A1"), ("+1", "'+1"), ("-1", "'-1"), ("@A", "'@A"), ("'引", "''引"),
    ("2026-03-20", "'2026-03-20"), ("12", "'12"), ("1/2", "'1/2"), ("TRUE", "'TRUE"), ("#N/A", "'#N/A"),
    ("中=1", "中=1"), ("T3-BALANCE", "T3-BALANCE"), ("#FF9C9C", "#FF9C9C"), ("E5", "E5"), ("", ""),
    (12, 12), (None, None),
])
def test_as_text(value, written):
    assert marks.as_text(value) == written


def replay(actions_: list[dict], names: list[str], sheet: str) -> openpyxl.Workbook:
    """The results sheet as a client would make it: the text prefix kept as Excel keeps it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for a in actions_:
        if a["sheet_position"] is None or names[a["sheet_position"]] != sheet:
            continue
        if a["func"] in ("sheetClear", "sheetClearContents"):
            ws.delete_rows(1, ws.max_row)
        if a["func"] not in ("setValues", "setFormula"):
            continue
        for i, row in enumerate(a["values"]):
            for j, v in enumerate(row):
                cell = ws.cell(a["start_row"] + i + 1, a["start_column"] + j + 1)
                if a["func"] == "setValues" and isinstance(v, str) and v.startswith("'"):  # Excel's text prefix
                    cell.value = v[1:]
                    cell.data_type = "s"
                    cell.quotePrefix = True
                elif a["func"] == "setValues" and isinstance(v, str) and v[:1] in "+-@":
                    try:  # Excel reads these as it would typed: "-1" a number, "+1+1" "=+1+1"
                        cell.value = float(v)
                    except ValueError:
                        cell.value = "=" + v.removeprefix("@")
                else:
                    cell.value = v  # (a text starting with "=" becomes a formula, as in Excel)
    return wb


def saved_results(book: xw.Book, folder: Path) -> Path:
    names = [s.name for s in book.sheets]
    path = folder / "results.xlsx"
    replay(actions(book), names, marks.RESULTS_SHEET).save(path)
    return path


def test_replayed_results_sheet_holds_text_but_for_the_links(injected, tmp_path):
    book = press(injected, excel.validate)
    ws = openpyxl.load_workbook(saved_results(book, tmp_path)).active
    kinds = {(c.column_letter, c.data_type) for row in ws.iter_rows() for c in row if c.value is not None}
    assert {kind for col, kind in kinds if col != "B"} <= {"s", "n"}
    texts = {c.value for row in ws.iter_rows() for c in row if c.data_type == "s"}
    assert set(MESSAGES) <= texts and {f"{line}文内容。" for line in DOUBLED_LINES} <= texts


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_shows_the_texts_as_written(injected, tmp_path):
    book = press(injected, excel.validate)
    src = saved_results(book, tmp_path)
    out = convert(src, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path)
    cells = {v for row in csv.reader(out.read_text(encoding="utf-8").splitlines()) for v in row}
    assert set(MESSAGES) <= cells and {f"{line}文内容。" for line in DOUBLED_LINES} <= cells
    assert not [v for v in cells if v.startswith(("Err:", "#NAME", "#VALUE"))]


# 生成报告 names the office's own templates -------------------------------------------

@pytest.fixture
def office(tmp_path, monkeypatch) -> Path:
    """A workbook's own folder outside the temporary folder, with the office's 报告模板 beside it."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    folder = tmp_path / "单位" / "年报"
    (folder / OFFICE_FOLDER).mkdir(parents=True)
    (folder / OFFICE_FOLDER / "section6.j2").write_text(
        "# {{ sections[5] }}\n本单位自定义的第六部分。\n", encoding="utf-8")
    return folder


@pytest.fixture
def answer(monkeypatch):
    """The remote engine's message box answers as a clerk on the desktop would."""
    original = _xlremote.App.alert

    def set_answer(reply: str):
        def alert(self, prompt, title, buttons, mode, callback):
            original(self, prompt, title, buttons, mode, callback)
            return reply if buttons == "yes_no" else "ok"

        monkeypatch.setattr(_xlremote.App, "alert", alert)

    return set_answer


def in_office(path: Path, office: Path) -> dict:
    """The payload of the workbook at ``path``, as if opened from ``office`` (its full name there)."""
    target = office / "年报.xlsm"
    target.write_bytes(path.read_bytes())
    payload = payload_of(target)
    payload["book"]["name"] = str(target)
    return payload


def test_report_says_it_used_the_office_templates(make_workbook, demo, office):
    book = press(in_office(make_workbook(demo), office), excel.generate_report)
    (done, title, _, _, _), = alerts(book)
    assert title == "生成报告" and f"使用本单位报告模板：{office / OFFICE_FOLDER}" in done
    html = next(office.glob("*.html")).read_text(encoding="utf-8")
    assert "本单位自定义的第六部分。" in html


def test_confirmation_with_errors_names_the_office_templates(make_workbook, demo, office, answer):
    demo["gik_t4"][0][1] = None  # one error
    answer("yes")
    book = press(in_office(make_workbook(demo), office), excel.generate_report)
    (confirm, _, buttons, _, _), (done, _, _, _, _) = alerts(book)
    assert buttons == "yes_no" and "仍要生成报告吗" in confirm
    line = f"使用本单位报告模板：{office / OFFICE_FOLDER}"
    assert line in confirm and line in done and "仍有 1 个错误" in done


def test_without_a_template_folder_nothing_is_said(make_workbook, demo, office):
    (office / OFFICE_FOLDER / "section6.j2").unlink()
    (office / OFFICE_FOLDER).rmdir()
    book = press(in_office(make_workbook(demo), office), excel.generate_report)
    (done, _, _, _, _), = alerts(book)
    assert done.startswith("报告已生成") and "报告模板" not in done
