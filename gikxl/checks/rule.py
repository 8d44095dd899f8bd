"""The rule is the unit of 校验: one object per code.

A :class:`Rule` holds everything about one code: its severity, its Chinese
title and What / Why / Example, its message templates, the function that
detects it and, for the arithmetic of the tables, the invariant pandera checks
for it. A rule is declared by decorating its detector::

    @rule("META-ORG-MISSING", ERROR, "机关名称未填", what=..., why=..., example=...,
          messages={"": "机关名称为空；请填写机关全称"})
    def organisation_missing(ctx: Context, r: Rule) -> Iterator[Finding]:
        if ctx.blank_field("org"):
            yield r.at(field_cell("org"))

The detector's name, in kebab case, is the rule's name (``organisation-missing``):
it states the problem found. Declaring registers the rule in :data:`RULES`, from
which the catalogue (``gikxl checks``, ``docs/checks.md``) and the engine work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gikxl.checks.findings import Finding, Severity

if TYPE_CHECKING:
    from gikxl.checks.context import Context
    from gikxl.checks.invariants import Invariant

Detector = Callable[["Context", "Rule"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One code of the catalogue: its documentation, its messages and its detector."""

    code: str
    """Stable identifier, e.g. ``T3-BALANCE``."""
    severity: Severity
    title: str
    """Short Chinese title, e.g. ``表三勾稽关系不平衡``."""
    what: str
    """What it checks (Chinese)."""
    why: str
    """Why it matters (Chinese)."""
    example: str
    """A typical case and the fix (Chinese)."""
    messages: Mapping[str, str]
    """Message templates (``str.format`` fields) by key; ``""`` is the usual one."""
    detect: Detector
    invariant: Invariant | None = None
    """The invariant of the tables pandera checks for this rule, if any."""

    @property
    def name(self) -> str:
        """Kebab-case name of the problem, from the detector: ``requests-unbalanced``."""
        return self.detect.__name__.replace("_", "-")

    @property
    def source(self) -> str:
        """Where the rule is declared, from the repository root: ``gikxl/checks/rules/meta.py#L40``."""
        code = self.detect.__code__
        return f"{self.detect.__module__.replace('.', '/')}.py#L{code.co_firstlineno}"

    def message(self, key: str = "", /, **values: Any) -> str:
        """The message ``key`` with ``values`` filled in."""
        return self.messages[key].format(**values)

    def at(
        self,
        where: tuple[str, str],
        key: str = "",
        /,
        *,
        expected: Any = None,
        actual: Any = None,
        related: Iterable[str] = (),
        **values: Any,
    ) -> Finding:
        """A finding of this rule at ``where`` = (sheet, A1), with message ``key``.

        The message may use ``{expected}`` and ``{actual}`` besides ``values``.
        """
        sheet, cell = where
        text = self.message(key, expected=_shown(expected), actual=_shown(actual), **values)
        return Finding(self.code, self.severity, sheet, cell, text, expected, actual,
                       tuple(c for c in related if c != cell))

    def findings(self, ctx: Context) -> list[Finding]:
        """Everything this rule finds in ``ctx``."""
        return list(self.detect(ctx, self))


def _shown(value: Any) -> Any:
    """A figure as a clerk writes it (``3``, not ``3.0``); anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


#: The catalogue, by code, in the order the rules were declared.
RULES: dict[str, Rule] = {}


def rule(
    code: str,
    severity: Severity,
    title: str,
    *,
    what: str,
    why: str,
    example: str,
    messages: Mapping[str, str],
    invariant: Invariant | None = None,
) -> Callable[[Detector], Rule]:
    """Declare a rule around its detector and register it (a decorator)."""

    def declare(detect: Detector) -> Rule:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        r = Rule(code, severity, title, what.strip(), why.strip(), example.strip(), messages, detect, invariant)
        RULES[code] = r
        return r

    return declare
