"""Findings: what a check says about one cell, as data.

A :class:`Finding` is a typed record with a position (sheet and cell), like a
linter diagnostic. Every code a finding can carry is a :class:`Rule` in the
:data:`RULES` catalogue — title, severity and documentation live there, once,
and ``gikxl checks`` and ``docs/checks.md`` are generated from it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How bad a finding is; the value is the JSON name, :attr:`label` the Chinese one."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Rule:
    """One entry of the catalogue: a stable code and its documentation."""

    code: str
    """Stable identifier, e.g. ``T3-BALANCE``."""
    name: str
    """Kebab-case name of the problem, e.g. ``requests-unbalanced``."""
    severity: Severity
    title: str
    """Short Chinese title, e.g. ``表三勾稽关系不平衡``."""
    what: str
    """What it checks (Chinese)."""
    why: str
    """Why it matters (Chinese)."""
    example: str
    """A typical case and the fix (Chinese)."""


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
        """``'三、依申请公开'!D7`` style reference."""
        return f"'{self.sheet}'!{self.cell}" if self.cell else self.sheet

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = self.severity.value
        d["related"] = list(self.related)
        return d


#: The catalogue, by code; filled by the rule modules as they are imported.
RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in RULES:
        raise ValueError(f"duplicate rule code {rule.code}")
    RULES[rule.code] = rule
    return rule


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by sheet order of the workbook and cell position."""
    from gikxl.spec import SHEET_ORDER

    def key(f: Finding):
        sheet = SHEET_ORDER.index(f.sheet) if f.sheet in SHEET_ORDER else len(SHEET_ORDER)
        col = "".join(ch for ch in f.cell if ch.isalpha())
        row = int("".join(ch for ch in f.cell if ch.isdigit()) or 0)
        return (f.severity.rank, sheet, row, len(col), col, f.code)

    return sorted(findings, key=key)
