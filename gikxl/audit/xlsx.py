"""``年报审核汇总.xlsx``: the overview workbook, laid out with the template's care.

Sheets: 审核概况 (one row per file, linked), 问题清单 (every finding),
问题统计 (findings by rule code), 指标 (each unit's indicators, ranked), 汇总 (the official tables summed, and who
was counted). Every sheet has a frozen header, a filter where it lists, and a
print setup (landscape, fit to width, header rows on every page).

A unit's text goes in as text, never as a formula: openpyxl takes a string
starting with ``=`` for a formula, so :func:`_put` sets the type back.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gikxl import spec
from gikxl.audit.indicators import CHANGE, DASH, INDICATORS, MARK_LABELS, RED, YELLOW
from gikxl.audit.summary import DUPLICATE, HAS_ERRORS, MISSING, PASSED, UNREADABLE, Audit
from gikxl.template import styles
from gikxl.text import safe_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

STATUS_FILLS = {PASSED: "#C6EFCE", HAS_ERRORS: "#FFC7CE", UNREADABLE: "#F4B084", DUPLICATE: "#FFEB9C",
                MISSING: "#D9D9D9"}
#: The fill of a unit a 纠错率 threshold marks.
MARK_FILLS = {RED: "#FFC7CE", YELLOW: "#FFEB9C"}


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


class _Look:
    """The openpyxl styles of the workbook, made once."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        side = Side(style="thin", color=_hex(styles.BORDER_COLOUR))
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.font = Font(name=styles.FONT, size=10)
        self.head_font = Font(name=styles.FONT, size=10, bold=True)
        self.title_font = Font(name=styles.FONT, size=14, bold=True)
        self.link_font = Font(name=styles.FONT, size=10, color="0563C1", underline="single")
        self.head_fill = PatternFill("solid", fgColor=_hex(styles.HEADER_COLOUR))
        self.total_fill = PatternFill("solid", fgColor=_hex(styles.TOTAL_COLOUR))
        self.fills = {s: PatternFill("solid", fgColor=_hex(c)) for s, c in STATUS_FILLS.items()}
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.plain = Alignment(vertical="center")
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.made: dict[int, Any] = {}
        """The style of a written cell by the id of its font: see :func:`_put`."""


def _put(ws: Worksheet, row: int, col: int, value: Any, look: _Look, *, font: Any = None) -> Any:
    """Write ``value``; text is stored as text even when it starts with ``=`` (never a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", safe_text(value))[:32767]
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    font = font or look.font
    made = look.made.get(id(font))
    if made is not None:
        # Setting a style looks it up by hashing the whole style object, three times a cell:
        # most of the time of a thousand-row overview. A cell styled alike takes a copy.
        cell._style = copy.copy(made)
        return cell
    cell.font = font
    cell.border = look.border
    cell.alignment = look.wrap
    look.made[id(font)] = copy.copy(cell._style)
    return cell


def _header(ws: Worksheet, names: Sequence[tuple[str, float]], look: _Look, row: int = 1) -> None:
    for col, (name, width) in enumerate(names, 1):
        cell = _put(ws, row, col, name, look, font=look.head_font)
        cell.fill = look.head_fill
        cell.alignment = look.centre
        ws.column_dimensions[cell.column_letter].width = width


def _list_sheet(ws: Worksheet, names: Sequence[tuple[str, float]], n_rows: int, look: _Look) -> None:
    """Header, frozen pane, filter and print setup of a list that fills ``n_rows`` rows under the header."""
    from openpyxl.utils import get_column_letter

    _header(ws, names, look)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{n_rows + 1}"
    _print_setup(ws)
    ws.print_title_rows = "1:1"


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def link_target(folder: Path, out_dir: Path, rel: str) -> str:
    """The file's address relative to where the outputs are, ``/``-separated."""
    return Path(os.path.relpath(folder / rel, out_dir)).as_posix()


# Sheets ----------------------------------------------------------------------------

def _overview(ws: Worksheet, audit: Audit, folder: Path, out_dir: Path, look: _Look) -> None:
    cols = [("文件", 34), ("单位", 28), ("层级", 14), ("年度", 7), ("状态", 9), ("错误", 6), ("警告", 6),
            ("主要问题", 60), ("对比上年文件", 20)]
    _list_sheet(ws, cols, len(audit.rows), look)
    for i, row in enumerate(audit.rows, 2):
        cell = _put(ws, i, 1, row.file, look)
        if row.file:
            cell.hyperlink = link_target(folder, out_dir, row.file)
            cell.font = look.link_font
        values = [row.org, row.level, row.year, row.status, row.errors, row.warnings, row.first_problems,
                  row.previous]
        for col, value in enumerate(values, 2):
            _put(ws, i, col, value, look)
        ws.cell(row=i, column=5).fill = look.fills[row.status]
        ws.cell(row=i, column=5).alignment = look.centre


def _findings(ws: Worksheet, audit: Audit, look: _Look) -> None:
    cols = [("文件", 30), ("单位", 26), ("工作表", 14), ("单元格", 9), ("代码", 16), ("级别", 6), ("说明", 90)]
    lines = [(r, f) for r in audit.rows for f in r.findings]
    _list_sheet(ws, cols, len(lines), look)
    for i, (row, f) in enumerate(lines, 2):
        for col, value in enumerate([row.file, row.org, f.sheet, f.cell, f.code, f.severity.label, f.message], 1):
            _put(ws, i, col, value, look)


def _notes(ws: Worksheet, audit: Audit, look: _Look) -> None:
    """The reading notes of published reports, apart from 问题清单: none of them is a fault of a report."""
    cols = [("文件", 30), ("单位", 26), ("部分", 14), ("说明", 100)]
    lines = [(r, f) for r in audit.rows for f in r.notes]
    _list_sheet(ws, cols, len(lines), look)
    for i, (row, f) in enumerate(lines, 2):
        for col, value in enumerate([row.file, row.org, f.sheet, f.message], 1):
            _put(ws, i, col, value, look)


def _codes(ws: Worksheet, audit: Audit, look: _Look) -> None:
    cols = [("代码", 18), ("问题", 40), ("级别", 6), ("单位数", 8), ("问题条数", 9)]
    _list_sheet(ws, cols, len(audit.codes), look)
    for i, c in enumerate(audit.codes, 2):
        for col, value in enumerate([c.code, c.title, c.severity.label, c.units, c.findings], 1):
            _put(ws, i, col, value, look)


def has_changes(audit: Audit) -> bool:
    """Whether any unit was paired with last year's report, so the changes have columns."""
    return any(INDICATORS[0].key + CHANGE in r.indicators for r in audit.rows)


def _indicators(ws: Worksheet, audit: Audit, look: _Look) -> None:
    """One row per unit read, ranked by 公开率: counts as numbers, rates as percentages, “—” where
    a denominator is 0 or a figure unknown, and the threshold's mark."""
    from openpyxl.styles import PatternFill

    changes = has_changes(audit)
    cols = [("排名", 6), ("单位", 28), ("文件", 30)] + [(i.label, 11) for i in INDICATORS]
    if changes:
        cols += [(f"{i.label}比上年", 12) for i in INDICATORS]
    cols.append(("标记", 6))
    rows = audit.with_indicators
    _list_sheet(ws, cols, len(rows), look)
    keys = [(i.key, i.kind) for i in INDICATORS] + ([(i.key + CHANGE, i.kind) for i in INDICATORS] if changes else [])
    fills = {m: PatternFill("solid", fgColor=_hex(c)) for m, c in MARK_FILLS.items()}
    for n, row in enumerate(rows, 2):
        for col, value in enumerate([n - 1, row.org, row.file], 1):
            _put(ws, n, col, value, look)
        for col, (key, kind) in enumerate(keys, 4):
            value = row.indicators.get(key)
            cell = _put(ws, n, col, DASH if value is None else value, look)
            if value is not None:
                cell.number_format = ("+0;-0;0" if key.endswith(CHANGE) else "0") if kind == "count" else (
                    "+0.0%;-0.0%;0.0%" if key.endswith(CHANGE) else "0.0%")
        mark = audit.mark(row)
        cell = _put(ws, n, len(cols), MARK_LABELS.get(mark, ""), look)
        if mark:
            cell.fill = fills[mark]
    note = ("公开率 =（予以公开 + 部分公开）÷（七）总计；不予公开率、无法提供率同理；"
            "复议纠错率 = 纠正 ÷（维持 + 纠正 + 其他）；"
            f"诉讼纠错率含未经复议直接起诉和复议后起诉。“{DASH}”表示分母为 0 或有空白、无法识别的数字。"
            f"纠错率高于 {audit.thresholds.red * 100:g}% 标红，高于 {audit.thresholds.yellow * 100:g}% 标黄。")
    _note_line(ws, len(rows) + 3, 1, len(cols), note, look)


#: Widths of the 汇总 sheet's three label columns (table 三's nested labels) and of its figures.
_LABEL_WIDTHS = (12, 16, 44)
_FIGURE_WIDTH = 11


def _note_line(ws: Worksheet, r: int, first: int, last: int, text: str, look: _Look) -> None:
    """A line of text merged across the table's width, tall enough for its wrapped lines."""
    from openpyxl.utils import get_column_letter

    _put(ws, r, first, text, look)
    ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
    width = sum(ws.column_dimensions[get_column_letter(c)].width or _FIGURE_WIDTH for c in range(first, last + 1))
    lines = -(-len(text) * 2 // max(1, int(width)))  # a Chinese character is two columns wide
    ws.row_dimensions[r].height = 14 * max(1, lines)


def _sums(ws: Worksheet, audit: Audit, look: _Look) -> None:
    """The three official tables summed, their figures all from column D (the label columns left
    of them as wide as table 三's labels need), each followed by who was counted and who not."""
    from openpyxl.utils import get_column_letter

    from gikxl.report.grid import table_grid

    labels = len(_LABEL_WIDTHS)
    widest = max(len(b.cols) for t in spec.TABLES for b in t.blocks)
    for col, width in enumerate(_LABEL_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for col in range(labels + 1, labels + widest + 1):
        ws.column_dimensions[get_column_letter(col)].width = _FIGURE_WIDTH
    year = f"{audit.year}年度" if audit.year else ""
    title = _put(ws, 1, 1, f"{year}各单位年报表格汇总（只计入能读取、年度相符且该表没有错误的单位）", look,
                 font=look.title_font)
    title.border = look.border.__class__()
    title.alignment = look.plain
    r = 3
    for s in audit.sums:
        grid = table_grid(audit.summed, s.table.number)
        left = labels - grid.label_cols  # first column of the grid, 0-based
        heading = _put(ws, r, 1, s.table.title, look, font=look.head_font)
        heading.border = look.border.__class__()
        heading.alignment = look.plain
        r += 1
        for line in grid.rows:
            for c in line:
                value: Any = c.text
                if c.kind == "value" and c.text:
                    value = float(c.text) if "." in c.text else int(c.text)
                cell = _put(ws, r + c.row, 1 + left + c.col, value, look,
                            font=look.font if c.kind == "value" else look.head_font)
                if c.kind != "value":
                    cell.fill = look.head_fill
                    cell.alignment = look.centre if c.kind in ("head", "section") else look.wrap
                if c.rowspan > 1 or c.colspan > 1:
                    ws.merge_cells(start_row=r + c.row, start_column=1 + left + c.col,
                                   end_row=r + c.row + c.rowspan - 1, end_column=left + c.col + c.colspan)
        r += grid.n_rows + 1
        last = left + grid.n_cols
        counted = "、".join(x.org or x.file for x in s.counted) or "无"
        _note_line(ws, r, 1, last, f"计入 {len(s.counted)} 个单位：{counted}", look)
        left_out = "；".join(f"{x.org or x.file}（{why}）" for x, why in s.left_out) or "无"
        _note_line(ws, r + 1, 1, last, f"未计入 {len(s.left_out)} 个：{left_out}", look)
        r += 4
    ws.freeze_panes = "A2"
    _print_setup(ws)


def overview_workbook(audit: Audit, folder: Path, out_dir: Path) -> bytes:
    """The overview workbook's bytes; links are relative from ``out_dir`` to files under ``folder``."""
    import io

    from openpyxl import Workbook

    look = _Look()
    wb = Workbook()
    ws = wb.active
    ws.title = "审核概况"
    _overview(ws, audit, folder, out_dir, look)
    _findings(wb.create_sheet("问题清单"), audit, look)
    _codes(wb.create_sheet("问题统计"), audit, look)
    if any(r.notes for r in audit.rows):
        _notes(wb.create_sheet("读取说明"), audit, look)
    _indicators(wb.create_sheet("指标"), audit, look)
    _sums(wb.create_sheet("汇总"), audit, look)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
