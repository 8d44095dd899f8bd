"""The built template: defined names, official labels, protection, validation, formulas."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from gikxl import spec
from gikxl.builder import TEMPLATE_PATH, build_workbook
from gikxl.headers import spans
from gikxl.layout import anchors, block_cell, column_letter


@pytest.fixture(scope="module")
def wb():
    return openpyxl.load_workbook(io.BytesIO(build_workbook()))


def test_sheets_in_report_order(wb):
    assert wb.sheetnames == list(spec.SHEET_ORDER)


def test_every_defined_name_has_its_shape(wb):
    for name in spec.defined_names():
        defined = wb.defined_names[name.name]
        (sheet, ref), = list(defined.destinations)
        assert sheet == name.sheet
        cells = wb[sheet][ref]
        rows = cells if isinstance(cells, tuple) else ((cells,),)
        rows = rows if isinstance(rows[0], tuple) else (rows,)
        assert (len(rows), len(rows[0])) == name.shape, name.name


def test_template_version_name(wb):
    assert wb.defined_names[spec.TEMPLATE_NAME].attr_text == f'"{spec.TEMPLATE_VERSION}"'


def test_defined_names_are_the_contract():
    expected = {
        "gik_org", "gik_level", "gik_year", "gik_date", "gik_t2_rules", "gik_t2_permit", "gik_t2_enforce",
        "gik_t2_fee", "gik_t3", "gik_t4", "gik_intro", "gik_s1_active", "gik_s1_request", "gik_s1_manage",
        "gik_s1_platform", "gik_s1_oversight", "gik_s5_problems", "gik_s5_improve", "gik_s6_other",
        "gik_info_fee",
    }
    assert {n.name for n in spec.defined_names()} == expected
    shapes = {n.name: n.shape for n in spec.defined_names()}
    assert shapes["gik_t3"] == (25, 7) and shapes["gik_t4"] == (1, 15) and shapes["gik_t2_rules"] == (2, 3)


def test_table3_labels_sit_left_of_their_row(wb):
    ws = wb[spec.TABLE3.sheet]
    a = anchors()["gik_t3"]
    for s in spans([r.path for r in spec.T3.rows], spec.TABLE3.label_cols):
        assert ws.cell(a.row + s.first, 1 + s.level).value == s.text
    assert ws.cell(a.row, 1).value == "一、本年新收政府信息公开申请数量"
    assert ws.cell(a.row + 24, 1).value == "四、结转下年度继续办理"
    assert ws.cell(a.row + 23, 2).value == "（七）总计"
    assert ws.cell(2, 1).value == spec.TABLE3.note


def test_table3_header_is_merged_like_the_official_table(wb):
    ws = wb[spec.TABLE3.sheet]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4"} <= merged
    assert [ws.cell(4, c).value for c in range(5, 10)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    # 三、本年度办理结果 spans rows 3–24 of the table; （三）不予公开 its eight rows.
    assert "A7:A28" in merged and "B9:B16" in merged


def test_table4_header(wb):
    ws = wb[spec.TABLE4.sheet]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:E2", "F2:O2", "F3:J3", "K3:O3", "A3:A4"} <= merged
    assert ws["A2"].value == "行政复议" and ws["F3"].value == "未经复议直接起诉" and ws["K3"].value == "复议后起诉"


def test_table2_blocks(wb):
    ws = wb[spec.TABLE2.sheet]
    labels = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for block in spec.TABLE2.blocks:
        assert block.heading in labels
        assert all(c.label in labels for c in block.cols)
        assert all(r.label in labels for r in block.rows)
    assert "本年度止件数" not in labels  # the mis-typed header seen in real reports


def test_totals_are_formulas(wb):
    ws = wb[spec.TABLE3.sheet]
    sheet, addr = block_cell(spec.T3, "total", "natural")
    assert ws[addr].value == "=SUM(D7:D27)"
    _, addr = block_cell(spec.T3, "new", "total")
    assert ws[addr].value == "=SUM(D5:I5)"
    ws4 = wb[spec.TABLE4.sheet]
    _, addr = block_cell(spec.T4, "count", "review_total")
    assert ws4[addr].value == "=SUM(A5:D5)"


def test_inputs_unlocked_everything_else_protected(wb):
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert not ws.protection.password
    t3 = wb[spec.TABLE3.sheet]
    _, inp = block_cell(spec.T3, "new", "natural")
    _, tot = block_cell(spec.T3, "total", "natural")
    assert t3[inp].protection.locked is False
    assert t3[tot].protection.locked is True
    assert t3["A5"].protection.locked is True
    _, org = next((a.sheet, a.cell()) for n, a in anchors().items() if n == "gik_org")
    assert wb[spec.INFO_SHEET.name][org].protection.locked is False


def _validations(ws):
    return {str(ref): dv for dv in ws.data_validations.dataValidation for ref in dv.sqref.ranges}


def test_data_validation(wb):
    t3 = _validations(wb[spec.TABLE3.sheet])
    _, inp = block_cell(spec.T3, "new", "natural")
    assert t3[inp].type == "whole" and t3[inp].operator == "greaterThanOrEqual" and t3[inp].formula1 == "0"
    _, tot = block_cell(spec.T3, "total", "natural")
    assert tot not in t3
    fee = _validations(wb[spec.TABLE2.sheet])[anchors()["gik_t2_fee"].cell()]
    assert fee.type == "decimal"
    info = _validations(wb[spec.INFO_SHEET.name])
    level = info[anchors()["gik_level"].cell()]
    assert level.type == "list" and all(lv in level.formula1 for lv in spec.LEVELS)
    assert info[anchors()["gik_date"].cell()].type == "date"


def test_balance_conditional_formatting(wb):
    ws = wb[spec.TABLE3.sheet]
    rules = {str(cf.sqref): [r.formula for r in cf.rules] for cf in ws.conditional_formatting}
    key = next(k for k in rules if "D5:J5" in k)
    assert set(key.split()) == {"D5:J5", "D6:J6", "D28:J28", "D29:J29"}
    assert rules[key] == [["D$5+D$6<>D$28+D$29"]]
    ws4 = wb[spec.TABLE4.sheet]
    sqrefs = {str(cf.sqref) for cf in ws4.conditional_formatting}
    assert {"A5:E5", "F5:J5", "K5:O5"} <= sqrefs


def test_print_setup_and_frozen_headers(wb):
    t3 = wb[spec.TABLE3.sheet]
    assert int(t3.page_setup.paperSize) == 9  # A4
    assert t3.page_setup.fitToWidth == 1 and t3.sheet_properties.pageSetUpPr.fitToPage
    assert t3.freeze_panes == "D5"
    assert wb[spec.TABLE4.sheet].page_setup.orientation == "landscape"


def test_chinese_font_on_labels(wb):
    assert wb[spec.TABLE3.sheet]["A5"].font.name == "宋体"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_build_is_reproducible_and_matches_committed_template():
    built = _parts(build_workbook())
    assert _parts(build_workbook()) == built
    committed = _parts(TEMPLATE_PATH.read_bytes())
    assert sorted(committed) == sorted(built), "rebuild workbook/template.xlsm: python -m gikxl.builder"
    for name in built:
        assert committed[name] == built[name], f"{name} differs: rebuild workbook/template.xlsm"


def test_fill_writes_values_not_over_formulas():
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook({"gik_t3": [[1] * 7] * 25})))
    ws = wb[spec.TABLE3.sheet]
    _, tot = block_cell(spec.T3, "total", "natural")
    assert ws[tot].value.startswith("=SUM(")
    assert ws[anchors()["gik_t3"].cell()].value == 1
    assert column_letter(28) == "AB"
