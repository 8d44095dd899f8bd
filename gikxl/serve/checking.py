"""A file to its findings: the one path ``gikxl check`` and the service both take.

A published report's findings are pointed at their place in its file
(:func:`~gikxl.checks.located.located`); a workbook's stay on their cells. The
service answers with exactly what ``gikxl check --json`` prints because both
call :func:`checked`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gikxl.checks.findings import Report
    from gikxl.workbook.model import AnnualReport


@dataclass(frozen=True)
class Checked:
    """A file's report as read, the findings on it, and last year's report it was checked against."""

    report: AnnualReport
    findings: Report
    previous: AnnualReport | None = None


def checked(path: Path, previous: Path | None = None) -> Checked:
    """The workbook or published report at ``path`` and its findings, against last year's file if given."""
    from gikxl.checks.engine import run_checks
    from gikxl.published import PUBLISHED_SUFFIXES, import_report, read_any

    before = read_any(previous) if previous is not None else None
    if path.suffix.lower() in PUBLISHED_SUFFIXES:
        from gikxl.checks.located import located

        imported = import_report(path)
        return Checked(imported.report, located(run_checks(imported.report, before), imported), before)
    report = read_any(path)
    return Checked(report, run_checks(report, before), before)
