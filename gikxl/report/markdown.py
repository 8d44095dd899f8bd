"""The report as Markdown for review: headings, paragraphs and pipe tables.

Merged headers are flattened into their label path (``申请人情况 › 法人或其他组织
› 商业企业``); table 四's single row of fifteen figures is printed as one line
per figure so that it reads in a plain-text diff.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gikxl import spec
from gikxl.report.grid import figure_text

if TYPE_CHECKING:
    from gikxl.report.narrative import Narrative
    from gikxl.workbook.model import AnnualReport

SEP = " › "
#: Characters that mean something inside a line: emphasis, code spans, links, raw HTML,
#: table cells, strikethrough (``~~``) and entity references (``&lt;``, ``&#60;``).
#: A backslash makes each of them literal (CommonMark escapes any ASCII punctuation).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
#: What starts a block when it opens a line: a heading, block quote, list item, setext
#: underline. Fences (``` and ~~~) and HTML blocks are taken care of by _SPECIAL.
_LINE_START = re.compile(r"^[#>+\-=]")
#: An ordered list item ("1. ", "2)", or the number alone): its dot or bracket is escaped,
#: as a backslash before a digit would be shown.
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Text that Markdown shows literally, as one line of a paragraph, heading or table cell:
    no character of it starts a code fence, a list, an HTML block or an entity."""
    # Leading spaces or a tab would make an indented code block; a paragraph ignores them anyway.
    text = _SPECIAL.sub(r"\\\1", text.lstrip(" \t"))
    if _ORDERED.match(text):
        return _ORDERED.sub(r"\1\\\2", text, count=1)
    return "\\" + text if _LINE_START.match(text) else text


def _pipe(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(md_escape(c) if c else " " for c in cells) + " |"

    rule = "| " + " | ".join("---" if i < numeric_from else "---:" for i in range(len(header))) + " |"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def table_markdown(report: AnnualReport, number: int) -> str:
    """One official table as pipe table(s)."""
    table = spec.table_numbered(number)
    if table.stacked:
        parts = []
        for block in table.blocks:
            header = [spec.T2_CONTENT_LABEL, *(SEP.join(c.path) for c in block.cols)]
            rows = [[r.label, *(figure_text(report, block, r.key, c.key) for c in block.cols)] for r in block.rows]
            parts.append(f"**{md_escape(block.heading)}**\n\n{_pipe(header, rows)}")
        return "\n\n".join(parts)
    (block,) = table.blocks
    if not table.has_row_labels:  # 表四: one row → one line per column
        (row,) = block.rows
        rows = [[SEP.join(c.path), figure_text(report, block, row.key, c.key)] for c in block.cols]
        return _pipe(["项目", row.label], rows)
    header = [table.note or "项目", *(SEP.join(c.path) for c in block.cols)]
    rows = [[SEP.join(r.path), *(figure_text(report, block, r.key, c.key) for c in block.cols)] for r in block.rows]
    return _pipe(header, rows)


def render_markdown(report: AnnualReport, narrative: Narrative) -> str:
    """The finished report as Markdown text."""
    out = [f"# {md_escape(''.join(narrative.title))}"]
    marks = {"heading1": "## ", "heading2": "### ", "para": ""}
    for block in narrative.body:
        if block.kind == "table":
            out.append(table_markdown(report, block.table))
        else:
            out.append(marks[block.kind] + md_escape(block.text))
    if narrative.signature:
        out.append("  \n".join(md_escape(line) for line in narrative.signature))
    return "\n\n".join(out) + "\n"
