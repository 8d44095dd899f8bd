"""The kinds of file gikxl reads: published reports and workbooks, by their suffixes."""

from __future__ import annotations

PUBLISHED_SUFFIXES = frozenset({".docx", ".doc", ".wps", ".pdf", ".html", ".htm", ".txt"})
#: The published kinds as a clerk is told them.
PUBLISHED_KINDS = ".docx、.doc、.wps、.pdf、.html、.htm、.txt"
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
