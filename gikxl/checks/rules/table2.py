"""Table 2 — 主动公开政府信息情况.

Its cells are checked by the schema (non-negative whole numbers, a
non-negative 万元 amount; see :mod:`gikxl.checks.rules.cells`); across years by
:mod:`gikxl.checks.rules.history`. Here: who may report 规章 at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from gikxl import spec
from gikxl.checks.context import Context, cell_label, number, table_cell
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.rule import Rule, rule

_NO_RULE_MAKING = tuple(lv for lv in spec.LEVELS if lv not in spec.LEVELS_MAKING_RULES and lv != "其他")


@rule(
    "T2-RULES-BY-TOWN", Severity.ERROR, "无权制定规章的机关填报了规章",
    what=(
        "机关层级不是“设区的市级人民政府”或“省级人民政府”，表二“规章”一行却有非 0 的数字。"
        "（层级为“其他”时不检查。）"
    ),
    why=(
        "按照《立法法》，只有省、自治区、直辖市和设区的市、自治州的人民政府（以及国务院部门）可以制定规章。"
        "乡镇、县级政府和各级政府部门制定的是行政规范性文件，应填在“行政规范性文件”一行。"
    ),
    example="某镇在“规章”一行填了本年制发 2 件。应填到“行政规范性文件”一行，规章一行填 0。",
    messages={
        "": "{label}填了 {value}，但机关层级为“{level}”，无权制定规章；行政规范性文件请填在下一行，本行应为 0",
    },
)
def rules_without_rulemaking_power(ctx: Context, r: Rule) -> Iterator[Finding]:
    level = ctx.report.level
    if level not in _NO_RULE_MAKING:
        return
    block, row = spec.T2_RULES, "regulation"
    for c in block.cols:
        value = ctx.report.value(block.key, row, c.key)
        if value:
            yield r.at(table_cell(block.key, row, c.key), expected=0, actual=value,
                       label=cell_label(block.key, row, c.key), value=number(value), level=level)
