"""The invariants of the official tables, as data: what pandera checks for a rule.

* :class:`NotBlank`, :class:`NonNegative`, :class:`WholeCounts` — cell-level;
* :class:`Totals` — the sums the spec declares (:class:`~gikxl.spec.Total`);
* :class:`Balance` — table 3's 勾稽关系 (:data:`~gikxl.spec.T3_BALANCE`);
* :class:`InForce` — table 2's 现行有效 ≥ 本年制发 − 本年废止, a bound within one year.

Totals and the balance are linear equations over cells, the bound a linear
inequality (:class:`Equation`, with its ``relation``); each failing one fails
at exactly one cell, its *pinned* cell (the total, 结转下年度 for the 勾稽关系,
现行有效 for the bound), so a failure points at a cell, never at "table 3".
A missing figure is unknown, not 0: since every figure is ≥ 0 it lies in
[0, ∞), and an equation with one is still decided when the bounds of its two
sides cannot meet (:mod:`gikxl.checks.schemas`). A rule names its invariant; :mod:`gikxl.checks.schemas` turns them
into pandera checks. This module is plain data and imports no pandera.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from gikxl import spec

Cell = tuple[str, str, str]
"""(block key, row key, column key)."""


@dataclass(frozen=True)
class NotBlank:
    """Every figure is filled in (pandera's ``nullable=False``)."""


@dataclass(frozen=True)
class NonNegative:
    """No figure is below 0."""


@dataclass(frozen=True)
class WholeCounts:
    """Counts are whole numbers (万元 amounts may have decimals)."""


@dataclass(frozen=True)
class Totals:
    """The totals of ``block`` along ``axis`` (a ``"row"`` total is a total row: it sums each column)."""

    block: str
    axis: str


@dataclass(frozen=True)
class Balance:
    """Table 3's 勾稽关系, per column: new + carried = total + carried to next year."""


@dataclass(frozen=True)
class InForce:
    """Table 2, per row: 现行有效 + 本年废止 ≥ 本年制发 (what was issued this year and not repealed is in force).

    The other bounds one year's figures imply are already implied by the
    equations and non-negativity: table 3's 结转下年度 and 办理结果 ≤ 新收 +
    上年结转 (the 勾稽关系), each part ≤ its total (the totals). Nothing in
    the format bounds 上年结转, table 4's 复议后起诉 by 行政复议 (a suit may
    follow a review of an earlier year) or 废止 by 现行有效 within one year.
    """


Invariant = NotBlank | NonNegative | WholeCounts | Totals | Balance | InForce
Linear = Totals | Balance | InForce
"""The invariants that are linear (in)equalities over cells."""
Checks = tuple[tuple[str, Invariant], ...]
"""(rule code, invariant) pairs: what a schema checks, each named after its rule."""


@dataclass(frozen=True)
class Equation:
    """``sum(lhs) == sum(rhs)`` (or ``>=``) over cells of one block; a failure is pinned to ``target``."""

    invariant: Linear
    block: str
    lhs: tuple[tuple[str, str], ...]
    rhs: tuple[tuple[str, str], ...]
    target: tuple[str, str]
    """(row, col) of the cell a failure is reported at."""
    relation: Literal["==", ">="] = "=="

    def cells(self) -> tuple[Cell, ...]:
        return tuple((self.block, r, c) for r, c in (*self.lhs, *self.rhs))


@cache
def equations(invariant: Linear) -> tuple[Equation, ...]:
    """The equations of a linear invariant, one per pinned cell."""
    if isinstance(invariant, InForce):
        b = spec.T2_RULES
        return tuple(
            Equation(invariant, b.key, ((r.key, "in_force"), (r.key, "repealed")), ((r.key, "issued"),),
                     (r.key, "in_force"), ">=")
            for r in b.rows
        )
    if isinstance(invariant, Balance):
        lhs_rows, rhs_rows = spec.T3_BALANCE
        return tuple(
            Equation(invariant, spec.T3.key, tuple((r, c.key) for r in lhs_rows),
                     tuple((r, c.key) for r in rhs_rows), (rhs_rows[-1], c.key))
            for c in spec.T3.cols
        )
    block = spec.BLOCKS[invariant.block]
    out: list[Equation] = []
    for total in (t for t in block.totals if t.axis == invariant.axis):
        across = block.cols if total.axis == "row" else block.rows
        for item in across:
            def at(part: str, key: str = item.key, axis: str = total.axis) -> tuple[str, str]:
                return (part, key) if axis == "row" else (key, part)

            target = at(total.target)
            out.append(Equation(invariant, block.key, tuple(at(p) for p in total.parts), (target,), target))
    return tuple(out)


def block_equations(block_key: str) -> tuple[Equation, ...]:
    """Every equation over one block: its totals, then (table 3) the 勾稽关系."""
    block = spec.BLOCKS[block_key]
    out = [e for axis in dict.fromkeys(t.axis for t in block.totals) for e in equations(Totals(block_key, axis))]
    if block is spec.T3:
        out += equations(Balance())
    return tuple(out)


def equation_at(invariant: Linear, cell: Cell) -> Equation:
    """The equation of ``invariant`` pinned at ``cell``."""
    block, row, col = cell
    return next(e for e in equations(invariant) if e.block == block and e.target == (row, col))
