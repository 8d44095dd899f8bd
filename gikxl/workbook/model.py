"""The annual report as data: basic facts, prose and the official tables.

An :class:`AnnualReport` is what every reader produces (a workbook file, an
xlwings ``Book``, an imported published report) and what the checks and the
renderers consume. Tables are small grids (:class:`Table`) addressed by the row
and column keys of :mod:`gikxl.spec`; a cell that could not be read is ``None``
and has an :class:`Observation` saying what it holds — never a silent 0.
Reading or rendering a report imports no data-frame library: only the checks
build a frame, for pandera (:mod:`gikxl.checks.schemas`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from gikxl import spec

#: Figures of this size or more are no count or amount (the reader observes them as
#: :attr:`Observed.TOO_LARGE`). Excel keeps 15 significant digits, so a count of
#: 16 digits or more cannot even be typed digit for digit: ``1E+20`` is a slip, a
#: pasted ID or a formula gone wrong. A model made in code is held to it too
#: (:func:`table_from_figures`), so every figure and total is exact as a float.
MAX_FIGURE = 10**15

Figure = int | float
"""A count (int) or an amount in 万元 (float)."""


class Observed(str, Enum):
    """What a cell holds when it is not what its kind wants: a fact, not a verdict.

    The checks decide what each means for the clerk (:mod:`gikxl.checks.rules.cells`).
    """

    BLANK = "blank"
    """A figure cell with nothing in it (blank fields are simply ``None``)."""
    ERROR_VALUE = "error-value"
    """An Excel error value such as ``#REF!``."""
    NO_RESULT = "formula-without-result"
    """A formula whose result the file does not hold (written by a program that does not calculate)."""
    NOT_FINITE = "not-finite"
    """A number that is infinite or not a number."""
    TOO_LARGE = "too-large"
    """A number whose size is :data:`MAX_FIGURE` or more (``1E+20``), typed or as text: no count or amount."""
    TEXT = "text"
    """Text that spells no number."""
    LOGICAL = "logical"
    """TRUE or FALSE."""
    DATE = "date"
    """A date or time in a figure cell."""
    NEGATIVE = "negative"
    """A number below 0."""
    FRACTION = "fraction"
    """A number with a fractional part in a cell of counts."""
    PLACEHOLDER = "placeholder"
    """A sign or word for "none": "—", "/", "无", "不适用"."""
    NUMBER_AS_TEXT = "number-as-text"
    """A number stored as text ("3")."""
    FULLWIDTH = "fullwidth-number"
    """A number in full-width digits ("３")."""
    WITH_UNIT = "number-with-unit"
    """A number followed by its unit ("3件", "2万元")."""
    NOT_A_LEVEL = "not-a-level"
    """A 机关层级 that is not one of the listed levels."""
    NOT_A_YEAR = "not-a-year"
    """A 报告年度 that is not a four-digit year."""
    NOT_A_DATE = "not-a-date"
    """A 成文日期 that is not a date."""


@dataclass(frozen=True)
class Observation:
    """A cell whose content is not what its kind wants, and what it holds."""

    kind: Observed
    name: str
    """The defined name the cell belongs to, e.g. ``gik_t3``."""
    sheet: str
    cell: str
    """A1 address, e.g. ``D7``."""
    raw: Any
    """What the cell held, as read (text, number, error value)."""
    meant: Any = None
    """The number the content spells, if any (``3`` for ``"3件"``, ``0`` for a placeholder)."""
    row: str = ""
    """Row key within the block (tables only)."""
    col: str = ""
    """Column key within the block (tables only)."""


@dataclass
class AnnualReport:
    """One body's report for one year, as read from a workbook."""

    fields: dict[str, Any]
    """Single-cell inputs by :data:`gikxl.spec.FIELDS` key: ``org``, ``level``,
    ``year`` (int), ``date`` (:class:`datetime.date`), prose keys (str, ``""``
    when empty) and ``info_fee`` (元, float). ``None`` where blank or unreadable."""
    tables: dict[str, Table]
    """Figures by block key (``t2_rules`` … ``t3``, ``t4``): int for counts,
    float for money, ``None`` where missing; totals included."""
    observations: list[Observation] = field(default_factory=list)
    """Every cell the reader saw something other than what its kind wants in."""
    overridden: frozenset[tuple[str, str, str]] = frozenset()
    """(block, row, col) of total cells whose formula was replaced by a typed constant (or, in a
    report with :attr:`totals_as_written`, whose published value is not the sum of its parts)."""
    source: str = ""
    """Where the report came from (a file name), for messages."""
    totals_as_written: bool = False
    """Totals were read as published, not computed by formulas (an imported published report):
    a wrong one is a wrong figure, and there is no formula to restore."""

    # Convenience ----------------------------------------------------------

    @property
    def org(self) -> str | None:
        return self.fields.get("org")

    @property
    def level(self) -> str | None:
        return self.fields.get("level")

    @property
    def year(self) -> int | None:
        return self.fields.get("year")

    @property
    def date(self) -> dt.date | None:
        return self.fields.get("date")

    def prose(self, key: str) -> str:
        return self.fields.get(key) or ""

    def value(self, block: str, row: str, col: str) -> Any:
        """One figure, ``None`` when missing."""
        return self.tables[block][row, col]

    # Conversion -----------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (dates as ISO strings, missing figures as ``None``)."""
        fields = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.fields.items()}
        tables = {
            key: table.grid() for key, table in self.tables.items()
        }
        return {"fields": fields, "tables": tables}


class Table:
    """One block's figures by (row key, column key), in the spec's order; ``None`` where missing.

    Plain lists, not a data frame: a report is read, rendered and looked up
    cell by cell, and a frame library costs more to import than all of that.
    Cells can be set (models made in code, tests); only :func:`table_from_figures`
    computes totals.
    """

    __slots__ = ("_col_at", "_grid", "_row_at", "cols", "rows")

    def __init__(self, rows: Sequence[str], cols: Sequence[str],
                 cells: Mapping[tuple[str, str], Figure | None] | None = None) -> None:
        self.rows, self.cols = tuple(rows), tuple(cols)
        self._row_at = {r: i for i, r in enumerate(self.rows)}
        self._col_at = {c: j for j, c in enumerate(self.cols)}
        cells = cells or {}
        self._grid: list[list[Figure | None]] = [[cells.get((r, c)) for c in self.cols] for r in self.rows]

    def __getitem__(self, key: tuple[str, str]) -> Figure | None:
        row, col = key
        return self._grid[self._row_at[row]][self._col_at[col]]

    def __setitem__(self, key: tuple[str, str], value: Figure | None) -> None:
        row, col = key
        self._grid[self._row_at[row]][self._col_at[col]] = value

    def grid(self) -> list[list[Figure | None]]:
        """The figures row by row (a copy)."""
        return [list(row) for row in self._grid]

    def __iter__(self) -> Iterator[Figure | None]:
        """Every figure, row by row."""
        return (v for row in self._grid for v in row)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return (self.rows, self.cols, self._grid) == (other.rows, other.cols, other._grid)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Table(rows={self.rows!r}, cols={self.cols!r}, grid={self._grid!r})"


def _figure(block: spec.Block, value: float | int) -> Figure | None:
    """A figure as the block holds it: a whole count as int, an amount as float; NaN as missing."""
    if value != value:  # NaN: nothing a reader produces (it observes NOT_FINITE), but a model made in code might
        return None
    if not abs(value) < MAX_FIGURE:
        # Readers observe such a figure as TOO_LARGE; a model made in code must not carry it into sums.
        raise ValueError(f"a figure of {block.name} is {MAX_FIGURE} or more: no count or amount")
    if block.kind == "money":
        return float(value)
    return int(value) if float(value).is_integer() else float(value)


def table_from_figures(
    block: spec.Block,
    figures: Mapping[tuple[str, str], float | int],
    keep: frozenset[tuple[str, str]] = frozenset(),
) -> Table:
    """A block's :class:`Table` from its figures by (row, col), totals computed as the template's formulas do.

    Totals are summed in spec order, so a total of totals sees the ones before
    it. Cells in ``keep`` hold a typed constant (taken from ``figures``) and are
    left alone, so a check can compare them with the sum. A sum over a missing
    figure is missing.
    """
    cells: dict[tuple[str, str], Figure | None] = {k: _figure(block, v) for k, v in figures.items()}
    rows = [r.key for r in block.rows]
    cols = [c.key for c in block.cols]
    for total in block.totals:
        across = cols if total.axis == "row" else rows
        for other in across:
            target = (total.target, other) if total.axis == "row" else (other, total.target)
            if target in keep:
                continue
            parts = [cells.get((p, other) if total.axis == "row" else (other, p)) for p in total.parts]
            known = [v for v in parts if v is not None]
            cells[target] = sum(known) if len(known) == len(parts) else None
    return Table(rows, cols, cells)


def report_from_names(values: dict[str, Any], source: str = "") -> AnnualReport:
    """An :class:`AnnualReport` from clean values by defined name (e.g. the bundled example).

    Totals are computed; values must already be of the right types. Used to
    make models in code and tests; files go through :mod:`gikxl.workbook`.
    """
    fields = {k: values.get(f.name) for k, f in spec.FIELDS.items()}
    for k, f in spec.FIELDS.items():
        value = fields[k]
        if f.kind == "prose" and value is None:
            fields[k] = ""
        if f.kind == "date" and isinstance(value, str):
            fields[k] = dt.date.fromisoformat(value)
    tables = {}
    for key, block in spec.BLOCKS.items():
        rows = values.get(block.name) or ()
        figures = {
            (r.key, c.key): rows[i][j]
            for i, r in enumerate(block.rows) if i < len(rows)
            for j, c in enumerate(block.cols)
            if not block.is_derived(r.key, c.key) and rows[i][j] is not None
        }
        tables[key] = table_from_figures(block, figures)
    return AnnualReport(fields=fields, tables=tables, source=source)
