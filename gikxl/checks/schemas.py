"""pandera schemas of tables 2, 3 and 4, derived from :mod:`gikxl.spec`.

The figures of a report are laid out as one long frame: one row per cell,
indexed ``"<block>/<row>/<col>"`` (e.g. ``"t3/total/business"``), with a
single float column ``value`` (``NaN`` where a figure is missing). On that
frame a schema declares

* cell-level rules: no blank cell (``not_nullable`` → ``CELL-BLANK``),
  nothing negative (``CELL-NEGATIVE``), whole numbers except 万元 amounts
  (``CELL-NOT-INT``);
* table-level rules as linear equations over cells, built from the
  :class:`~gikxl.spec.Total` declarations and :data:`~gikxl.spec.T3_BALANCE`:
  each failing equation fails at exactly one cell, its *pinned* cell (the
  total, or 结转下年度 for the 勾稽关系), so pandera's failure cases point
  at cells, never at "table 3".

:func:`table_schema` gives one schema per official table; the engine
validates all tables at once with :func:`report_schema` (one validation is
much cheaper than six). Schemas are built once and cached. Importing this
module imports ``pandera.pandas``; only the check path does so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pandera.pandas as pa

from gikxl import spec

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

Cell = tuple[str, str, str]
"""(block key, row key, column key)."""

#: Rule code of each block total, by (block, axis of the :class:`spec.Total`).
#: An ``axis="row"`` total is a total *row*: it checks each column's sum.
SUM_CODES: dict[tuple[str, str], str] = {
    ("t3", "row"): "T3-COL-TOTAL",
    ("t3", "col"): "T3-ROW-TOTAL",
    ("t4", "col"): "T4-GROUP-TOTAL",
}
SUM_CHECKS = frozenset(SUM_CODES.values())
BALANCE_CODE = "T3-BALANCE"
#: pandera's own name of the null check, mapped like any other (every other
#: check is named, and its ``error`` set, after its rule code).
CHECK_CODES = {"not_nullable": "CELL-BLANK"}


@dataclass(frozen=True)
class Equation:
    """``sum(lhs) == sum(rhs)`` over cells of one block; a failure is pinned to ``target``."""

    code: str
    block: str
    lhs: tuple[tuple[str, str], ...]
    rhs: tuple[tuple[str, str], ...]
    target: tuple[str, str]
    """(row, col) of the cell a failure is reported at."""

    def cells(self) -> tuple[Cell, ...]:
        return tuple((self.block, r, c) for r, c in (*self.lhs, *self.rhs))


@dataclass(frozen=True)
class Failure:
    """One failure case: a check that failed at one cell."""

    check: str
    """Rule code, e.g. ``T3-BALANCE``."""
    cell: Cell
    value: int | float | None
    """The cell's value (``None`` when blank)."""


# Declarations ---------------------------------------------------------------

def cells(blocks: tuple[str, ...]) -> tuple[Cell, ...]:
    """Every cell of the blocks, in block, row, column order."""
    return tuple((k, r.key, c.key) for k in blocks for r in spec.BLOCKS[k].rows for c in spec.BLOCKS[k].cols)


@cache
def equations(block_key: str) -> tuple[Equation, ...]:
    """The equations of one block: its totals, then (table 3) the 勾稽关系 per column."""
    block = spec.BLOCKS[block_key]
    out: list[Equation] = []
    for total in block.totals:
        code = SUM_CODES[(block_key, total.axis)]
        if total.axis == "row":
            for c in block.cols:
                parts = tuple((p, c.key) for p in total.parts)
                out.append(Equation(code, block_key, parts, ((total.target, c.key),), (total.target, c.key)))
        else:
            for r in block.rows:
                parts = tuple((r.key, p) for p in total.parts)
                out.append(Equation(code, block_key, parts, ((r.key, total.target),), (r.key, total.target)))
    if block is spec.T3:
        lhs_rows, rhs_rows = spec.T3_BALANCE
        for c in block.cols:
            out.append(Equation(
                BALANCE_CODE, block_key,
                tuple((r, c.key) for r in lhs_rows), tuple((r, c.key) for r in rhs_rows),
                (rhs_rows[-1], c.key),
            ))
    return tuple(out)


def equation_at(code: str, cell: Cell) -> Equation:
    """The equation of rule ``code`` pinned at ``cell``."""
    block, row, col = cell
    return next(e for e in equations(block) if e.code == code and e.target == (row, col))


# Schemas --------------------------------------------------------------------

def _label(cell: Cell) -> str:
    return "/".join(cell)


def _equation_check(code: str, eqs: tuple[Equation, ...], position: dict[Cell, int], n: int) -> pa.Check:
    """A dataframe check of a family of equations, vectorised as one matrix product."""
    a = np.zeros((len(eqs), n))
    for k, e in enumerate(eqs):
        for r, c in e.lhs:
            a[k, position[(e.block, r, c)]] += 1
        for r, c in e.rhs:
            a[k, position[(e.block, r, c)]] -= 1
    involved = a != 0
    targets = np.array([position[(e.block, *e.target)] for e in eqs])

    def holds(frame: pd.DataFrame) -> pd.Series:
        v = frame["value"].to_numpy()
        missing = np.isnan(v)
        residual = a @ np.where(missing, 0.0, v)
        unknown = (involved & missing).any(axis=1)
        ok = np.ones(n, dtype=bool)
        ok[targets[(np.abs(residual) > 1e-6) & ~unknown]] = False
        return pd.Series(ok, index=frame.index)

    return pa.Check(holds, name=code, error=code)


def _whole_check(blocks: tuple[str, ...], n: int) -> pa.Check:
    money = np.array([spec.BLOCKS[b].kind == "money" for b, _, _ in cells(blocks)])

    def whole(frame: pd.DataFrame) -> pd.Series:
        v = frame["value"].to_numpy()
        return pd.Series(money | np.isnan(v) | (v % 1 == 0), index=frame.index)

    return pa.Check(whole, name="CELL-NOT-INT", error="CELL-NOT-INT")


_NON_NEGATIVE = pa.Check.ge(0, name="CELL-NEGATIVE", error="CELL-NEGATIVE")


@cache
def _schema(blocks: tuple[str, ...]) -> pa.DataFrameSchema:
    all_cells = cells(blocks)
    position = {cell: i for i, cell in enumerate(all_cells)}
    n = len(all_cells)
    eqs = [e for b in blocks for e in equations(b)]
    families = list(dict.fromkeys(e.code for e in eqs))
    checks = [_whole_check(blocks, n)] + [
        _equation_check(code, tuple(e for e in eqs if e.code == code), position, n) for code in families
    ]
    return pa.DataFrameSchema(
        {"value": pa.Column(float, nullable=False, checks=[_NON_NEGATIVE])},
        checks=checks,
        index=pa.Index(str, checks=[pa.Check.isin([_label(c) for c in all_cells])]),
        strict=True,
        name="/".join(blocks),
    )


def table_schema(number: int) -> pa.DataFrameSchema:
    """The schema of official table ``number`` (2, 3 or 4) over :func:`frame` of its blocks."""
    table = next(t for t in spec.TABLES if t.number == number)
    return _schema(tuple(b.key for b in table.blocks))


def report_schema() -> pa.DataFrameSchema:
    """The schema of all three tables, validated in one go."""
    return _schema(tuple(spec.BLOCKS))


@cache
def _index(blocks: tuple[str, ...]) -> pd.Index:
    return pd.Index([_label(c) for c in cells(blocks)], name="cell")


def frame(report: AnnualReport, blocks: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The long frame of the report's figures (all blocks unless given)."""
    blocks = blocks or tuple(spec.BLOCKS)
    values = np.concatenate([
        report.tables[b].to_numpy(dtype="float64", na_value=np.nan).ravel() for b in blocks
    ])
    return pd.DataFrame({"value": values}, index=_index(blocks), copy=False)


# Running ----------------------------------------------------------------------

def validate(data: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Failure]:
    """Validate lazily and map every failure case to a :class:`Failure` at one cell."""
    try:
        schema.validate(data, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return [_failure(row) for row in exc.failure_cases.itertuples(index=False)]
    return []


def _failure(case) -> Failure:
    code = CHECK_CODES.get(case.check, case.check)
    if not isinstance(case.index, str) or code not in _known_codes():
        raise RuntimeError(f"unmapped schema failure: {case}")
    block, row, col = case.index.split("/")
    value = case.failure_case
    if pd.isna(value):
        return Failure(code, (block, row, col), None)
    value = float(value)
    return Failure(code, (block, row, col), int(value) if value.is_integer() else value)


@cache
def _known_codes() -> frozenset[str]:
    return frozenset({"CELL-BLANK", "CELL-NEGATIVE", "CELL-NOT-INT", BALANCE_CODE, *SUM_CHECKS})


def failures(report: AnnualReport) -> list[Failure]:
    """Every failure case of the report's tables, against :func:`report_schema`."""
    return validate(frame(report), report_schema())
