"""The rules, one module per area, in catalogue order.

Each module declares its rules with :func:`gikxl.checks.rule.rule`, one
object per code. Modules: ``cells`` (cells that could not be read, formulas
replaced), ``meta`` (basic facts), ``table2``, ``table3``, ``table4`` (the
arithmetic of the official tables, via the pandera schemas of
:mod:`gikxl.checks.schemas`), ``history`` (against last year's workbook) and
``prose`` (the text). What several modules share sits here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from gikxl import spec
from gikxl.checks.context import Context, cell_label, number, table_cell
from gikxl.checks.findings import Finding
from gikxl.checks.invariants import Checks, Totals, block_equations, equation_at
from gikxl.checks.rule import RULES, Rule

#: Rule modules in catalogue order.
MODULES = ("cells", "meta", "table2", "table3", "table4", "history", "prose")


def load() -> dict[str, Rule]:
    """Import every rule module (once) and return the catalogue."""
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return RULES


def invariants() -> Checks:
    """(code, invariant) of every rule that has pandera check one: what the schema validates."""
    return tuple((r.code, r.invariant) for r in load().values() if r.invariant is not None)


# Sums (tables 3 and 4) -----------------------------------------------------

def sum_findings(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Findings of the failing sums of rule ``r``: one at each total that does not add up.

    A sum that fails only because a total it depends on is itself wrong is a
    knock-on and left out: the clerk has one cell to fix, not two. That is a
    sum over a failing total, or a formula total (the 总计 corner of table 3)
    whose other sum runs over a failing total.
    """
    assert isinstance(r.invariant, Totals)
    for cell, value in ctx.failures_of(r).items():
        eq = equation_at(r.invariant, cell)
        block = eq.block
        if any((block, *part) in ctx.failing_totals for part in eq.lhs):
            continue
        if (block, *eq.target) not in ctx.report.overridden and any(
            (block, *part) in ctx.failing_totals
            for other in block_equations(block) if other.target == eq.target and other is not eq
            for part in other.lhs
        ):
            continue
        values = [ctx.report.value(block, row, col) for row, col in eq.lhs]
        expected = sum(values)
        rows_vary = len({row for row, _ in eq.lhs}) > 1
        names = [spec.BLOCKS[block].row(row).label if rows_vary else spec.BLOCKS[block].col(col).label
                 for row, col in eq.lhs]
        parts = "、".join(names) if len(names) <= 4 else f"“{names[0]}”至“{names[-1]}”共 {len(names)} 项"
        yield r.at(
            table_cell(block, *eq.target), "overridden" if (block, *eq.target) in ctx.report.overridden else "",
            expected=expected, actual=ctx.report.value(block, *eq.target),
            related=[table_cell(block, row, col)[1] for row, col in eq.lhs],
            label=cell_label(block, *eq.target), value=number(value), parts=parts, sum=number(expected),
        )


#: The message templates of every sum rule: the total, its parts, and their sum.
SUM_MESSAGES = {
    "": "{label}为 {value}，但{parts}之和为 {sum}；应为 {sum}",
    "overridden": "{label}为 {value}，但{parts}之和为 {sum}；应为 {sum}（此格的求和公式已被改成数字）",
}
