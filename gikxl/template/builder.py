"""Build the template workbook from :mod:`gikxl.spec` (never edited by hand).

:func:`build_workbook` lays out every sheet with openpyxl — official labels,
merged headers, input cells, validation, totals as formulas, conditional
formatting of the 勾稽关系 — then finishes the package itself: fixed document
properties, the VBA project and ribbon (:mod:`gikxl.template.vba`), and a zip written
in a fixed order with fixed timestamps, so the same code always yields the
same file. Values given by defined name are written into the input cells,
which is how ``gikxl new`` and ``gikxl demo`` fill a copy.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from gikxl import spec
from gikxl.template import styles
from gikxl.template.headers import spans
from gikxl.template.layout import (
    FORM_FIRST_ROW,
    FORM_INPUT_COL,
    PREVIOUS_IN_FORCE,
    PREVIOUS_IN_FORCE_LABEL,
    TABLE_FIRST_ROW,
    anchors,
    balance_check_row,
    column_letter,
    header_depth,
    references,
    table2_rows,
)
from gikxl.template.vba.package import make_macro_enabled

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "workbook" / "template.xlsm"

# Styles (openpyxl objects from :mod:`gikxl.template.styles`) ---------------


def _rgb(colour: str) -> str:
    """``#RRGGBB`` as openpyxl takes it: ``RRGGBB``."""
    return colour.removeprefix("#")


FONT = styles.FONT
_thin = Side(style="thin", color=_rgb(styles.BORDER_COLOUR))
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
INPUT_FILL = PatternFill("solid", fgColor=_rgb(styles.INPUT_COLOUR))
HEADER_FILL = PatternFill("solid", fgColor=_rgb(styles.HEADER_COLOUR))
TOTAL_FILL = PatternFill("solid", fgColor=_rgb(styles.TOTAL_COLOUR))
REFERENCE_FILL = PatternFill("solid", fgColor=_rgb(styles.REFERENCE_COLOUR))
ALERT_FILL = PatternFill("solid", fgColor=_rgb(styles.ALERT_COLOUR), bgColor=_rgb(styles.ALERT_COLOUR))
ALERT_FONT = Font(color=_rgb(styles.ALERT_TEXT_COLOUR), bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
UNLOCKED = Protection(locked=False)
FIXED_TIME = dt.datetime(2021, 1, 1)
_ZIP_TIME = (2021, 1, 1, 0, 0, 0)


def build_workbook(values: dict[str, Any] | None = None) -> bytes:
    """The template as .xlsm bytes, with ``values`` (by defined name) filled in."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in spec.SHEET_ORDER}
    for form in spec.FORM_SHEETS:
        _form_sheet(sheets[form.name], form)
    _table2(sheets[spec.TABLE2.sheet])
    _table3(sheets[spec.TABLE3.sheet])
    _table4(sheets[spec.TABLE4.sheet])
    for ws in sheets.values():
        _protect(ws)
    _defined_names(wb)
    if values:
        _fill(sheets, values)
    wb.properties.creator = "gikxl"
    wb.properties.title = spec.REPORT_NAME
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return _finish(buf.getvalue())


def write_template(path: Path = TEMPLATE_PATH) -> Path:
    """Write the blank template to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_workbook())
    return path


# Sheets -------------------------------------------------------------------

def _title(ws, text: str, width: int) -> None:
    ws.cell(1, 1, text).font = Font(name=FONT, size=14, bold=True)
    ws.cell(1, 1).alignment = CENTER
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 30


def _label(ws, row: int, col: int, text: str, fill=HEADER_FILL, align=CENTER, bold=False) -> None:
    cell = ws.cell(row, col, text)
    cell.font = Font(name=FONT, size=10, bold=bold)
    cell.alignment = align
    cell.border = BORDER
    if fill is not None:
        cell.fill = fill


def _merge(ws, r1: int, c1: int, r2: int, c2: int) -> None:
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            ws.cell(r, c).border = BORDER
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def _input(ws, row: int, col: int, kind: str) -> None:
    cell = ws.cell(row, col)
    cell.fill = INPUT_FILL
    cell.protection = UNLOCKED
    cell.border = BORDER
    cell.font = Font(name=FONT, size=11)
    if kind in ("count", "money"):
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.number_format = "0" if kind == "count" else "0.00##"
    elif kind == "prose":
        cell.alignment = TOP_LEFT
    elif kind == "date":
        cell.number_format = "yyyy-mm-dd"
        cell.alignment = LEFT
    else:
        cell.alignment = LEFT


def _total(ws, row: int, col: int, formula: str) -> None:
    cell = ws.cell(row, col, formula)
    cell.fill = TOTAL_FILL
    cell.border = BORDER
    cell.font = Font(name=FONT, size=11, bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center")


def _form_sheet(ws, form: spec.Sheet) -> None:
    _title(ws, form.title, 3)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 36
    for i, f in enumerate(form.fields):
        row = FORM_FIRST_ROW + i
        _label(ws, row, 1, f.label, bold=True)
        _input(ws, row, FORM_INPUT_COL, f.kind)
        hint = ws.cell(row, FORM_INPUT_COL + 1, f.hint)
        hint.font = Font(name=FONT, size=9, color=_rgb(styles.HINT_COLOUR))
        hint.alignment = TOP_LEFT
        ws.row_dimensions[row].height = 160 if f.kind == "prose" else 22
        _validate(ws, f.kind, f"{column_letter(FORM_INPUT_COL)}{row}")
    ws.freeze_panes = "A3"
    _print_setup(ws)


def _block_values(ws, block: spec.Block, row0: int, col0: int, merge_to: int | None = None) -> None:
    """Input cells and total formulas of one block at (row0, col0)."""
    for i, r in enumerate(block.rows):
        for j, c in enumerate(block.cols):
            row, col = row0 + i, col0 + j
            if block.is_derived(r.key, c.key):
                _total(ws, row, col, _total_formula(block, r.key, c.key, row0, col0))
            else:
                _input(ws, row, col, block.kind)
        if merge_to:
            _merge(ws, row0 + i, col0, row0 + i, merge_to)
    inputs = [
        f"{column_letter(col0 + j)}{row0 + i}"
        for i, r in enumerate(block.rows)
        for j, c in enumerate(block.cols)
        if not block.is_derived(r.key, c.key)
    ]
    if inputs:
        _validate(ws, block.kind, " ".join(inputs))


def _total_formula(block: spec.Block, row: str, col: str, row0: int, col0: int) -> str:
    """The SUM formula of a total cell: the last total of the spec that covers it wins,
    as :func:`gikxl.workbook.model.table_from_figures` computes them in spec order."""
    rows = [r.key for r in block.rows]
    cols = [c.key for c in block.cols]
    total = [
        t for t in block.totals if (t.axis == "row" and t.target == row) or (t.axis == "col" and t.target == col)
    ][-1]
    if total.axis == "row":
        cells = [f"{column_letter(col0 + cols.index(col))}{row0 + rows.index(p)}" for p in total.parts]
    else:
        cells = [f"{column_letter(col0 + cols.index(p))}{row0 + rows.index(row)}" for p in total.parts]
    return "=SUM(" + ",".join(_ranges(cells)) + ")"


def _ranges(cells: list[str]) -> list[str]:
    """Contiguous runs of cells in one row or column as ``A1:A9`` ranges."""
    if len(cells) > 2 and _contiguous(cells):
        return [f"{cells[0]}:{cells[-1]}"]
    return cells


def _contiguous(cells: list[str]) -> bool:
    from openpyxl.utils.cell import coordinate_to_tuple

    coords = [coordinate_to_tuple(c) for c in cells]
    rows = {r for r, _ in coords}
    cols = {c for _, c in coords}
    if len(rows) == 1:
        seq = [c for _, c in coords]
    elif len(cols) == 1:
        seq = [r for r, _ in coords]
    else:
        return False
    return seq == list(range(seq[0], seq[0] + len(seq)))


def _table2(ws) -> None:
    width = max(len(b.cols) for b in spec.TABLE2.blocks) + 1
    _title(ws, spec.TABLE2.title, width)
    ws.column_dimensions["A"].width = 22
    for j in range(2, width + 1):
        ws.column_dimensions[column_letter(j)].width = 18
    for key, row in table2_rows().items():
        block = spec.BLOCKS[key]
        _label(ws, row, 1, block.heading, align=LEFT, bold=True)
        _merge(ws, row, 1, row, width)
        _label(ws, row + 1, 1, spec.T2_CONTENT_LABEL, bold=True)
        for j, c in enumerate(block.cols):
            _label(ws, row + 1, 2 + j, c.label, bold=True)
        if len(block.cols) < width - 1:
            _merge(ws, row + 1, 2 + len(block.cols) - 1, row + 1, width)
        for i, r in enumerate(block.rows):
            _label(ws, row + 2 + i, 1, r.label, fill=None)
        narrow = len(block.cols) < width - 1
        _block_values(ws, block, row + 2, 2, merge_to=width if narrow else None)
    _reference(ws)
    _print_setup(ws)
    ws.freeze_panes = "A2"


def _reference(ws) -> None:
    """Last year's 现行有效件数 beside table 二: labelled, grey, locked, outside every total."""
    anchor = references()[PREVIOUS_IN_FORCE]
    ws.column_dimensions[column_letter(anchor.col)].width = 22
    _label(ws, anchor.row - 1, anchor.col, PREVIOUS_IN_FORCE_LABEL, fill=REFERENCE_FILL)
    for i in range(anchor.shape[0]):
        cell = ws.cell(anchor.row + i, anchor.col)
        cell.fill = REFERENCE_FILL
        cell.border = BORDER
        cell.font = Font(name=FONT, size=11, italic=True, color="595959")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.number_format = "0"


def _header(ws, block: spec.Block, row0: int, col0: int) -> None:
    """The column header of a table 3/4 block, merged as the official table."""
    depth = header_depth(block)
    for s in spans([c.path for c in block.cols], depth):
        r, c = row0 + s.level, col0 + s.first
        _label(ws, r, c, s.text, bold=True)
        _merge(ws, r, c, r + s.depth - 1, c + s.count - 1)


def _table3(ws) -> None:
    table, block = spec.TABLE3, spec.T3
    anchor = anchors()[block.name]
    depth = header_depth(block)
    lc = table.label_cols
    width = lc + len(block.cols)
    _title(ws, table.title, width)
    _label(ws, TABLE_FIRST_ROW, 1, table.note, align=CENTER)
    _merge(ws, TABLE_FIRST_ROW, 1, TABLE_FIRST_ROW + depth - 1, lc)
    _header(ws, block, TABLE_FIRST_ROW, lc + 1)
    for s in spans([r.path for r in block.rows], lc):
        r, c = anchor.row + s.first, 1 + s.level
        _label(ws, r, c, s.text, fill=None, align=LEFT if s.depth > 1 or s.level == lc - 1 else CENTER)
        _merge(ws, r, c, r + s.count - 1, c + s.depth - 1)
    _block_values(ws, block, anchor.row, anchor.col)
    for j, width_ in enumerate((6, 12, 40)):
        ws.column_dimensions[column_letter(1 + j)].width = width_
    for j in range(len(block.cols)):
        ws.column_dimensions[column_letter(anchor.col + j)].width = 9
    for r in range(TABLE_FIRST_ROW, anchor.row):
        ws.row_dimensions[r].height = 24
    for i, item in enumerate(block.rows):
        # Two lines for the long 其他处理 labels, which wrap in a 40-wide column.
        ws.row_dimensions[anchor.row + i].height = 30 if len(item.label) <= 24 else 42
    _balance_check(ws, block, anchor.row, anchor.col)
    ws.freeze_panes = ws.cell(anchor.row, anchor.col).coordinate
    _print_setup(ws)
    ws.print_area = f"A1:{column_letter(width)}{anchor.row + len(block.rows) - 1}"
    ws.print_title_rows = f"{TABLE_FIRST_ROW}:{TABLE_FIRST_ROW + depth - 1}"


def _balance_check(ws, block: spec.Block, row0: int, col0: int) -> None:
    """Live 勾稽关系 check: red cells, and a check row under the table, without macros."""
    rows = [r.key for r in block.rows]
    (left, right) = spec.T3_BALANCE
    first = column_letter(col0)

    def ref(key: str) -> str:
        return f"{first}${row0 + rows.index(key)}"

    condition = f"{'+'.join(map(ref, left))}<>{'+'.join(map(ref, right))}"
    last = column_letter(col0 + len(block.cols) - 1)
    sqref = " ".join(f"{first}{row0 + rows.index(k)}:{last}{row0 + rows.index(k)}" for k in (*left, *right))
    ws.conditional_formatting.add(sqref, FormulaRule(formula=[condition], fill=ALERT_FILL, font=ALERT_FONT))
    check_row = balance_check_row()
    _label(ws, check_row, 1, "勾稽关系自动检查（不打印）：第一项加第二项之和应等于第三项加第四项之和",
           fill=None, align=LEFT)
    _merge(ws, check_row, 1, check_row, col0 - 1)
    ws.row_dimensions[check_row].height = 30
    for j in range(len(block.cols)):
        col = column_letter(col0 + j)
        refs = {k: f"{col}{row0 + rows.index(k)}" for k in (*left, *right)}
        lhs, rhs = "+".join(refs[k] for k in left), "+".join(refs[k] for k in right)
        cell = ws.cell(check_row, col0 + j,
                       f'=IF(COUNT({",".join(refs.values())})<4,"未填完",IF({lhs}={rhs},"平衡","不平衡"))')
        cell.alignment = CENTER
        cell.font = Font(name=FONT, size=9)
    rng = f"{first}{check_row}:{last}{check_row}"
    ws.conditional_formatting.add(
        rng, FormulaRule(formula=[f'{first}{check_row}="不平衡"'], fill=ALERT_FILL, font=ALERT_FONT)
    )


def _table4(ws) -> None:
    table, block = spec.TABLE4, spec.T4
    anchor = anchors()[block.name]
    _title(ws, table.title, len(block.cols))
    _header(ws, block, TABLE_FIRST_ROW, anchor.col)
    _block_values(ws, block, anchor.row, anchor.col)
    for j in range(len(block.cols)):
        ws.column_dimensions[column_letter(anchor.col + j)].width = 9
    for r in range(TABLE_FIRST_ROW, anchor.row + 1):
        ws.row_dimensions[r].height = 30
    cols = [c.key for c in block.cols]
    for total in block.totals:
        first = column_letter(anchor.col + cols.index(total.parts[0]))
        last = column_letter(anchor.col + cols.index(total.target))
        parts = column_letter(anchor.col + cols.index(total.parts[-1]))
        row = anchor.row
        ws.conditional_formatting.add(
            f"{first}{row}:{last}{row}",
            FormulaRule(formula=[f"${last}${row}<>SUM(${first}${row}:${parts}${row})"],
                        fill=ALERT_FILL, font=ALERT_FONT),
        )
    ws.freeze_panes = ws.cell(anchor.row, 1).coordinate
    _print_setup(ws, landscape=True)


def _print_setup(ws, landscape: bool = False) -> None:
    """A4, one page wide; as many pages down as needed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if landscape:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# Validation and protection ----------------------------------------------------

def _serial(day: dt.date) -> str:
    """A date as Excel's serial day number, as a validation formula holds it."""
    return str(int(to_excel(day)))


_VALIDATION = {
    "count": {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0",
              "error": "请填写不小于 0 的整数（没有就填 0，不要写“件”“/”“无”）。"},
    "money": {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0",
              "error": "请填写不小于 0 的数字（没有就填 0）。"},
    "year": {"type": "whole", "operator": "between",
             "formula1": str(spec.REPORT_YEARS[0]), "formula2": str(spec.REPORT_YEARS[-1]),
             "error": "请填写四位年份，如 2025。"},
    # From 1 January of the first report year to 1 January of the last.
    "date": {"type": "date", "operator": "between",
             "formula1": _serial(dt.date(spec.REPORT_YEARS[0], 1, 1)),
             "formula2": _serial(dt.date(spec.REPORT_YEARS[-1], 1, 1)),
             "error": "请填写日期，如 2026-01-20。"},
    "level": {"type": "list", "formula1": '"' + ",".join(spec.LEVELS) + '"',
              "error": "请从下拉列表中选择机关层级。"},
}


def _validate(ws, kind: str, sqref: str) -> None:
    rule = _VALIDATION.get(kind)
    if not rule:
        return
    dv = DataValidation(allow_blank=True, showErrorMessage=True, errorStyle="stop",
                        errorTitle="输入有误", **rule)
    for ref in sqref.split():
        dv.add(ref)
    ws.add_data_validation(dv)


def _protect(ws) -> None:
    p = ws.protection
    p.sheet = True
    # Clerks may resize rows and columns and colour cells; 校验 colours cells too.
    p.formatCells = p.formatColumns = p.formatRows = False


def _defined_names(wb) -> None:
    wb.defined_names[spec.TEMPLATE_NAME] = DefinedName(spec.TEMPLATE_NAME, attr_text=f'"{spec.TEMPLATE_VERSION}"')
    for name, anchor in anchors().items():
        wb.defined_names[name] = DefinedName(name, attr_text=anchor.ref)


def _fill(sheets, values: dict[str, Any]) -> None:
    for name, value in values.items():
        anchor = anchors()[name] if name in anchors() else references()[name]
        ws = sheets[anchor.sheet]
        rows = value if isinstance(value, list) else [[value]]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                cell = ws.cell(anchor.row + i, anchor.col + j)
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    continue  # totals stay formulas
                cell.value = v
                if isinstance(v, str) and v.startswith("="):
                    cell.data_type = "s"  # text that begins with "=" (an imported report's) is no formula


# Package ----------------------------------------------------------------------

_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    f"<dc:title>{spec.REPORT_NAME}</dc:title><dc:creator>gikxl</dc:creator>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
).encode()


def _finish(xlsx: bytes) -> bytes:
    """Macro parts added, fixed properties, a deterministic zip."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["docProps/core.xml"] = _CORE
    parts = make_macro_enabled(parts, spec.CODENAMES)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in _part_order(parts):
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, parts[name])
    return out.getvalue()


def _part_order(parts: dict[str, bytes]) -> list[str]:
    # [Content_Types].xml first, as Office and many readers expect.
    return sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))



if __name__ == "__main__":  # python -m gikxl.template.builder: rewrite the committed template
    print(write_template())
