"""The annual report as data: basic facts, prose and the official tables.

An :class:`AnnualReport` is what every reader produces (a workbook file, an
xlwings ``Book``, an imported published report) and what the checks and the
renderers consume. Tables are pandas DataFrames indexed by the row and column
keys of :mod:`gikxl.spec`; a cell that could not be read is ``<NA>`` and has a
:class:`CellFault` saying why — never a silent 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from gikxl import spec


@dataclass(frozen=True)
class CellFault:
    """A cell the reader could not read as intended."""

    code: str
    """Catalogue code, e.g. ``CELL-BLANK`` (see :mod:`gikxl.rules.cells`)."""
    name: str
    """The defined name the cell belongs to, e.g. ``gik_t3``."""
    sheet: str
    cell: str
    """A1 address, e.g. ``D7``."""
    raw: Any
    """What the cell held, as read (text, number, error value)."""
    expected: Any = None
    """The value the clerk most likely meant (``3`` for ``"3件"``), if any."""
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
    faults: list[CellFault] = field(default_factory=list)
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
        v = self.tables[block].at[row, col]
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

    def to_names(self) -> dict[str, Any]:
        """Values by defined name, ready to write into a workbook."""
        names: dict[str, Any] = {spec.FIELDS[k].name: v for k, v in self.fields.items()}
        for key, rows in self.to_dict()["tables"].items():
            names[spec.BLOCKS[key].name] = rows
        return names


def empty_table(block: spec.Block) -> pd.DataFrame:
    """A block's DataFrame with every figure missing."""
    dtype = "Float64" if block.kind == "money" else "Int64"
    return pd.DataFrame(
        pd.NA,
        index=pd.Index([r.key for r in block.rows], name="row"),
        columns=pd.Index([c.key for c in block.cols], name="col"),
        dtype=dtype,
    )


def apply_totals(block: spec.Block, df: pd.DataFrame, keep: frozenset[tuple[str, str]] = frozenset()) -> None:
    """Compute the block's totals in place, in spec order, as the template's formulas do.

    Cells in ``keep`` (row, col) hold a typed constant and are left alone, so a
    check can compare them with the sum. A sum over a missing figure is missing.
    """
    for total in block.totals:
        if total.axis == "row":
            sums = df.loc[list(total.parts)].sum(axis=0, skipna=False, min_count=1)
            for col, v in sums.items():
                if (total.target, col) not in keep:
                    df.at[total.target, col] = v
        else:
            sums = df[list(total.parts)].sum(axis=1, skipna=False, min_count=1)
            for row, v in sums.items():
                if (row, total.target) not in keep:
                    df.at[row, total.target] = v


def report_from_names(values: dict[str, Any], source: str = "") -> AnnualReport:
    """An :class:`AnnualReport` from clean values by defined name (e.g. the bundled example).

    Totals are computed; values must already be of the right types. Used to
    make models in code and tests; files go through :mod:`gikxl.reader`.
    """
    fields = {k: values.get(f.name) for k, f in spec.FIELDS.items()}
    for k, f in spec.FIELDS.items():
        if f.kind == "prose" and fields[k] is None:
            fields[k] = ""
        if f.kind == "date" and isinstance(fields[k], str):
            fields[k] = dt.date.fromisoformat(fields[k])
    tables = {}
    for key, block in spec.BLOCKS.items():
        df = empty_table(block)
        rows = values.get(block.name)
        if rows is not None:
            for i, r in enumerate(block.rows):
                for j, c in enumerate(block.cols):
                    if not block.is_derived(r.key, c.key) and rows[i][j] is not None:
                        df.at[r.key, c.key] = rows[i][j]
        apply_totals(block, df)
        tables[key] = df
    return AnnualReport(fields=fields, tables=tables, source=source)
