"""Run every rule on an :class:`~gikxl.workbook.model.AnnualReport`.

``run_checks(report, previous=None)`` is the one entry point used by the
command line, the report renderers and the Excel buttons. The rules live in
:mod:`gikxl.checks.rules`, one object per code; the arithmetic of the tables
is validated once, by the pandera schema of every rule's invariant.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from gikxl.checks.findings import Report

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

__all__ = ["run_checks"]


def run_checks(
    report: AnnualReport, previous: AnnualReport | None = None, *, today: dt.date | None = None
) -> Report:
    """Every finding about ``report`` (and against last year's ``previous``), errors first.

    ``today`` (default: the real date) is the day the plausibility of the
    report year is judged against.
    """
    from gikxl.checks.context import Context
    from gikxl.checks.rules import invariants, load

    ctx = Context(report, previous, today or dt.date.today(), invariants())
    return Report.of(f for r in load().values() for f in r.findings(ctx))
