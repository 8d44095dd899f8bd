"""The readers' types: what a source yields per defined name.

Every source (an .xlsx/.xlsm file, an xlwings ``Book``) yields, for each
defined name of the contract, a :class:`Grid` of :class:`RawCell` — the cells
as the source holds them, before :mod:`gikxl.workbook.parse` decides what
they mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErrorValue:
    """An Excel error value such as ``#REF!``."""

    text: str

    def __str__(self) -> str:
        return self.text


#: Floats hold every whole number below 2**53 exactly; beyond, a whole float
#: is no count anyone typed (``1E+308`` would become a 309-digit int).
EXACT_WHOLE = 2**53


def plain_number(value: float) -> int | float:
    """A number as the readers hand it on: a whole float held exactly becomes an int."""
    return int(value) if value.is_integer() and abs(value) < EXACT_WHOLE else value


#: A formula whose result was never stored (a file written by a program that
#: does not calculate): the figure the clerk sees in Excel is not in the file.
NOT_CALCULATED = ErrorValue("#公式未计算")


@dataclass(frozen=True)
class RawCell:
    """One cell as a source holds it."""

    value: Any
    """``None``, str, int/float, bool, datetime or :class:`ErrorValue`."""
    formula: bool | None = False
    """Whether the cell holds a formula; ``None`` when the source cannot tell."""


@dataclass(frozen=True)
class Grid:
    """The cells of one defined name, with where they are."""

    sheet: str
    cells: Sequence[Sequence[RawCell]]
    addresses: Sequence[Sequence[str]]
