"""LibreOffice as an independent reader of the template: opens, recalculates, prints."""

from __future__ import annotations

import openpyxl
import pytest

from gikxl import spec
from gikxl.builder import TEMPLATE_PATH
from gikxl.layout import balance_check_row, block_cell
from gikxl.model import report_from_names
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
