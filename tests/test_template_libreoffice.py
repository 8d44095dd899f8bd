"""LibreOffice as an independent reader of the template: opens, recalculates, prints."""

from __future__ import annotations

import openpyxl
import pytest

from checks_helpers import cell_findings
from gikxl import spec
from gikxl.template.builder import TEMPLATE_PATH
from gikxl.template.layout import balance_check_row, block_cell
from gikxl.workbook import read_report
from gikxl.workbook.model import Observed, report_from_names
from lo import convert, needs_soffice

pytestmark = [needs_soffice, pytest.mark.libreoffice]


def test_template_exports_to_pdf(tmp_path):
    pdf = convert(TEMPLATE_PATH, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_libreoffice_computes_the_same_totals(demo, make_workbook, tmp_path):
    src = make_workbook(demo, name="demo.xlsm")
    out = tmp_path / "lo"
    out.mkdir()
    recalculated = convert(src, "xlsx", out)
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    expected = report_from_names(demo)
    for block in (spec.T3, spec.T4):
        for r in block.rows:
            for c in block.cols:
                sheet, addr = block_cell(block, r.key, c.key)
                assert wb[sheet][addr].value == expected.value(block.key, r.key, c.key), (sheet, addr)
    # The live 勾稽关系 check row says 平衡 for every column of a consistent table.
    ws = wb[spec.TABLE3.sheet]
    assert [ws.cell(balance_check_row(), c).value for c in range(4, 11)] == ["平衡"] * 7
    # A clerk's round trip through another program: the re-saved file reads back the same.
    again = read_report(recalculated)
    assert again.observations == [] and again.overridden == frozenset()
    assert again.to_dict() == expected.to_dict()


def test_bad_cells_survive_a_libreoffice_save(demo, make_workbook, tmp_path):
    # LibreOffice stores its own results and error values; the reader must still
    # find each bad cell where the clerk left it, and the total typed over a formula.
    src = make_workbook(demo, name="bad.xlsm")
    wb = openpyxl.load_workbook(src, keep_vba=True)
    cells = {
        block_cell(spec.T3, "granted", "business"): "3件",
        block_cell(spec.T3, "granted", "research"): "３",
        block_cell(spec.T3, "partial", "natural"): "=1/0",
        block_cell(spec.T3, "partial", "business"): "=2+1",
        block_cell(spec.T3, "total", "natural"): 40,
    }
    for (sheet, addr), value in cells.items():
        wb[sheet][addr] = value
    wb.save(src)
    out = tmp_path / "lo"
    out.mkdir()
    report = read_report(convert(src, "xlsx", out))
    faults = {(f.sheet, f.cell): (f.code, f.expected) for f in cell_findings(report)}
    assert faults == {
        block_cell(spec.T3, "granted", "business"): ("CELL-UNIT", 3),
        block_cell(spec.T3, "granted", "research"): ("CELL-FULLWIDTH", 3),
        block_cell(spec.T3, "partial", "natural"): ("CELL-ERROR", None),
    }
    assert str(next(o.raw for o in report.observations if o.kind is Observed.ERROR_VALUE)) == "#DIV/0!"
    assert report.value("t3", "partial", "business") == 3  # LibreOffice stored the formula's result
    assert report.overridden == frozenset({("t3", "total", "natural")})
    assert report.value("t3", "total", "natural") == 40
