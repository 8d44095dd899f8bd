"""Findings on a published report, pointed at the place in its file instead of a workbook cell."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gikxl.checks.findings import Finding, Report
    from gikxl.published.importer import Imported


@cache
def _keys() -> dict[tuple[str, str], str]:
    """(sheet, A1 address) of every template cell → the key its source is stored under."""
    from gikxl import spec
    from gikxl.template.layout import block_cell, cell_of

    out = {cell_of(f.name): key for key, f in spec.FIELDS.items()}
    for block in spec.BLOCKS.values():
        for r in block.rows:
            for c in block.cols:
                out[block_cell(block, r.key, c.key)] = f"{block.key}.{r.key}.{c.key}"
    return out


def place(imported: Imported, sheet: str, cell: str) -> str:
    """Where the value of a template cell was read in the published file, in Chinese."""
    key = _keys().get((sheet, cell))
    if key is None:
        return cell
    source = imported.sources.get(key)
    if source is None:
        return "原文中未读到"
    snippet = source.snippet if len(source.snippet) <= 24 else source.snippet[:23] + "…"
    return f"{source.place}“{snippet}”"


#: A published report does not state its body's level; its absence is no fault of the report.
_LEVEL_MISSING = "META-LEVEL-MISSING"
#: A blank cell of a published report is a figure the importer did not read: say what stood there.
_BLANK = "CELL-BLANK"


def _not_read(imported: Imported) -> dict[str, str]:
    """Key of every cell the importer did not read → what it found there, in Chinese."""
    return {f"{m.block}.{m.row}.{m.col}": f"{m.name}：原文未读到数字，{m.where}" for m in imported.missing if m.block}


def located(report: Report, imported: Imported) -> Report:
    """``report`` with every finding's cell (and related cells) replaced by its place in the source."""
    from gikxl.checks.findings import Report, Severity

    not_read = _not_read(imported)

    def moved(f: Finding) -> Finding:
        if f.code == _LEVEL_MISSING:
            return dataclasses.replace(
                f, severity=Severity.INFO, cell="",
                message="已发布的报告不写机关层级，从机关名称也无法判断；与层级有关的校验（如发布期限）未做。")
        said = not_read.get(_keys().get((f.sheet, f.cell), "")) if f.code == _BLANK else None
        return dataclasses.replace(
            f, cell=place(imported, f.sheet, f.cell) if f.cell else "", message=said or f.message,
            related=tuple(place(imported, f.sheet, c) for c in f.related))

    return Report.of(moved(f) for f in report)
