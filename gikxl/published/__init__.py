"""Reading published reports: Word, PDF, web pages and text, as the body published them.

A stage of its own between :mod:`gikxl.workbook` and :mod:`gikxl.checks`::

    .docx --word-\\
    .pdf  --pdf---\\
    .html --web----> Document (lines of tokens with their Source) --sections/tables--> Imported
    .txt  --text--/
    .doc, .wps --LibreOffice--> .docx --word--> (the same)

- :mod:`~gikxl.published.document` — the readers' common form, sources and bounds.
- :mod:`~gikxl.published.text`, :mod:`~gikxl.published.word`, :mod:`~gikxl.published.web`,
  :mod:`~gikxl.published.pdf` — one reader per kind of file; each imports its library lazily.
- :mod:`~gikxl.published.oldword` — .doc and .wps converted to .docx by LibreOffice, where installed.
- :mod:`~gikxl.published.sections` — title, official sections, sub-sections, signature.
- :mod:`~gikxl.published.tables` — the official tables found by their labels.
- :mod:`~gikxl.published.importer` — all of it into an :class:`Imported`.

May import: :mod:`gikxl.spec`, :mod:`gikxl.errors`, :mod:`gikxl.workbook`. Never checks, report,
Excel or the command line. No language model, no network.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gikxl.errors import UnusableWorkbook
from gikxl.published.kinds import PUBLISHED_KINDS, PUBLISHED_SUFFIXES, WORKBOOK_SUFFIXES

if TYPE_CHECKING:
    from gikxl.published.importer import Imported
    from gikxl.workbook.model import AnnualReport

__all__ = ["PUBLISHED_KINDS", "PUBLISHED_SUFFIXES", "WORKBOOK_SUFFIXES", "import_report", "read_any"]



def import_report(path: str | Path) -> Imported:
    """The published report at ``path``, with the source of every value and the cells not read.

    Raises :class:`~gikxl.errors.UnusablePublished` (exit 2) for a file that cannot be used.
    """
    from gikxl.published.importer import import_report as run

    return run(path)


def read_any(path: str | Path) -> AnnualReport:
    """The report in a workbook (.xlsx, .xlsm) or a published report (.docx, .doc, .wps, .pdf, .html, .htm, .txt)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from gikxl.workbook import read_report

        return read_report(path)
    if suffix in PUBLISHED_SUFFIXES:
        return import_report(path).report
    raise UnusableWorkbook(
        f"“{path.name}”既不是年报工作簿（.xlsx、.xlsm），也不是已发布的年度报告（{PUBLISHED_KINDS}），无法读取。")
