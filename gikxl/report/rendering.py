"""A narrative, the report's or its 解读's, laid out in one of the text formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gikxl.report.narrative import Narrative
    from gikxl.workbook.model import AnnualReport


def laid_out(report: AnnualReport, narrative: Narrative, fmt: str) -> bytes:
    """``narrative`` (the report's or its 解读's) as ``docx``, ``html`` or ``md`` bytes."""
    if fmt == "docx":
        from gikxl.report.docx import render_docx

        return render_docx(report, narrative)
    if fmt == "html":
        from gikxl.report.html import render_html

        return render_html(report, narrative).encode("utf-8")
    from gikxl.report.markdown import render_markdown

    return render_markdown(report, narrative).encode("utf-8")
