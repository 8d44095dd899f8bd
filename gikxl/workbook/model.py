"""The annual report as data: basic facts, prose and the official tables.

An :class:`AnnualReport` is what every reader produces (a workbook file, an
xlwings ``Book``, an imported published report) and what the checks and the
renderers consume. Tables are pandas DataFrames indexed by the row and column
keys of :mod:`gikxl.spec`; a cell that could not be read is ``<NA>`` and has an
:class:`Observation` saying what it holds — never a silent 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd

from gikxl import spec

#: Figures of this size or more are no count or amount (the reader observes them as
#: :attr:`Observed.TOO_LARGE`). Excel keeps 15 significant digits, so a count of
#: 16 digits or more cannot even be typed digit for digit: ``1E+20`` is a slip, a
#: pasted ID or a formula gone wrong. The bound also keeps every total (the sum
#: of at most a block's cells) far inside what the frame's int64 columns hold.
MAX_FIGURE = 10**15


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
    tables: dict[str, pd.DataFrame]
    """Figures by block key (``t2_rules`` … ``t3``, ``t4``): nullable ``Int64``
    for counts, ``Float64`` for money; totals included."""
    observations: list[Observation] = field(default_factory=list)
    """Every cell the reader saw something other than what its kind wants in."""
    overridden: frozenset[tuple[str, str, str]] = frozenset()
    """(block, row, col) of total cells whose formula was replaced by a typed constant."""
    source: str = ""
    """Where the report came from (a file name), for messages."""

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
        v: Any = self.tables[block].at[row, col]  # a numpy scalar or <NA>
        return None if pd.isna(v) else v.item() if hasattr(v, "item") else v

    # Conversion -----------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (dates as ISO strings, missing figures as ``None``)."""
        fields = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.fields.items()}
        tables = {
            key: [[self.value(key, r, c) for c in df.columns] for r in df.index]
            for key, df in self.tables.items()
        }
        return {"fields": fields, "tables": tables}


#: The first float an int64 column cannot hold (2**63, exact as a float).
_INT64_LIMIT = float(2**63)


def table_from_figures(
    block: spec.Block,
    figures: Mapping[tuple[str, str], float | int],
    keep: frozenset[tuple[str, str]] = frozenset(),
) -> pd.DataFrame:
    """A block's DataFrame from its figures by (row, col), totals computed as the template's formulas do.

    Totals are summed in spec order, so a total of totals sees the ones before
    it. Cells in ``keep`` hold a typed constant (taken from ``figures``) and are
    left alone, so a check can compare them with the sum. A sum over a missing
    figure is missing. The frame is built once: setting cells one by one costs
    more than all the checks together.
    """
    cells: dict[tuple[str, str], float | int | None] = dict(figures)
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
    grid = np.array([[np.nan if (v := cells.get((r, c))) is None else v for c in cols] for r in rows], dtype=float)
    missing = np.isnan(grid)
    filled = np.where(missing, 0, grid)
    columns: dict[str, pd.api.extensions.ExtensionArray]
    if block.kind == "money":
        columns = {c: pd.arrays.FloatingArray(filled[:, j], missing[:, j]) for j, c in enumerate(cols)}
    else:
        if np.abs(filled).max(initial=0) >= _INT64_LIMIT:
            # astype would wrap such a figure round to -9223372036854775808; readers
            # observe it as TOO_LARGE, so only a model made in code can get here.
            raise ValueError(f"a figure of {block.name} does not fit an int64 column")
        columns = {c: pd.arrays.IntegerArray(filled[:, j].astype("int64"), missing[:, j]) for j, c in enumerate(cols)}
    df = pd.DataFrame(columns, index=pd.Index(rows, name="row"))
    df.columns.name = "col"
    return df


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
