"""From raw cell values to an :class:`~gikxl.workbook.model.AnnualReport`.

Every source (an .xlsx/.xlsm file, an xlwings ``Book``) first yields, per
defined name, a grid of :class:`~gikxl.workbook.raw.RawCell`; this module
turns those grids into the model. It decides what a cell *means* and records a
:class:`~gikxl.workbook.model.Observation` of every cell that does not hold
what its kind wants: blank is never 0, "3件" is never 3. What such a cell
means for the clerk is for the checks to say.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from gikxl import spec
from gikxl.workbook.model import MAX_FIGURE, AnnualReport, Observation, Observed, table_from_figures
from gikxl.workbook.raw import NOT_CALCULATED, ErrorValue, Grid

#: Texts clerks type for "nothing"; the official table wants 0.
PLACEHOLDERS = frozenset(
    ["—", "——", "-", "--", "－", "/", "／", "\\", "无", "空", "没有", "不适用", "不涉及", "暂无", "N/A", "NA", "n/a"]
)
_NUMBER_WITH_UNIT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(件|个|条|项|次|万元|元|宗|份)\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*[+-]?\d+(?:\.\d+)?\s*$")


Seen = tuple[Observed, Any]
"""What a cell was observed to hold, and the number it spells (if any)."""


def _seen_error(raw: ErrorValue) -> Seen:
    """What a cell holding an error value (or an uncalculated formula) is observed to hold."""
    return (Observed.NO_RESULT if raw == NOT_CALCULATED else Observed.ERROR_VALUE, None)


def number_or_seen(raw: Any, money: bool) -> float | Seen:
    """The number a figure cell holds, or what it holds instead."""
    if isinstance(raw, ErrorValue):
        return _seen_error(raw)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return (Observed.BLANK, 0)
    if isinstance(raw, bool):
        return (Observed.LOGICAL, None)
    if isinstance(raw, (dt.date, dt.datetime)):
        return (Observed.DATE, None)
    if isinstance(raw, str):
        return _seen_in_text(raw)
    value = float(raw)
    if math.isnan(value) or math.isinf(value):
        return (Observed.NOT_FINITE, None)
    if abs(value) >= MAX_FIGURE:
        return (Observed.TOO_LARGE, None)
    if value < 0:
        return (Observed.NEGATIVE, None)
    if not money and value != int(value):
        return (Observed.FRACTION, None)
    return value


def _seen_in_text(raw: str) -> Seen:
    text = raw.strip()
    normal = unicodedata.normalize("NFKC", text).strip()
    if text in PLACEHOLDERS or normal in PLACEHOLDERS:
        return (Observed.PLACEHOLDER, 0)
    if _PLAIN_NUMBER.match(normal):
        kind = Observed.FULLWIDTH if normal != text else Observed.NUMBER_AS_TEXT
        return _spelled(kind, normal)
    unit = _NUMBER_WITH_UNIT.match(normal)
    if unit:
        return _spelled(Observed.WITH_UNIT, unit.group(1))
    return (Observed.TEXT, None)


def _spelled(kind: Observed, digits: str) -> Seen:
    """A number written as text, seen as ``kind`` unless it is too large for a figure
    (then the text's advice, "type the number …", would not help)."""
    value = float(digits)  # any run of digits: a long one is inf, never an error
    if not abs(value) < MAX_FIGURE:
        return (Observed.TOO_LARGE, None)
    return (kind, int(value) if value.is_integer() else value)


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


#: Four-digit years, as 报告年度 must be. ``datetime.MAXYEAR`` is the largest (9999);
#: 20255 or 1E+308 is a typo and observed as NOT_A_YEAR, not carried into titles.
FOUR_DIGIT_YEARS = range(1000, dt.MAXYEAR + 1)


def year_of(raw: Any) -> int | None:
    """The four-digit year a year cell holds (a number or text such as "2025年"), else ``None``."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float) and raw.is_integer() and abs(raw) <= dt.MAXYEAR:  # not inf, nan, 1E+308
        raw = int(raw)
    elif isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip().removesuffix("年")
        raw = int(text) if re.fullmatch(r"\d{4}", text) else None
    return raw if isinstance(raw, int) and raw in FOUR_DIGIT_YEARS else None


def text_of(raw: Any) -> str:
    """Prose as typed; numbers and dates as Excel shows them."""
    if raw is None or isinstance(raw, ErrorValue):
        return ""
    if isinstance(raw, float):
        return excel_general(raw)
    return str(raw).strip() if not isinstance(raw, str) else raw.strip()


def excel_general(value: float) -> str:
    """A number as Excel's General format shows it: 15 significant digits, ``3``,
    ``2.5``, ``1E+20`` (never the 309 digits of ``1E+308``)."""
    return f"{value + 0.0:.15G}"  # + 0.0 turns -0.0 into 0


def _field_value(f: spec.Field, raw: Any) -> tuple[Any, Seen | None]:
    """(value, what was seen instead) of a single-cell field. Blank is ``None`` and
    nothing seen: whether a blank field matters is for the checks to say."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return (None if f.kind not in ("prose",) else ""), None
    if isinstance(raw, ErrorValue):
        return (None if f.kind != "prose" else ""), _seen_error(raw)
    if f.kind == "prose":
        return text_of(raw), None
    if f.kind == "text":
        return text_of(raw), None
    if f.kind == "level":
        level = text_of(raw)
        return (level, None) if level in spec.LEVELS else (None, (Observed.NOT_A_LEVEL, None))
    if f.kind == "year":
        year = year_of(raw)
        return (year, None) if year else (None, (Observed.NOT_A_YEAR, None))
    if f.kind == "date":
        day = date_of(raw)
        return (day, None) if day else (None, (Observed.NOT_A_DATE, None))
    number = number_or_seen(raw, money=True)
    return (number, None) if isinstance(number, float) else (None, number)


# The model ----------------------------------------------------------------

def report_from_grids(grids: Mapping[str, Grid], source: str = "") -> AnnualReport:
    """Interpret the grids of every defined name as one report."""
    seen: list[Observation] = []
    fields: dict[str, Any] = {}
    for key, f in spec.FIELDS.items():
        grid = grids.get(f.name)
        if grid is None:  # an optional name (spec.OPTIONAL_NAMES) that an older template lacks
            fields[key] = _field_value(f, None)[0]
            continue
        raw = grid.cells[0][0].value
        value, instead = _field_value(f, raw)
        fields[key] = value
        if instead:
            seen.append(Observation(instead[0], f.name, grid.sheet, grid.addresses[0][0], raw, instead[1]))
    tables, overridden = {}, set()
    for key, block in spec.BLOCKS.items():
        df, keep = _table(block, grids[block.name], seen)
        tables[key] = df
        overridden |= {(key, r, c) for r, c in keep}
    return AnnualReport(fields, tables, seen, frozenset(overridden), source)


def _table(block: spec.Block, grid: Grid, seen: list[Observation]) -> tuple[Any, frozenset[tuple[str, str]]]:
    """A block's :class:`~gikxl.workbook.model.Table` and the total cells that hold typed constants.

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
            number = number_or_seen(cell.value, block.kind == "money")
            if isinstance(number, float):
                figures[(r.key, c.key)] = number
            else:
                kind, meant = number
                seen.append(Observation(kind, block.name, grid.sheet, grid.addresses[i][j], cell.value, meant,
                                        row=r.key, col=c.key))
    df = table_from_figures(block, figures, frozenset(kept))
    return df, frozenset(typed)
