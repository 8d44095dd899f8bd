"""Findings: what a check says about one place, and the report of one check run.

A :class:`Finding` is a typed record with a position (sheet and cell), like a
linter diagnostic; it is the one record every stage of 校验 produces. A
:class:`Report` holds the findings of one run in the order a clerk reads them
and says how many there are; the terminal table, ``--json``, the 校验结果
sheet and the cell marks all take a ``Report``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any, overload

from gikxl import spec

_A1 = re.compile(r"^\$?[A-Z]{1,3}\$?\d{1,7}$")


class Severity(str, Enum):
    """How bad a finding is; the value is the JSON name, :attr:`label` the Chinese one."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NOTE = "note"
    """A reading note on a published report: what the reader could not read there, no fault of the report."""

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示", "note": "读取说明"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2, "note": 3}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem at one place."""

    code: str
    severity: Severity
    sheet: str
    cell: str
    """A1 address, or ``""`` for the workbook as a whole."""
    message: str
    """Chinese: what is wrong and, where known, what the value should be."""
    expected: Any = None
    actual: Any = None
    related: tuple[str, ...] = field(default=())
    """Other cells involved (A1 addresses on the same sheet)."""

    @property
    def place(self) -> str:
        """``'三、依申请公开'!D7`` style reference; a place in a published file as ``四、复议诉讼：第4页 …``."""
        if not self.cell:
            return self.sheet
        return f"'{self.sheet}'!{self.cell}" if _A1.match(self.cell) else f"{self.sheet}：{self.cell}"

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = self.severity.value
        d["related"] = list(self.related)
        return d


def sheet_rank(sheet: str) -> int:
    """Position of ``sheet`` in the workbook; sheets gikxl did not make come last."""
    return spec.SHEET_ORDER.index(sheet) if sheet in spec.SHEET_ORDER else len(spec.SHEET_ORDER)


def cell_rank(cell: str) -> tuple[int, int, str]:
    """An A1 address in reading order: row, then column (``B`` before ``AA``)."""
    col = "".join(ch for ch in cell if ch.isalpha())
    row = int("".join(ch for ch in cell if ch.isdigit()) or 0)
    return row, len(col), col


@dataclass(frozen=True)
class Report(Sequence[Finding]):
    """The findings of one check run: errors first, then in workbook order."""

    findings: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()
    """Reading notes (:attr:`Severity.NOTE`) on a published report, apart from the findings: they
    count as nothing and are shown after them."""

    @classmethod
    def of(cls, findings: Iterable[Finding], notes: Iterable[Finding] = ()) -> Report:
        """A report of ``findings`` in reading order (the input order breaks ties)."""
        return cls(tuple(sorted(findings, key=lambda f: (f.severity.rank, sheet_rank(f.sheet),
                                                         *cell_rank(f.cell), f.code))), tuple(notes))

    # A sequence of findings ------------------------------------------------

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        return self.findings[index]

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    # Counts -----------------------------------------------------------------

    def number_of(self, severity: Severity) -> int:
        """How many findings have ``severity``."""
        return sum(f.severity is severity for f in self.findings)

    @property
    def errors(self) -> int:
        return self.number_of(Severity.ERROR)

    @property
    def has_errors(self) -> bool:
        return self.errors > 0

    @property
    def summary(self) -> str:
        """``共发现 2 个错误、1 个警告`` (plus 提示 when there are any)."""
        text = f"共发现 {self.errors} 个错误、{self.number_of(Severity.WARNING)} 个警告"
        if self.number_of(Severity.INFO):
            text += f"、{self.number_of(Severity.INFO)} 条提示"
        return text

    # Views ------------------------------------------------------------------

    def by_sheet(self) -> list[tuple[str, list[Finding]]]:
        """(sheet, its findings) in workbook order; errors first within a sheet, then by cell."""
        groups: dict[str, list[Finding]] = {}
        for f in sorted(self.findings, key=lambda f: sheet_rank(f.sheet)):
            groups.setdefault(f.sheet, []).append(f)
        return list(groups.items())

    def to_json(self) -> list[dict[str, Any]]:
        """The findings, then the reading notes (severity ``note``), as one list."""
        return [f.to_json() for f in (*self.findings, *self.notes)]
