"""Draw the pictures of docs/excel-guide.md.

Usage: python scripts/render_excel_pictures.py   (needs soffice and pdftoppm)

Nothing here has Excel, so the pictures of what 校验 does are made like this:

1. a filled example workbook with three mistakes is built by the real
   template builder;
2. the real ``gikxl.excel.validate()`` runs on it through xlwings' remote
   engine (``xw.Book(json=...)``), which records what it tells Excel to do;
3. those recorded actions — cell fills, the 校验结果 sheet's values and
   formulas, fonts, widths, the hidden marks sheet — are applied with
   openpyxl to a copy of the workbook;
4. LibreOffice prints the copy to PDF and ``pdftoppm`` cuts out the pages.

So the colours and rows in the pictures are exactly what validate() asks
Excel for. The payload names the Office.js client, which (like Excel on the
desktop) also takes the alignment of the 校验结果 rows; Excel's row AutoFit
is estimated from the text length; and the 校验结果 sheet gets a print
layout (landscape, one page wide) for the picture only. The ribbon picture is a *sketch* (示意图)
drawn from the labels of the ribbon XML, not a screenshot; it says so.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))  # also when loaded from elsewhere (the tests do)
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers, imported by bare name as the tests do
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from gikxl import spec
from gikxl.examples import demo_values
from render_report_pictures import page_with

IMG = ROOT / "docs" / "img"
RESULTS_PNG = IMG / "excel-results-sheet.png"
TABLE3_PNG = IMG / "excel-table3-marked.png"
RIBBON_SVG = IMG / "excel-ribbon-sketch.svg"


def example_values() -> dict:
    """The bundled example with three mistakes a clerk makes."""
    values = copy.deepcopy(demo_values())
    values["gik_t3"][2][0] += 1  # one 予以公开 too many: the 勾稽关系 breaks
    values["gik_t3"][0][1] = "3件"  # a unit typed into a figure
    values["gik_date"] = dt.date(2025, 12, 15)  # dated before the year ended: a warning
    return values


def recorded_actions(workbook: Path) -> list[dict]:
    """What the real validate() tells Excel to do with ``workbook``."""
    import xlwings as xw

    from gikxl import excel
    from remote_book import payload_of

    payload = payload_of(workbook)
    payload["client"] = "Office.js"  # the Excel add-in client: it can also align cells
    book = xw.Book(json=payload)
    book.set_mock_caller()
    excel.buttons._now = lambda: dt.datetime(2026, 1, 20, 10, 30)  # the same picture on every run
    try:
        excel.validate()
    finally:
        del xw.Book._mock_caller
    return book.json()["actions"]


def apply_with_openpyxl(src: Path, actions: list[dict], out: Path) -> None:
    """Apply the recorded actions to a copy of ``src`` (the formatting ones included)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = openpyxl.load_workbook(src)
    for a in actions:
        func = a["func"]
        sheets = wb.worksheets
        ws = sheets[a["sheet_position"]] if a["sheet_position"] is not None and func != "addSheet" else None

        if func == "addSheet":
            wb.create_sheet(a["args"][1], a["args"][0])
        elif func in ("setValues", "setFormula"):
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    ws.cell(a["start_row"] + i + 1, a["start_column"] + j + 1).value = v if v != "" else None
        elif func == "setRangeColor":
            colour = a["args"][0]
            for cell in _cells(ws, a):
                cell.fill = PatternFill("solid", fgColor=colour.lstrip("#")) if colour else PatternFill()
        elif func == "setFontProperty" and a["args"][0] == "bold":
            for cell in _cells(ws, a):
                cell.font = Font(name="宋体", bold=a["args"][1])
        elif func == "setWrapText":
            for cell in _cells(ws, a):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        elif func == "setColumnWidth":
            from openpyxl.utils import get_column_letter

            ws.column_dimensions[get_column_letter(a["start_column"] + 1)].width = a["args"][0]
        elif func == "setVerticalAlignment":
            for cell in _cells(ws, a):
                cell.alignment = Alignment(wrap_text=cell.alignment.wrap_text, vertical=a["args"][0].lower())
        elif func == "setAutofit" and a["args"][0] == "rows":
            _autofit_rows(ws, a["start_row"] + 1, a["start_row"] + a["row_count"])
        elif func == "setSheetVisibility":
            ws.sheet_state = "hidden" if a["args"][0] != "Visible" else "visible"
        elif func == "activateSheet":
            wb.active = a["sheet_position"]
        elif func in ("sheetClear", "sheetClearContents"):
            for row in ws.iter_rows():
                for cell in row:
                    cell.value = None
    results = wb["校验结果"]
    results.page_setup.orientation = "landscape"
    results.page_setup.paperSize = results.PAPERSIZE_A4
    results.page_setup.fitToWidth = 1
    results.page_setup.fitToHeight = 0
    results.sheet_properties.pageSetUpPr.fitToPage = True
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is wb.active
    wb.save(out)


def _cells(ws, action: dict):
    """The cells an action addresses."""
    for i in range(action["row_count"]):
        for j in range(action["column_count"]):
            yield ws.cell(action["start_row"] + i + 1, action["start_column"] + j + 1)


def _autofit_rows(ws, first: int, last: int) -> None:
    """What Excel's AutoFit does to rows of wrapped text: as many lines as the widest cell needs."""
    import math
    import unicodedata

    from openpyxl.utils import get_column_letter

    for r in range(first, last + 1):
        lines = 1
        for cell in ws[r]:
            if not isinstance(cell.value, str) or cell.value.startswith("="):
                continue
            width = ws.column_dimensions[get_column_letter(cell.column)].width or 8.43
            chars = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell.value)
            lines = max(lines, math.ceil(chars / (width * 1.15)))
        ws.row_dimensions[r].height = 15 * lines


def render_pages(book: Path, tmp: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp), str(book)],
        check=True, capture_output=True, timeout=300,
    )
    pdf = tmp / (book.stem + ".pdf")
    for text, png in ((spec.TABLE3.title, TABLE3_PNG), ("校验时间", RESULTS_PNG)):
        page = page_with(pdf, text)
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                        str(pdf), str(png.with_suffix(""))], check=True)



def ribbon_sketch() -> str:
    """An SVG sketch of the ribbon tab, drawn from the labels in customUI14.xml."""
    from gikxl.template.vba.ribbon import CUSTOMUI_NS, ribbon_xml

    ns = {"c": CUSTOMUI_NS}
    root = ET.fromstring(ribbon_xml())
    tab = root.find(".//c:tab", ns)
    group = tab.find("c:group", ns)
    buttons = group.findall("c:button", ns)
    tabs = ["文件", "开始", "插入", "页面布局", "公式", "数据", "审阅", "视图", tab.get("label")]
    font = "font-family=\"Microsoft YaHei, Noto Sans CJK SC, sans-serif\""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="220" viewBox="0 0 640 220">',
             '<rect width="640" height="220" fill="#ffffff"/>',
             '<rect x="0" y="0" width="640" height="34" fill="#217346"/>']
    x = 12
    for label in tabs:
        width = 16 * len(label) + 20
        if label == tab.get("label"):
            parts.append(f'<rect x="{x - 4}" y="6" width="{width}" height="28" fill="#f3f3f3"/>')
            parts.append(f'<text x="{x + 6}" y="26" font-size="15" {font} fill="#217346" font-weight="bold">'
                         f"{escape(label)}</text>")
        else:
            parts.append(f'<text x="{x + 6}" y="26" font-size="14" {font} fill="#ffffff">{escape(label)}</text>')
        x += width
    parts.append('<rect x="0" y="34" width="640" height="120" fill="#f3f3f3"/>')
    bx = 20
    for b in buttons:
        width = max(86, 14 * len(b.get("label")) + 16)  # a long label widens its button, as in Excel
        parts.append(f'<rect x="{bx}" y="46" width="{width}" height="62" rx="4" fill="#ffffff" stroke="#c8c8c8"/>')
        parts.append(f'<rect x="{bx + width // 2 - 12}" y="54" width="24" height="24" rx="3" fill="#d6e4f0"'
                     ' stroke="#8aa9c8"/>')
        parts.append(f'<text x="{bx + width // 2}" y="98" font-size="14" {font} text-anchor="middle">'
                     f"{escape(b.get('label'))}</text>")
        bx += width + 10
    parts.append(f'<line x1="{bx}" y1="44" x2="{bx}" y2="146" stroke="#c8c8c8"/>')
    parts.append(f'<text x="{(20 + bx) // 2}" y="140" font-size="12" {font} fill="#666666" text-anchor="middle">'
                 f"{escape(group.get('label'))}</text>")
    parts.append(f'<text x="20" y="186" font-size="13" {font} fill="#b00000">'
                 "示意图（根据模板的功能区定义绘制，不是 Excel 截图；实际外观随 Excel 版本而异）</text>")
    parts.append(f'<text x="20" y="208" font-size="12" {font} fill="#666666">'
                 + escape("；".join(f"{b.get('label')}：{b.get('screentip')}" for b in buttons)) + "</text>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    from gikxl.template.builder import build_workbook

    IMG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = tmp / "年报.xlsm"
        book.write_bytes(build_workbook(example_values()))
        marked = tmp / "校验后.xlsx"
        apply_with_openpyxl(book, recorded_actions(book), marked)
        render_pages(marked, tmp)
    RIBBON_SVG.write_text(ribbon_sketch(), encoding="utf-8")
    for path in (RESULTS_PNG, TABLE3_PNG, RIBBON_SVG):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
