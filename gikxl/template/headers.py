"""Merged header cells derived from label paths.

The official tables nest their labels (申请人情况 › 法人或其他组织 › 商业企业).
Given the label paths of a table's rows or columns, :func:`spans` returns the
merged cells that lay them out, so the workbook, the Word table and the HTML
table all draw the same official header from the same spec.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """One header cell: ``text`` at nesting ``level`` over items ``first`` .. ``first+count-1``.

    ``depth`` is how many levels the cell covers: a label that is the last of
    a short path stretches to the innermost level.
    """

    text: str
    level: int
    first: int
    count: int
    depth: int


def spans(paths: Sequence[tuple[str, ...]], depth: int | None = None) -> list[Span]:
    """The header cells that draw ``paths`` over ``depth`` levels, outermost level first."""
    depth = depth or max(len(p) for p in paths)
    out: list[Span] = []
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if level >= len(path):
                i += 1
                continue
            if level == len(path) - 1:
                out.append(Span(path[level], level, i, 1, depth - level))
                i += 1
                continue
            j = i + 1
            while j < len(paths) and len(paths[j]) - 1 > level and paths[j][: level + 1] == path[: level + 1]:
                j += 1
            out.append(Span(path[level], level, i, j - i, 1))
            i = j
    return out
