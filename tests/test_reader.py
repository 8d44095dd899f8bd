"""Reading workbooks back: exact round trip, located faults, typed constants, unusable files."""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bad_files import UNUSABLE
from checks_helpers import cell_findings
from gikxl import spec
from gikxl.errors import TemplateVersionError, UnusableWorkbook
from gikxl.template.layout import anchors, block_cell, column_letter
from gikxl.workbook import read_report
from gikxl.workbook.model import Observed, report_from_names


def edited(path: Path, changes: dict[tuple[str, str], object], suffix: str = ".xlsx") -> Path:
    """A copy of ``path`` with cells changed through openpyxl (which drops cached values)."""
    wb = openpyxl.load_workbook(path, keep_vba=suffix == ".xlsm")
    for (sheet, addr), value in changes.items():
        wb[sheet][addr].value = value
    out = path.with_name(path.stem + "-edited" + suffix)
    wb.save(out)
    return out


def t3(row: str, col: str) -> tuple[str, str]:
    return block_cell(spec.T3, row, col)


def test_filled_workbook_reads_back_to_the_same_model(demo, make_workbook):
    report = read_report(make_workbook(demo))
    assert report.observations == []
    assert report.overridden == frozenset()
    assert report.to_dict() == report_from_names(demo).to_dict()
    assert report.date == dt.date(2026, 3, 20) and report.level == "县级人民政府"
    assert report.value("t3", "total", "total") == 47


def test_round_trip_after_openpyxl_save_without_cached_values(demo, make_workbook):
    # openpyxl writes formulas without results: totals must be recomputed, not read as blank.
    path = edited(make_workbook(demo), {})
    report = read_report(path)
    assert report.observations == []
    assert report.to_dict() == report_from_names(demo).to_dict()


def test_blank_template_reads_blank_not_zero(make_workbook):
    report = read_report(make_workbook())
    assert report.value("t3", "new", "natural") is None
    blank = [o for o in report.observations if o.kind is Observed.BLANK]
    inputs = sum(
        1 for b in spec.BLOCKS.values() for r in b.rows for c in b.cols if not b.is_derived(r.key, c.key)
    )
    assert len(blank) == len(report.observations) == inputs
    assert report.fields["org"] is None and report.fields["s1_active"] == ""


@pytest.mark.parametrize(
    ("typed", "code", "expected"),
    [
        (None, "CELL-BLANK", 0),
        ("3件", "CELL-UNIT", 3),
        ("３", "CELL-FULLWIDTH", 3),
        ("—", "CELL-PLACEHOLDER", 0),
        ("/", "CELL-PLACEHOLDER", 0),
        ("无", "CELL-PLACEHOLDER", 0),
        ("不适用", "CELL-PLACEHOLDER", 0),
        ("3", "CELL-TEXT-NUMBER", 3),
        ("约三件", "CELL-TEXT", None),
        (2.5, "CELL-NOT-INT", None),
        (-1, "CELL-NEGATIVE", None),
        ("#REF!", "CELL-ERROR", None),
        (True, "CELL-TEXT", None),
    ],
)
def test_each_bad_cell_is_reported_where_it_is(demo, make_workbook, typed, code, expected):
    sheet, addr = t3("granted", "business")
    path = edited(make_workbook(demo), {(sheet, addr): typed})
    report = read_report(path)
    (fault,) = cell_findings(report)
    assert (fault.code, fault.sheet, fault.cell, fault.expected) == (code, sheet, addr, expected)
    (seen,) = report.observations
    assert (seen.name, seen.row, seen.col) == ("gik_t3", "granted", "business")
    assert report.value("t3", "granted", "business") is None
    # Never silently 0: a total over the unreadable cell is unknown, not a smaller number.
    assert report.value("t3", "total", "business") is None


def test_money_allows_decimals_but_not_negative(demo, make_workbook):
    sheet, addr = anchors()["gik_t2_fee"].sheet, anchors()["gik_t2_fee"].cell()
    assert read_report(edited(make_workbook(demo), {(sheet, addr): 12.35})).value("t2_fee", "fee", "amount") == 12.35
    (fault,) = cell_findings(read_report(edited(make_workbook(demo), {(sheet, addr): -2})))
    assert fault.code == "CELL-NEGATIVE" and fault.cell == addr


def test_typed_constant_over_a_formula_is_kept(demo, make_workbook):
    sheet, addr = t3("total", "natural")
    report = read_report(edited(make_workbook(demo), {(sheet, addr): 40}, suffix=".xlsm"))
    assert report.value("t3", "total", "natural") == 40
    assert report.overridden == frozenset({("t3", "total", "natural")})
    # The grand total follows the typed value, as Excel's formula would.
    assert report.value("t3", "total", "total") == 48


@pytest.mark.parametrize(
    ("name", "typed", "code"),
    [
        ("gik_level", "乡镇", "CELL-BAD-LEVEL"),
        ("gik_year", "二〇二五", "CELL-BAD-YEAR"),
        ("gik_date", "下月", "CELL-BAD-DATE"),
        ("gik_info_fee", "无", "CELL-PLACEHOLDER"),
    ],
)
def test_bad_basic_facts(demo, make_workbook, name, typed, code):
    a = anchors()[name]
    (fault,) = cell_findings(read_report(edited(make_workbook(demo), {(a.sheet, a.cell()): typed})))
    assert (fault.code, fault.sheet, fault.cell) == (code, a.sheet, a.cell())


@pytest.mark.parametrize("typed", ["2026年3月20日", "2026/3/20", "2026-03-20", dt.datetime(2026, 3, 20)])
def test_dates_in_the_forms_clerks_type(demo, make_workbook, typed):
    a = anchors()["gik_date"]
    assert read_report(edited(make_workbook(demo), {(a.sheet, a.cell()): typed})).date == dt.date(2026, 3, 20)


# Unusable files ---------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(UNUSABLE))
def test_unusable_files_get_one_clear_message(tmp_path, make_workbook, case):
    make, words = UNUSABLE[case]
    path = make(tmp_path, make_workbook)
    with pytest.raises(UnusableWorkbook) as info:
        read_report(path)
    assert words in str(info.value)
    assert info.value.exit_code == 2
    if case == "version":
        assert isinstance(info.value, TemplateVersionError)


def test_a_name_stretched_over_the_whole_sheet_is_refused_at_once(make_workbook, tmp_path):
    # The shape must come from the range's corners: listing the addresses of
    # $A$1:$XFD$1048576 first would mean some 17 billion of them.
    path = tmp_path / "whole-sheet.xlsm"
    whole = f"<definedName name=\"gik_t3\">'{spec.TABLE3.sheet}'!$A$1:$XFD$1048576</definedName>"
    with zipfile.ZipFile(make_workbook()) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/workbook.xml":
                data, n = re.subn(rb'<definedName name="gik_t3">[^<]*</definedName>', whole.encode(), data)
                assert n == 1
            zout.writestr(item, data)
    start = time.perf_counter()
    with pytest.raises(UnusableWorkbook) as info:
        read_report(path)
    assert time.perf_counter() - start < 0.5
    rows, cols = spec.T3.shape
    assert str(info.value) == (
        f"文件“whole-sheet.xlsm”的定义名称 gik_t3 范围是 1048576×16384，应为 {rows}×{cols}。"
        "模板可能被改动过，请用新模板重新填报。"
    )


def test_rich_text_is_read_as_its_plain_text(demo, make_workbook):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    a = anchors()["gik_org"]
    rich = CellRichText("青山县", TextBlock(InlineFont(b=True), "人民政府"))
    assert read_report(edited(make_workbook(demo), {(a.sheet, a.cell()): rich})).org == "青山县人民政府"


# Finding things through the defined names ---------------------------------------

def _fill_through_names(path: Path, values: dict) -> None:
    """Write ``values`` into the cells the workbook's own defined names point at (not our layout)."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for name, value in values.items():
        ((sheet, ref),) = wb.defined_names[name].destinations
        cells = wb[sheet][ref.replace("$", "")]
        rows = cells if isinstance(cells, tuple) else ((cells,),)
        grid = value if isinstance(value, list) else [[value]]
        for cell_row, value_row in zip(rows, grid, strict=True):
            for cell, v in zip(cell_row, value_row, strict=True):
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    cell.value = v
    wb.save(path)


def test_template_filled_through_its_defined_names_reads_back_the_same(demo, tmp_path):
    from gikxl.template.builder import TEMPLATE_PATH

    path = tmp_path / "filled.xlsm"
    path.write_bytes(TEMPLATE_PATH.read_bytes())
    _fill_through_names(path, demo)
    report = read_report(path)
    assert report.observations == [] and report.overridden == frozenset()
    assert report.to_dict() == report_from_names(demo).to_dict()
    assert list(report.tables["t3"].rows) == [r.key for r in spec.T3.rows]
    assert list(report.tables["t3"].cols) == [c.key for c in spec.T3.cols]


def test_renamed_sheet_and_moved_table_are_found_through_the_names(demo, make_workbook, tmp_path):
    # What Excel does when a clerk renames the sheet and inserts two rows above the
    # table: the defined name follows. The reader must follow it too.
    wb = openpyxl.load_workbook(make_workbook(demo))
    ws = wb[spec.TABLE3.sheet]
    ws.title = "表三"
    ws.insert_rows(1, 2)
    a = anchors()["gik_t3"]
    moved = a.row + 2
    first, last = column_letter(a.col), column_letter(a.col + 6)
    wb.defined_names["gik_t3"].attr_text = f"'表三'!${first}${moved}:${last}${moved + 24}"
    ws.cell(moved + 2, a.col + 1).value = "3件"  # granted × business, in its new place
    path = tmp_path / "moved.xlsx"
    wb.save(path)
    report = read_report(path)
    (fault,) = report.observations
    assert (fault.sheet, fault.cell, fault.row, fault.col) == (
        "表三", f"{column_letter(a.col + 1)}{moved + 2}", "granted", "business"
    )
    expected = report_from_names(demo).to_dict()
    got = report.to_dict()
    assert got["fields"] == expected["fields"] and got["tables"]["t4"] == expected["tables"]["t4"]
    assert report.value("t3", "new", "natural") == 38


def test_formula_in_an_input_cell(demo, make_workbook, tmp_path):
    # A clerk may type =2+1 into a figure cell. Excel stores the result (3) with the
    # formula; a file written by a program that does not calculate has no result,
    # and that cell must not pass for blank (or for 0).
    s_calc, calculated = t3("granted", "business")
    s_none, uncalculated = t3("granted", "research")
    src = edited(make_workbook(demo), {(s_calc, calculated): "=2+1", (s_none, uncalculated): "=1+1"})
    path = tmp_path / "formulas.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if b"<f>2+1</f>" in data:
                data = data.replace(b"<f>2+1</f><v></v>", b"<f>2+1</f><v>3</v>")
            zout.writestr(item, data)
    report = read_report(path)
    assert report.value("t3", "granted", "business") == 3
    (fault,) = cell_findings(report)
    (seen,) = report.observations
    assert (fault.code, fault.cell, str(seen.raw)) == ("CELL-ERROR", uncalculated, "#公式未计算")
    assert report.value("t3", "granted", "research") is None
    # The clerk is told what happened, not shown an error value Excel never displayed.
    from gikxl.checks.engine import run_checks

    (found,) = [f for f in run_checks(report) if f.code == "CELL-ERROR"]
    assert found.cell == uncalculated and "没有它的计算结果" in found.message and "错误值" not in found.message


def _without_redundant_r(xml: bytes) -> tuple[bytes, int]:
    """Sheet XML with every ``r`` attribute dropped that its position already implies."""
    import re

    out, dropped, row_no = [], 0, 0
    for piece in re.split(rb"(<row [^>]*>|<c [^>]*>)", xml):
        m = re.match(rb'<(row|c) (.*?)r="([A-Z]*)(\d+)"', piece)
        if m and m.group(1) == b"row":
            expected_row, row_no = row_no + 1, int(m.group(4))
            col_no = 0
            if row_no == expected_row:
                piece, dropped = piece.replace(b' r="%d"' % row_no, b"", 1), dropped + 1
        elif m:
            col = sum((ch - 64) * 26**i for i, ch in enumerate(reversed(m.group(3))))
            if col == col_no + 1:
                piece, dropped = piece.replace(b' r="' + m.group(3) + m.group(4) + b'"', b"", 1), dropped + 1
            col_no = col
        out.append(piece)
    return b"".join(out), dropped


def test_cells_and_rows_without_their_optional_addresses(demo, make_workbook, tmp_path):
    src = make_workbook(demo)
    path = tmp_path / "no-r.xlsm"
    total = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, dropped = _without_redundant_r(data)
                total += dropped
            zout.writestr(item, data)
    assert total > 300  # most cells lost their address
    report = read_report(path)
    assert report.observations == []
    assert report.to_dict() == report_from_names(demo).to_dict()
