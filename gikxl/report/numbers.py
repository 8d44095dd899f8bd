"""Chinese conventions for figures and dates in the published report.

Counts are printed in Arabic numerals as published reports do ("47件");
amounts drop trailing zeros ("12.5万元", "0元"); dates are written
"2026年1月20日" without leading zeros.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Self

#: Shown where a figure is missing (only when a report is forced out with errors).
MISSING = "—"


class Blank(str):
    """A figure the workbook left blank, as templates see it: prints as ``—`` and is
    true in an ``if``, so a sentence shows the gap instead of claiming "none"."""

    def __new__(cls) -> Self:
        return super().__new__(cls, MISSING)


BLANK = Blank()


def cn_date(day: dt.date | None) -> str:
    """``2026年1月20日`` for a date; ``""`` when there is none."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def amount(value: Any, places: int = 4) -> str:
    """An amount without trailing zeros: ``12.5``, ``0``, ``1268``; ``—`` when missing.

    ``places`` is the precision kept (4 for 万元, i.e. to the 元; 2 for 元).
    """
    if value is None or isinstance(value, str):
        return MISSING
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def count(value: Any) -> str:
    """A count as printed: ``47``; ``—`` when missing."""
    return MISSING if value is None else str(int(value))


def text_width(text: str) -> float:
    """Width in Chinese characters: ASCII (digits, Latin) counts as half a character."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def wrapped(text: str, width: float, max_lines: int = 3) -> list[str]:
    """``text`` in lines of at most ``width`` Chinese characters (:func:`text_width`), at most
    ``max_lines`` of them; text cut off ends the last line with "…". A picture has no line
    breaking of its own, and a name of any length must still fit its place."""
    lines: list[str] = []
    line, used = "", 0.0
    for ch in text:
        w = 0.5 if ord(ch) < 128 else 1.0
        if used + w > width and line:
            lines.append(line)
            if len(lines) == max_lines:
                return _cut(lines, width)
            line, used = "", 0.0
        line += ch
        used += w
    if line:
        lines.append(line)
    return lines


def _cut(lines: list[str], width: float) -> list[str]:
    last = lines[-1]
    while last and text_width(last) + 1 > width:
        last = last[:-1]
    return [*lines[:-1], last + "…"]
