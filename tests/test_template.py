"""The built template: defined names, official labels, protection, validation, formulas."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from gikxl import spec
from gikxl.template.builder import TEMPLATE_PATH, build_workbook
from gikxl.template.headers import spans
from gikxl.template.layout import FORM_INPUT_COL, anchors, block_cell, column_letter


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
        "gik_info_fee", "gik_signer",
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
    assert [ws.cell(4, c).value for c in range(5, 10)] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"
    ]
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
    _, addr = block_cell(spec.T3, "total", "natural")
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
    assert sorted(committed) == sorted(built), "rebuild workbook/template.xlsm: python -m gikxl.template.builder"
    for name in built:
        assert committed[name] == built[name], f"{name} differs: rebuild workbook/template.xlsm"


def test_fill_writes_values_not_over_formulas():
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook({"gik_t3": [[1] * 7] * 25})))
    ws = wb[spec.TABLE3.sheet]
    _, tot = block_cell(spec.T3, "total", "natural")
    assert ws[tot].value.startswith("=SUM(")
    assert ws[anchors()["gik_t3"].cell()].value == 1
    assert column_letter(28) == "AB"


# Every cell, not a sample -----------------------------------------------------------

def _input_cells() -> dict[str, dict[str, str]]:
    """Sheet → {A1 address: kind} of every cell a clerk fills in, derived from the spec."""
    out: dict[str, dict[str, str]] = {}
    for f in spec.FIELDS.values():
        a = anchors()[f.name]
        out.setdefault(a.sheet, {})[a.cell()] = f.kind
    for block in spec.BLOCKS.values():
        for r in block.rows:
            for c in block.cols:
                if not block.is_derived(r.key, c.key):
                    sheet, addr = block_cell(block, r.key, c.key)
                    out.setdefault(sheet, {})[addr] = block.kind
    return out


def test_exactly_the_input_cells_are_unlocked_and_look_like_inputs(wb):
    from openpyxl.cell.cell import MergedCell

    inputs = _input_cells()
    for ws in wb.worksheets:
        # Cells hidden under a merge take the protection of the merge's first cell.
        unlocked = {
            c.coordinate for row in ws.iter_rows() for c in row
            if c.protection.locked is False and not isinstance(c, MergedCell)
        }
        assert unlocked == set(inputs.get(ws.title, {})), ws.title
        for addr in unlocked:
            assert ws[addr].fill.fgColor.rgb.endswith("FFF8DC"), (ws.title, addr)
            assert ws[addr].value is None  # the blank template holds no figures


def _sum_cells(formula: str) -> set[str]:
    from openpyxl.utils.cell import range_boundaries

    assert formula.startswith("=SUM(") and formula.endswith(")"), formula
    out = set()
    for arg in formula[5:-1].split(","):
        c1, r1, c2, r2 = range_boundaries(arg)
        out |= {f"{column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    return out


def test_every_total_is_a_formula_over_exactly_its_parts(wb):
    for block in spec.BLOCKS.values():
        for r in block.rows:
            for c in block.cols:
                sheet, addr = block_cell(block, r.key, c.key)
                value = wb[sheet][addr].value
                if not block.is_derived(r.key, c.key):
                    assert value is None, (sheet, addr)
                    continue
                total = [t for t in block.totals if t.target == (r.key if t.axis == "row" else c.key)][-1]
                parts = {
                    block_cell(block, p, c.key)[1] if total.axis == "row" else block_cell(block, r.key, p)[1]
                    for p in total.parts
                }
                assert _sum_cells(value) == parts, (sheet, addr, value)
    # Table 3: the 总计 column on all 25 rows and the （七）总计 row on all 7 columns.
    derived = sum(spec.T3.is_derived(r.key, c.key) for r in spec.T3.rows for c in spec.T3.cols)
    assert derived == 25 + 7 - 1


def test_validation_of_every_input_by_kind(wb):
    for sheet, cells in _input_cells().items():
        rules = _validations(wb[sheet])
        for addr, kind in cells.items():
            dv = rules.get(addr)
            if kind in ("prose", "text"):
                assert dv is None, (sheet, addr)
                continue
            assert dv is not None and dv.showErrorMessage and dv.error, (sheet, addr, kind)
            got = (dv.type, dv.operator, dv.formula1, dv.formula2)
            expected = {
                "count": ("whole", "greaterThanOrEqual", "0", None),
                "money": ("decimal", "greaterThanOrEqual", "0", None),
                "year": ("whole", "between", "2021", "2100"),
                "date": ("date", "between", "44197", "73051"),  # 2021-01-01 … 2099-12-31
                "level": ("list", None, '"' + ",".join(spec.LEVELS) + '"', None),
            }[kind]
            assert got == expected, (sheet, addr, kind)
    # 信息处理费 is in 元 and may have 角/分; 行政事业性收费 in 万元 too.
    assert _input_cells()[spec.S6_SHEET.name][anchors()["gik_info_fee"].cell()] == "money"


def test_table2_blocks_sit_in_the_official_layout(wb):
    from gikxl.template.layout import table2_rows

    ws = wb[spec.TABLE2.sheet]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].value == spec.TABLE2.title == "二、主动公开政府信息情况"
    expected = [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ]
    for (key, row), (heading, cols, rows) in zip(table2_rows().items(), expected, strict=True):
        block = spec.BLOCKS[key]
        assert ws.cell(row, 1).value == heading and f"A{row}:D{row}" in merged
        assert ws.cell(row + 1, 1).value == "信息内容"
        assert [ws.cell(row + 1, 2 + j).value for j in range(len(cols))] == cols
        if len(cols) == 1:
            assert f"B{row + 1}:D{row + 1}" in merged
        assert [ws.cell(row + 2 + i, 1).value for i in range(len(rows))] == rows
        assert anchors()[block.name].row == row + 2 and anchors()[block.name].col == 2


def test_table3_every_label_and_the_note(wb):
    ws = wb[spec.TABLE3.sheet]
    a = anchors()["gik_t3"]
    assert ws["A1"].value == "三、收到和处理政府信息公开申请情况"
    assert ws["A2"].value == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    labels = []
    for i in range(25):
        # The row's own label is the rightmost label cell of its row (merges start at the left).
        texts = [ws.cell(a.row + i, c).value for c in range(1, 4)]
        labels.append(next(t for t in reversed(texts) if t) if any(texts) else None)
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[1] == "二、上年结转政府信息公开申请数量"
    assert labels[2] == "（一）予以公开"
    assert labels[3] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels[4:12] == [
        "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
        "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    ]
    assert labels[12:15] == ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
    assert labels[15:20] == [
        "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
    ]
    assert labels[20:23] == [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]
    assert labels[23:] == ["（七）总计", "四、结转下年度继续办理"]
    groups = [ws.cell(a.row + i, 2).value for i in (4, 12, 15, 20)]
    assert groups == ["（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]
    assert ws.cell(a.row + 2, 1).value == "三、本年度办理结果"
    assert [ws.cell(3, c).value for c in (4, 5, 10)] == ["自然人", "法人或其他组织", "总计"]
    assert ws["D2"].value == "申请人情况"


def test_table4_every_label(wb):
    ws = wb[spec.TABLE4.sheet]
    assert ws["A1"].value == spec.TABLE4.title
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [ws.cell(3, c).value for c in range(1, 6)] == outcomes
    assert [ws.cell(4, c).value for c in range(6, 16)] == outcomes * 2
    assert ws["F2"].value == "行政诉讼"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {f"{column_letter(c)}3:{column_letter(c)}4" for c in range(1, 6)} <= merged


def test_form_sheets_label_input_and_hint(wb):
    for form in spec.FORM_SHEETS:
        ws = wb[form.name]
        assert ws["A1"].value == form.title
        for f in form.fields:
            a = anchors()[f.name]
            assert ws.cell(a.row, a.col - 1).value == f.label
            assert ws.cell(a.row, a.col + 1).value == f.hint and f.hint
            if f.kind == "prose":
                cell = ws.cell(a.row, a.col)
                assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
                assert ws.row_dimensions[a.row].height >= 100
        assert ws.column_dimensions[column_letter(FORM_INPUT_COL)].width >= 60
    assert [ws.cell(r, 1).value for ws in [wb[spec.INFO_SHEET.name]] for r in range(3, 9)] == [
        "机关名称", "机关层级", "报告年度", "成文日期", "开头段落（可选）", "落款单位（可选）",
    ]


def test_every_sheet_prints_on_a4_one_page_wide(wb):
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    t3 = wb[spec.TABLE3.sheet]
    a = anchors()["gik_t3"]
    # The live check row under the table is not part of the official table.
    assert t3.print_area == f"'{spec.TABLE3.sheet}'!$A$1:$J${a.row + 24}"
    assert t3.print_title_rows == "$2:$4"
    assert wb[spec.TABLE4.sheet].freeze_panes == f"A{anchors()['gik_t4'].row}"


def test_every_written_cell_uses_a_chinese_font(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    assert c.font.name == "宋体", (ws.title, c.coordinate)


def test_column_widths_fit_the_official_labels(wb):
    t3 = wb[spec.TABLE3.sheet]
    assert t3.column_dimensions["C"].width >= 30  # the long 其他处理 labels wrap into two lines
    assert all(t3.column_dimensions[column_letter(c)].width >= 8 for c in range(4, 11))
    assert wb[spec.TABLE2.sheet].column_dimensions["A"].width >= 20
