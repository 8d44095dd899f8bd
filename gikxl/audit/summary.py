"""The office's view of a batch: one row per file, the counts, and the official tables summed.

Everything the workbook, the dashboard and ``--json`` show is computed here
once, from the workers' :class:`~gikxl.audit.worker.UnitResult` list; the
writers only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gikxl import spec
from gikxl.audit.discover import unit_key
from gikxl.audit.indicators import Thresholds, Value, indicators_of, with_changes
from gikxl.audit.worker import UnitResult
from gikxl.bodies import same_body
from gikxl.checks.findings import Finding, Severity
from gikxl.workbook.model import AnnualReport, table_from_figures

PASSED = "通过"
HAS_ERRORS = "有错误"
UNREADABLE = "无法读取"
DUPLICATE = "重复"
MISSING = "未提交"
#: Statuses in the order the overview counts them.
STATUSES = (PASSED, HAS_ERRORS, UNREADABLE, DUPLICATE, MISSING)
#: How many problems the overview spells out in words.
FIRST_PROBLEMS = 3


@dataclass(frozen=True)
class Row:
    """One line of 审核概况: a file, or an expected unit that sent nothing."""

    status: str
    file: str = ""
    """Relative to the audited folder, ``/``-separated; ``""`` for 未提交."""
    org: str = ""
    level: str = ""
    year: int | None = None
    findings: tuple[Finding, ...] = ()
    problem: str = ""
    """Why the file could not be read, or the note of a 重复 / 未提交 row."""
    previous: str = ""
    notes: tuple[Finding, ...] = ()
    """Reading notes on a published report (what could not be read there), shown apart: they count as nothing."""
    indicators: dict[str, Value] = field(default_factory=dict, hash=False, compare=False)
    """By :data:`~gikxl.audit.indicators.INDICATORS` key (and ``<key>_change`` when paired with
    last year); empty for a file that could not be read or a unit that sent nothing."""

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def first_problems(self) -> str:
        """The problem, or the first findings (errors first) in words."""
        said = [self.problem] if self.problem else []
        said += [f"{f.place}：{f.message}" if f.cell else f.message for f in self.findings[:FIRST_PROBLEMS]]
        if len(self.findings) > FIRST_PROBLEMS:
            said.append(f"……另有 {len(self.findings) - FIRST_PROBLEMS} 条")
        return "；".join(said)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "org": self.org, "level": self.level, "year": self.year, "status": self.status,
            "errors": self.errors, "warnings": self.warnings, "infos": self.count(Severity.INFO),
            "problem": self.problem, "previous": self.previous, "findings": [f.to_json() for f in self.findings],
            "reading_notes": [f.to_json() for f in self.notes],
            "indicators": dict(self.indicators) if self.has_indicators else None,
        }

    @property
    def has_indicators(self) -> bool:
        return bool(self.indicators)


@dataclass(frozen=True)
class TableSum:
    """One official table summed over the units counted, and who was left out and why."""

    table: spec.Table
    counted: tuple[Row, ...]
    left_out: tuple[tuple[Row, str], ...]

    def to_json(self, summed: AnnualReport) -> dict[str, Any]:
        return {
            "table": self.table.title,
            "blocks": {b.key: [[summed.value(b.key, r.key, c.key) for c in b.cols] for r in b.rows]
                       for b in self.table.blocks},
            "counted": [{"file": r.file, "org": r.org} for r in self.counted],
            "left_out": [{"file": r.file, "org": r.org, "reason": why} for r, why in self.left_out],
        }


@dataclass(frozen=True)
class FeeSum:
    """The 信息处理费 summed over the units counted (元; ``None`` when none was), and who was left out
    and why. Not an official table: the county's 一图读懂 prints it beside the tables' sums."""

    value: float | None
    counted: tuple[Row, ...]
    left_out: tuple[tuple[Row, str], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "counted": [{"file": r.file, "org": r.org} for r in self.counted],
            "left_out": [{"file": r.file, "org": r.org, "reason": why} for r, why in self.left_out],
        }


@dataclass(frozen=True)
class CodeCount:
    """How often one rule fired across the batch."""

    code: str
    title: str
    severity: Severity
    findings: int
    units: int


@dataclass
class Audit:
    """The whole batch."""

    folder: str
    rows: list[Row]
    year: int | None
    """The report year most units gave: the year the sums are for."""
    sums: list[TableSum]
    summed: AnnualReport
    """The summed figures, as a report (its fields empty but the year and the 信息处理费), so the official
    layout renders it."""
    codes: list[CodeCount]
    thresholds: Thresholds = field(default_factory=Thresholds)
    made: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    fee: FeeSum = field(default_factory=lambda: FeeSum(None, (), ()))
    """The 信息处理费 summed; also :attr:`summed`'s ``info_fee``."""
    summed_before: AnnualReport | None = None
    """Last year's figures of the same units, summed table by table, for the county poster's changes
    (``--previous-dir``); a table is blank unless every unit counted in it this year was paired with
    last year's report and that report's table is whole. ``None`` when no unit was paired."""

    def number(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def exit_code(self) -> int:
        """0 when every unit passed; 1 when any has errors, is unreadable, doubled or missing."""
        return 0 if all(r.status == PASSED for r in self.rows) else 1

    def mark(self, row: Row) -> str:
        """``"red"``, ``"yellow"`` or ``""``: whether a 纠错率 of the unit is above a threshold."""
        return self.thresholds.mark(row.indicators)

    @property
    def with_indicators(self) -> list[Row]:
        """The rows that have indicators, ranked: highest 公开率 first, unknown last, then by name."""
        rows = [r for r in self.rows if r.has_indicators]
        return sorted(rows, key=lambda r: (r.indicators.get("disclosure_rate") is None,
                                           -(r.indicators.get("disclosure_rate") or 0), r.org or r.file))

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": self.folder, "year": self.year, "made": self.made.isoformat(),
            "counts": {s: self.number(s) for s in STATUSES},
            "thresholds": self.thresholds.to_json(),
            "units": [{**r.to_json(), "mark": self.mark(r) or None} for r in self.rows],
            "codes": [{"code": c.code, "title": c.title, "severity": c.severity.value,
                       "findings": c.findings, "units": c.units} for c in self.codes],
            "tables": [s.to_json(self.summed) for s in self.sums],
            "info_fee": self.fee.to_json(),
        }


# Building ------------------------------------------------------------------------

def _rows(results: Sequence[UnitResult], expected: Sequence[str]) -> list[Row]:
    doubled = Counter((unit_key(r.org), r.year) for r in results if r.readable and unit_key(r.org))
    rows = []
    for r in sorted(results, key=lambda r: r.file):
        if not r.readable:
            status = UNREADABLE
        elif doubled[(unit_key(r.org), r.year)] > 1:
            status = DUPLICATE
        else:
            status = HAS_ERRORS if any(f.severity is Severity.ERROR for f in r.findings) else PASSED
        note = r.problem
        if status == DUPLICATE:
            others = [o.file for o in results if o is not r and o.readable and unit_key(o.org) == unit_key(r.org)
                      and o.year == r.year]
            note = f"同一单位同一年度还有：{'、'.join(others)}；请确认以哪份为准。"
        rows.append(Row(status, r.file, r.org or "", r.level or "", r.year, r.findings, note, r.previous, r.notes,
                        _indicators(r)))
    sent = {unit_key(r.org) for r in results if r.readable} - {""}
    note = "名单中的单位，未找到其报告。"
    if any(not r.readable for r in results):
        note += "另有无法读取的文件，其中可能有该单位的报告。"
    rows += [Row(MISSING, org=name, problem=note) for name in expected if not _sent(unit_key(name), sent)]
    return rows


def _indicators(r: UnitResult) -> dict[str, Value]:
    if not r.readable or not r.figures:
        return {}
    before = indicators_of(r.previous_figures) if r.previous_figures is not None else None
    return with_changes(indicators_of(r.figures), before)


def _sent(key: str, sent: set[str]) -> bool:
    """Whether a unit on the list sent a report, under its name as listed or another spelling of it."""
    return key in sent or any(same_body(key, k) for k in sent)


def _year(rows: Sequence[Row]) -> int | None:
    years = Counter(r.year for r in rows if r.status in (PASSED, HAS_ERRORS, DUPLICATE) and r.year is not None)
    return max(years, key=lambda y: (years[y], y)) if years else None


def _not_summed(row: Row, year: int | None) -> str:
    """Why a row is counted in no sum at all, or ``""``."""
    if row.status in (UNREADABLE, MISSING):
        return {UNREADABLE: "无法读取", MISSING: "未提交"}[row.status]
    if row.status == DUPLICATE:
        return "重复提交，无法确定以哪份为准"
    if row.year != year:
        return f"报告年度为 {row.year if row.year is not None else '空白'}，不是 {year} 年"
    return ""


def _left_out(row: Row, table: spec.Table, figures: dict[str, Any] | None, year: int | None) -> str:
    """Why a row is not counted in ``table``'s sum, or ``""`` when it is."""
    why = _not_summed(row, year)
    if why:
        return why
    errors = sum(f.severity is Severity.ERROR and f.sheet == table.sheet for f in row.findings)
    if errors:
        return f"该表有 {errors} 个错误"
    if figures is None or any(figures[b.key][i][j] is None for b in table.blocks
                              for i, r in enumerate(b.rows) for j, c in enumerate(b.cols)
                              if not b.is_derived(r.key, c.key)):
        return "该表有空白或无法识别的数字"
    return ""


def _sum_blocks(table: spec.Table, counted: list[dict[str, Any]]) -> dict[str, Any]:
    """Each block of ``table`` summed cell by cell over ``counted`` figures (totals recomputed)."""
    frames = {}
    for block in table.blocks:
        cells: dict[tuple[str, str], float | int] = {}
        for i, r in enumerate(block.rows):
            for j, c in enumerate(block.cols):
                if block.is_derived(r.key, c.key):
                    continue
                total = sum(f[block.key][i][j] for f in counted)
                # Amounts in 万元 are written to four places: keep the sum there, not at float noise.
                cells[(r.key, c.key)] = round(total, 4) if block.kind == "money" else int(total)
        frames[block.key] = table_from_figures(block, cells)
    return frames


def _fee_sum(rows: Sequence[Row], fees: dict[str, float | None], year: int | None) -> FeeSum:
    """The 信息处理费 over the units that may be summed and state it (to the 分)."""
    counted, left = [], []
    for row in rows:
        why = _not_summed(row, year) or ("信息处理费未填报" if fees.get(row.file) is None else "")
        if why:
            left.append((row, why))
        else:
            counted.append(row)
    value = round(sum(fees[r.file] or 0.0 for r in counted), 2) if counted else None
    return FeeSum(value, tuple(counted), tuple(left))


def _codes(rows: Sequence[Row]) -> list[CodeCount]:
    from gikxl.checks.rules import load

    catalogue = load()
    found = Counter(f.code for r in rows for f in r.findings)
    units = Counter(code for r in rows for code in {f.code for f in r.findings})
    severity = {f.code: f.severity for r in rows for f in r.findings}
    out = [CodeCount(code, catalogue[code].title if code in catalogue else "", severity[code], n, units[code])
           for code, n in found.items()]
    return sorted(out, key=lambda c: (c.severity.rank, -c.units, -c.findings, c.code))


def build_audit(folder: str, results: Sequence[UnitResult], expected: Sequence[str] = (),
                thresholds: Thresholds | None = None) -> Audit:
    """The batch's rows, statuses, sums and counts from every file's result."""
    rows = _rows(results, expected)
    figures = {r.file: r.figures for r in results if r.readable}
    year = _year(rows)
    sums, frames = [], {}
    for table in spec.TABLES:
        counted, left = [], []
        for row in rows:
            why = _left_out(row, table, figures.get(row.file), year)
            if why:
                left.append((row, why))
            else:
                counted.append(row)
        frames.update(_sum_blocks(table, [figures[r.file] for r in counted]))
        sums.append(TableSum(table, tuple(counted), tuple(left)))
    fee = _fee_sum(rows, {r.file: r.info_fee for r in results if r.readable}, year)
    summed = AnnualReport(fields={"year": year, "info_fee": fee.value}, tables=frames, source="汇总")
    before = _summed_before(sums, {r.file: r.previous_figures for r in results if r.readable}, year)
    return Audit(folder, rows, year, sums, summed, _codes(rows), thresholds or Thresholds(), fee=fee,
                 summed_before=before)


def _summed_before(sums: Sequence[TableSum], previous: dict[str, Any], year: int | None) -> AnnualReport | None:
    """Last year's figures of each table's counted units, summed; a table whose units are not all
    paired, or whose last year has a blank, is left blank, so no change is claimed from part of them."""
    if not any(previous.values()):
        return None
    frames = {}
    for s in sums:
        before = [f for r in s.counted if (f := previous.get(r.file)) is not None and _whole(s.table, f)]
        if before and len(before) == len(s.counted):
            frames.update(_sum_blocks(s.table, before))
        else:
            frames.update({b.key: table_from_figures(b, {}) for b in s.table.blocks})
    last = year - 1 if year is not None else None
    return AnnualReport(fields={"year": last, "info_fee": None}, tables=frames, source="上年汇总")


def _whole(table: spec.Table, figures: dict[str, Any]) -> bool:
    """Whether every figure of ``table`` that is not a total is known in ``figures``."""
    return all(figures[b.key][i][j] is not None for b in table.blocks
               for i, r in enumerate(b.rows) for j, c in enumerate(b.cols) if not b.is_derived(r.key, c.key))
