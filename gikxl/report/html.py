"""The report as one self-contained HTML page for a government website's CMS.

Semantic markup only: ``h1`` title, ``h2`` sections, ``h3`` sub-parts, ``p``
paragraphs and the official tables as ``<table>`` with ``rowspan`` /
``colspan`` and a ``thead`` for their header rows. One ``<style>`` in the
head, no scripts, no external resources; every text is escaped.
"""

from __future__ import annotations

from html import escape as _escape_html
from typing import TYPE_CHECKING

from gikxl.report.grid import Cell, Grid, table_grid
from gikxl.text import safe_text

if TYPE_CHECKING:
    from gikxl.report.narrative import Narrative
    from gikxl.workbook.model import AnnualReport

CSS = """
.gikxl-report{max-width:46em;margin:2em auto;padding:0 1em;color:#000;font-size:16px;line-height:1.9;
 font-family:"仿宋_GB2312","仿宋","FangSong","STFangsong","Noto Serif CJK SC",serif}
.gikxl-report h1{margin:0 0 1.2em;font-size:1.6em;font-weight:normal;line-height:1.5;text-align:center;
 font-family:"方正小标宋简体","华文中宋","STZhongsong","宋体","SimSun","Noto Serif CJK SC",serif}
.gikxl-report h2{margin:.6em 0 0;font-size:1em;font-weight:normal;text-indent:2em;
 font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif}
.gikxl-report h3{margin:0;font-size:1em;font-weight:normal;text-indent:2em;
 font-family:"楷体_GB2312","楷体","KaiTi","STKaiti",serif}
.gikxl-report p{margin:0;text-indent:2em;text-align:justify}
.gikxl-report .signature{margin-top:2em}
.gikxl-report .signature p{text-indent:0;text-align:right;padding-right:4em}
.gikxl-report .table-wrap{overflow-x:auto;margin:.5em 0 1em}
.gikxl-report table{border-collapse:collapse;width:100%;font-size:14px;line-height:1.4;
 font-family:"宋体","SimSun","Noto Serif CJK SC",serif}
.gikxl-report th,.gikxl-report td{border:1px solid #000;padding:.3em .35em;text-align:center;
 vertical-align:middle;font-weight:normal}
.gikxl-report th.section{background:#f2f2f2}
.gikxl-report th.corner,.gikxl-report th.label-left{text-align:left}
""".strip()


def escape(text: str) -> str:
    """``text`` for HTML: markup escaped, and control and bidi characters dropped (they could
    reorder or hide what the page shows; see :func:`gikxl.text.safe_text`)."""
    return _escape_html(safe_text(text))


def _cell_html(grid: Grid, cell: Cell) -> str:
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f' rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f' colspan="{cell.colspan}"')
    text = escape(cell.text)
    if cell.kind == "value":
        return f"<td{''.join(attrs)}>{text}</td>"
    scope = {"head": "col", "section": "colgroup", "label": "row"}.get(cell.kind)
    if scope == "col" and cell.colspan > 1:
        scope = "colgroup"
    if scope == "row" and cell.rowspan > 1:
        scope = "rowgroup"
    cls = cell.kind
    if grid.table.nested_row_labels and cell.kind == "label" and cell.rowspan == 1:
        cls = "label-left"
    scope_attr = f' scope="{scope}"' if scope else ""
    return f'<th class="{cls}"{scope_attr}{"".join(attrs)}>{text}</th>'


def table_html(grid: Grid) -> str:
    """One official table as ``<table>`` markup, its header rows in ``<thead>``."""
    out = [f'<div class="table-wrap"><table class="gikxl-table gikxl-t{grid.table.number}" border="1">']

    def rows(first: int, last: int) -> None:
        for r in range(first, last + 1):
            out.append("<tr>" + "".join(_cell_html(grid, c) for c in grid.rows[r]) + "</tr>")

    if grid.header_rows:
        out.append("<thead>")
        rows(0, grid.header_rows - 1)
        out.append("</thead>")
    for first, last in grid.groups or ((grid.header_rows, grid.n_rows - 1),):
        out.append("<tbody>")
        rows(first, last)
        out.append("</tbody>")
    out.append("</table></div>")
    return "\n".join(out)


def render_html(report: AnnualReport, narrative: Narrative) -> str:
    """The finished report as an HTML document (a string)."""
    title = "".join(narrative.title)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="gikxl">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        '<article class="gikxl-report">',
        f"<h1>{'<br>'.join(escape(t) for t in narrative.title)}</h1>",
    ]
    tags = {"heading1": "h2", "heading2": "h3", "para": "p"}
    for block in narrative.body:
        if block.kind == "table":
            out.append(table_html(table_grid(report, block.table)))
        else:
            tag = tags[block.kind]
            out.append(f"<{tag}>{escape(block.text)}</{tag}>")
    if narrative.signature:
        out.append('<div class="signature">' + "".join(f"<p>{escape(line)}</p>" for line in narrative.signature)
                   + "</div>")
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out)
