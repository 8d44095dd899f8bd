"""Reading workbooks back: exact round trip, located faults, typed constants, unusable files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from gikxl import spec
from gikxl.errors import TemplateVersionError, UnusableWorkbook
from gikxl.layout import anchors, block_cell
from gikxl.model import report_from_names
from gikxl.reader import read_report


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
    assert report.faults == []
    assert report.overridden == frozenset()
    assert report.to_dict() == report_from_names(demo).to_dict()
    assert report.date == dt.date(2026, 3, 20) and report.level == "县级人民政府"
    assert report.value("t3", "total", "total") == 47


def test_round_trip_after_openpyxl_save_without_cached_values(demo, make_workbook):
    # openpyxl writes formulas without results: totals must be recomputed, not read as blank.
    path = edited(make_workbook(demo), {})
    report = read_report(path)
    assert report.faults == []
    assert report.to_dict() == report_from_names(demo).to_dict()


def test_blank_template_reads_blank_not_zero(make_workbook):
    report = read_report(make_workbook())
    assert report.value("t3", "new", "natural") is None
    blank = [f for f in report.faults if f.code == "CELL-BLANK"]
    inputs = sum(
        1 for b in spec.BLOCKS.values() for r in b.rows for c in b.cols if not b.is_derived(r.key, c.key)
    )
    assert len(blank) == len(report.faults) == inputs
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
    (fault,) = report.faults
    assert (fault.code, fault.sheet, fault.cell, fault.expected) == (code, sheet, addr, expected)
    assert (fault.name, fault.row, fault.col) == ("gik_t3", "granted", "business")
    assert report.value("t3", "granted", "business") is None
    # Never silently 0: a total over the unreadable cell is unknown, not a smaller number.
    assert report.value("t3", "total", "business") is None


def test_money_allows_decimals_but_not_negative(demo, make_workbook):
    sheet, addr = anchors()["gik_t2_fee"].sheet, anchors()["gik_t2_fee"].cell()
    assert read_report(edited(make_workbook(demo), {(sheet, addr): 12.35})).value("t2_fee", "fee", "amount") == 12.35
    (fault,) = read_report(edited(make_workbook(demo), {(sheet, addr): -2})).faults
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
    (fault,) = read_report(edited(make_workbook(demo), {(a.sheet, a.cell()): typed})).faults
    assert (fault.code, fault.sheet, fault.cell) == (code, a.sheet, a.cell())


@pytest.mark.parametrize("typed", ["2026年3月20日", "2026/3/20", "2026-03-20", dt.datetime(2026, 3, 20)])
def test_dates_in_the_forms_clerks_type(demo, make_workbook, typed):
    a = anchors()["gik_date"]
    assert read_report(edited(make_workbook(demo), {(a.sheet, a.cell()): typed})).date == dt.date(2026, 3, 20)


# Unusable files ---------------------------------------------------------------

def _not_gikxl(tmp_path: Path) -> Path:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    return path


def _without_name(tmp_path: Path, make_workbook) -> Path:
    wb = openpyxl.load_workbook(make_workbook())
    del wb.defined_names["gik_t4"]
    wb.save(tmp_path / "noname.xlsx")
    return tmp_path / "noname.xlsx"


def _without_sheet(tmp_path: Path, make_workbook) -> Path:
    wb = openpyxl.load_workbook(make_workbook())
    del wb[spec.TABLE4.sheet]
    wb.save(tmp_path / "nosheet.xlsx")
    return tmp_path / "nosheet.xlsx"


def _other_version(tmp_path: Path, make_workbook) -> Path:
    wb = openpyxl.load_workbook(make_workbook())
    wb.defined_names[spec.TEMPLATE_NAME].attr_text = '"gikxl-2019.1"'
    wb.save(tmp_path / "old.xlsx")
    return tmp_path / "old.xlsx"


def _zip_bomb(tmp_path: Path, make_workbook) -> Path:
    src = make_workbook()
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr("xl/media/zeros.bin", b"\0" * (20 * 1024 * 1024))
    return path


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


UNUSABLE = {
    "empty": (lambda tmp, mk: _file(tmp, "empty.xlsx", b""), "空文件"),
    "text": (lambda tmp, mk: _file(tmp, "notes.xlsx", "年报".encode()), "不是 Excel 工作簿"),
    # Password-protected OOXML is an OLE compound file holding the encrypted package.
    "encrypted": (lambda tmp, mk: _file(tmp, "locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024), "已加密"),
    "missing": (lambda tmp, mk: tmp / "nowhere.xlsx", "找不到文件"),
    "not_gikxl": (lambda tmp, mk: _not_gikxl(tmp), "不是用 gikxl 年报模板"),
    "no_name": (_without_name, "gik_t4"),
    "no_sheet": (_without_sheet, spec.TABLE4.sheet),
    "version": (_other_version, "gikxl-2019.1"),
    "zip_bomb": (_zip_bomb, "为安全起见"),
}


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


def test_rich_text_is_read_as_its_plain_text(demo, make_workbook):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    a = anchors()["gik_org"]
    rich = CellRichText("青山县", TextBlock(InlineFont(b=True), "人民政府"))
    assert read_report(edited(make_workbook(demo), {(a.sheet, a.cell()): rich})).org == "青山县人民政府"
