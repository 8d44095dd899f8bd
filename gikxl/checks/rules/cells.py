"""Cells that cannot be read as intended, and totals whose formula was replaced.

The reader locates every unreadable cell (a :class:`~gikxl.workbook.model.CellFault`);
here each becomes a finding with a message that quotes what the clerk typed
and says what to type instead. Models made in code (not read from a file)
have no faults: for them the same codes come from the schema's cell-level
checks (:mod:`gikxl.checks.schemas`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gikxl import spec
from gikxl.checks.findings import RULES, Finding, Severity
from gikxl.workbook.parse import NOT_CALCULATED
from gikxl.checks.rules import Context, cell_label, check, finding, number, rule, table_cell

E = Severity.ERROR

CELL_BLANK = rule(
    "CELL-BLANK", "blank-cell", E, "空白单元格",
    what="表二、表三、表四中应填数字的单元格是空白的。",
    why="空白不等于 0：空白说明没有填写，发布的表格会出现空格，合计也无法计算。官方表格每格都要有数字。",
    example="表三“自然人”列“二、上年结转政府信息公开申请数量”留空。没有结转请填 0。",
)
CELL_ERROR = rule(
    "CELL-ERROR", "error-value", E, "单元格显示错误值",
    what=(
        "单元格里是 Excel 错误值，如 #REF!、#VALUE!、#N/A、#DIV/0!；"
        "或者是一个公式，而文件里没有它的计算结果（文件由其他程序写成，未经 Excel 保存）。"
    ),
    why="错误值通常由删除行列或粘贴公式造成，其中的数字已经丢失。",
    example="粘贴别的表格后 D7 显示 #REF!。请直接输入正确的数字。",
)
CELL_TEXT = rule(
    "CELL-TEXT", "text-in-figure", E, "数字单元格填了文字",
    what="应填数字的单元格里是无法当作数字的文字、逻辑值或日期。",
    why="表格只能是数字；文字无法参与合计，发布后也不符合官方格式。",
    example="在“行政许可”填了“详见附件”。请填写处理决定的件数，如 12。",
)
CELL_NEGATIVE = rule(
    "CELL-NEGATIVE", "negative-figure", E, "数字为负数",
    what="件数或金额小于 0。",
    why="件数和金额不可能为负，多半是误输入了减号或把差额填进了表格。",
    example="“本年废止件数”填了 -2。请填 2。",
)
CELL_NOT_INT = rule(
    "CELL-NOT-INT", "fractional-count", E, "件数不是整数",
    what="件数单元格填了小数（只有表二“行政事业性收费”的万元金额可以有小数）。",
    why="件数只能是整数；小数多半是把金额或比例填错了格。",
    example="“行政处罚”填了 2.5。请核对并填整数。",
)
CELL_PLACEHOLDER = rule(
    "CELL-PLACEHOLDER", "placeholder-for-zero", E, "用符号代替 0",
    what="单元格填了“/”“—”“无”“不适用”等表示“没有”的符号或文字。",
    why="官方表格一律用数字 0 表示没有；符号和文字混在表格里不规范，也无法合计。",
    example="表四“结果纠正”填了“/”。请填 0。",
)
CELL_TEXT_NUMBER = rule(
    "CELL-TEXT-NUMBER", "number-stored-as-text", E, "数字存成了文本",
    what="单元格里是文本格式的数字（如从网页或 Word 粘贴来的“3”）。",
    why="文本格式的数字不参与 Excel 求和，表中合计会少算，而表面上看不出来。",
    example="D7 左上角有绿色三角，内容是文本“3”。请删除后重新输入数字 3。",
)
CELL_FULLWIDTH = rule(
    "CELL-FULLWIDTH", "fullwidth-digits", E, "全角数字",
    what="单元格里是全角数字（如“３”），是在中文输入法下输入的。",
    why="全角数字是文本，不参与求和，合计会出错。",
    example="填了“１２”。请切换到英文输入状态，输入 12。",
)
CELL_UNIT = rule(
    "CELL-UNIT", "figure-with-unit", E, "数字后带了单位",
    what="单元格填了带单位的数字，如“3件”“2万元”。",
    why="带单位就成了文字，无法求和；单位已在表头中写明。",
    example="填了“3件”。请只填数字 3。",
)
CELL_BAD_LEVEL = rule(
    "CELL-BAD-LEVEL", "unknown-level", E, "机关层级无法识别",
    what="“机关层级”不是下拉列表中的选项。",
    why="层级决定报告的发布期限和能否制定规章等检查，必须是规定的选项之一。",
    example="填了“镇政府”。请从下拉列表选择“乡镇（街道）”。",
)
CELL_BAD_YEAR = rule(
    "CELL-BAD-YEAR", "unreadable-year", E, "报告年度无法识别",
    what="“报告年度”不是四位年份。",
    why="年度用于报告标题、发布期限和跨年度核对。",
    example="填了“二〇二五”或“25”。请填 2025。",
)
CELL_BAD_DATE = rule(
    "CELL-BAD-DATE", "unreadable-date", E, "成文日期无法识别",
    what="“成文日期”不是可识别的日期。",
    why="成文日期印在报告落款处，也用于检查是否超过发布期限。",
    example="填了“1月20号”。请填 2026-01-20 或 2026年1月20日。",
)
TOTAL_FORMULA_REPLACED = rule(
    "TOTAL-FORMULA-REPLACED", "total-typed-over-formula", Severity.WARNING, "合计公式被改成了数字",
    what="模板中的合计单元格（表三“总计”行和列、表四各组“总计”）原本是求和公式，现在是手工填写的数字。",
    why=(
        "公式被覆盖后，改动明细时合计不再自动更新，最容易造成合计与明细不符。"
        "即使现在数字正确，也应恢复公式。"
    ),
    example="在表三“（七）总计”行直接输入了 47。请撤销，或从新模板复制该格公式。",
)


def _raw(raw: Any) -> str:
    return number(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else str(raw).strip()


def _message(code: str, raw: Any, expected: Any, money: bool) -> str:
    shown = _raw(raw)
    unit = "金额" if money else "件数"
    if code == "CELL-BLANK":
        return "空白单元格不等于 0：没有请填 0"
    if raw == NOT_CALCULATED:
        return _UNCALCULATED
    if code == "CELL-ERROR":
        value = f" {shown}" if raw is not None else ""
        return f"单元格显示错误值{value}，数字已丢失；请直接填写正确的数字"
    if code == "CELL-TEXT":
        return f"填的是“{shown}”，这里只能填数字"
    if code == "CELL-NEGATIVE":
        return f"填的是负数 {shown}，{unit}不能为负"
    if code == "CELL-NOT-INT":
        return f"填的是 {shown}，件数只能是整数"
    if code == "CELL-PLACEHOLDER":
        return f"填的是“{shown}”，没有请填 0"
    if code == "CELL-TEXT-NUMBER":
        return f"数字 {number(expected)} 存成了文本，不参与求和；请删除后重新输入数字 {number(expected)}"
    if code == "CELL-FULLWIDTH":
        return f"填的是全角数字“{shown}”，应填半角数字 {number(expected)}"
    if code == "CELL-UNIT":
        return f"填的是“{shown}”，应只填数字 {number(expected)}"
    return f"填的是“{shown}”，无法识别"


#: A formula typed into an input cell of a file no spreadsheet program has saved.
_UNCALCULATED = "单元格里是公式，但文件中没有它的计算结果；请直接填写数字，或在 Excel 中打开后保存再校验"

_FIELD_MESSAGES = {
    "CELL-BAD-LEVEL": "{label}“{raw}”不是规定的选项；请从下拉列表选择：" + "、".join(spec.LEVELS),
    "CELL-BAD-YEAR": "{label}“{raw}”无法识别；请填四位年份，如 2025",
    "CELL-BAD-DATE": "{label}“{raw}”无法识别；请填日期，如 2026-01-20",
    "CELL-ERROR": "{label}显示错误值 {raw}；请直接填写",
}


@check
def cell_faults(ctx: Context) -> Iterator[Finding]:
    """One finding per cell the reader could not read."""
    blocks = {b.name: b for b in spec.BLOCKS.values()}
    fields = {f.name: f for f in spec.FIELDS.values()}
    for fault in ctx.report.faults:
        r = RULES[fault.code]
        where = (fault.sheet, fault.cell)
        if fault.name in blocks:
            block = blocks[fault.name]
            text = _message(fault.code, fault.raw, fault.expected, block.kind == "money")
            yield finding(r, where, f"{cell_label(block.key, fault.row, fault.col)}：{text}",
                          expected=fault.expected, actual=_raw(fault.raw) if fault.raw is not None else None)
        else:
            f = fields.get(fault.name)
            label = f.label if f else fault.name
            if fault.raw == NOT_CALCULATED:
                text = f"{label}：{_UNCALCULATED}"
            elif f is not None and f.kind == "money" and fault.code != "CELL-ERROR":
                # 信息处理费: a figure like a table cell's ("无" → 0, "100元" → 100)
                text = f"{label}：{_message(fault.code, fault.raw, fault.expected, money=True)}"
            else:
                template = _FIELD_MESSAGES.get(fault.code, "{label}“{raw}”无法识别")
                text = template.format(label=label, raw=_raw(fault.raw))
            yield finding(r, where, text, expected=fault.expected, actual=_raw(fault.raw))


@check
def schema_cell_failures(ctx: Context) -> Iterator[Finding]:
    """Cell-level schema failures at cells without a reader fault (models made in code)."""
    for f in ctx.failures:
        if not f.check.startswith("CELL-"):
            continue
        block, row, col = f.cell
        if (spec.BLOCKS[block].name, row, col) in ctx.faulted:
            continue
        if f.check == "CELL-BLANK" and spec.BLOCKS[block].is_derived(row, col):
            continue  # a total over a blank cell is blank too; the blank part is the finding
        expected = 0 if f.check == "CELL-BLANK" else None
        text = _message(f.check, f.value, expected, spec.BLOCKS[block].kind == "money")
        yield finding(RULES[f.check], table_cell(block, row, col), f"{cell_label(block, row, col)}：{text}",
                      expected=expected, actual=f.value)


@check
def formulas_replaced(ctx: Context) -> Iterator[Finding]:
    for block, row, col in sorted(ctx.report.overridden):
        value = ctx.report.value(block, row, col)
        shown = f"数字 {number(value)}" if value is not None else "非公式内容"
        yield finding(
            TOTAL_FORMULA_REPLACED, table_cell(block, row, col),
            f"{cell_label(block, row, col)}原为求和公式，现被改填为{shown}；"
            "改动明细后它不会自动更新，请恢复公式",
            actual=value,
        )
