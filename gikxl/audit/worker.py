"""What a worker process does with one file: read it through :func:`gikxl.published.read_any`,
pair it with last year's report, run every check, and send back a picklable :class:`UnitResult`.

Files come in chunks (:func:`check_units`): each is read alone, under its own
time bound, and the reports of a chunk are checked together, with one pandera
validation (:func:`gikxl.checks.engine.run_checks_many`), which costs about as
much as validating one. Anything that goes wrong with one file becomes that
file's result, never an exception out of the worker: the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gikxl.audit.discover import unit_key
from gikxl.bodies import same_body
from gikxl.errors import GikxlError
from gikxl.text import safe_text

if TYPE_CHECKING:
    from gikxl.audit.pool import Failure, Mark
    from gikxl.checks.findings import Finding, Report
    from gikxl.published.importer import Imported
    from gikxl.workbook.model import AnnualReport

#: A block's figures as the worker sends them: rows of numbers, ``None`` where unknown.
Figures = tuple[tuple[float | int | None, ...], ...]


@dataclass(frozen=True)
class UnitTask:
    path: Path
    rel: str
    refused: str = ""
    """Why the file is not to be opened at all (a link), or ``""``."""


@dataclass(frozen=True)
class UnitResult:
    """One file's outcome: the unit it is from, its findings and figures, or why it could not be read."""

    file: str
    """Path relative to the audited folder, ``/``-separated."""
    org: str | None = None
    level: str | None = None
    year: int | None = None
    findings: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()
    """Reading notes on a published report: what could not be read there, no fault of the report."""
    figures: dict[str, Figures] = field(default_factory=dict)
    """By block key, totals ``None``; empty when the file could not be read."""
    problem: str = ""
    """Why the file could not be read (Chinese), ``""`` when it was."""
    previous: str = ""
    """Last year's file it was checked against, relative to the previous folder."""
    previous_figures: dict[str, Figures] | None = None
    """Last year's figures, as :attr:`figures`, for the indicators' change; ``None`` when unpaired."""
    info_fee: float | None = None
    """The 信息处理费 (元) the report states, for the county's sum; ``None`` where blank."""
    read_s: float = 0.0
    check_s: float = 0.0
    figures_s: float = 0.0
    """Taking the figures out of the report for the sums."""

    @property
    def readable(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class PreviousFile:
    """Last year's report of a unit, as pairing needs it."""

    key: str
    year: int | None
    path: Path
    rel: str


#: Last year's files by :func:`unit_key`, set once per worker by :func:`setup`.
_PREVIOUS: dict[str, list[PreviousFile]] = {}


def setup(previous: tuple[PreviousFile, ...]) -> None:
    """Give this worker the index of last year's files (pool ``setup``)."""
    _PREVIOUS.clear()
    for p in previous:
        _PREVIOUS.setdefault(p.key, []).append(p)


def pick_previous(key: str, year: int | None) -> PreviousFile | None:
    """Last year's file for a unit: the report of ``year - 1``, else the latest before ``year``.

    Files under the unit's own key come first; only where there are none is the body looked for
    under another spelling of its name (淮安市洪泽区人民政府 for 洪泽区人民政府)."""
    if not key or year is None:
        return None
    files = _PREVIOUS.get(key) or [p for k, ps in _PREVIOUS.items() if same_body(k, key) for p in ps]
    earlier = [p for p in files if p.year is not None and p.year < year]
    return max(earlier, key=lambda p: (p.year == year - 1, p.year, p.rel), default=None)


def figures_of(report: AnnualReport) -> dict[str, Figures]:
    """The typed figures of every block; totals are left ``None`` (the sum recomputes them, and
    each :meth:`~AnnualReport.value` call costs tens of microseconds: a fifth of them saved)."""
    from gikxl import spec

    return {
        key: tuple(tuple(None if block.is_derived(r.key, c.key) else report.value(key, r.key, c.key)
                         for c in block.cols) for r in block.rows)
        for key, block in spec.BLOCKS.items()
    }


def _internal(exc: BaseException) -> str:
    return f"读取或校验时程序内部出错（{type(exc).__name__}），已跳过该文件；请把该文件发给技术支持人员。"


def check_unit(task: UnitTask) -> UnitResult:
    """Read, pair and check one file; every failure is the result's ``problem``."""
    return check_units([task], _unmarked)[0]


def _unmarked(at: int | None) -> None:
    """A :data:`~gikxl.audit.pool.Mark` for a batch that runs outside the pool."""


@dataclass
class _Read:
    """A file read and paired, waiting for its checks."""

    task: UnitTask
    report: AnnualReport
    previous: AnnualReport | None
    prev: PreviousFile | None
    read_s: float
    imported: Imported | None = None
    """The import of a published report, whose findings point into its file."""


def check_units(tasks: Sequence[UnitTask], mark: Mark) -> list[UnitResult]:
    """:func:`check_unit` of every task, the files read one by one (each marked, so that the pool
    bounds each file's time) and checked together: one pandera validation for all of them."""
    done: list[UnitResult | _Read] = []
    for i, task in enumerate(tasks):
        mark(i)
        done.append(_read(task))
    mark(None)
    read = [r for r in done if isinstance(r, _Read)]
    checked = dict(zip((id(r) for r in read), _checked(read), strict=True))
    return [checked[id(r)] if isinstance(r, _Read) else r for r in done]


def _read(task: UnitTask) -> UnitResult | _Read:
    """The file read and paired with last year's, or its row when it cannot be read."""
    if task.refused:
        return UnitResult(task.rel, problem=task.refused)
    from gikxl.published import PUBLISHED_SUFFIXES, import_report, read_any

    start = time.perf_counter()
    imported = None
    try:
        if task.path.suffix.lower() in PUBLISHED_SUFFIXES:
            imported = import_report(task.path)
            report = imported.report
        else:
            report = read_any(task.path)
    except GikxlError as exc:
        return UnitResult(task.rel, problem=safe_text(exc.message), read_s=time.perf_counter() - start)
    except MemoryError:  # the pool retires this worker
        raise
    except Exception as exc:  # noqa: BLE001 - one file's bug must not stop the batch
        return UnitResult(task.rel, problem=_internal(exc), read_s=time.perf_counter() - start)
    prev = pick_previous(unit_key(report.org), report.year)
    previous = None
    if prev is not None:
        try:
            previous = read_any(prev.path)
        except MemoryError:  # the pool retires this worker
            raise
        except Exception:  # noqa: BLE001 - last year's file is unusable: check this year's alone
            prev, previous = None, None
    return _Read(task, report, previous, prev, time.perf_counter() - start, imported)


def _checked(read: Sequence[_Read]) -> list[UnitResult]:
    """The results of files read: all checked at once; should that fail, each alone, so that
    one report that trips the checks is its own row and the others are checked as usual."""
    from gikxl.checks.engine import run_checks, run_checks_many

    if not read:
        return []
    start = time.perf_counter()
    try:
        found: list[Report | BaseException] = list(run_checks_many([(r.report, r.previous) for r in read]))
    except MemoryError:  # the pool retires this worker
        raise
    except Exception:  # noqa: BLE001 - find which report it is: check each alone
        found = []
        for r in read:
            try:
                found.append(run_checks(r.report, r.previous))
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 - as above
                found.append(exc)
    check_s = (time.perf_counter() - start) / len(read)  # the shared validation, spread evenly
    return [_result(r, f, check_s) for r, f in zip(read, found, strict=True)]


def _result(r: _Read, found: Report | BaseException, check_s: float) -> UnitResult:
    report, rel = r.report, r.task.rel
    if isinstance(found, BaseException):
        return UnitResult(rel, report.org, report.level, report.year, problem=_internal(found), read_s=r.read_s)
    if r.imported is not None:
        from gikxl.checks.located import located

        found = located(found, r.imported)
    start = time.perf_counter()
    figures = figures_of(report)
    return UnitResult(
        rel, report.org, report.level, report.year, tuple(found), found.notes, figures,
        previous=r.prev.rel if r.prev else "",
        previous_figures=figures_of(r.previous) if r.previous is not None else None,
        info_fee=_fee(report), read_s=r.read_s, check_s=check_s, figures_s=time.perf_counter() - start,
    )


def _fee(report: AnnualReport) -> float | None:
    fee = report.fields.get("info_fee")
    return float(fee) if isinstance(fee, int | float) and not isinstance(fee, bool) else None


def failed_unit(task: UnitTask, failure: Failure) -> UnitResult:
    """The row of a file whose worker timed out, ran out of memory or died."""
    if failure.kind == "timeout":
        problem = f"读取和校验超过 {failure.detail} 秒仍未完成，已跳过（文件可能过大或已损坏）。"
    elif failure.kind == "memory":
        problem = "读取时超出内存上限，已跳过（文件可能过大或已损坏）。"
    else:
        problem = "读取时处理进程意外退出，已跳过（文件可能已损坏）。"
    return UnitResult(task.rel, problem=problem)


def read_previous(task: UnitTask) -> PreviousFile | None:
    """Last year's file with its unit and year, or None when it cannot be read."""
    if task.refused:
        return None
    from gikxl.published import read_any

    try:
        report = read_any(task.path)
    except MemoryError:  # the pool retires this worker
        raise
    except Exception:  # noqa: BLE001 - an unusable file is simply not paired
        return None
    key = unit_key(report.org)
    return PreviousFile(key, report.year, task.path, task.rel) if key else None


def failed_previous(task: UnitTask, failure: Failure) -> PreviousFile | None:
    return None
