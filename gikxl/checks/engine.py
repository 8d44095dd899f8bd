"""Run every check on an :class:`~gikxl.workbook.model.AnnualReport`.

``run_checks(report, previous=None)`` is the one entry point used by the
command line, the report renderers and the Excel buttons. The checks
themselves live in :mod:`gikxl.checks.rules` (one module per area) and, for the
arithmetic of the tables, in the pandera schemas of :mod:`gikxl.checks.schemas`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from gikxl.checks.findings import Finding, Severity, sort_findings

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

__all__ = ["run_checks", "has_errors", "summary"]


def run_checks(
    report: AnnualReport, previous: AnnualReport | None = None, *, today: dt.date | None = None
) -> list[Finding]:
    """Every finding about ``report`` (and against last year's ``previous``), errors first.

    ``today`` (default: the real date) is the day the plausibility of the
    report year is judged against.
    """
    from gikxl.checks import rules

    rules.load()
    ctx = rules.Context(report, previous, today or dt.date.today())
    findings: list[Finding] = []
    for fn in rules.CHECKS:
        findings.extend(fn(ctx))
    return sort_findings(findings)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def summary(findings: list[Finding]) -> str:
    """``共发现 2 个错误、1 个警告`` (plus 提示 when there are any)."""
    count = {s: sum(f.severity is s for f in findings) for s in Severity}
    text = f"共发现 {count[Severity.ERROR]} 个错误、{count[Severity.WARNING]} 个警告"
    if count[Severity.INFO]:
        text += f"、{count[Severity.INFO]} 条提示"
    return text
