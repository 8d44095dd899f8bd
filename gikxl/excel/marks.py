"""What 校验 does to a workbook, as data: cell colours and the 校验结果 sheet.

Pure functions, no xlwings: :mod:`gikxl.excel` applies the results to a live
``Book``, and ``scripts/render_excel_pictures.py`` applies the very same
results with openpyxl to draw the guide's pictures.

Colouring follows three rules:

* Only cells that belong to a defined name of the contract are coloured
  (input and total cells); a finding about the workbook as a whole, or about
  a cell outside the tables, is listed on the 校验结果 sheet only.
* A cell gets the colour of its most severe finding (:data:`MARK_COLOURS`).
* Every coloured cell is remembered on a hidden sheet (:data:`MARKS_SHEET`)
  with the fill to put back. The next run puts back exactly those cells that
  no longer have a finding, and never touches any other cell.

Everything written into a cell is written as a value, never as a formula,
except the 位置 column's links, which are built here
(:func:`hyperlink_formula`). Texts come from the clerk (prose quoted in a
message or in 应为, sheet names), and Excel reads a value written to a cell as
if it were typed: ``=…`` (also ``+…``, ``-…``, ``@…``) becomes a formula,
``2026-03-20`` a date. :func:`as_text` therefore puts an apostrophe before
such a text. The apostrophe is Excel's own text prefix, the one a clerk would
type: Excel on the desktop (COM), the Office.js and Office Scripts clients of
xlwings' remote engine (``setValues``) and LibreOffice all keep the rest as
text and do not show the apostrophe. It travels in the value itself, so every
engine records and replays it; a text number format (``"@"``) would be one
more action per range, is not honoured by every client when values are
written, and would turn the figures of the 应为 column into text too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from gikxl import spec
from gikxl.checks.findings import Finding, Report, Severity
from gikxl.template import layout
from gikxl.template.styles import INPUT_COLOUR, TOTAL_COLOUR

__all__ = [
    "INPUT_COLOUR", "MARKS_SHEET", "MARK_COLOURS", "RESULTS_SHEET", "TOTAL_COLOUR",
    "Plan", "Saved", "alert_text", "as_text", "hyperlink_formula", "marks_rows", "paint_colours", "plan",
    "read_marks", "results_sheet", "template_fills",
]

#: Fill of each severity's cells: red for errors, orange for warnings, blue for hints.
MARK_COLOURS: dict[Severity, str] = {
    Severity.ERROR: "#FF9C9C",
    Severity.WARNING: "#FFC966",
    Severity.INFO: "#BDD7EE",
}
#: The visible sheet listing the findings.
RESULTS_SHEET = "校验结果"
#: The hidden sheet remembering which cells 校验 coloured and their fill before.
MARKS_SHEET = "gikxl_marks"
MARKS_TITLE = "gikxl：本表记录“校验”着色的单元格及其原来的填充色，下次校验时据此恢复。请勿修改或删除。"
MARKS_HEADER = ("工作表", "单元格", "原填充色")
#: Written for a cell that had no fill.
NO_FILL = "无"


# Values ---------------------------------------------------------------------

#: What starts a text Excel would not keep as written: a formula (``=``, and ``+ - @`` as Lotus 1-2-3
#: allowed), or its own text prefix (``'``).
_FORMULA_OR_PREFIX = "=+-@'"
#: Whole texts Excel reads as something else: a number, date, time or percentage (digits and their
#: signs only, a digit before any exponent), a truth value or an error value. Linear: nothing backtracks.
_NOT_KEPT = re.compile(
    r"(?=[.,:/%+\-\s]*+\d)[\d.,:/%eE+\-\s]++|(?i:true|false)"
    r"|#(?:N/A|NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|BUSY!|UNKNOWN!)"
)
#: Excel's text prefix: typed (or written) before a value, it makes the rest text and is not shown.
TEXT_PREFIX = "'"


def as_text(value: Any) -> Any:
    """``value`` as written into a cell: a text Excel would turn into a formula, number or date
    gets its text prefix, so that it is kept (and shown) exactly; anything else is unchanged."""
    if isinstance(value, str) and value and (value[0] in _FORMULA_OR_PREFIX or _NOT_KEPT.fullmatch(value)):
        return TEXT_PREFIX + value
    return value


def _row(values: Sequence[Any]) -> list[Any]:
    return [as_text(v) for v in values]


# Colours ------------------------------------------------------------------

@cache
def template_fills() -> dict[tuple[str, str], str]:
    """(sheet, A1) → template fill of every cell a defined name covers: inputs and totals."""
    fills: dict[tuple[str, str], str] = {}
    anchors = layout.anchors()
    for f in spec.FIELDS.values():
        fills[layout.cell_of(f.name)] = INPUT_COLOUR
    for block in spec.BLOCKS.values():
        a = anchors[block.name]
        for i, r in enumerate(block.rows):
            for j, c in enumerate(block.cols):
                fills[(a.sheet, a.cell(i, j))] = TOTAL_COLOUR if block.is_derived(r.key, c.key) else INPUT_COLOUR
    return fills


def paint_colours(findings: Iterable[Finding]) -> dict[tuple[str, str], str]:
    """(sheet, A1) → mark colour for every colourable cell with a finding (most severe wins)."""
    fills = template_fills()
    worst: dict[tuple[str, str], Severity] = {}
    for f in findings:
        where = (f.sheet, f.cell)
        if where not in fills:
            continue
        if where not in worst or f.severity.rank < worst[where].rank:
            worst[where] = f.severity
    return {where: MARK_COLOURS[s] for where, s in worst.items()}


@dataclass(frozen=True)
class Saved:
    """A cell 校验 coloured, and the fill to put back (``None``: no fill)."""

    sheet: str
    cell: str
    restore: str | None


@dataclass(frozen=True)
class Plan:
    """What one run of 校验 does to cell fills."""

    restore: tuple[Saved, ...]
    """Cells coloured last time that have no finding now: put their fill back."""
    paint: dict[tuple[str, str], str]
    """Cells to colour now: (sheet, A1) → mark colour."""
    saved: tuple[Saved, ...]
    """What to remember for the next run: every cell coloured now."""


def _normal(colour: Any) -> str | None:
    """``#RRGGBB`` (upper case) from a hex string or an RGB tuple; ``None`` stays ``None``."""
    if colour is None:
        return None
    if isinstance(colour, (tuple, list)):
        return "#" + "".join(f"{int(v):02X}" for v in colour[:3])
    text = str(colour).strip().lstrip("#").upper()
    return "#" + text if text else None


def plan(
    findings: Iterable[Finding],
    previous: Iterable[Saved] = (),
    current: dict[tuple[str, str], str | None] | None = None,
) -> Plan:
    """The fills of this run, given what the previous run remembered.

    ``current`` holds the fills the cells have now, where the engine can read
    them (Excel on the desktop); a cell's own fill is then remembered instead
    of the template's, unless it is one of the mark colours (a mark left over
    from a run whose memory was lost).
    """
    paint = paint_colours(findings)
    before = {(s.sheet, s.cell): s for s in previous}
    marks = {c.upper() for c in MARK_COLOURS.values()}
    saved = []
    for where in sorted(paint, key=_position):
        if where in before:
            saved.append(before[where])
            continue
        fill: str | None = template_fills()[where]
        if current is not None and where in current:
            own = _normal(current[where])
            if own not in marks:
                fill = own
        saved.append(Saved(where[0], where[1], fill))
    restore = tuple(s for w, s in sorted(before.items(), key=lambda kv: _position(kv[0])) if w not in paint)
    return Plan(restore, paint, tuple(saved))


def _position(where: tuple[str, str]) -> tuple[int, int, int, str]:
    sheet, cell = where
    order = spec.SHEET_ORDER.index(sheet) if sheet in spec.SHEET_ORDER else len(spec.SHEET_ORDER)
    letters = "".join(ch for ch in cell if ch.isalpha())
    row = int("".join(ch for ch in cell if ch.isdigit()) or 0)
    return order, row, len(letters), letters


# The hidden marks sheet ---------------------------------------------------

def marks_rows(saved: Sequence[Saved]) -> list[list[str]]:
    """The marks sheet's content: a title, a header, one row per coloured cell."""
    rows = [[MARKS_TITLE, "", ""], list(MARKS_HEADER)]
    rows += [_row([s.sheet, s.cell, s.restore or NO_FILL]) for s in saved]
    return rows


def read_marks(values: Sequence[Sequence[Any]] | None) -> list[Saved]:
    """The cells a previous run coloured, from the marks sheet's values.

    Rows that do not name a colourable cell are ignored, so a damaged sheet can
    never make 校验 touch a cell outside the tables.
    """
    fills = template_fills()
    out = []
    for row in values or ():
        row = list(row) + [None] * 3
        # (A text prefix read back as part of the value, as a replaying client may: no sheet name,
        # cell or colour starts with an apostrophe.)
        sheet, cell, restore = (str(v).strip().removeprefix(TEXT_PREFIX) if v is not None else "" for v in row[:3])
        if (sheet, cell.upper()) not in fills:
            continue
        colour = None if restore in ("", NO_FILL) else _normal(restore)
        if colour is not None and not _is_hex(colour):
            colour = fills[(sheet, cell.upper())]
        out.append(Saved(sheet, cell.upper(), colour))
    return out


def _is_hex(colour: str) -> bool:
    return len(colour) == 7 and all(ch in "0123456789ABCDEF" for ch in colour[1:])


# The 校验结果 sheet -------------------------------------------------------

RESULTS_HEADER = ("级别", "位置（点击跳转）", "问题说明", "应为", "代码")
#: Column widths of the 校验结果 sheet, in characters.
RESULTS_WIDTHS = (8, 24, 90, 10, 16)
#: Sheet row (1-based) of the header; findings follow.
RESULTS_HEADER_ROW = 3


@dataclass(frozen=True)
class ResultsSheet:
    """The 校验结果 sheet: plain values, the 位置 column's formulas and the level colours."""

    values: list[list[Any]]
    """Every row from A1, with the 位置 column as plain text; texts through :func:`as_text`."""
    links: list[str]
    """The 位置 column's HYPERLINK formulas, one per finding, from the first finding's row."""
    level_colours: list[str]
    """Fill of each finding's 级别 cell."""
    first_row: int
    """Sheet row (1-based) of the first finding."""


def summary_line(report: Report, when: dt.datetime) -> str:
    """``校验时间：2026-01-20 10:31　共发现 2 个错误、1 个警告``."""
    return f"校验时间：{when:%Y-%m-%d %H:%M}　{report.summary}"


def place_text(f: Finding) -> str:
    """``三、依申请公开!D7`` as shown to the clerk."""
    if not f.sheet:
        return "整个工作簿"
    return f"{f.sheet}!{f.cell}" if f.cell else f.sheet


def hyperlink_formula(f: Finding) -> str:
    """``=HYPERLINK("#'三、依申请公开'!D7","三、依申请公开!D7")``; a plain text formula without a sheet."""
    text = place_text(f).replace('"', '""')
    if not f.sheet:
        return f'="{text}"'
    sheet = f.sheet.replace("'", "''").replace('"', '""')
    return f'=HYPERLINK("#\'{sheet}\'!{f.cell or "A1"}","{text}")'


def shown(value: Any) -> Any:
    """An expected value as the sheet shows it: whole numbers without ``.0``, dates as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def results_sheet(report: Report, when: dt.datetime) -> ResultsSheet:
    """The 校验结果 sheet for ``report``, in its order: errors first."""
    findings = report.findings
    hint = ("改正后请再点一次“校验”。点击“位置”列可跳到有问题的单元格；"
            "有问题的单元格已着色：红色为错误，橙色为警告，蓝色为提示。") if findings else \
        "没有发现问题。可以点击“生成报告”。"
    values: list[list[Any]] = [
        [summary_line(report, when), "", "", "", ""],
        [hint, "", "", "", ""],
        list(RESULTS_HEADER),
    ]  # (fixed texts: nothing to escape)
    for f in findings:
        values.append(_row([f.severity.label, place_text(f), f.message, shown(f.expected), f.code]))
    return ResultsSheet(
        values=values,
        links=[hyperlink_formula(f) for f in findings],
        level_colours=[MARK_COLOURS[f.severity] for f in findings],
        first_row=RESULTS_HEADER_ROW + 1,
    )


# Messages ------------------------------------------------------------------

def alert_text(report: Report, coloured: int) -> str:
    """The short summary shown after 校验."""
    if not report:
        return "校验完成，没有发现问题。\n\n可以点击“生成报告”。"
    lines = [f"校验完成：{report.summary}。", ""]
    if coloured:
        lines.append(f"已在 {coloured} 个单元格上着色（红色为错误，橙色为警告，蓝色为提示）。")
    lines.append(f"逐条说明见“{RESULTS_SHEET}”工作表，点击“位置”可跳到对应单元格。")
    lines.append("改正后请再点一次“校验”。")
    return "\n".join(lines)
