"""The report as a Word document laid out after GB/T 9704-2012.

A4; margins 37/35/28/26 mm (top/bottom/left/right); title in 方正小标宋简体
二号 centred; body 仿宋_GB2312 三号, fixed line spacing of 22 lines a page,
first line indented two characters; 一级 headings 黑体, 二级 楷体_GB2312;
page numbers "— 1 —" in 宋体 四号, odd pages right and even pages left, one
character in from the edge. The official tables keep their merged headers
(derived from the spec through :mod:`gikxl.report.grid`), repeat their header
rows on every page and fit the type area.

The body and tables are written as WordprocessingML directly (python-docx
supplies the package); every style and every run names its fonts for East
Asian and Latin text, so Word and WPS show the intended faces.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from gikxl import spec
from gikxl.report.grid import Cell, Grid, table_grid
from gikxl.report.numbers import text_width

if TYPE_CHECKING:
    from gikxl.report.narrative import Narrative
    from gikxl.workbook.model import AnnualReport

# Fonts (names as Chinese Word installations know them) -------------------
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
TABLE_FONT = "宋体"

# Sizes in half-points (w:sz) ---------------------------------------------
SIZE_2 = 44     # 二号 22 pt
SIZE_3 = 32     # 三号 16 pt
SIZE_4 = 28     # 四号 14 pt
SIZE_XS4 = 24   # 小四 12 pt
SIZE_5 = 21     # 五号 10.5 pt

#: Fixed line pitch: 225 mm type area / 22 lines ≈ 28.95 pt, in twips.
LINE = 579
TITLE_LINE = 700  # 35 pt for the 二号 title
PAGE = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
#: Width of the type area in twips (156 mm).
TEXT_WIDTH = round((PAGE["width"] - PAGE["left"] - PAGE["right"]) / 25.4 * 1440)

#: Column widths per table in twips (label columns, then value columns); each fills TEXT_WIDTH.
_TABLE2_LABEL = 2604
_TABLE3_LABELS = (794, 964, 3082)
#: Left + right cell margins (tblCellMar) in twips.
_CELL_MARGINS = 2 * 57
#: Width of one digit of a 五号 figure in twips, generously (0.65 em: wide enough for the
#: sans-serif face a viewer without 宋体 substitutes), and a little air either side.
_DIGIT = 137
_AIR = 30
#: The narrowest the long row labels of table 三 may become to make room for wide figures (≈ 8 characters).
_MIN_LABEL = 1800


def _figure_widths(grid: Grid) -> list[int]:
    """Per value column, the twips it needs so that its widest figure stays on one line."""
    digits = [1] * (grid.n_cols - grid.label_cols)
    for row in grid.rows:
        for cell in row:
            if cell.kind == "value" and cell.colspan == 1:
                j = cell.col - grid.label_cols
                digits[j] = max(digits[j], len(cell.text))
    return [d * _DIGIT + _CELL_MARGINS + _AIR for d in digits]


def _widths(grid: Grid) -> list[int]:
    if grid.table.stacked:
        rest = TEXT_WIDTH - _TABLE2_LABEL
        return [_TABLE2_LABEL, *_split(rest, grid.n_cols - 1)]
    if grid.label_cols:
        labels = list(_TABLE3_LABELS[: grid.label_cols])
        values = _split(TEXT_WIDTH - sum(labels), grid.n_cols - grid.label_cols)
        # Figures of four or five digits (a large city's, or a county's summed report) would
        # wrap inside the usual columns: widen those columns, taking the room from the long labels.
        wider = [max(w, need) for w, need in zip(values, _figure_widths(grid), strict=True)]
        if wider != values:
            labels[-1] -= min(sum(wider) - sum(values), max(0, labels[-1] - _MIN_LABEL))
            values = _fit(wider, TEXT_WIDTH - sum(labels))
        return labels + values
    return _split(TEXT_WIDTH, grid.n_cols)


def _fit(widths: list[int], total: int) -> list[int]:
    """``widths`` scaled to add up to ``total`` exactly."""
    scaled = [w * total // sum(widths) for w in widths]
    scaled[-1] += total - sum(scaled)
    return scaled


def _split(total: int, n: int) -> list[int]:
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


# XML pieces ----------------------------------------------------------------

def _fonts(name: str, latin: str | None = None) -> str:
    latin = latin or name
    return (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{name}" '
            f'w:cs="{latin}" w:hint="eastAsia"/>')


def _rpr(font: str, size: int | None = None, extra: str = "") -> str:
    sz = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
    return f"<w:rPr>{_fonts(font)}{extra}{sz}</w:rPr>"


#: Longer texts are split over several ``w:t`` of one run: lxml refuses a text node over 10 MB.
_TEXT_CHUNK = 1_000_000


def _t(text: str) -> str:
    return "".join(f'<w:t xml:space="preserve">{escape(text[i: i + _TEXT_CHUNK])}</w:t>'
                   for i in range(0, max(len(text), 1), _TEXT_CHUNK))


def _run(text: str, font: str, size: int | None = None) -> str:
    return f"<w:r>{_rpr(font, size)}{_t(text)}</w:r>"


def _para(text: str, style: str, font: str, ppr: str = "", size: int | None = None) -> str:
    return (f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>'
            f"{_run(text, font, size) if text else ''}</w:p>")


# Styles ----------------------------------------------------------------------

def _style_xml(style_id: str, name: str, ppr: str, rpr: str, based_on: str = "Normal",
               kind: str = "paragraph") -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style {nsdecls("w")} w:type="{kind}" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/>{based}<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>')


def _exact(line: int, after: int = 0, before: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'


_INDENT2 = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'


def _set_styles(doc) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(defaults, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>{_fonts(BODY_FONT)}'
        f'<w:kern w:val="2"/><w:sz w:val="{SIZE_3}"/><w:szCs w:val="{SIZE_3}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f'<w:pPrDefault><w:pPr>{_exact(LINE)}</w:pPr></w:pPrDefault></w:docDefaults>'))

    def restyle(style_id: str, ppr: str, rpr: str) -> None:
        el = styles.find(f'{qn("w:style")}[@{qn("w:styleId")}="{style_id}"]')
        for tag in ("w:pPr", "w:rPr"):
            old = el.find(qn(tag))
            if old is not None:
                el.remove(old)
        el.append(parse_xml(f'<w:pPr {nsdecls("w")}>{ppr}</w:pPr>'))
        el.append(parse_xml(rpr.replace("<w:rPr>", f'<w:rPr {nsdecls("w")}>', 1)))

    color = '<w:b w:val="0"/><w:bCs w:val="0"/><w:color w:val="000000"/>'
    restyle("Normal", f'<w:widowControl/>{_exact(LINE)}{_INDENT2}<w:jc w:val="both"/>',
            _rpr(BODY_FONT, SIZE_3))
    restyle("Title", f'<w:keepNext/>{_exact(TITLE_LINE, after=LINE)}{_NO_INDENT}<w:jc w:val="center"/>'
            '<w:outlineLvl w:val="9"/>',
            _rpr(TITLE_FONT, SIZE_2, color + '<w:spacing w:val="0"/><w:kern w:val="2"/>'))
    restyle("Heading1", f'<w:keepNext/><w:keepLines/>{_exact(LINE)}{_INDENT2}<w:jc w:val="both"/>'
            '<w:outlineLvl w:val="0"/>', _rpr(HEADING1_FONT, SIZE_3, color))
    restyle("Heading2", f'<w:keepNext/><w:keepLines/>{_exact(LINE)}{_INDENT2}<w:jc w:val="both"/>'
            '<w:outlineLvl w:val="1"/>', _rpr(HEADING2_FONT, SIZE_3, color))
    restyle("Footer", f'{_exact(360)}{_NO_INDENT}', _rpr(PAGE_FONT, SIZE_4))
    table_ppr = (f'<w:spacing w:before="0" w:after="0" w:line="280" w:lineRule="exact"/>{_NO_INDENT}'
                 '<w:jc w:val="center"/>')
    for style_id, name, size, line in (("GikTable", "表格文字", SIZE_5, 260),
                                       ("GikTableLarge", "表格文字（大）", SIZE_XS4, 300)):
        styles.append(parse_xml(_style_xml(
            style_id, name, table_ppr.replace('w:line="280"', f'w:line="{line}"'), _rpr(TABLE_FONT, size))))
    styles.append(parse_xml(_style_xml("GikSign", "落款", f'{_exact(LINE)}{_NO_INDENT}<w:jc w:val="right"/>',
                                       _rpr(BODY_FONT, SIZE_3))))


#: The fonts the document names, with the standard Windows face Word falls back on
#: (``w:altName``) where the GB2312 or 方正 font is not installed, and their class.
FONT_TABLE = (
    (BODY_FONT, "仿宋", "modern", "fixed", "02010609030101010101"),
    (HEADING2_FONT, "楷体", "modern", "fixed", "02010609030101010101"),
    (TITLE_FONT, "宋体", "script", "fixed", "02000000000000000000"),
    (HEADING1_FONT, "SimHei", "modern", "fixed", "02010609060101010101"),
    (TABLE_FONT, "SimSun", "auto", "variable", "02010600030101010101"),
)


def _set_font_table(doc) -> None:
    fonts = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/>'
        f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        for name, alt, family, pitch, panose in FONT_TABLE
    )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {nsdecls("w")}>{fonts}</w:fonts>'
    for part in doc.part.package.iter_parts():
        if part.partname == "/word/fontTable.xml":
            part._blob = xml.encode("utf-8")


# Page setup -----------------------------------------------------------------

def _set_page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(24)
    # No snapping to a document grid: LibreOffice would stretch table lines to the body pitch.
    section._sectPr.find(qn("w:docGrid")).set(qn("w:linePitch"), str(LINE))
    # Page numbers: odd pages right, even pages left, one character in (GB/T 9704 7.5).
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        el = footer._element
        for p in list(el):
            el.remove(p)
        el.append(parse_xml(_page_number(side)))


def _page_number(side: str) -> str:
    rpr = _rpr(PAGE_FONT, SIZE_4)
    dash = f'<w:r>{rpr}<w:t xml:space="preserve">{{}}</w:t></w:r>'
    indent = f'<w:ind w:{side}Chars="100" w:{side}="280"/>'
    return (f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Footer"/>{indent}<w:jc w:val="{side}"/></w:pPr>'
            + dash.format("— ")
            + f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            + f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            + f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            + f'<w:r>{rpr}<w:t>1</w:t></w:r>'
            + f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
            + dash.format(" —") + "</w:p>")


# Tables ---------------------------------------------------------------------

#: Per table: paragraph style, type size and minimum row height in twips (8 / 6 / 7 mm):
#: table 二, with few columns, in 小四; the wide tables 三 and 四 in 五号.
_LOOK = {
    spec.TABLE2: ("GikTableLarge", SIZE_XS4, 454),
    spec.TABLE3: ("GikTable", SIZE_5, 340),
    spec.TABLE4: ("GikTable", SIZE_5, 397),
}
_BORDER = '<w:{0} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
_SHADE = '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'


def _cell_align(grid: Grid, cell: Cell) -> str:
    """Row labels of table 三 read left to right; group labels, headers and figures are centred."""
    if grid.table.nested_row_labels and cell.kind == "label" and cell.rowspan == 1:
        return "left"
    return "left" if cell.kind == "corner" else "center"


def table_xml(grid: Grid) -> str:
    """One official table as a ``w:tbl`` element (string)."""
    widths = _widths(grid)
    style, font_size, row_height = _LOOK[grid.table]
    borders = "".join(_BORDER.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    ]
    covering = grid.covering()
    keep = _rows_kept_with_next(grid)
    for r in range(grid.n_rows):
        header = '<w:tblHeader/>' if r < grid.header_rows else ""
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{row_height}"/>{header}</w:trPr>')
        c = 0
        while c < grid.n_cols:
            cell = covering[r][c]
            width = sum(widths[cell.col: cell.col + cell.colspan])
            span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
            if cell.rowspan > 1:
                span += '<w:vMerge w:val="restart"/>' if cell.row == r else "<w:vMerge/>"
            shade = _SHADE if cell.kind == "section" else ""
            tcpr = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{shade}<w:vAlign w:val="center"/></w:tcPr>'
            text = cell.text if cell.row == r else ""
            align = _cell_align(grid, cell)
            keep_next = "<w:keepNext/>" if r in keep else ""
            ppr = f'<w:pPr><w:pStyle w:val="{style}"/>{keep_next}<w:jc w:val="{align}"/></w:pPr>'
            run = _run(text, TABLE_FONT, font_size) if text else ""
            out.append(f"<w:tc>{tcpr}<w:p>{ppr}{run}</w:p></w:tc>")
            c += cell.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _rows_kept_with_next(grid: Grid) -> set[int]:
    """Rows that must stay on the page of the row below, so that no block of figures is
    cut by a page break: table 二 keeps each block whole; tables 三 and 四 (each fits
    on one page) are kept whole and start on a new page when needed. Where a table
    is longer than a page, Word and LibreOffice still break it, and the header rows
    repeat."""
    if grid.groups:
        return {r for first, last in grid.groups for r in range(first, last)}
    return set(range(grid.n_rows - 1))


# The document -----------------------------------------------------------------

_STYLE_OF = {"heading1": ("Heading1", HEADING1_FONT), "heading2": ("Heading2", HEADING2_FONT),
             "para": ("Normal", BODY_FONT)}


def _title_xml(lines: list[str], org: str) -> str:
    """The title, broken after the body's name when one line would not hold it."""
    if len(lines) == 1 and org and lines[0].startswith(org) and text_width(lines[0]) > TEXT_WIDTH / 20 / 22:
        lines = [org, lines[0][len(org):]]
    rpr = _rpr(TITLE_FONT, SIZE_2)
    runs = f'<w:r>{rpr}<w:br/></w:r>'.join(
        f"<w:r>{rpr}{_t(t)}</w:r>" for t in lines
    )
    return f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Title"/></w:pPr>{runs}</w:p>'


def _signature_xml(lines: list[str]) -> list[str]:
    """署名 centred over 成文日期, the date four characters in from the right (GB/T 9704 7.3.5.1)."""
    if not lines:
        return []
    date = lines[-1]
    date_right = 4.0
    out = [_para("", "Normal", BODY_FONT, "<w:keepNext/>")]
    for i, text in enumerate(lines):
        last = i == len(lines) - 1
        right = date_right if last else max(0.0, date_right + (text_width(date) - text_width(text)) / 2)
        chars = round(right * 100)
        ind = f'<w:ind w:rightChars="{chars}" w:right="{round(right * 320)}"/>'
        # 署名 and 成文日期 stay together on one page
        out.append(_para(text, "GikSign", BODY_FONT, ("" if last else "<w:keepNext/>") + ind))
    return out


#: python-docx refuses a document property (title, author …) longer than this.
PROPERTY_CHARS = 255
#: Characters XML 1.0 cannot carry, and the line breaks a property has no room for.
_NOT_IN_PROPERTY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PROPERTY_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def _property(text: str) -> str:
    """``text`` as a document property can hold it: on one line, without control characters,
    clipped to :data:`PROPERTY_CHARS` with "…" (the full text is in the document)."""
    text = _NOT_IN_PROPERTY.sub("", _PROPERTY_BREAKS.sub(" ", text)).strip()
    return text if len(text) <= PROPERTY_CHARS else text[: PROPERTY_CHARS - 1] + "…"


def render_docx(report: AnnualReport, narrative: Narrative) -> bytes:
    """The finished report as .docx bytes."""
    doc = Document()
    _set_styles(doc)
    _set_font_table(doc)
    _set_page(doc)
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    for p in body.findall(qn("w:p")):
        body.remove(p)

    def add(xml: str) -> None:
        sect.addprevious(parse_xml(xml))

    add(_title_xml(narrative.title, narrative.context.get("org", "")))
    for block in narrative.body:
        if block.kind == "table":
            add(table_xml(table_grid(report, block.table)))
            add(_para("", "Normal", BODY_FONT))
        else:
            style, font = _STYLE_OF[block.kind]
            add(_para(block.text, style, font))
    for xml in _signature_xml(narrative.signature):
        add(xml)

    props = doc.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props.title = _property("".join(narrative.title))
    props.author = props.last_modified_by = _property(narrative.context.get("org", ""))
    props.subject = spec.REPORT_NAME
    props.language = "zh-CN"
    props.comments = ""
    props.created = props.modified = now
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
