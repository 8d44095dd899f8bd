"""The 解读: a short companion text to a report, written from the report's own figures.

It says what the figures of tables 二, 三 and 四 and the 信息处理费 are, what the
shares (公开率, 纠错率) mean and, given last year's report, what changed. Its text
comes from jinja2 templates run in the report's sandbox, from the figures of
:func:`~gikxl.report.highlights.highlights` (the same the 一图读懂 poster draws):

- ``jiedu_title.j2`` — the title lines;
- ``jiedu.j2`` — the body: an opening paragraph, then ``jiedu_active.j2``,
  ``jiedu_requests.j2``, ``jiedu_lawsuits.j2`` and ``jiedu_fee.j2``, and the one
  paragraph naming the figures the tables left blank;
- ``jiedu_macros.j2`` — the phrases the parts share (a figure, its change).

An office's folder of templates (``报告模板``) overrides any of them file by file,
as it does the report's; the output syntax is the narrative's
(:mod:`gikxl.report.narrative`). A figure left blank is never stated: the
templates skip its sentence and name it once among the blanks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from gikxl.report.narrative import Narrative
    from gikxl.workbook.model import AnnualReport

TITLE = "jiedu_title.j2"
BODY = "jiedu.j2"
#: The parts ``jiedu.j2`` includes, and the macros they import.
PARTS = ("jiedu_active.j2", "jiedu_requests.j2", "jiedu_lawsuits.j2", "jiedu_fee.j2", "jiedu_macros.j2")
#: Every template of the 解读.
TEMPLATE_NAMES = (TITLE, BODY, *PARTS)
#: The formats a 解读 is written in.
FORMATS = ("docx", "md")


def explainer_narrative(report: AnnualReport, previous: AnnualReport | None = None,
                        templates: Path | None = None, *, org: str | None = None) -> Narrative:
    """The 解读's text for ``report`` (``previous``: last year's, for the changes).

    ``templates`` is the office's folder overriding the bundled templates; ``org``
    names the body where the report's own 机关名称 does not (see
    :func:`~gikxl.report.highlights.highlights`). A broken template raises
    :class:`~gikxl.errors.TemplateError` naming its file and line.
    """
    from gikxl.report.highlights import highlights
    from gikxl.report.narrative import narrative_of

    return narrative_of(highlights(report, previous, org), templates, TITLE, (BODY,), None)


def render_explainer(report: AnnualReport, fmt: str, previous: AnnualReport | None = None,
                     templates: Path | None = None, *, org: str | None = None) -> bytes:
    """The 解读 in format ``fmt`` (``docx`` or ``md``) as bytes, laid out as the report is."""
    from gikxl.errors import OutputError

    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise OutputError(f"不支持的解读格式“{fmt}”：请用 .docx 或 .md。")
    from gikxl.report.rendering import laid_out

    return laid_out(report, explainer_narrative(report, previous, templates, org=org), fmt)
