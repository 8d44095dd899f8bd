"""From raw cell values to an :class:`~gikxl.workbook.model.AnnualReport`.

Every source (an .xlsx/.xlsm file, an xlwings ``Book``) first yields, per
defined name, a grid of :class:`RawCell`; this module turns those grids into
the model. It decides what a cell *means* and records a
:class:`~gikxl.workbook.model.CellFault` for anything it cannot read as intended:
blank is never 0, "3件" is never 3.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gikxl import spec
from gikxl.workbook.model import AnnualReport, CellFault, table_from_figures


@dataclass(frozen=True)
class ErrorValue:
    """An Excel error value such as ``#REF!``."""

    text: str

    def __str__(self) -> str:
        return self.text


#: A formula whose result was never stored (a file written by a program that
#: does not calculate): the figure the clerk sees in Excel is not in the file.
NOT_CALCULATED = ErrorValue("#公式未计算")

@dataclass(frozen=True)
class RawCell:
    """One cell as a source holds it."""

    value: Any
    """``None``, str, int/float, bool, datetime or :class:`ErrorValue`."""
    formula: bool | None = False
    """Whether the cell holds a formula; ``None`` when the source cannot tell."""


@dataclass(frozen=True)
class Grid:
    """The cells of one defined name, with where they are."""

    sheet: str
    cells: Sequence[Sequence[RawCell]]
    addresses: Sequence[Sequence[str]]


#: Texts clerks type for "nothing"; the official table wants 0.
PLACEHOLDERS = frozenset("— —— - -- －  / ／ \\ 无 空 没有 不适用 不涉及 暂无 N/A NA n/a".split())
_NUMBER_WITH_UNIT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(件|个|条|项|次|万元|元|宗|份)\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*[+-]?\d+(?:\.\d+)?\s*$")


def fault_of_number(raw: Any, money: bool) -> tuple[str, Any] | None | float:
    """The number a figure cell holds, or ``(code, expected)`` when it cannot be read as one."""
    if isinstance(raw, ErrorValue):
        return ("CELL-ERROR", None)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ("CELL-BLANK", 0)
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime)):
        return ("CELL-TEXT", None)
    if isinstance(raw, str):
        return _fault_of_text(raw, money)
    value = float(raw)
    if math.isnan(value) or math.isinf(value):
        return ("CELL-ERROR", None)
    if value < 0:
        return ("CELL-NEGATIVE", None)
    if not money and value != int(value):
        return ("CELL-NOT-INT", None)
    return value


def _fault_of_text(raw: str, money: bool) -> tuple[str, Any]:
    text = raw.strip()
    normal = unicodedata.normalize("NFKC", text).strip()
    if text in PLACEHOLDERS or normal in PLACEHOLDERS:
        return ("CELL-PLACEHOLDER", 0)
    if _PLAIN_NUMBER.match(normal):
        number = _clean_number(normal)
        return ("CELL-FULLWIDTH" if normal != text else "CELL-TEXT-NUMBER", number)
    unit = _NUMBER_WITH_UNIT.match(normal)
    if unit:
        return ("CELL-UNIT", _clean_number(unit.group(1)))
    return ("CELL-TEXT", None)


def _clean_number(text: str) -> int | float:
    value = float(text)
    return int(value) if value == int(value) else value


# Fields -------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def date_of(raw: Any) -> dt.date | None:
    """A date from a date cell: a datetime, an Excel serial number or a written date."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
    if isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip()
        for pattern in _DATE_PATTERNS:
            m = pattern.match(text)
            if m:
                try:
                    return dt.date(*(int(g) for g in m.groups()))
                except ValueError:
                    return None
    return None


def year_of(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)) and raw == int(raw):
        return int(raw)
    if isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip().removesuffix("年")
        if re.fullmatch(r"\d{4}", text):
            return int(text)
    return None


def text_of(raw: Any) -> str:
    """Prose as typed; numbers and dates as Excel shows them."""
    if raw is None or isinstance(raw, ErrorValue):
        return ""
    if isinstance(raw, float) and raw == int(raw):
        return str(int(raw))
    return str(raw).strip() if not isinstance(raw, str) else raw.strip()


def _field_value(f: spec.Field, raw: Any) -> tuple[Any, tuple[str, Any] | None]:
    """(value, fault) of a single-cell field. Blank is ``None`` without a fault:
    whether a blank field matters is for the checks to say."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return (None if f.kind not in ("prose",) else ""), None
    if isinstance(raw, ErrorValue):
        return (None if f.kind != "prose" else ""), ("CELL-ERROR", None)
    if f.kind == "prose":
        return text_of(raw), None
    if f.kind == "text":
        return text_of(raw), None
    if f.kind == "level":
        value = text_of(raw)
        return (value, None) if value in spec.LEVELS else (None, ("CELL-BAD-LEVEL", None))
    if f.kind == "year":
        value = year_of(raw)
        return (value, None) if value else (None, ("CELL-BAD-YEAR", None))
    if f.kind == "date":
        value = date_of(raw)
        return (value, None) if value else (None, ("CELL-BAD-DATE", None))
    number = fault_of_number(raw, money=True)
    return (number, None) if isinstance(number, float) else (None, number)


# The model ----------------------------------------------------------------

def report_from_grids(grids: Mapping[str, Grid], source: str = "") -> AnnualReport:
    """Interpret the grids of every defined name as one report."""
    faults: list[CellFault] = []
    fields: dict[str, Any] = {}
    for key, f in spec.FIELDS.items():
        grid = grids[f.name]
        raw = grid.cells[0][0].value
        value, fault = _field_value(f, raw)
        fields[key] = value
        if fault:
            faults.append(CellFault(fault[0], f.name, grid.sheet, grid.addresses[0][0], raw, fault[1]))
    tables, overridden = {}, set()
    for key, block in spec.BLOCKS.items():
        df, keep = _table(block, grids[block.name], faults)
        tables[key] = df
        overridden |= {(key, r, c) for r, c in keep}
    return AnnualReport(fields, tables, faults, frozenset(overridden), source)


def _table(block: spec.Block, grid: Grid, faults: list[CellFault]):
    """A block's DataFrame and the total cells that hold typed constants.

    A total cell holding a live formula is recomputed from the inputs, as
    Excel would (a file saved by openpyxl or never opened has no cached
    value). One holding anything else is read like an input and kept, so the
    checks can compare it with the sum.
    """
    figures: dict[tuple[str, str], float] = {}
    kept: set[tuple[str, str]] = set()
    typed: set[tuple[str, str]] = set()
    for i, r in enumerate(block.rows):
        for j, c in enumerate(block.cols):
            cell = grid.cells[i][j]
            if block.is_derived(r.key, c.key):
                if cell.formula:
                    continue
                kept.add((r.key, c.key))
                if cell.formula is False:
                    typed.add((r.key, c.key))
            number = fault_of_number(cell.value, block.kind == "money")
            if isinstance(number, float):
                figures[(r.key, c.key)] = number
            else:
                code, expected = number
                faults.append(CellFault(
                    code, block.name, grid.sheet, grid.addresses[i][j], cell.value, expected,
                    row=r.key, col=c.key,
                ))
    df = table_from_figures(block, figures, frozenset(kept))
    return df, frozenset(typed)
