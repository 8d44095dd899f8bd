"""Hostile and clumsy workbooks at the reader: years no date can hold, numbers no
count can be, names stretched over a sheet, Excel's ``_xHHHH_`` escapes, and a
sheet of 600,000 rows. Each ends in a finding or a clear refusal, within bounds."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from gikxl import spec
from gikxl.checks.engine import run_checks
from gikxl.examples import demo_values
from gikxl.template.layout import block_cell, cell_of
from gikxl.workbook import read_report
from gikxl.workbook.model import MAX_FIGURE, Observed, report_from_names
from gikxl.workbook.parse import number_or_seen, text_of, year_of
from gikxl.workbook.xlsx import unescape
from hostile import assert_clean_failure, run_bounded

WRAPPED = "-9223372036854775808"
TODAY = dt.date(2026, 4, 1)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rezip(src: Path, dst: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """A copy of the package ``src`` with each member passed through ``change(name, data)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item)), zipfile.ZIP_DEFLATED)
    return dst


def sheet_member(path: Path, sheet: str) -> str:
    """The worksheet part of ``sheet``, found through the workbook and its relationships."""
    with zipfile.ZipFile(path) as zf:
        book = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(rId\d+)"', book).group(1)
    target = re.search(rf'<Relationship [^>]*Target="([^"]+)" Id="{rid}"', rels).group(1)
    return target.lstrip("/")


def check_json(path: Path, name: str, tmp: Path) -> tuple[int, list[dict]]:
    """``gikxl check --json`` under the bounds: (exit code, findings)."""
    before = digest(path)
    run = run_bounded(["check", "--json", str(path)], name=name, tmp=tmp)
    assert run.code in (0, 1), (run.code, run.err[-2000:])
    assert "Traceback" not in run.err + run.out
    assert digest(path) == before
    return run.code, json.loads(run.out)


def forced_reports(path: Path, name: str, tmp: Path) -> dict[str, str]:
    """The text of ``gikxl report --force`` in each format (the docx's document XML)."""
    before = digest(path)
    texts = {}
    for ext in ("docx", "html", "md"):
        out = tmp / f"{path.stem}-report.{ext}"
        run = run_bounded(["report", "--force", "-o", str(out), str(path)], name=f"{name} (report {ext})", tmp=tmp)
        assert run.code == 0, (run.code, run.err[-2000:])
        assert "Traceback" not in run.err + run.out
        if ext == "docx":
            with zipfile.ZipFile(out) as zf:
                texts[ext] = zf.read("word/document.xml").decode("utf-8")
        else:
            texts[ext] = out.read_text(encoding="utf-8")
    assert digest(path) == before
    return texts


# 1. A year no date can hold ------------------------------------------------------

@pytest.mark.parametrize("typed", [20255, 10000, -2025, 1e308], ids=["20255", "10000", "-2025", "1e308"])
def test_a_year_that_is_not_four_digits_is_a_finding_on_the_year_cell(demo, make_workbook, tmp_path, typed):
    demo["gik_year"] = typed  # 成文日期 stays filled: the date rules must not compute with it
    path = make_workbook(demo)
    code, findings = check_json(path, f"year {typed}", tmp_path)
    assert code == 1
    sheet, cell = cell_of("gik_year")
    (year,) = [f for f in findings if (f["sheet"], f["cell"]) == (sheet, cell)]
    assert year["code"] == "CELL-BAD-YEAR"
    assert "请填四位年份" in year["message"]
    assert not [f for f in findings if f["code"].startswith("META-DATE")]
    assert len(year["message"]) < 60  # 1e308 is quoted as Excel shows it, never as 309 digits


def test_a_year_of_1e308_is_reported_as_excel_shows_it(demo, make_workbook, tmp_path):
    demo["gik_year"] = 1e308
    _, findings = check_json(make_workbook(demo), "year 1e308 shown", tmp_path)
    (year,) = [f for f in findings if f["code"] == "CELL-BAD-YEAR"]
    assert year["message"] == "报告年度“1E+308”无法识别；请填四位年份，如 2025"


def test_the_last_four_digit_year_is_implausible_and_no_date_is_compared_with_it(demo, make_workbook, tmp_path):
    # 9999 is a four-digit year, but its deadline (in 10000) is no datetime.date.
    demo["gik_year"] = dt.MAXYEAR
    path = make_workbook(demo)
    code, findings = check_json(path, "year 9999", tmp_path)
    assert code == 1
    assert [(f["code"], f["cell"]) for f in findings] == [("META-YEAR-IMPLAUSIBLE", cell_of("gik_year")[1])]
    texts = forced_reports(path, "year 9999", tmp_path)
    assert all("9999" in text for text in texts.values())


@pytest.mark.parametrize("typed", [20255, 1e308], ids=["20255", "1e308"])
def test_report_force_with_a_mistyped_year_does_not_crash(demo, make_workbook, tmp_path, typed):
    demo["gik_year"] = typed
    texts = forced_reports(make_workbook(demo), f"year {typed}", tmp_path)
    for text in texts.values():
        assert "20255" not in text and "0" * 30 not in text


@pytest.mark.parametrize("year", [dt.MINYEAR - 1, 0, 20255, -2025, dt.MAXYEAR, dt.MAXYEAR + 1, 10**308])
def test_the_date_rules_skip_a_year_no_date_can_hold_in_models_made_in_code(year):
    values = demo_values()
    values["gik_year"] = year
    findings = list(run_checks(report_from_names(values), today=TODAY))
    assert [f.code for f in findings if (f.sheet, f.cell) == cell_of("gik_year")] == ["META-YEAR-IMPLAUSIBLE"]
    assert not [f for f in findings if f.code.startswith("META-DATE")]


def test_the_date_rules_still_work_at_the_edge_of_the_usable_years():
    values = demo_values()
    values["gik_year"], values["gik_date"] = dt.MAXYEAR - 1, dt.date(dt.MAXYEAR, 12, 1)
    codes = {f.code for f in run_checks(report_from_names(values), today=TODAY)}
    assert "META-DATE-LATE" in codes


@pytest.mark.parametrize(
    ("raw", "year"),
    [(2025, 2025), (2025.0, 2025), ("2025年", 2025), ("２０２５", 2025), (20255, None), (-2025, None),
     (1e308, None), (float("inf"), None), (float("nan"), None), ("0999", None), (True, None)],
)
def test_year_of_takes_four_digit_years_only(raw, year):
    assert year_of(raw) == year


# 2. A defined name stretched over the whole sheet -----------------------------------

def test_a_name_over_the_whole_sheet_is_refused_by_the_command_line(make_workbook, tmp_path):
    whole = f"<definedName name=\"gik_t3\">'{spec.TABLE3.sheet}'!$A$1:$XFD$1048576</definedName>".encode()

    def stretch(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            data, n = re.subn(rb'<definedName name="gik_t3">[^<]*</definedName>', whole, data)
            assert n == 1
        return data

    path = rezip(make_workbook(), tmp_path / "whole-sheet.xlsm", stretch)
    assert path.stat().st_size < 32 * 1024
    before = digest(path)
    run = run_bounded(["check", str(path)], name="defined name over the whole sheet", tmp=tmp_path)
    assert_clean_failure(run, code=2)
    rows, cols = spec.T3.shape
    assert f"定义名称 gik_t3 范围是 1048576×16384，应为 {rows}×{cols}" in run.err + run.out
    assert digest(path) == before


# 7. Numbers no count or amount can be ----------------------------------------------

@pytest.mark.parametrize("typed", [1e20, 1e308, "100000000000000000000", "9" * 400, float(MAX_FIGURE)],
                         ids=["1E+20", "1e308", "text-1E+20", "text-400-digits", "MAX_FIGURE"])
def test_a_huge_count_is_implausibly_large_never_a_wrapped_negative(demo, make_workbook, tmp_path, typed):
    demo["gik_t3"][0][0] = typed
    path = make_workbook(demo)
    code, findings = check_json(path, f"count {str(typed)[:24]}", tmp_path)
    assert code == 1
    sheet, cell = block_cell(spec.T3, "new", "natural")
    assert [(f["code"], f["sheet"], f["cell"]) for f in findings] == [("CELL-TOO-LARGE", sheet, cell)]
    assert "数字大得不合理" in findings[0]["message"] and "件数" in findings[0]["message"]
    assert WRAPPED not in json.dumps(findings)
    report = read_report(path)
    assert report.value("t3", "new", "natural") is None
    assert report.value("t3", "new", "total") is None  # a total over it is unknown, not wrapped
    (seen,) = report.observations
    assert seen.kind is Observed.TOO_LARGE


def test_the_largest_plausible_count_is_read_as_it_is(demo, make_workbook):
    demo["gik_t3"][0][0] = MAX_FIGURE - 1
    report = read_report(make_workbook(demo))
    assert report.observations == []
    assert report.value("t3", "new", "natural") == MAX_FIGURE - 1


def test_1e20_is_quoted_as_excel_shows_it(demo, make_workbook, tmp_path):
    demo["gik_t3"][0][0] = 1e20
    _, findings = check_json(make_workbook(demo), "count 1E+20 shown", tmp_path)
    assert findings[0]["message"] == (
        "表三“一、本年新收政府信息公开申请数量”“自然人”：填的是 1E+20，数字大得不合理；请核对后填写实际的件数"
    )


def test_huge_amounts_are_implausibly_large(demo, make_workbook, tmp_path):
    demo["gik_info_fee"], demo["gik_t2_fee"] = 1e20, [[1e308]]
    code, findings = check_json(make_workbook(demo), "amounts 1E+20 and 1e308", tmp_path)
    assert code == 1
    got = {(f["code"], f["sheet"], f["cell"]) for f in findings}
    assert got == {("CELL-TOO-LARGE", *cell_of("gik_info_fee")), ("CELL-TOO-LARGE", *cell_of("gik_t2_fee"))}
    assert all("金额" in f["message"] for f in findings)


def test_report_force_never_prints_a_wrapped_number(demo, make_workbook, tmp_path):
    demo["gik_t3"][0][0] = 1e20
    demo["gik_t4"][0][0] = 1e308
    demo["gik_info_fee"] = 1e20
    texts = forced_reports(make_workbook(demo), "huge figures", tmp_path)
    for ext, text in texts.items():
        assert WRAPPED not in text and "9223372036854775" not in text, ext
        assert "1" + "0" * 20 not in text and "0" * 30 not in text, ext


@pytest.mark.parametrize(
    ("raw", "kind"),
    [(1e20, Observed.TOO_LARGE), (-1e20, Observed.TOO_LARGE), ("1" + "0" * 20, Observed.TOO_LARGE),
     ("9" * 400 + "件", Observed.TOO_LARGE), ("１" + "０" * 20, Observed.TOO_LARGE),
     (float("inf"), Observed.NOT_FINITE)],
)
def test_the_reader_observes_huge_numbers_in_any_form(raw, kind):
    seen = number_or_seen(raw, money=False)
    assert seen == (kind, None)


def test_huge_numbers_in_text_fields_read_as_excel_shows_them():
    assert [text_of(v) for v in (1e308, 3.0, 2.5, float("inf"), -0.0)] == ["1E+308", "3", "2.5", "INF", "0"]


def test_a_model_made_in_code_with_an_implausible_figure_is_refused_not_summed():
    values = demo_values()
    values["gik_t3"][0][0] = 1e20
    with pytest.raises(ValueError, match="no count or amount"):
        report_from_names(values)


# 8. Excel's _xHHHH_ escapes -----------------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PROSE = "第一段_x000D_\n第二段"
LITERAL = "编号_x005F_x000D_照印"


def _with_shared_strings(tmp_path: Path, make_workbook, demo) -> Path:
    """A workbook whose prose sits in shared strings holding Excel's escapes, as Excel
    writes text pasted from Word (the builder writes inline strings: move them)."""
    stored = {"@@PROSE@@": PROSE, "@@LITERAL@@": LITERAL}
    demo["gik_s1_active"], demo["gik_s6_other"] = stored
    src = make_workbook(demo)
    sst = "".join(f"<si><t>{text}</t></si>" for text in stored.values())
    sst_xml = (f'<sst xmlns="{MAIN_NS}" count="{len(stored)}" uniqueCount="{len(stored)}">{sst}</sst>').encode()

    def share(name: str, data: bytes) -> bytes:
        for i, placeholder in enumerate(stored):
            data = data.replace(b't="inlineStr"><is><t>%s</t></is>' % placeholder.encode(), b't="s"><v>%d</v>' % i)
        if name == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", (
                f'<Relationship Type="{RELS_NS}/sharedStrings" Target="/xl/sharedStrings.xml" Id="rIdSST"/>'
                "</Relationships>").encode())
        if name == "[Content_Types].xml":
            data = data.replace(b"</Types>", (
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
        return data

    path = rezip(src, tmp_path / "escapes.xlsm", share)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", sst_xml)
        assert not any(b"@@" in zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    return path


def test_escapes_in_shared_strings_are_decoded(demo, make_workbook, tmp_path):
    report = read_report(_with_shared_strings(tmp_path, make_workbook, demo))
    assert report.prose("s1_active") == "第一段\r\n第二段"
    assert report.prose("s6_other") == "编号_x000D_照印"


def test_escapes_in_inline_strings_are_decoded(demo, make_workbook, tmp_path):
    demo["gik_org"] = "@@ORG@@"
    member = sheet_member(make_workbook(demo), cell_of("gik_org")[0])

    def escape(name: str, data: bytes) -> bytes:
        return data.replace(b"@@ORG@@", "青山县_x000D_人民政府".encode()) if name == member else data

    path = rezip(make_workbook(demo), tmp_path / "inline.xlsm", escape)
    assert read_report(path).org == "青山县\r人民政府"


def test_report_prints_no_escape(demo, make_workbook, tmp_path):
    texts = forced_reports(_with_shared_strings(tmp_path, make_workbook, demo), "_x000D_ escapes", tmp_path)
    texts["md"] = texts["md"].replace("\\_", "_")  # markdown escapes underscores
    for ext, text in texts.items():
        assert text.count("_x000D_") == 1 and "编号_x000D_照印" in text, ext  # only the one the clerk typed
        assert "_x005F_" not in text and "\r" not in text.replace("\r\n", "\n"), ext
    md = texts["md"]
    assert re.search(r"第一段\s*\n+\s*第二段", md)


@pytest.mark.parametrize(
    ("stored", "text"),
    [("a_x000D_b", "a\rb"), ("a_x000d_b", "a\rb"), ("_x005F_x000D_", "_x000D_"), ("_x005F_", "_"),
     ("_xD83D__xDE00_", "\U0001f600"), ("_xD83D_", "\ufffd"), ("_x00", "_x00"), ("_xZZZZ_", "_xZZZZ_"),
     ("__x0041__", "_A_"), ("无转义", "无转义")],
)
def test_unescape(stored, text):
    assert unescape(stored) == text


# 13d. A sheet of 600,000 rows ---------------------------------------------------------

EXTRA_ROWS = 600_000


def _rows_below(first: int, count: int) -> bytes:
    return b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="D%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r, r, r)
        for r in range(first, first + count)
    )


def test_a_sheet_of_600000_rows_is_read_within_bounds(demo, make_workbook, tmp_path):
    src = make_workbook(demo)
    member = sheet_member(src, spec.TABLE3.sheet)

    def grow(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        last = max(int(r) for r in re.findall(rb'<row r="(\d+)"', data))
        head, tail = data.split(b"</sheetData>")
        return head + _rows_below(last + 1, EXTRA_ROWS) + b"</sheetData>" + tail

    path = rezip(src, tmp_path / "tall.xlsm", grow)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo(member).file_size > 40 * 1024 * 1024
    before = digest(path)
    run = run_bounded(["check", "--json", str(path)], name="600,000 rows below table 3", tmp=tmp_path)
    assert run.code == 0, (run.code, run.err[-2000:])
    assert json.loads(run.out) == []  # the demo's findings: none
    assert digest(path) == before
    print(f"600,000 rows: {run.seconds:.2f} s, peak {run.peak_mb:.0f} MB")


def test_cells_of_a_tall_sheet_are_read_and_the_rest_is_not(demo, make_workbook, tmp_path):
    # The rows past the table are never parsed: broken XML there goes unnoticed.
    src = make_workbook(demo)
    member = sheet_member(src, spec.TABLE3.sheet)

    def grow(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        head, tail = data.split(b"</sheetData>")
        return head + _rows_below(10_000, 10) + b"<row r='20000'><c><v>1</broken>" + b"</sheetData>" + tail

    report = read_report(rezip(src, tmp_path / "tail.xlsm", grow))
    assert report.observations == []
    assert report.to_dict() == report_from_names(demo_values()).to_dict()


BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10) for i in range(1, 10))
        + b"]>")


def test_a_streamed_sheet_with_a_dtd_is_refused_as_damaged(demo, make_workbook, tmp_path):
    src = make_workbook(demo)
    member = sheet_member(src, spec.TABLE3.sheet)

    def bomb(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        return BOMB + re.sub(rb"^<\?xml[^>]*\?>", b"", data).replace(b"<sheetData>", b"<sheetData>&lol9;", 1)

    path = rezip(src, tmp_path / "laughs.xlsm", bomb)
    before = digest(path)
    run = run_bounded(["check", str(path)], name="entity expansion in a streamed sheet", tmp=tmp_path)
    assert_clean_failure(run, code=2)
    assert f"部件 {member} 已损坏" in run.err + run.out
    assert digest(path) == before


# The live Book reader shares the parser: the same observations -------------------------

def test_the_live_book_reader_sees_huge_numbers_and_years_alike(demo, make_workbook, monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial"))
    import xlwings as xw

    from checks_helpers import cell_findings
    from gikxl.workbook.xlbook import report_from_book
    from remote_book import payload_of, set_cell

    payload = payload_of(make_workbook(demo))
    count, year = block_cell(spec.T3, "new", "natural"), cell_of("gik_year")
    set_cell(payload, *count, 1e20)
    set_cell(payload, *year, 1e308)
    report = report_from_book(xw.Book(json=payload))
    assert report.year is None and report.value("t3", "new", "natural") is None
    got = {(f.code, f.sheet, f.cell): f.message for f in cell_findings(report)}
    assert set(got) == {("CELL-TOO-LARGE", *count), ("CELL-BAD-YEAR", *year)}
    assert "1E+20" in got[("CELL-TOO-LARGE", *count)] and "1E+308" in got[("CELL-BAD-YEAR", *year)]
