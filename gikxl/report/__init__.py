"""生成报告: the finished annual report from an :class:`~gikxl.workbook.model.AnnualReport`.

Three formats from one narrative (jinja2 templates an office can replace):
Word laid out after GB/T 9704 (``docx``), a self-contained page for a
government website's CMS (``html``) and Markdown for review (``md``).

- :mod:`~gikxl.report.context` — the figures and sentences the templates use;
- :mod:`~gikxl.report.narrative` — the sandboxed jinja2 narrative
  (``report/templates/``, one template per section);
- :mod:`~gikxl.report.sandbox` — the bounds on time, output and sizes that
  every template (an office's own above all) runs within;
- :mod:`~gikxl.report.grid` — the official tables as cells with spans;
- :mod:`~gikxl.report.docx`, :mod:`~gikxl.report.html`,
  :mod:`~gikxl.report.markdown` — the three renderers;
- :mod:`~gikxl.report.numbers` — figures, amounts and dates as the report
  prints them; :mod:`~gikxl.report.filenames` — the output files' names;
  :mod:`~gikxl.report.rendering` — a narrative (the report's or the 解读's) in each format;
- :mod:`~gikxl.report.highlights` — the headline figures, shares and changes from
  last year that the companions show: :mod:`~gikxl.report.poster` (一图读懂, SVG from
  ``templates/poster.svg.j2`` and PNG through resvg) and :mod:`~gikxl.report.explainer`
  (the 解读, Word or Markdown from ``templates/jiedu*.j2``).

Importing this package is cheap; jinja2, python-docx and the renderers load
on first use.

May import: :mod:`gikxl.spec`, :mod:`gikxl.template` (the table headers),
:mod:`gikxl.workbook.model`, :mod:`gikxl.errors`, :mod:`gikxl.files`,
:mod:`gikxl.text` and :mod:`gikxl.checks.figures` (what the clerk's prose
already states, so that a generated sentence does not say it again);
never the rest of the checks, Excel or the command line.

Example::

    from gikxl.workbook import read_report
    from gikxl.report import write_report
    write_report(read_report("年报.xlsm"), Path("年报.docx"))
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gikxl.report.filenames import (
    EXPLAINER_WORD,
    FORMATS,
    PICTURES,
    POSTER_SUFFIX,
    clean_filename,
    default_report_name,
    is_explainer,
    output_name,
)

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

__all__ = ["EXPLAINER_WORD", "FORMATS", "PICTURES", "POSTER_SUFFIX", "clean_filename", "default_report_name",
           "is_explainer", "office_templates", "output_name", "render", "write_report"]

_SUFFIXES = "、".join(sorted({"." + f for f in FORMATS.values()}))


def render(report: AnnualReport, fmt: str, templates: Path | None = None,
           previous: AnnualReport | None = None, explainer: bool = False) -> bytes:
    """The report in format ``fmt`` (``docx``, ``html`` or ``md``), or its 一图读懂 (``svg``,
    ``png``), or with ``explainer`` its 解读 (``docx``, ``md``), as bytes.

    ``templates`` is a folder of the office's own templates overriding the
    bundled ones file by file; a broken one raises
    :class:`~gikxl.errors.TemplateError`. ``previous`` is last year's report: the
    poster and the 解读 give each figure's change from it.
    """
    from gikxl.errors import OutputError

    fmt = fmt.lower().lstrip(".")
    if fmt not in set(FORMATS.values()):
        raise OutputError(f"不支持的输出格式“{fmt}”：请用 {_SUFFIXES}。")
    if fmt in PICTURES:
        from gikxl.report.poster import render_poster

        return render_poster(report, fmt, previous, templates)
    if explainer:
        from gikxl.report.explainer import FORMATS as EXPLAINER_FORMATS
        from gikxl.report.explainer import render_explainer

        if fmt not in EXPLAINER_FORMATS:
            raise OutputError(f"{EXPLAINER_WORD}只能生成为 .docx 或 .md 文件。")
        return render_explainer(report, fmt, previous, templates)
    from gikxl.report.narrative import build_narrative
    from gikxl.report.rendering import laid_out

    return laid_out(report, build_narrative(report, templates), fmt)


def write_report(report: AnnualReport, path: Path, templates: Path | None = None,
                 previous: AnnualReport | None = None) -> Path:
    """Write the report to ``path`` in the format its suffix names, atomically; returns ``path``.

    A ``.svg`` or ``.png`` is the 一图读懂; a ``.docx`` or ``.md`` whose name holds 解读 is the 解读.

    The whole report is rendered before anything is written, and the file is
    written to a temporary file in the same folder and then renamed, so a
    failure never leaves half a report. A locked or unwritable target raises
    :class:`~gikxl.errors.OutputError`.
    """
    from gikxl.errors import OutputError
    from gikxl.files import write_atomic

    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise OutputError(f"无法识别输出文件“{path.name}”的格式：文件名应以 {_SUFFIXES} 结尾。")
    return write_atomic(path, render(report, fmt, templates, previous, is_explainer(path.name)))


def office_templates(workbook: Path) -> Path | None:
    """The office's own template folder (``报告模板``) next to ``workbook``, if there is one."""
    from gikxl.report.narrative import office_templates as find

    return find(workbook)
