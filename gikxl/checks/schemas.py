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


def _equation_check(code: str, eqs: Sequence[Equation], position: dict[Cell, int], n: int) -> pa.Check:
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
                frame_checks.append(_equation_check(code, eqs, position, len(all_cells)))
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
