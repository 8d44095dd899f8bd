"""Reading any unit's report: a gikxl workbook or a published report, into an AnnualReport.

Stand-in until issue 12's importer lands: its package replaces this module at merge,
with the same interface (:data:`PUBLISHED_SUFFIXES`, :func:`read_any`), so that
``gikxl audit`` reads published .docx/.pdf/.html/.txt reports without a change.
Until then a published report is refused with a plain message.

May import: :mod:`gikxl.spec`, :mod:`gikxl.errors`, :mod:`gikxl.text` and
:mod:`gikxl.workbook`; never the checks, the report, Excel or the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gikxl.errors import UnusableWorkbook
from gikxl.text import safe_text

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

__all__ = ["PUBLISHED_SUFFIXES", "read_any"]

#: Suffixes of published reports (Word, PDF, web page, plain text).
PUBLISHED_SUFFIXES = frozenset({".docx", ".pdf", ".html", ".htm", ".txt"})


def read_any(path: str | Path) -> AnnualReport:
    """The report in ``path``: a workbook through :func:`gikxl.workbook.read_report`;
    a published report raises :class:`~gikxl.errors.UnusableWorkbook` until issue 12's importer lands."""
    from gikxl.workbook import read_report

    path = Path(path)
    if path.suffix.lower() in PUBLISHED_SUFFIXES:
        raise UnusableWorkbook(
            f"“{safe_text(path.name)}”是已发布的报告（{path.suffix.lower()}）：本版本暂不能读取已发布的报告，"
            "请改交 gikxl 工作簿。"
        )
    return read_report(path)
