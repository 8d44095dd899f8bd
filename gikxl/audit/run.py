"""The whole audit: find the files, check them in bounded workers, sum up, write the outputs."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gikxl.audit.discover import OUTPUT_STEM, find_units, read_expected
from gikxl.audit.indicators import Thresholds
from gikxl.audit.pool import BoundedPool, Limits
from gikxl.audit.summary import Audit, build_audit
from gikxl.audit.worker import (
    PreviousFile,
    UnitResult,
    UnitTask,
    check_unit,
    check_units,
    failed_previous,
    failed_unit,
    read_previous,
    setup,
)
from gikxl.errors import GikxlError
from gikxl.text import safe_text

XLSX_NAME = f"{OUTPUT_STEM}.xlsx"
HTML_NAME = f"{OUTPUT_STEM}.html"
#: The county's 一图读懂 (``--picture``), by format.
PICTURE_NAMES = {"svg": "一图读懂.svg", "png": "一图读懂.png"}
#: Files per task to a worker: enough that one pandera validation serves many reports, few
#: enough that the last tasks spread over the workers and a lost chunk costs little.
CHUNK = 32


@dataclass
class Timing:
    """Where an audit's time went (seconds)."""

    wall: float = 0.0
    reading: float = 0.0
    """Summed over the workers (CPU of all processes together)."""
    checking: float = 0.0
    figures: float = 0.0
    """Taking each report's figures for the sums, summed over the workers."""
    writing: float = 0.0
    files: int = 0
    phases: dict[str, float] = field(default_factory=dict)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _tasks(folder: Path) -> list[UnitTask]:
    return [UnitTask(f.path, f.rel, f.refused) for f in find_units(folder)]


def _previous(folder: Path, jobs: int, limits: Limits) -> tuple[PreviousFile, ...]:
    tasks = _tasks(folder)
    pool: BoundedPool[UnitTask, PreviousFile | None] = BoundedPool(
        read_previous, failed_previous, jobs=jobs, limits=limits, chunk=CHUNK)
    return tuple(p for _, p in pool.run(tasks) if p is not None)


def run_audit(
    folder: Path, out_dir: Path, *, previous_dir: Path | None = None, expect: Path | None = None,
    jobs: int | None = None, limits: Limits | None = None,
    progress: Callable[[int, UnitResult], None] | None = None, write: bool = True,
    thresholds: Thresholds | None = None, picture: bool = False,
) -> tuple[Audit, Timing]:
    """Audit every unit report under ``folder`` and write the workbook and dashboard into ``out_dir``;
    with ``picture``, the 一图读懂 of the summed tables too (:data:`PICTURE_NAMES`).

    ``progress(total, result)`` is called as each file finishes. Raises
    :class:`~gikxl.errors.GikxlError` when the folder, the list or the output folder is unusable.
    """
    start = time.perf_counter()
    timing = Timing()
    jobs = jobs or default_jobs()
    limits = limits or Limits()
    expected = read_expected(expect) if expect else []
    tasks = _tasks(folder)
    if not tasks and not expected:
        raise GikxlError(f"文件夹“{safe_text(folder)}”中没有找到年报文件"
                         "（.xlsx、.xlsm、.docx、.doc、.wps、.pdf、.html、.txt）。")
    previous = _previous(previous_dir, jobs, limits) if previous_dir else ()
    timing.phases["previous"] = time.perf_counter() - start
    pool: BoundedPool[UnitTask, UnitResult] = BoundedPool(
        check_unit, failed_unit, jobs=min(jobs, max(1, len(tasks))), limits=limits, setup=setup,
        setup_args=(previous,), many=check_units, chunk=CHUNK)
    results: list[UnitResult] = []
    for _, result in pool.run(tasks):
        results.append(result)
        if progress:
            progress(len(tasks), result)
    timing.phases["checking"] = time.perf_counter() - start - timing.phases["previous"]
    timing.reading = sum(r.read_s for r in results)
    timing.checking = sum(r.check_s for r in results)
    timing.figures = sum(r.figures_s for r in results)
    timing.files = len(results)
    mark = time.perf_counter()
    audit = build_audit(folder.name or str(folder), results, expected, thresholds)
    if write:
        write_outputs(audit, folder, out_dir, picture)
    timing.writing = time.perf_counter() - mark
    timing.wall = time.perf_counter() - start
    return audit, timing


def write_outputs(audit: Audit, folder: Path, out_dir: Path, picture: bool = False) -> list[Path]:
    """Write the workbook, the dashboard and (with ``picture``, when any unit is counted) the poster;
    the paths written."""
    from gikxl.audit.dashboard import render_dashboard
    from gikxl.audit.xlsx import overview_workbook
    from gikxl.files import write_atomic

    if out_dir.exists() and not out_dir.is_dir():
        raise GikxlError(f"输出位置“{safe_text(out_dir)}”不是文件夹。")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GikxlError(f"无法创建输出文件夹“{safe_text(out_dir)}”：{exc.strerror or exc}。") from None
    # Drawn before anything is written: a poster template that fails leaves no half batch of outputs.
    pictures = picture_files(audit) if picture else {}
    paths = [write_atomic(out_dir / XLSX_NAME, overview_workbook(audit, folder, out_dir)),
             write_atomic(out_dir / HTML_NAME, render_dashboard(audit, folder, out_dir).encode("utf-8"))]
    return paths + [write_atomic(out_dir / name, data) for name, data in pictures.items()]


def picture_files(audit: Audit, fallback: str | None = None) -> dict[str, bytes]:
    """The county's 一图读懂 by file name, or nothing when no unit could be counted in any table."""
    from gikxl.audit.poster import county_poster, has_poster

    if not has_poster(audit):
        return {}
    return {PICTURE_NAMES[fmt]: data for fmt, data in county_poster(audit, fallback).items()}
