"""Exceptions that mean "cannot go on" (findings are data, not exceptions).

Each carries a message in Chinese for the clerk and the exit code the command
line returns for it.
"""

from __future__ import annotations


class GikxlError(Exception):
    """Base: a message a clerk can act on, and an exit code."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnusableWorkbook(GikxlError):
    """The file is not a workbook gikxl can read (wrong type, damaged, encrypted, foreign layout)."""


class TemplateVersionError(UnusableWorkbook):
    """The workbook was made by another version of the template."""


class OutputError(GikxlError):
    """An output file could not be written (locked, read-only folder)."""


class TemplateError(GikxlError):
    """An office's own report template is broken."""


class UnusablePublished(GikxlError):
    """A published report (Word, PDF, web page, text) that cannot be read: scanned, encrypted, too big, not a report."""
