"""Table 2 — 主动公开政府信息情况.

Its cells are checked by the schema (non-negative whole numbers, a
non-negative 万元 amount; see :mod:`gikxl.checks.rules.cells`); across years by
:mod:`gikxl.checks.rules.history`. Here: who may report 规章 at all, and the
bound one year implies on 现行有效 (:class:`~gikxl.checks.invariants.InForce`).
"""

from __future__ import annotations

from collections.abc import Iterator

from gikxl import spec
from gikxl.checks.context import Context, cell_label, number, table_cell
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.invariants import InForce
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


@rule(
    "T2-IN-FORCE-BELOW-NET", Severity.ERROR, "现行有效件数少于本年制发减废止",
    what=(
        "表二“规章”“行政规范性文件”每一行：“现行有效件数”不少于“本年制发件数”减“本年废止件数”。"
    ),
    why=(
        "本年制发而没有废止的文件，年底仍然有效；现行有效件数还要加上往年制发、仍然有效的文件，"
        "所以只会更多，不会更少。少于制发减废止，说明某个数字填错了行或列，"
        "或现行有效件数填成了别的口径（例如只填了本年新增）。不需要上年的报告就能发现。"
    ),
    example=(
        "行政规范性文件本年制发 2 件、废止 0 件，现行有效却填了 0 件。"
        "现行有效至少应有 2 件；请核对三个数字。"
    ),
    messages={
        "": "{label}为 {now}，但本年制发 {issued} 件、废止 {repealed} 件，本年制发而未废止的文件仍然有效，"
            "现行有效至少应为 {least}：请核对制发、废止和现行有效件数",
    },
    invariant=InForce(),
)
def fewer_in_force_than_issued_net(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The bound per row, pinned at 现行有效; decided by the schema even when 废止 or 制发 is blank."""
    for block, row, col in ctx.failures_of(r):
        issued, repealed, now = (ctx.report.value(block, row, c) for c in ("issued", "repealed", "in_force"))
        least = (issued or 0) - (repealed or 0)
        yield r.at(table_cell(block, row, col), actual=now,
                   related=[table_cell(block, row, c)[1] for c in ("issued", "repealed")],
                   label=cell_label(block, row, col), now=number(now), issued=number(issued),
                   repealed=number(repealed), least=number(least))
