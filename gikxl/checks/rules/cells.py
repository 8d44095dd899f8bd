"""Cells that cannot be read as intended, and totals whose formula was replaced.

The reader observes, neutrally, every cell that does not hold what its kind
wants (:class:`~gikxl.workbook.model.Observation`: blank, "3件", "—", a
formula without a result …). Here each rule takes the observations it is about
and says, quoting what the clerk typed, what to type instead. Models made in
code have no observations: for them the same codes come from the schema's
cell-level invariants.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gikxl import spec
from gikxl.checks.context import Context, cell_label, number, table_cell
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.invariants import NonNegative, NotBlank, WholeCounts
from gikxl.checks.rule import Rule, rule
from gikxl.workbook.model import MAX_FIGURE, Observation, Observed
from gikxl.workbook.parse import excel_general

E = Severity.ERROR
_UNCALCULATED = "单元格里是公式，但文件中没有它的计算结果；请直接填写数字，或在 Excel 中打开后保存再校验"


def _shown(raw: Any) -> str:
    if isinstance(raw, float) and not abs(raw) < MAX_FIGURE:
        return excel_general(raw)  # 1E+20 as Excel shows it, not its 21 digits
    return number(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else str(raw).strip()


def _label(o: Observation) -> str:
    """The cell's Chinese name: a table cell by its labels, a field by its own."""
    block = spec.BLOCKS_BY_NAME.get(o.name)
    if block is not None:
        return cell_label(block.key, o.row, o.col)
    field = spec.FIELDS_BY_NAME.get(o.name)
    return field.label if field else o.name


def _is_money(o: Observation) -> bool:
    item = spec.BLOCKS_BY_NAME.get(o.name) or spec.FIELDS_BY_NAME.get(o.name)
    return item is not None and item.kind == "money"


def _is_field(o: Observation) -> bool:
    return not o.row


def _finding(r: Rule, o: Observation, key: str = "") -> Finding:
    """A finding of ``r`` at the observed cell, quoting what it holds."""
    return r.at((o.sheet, o.cell), key, expected=o.meant, actual=_shown(o.raw) if o.raw is not None else None,
                label=_label(o), raw=_shown(o.raw), meant=number(o.meant),
                unit="金额" if _is_money(o) else "件数")


def _observed(ctx: Context, r: Rule, *kinds: Observed) -> Iterator[Finding]:
    """A finding of ``r`` at every cell observed as one of ``kinds``."""
    return (_finding(r, o) for o in ctx.report.observations if o.kind in kinds)


def _from_schema(ctx: Context, r: Rule, expected: Any = None) -> Iterator[Finding]:
    """Findings of ``r``'s invariant at cells the reader saw nothing odd in (models made in code)."""
    for (block, row, col), value in ctx.failures_of(r).items():
        b = spec.BLOCKS[block]
        if ctx.observed(b.name, row, col):
            continue
        if value is None and b.is_derived(row, col):
            continue  # a total over a blank cell is blank too; the blank part is the finding
        yield r.at(table_cell(block, row, col), expected=expected, actual=value,
                   label=cell_label(block, row, col), raw=number(value), meant="",
                   unit="金额" if b.kind == "money" else "件数")


@rule(
    "CELL-BLANK", E, "空白单元格",
    what="表二、表三、表四中应填数字的单元格是空白的。",
    why="空白不等于 0：空白说明没有填写，发布的表格会出现空格，合计也无法计算。官方表格每格都要有数字。",
    example="表三“自然人”列“二、上年结转政府信息公开申请数量”留空。没有结转请填 0。",
    messages={"": "{label}：空白单元格不等于 0：没有请填 0"},
    invariant=NotBlank(),
)
def blank_cell(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.BLANK)
    yield from _from_schema(ctx, r, expected=0)


@rule(
    "CELL-ERROR", E, "单元格显示错误值",
    what=(
        "单元格里是 Excel 错误值，如 #REF!、#VALUE!、#N/A、#DIV/0!；"
        "或者是一个公式，而文件里没有它的计算结果（文件由其他程序写成，未经 Excel 保存）。"
    ),
    why="错误值通常由删除行列或粘贴公式造成，其中的数字已经丢失。",
    example="粘贴别的表格后 D7 显示 #REF!。请直接输入正确的数字。",
    messages={
        "": "{label}：单元格显示错误值 {raw}，数字已丢失；请直接填写正确的数字",
        "field": "{label}显示错误值 {raw}；请直接填写",
        "no-result": "{label}：" + _UNCALCULATED,
    },
)
def error_value(ctx: Context, r: Rule) -> Iterator[Finding]:
    for o in ctx.report.observations:
        if o.kind is Observed.NO_RESULT:
            yield _finding(r, o, "no-result")
        elif o.kind in (Observed.ERROR_VALUE, Observed.NOT_FINITE):
            yield _finding(r, o, "field" if _is_field(o) else "")


@rule(
    "CELL-TEXT", E, "数字单元格填了文字",
    what="应填数字的单元格里是无法当作数字的文字、逻辑值或日期。",
    why="表格只能是数字；文字无法参与合计，发布后也不符合官方格式。",
    example="在“行政许可”填了“详见附件”。请填写处理决定的件数，如 12。",
    messages={"": "{label}：填的是“{raw}”，这里只能填数字"},
)
def text_in_figure(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.TEXT, Observed.LOGICAL, Observed.DATE)


@rule(
    "CELL-NEGATIVE", E, "数字为负数",
    what="件数或金额小于 0。",
    why="件数和金额不可能为负，多半是误输入了减号或把差额填进了表格。",
    example="“本年废止件数”填了 -2。请填 2。",
    messages={"": "{label}：填的是负数 {raw}，{unit}不能为负"},
    invariant=NonNegative(),
)
def negative_figure(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.NEGATIVE)
    yield from _from_schema(ctx, r)


@rule(
    "CELL-NOT-INT", E, "件数不是整数",
    what="件数单元格填了小数（只有表二“行政事业性收费”的万元金额可以有小数）。",
    why="件数只能是整数；小数多半是把金额或比例填错了格。",
    example="“行政处罚”填了 2.5。请核对并填整数。",
    messages={"": "{label}：填的是 {raw}，件数只能是整数"},
    invariant=WholeCounts(),
)
def fractional_count(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.FRACTION)
    yield from _from_schema(ctx, r)


@rule(
    "CELL-TOO-LARGE", E, "数字大得不合理",
    what=(
        "件数或金额达到一千万亿（10 的 15 次方）或更大，如 Excel 显示为 1E+20 的数字；"
        "写成文本的这类数字也算。"
    ),
    why=(
        "没有这么大的件数或金额，多半是误粘贴了编号、身份证号等长数字，或按错了键。"
        "Excel 只保留 15 位有效数字，这样的数字本身也已不准确，无法参与合计。"
    ),
    example="“行政许可”显示为 1E+20。请核对后填写实际件数，如 12。",
    messages={"": "{label}：填的是 {raw}，数字大得不合理；请核对后填写实际的{unit}"},
)
def implausibly_large(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.TOO_LARGE)


@rule(
    "CELL-PLACEHOLDER", E, "用符号代替 0",
    what="单元格填了“/”“—”“无”“不适用”等表示“没有”的符号或文字。",
    why="官方表格一律用数字 0 表示没有；符号和文字混在表格里不规范，也无法合计。",
    example="表四“结果纠正”填了“/”。请填 0。",
    messages={"": "{label}：填的是“{raw}”，没有请填 0"},
)
def placeholder_for_zero(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.PLACEHOLDER)


@rule(
    "CELL-TEXT-NUMBER", E, "数字存成了文本",
    what="单元格里是文本格式的数字（如从网页或 Word 粘贴来的“3”）。",
    why="文本格式的数字不参与 Excel 求和，表中合计会少算，而表面上看不出来。",
    example="D7 左上角有绿色三角，内容是文本“3”。请删除后重新输入数字 3。",
    messages={"": "{label}：数字 {meant} 存成了文本，不参与求和；请删除后重新输入数字 {meant}"},
)
def number_stored_as_text(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.NUMBER_AS_TEXT)


@rule(
    "CELL-FULLWIDTH", E, "全角数字",
    what="单元格里是全角数字（如“３”），是在中文输入法下输入的。",
    why="全角数字是文本，不参与求和，合计会出错。",
    example="填了“１２”。请切换到英文输入状态，输入 12。",
    messages={"": "{label}：填的是全角数字“{raw}”，应填半角数字 {meant}"},
)
def fullwidth_digits(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.FULLWIDTH)


@rule(
    "CELL-UNIT", E, "数字后带了单位",
    what="单元格填了带单位的数字，如“3件”“2万元”。",
    why="带单位就成了文字，无法求和；单位已在表头中写明。",
    example="填了“3件”。请只填数字 3。",
    messages={"": "{label}：填的是“{raw}”，应只填数字 {meant}"},
)
def figure_with_unit(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.WITH_UNIT)


@rule(
    "CELL-BAD-LEVEL", E, "机关层级无法识别",
    what="“机关层级”不是下拉列表中的选项。",
    why="层级决定报告的发布期限和能否制定规章等检查，必须是规定的选项之一。",
    example="填了“镇政府”。请从下拉列表选择“乡镇（街道）”。",
    messages={"": "{label}“{raw}”不是规定的选项；请从下拉列表选择：" + "、".join(spec.LEVELS)},
)
def unknown_level(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.NOT_A_LEVEL)


@rule(
    "CELL-BAD-YEAR", E, "报告年度无法识别",
    what="“报告年度”不是四位年份。",
    why="年度用于报告标题、发布期限和跨年度核对。",
    example="填了“二〇二五”、“25”，或多打了一位的 20255。请填 2025。",
    messages={"": "{label}“{raw}”无法识别；请填四位年份，如 2025"},
)
def unreadable_year(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.NOT_A_YEAR)


@rule(
    "CELL-BAD-DATE", E, "成文日期无法识别",
    what="“成文日期”不是可识别的日期。",
    why="成文日期印在报告落款处，也用于检查是否超过发布期限。",
    example="填了“1月20号”。请填 2026-01-20 或 2026年1月20日。",
    messages={"": "{label}“{raw}”无法识别；请填日期，如 2026-01-20"},
)
def unreadable_date(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from _observed(ctx, r, Observed.NOT_A_DATE)


@rule(
    "TOTAL-FORMULA-REPLACED", Severity.WARNING, "合计公式被改成了数字",
    what="模板中的合计单元格（表三“总计”行和列、表四各组“总计”）原本是求和公式，现在是手工填写的数字。",
    why=(
        "公式被覆盖后，改动明细时合计不再自动更新，最容易造成合计与明细不符。"
        "即使现在数字正确，也应恢复公式。"
    ),
    example="在表三“（七）总计”行直接输入了 47。请撤销，或从新模板复制该格公式。",
    messages={
        "": "{label}原为求和公式，现被改填为数字 {value}；改动明细后它不会自动更新，请恢复公式",
        "not-a-number": "{label}原为求和公式，现被改填为非公式内容；改动明细后它不会自动更新，请恢复公式",
    },
)
def total_typed_over_formula(ctx: Context, r: Rule) -> Iterator[Finding]:
    if ctx.report.totals_as_written:
        return  # a published total is a number by nature; a wrong one is the sum rule's finding
    for block, row, col in sorted(ctx.report.overridden):
        value = ctx.report.value(block, row, col)
        yield r.at(table_cell(block, row, col), "" if value is not None else "not-a-number",
                   actual=value, label=cell_label(block, row, col), value=number(value))
