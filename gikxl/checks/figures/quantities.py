"""The table quantities prose may restate, each the sum of some cells, and a claim about one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from gikxl import spec

Cell = tuple[str, str, str]
"""A table cell by the (block, row, col) keys of :data:`gikxl.spec.BLOCKS`."""


@dataclass(frozen=True)
class Quantity:
    """A table quantity that prose may restate: the sum of some cells."""

    cells: tuple[Cell, ...]

    def value(self, read: Callable[[str, str, str], Any]) -> int | float | None:
        """The sum of the cells as ``read(block, row, col)`` gives them; ``None`` if one is unknown.

        A blank total whose parts are all filled is their sum.
        """
        values = [_bounds(read, c)[1] for c in self.cells]
        known = [v for v in values if v is not None]
        return sum(known) if len(known) == len(values) else None

    def floor(self, read: Callable[[str, str, str], Any]) -> int | float:
        """What the quantity is at least, a blank being unknown but ≥ 0 (a blank total: its filled parts)."""
        return sum(_bounds(read, c)[0] for c in self.cells)


def _bounds(read: Callable[[str, str, str], Any], cell: Cell) -> tuple[int | float, int | float | None]:
    """A cell's least value and its value (``None``: unknown); a blank total is at least its filled parts."""
    v = read(*cell)
    if v is not None:
        return v, v
    block, row, col = cell
    for t in spec.BLOCKS[block].totals:
        if (t.axis == "row" and t.target == row) or (t.axis == "col" and t.target == col):
            parts = [(block, p, col) if t.axis == "row" else (block, row, p) for p in t.parts]
            bounds = [_bounds(read, p) for p in parts]
            exact = [b for _, b in bounds]
            return (sum(lo for lo, _ in bounds),
                    None if any(b is None for b in exact) else sum(b for b in exact if b is not None))
    return 0, None


@dataclass(frozen=True)
class Share:
    """A percentage prose may restate: ``part`` as a share of ``whole``, in per cent."""

    part: Quantity
    whole: Quantity

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The cells it is computed from."""
        return self.part.cells + self.whole.cells

    def value(self, read: Callable[[str, str, str], Any]) -> float | None:
        """``100 × part / whole``; ``None`` if a cell is empty or the whole is 0."""
        part, whole = self.part.value(read), self.whole.value(read)
        return None if part is None or not whole else 100 * part / whole


def _t4_total(group: str) -> Cell:
    return ("t4", "count", f"{group}_total")


def _t3(rows: Iterable[str], cols: Iterable[str] = ("total",)) -> Quantity:
    cols = tuple(cols)
    return Quantity(tuple(("t3", r, c) for r in rows for c in cols))


def _t4(groups: Iterable[str], outcomes: Iterable[str]) -> Quantity:
    outcomes = tuple(outcomes)
    return Quantity(tuple(("t4", "count", f"{g}_{o}") for g in groups for o in outcomes))


_RESULT_GROUPS = {"（三）": "deny", "（四）": "unable", "（五）": "ignore", "（六）": "other_handling"}
#: The results of table 3 by outcome prose names: the two single rows, and the four groups
#: (不予公开, 无法提供, 不予处理, 其他处理), each the rows under its heading in the spec.
T3_OUTCOMES: dict[str, tuple[str, ...]] = {
    "granted": ("granted",),
    "partial": ("partial",),
    **{key: tuple(r.key for r in spec.T3.rows if len(r.path) == 3 and r.path[1].startswith(numeral))
       for numeral, key in _RESULT_GROUPS.items()},
}
#: The applicants prose names: each column, and 法人或其他组织 (the sum of its five).
T3_APPLICANTS: dict[str, tuple[str, ...]] = {
    "natural": ("natural",), "legal": spec.T3_LEGAL_COLS,
    **{c: (c,) for c in spec.T3_LEGAL_COLS if c != "other"},
}
_CASE_GROUPS = {"review": spec.T4_REVIEW_GROUPS, "suit": spec.T4_SUIT_GROUPS}
_DONE = _t3(("total",))

#: The quantities a claim may name, by key.
QUANTITIES: dict[str, Quantity | Share] = {
    "new": Quantity((("t3", "new", "total"),)),
    "new_and_carried": Quantity((("t3", "new", "total"), ("t3", "carried", "total"))),
    "carried": Quantity((("t3", "carried", "total"),)),
    "carry_next": Quantity((("t3", "carry_next", "total"),)),
    "done": _DONE,
    **{key: _t3(rows) for key, rows in T3_OUTCOMES.items()},
    "granted_and_partial": _t3(("granted", "partial")),
    **{row: _t3((row,)) for rows in T3_OUTCOMES.values() if len(rows) > 1 for row in rows},
    **{f"{key}_share": Share(_t3(rows), _DONE) for key, rows in T3_OUTCOMES.items()},
    "granted_and_partial_share": Share(_t3(("granted", "partial")), _DONE),
    **{f"new_{key}": _t3(("new",), cols) for key, cols in T3_APPLICANTS.items()},
    **{f"new_and_carried_{key}": _t3(("new", "carried"), cols) for key, cols in T3_APPLICANTS.items()},
    **{f"new_{key}_share": Share(_t3(("new",), cols), _t3(("new",))) for key, cols in T3_APPLICANTS.items()},
    **{f"new_and_carried_{key}_share": Share(_t3(("new", "carried"), cols), _t3(("new", "carried")))
       for key, cols in T3_APPLICANTS.items()},
    "review": Quantity(tuple(_t4_total(g) for g in spec.T4_REVIEW_GROUPS)),
    "suit": Quantity(tuple(_t4_total(g) for g in spec.T4_SUIT_GROUPS)),
    **{f"{case}_{o}": _t4(groups, (o,)) for case, groups in _CASE_GROUPS.items() for o in spec.T4_OUTCOME_PARTS},
    **{f"{case}_not_upheld": _t4(groups, [o for o in spec.T4_OUTCOME_PARTS if o != "upheld"])
       for case, groups in _CASE_GROUPS.items()},
    "normative_issued": Quantity((("t2_rules", "normative", "issued"),)),
    "normative_repealed": Quantity((("t2_rules", "normative", "repealed"),)),
    "normative_in_force": Quantity((("t2_rules", "normative", "in_force"),)),
    "regulation_issued": Quantity((("t2_rules", "regulation", "issued"),)),
    "regulation_repealed": Quantity((("t2_rules", "regulation", "repealed"),)),
    "regulation_in_force": Quantity((("t2_rules", "regulation", "in_force"),)),
    "permit": Quantity((("t2_permit", "permit", "decisions"),)),
    "penalty": Quantity((("t2_enforce", "penalty", "decisions"),)),
    "coercion": Quantity((("t2_enforce", "coercion", "decisions"),)),
    "fee_amount": Quantity(((spec.T2_FEE.key, "fee", "amount"),)),
}


@dataclass(frozen=True)
class Claim:
    """A figure the prose states: ``figure`` should equal one of the ``accept`` quantities."""

    text: str
    """The words that state it, as written."""
    figure: int | float
    accept: tuple[str, ...]
    """Keys of :data:`QUANTITIES`; the first is the one a message names."""
    pattern: str
    """The name of the production (:class:`~gikxl.checks.figures.patterns.Pattern`) that read it."""
    decimals: int | None = None
    """For a percentage (“占33.9%”): the decimals written, to which the table's share is rounded;
    ``None`` for a count."""

