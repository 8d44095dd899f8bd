"""Real published reports (``../shared/real/``): every cell as published, and findings only about the report.

The files are public PDFs printed from Word by the bodies themselves; they are not committed, and
every test here skips, saying why, where the folder is absent (see :mod:`real_reports`).
"""

from __future__ import annotations

import json

import pytest

from gikxl.__main__ import main
from gikxl.checks.engine import run_checks
from gikxl.checks.findings import Severity
from gikxl.checks.located import located
from gikxl.published import import_report
from real_reports import REAL, cell_count, cell_differences, expected, field_differences, real_files

FILES = real_files() or ["(absent)"]


@pytest.fixture(scope="module")
def imported():
    want = expected()
    return {name: import_report(REAL / name) for name in want}


@pytest.mark.parametrize("name", FILES)
def test_every_table_cell_is_read_as_published(name, imported):
    want = expected()[name]
    assert cell_differences(imported[name], want) == [], f"of {cell_count(want)} cells"
    # and every one of them was read, none left to a note
    assert [m.name for m in imported[name].missing if m.block] == []


@pytest.mark.parametrize("name", FILES)
def test_org_year_and_fee_as_published(name, imported):
    assert field_differences(imported[name], expected()[name]) == []


@pytest.mark.parametrize("name", FILES)
def test_every_figure_proves_its_source(name, imported):
    """A figure's source is the cell it stood in: its snippet holds that number."""
    report = imported[name].report
    for key, src in imported[name].sources.items():
        if key.count(".") != 2:
            continue
        value = report.value(*key.split("."))
        if value is None:
            continue
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        assert shown in src.snippet.replace(",", ""), (key, src)
        assert src.page and src.table and src.row and src.col, (key, src)


@pytest.mark.parametrize("name", FILES)
def test_the_only_errors_are_the_reports_own(name, imported):
    found = located(run_checks(imported[name].report), imported[name])
    errors = sorted((f.code, f.cell.split("“")[0]) for f in found if f.severity is Severity.ERROR)
    defects = expected()[name]["defects"]
    if not defects:
        assert errors == []
        assert not [f for f in found if f.severity is Severity.WARNING]
        return
    # 洪泽 2023: table 4's 复议 总计 and 复议后起诉 总计 are published as 0 beside parts of 10+1 and 5
    assert [code for code, _ in errors] == ["T4-GROUP-TOTAL", "T4-GROUP-TOTAL"]
    assert {f.expected for f in found if f.code == "T4-GROUP-TOTAL"} == {11, 5}
    assert all(f.cell.startswith("第4页") for f in found if f.severity is Severity.ERROR)


@pytest.mark.parametrize("name", FILES)
def test_what_the_reader_could_not_read_is_a_note_never_an_error(name, imported, capsys):
    status = main(["check", str(REAL / name), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert status == (1 if expected()[name]["defects"] else 0)
    codes = {f["code"] for f in out if f["severity"] in ("error", "warning")}
    assert not codes & {"CELL-BLANK", "PROSE-SECTION-EMPTY", "S6-INFO-FEE-MISSING", "META-DATE-MISSING",
                        "META-LEVEL-MISSING"}
    # no printed 成文日期 is at most a note
    assert any("成文日期" in f["message"] for f in out if f["severity"] == "note")
    # every finding points into the file, never at a workbook cell
    assert all("!" not in f["cell"] and not f["cell"][:1].isascii() for f in out if f["cell"])


def test_the_county_office_sees_each_report_as_it_deserves(tmp_path, capsys):
    """A folder of the real PDFs: 通过 for the consistent one, 有错误 only for the true defects."""
    want = expected()
    folder = tmp_path / "各单位年报"
    folder.mkdir()
    for name in want:
        (folder / name).write_bytes((REAL / name).read_bytes())
    main(["audit", str(folder), "-o", str(tmp_path / "out"), "--json"])
    units = {u["file"]: u for u in json.loads(capsys.readouterr().out)["units"]}
    for name, facts in want.items():
        unit = units[name]
        assert unit["status"] == ("有错误" if facts["defects"] else "通过"), name
        assert unit["errors"] == len(facts["defects"])
        assert all(f["cell"].startswith("第") for f in unit["findings"] if f["cell"])
        # the reader's gaps are the notes, apart; a level the name does not tell among them, never an error
        assert any("成文日期" in n["message"] for n in unit["reading_notes"])
        assert not [f for f in unit["findings"] if f["code"].startswith("META-")]
        assert unit["level"] == ("县级人民政府" if "区" in facts["org"] else "")
        assert any("机关层级" in n["message"] for n in unit["reading_notes"]) == (not unit["level"])
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "out" / "年报审核汇总.xlsx", read_only=True)
    assert "读取说明" in wb.sheetnames
    listed = [row for row in wb["问题清单"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert all(not str(row[3]).startswith("B") and "!" not in str(row[3]) for row in listed)
