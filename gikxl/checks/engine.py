"""Run every rule on an :class:`~gikxl.workbook.model.AnnualReport`.

``run_checks(report, previous=None)`` is the one entry point used by the
command line, the report renderers and the Excel buttons. The rules live in
:mod:`gikxl.checks.rules`, one object per code; the arithmetic of the tables
is validated once, by the pandera schema of every rule's invariant.
``run_checks_many`` does the same for many reports (the audit of a folder),
with one pandera validation for all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gikxl.checks.findings import Report

if TYPE_CHECKING:
    from gikxl.checks.context import Context
    from gikxl.checks.schemas import FailureCases
    from gikxl.workbook.model import AnnualReport

__all__ = ["run_checks", "run_checks_many"]


def run_checks(
    report: AnnualReport, previous: AnnualReport | None = None, *, today: dt.date | None = None
) -> Report:
    """Every finding about ``report`` (and against last year's ``previous``), errors first.

    ``today`` (default: the real date) is the day the plausibility of the
    report year is judged against.
    """
    return _findings(_context(report, previous, today))


def run_checks_many(
    pairs: Sequence[tuple[AnnualReport, AnnualReport | None]], *, today: dt.date | None = None
) -> list[Report]:
    """``[run_checks(report, previous) for report, previous in pairs]``, the same reports,
    with the tables of all reports validated by one pandera call (its cost per call
    dwarfs one report's few hundred figures)."""
    from gikxl.checks.schemas import failure_cases_many

    contexts = [_context(report, previous, today) for report, previous in pairs]
    if not contexts:
        return []
    cases = failure_cases_many([c.report for c in contexts], contexts[0].checks)
    for ctx, found in zip(contexts, cases, strict=True):
        _give_cases(ctx, found)
    return [_findings(ctx) for ctx in contexts]


def _context(report: AnnualReport, previous: AnnualReport | None, today: dt.date | None) -> Context:
    from gikxl.checks.context import Context
    from gikxl.checks.rules import invariants

    return Context(report, previous, today or dt.date.today(), invariants())


def _give_cases(ctx: Context, cases: FailureCases) -> None:
    """Hand ``ctx`` its schema verdict, made for many reports at once, instead of validating alone."""
    ctx.failure_cases = cases


def _findings(ctx: Context) -> Report:
    from gikxl.checks.rules import load

    return Report.of(f for r in load().values() for f in r.findings(ctx))
