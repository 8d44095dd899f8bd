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
from gikxl.checks.invariants import Cell, Checks, Equation, Totals, block_equations, equation_at
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

    A sum with missing figures fails only when no figures could make it hold
    (the schema decides on bounds); its finding names the blanks behind it.
    """
    assert isinstance(r.invariant, Totals)
    for cell, value in ctx.failures_of(r).items():
        eq = equation_at(r.invariant, cell)
        if _knock_on(ctx, eq):
            continue
        block, parts = eq.block, _parts_named(eq)
        values = [ctx.report.value(block, row, col) for row, col in eq.lhs]
        key = "overridden" if _formula_replaced(ctx, block, eq.target) else ""
        related = [table_cell(block, row, col)[1] for row, col in eq.lhs]
        unknown = ctx.unknown(eq.cells())
        if unknown:
            # Decided although figures are missing: the parts already filled in exceed the total.
            least = sum(ctx.bounds[(block, *part)][0] for part in eq.lhs)
            yield r.at(
                table_cell(block, *eq.target), "partial-overridden" if key else "partial",
                actual=ctx.report.value(block, *eq.target), related=related,
                label=cell_label(block, *eq.target), value=number(value), parts=parts, sum=number(least),
                blanks=blank_names(unknown),
            )
            continue
        expected = sum(values)
        yield r.at(
            table_cell(block, *eq.target), key, expected=expected, actual=ctx.report.value(block, *eq.target),
            related=related, label=cell_label(block, *eq.target), value=number(value), parts=parts,
            sum=number(expected),
        )


def _formula_replaced(ctx: Context, block: str, target: tuple[str, str]) -> bool:
    """Whether the total's formula was typed over (a published report's totals have no formula)."""
    return (block, *target) in ctx.report.overridden and not ctx.report.totals_as_written


def _knock_on(ctx: Context, eq: Equation) -> bool:
    """Whether the sum fails only because a total it depends on is itself wrong."""
    block = eq.block
    if any((block, *part) in ctx.failing_totals for part in eq.lhs):
        return True
    return (block, *eq.target) not in ctx.report.overridden and any(
        (block, *part) in ctx.failing_totals
        for other in block_equations(block) if other.target == eq.target and other is not eq
        for part in other.lhs
    )


def _parts_named(eq: Equation) -> str:
    """The parts of a sum as a message names them: up to four labels, else the first and last."""
    block = spec.BLOCKS[eq.block]
    rows_vary = len({row for row, _ in eq.lhs}) > 1
    names = [block.row(row).label if rows_vary else block.col(col).label for row, col in eq.lhs]
    return "、".join(names) if len(names) <= 4 else f"“{names[0]}”至“{names[-1]}”共 {len(names)} 项"


def blank_names(cells: list[Cell]) -> str:
    """The cells without a figure, as a clerk finds them: ``表三“二、上年结转…”“自然人”（D6）``."""
    return "、".join(f"{cell_label(*c)}（{table_cell(*c)[1]}）" for c in cells)


#: What every rule of the tables' arithmetic says about blanks (in its What).
BLANKS_UNKNOWN = (
    "有空白或无法识别的格时，它按“未知、不小于 0”对待，不按 0 计：不论它填多少都不可能成立的"
    "（例如已填的各项之和已超过合计），照样报告；还可能成立的，只报告空白格本身。"
)

#: The message templates of every sum rule: the total, its parts, and their sum.
SUM_MESSAGES = {
    "": "{label}为 {value}，但{parts}之和为 {sum}；应为 {sum}",
    "overridden": "{label}为 {value}，但{parts}之和为 {sum}；应为 {sum}（此格的求和公式已被改成数字）",
    "partial": "{label}为 {value}，但{parts}中已填的各项之和已达 {sum}，超过了它；{blanks}未填有效数字，"
               "但各项都不小于 0，无论填多少都不可能相符：请核对这个合计和各项",
    "partial-overridden": "{label}为 {value}，但{parts}中已填的各项之和已达 {sum}，超过了它；{blanks}未填有效数字，"
                          "但各项都不小于 0，无论填多少都不可能相符：请核对各项，并恢复此格的求和公式"
                          "（此格的求和公式已被改成数字）",
}
