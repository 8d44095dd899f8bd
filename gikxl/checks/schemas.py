"""pandera schemas of tables 2, 3 and 4, derived from :mod:`gikxl.spec`, on pandera's polars backend.

The figures of a report are laid out as one long frame: one row per cell, in
block, row, column order (:func:`cells`), with a ``cell`` column labelled
``"<block>/<row>/<col>"`` (e.g. ``"t3/total/business"``) and a ``value``
column of floats (null where a figure is missing).

Each rule names its invariant (:mod:`gikxl.checks.invariants`); the schema of a
set of ``(rule code, invariant)`` pairs names every check after its rule, and
:func:`failure_cases` maps pandera's failure cases back to those codes and, by
the row they name, to the exact cell. The schema is built once per set. One
validation may cover many reports (:func:`failure_cases_many`, the audit of a
folder): their long frames are stacked unit after unit, each the same number
of rows, so a row's position names its unit and its cell; a single report is
a batch of one. pandera's cost per call dwarfs a few hundred rows, so a batch
of fifty reports costs little more than one. The arithmetic (bounds of missing figures, the
equations) is plain Python over a few hundred cells: quicker than building
arrays for it. Importing this module imports pandera's polars schemas and polars,
after :func:`gikxl.runtime.require_polars` has made sure this processor can
run them; only the check path does so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

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
from gikxl.runtime import require_polars

# Before polars itself: on a processor its runtime cannot use, the clerk reads
# which package to install, not polars' English warning or a crash.
require_polars()

# pandera's parts, not ``pandera.polars``: that also loads its DataFrameModel, decorators and schema
# inference, which no check uses (some 5 ms of every cold check and click).
import polars as pl  # noqa: E402
from pandera.api.checks import Check  # noqa: E402
from pandera.api.polars.components import Column  # noqa: E402
from pandera.api.polars.container import DataFrameSchema  # noqa: E402
from pandera.errors import SchemaErrors  # noqa: E402

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


Stage = tuple[tuple[int, tuple[int, ...]], ...]
"""One :class:`spec.Total` over the long frame: (target position, parts' positions) per row or column it sums."""


@cache
def _stages(blocks: tuple[str, ...]) -> tuple[Stage, ...]:
    """The totals of the blocks as positions in the long frame, one stage per :class:`spec.Total`, in spec order.

    In that order a total of totals sees the ones before it, as the reader's
    sums (:func:`~gikxl.workbook.model.table_from_figures`) do.
    """
    position = {cell: i for i, cell in enumerate(cells(blocks))}
    out = []
    for key in blocks:
        block = spec.BLOCKS[key]
        for total in block.totals:
            across = block.cols if total.axis == "row" else block.rows

            def at(part: str, item: str, key: str = key, axis: str = total.axis) -> int:
                return position[(key, part, item) if axis == "row" else (key, item, part)]

            out.append(tuple((at(total.target, i.key), tuple(at(p, i.key) for p in total.parts)) for i in across))
    return tuple(out)


Figures = Sequence[float | int | None]
"""The figures of the long frame, in :func:`cells` order; ``None`` where missing."""


def bounds(values: Figures, blocks: tuple[str, ...]) -> tuple[list[float], list[float]]:
    """Lower and upper bounds of every figure: a known one is itself, a missing one lies in [0, ∞).

    A missing total (a sum over a blank part, or a total left blank) is
    narrowed to its parts' sum, whose value the template's formula would
    have: the sum of its known parts is at least its lower bound. (Every
    upper bound is ≥ 0, so a sum with ∞ in it is ∞, never NaN.)
    """
    lo = [0.0 if v is None else float(v) for v in values]
    hi = [math.inf if v is None else float(v) for v in values]
    if any(v is None for v in values):
        for stage in _stages(blocks):
            for target, parts in stage:
                if values[target] is None:
                    lo[target] = max(lo[target], sum(lo[p] for p in parts))
                    hi[target] = min(hi[target], sum(hi[p] for p in parts))
    return lo, hi


def _failing(eqs: Sequence[tuple[tuple[int, ...], tuple[int, ...], bool, int]],
             lo: list[float], hi: list[float]) -> set[int]:
    """The pinned positions of the (in)equations that fail for every value their missing figures could have."""
    out = set()
    for lhs, rhs, at_least, target in eqs:
        too_small = sum(hi[i] for i in lhs) < sum(lo[i] for i in rhs) - 1e-6
        too_large = sum(lo[i] for i in lhs) > sum(hi[i] for i in rhs) + 1e-6
        if too_small or (too_large and not at_least):
            out.add(target)
    return out


def _values(data: Any) -> list[float | None]:
    """The ``value`` column of the frame pandera hands a check."""
    return data.lazyframe.select("value").collect().to_series().to_list()


def _verdict(ok: list[bool]) -> bool | pl.LazyFrame:
    """A check's result: ``True`` when every row passes (pandera then has nothing to collect,
    the usual case of a sound report), else one boolean per row, so failure cases name rows."""
    return True if all(ok) else pl.LazyFrame({"ok": ok}, schema={"ok": pl.Boolean})


def _equation_check(code: str, eqs: Sequence[Equation], position: dict[Cell, int], blocks: tuple[str, ...]) -> Check:
    """A dataframe check of a family of (in)equations, decided over bounds.

    A missing figure is unknown, not 0: an equation fails when it fails for
    every value its missing figures could have — when one side's lower bound
    exceeds the other's upper bound (``>=``: when the left side's upper bound
    is below the right side's lower bound). With every figure known this is
    the plain comparison.
    """
    n = len(position)
    plan = [(tuple(position[(e.block, r, c)] for r, c in e.lhs), tuple(position[(e.block, r, c)] for r, c in e.rhs),
             e.relation == ">=", position[(e.block, *e.target)]) for e in eqs]

    def holds(data: Any) -> bool | pl.LazyFrame:
        values = _values(data)
        ok = [True] * len(values)
        for start in range(0, len(values), n):  # one unit's figures at a time
            for i in _failing(plan, *bounds(values[start:start + n], blocks)):
                ok[start + i] = False
        return _verdict(ok)

    return Check(holds, name=code, error=code)


def _whole_check(code: str, blocks: tuple[str, ...]) -> Check:
    money = [spec.BLOCKS[b].kind == "money" for b, _, _ in cells(blocks)]

    def whole(data: Any) -> bool | pl.LazyFrame:
        values = _values(data)
        units = len(values) // len(money)
        return _verdict([m or v is None or v % 1 == 0 for m, v in zip(money * units, values, strict=True)])

    return Check(whole, name=code, error=code)


@cache
def schema(checks: Checks, blocks: tuple[str, ...] | None = None) -> DataFrameSchema:
    """The schema of ``checks`` over the figures of ``blocks`` (all blocks unless given)."""
    blocks = blocks or tuple(spec.BLOCKS)
    all_cells = cells(blocks)
    position = {cell: i for i, cell in enumerate(all_cells)}
    column_checks, frame_checks, nullable = [], [], True
    for code, invariant in checks:
        if isinstance(invariant, NotBlank):
            nullable = False
        elif isinstance(invariant, NonNegative):
            column_checks.append(Check.ge(0, name=code, error=code))
        elif isinstance(invariant, WholeCounts):
            frame_checks.append(_whole_check(code, blocks))
        else:
            eqs = [e for e in equations(invariant) if e.block in blocks]
            if eqs:
                frame_checks.append(_equation_check(code, eqs, position, blocks))
    return DataFrameSchema(
        {
            "cell": Column(str, checks=[Check.isin([_label(c) for c in all_cells])]),
            "value": Column(pl.Float64, nullable=nullable, checks=column_checks),
        },
        checks=frame_checks,
        strict=True,
        name="/".join(blocks),
    )


def table_blocks(number: int) -> tuple[str, ...]:
    """The block keys of official table ``number`` (2, 3 or 4)."""
    return tuple(b.key for b in spec.table_numbered(number).blocks)


def figures(report: AnnualReport, blocks: tuple[str, ...]) -> list[float | int | None]:
    """The report's figures of ``blocks`` in :func:`cells` order."""
    return [v for b in blocks for v in report.tables[b]]


@cache
def _labels(blocks: tuple[str, ...]) -> pl.Series:
    return pl.Series("cell", [_label(c) for c in cells(blocks)], dtype=pl.String)


def frame(values: Figures, blocks: tuple[str, ...], units: int = 1) -> pl.DataFrame:
    """The long frame of ``values``: the figures of ``blocks`` (:func:`figures`) of ``units``
    reports, one after the other."""
    labels = _labels(blocks) if units == 1 else pl.concat([_labels(blocks)] * units)
    return pl.DataFrame([labels, pl.Series("value", values, dtype=pl.Float64)])


def cell_bounds(report: AnnualReport) -> dict[Cell, tuple[float, float]]:
    """(lower, upper) bound of every figure of the report, as the checks decide with them (:func:`bounds`)."""
    blocks = tuple(spec.BLOCKS)
    lo, hi = bounds(figures(report, blocks), blocks)
    return dict(zip(cells(blocks), zip(lo, hi, strict=True), strict=True))


# Running ----------------------------------------------------------------------

FailureCases = dict[str, dict[Cell, Any]]
"""Rule code → failing cell → its value (``None`` when blank)."""


def failure_cases(report: AnnualReport, checks: Checks, blocks: tuple[str, ...] | None = None) -> FailureCases:
    """Every failure case of ``checks`` on the report's figures, by rule code and cell."""
    return failure_cases_many([report], checks, blocks)[0]


def failure_cases_many(
    reports: Sequence[AnnualReport], checks: Checks, blocks: tuple[str, ...] | None = None
) -> list[FailureCases]:
    """:func:`failure_cases` of each report, in one validation of all their figures."""
    blocks = blocks or tuple(spec.BLOCKS)
    values = [figures(report, blocks) for report in reports]
    if not values:
        return []
    stacked = [v for unit in values for v in unit]
    try:
        schema(checks, blocks).validate(frame(stacked, blocks, len(values)), lazy=True)
    except SchemaErrors as exc:
        return _by_code(exc.failure_cases, checks, blocks, values)
    return [{} for _ in values]


def _by_code(cases: pl.DataFrame, checks: Checks, blocks: tuple[str, ...],
             values: Sequence[Figures]) -> list[FailureCases]:
    """Failure cases of each unit by rule code and cell: pandera names the failing row of the
    stacked frame, its position names the unit and the cell. A unit's cases keep pandera's order."""
    not_blank = next((code for code, inv in checks if isinstance(inv, NotBlank)), None)
    codes = {code for code, _ in checks}
    all_cells = cells(blocks)
    n = len(all_cells)
    out: list[FailureCases] = [{} for _ in values]
    for case in cases.iter_rows(named=True):
        code = not_blank if case["check"] == _NOT_NULLABLE else case["check"]
        row = case["index"]
        if code not in codes or not isinstance(row, int) or not 0 <= row < n * len(values):
            raise RuntimeError(f"unmapped schema failure: {case}")
        unit, at = divmod(row, n)
        out[unit].setdefault(code, {})[all_cells[at]] = _figure(values[unit][at])
    return out


def _figure(value: float | int | None) -> int | float | None:
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value
