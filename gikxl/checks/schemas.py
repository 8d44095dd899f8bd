"""pandera schemas of tables 2, 3 and 4, derived from :mod:`gikxl.spec`.

The figures of a report are laid out as one long frame: one row per cell,
indexed ``"<block>/<row>/<col>"`` (e.g. ``"t3/total/business"``), with a
single float column ``value`` (``NaN`` where a figure is missing).

Each rule names its invariant (:mod:`gikxl.checks.invariants`); the schema of a
set of ``(rule code, invariant)`` pairs names every check after its rule, and
:func:`failure_cases` maps pandera's failure cases back to those codes. The
schema is built once per set and validated once per report. Importing this
module imports ``pandera.pandas``; only the check path does so.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from gikxl import spec
from gikxl.checks.invariants import (
    Cell,
    Checks,
    Equation,
    NonNegative,
    NotBlank,
    WholeCounts,
    equations,
)

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

#: pandera's own name of the null check: the one failure case not named by us.
_NOT_NULLABLE = "not_nullable"


# Schemas --------------------------------------------------------------------

def cells(blocks: tuple[str, ...]) -> tuple[Cell, ...]:
    """Every cell of the blocks, in block, row, column order."""
    return tuple((k, r.key, c.key) for k in blocks for r in spec.BLOCKS[k].rows for c in spec.BLOCKS[k].cols)


def _label(cell: Cell) -> str:
    return "/".join(cell)


@cache
def _stages(blocks: tuple[str, ...]) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The totals of the blocks as (target positions, parts matrix), one per :class:`spec.Total`, in spec order.

    In that order a total of totals sees the ones before it, as the reader's
    sums (:func:`~gikxl.workbook.model.table_from_figures`) do.
    """
    position = {cell: i for i, cell in enumerate(cells(blocks))}
    out = []
    for key in blocks:
        block = spec.BLOCKS[key]
        for total in block.totals:
            across = block.cols if total.axis == "row" else block.rows
            targets, parts = [], np.zeros((len(across), len(position)))
            for k, item in enumerate(across):
                for p in (total.target, *total.parts):
                    i = position[(key, p, item.key) if total.axis == "row" else (key, item.key, p)]
                    if p == total.target:
                        targets.append(i)
                    else:
                        parts[k, i] = 1
            out.append((np.array(targets), parts))
    return tuple(out)


def _sum_hi(a: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``a @ hi`` for 0/1 rows ``a`` where ``hi`` may be ∞ (0 × ∞ would be NaN)."""
    infinite = np.isinf(hi)
    return np.where(a @ infinite > 0, np.inf, a @ np.where(infinite, 0.0, hi))


def bounds(v: np.ndarray, blocks: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of every figure: a known one is itself, a missing one lies in [0, ∞).

    A missing total (a sum over a blank part, or a total left blank) is
    narrowed to its parts' sum, whose value the template's formula would
    have: the sum of its known parts is at least its lower bound.
    """
    missing = np.isnan(v)
    lo = np.where(missing, 0.0, v)
    hi = np.where(missing, np.inf, v)
    if missing.any():
        for targets, parts in _stages(blocks):
            m = missing[targets]
            lo[targets] = np.where(m, np.maximum(lo[targets], parts @ lo), lo[targets])
            hi[targets] = np.where(m, np.minimum(hi[targets], _sum_hi(parts, hi)), hi[targets])
    return lo, hi


def _equation_check(code: str, eqs: Sequence[Equation], position: dict[Cell, int], blocks: tuple[str, ...]) -> pa.Check:
    """A dataframe check of a family of (in)equations, vectorised as matrix products over bounds.

    A missing figure is unknown, not 0: an equation fails when it fails for
    every value its missing figures could have — when one side's lower bound
    exceeds the other's upper bound (``>=``: when the left side's upper bound
    is below the right side's lower bound). With every figure known this is
    the plain comparison.
    """
    n = len(position)
    lhs, rhs = np.zeros((len(eqs), n)), np.zeros((len(eqs), n))
    for k, e in enumerate(eqs):
        for r, c in e.lhs:
            lhs[k, position[(e.block, r, c)]] = 1
        for r, c in e.rhs:
            rhs[k, position[(e.block, r, c)]] = 1
    at_least = np.array([e.relation == ">=" for e in eqs])
    targets = np.array([position[(e.block, *e.target)] for e in eqs])

    def holds(frame: pd.DataFrame) -> pd.Series:
        lo, hi = bounds(frame["value"].to_numpy(), blocks)
        too_small = _sum_hi(lhs, hi) < rhs @ lo - 1e-6
        too_large = lhs @ lo > _sum_hi(rhs, hi) + 1e-6
        ok = np.ones(n, dtype=bool)
        ok[targets[too_small | (too_large & ~at_least)]] = False
        return pd.Series(ok, index=frame.index)

    return pa.Check(holds, name=code, error=code)


def _whole_check(code: str, blocks: tuple[str, ...]) -> pa.Check:
    money = np.array([spec.BLOCKS[b].kind == "money" for b, _, _ in cells(blocks)])

    def whole(frame: pd.DataFrame) -> pd.Series:
        v = frame["value"].to_numpy()
        return pd.Series(money | np.isnan(v) | (v % 1 == 0), index=frame.index)

    return pa.Check(whole, name=code, error=code)


@cache
def schema(checks: Checks, blocks: tuple[str, ...] | None = None) -> pa.DataFrameSchema:
    """The schema of ``checks`` over the figures of ``blocks`` (all blocks unless given)."""
    blocks = blocks or tuple(spec.BLOCKS)
    all_cells = cells(blocks)
    position = {cell: i for i, cell in enumerate(all_cells)}
    column_checks, frame_checks, nullable = [], [], True
    for code, invariant in checks:
        if isinstance(invariant, NotBlank):
            nullable = False
        elif isinstance(invariant, NonNegative):
            column_checks.append(pa.Check.ge(0, name=code, error=code))
        elif isinstance(invariant, WholeCounts):
            frame_checks.append(_whole_check(code, blocks))
        else:
            eqs = [e for e in equations(invariant) if e.block in blocks]
            if eqs:
                frame_checks.append(_equation_check(code, eqs, position, blocks))
    return pa.DataFrameSchema(
        {"value": pa.Column(float, nullable=nullable, checks=column_checks)},
        checks=frame_checks,
        index=pa.Index(str, checks=[pa.Check.isin([_label(c) for c in all_cells])]),
        strict=True,
        name="/".join(blocks),
    )


def table_blocks(number: int) -> tuple[str, ...]:
    """The block keys of official table ``number`` (2, 3 or 4)."""
    return tuple(b.key for b in spec.table_numbered(number).blocks)


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


def cell_bounds(report: AnnualReport) -> dict[Cell, tuple[float, float]]:
    """(lower, upper) bound of every figure of the report, as the checks decide with them (:func:`bounds`)."""
    blocks = tuple(spec.BLOCKS)
    lo, hi = bounds(frame(report, blocks)["value"].to_numpy(), blocks)
    return dict(zip(cells(blocks), zip(lo.tolist(), hi.tolist(), strict=True), strict=True))


# Running ----------------------------------------------------------------------

FailureCases = dict[str, dict[Cell, Any]]
"""Rule code → failing cell → its value (``None`` when blank)."""


def failure_cases(report: AnnualReport, checks: Checks, blocks: tuple[str, ...] | None = None) -> FailureCases:
    """Every failure case of ``checks`` on the report's figures, by rule code and cell."""
    try:
        schema(checks, blocks).validate(frame(report, blocks), lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _by_code(exc.failure_cases, checks)
    return {}


def _by_code(cases: pd.DataFrame, checks: Checks) -> FailureCases:
    not_blank = next((code for code, inv in checks if isinstance(inv, NotBlank)), None)
    codes = {code for code, _ in checks}
    out: FailureCases = {}
    for case in cases.itertuples(index=False):
        code = not_blank if case.check == _NOT_NULLABLE else case.check
        if code not in codes or not isinstance(case.index, str):
            raise RuntimeError(f"unmapped schema failure: {case}")
        block, row, col = case.index.split("/")
        out.setdefault(code, {})[(block, row, col)] = _figure(case.failure_case)
    return out


def _figure(value: Any) -> int | float | None:
    if pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value
