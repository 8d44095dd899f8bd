"""The checks, one module per area, and what they share.

Each module declares its rules with :func:`rule` (which registers them in
:data:`gikxl.checks.findings.RULES`) and its check functions with :func:`check`.
A check function takes a :class:`Context` and yields
:class:`~gikxl.checks.findings.Finding` records; :mod:`gikxl.checks.engine` runs them all.

Modules: ``cells`` (cells that could not be read, formulas replaced),
``meta`` (basic facts), ``table2``, ``table3``, ``table4`` (the arithmetic of
the official tables, via the pandera schemas of :mod:`gikxl.checks.schemas`),
``history`` (against last year's workbook) and ``prose`` (the text).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from gikxl import spec
from gikxl.template import layout
from gikxl.checks.findings import RULES, Finding, Rule, Severity, register

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport
    from gikxl.checks.schemas import Failure

#: Rule modules in catalogue order.
MODULES = ("cells", "meta", "table2", "table3", "table4", "history", "prose")

CheckFn = Callable[["Context"], Iterable[Finding]]
#: Every check function, in the order the modules were loaded.
CHECKS: list[CheckFn] = []


def rule(code: str, name: str, severity: Severity, title: str, *, what: str, why: str, example: str) -> Rule:
    """Declare and register one rule of the catalogue."""
    return register(Rule(code, name, severity, title, what.strip(), why.strip(), example.strip()))


def check(fn: CheckFn) -> CheckFn:
    """Register a check function (a decorator)."""
    CHECKS.append(fn)
    return fn


def load() -> dict[str, Rule]:
    """Import every rule module (once) and return the catalogue."""
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return RULES


def finding(
    r: Rule,
    where: tuple[str, str],
    message: str,
    *,
    expected: Any = None,
    actual: Any = None,
    related: Iterable[str] = (),
) -> Finding:
    """A finding of rule ``r`` at ``where`` = (sheet, A1)."""
    sheet, cell = where
    return Finding(r.code, r.severity, sheet, cell, message, expected, actual,
                   tuple(c for c in related if c != cell))


# Where things are ---------------------------------------------------------

def field_cell(key: str) -> tuple[str, str]:
    """(sheet, A1) of a single-cell field by its :data:`spec.FIELDS` key."""
    return layout.cell_of(spec.FIELDS[key].name)


def table_cell(block: str, row: str, col: str) -> tuple[str, str]:
    """(sheet, A1) of a table cell by block, row and column keys."""
    return layout.block_cell(spec.BLOCKS[block], row, col)


def cell_label(block: str, row: str, col: str) -> str:
    """A short Chinese name of a table cell, e.g. ``表三“一、本年新收政府信息公开申请数量”“自然人”``."""
    b = spec.BLOCKS[block]
    table = spec.table_of(b)
    number = "二三四"[table.number - 2]
    col_path = b.col(col).path
    if table.number == 3:
        col_text = col_path[-1]
    else:
        col_text = "·".join(p for p in col_path if p != "本年处理决定数量") or col_path[-1]
    row_text = b.row(row).label
    if table.number == 4:
        return f"表{number}“{col_text}”"
    if len(b.cols) == 1:
        return f"表{number}“{row_text}”"
    return f"表{number}“{row_text}”“{col_text}”"


def number(v: Any) -> str:
    """A figure as a clerk writes it: ``3``, ``2.5``."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


# The context a check sees ------------------------------------------------

@dataclass
class Context:
    """What a check function is given: the report, last year's, and today."""

    report: AnnualReport
    previous: AnnualReport | None = None
    today: dt.date = field(default_factory=dt.date.today)

    @cached_property
    def faulted(self) -> frozenset[tuple[str, str, str]]:
        """(defined name, row, col) of every cell the reader could not read."""
        return frozenset((f.name, f.row, f.col) for f in self.report.faults)

    def field_faulted(self, key: str) -> bool:
        return (spec.FIELDS[key].name, "", "") in self.faulted

    @cached_property
    def failures(self) -> list[Failure]:
        """Failure cases of the pandera schema of all tables, validated once."""
        from gikxl.checks.schemas import failures

        return failures(self.report)

    def failures_of(self, code: str) -> list[Failure]:
        return [f for f in self.failures if f.check == code]

    @cached_property
    def failing_targets(self) -> frozenset[tuple[str, str, str]]:
        """Cells that are the pinned cell of a failing sum (row/column/group totals)."""
        from gikxl.checks.schemas import SUM_CHECKS

        return frozenset(f.cell for f in self.failures if f.check in SUM_CHECKS)


# Sums (tables 3 and 4) -----------------------------------------------------

def short_label(block: str, row: str) -> str:
    """A row label without the repeated tail: ``一、本年新收``."""
    return spec.BLOCKS[block].row(row).label.split("政府信息公开")[0]


def sum_findings(ctx: Context, r: Rule) -> Iterable[Finding]:
    """Findings of the failing sums of rule ``r``: one at each total that does not add up.

    A sum that fails only because a total it depends on is itself wrong is a
    knock-on and left out: the clerk has one cell to fix, not two. That is a
    sum over a failing total, or a formula total (the 总计 corner of table 3)
    whose other sum runs over a failing total.
    """
    from gikxl.checks.schemas import equation_at, equations

    for f in ctx.failures_of(r.code):
        eq = equation_at(r.code, f.cell)
        block = eq.block
        if any((block, *part) in ctx.failing_targets for part in eq.lhs):
            continue
        if (block, *eq.target) not in ctx.report.overridden and any(
            (block, *part) in ctx.failing_targets
            for other in equations(block) if other.target == eq.target and other is not eq
            for part in other.lhs
        ):
            continue
        values = [ctx.report.value(block, row, col) for row, col in eq.lhs]
        expected = sum(values)
        rows_vary = len({row for row, _ in eq.lhs}) > 1
        names = [spec.BLOCKS[block].row(row).label if rows_vary else spec.BLOCKS[block].col(col).label
                 for row, col in eq.lhs]
        what = "、".join(names) if len(names) <= 4 else f"“{names[0]}”至“{names[-1]}”共 {len(names)} 项"
        replaced = "（此格的求和公式已被改成数字）" if (block, *eq.target) in ctx.report.overridden else ""
        yield finding(
            r, table_cell(block, *eq.target),
            f"{cell_label(block, *eq.target)}为 {number(f.value)}，但{what}之和为 {number(expected)}；"
            f"应为 {number(expected)}{replaced}",
            expected=expected, actual=ctx.report.value(block, *eq.target),
            related=[table_cell(block, row, col)[1] for row, col in eq.lhs],
        )
