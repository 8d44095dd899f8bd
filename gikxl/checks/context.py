"""What a rule's detector is given, and how it names the cells it talks about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from gikxl import spec
from gikxl.template import layout

if TYPE_CHECKING:
    from gikxl.checks.invariants import Cell, Checks
    from gikxl.checks.schemas import FailureCases
    from gikxl.workbook.model import AnnualReport, Observation


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
    name = "表" + table.numeral
    if not table.has_row_labels:
        return f"{name}“{b.col_name(col)}”"
    if len(b.cols) == 1:
        return f"{name}“{b.row(row).label}”"
    return f"{name}“{b.row(row).label}”“{b.col_name(col)}”"


def short_label(block: str, row: str) -> str:
    """A row label without the repeated tail: ``一、本年新收``."""
    return spec.BLOCKS[block].row(row).label.split("政府信息公开")[0]


def number(v: Any) -> str:
    """A figure as a clerk writes it: ``3``, ``2.5``."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


# The context a detector sees ------------------------------------------------

class Coded(Protocol):
    """What :meth:`Context.failures_of` needs of a rule: its code. A rule is given the context,
    so the context names no rule (that would make the two modules import each other)."""

    @property
    def code(self) -> str: ...


@dataclass
class Context:
    """What a detector is given: the report, last year's, today, and the schema's verdict."""

    report: AnnualReport
    previous: AnnualReport | None = None
    today: dt.date = field(default_factory=dt.date.today)
    checks: Checks = ()
    """The (rule code, invariant) pairs pandera validates, once, for all rules."""

    @cached_property
    def observations(self) -> dict[tuple[str, str, str], Observation]:
        """What the reader saw, by (defined name, row, col) of the cell."""
        return {(o.name, o.row, o.col): o for o in self.report.observations}

    def observed(self, name: str, row: str = "", col: str = "") -> bool:
        """Whether the reader saw something other than what the cell's kind wants there."""
        return (name, row, col) in self.observations

    def blank_field(self, key: str) -> bool:
        """Whether the field is empty (and not merely unreadable: that is another finding)."""
        value = self.report.fields.get(key)
        blank = value is None or (isinstance(value, str) and not value.strip())
        return blank and not self.observed(spec.FIELDS[key].name)

    @cached_property
    def failure_cases(self) -> FailureCases:
        """The schema's failure cases of all tables, validated once."""
        from gikxl.checks.schemas import failure_cases

        return failure_cases(self.report, self.checks)

    def failures_of(self, r: Coded) -> dict[Cell, Any]:
        """Failing cell → value, for the invariant of rule ``r``."""
        return self.failure_cases.get(r.code, {})

    @cached_property
    def bounds(self) -> dict[Cell, tuple[float, float]]:
        """(lower, upper) bound of every figure: itself when known, else what the sums allow (≥ 0)."""
        from gikxl.checks.schemas import cell_bounds

        return cell_bounds(self.report)

    def unknown(self, cells: tuple[Cell, ...]) -> list[Cell]:
        """The cells behind the missing figures among ``cells``, each once.

        A total that is missing because a part is (its formula sums a blank)
        stands for that part: the clerk fills in the part, not the total. A
        total the reader saw something in itself (a typed blank) is named too.
        """
        out: dict[Cell, None] = {}

        def visit(cell: Cell) -> None:
            block, row, col = cell
            if self.report.value(block, row, col) is not None:
                return
            b = spec.BLOCKS[block]
            if not b.is_derived(row, col) or self.observed(b.name, row, col):
                out[cell] = None
            for t in b.totals:
                if (t.axis == "row" and t.target == row) or (t.axis == "col" and t.target == col):
                    for p in t.parts:
                        visit((block, p, col) if t.axis == "row" else (block, row, p))

        for cell in cells:
            visit(cell)
        return list(out)

    @cached_property
    def failing_totals(self) -> frozenset[Cell]:
        """Cells that are the pinned cell of a failing sum (row, column or group totals)."""
        from gikxl.checks.invariants import Totals

        sums = {code for code, invariant in self.checks if isinstance(invariant, Totals)}
        return frozenset(cell for code in sums for cell in self.failure_cases.get(code, {}))
