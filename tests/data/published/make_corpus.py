"""Write the published-report corpus: web pages, a Word file and the PDFs LibreOffice makes of them.

Run from the repository root: ``python tests/data/published/make_corpus.py`` (needs python-docx,
LibreOffice and poppler); ``--check`` only checks the committed outputs (needs poppler). The
outputs are committed, so the tests need neither. Each source is
rendered the way its real counterpart is made (a CMS page around a Word table, Word saved
as PDF), not the way gikxl's own report writer lays it out; ``<file>.expected.json`` is
written from the same data in ``corpus_data.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[2]), str(HERE)]

import corpus_data as data  # noqa: E402
from corpus_data import Cell, Report  # noqa: E402

from gikxl.spec import BLOCKS, FIELDS, T3_ROWS, T4_GROUPS, T4_OUTCOMES, TABLE2, TABLE3, TABLE4  # noqa: E402

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


# Tables as grids of anchored cells ------------------------------------------------

@dataclass
class GridCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass
class Grid:
    cells: list[GridCell]

    @property
    def height(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    @property
    def width(self) -> int:
        return max(c.col + c.colspan for c in self.cells)


@dataclass
class Look:
    """How one publisher writes labels and figures."""

    number: Callable[[Cell, str], str]
    labels: dict[str, str]

    def label(self, text: str) -> str:
        return self.labels.get(text, text)


def plain_number(value: Cell, _where: str) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def table2_grid(report: Report, look: Look) -> Grid:
    cells: list[GridCell] = []
    row = 0
    for block in TABLE2.blocks:
        cells.append(GridCell(row, 0, look.label(block.heading), colspan=4, header=True))
        cells.append(GridCell(row + 1, 0, look.label("信息内容"), header=True))
        span = 3 // len(block.cols)
        for i, col in enumerate(block.cols):
            cells.append(GridCell(row + 1, 1 + i, look.label(col.label), colspan=span, header=True))
        values = report.tables[block.name]
        for r, item in enumerate(block.rows):
            cells.append(GridCell(row + 2 + r, 0, look.label(item.label)))
            for c in range(len(block.cols)):
                text = look.number(values[r][c], f"{block.key}.{item.key}.{block.cols[c].key}")
                cells.append(GridCell(row + 2 + r, 1 + c * span, text, colspan=span))
        row += 2 + len(block.rows)
    return Grid(cells)


def table3_grid(values: list[list[Cell]], look: Look, rows: tuple = T3_ROWS) -> Grid:
    """Table 三: three header rows under the note, row labels nested over three columns."""
    h = look.label
    cells = [
        GridCell(0, 0, h(TABLE3.note), rowspan=3, colspan=3, header=True),
        GridCell(0, 3, h("申请人情况"), colspan=7, header=True),
        GridCell(1, 3, h("自然人"), rowspan=2, header=True),
        GridCell(1, 4, h("法人或其他组织"), colspan=5, header=True),
        GridCell(1, 9, h("总计"), rowspan=2, header=True),
        *[GridCell(2, 4 + i, h(t), header=True) for i, t in enumerate(("商业企业", "科研机构", "社会公益组织",
                                                                      "法律服务机构", "其他"))],
    ]
    seen: set[tuple[str, ...]] = set()
    for r, item in enumerate(rows):
        y = 3 + r
        path = item.path
        if len(path) == 1:
            cells.append(GridCell(y, 0, h(path[0]), colspan=3))
        else:
            if path[:1] not in seen:
                seen.add(path[:1])
                span = sum(1 for i in rows if i.path[:1] == path[:1])
                cells.append(GridCell(y, 0, h(path[0]), rowspan=span))
            if len(path) == 2:
                cells.append(GridCell(y, 1, h(path[1]), colspan=2))
            else:
                if path[:2] not in seen:
                    seen.add(path[:2])
                    span = sum(1 for i in rows if i.path[:2] == path[:2])
                    cells.append(GridCell(y, 1, h(path[1]), rowspan=span))
                cells.append(GridCell(y, 2, h(path[2])))
        for c in range(7):
            cells.append(GridCell(y, 3 + c, look.number(values[r][c], f"t3.{item.key}.{c}")))
    return Grid(cells)


def table4_grid(report: Report, look: Look) -> Grid:
    h = look.label
    outcomes = [label for _, label in T4_OUTCOMES]
    cells = [
        GridCell(0, 0, h("行政复议"), colspan=5, header=True),
        GridCell(0, 5, h("行政诉讼"), colspan=10, header=True),
        *[GridCell(1, i, h(t), rowspan=2, header=True) for i, t in enumerate(outcomes)],
        GridCell(1, 5, h(T4_GROUPS[1][1][1]), colspan=5, header=True),
        GridCell(1, 10, h(T4_GROUPS[2][1][1]), colspan=5, header=True),
        *[GridCell(2, 5 + i, h(t), header=True) for i, t in enumerate(outcomes * 2)],
    ]
    values = report.tables["gik_t4"][0]
    cells += [GridCell(3, i, look.number(v, f"t4.{i}")) for i, v in enumerate(values)]
    return Grid(cells)


def flattened(grid: Grid, fill: bool) -> Grid:
    """The grid with every merge undone: a copied label in each covered cell (``fill``) or blanks."""
    out = []
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                first = (r, c) == (cell.row, cell.col)
                out.append(GridCell(r, c, cell.text if first or fill else "", header=cell.header))
    return Grid(out)


# Expected values -------------------------------------------------------------------

def prefix(paragraphs: list[str]) -> str:
    return re.sub(r"\s", "", "".join(paragraphs))[:20]


def expected(report: Report, name: str, fmt: str, notes: list[str], **extra: object) -> dict:
    prose: dict[str, str | None] = {"intro": prefix(report.intro) if report.intro else None}
    for section in report.s1 + report.s5:
        prose.setdefault(section.key, prefix(section.paragraphs))
    prose["s6_other"] = prefix(report.s6)
    fields = {"org": report.org, "level": report.level, "year": report.year, "date": report.iso_date,
              "signer": report.signer, "info_fee": report.info_fee}
    assert set(fields) | set(prose) == set(FIELDS), set(FIELDS) ^ (set(fields) | set(prose))
    tables = {}
    for key, block in BLOCKS.items():
        values = report.tables[block.name]
        assert (len(values), len(values[0])) == block.shape, key
        tables[block.name] = values
    # The text of a sub-section the format does not name must end up in the field it is kept with.
    contains: dict[str, list[str]] = {}
    for section in report.s1 + report.s5:
        if section.heading in report.kept_with:
            contains.setdefault(section.key, []).append(prefix(section.paragraphs))
    return {"file": name, "format": fmt, "fields": fields, "tables": tables, "prose": prose,
            "prose_contains": contains, **extra, "exercises": notes}


def write_expected(path: Path, content: dict) -> None:
    text = json.dumps(content, ensure_ascii=False, indent=1)
    # One table row per line keeps the file readable and the diffs small.
    text = re.sub(r"\[\n\s+([^\[\]{}]*?)\n\s+\]", lambda m: "[" + re.sub(r"\s*\n\s*", " ", m[1]) + "]", text)
    path.with_name(path.name + ".expected.json").write_text(text + "\n", encoding="utf-8")


# Web pages -------------------------------------------------------------------------

SPAN = '<span style="font-family:仿宋_GB2312;font-size:16px;">{}</span>'


def html_cell(cell: GridCell, widths: list[int], padded: bool) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    width = sum(widths[cell.col:cell.col + cell.colspan])
    text = cell.text.replace("\n", "<br/>")
    if padded and text:
        text = f"&nbsp;{text}&nbsp;"
    elif not text:
        text = "&nbsp;"
    inner = f'<p style="text-align:center;line-height:20px;margin:0">{SPAN.format(text)}</p>'
    if cell.header:
        inner = f"<strong>{inner}</strong>"
    return f'<td width="{width}" valign="middle" style="border:1px solid windowtext;padding:0 5px"{attrs}>{inner}</td>'


def html_table(grid: Grid, widths: list[int], padded: bool = False) -> str:
    rows: list[list[GridCell]] = [[] for _ in range(grid.height)]
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        rows[cell.row].append(cell)
    body = "\n".join(
        '<tr style="height:28px">' + "".join(html_cell(c, widths, padded) for c in row) + "</tr>" for row in rows
    )
    return ('<div class="MsoNormalTable"><table border="1" cellspacing="0" cellpadding="0" width="600" '
            'style="border-collapse:collapse;margin:0 auto"><tbody>\n' + body + "\n</tbody></table></div>")


def html_paragraphs(paragraphs: list[str]) -> str:
    return "\n".join(f'<p style="text-indent:2em;line-height:1.8">{SPAN.format(p)}</p>' for p in paragraphs)


def html_sections(report: Report, tables: dict[int, str], inline_subheads: bool) -> str:
    parts = []
    s1, s2, s3, s4, s5, s6 = (f"<p><strong>{SPAN.format(t)}</strong></p>" for t in (
        "一、总体情况", TABLE2.title, TABLE3.title, TABLE4.title, "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项"))
    parts.append(s1)
    for section in report.s1:
        if inline_subheads:
            first = f"<strong>{section.heading}。</strong>{section.paragraphs[0]}"
            parts.append(html_paragraphs([first, *section.paragraphs[1:]]))
        else:
            parts.append(f'<p style="text-indent:2em"><strong>{SPAN.format(section.heading)}</strong></p>')
            parts.append(html_paragraphs(section.paragraphs))
    parts += [s2, tables[2], s3, tables[3], s4, tables[4], s5]
    for section in report.s5:
        parts.append(f'<p style="text-indent:2em">{SPAN.format(section.heading)}</p>')
        parts.append(html_paragraphs(section.paragraphs))
    parts += [s6, html_paragraphs(report.s6)]
    return "\n".join(parts)


def html_page(report: Report, head_meta: str, body: str, published: str, site: str) -> str:
    signer = report.signer or report.org
    nav = "".join(f'<li><a href="/{p}/index.html">{t}</a></li>' for p, t in (
        ("index", "首页"), ("zwgk", "政务公开"), ("zwfw", "政务服务"), ("hdjl", "互动交流"), ("zjqs", "走进青石")))
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{head_meta}
<title>{report.title}_政府信息公开年报_{site}</title>
<meta name="SiteName" content="{site}"/>
<meta name="ArticleTitle" content="{report.title}"/>
<meta name="PubDate" content="{published}"/>
<link rel="stylesheet" type="text/css" href="/css/common.css"/>
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script type="text/javascript">var _hmt = _hmt || []; /* 统计代码 */
if (1 < 2) {{ _hmt.push(['_trackPageview']); }}</script>
<style type="text/css">.nav li{{float:left;}} td p{{margin:0}} .bread a{{color:#333}}</style>
</head>
<body>
<div class="top"><div class="wrap"><span>今天是：
<script>document.write(new Date().toLocaleDateString());</script></span>
<a href="javascript:void(0)">无障碍</a> | <a href="/ydb/">移动版</a> | <a href="/search/">站内搜索</a></div></div>
<div class="header"><div class="wrap"><img src="/images/logo.png" alt="{site}"/></div></div>
<div class="nav"><div class="wrap"><ul>{nav}</ul></div></div>
<div class="main"><div class="wrap">
<div class="bread">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="/zwgk/ndbg/">政府信息公开年报</a> &gt; 正文</div>
<div class="xxgk-info"><table class="info-table" width="100%" border="0">
<tr><td class="t">索引号：</td><td>11510000MB0000000X/{published[:4]}-00{report.year % 100}</td>
<td class="t">发布机构：</td><td>{signer}</td></tr>
<tr><td class="t">发文日期：</td><td>{published}</td>
<td class="t">主题分类：</td><td>政府信息公开年报</td></tr>
<tr><td class="t">标　　题：</td><td colspan="3">{report.title}</td></tr>
</table></div>
<div class="article"><div class="art-con">
<div class="article-title"><h1>{report.title}</h1></div>
<div class="article-attr"><span>发布时间：{published} 09:30</span><span>来源：{signer}</span>
<span>字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a>
<a href="javascript:doZoom(14)">小</a></span></div>
<div class="article-content" id="zoom"><div class="TRS_Editor"><div class="TRS_UEDITOR trs_paper_default">
{html_paragraphs(report.intro)}
{body}
<p style="text-align:right">{SPAN.format(signer)}</p>
<p style="text-align:right">{SPAN.format(report.cn_date)}</p>
</div></div></div>
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a>
<a href="javascript:window.close()">【关闭窗口】</a></div>
</div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/zwgk/ndbg/{report.year - 1}.html">
{report.org}{report.year - 1}年政府信息公开工作年度报告</a></li></ul></div>
</div></div>
<div class="footer"><div class="wrap"><p>主办单位：{site}　　承办单位：青石县大数据中心</p>
<p>网站标识码：5100000001　　蜀ICP备00000000号-1　　川公网安备 00000000000000号</p>
<p>联系电话：0000-0000000　　<a href="/sitemap/">网站地图</a></p></div></div>
</body>
</html>
"""


def town_page() -> None:
    """Report A: GBK, meta charset; header typos, split headers, full-width digits, "/" for 规章."""
    report = data.BAIXI_2024
    full = {"t3.new.0", "t3.total.0", "t2_permit.permit.decisions"}

    def number(value: Cell, where: str) -> str:
        if where.startswith("t2_rules.regulation"):
            return "/"
        text = plain_number(value, where)
        return text.translate(FULL_WIDTH) if where in full else text

    look = Look(number, {"本年废止件数": "本年度止件数", "本年制发件数": "本年制发\n件数",
                         "法人或其他组织": "法人或其它组织", "申请人情况": "申请人\n情况",
                         "本年收费金额（单位：万元）": "本年收费金额\n（单位：万元）"})
    tables = {
        2: html_table(table2_grid(report, look), [180, 140, 140, 140], padded=True),
        3: html_table(table3_grid(report.tables["gik_t3"], look), [52, 60, 160, 48, 48, 48, 48, 48, 48, 40]),
        4: html_table(table4_grid(report, look), [40] * 15),
    }
    page = html_page(report, '<meta charset="gbk"/>', html_sections(report, tables, False),
                     "2025-01-21", "青石县人民政府")
    name = "2024-白溪镇-gbk.html"
    (HERE / name).write_bytes(page.encode("gbk"))
    write_expected(HERE / name, expected(report, name, "2021", [
        "GBK bytes, <meta charset=gbk>; site navigation, breadcrumbs, an info table before the report",
        "publication date 2025-01-21 in the page head differs from the signature date 2025-01-20",
        "header typos 本年度止件数 and 法人或其它组织; headers split by <br/>",
        "full-width digits in three cells; '/' in the 规章 row (not published: null)",
        "cells as <td><p><span> with &nbsp; padding in table 二; rowspan/colspan merges",
        "an unnamed sub-section （六）教育培训 inside 一, kept with s1_oversight",
    ], encoding="gbk"))


def county_dept_page() -> None:
    """Report B: UTF-8 declared only by http-equiv; merges flattened; zeros as "-"; spaced labels."""
    report = data.ZIRAN_2023

    def number(value: Cell, where: str) -> str:
        return "-" if value == 0 and where.startswith("t3.") else plain_number(value, where)

    look = Look(number, {"结果维持": "结 果 维 持", "总计": "总 计", "行政规范性文件": "行政规范性 文件",
                         "本年收费金额（单位：万元）": "本年收费金额(单位:万元)"})
    tables = {
        2: html_table(table2_grid(report, look), [150, 150, 150, 150]),
        3: html_table(flattened(table3_grid(report.tables["gik_t3"], look), fill=True), [70] * 3 + [50] * 7),
        4: html_table(flattened(table4_grid(report, look), fill=False), [40] * 15),
    }
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
    page = html_page(report, meta, html_sections(report, tables, True), "2024-01-29", "青石县人民政府")
    name = "2023-自然资源局-utf8.html"
    (HERE / name).write_bytes(page.encode("utf-8"))
    write_expected(HERE / name, expected(report, name, "2021", [
        "UTF-8 declared only as <meta http-equiv=Content-Type content='text/html; charset=utf-8'>",
        "table 三 with every merge undone and the label copied into each covered cell",
        "table 四 with every merge undone and covered cells left blank",
        "zeros of table 三 written as '-'; spaced-out labels 结 果 维 持, 总 计; half-width brackets in a header",
        "sub-section headings inline at the start of their paragraph: （一）主动公开。…",
    ], encoding="utf-8"))


def county_gov_page() -> None:
    """Report C: GB18030 with no meta at all, one character outside GBK; signed by the office."""
    report = data.COUNTY_2024
    look = Look(plain_number, {"第二十条第（一）项": "第二十条第(一)项", "第二十条第（五）项": "第二十条第(五)项"})
    tables = {
        2: html_table(table2_grid(report, look), [200, 130, 130, 130]),
        3: html_table(table3_grid(report.tables["gik_t3"], look), [60, 70, 170] + [46] * 7),
        4: html_table(table4_grid(report, look), [40] * 15),
    }
    page = html_page(report, "", html_sections(report, tables, False), "2025-03-20", "青石县人民政府")
    name = "2024-青石县政府-gb18030.html"
    (HERE / name).write_bytes(page.encode("gb18030"))
    write_expected(HERE / name, expected(report, name, "2021", [
        "GB18030 with no meta charset; 㙟 (U+365F) is outside GBK, so a GBK decoder fails on it",
        "signed by 青石县人民政府办公室, not the body named in the title (signer field)",
        "half-width brackets in table 二's headings: 第二十条第(一)项",
    ], encoding="gb18030"))


# Word and PDF ----------------------------------------------------------------------

def set_font(run, east_asia: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)


def add_par(doc, text: str, font: str = "仿宋_GB2312", size: float = 16, bold: bool = False,
            align: str = "justify", indent: bool = True) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    par = doc.add_paragraph()
    par.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    fmt = par.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    set_font(par.add_run(text), font, size, bold)


def add_grid(doc, grid: Grid, widths_cm: list[float], size: float = 10.5) -> None:
    """A Word table from a grid: merges made with Word's own vertical/horizontal merge."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    table = doc.add_table(rows=grid.height, cols=grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # LibreOffice lays out by the grid columns, Word by the cell widths: set both, as Word saves them.
    for i, column in enumerate(table.columns):
        column.width = Cm(widths_cm[i])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[i])
    for g in grid.cells:
        cell = table.cell(g.row, g.col)
        if g.rowspan > 1 or g.colspan > 1:
            cell = cell.merge(table.cell(g.row + g.rowspan - 1, g.col + g.colspan - 1))
        par = cell.paragraphs[0]
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        lines = g.text.split("\n")
        for i, line in enumerate(lines):
            run = par.add_run(line)
            set_font(run, "黑体" if g.header else "宋体", size, False)
            if i < len(lines) - 1:
                run.add_break()


def word_report(report: Report, grids: dict[int, Grid], t3_size: float = 10.5) -> object:
    import docx
    from docx.shared import Cm

    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    add_par(doc, report.title, "方正小标宋简体", 22, align="center", indent=False)
    add_par(doc, "", indent=False)
    for p in report.intro:
        add_par(doc, p)
    add_par(doc, "一、总体情况", "黑体", 16)
    for section in report.s1:
        add_par(doc, section.heading, "楷体_GB2312", 16, bold=True)
        for p in section.paragraphs:
            add_par(doc, p)
    add_par(doc, TABLE2.title, "黑体", 16)
    add_grid(doc, grids[2], [4.6, 3.6, 3.6, 3.8])
    add_par(doc, TABLE3.title, "黑体", 16)
    add_grid(doc, grids[3], [1.2, 1.5, 4.6] + [1.25] * 7, t3_size)
    add_par(doc, TABLE4.title, "黑体", 16)
    add_grid(doc, grids[4], [1.04] * 15, 9)
    add_par(doc, "五、存在的主要问题及改进情况", "黑体", 16)
    for section in report.s5:
        add_par(doc, section.heading, "楷体_GB2312", 16, bold=True)
        for p in section.paragraphs:
            add_par(doc, p)
    add_par(doc, "六、其他需要报告的事项", "黑体", 16)
    for p in report.s6:
        add_par(doc, p)
    add_par(doc, "", indent=False)
    add_par(doc, report.signer or report.org, align="right", indent=False)
    add_par(doc, report.cn_date, align="right", indent=False)
    return doc


def official_grids(report: Report, look: Look) -> dict[int, Grid]:
    return {2: table2_grid(report, look), 3: table3_grid(report.tables["gik_t3"], look), 4: table4_grid(report, look)}


def table2_grid_2019(blocks: list) -> Grid:
    """Table 二 of the 2019 format: five headings, three figure columns (fewer spanning the rest)."""
    cells: list[GridCell] = []
    row = 0
    for heading, cols, rows in blocks:
        cells.append(GridCell(row, 0, heading, colspan=4, header=True))
        cells.append(GridCell(row + 1, 0, "信息内容", header=True))
        spans = [1] * (len(cols) - 1) + [4 - len(cols)]
        x = 1
        for label, span in zip(cols, spans, strict=True):
            cells.append(GridCell(row + 1, x, label, colspan=span, header=True))
            x += span
        for r, (label, figures) in enumerate(rows):
            cells.append(GridCell(row + 2 + r, 0, label))
            x = 1
            for value, span in zip(figures, spans, strict=True):
                cells.append(GridCell(row + 2 + r, x, plain_number(value, ""), colspan=span))
                x += span
        row += 2 + len(rows)
    return Grid(cells)


def old_format_town() -> None:
    """Report E: the 2019 format in Word and as PDF; table 二 and （六） differ from 2021."""
    from gikxl.spec import Item

    report = data.BAIXI_2020
    values = report.tables["gik_t3"]
    other_row = next(i for i, r in enumerate(T3_ROWS) if r.key == "other_no_amend")
    rows = (*T3_ROWS[:other_row], Item("other", ("三、本年度办理结果", "（六）其他处理")), *T3_ROWS[other_row + 3:])
    values = [*values[:other_row], data.BAIXI_2020_T3_OTHER, *values[other_row + 3:]]
    look = Look(plain_number, {})
    grids = {2: table2_grid_2019(data.BAIXI_2020_T2), 3: table3_grid(values, look, rows),
             4: table4_grid(report, look)}
    name = "2020-白溪镇-2019格式"
    path = HERE / f"{name}.docx"
    word_report(report, grids).save(str(path))
    to_pdf(path)
    published = {
        "t2": [{"heading": h, "columns": list(c), "rows": {label: list(v) for label, v in r}}
               for h, c, r in data.BAIXI_2020_T2],
        "t3_other": data.BAIXI_2020_T3_OTHER,
    }
    unmapped = [
        "t2 第二十条第（一）项: 本年新制作数量/本年新公开数量/对外公开总数量 are not 制发/废止/现行有效: "
        "gik_t2_rules stays blank",
        "t2 上一年项目数量 and 本年增/减 columns: no 2021 cell",
        "t2 其他对外管理服务事项 row: no 2021 row",
        "t2 第二十条第（八）项 has no 本年收费金额: gik_t2_fee stays blank",
        "t2 第二十条第（九）项 政府集中采购: no 2021 block",
        "t3 （六）其他处理 is one row: the three 2021 rows other_no_amend, other_no_fee, other_other stay blank",
    ]
    notes = [
        "the 2019 format: recognise it, map 处理决定数量 to gik_t2_permit/gik_t2_enforce, table 三 rows "
        "一 to （五）, （七）总计 and 四, and table 四; report the rest (unmapped)",
        "report year 2020 is before the 2021 format (outside spec.REPORT_YEARS)",
        "sub-section headings differ from the 2021 names: （四）平台建设, （一）存在问题, （二）改进措施",
        "no 信息处理费 sentence (the 2020 rules on it came later): info_fee null",
    ]
    for suffix in (".docx", ".pdf"):
        write_expected(HERE / f"{name}{suffix}", expected(report, f"{name}{suffix}", "2019", notes,
                                                          published_2019=published, unmapped=unmapped))


def to_pdf(docx_path: Path) -> Path:
    """Word's "save as PDF", done by LibreOffice headless with a private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to make the PDFs"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)],
                       check=True, capture_output=True, timeout=300)
    return docx_path.with_suffix(".pdf")


def word_dept() -> None:
    """Report D: Word file and its PDF; table 三 runs over a page break with no repeated header."""
    report = data.SCJG_2024
    look = Look(plain_number, {"本年制发件数": "本年制发\n件数",
                               "本年收费金额（单位：万元）": "本年收费金额\n（单位：万元）",
                               "社会公益组织": "社会公益\n组织", "法律服务机构": "法律服务\n机构",
                               "结果维持": "结果\n维持", "结果纠正": "结果\n纠正", "其他结果": "其他\n结果",
                               "尚未审结": "尚未\n审结"})
    name = "2024-市场监管局-word"
    path = HERE / f"{name}.docx"
    word_report(report, official_grids(report, look)).save(str(path))
    to_pdf(path)
    notes = [
        "written with python-docx as a clerk's Word file: 仿宋_GB2312/黑体/楷体_GB2312 (absent here: "
        "substituted), uneven column widths, header cells broken over two lines",
        "table 三 starts on one page and continues on the next; its header rows are not repeated",
    ]
    for suffix in (".docx", ".pdf"):
        write_expected(HERE / f"{name}{suffix}", expected(report, f"{name}{suffix}", "2021", notes))


def word_city_long() -> None:
    """Report F: ten pages, for the import benchmark."""
    report = data.CITY_2024
    name = "2024-青石市政府-10页"
    path = HERE / f"{name}.docx"
    word_report(report, official_grids(report, Look(plain_number, {}))).save(str(path))
    pdf = to_pdf(path)
    path.unlink()
    write_expected(pdf, expected(report, pdf.name, "2021", [
        "ten A4 pages of prose around the three tables, for bench/ (import under 1 s in process)",
        "level not stated and not inferable: 青石市 may be a county-level city (level null)",
        "signed by 青石市人民政府办公室; 信息处理费 120 元 stated in 六",
    ]))


# Text copied out of a PDF viewer --------------------------------------------------------

def copied_lines(grid: Grid, break_after: str = "") -> list[str]:
    """A table as a PDF viewer copies it: each cell on its own line, row by row, blank cells gone.

    A label broken in its cell stays broken over two lines. After the row whose label is
    ``break_after``, the page ends: its number, a form feed, and the next page goes on.
    """
    lines: list[str] = []
    for row in range(grid.height):
        cells = sorted((c for c in grid.cells if c.row == row), key=lambda c: c.col)
        for cell in cells:
            lines += [part for part in cell.text.split("\n") if part]
        if break_after and any(c.text == break_after for c in cells):
            lines += ["- 2 -", "\f"]
    return lines


def copied_text() -> None:
    """Report D as text copied from its PDF: one cell a line, a page break inside table 三."""
    report = data.SCJG_2024
    spaced = {label: " ".join(label) for _, label in T4_OUTCOMES if label != "总计"}
    look = Look(plain_number, {"本年制发件数": "本年制发\n件数",
                               "本年收费金额（单位：万元）": "本年收费金额\n（单位：万元）",
                               "四、结转下年度继续办理": "四、结转下年度继\n续办理", **spaced})
    lines = [report.title, "", *report.intro, "一、总体情况"]
    for section in report.s1:
        lines += [section.heading, *section.paragraphs]
    lines += [TABLE2.title, *copied_lines(table2_grid(report, look)), TABLE3.title,
              *copied_lines(table3_grid(report.tables["gik_t3"], look), "4.保护第三方合法权益"),
              TABLE4.title, *copied_lines(table4_grid(report, look)), "五、存在的主要问题及改进情况"]
    for section in report.s5:
        lines += [section.heading, *section.paragraphs]
    lines += ["六、其他需要报告的事项", *report.s6, "", report.signer or report.org, report.cn_date, ""]
    name = "2024-市场监管局-copied.txt"
    (HERE / name).write_text("\n".join(lines).replace("\n\f\n", "\n\f"), encoding="utf-8")
    write_expected(HERE / name, expected(report, name, "2021", [
        "the Word report of 市场监管局 as text copied out of a PDF viewer: one table cell a line",
        "labels broken over two lines (本年制发⏎件数, 四、结转下年度继⏎续办理)",
        "table 四's labels spaced out (结 果 维 持)",
        "a page number and a form feed inside table 三, after 4.保护第三方合法权益",
    ]))


# Checks on the outputs ---------------------------------------------------------------

def pdf_pages(path: Path) -> list[str]:
    """Each page's text as poppler's ``pdftotext -layout`` gives it."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout)[1])
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


def check() -> None:
    """What the corpus promises: text layers, a table over a page break, encodings, consistent figures."""
    for pdf in sorted(HERE.glob("*.pdf")):
        pages = pdf_pages(pdf)
        assert all(len(re.sub(r"\s", "", p)) > 50 for p in pages), f"{pdf.name}: a page without text"
        first = next(i for i, p in enumerate(pages) if "申请人情况" in p)
        last = next(i for i, p in enumerate(pages) if "四、结转下年度继续办理" in p)
        repeated = any("申请人情况" in p for p in pages[first + 1:last + 1])
        print(f"{pdf.name}: {len(pages)} pages with text; table 三 on pages {first + 1}-{last + 1}, "
              f"header repeated: {repeated}")
        assert not repeated
    assert len(pdf_pages(HERE / "2024-青石市政府-10页.pdf")) == 10
    assert len({i for i, p in enumerate(pdf_pages(HERE / "2024-市场监管局-word.pdf")) if "（三）" in p}) > 1
    for page, encoding in (("2024-白溪镇-gbk.html", "gbk"), ("2023-自然资源局-utf8.html", "utf-8"),
                           ("2024-青石县政府-gb18030.html", "gb18030")):
        raw = (HERE / page).read_bytes()
        text = raw.decode(encoding)
        metas = re.findall(r"<meta[^>]*charset[^>]*>", text, re.I)
        print(f"{page}: decodes as {encoding}; charset metas: {metas}")
    try:
        (HERE / "2024-青石县政府-gb18030.html").read_bytes().decode("gbk")
        raise AssertionError("the GB18030 page must hold a character outside GBK")
    except UnicodeDecodeError:
        pass
    for path in sorted(HERE.glob("*.expected.json")):
        content = json.loads(path.read_text(encoding="utf-8"))
        for name, rows in content["tables"].items():
            assert (len(rows), len(rows[0])) == BLOCKS[name.removeprefix("gik_")].shape, (path.name, name)
        t3 = content["tables"]["gik_t3"]
        for row in t3:
            if None not in row:
                assert sum(row[:6]) == row[6], (path.name, row)
        for col in range(7):
            assert t3[0][col] + t3[1][col] == t3[23][col] + t3[24][col], (path.name, col)
        assert (HERE / content["file"]).exists()
    print("checked")


def main() -> None:
    if sys.argv[1:] == ["--check"]:
        check()
        return
    town_page()
    county_dept_page()
    county_gov_page()
    word_dept()
    old_format_town()
    copied_text()
    word_city_long()
    check()


if __name__ == "__main__":
    main()
