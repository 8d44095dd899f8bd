"""Findings on a published report: pointed at the place in its file, and the reader's gaps kept apart.

A published report is read, not typed: a cell the importer could not place, a date the printed
report need not carry, a level no report states are facts about the reading, not faults of the
report. :func:`located` turns each into a reading note (:attr:`Report.notes`, severity 读取说明)
and points every other finding at its page, table, row and column, or its line, with the text
that stood there, instead of at a workbook cell.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING

from gikxl import spec
from gikxl.checks.findings import Finding, Report, Severity

if TYPE_CHECKING:
    from gikxl.published.importer import Imported

#: A published report does not state its body's level.
_LEVEL_MISSING = "META-LEVEL-MISSING"
#: A printed report need not carry its 成文日期: the website dates it.
_DATE_MISSING = "META-DATE-MISSING"
#: Codes that, on a published report, say only that the reader found nothing where it looked.
_NOT_FOUND = frozenset({"CELL-BLANK", "PROSE-SECTION-EMPTY", "PROSE-REQUEST-SECTION-EMPTY", "S6-INFO-FEE-MISSING",
                        "META-ORG-MISSING", "META-YEAR-MISSING", _DATE_MISSING})
#: A "/" printed for "not applicable" (a town makes no 规章): the importer notes it, no fault to find.
_PLACEHOLDER = "CELL-PLACEHOLDER"
_NO_LEVEL = "已发布的报告不写机关层级，从机关名称也无法判断；与层级有关的校验（如发布期限）未做。"
#: A field a report states in the text of a section: a finding on it points at that section.
_SAID_IN = {"info_fee": "s6_other"}
#: The 2021 format's year check, on a report in the 2019 format (an archive, last year's file).
_YEAR_IMPLAUSIBLE = "META-YEAR-IMPLAUSIBLE"
#: The code of a reading note.
NOTE = "READ-NOTE"


@cache
def _keys() -> dict[tuple[str, str], str]:
    """(sheet, A1 address) of every template cell → the key its source is stored under."""
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
    source = imported.sources.get(key) or imported.sources.get(_SAID_IN.get(key, ""))
    if source is None:
        return "原文中未读到"
    said = source.snippet
    if key in spec.FIELDS and spec.FIELDS[key].kind == "prose" and imported.report.prose(key):
        said = " ".join(imported.report.prose(key).split())  # quote the passage, not its first line's scrap
    snippet = said if len(said) <= 24 else said[:23] + "…"
    return f"{source.place}“{snippet}”"


def _not_read(imported: Imported) -> dict[str, str]:
    """Key of every cell and field the importer did not read → where it looked, in Chinese."""
    return {(f"{m.block}.{m.row}.{m.col}" if m.block else m.col): f"未能从原文读出{m.name}：{m.where}"
            for m in imported.missing}


def _note(sheet: str, message: str) -> Finding:
    return Finding(NOTE, Severity.NOTE, sheet, "", message)


def located(report: Report, imported: Imported) -> Report:
    """``report`` with every finding pointed at its place in the source, and the reader's gaps as notes."""
    not_read = _not_read(imported)
    findings: list[Finding] = []
    notes = [_note("", text) for text in imported.notes]
    for f in report:
        key = _keys().get((f.sheet, f.cell), "")
        if f.code == _PLACEHOLDER:
            continue  # said once per row among the importer's notes
        if f.code == _YEAR_IMPLAUSIBLE and imported.format_year < spec.FORMAT_YEAR:
            said = f"按 {imported.format_year} 年旧格式发布的报告：现行格式的校验只做了对得上的部分。"
            notes.append(_note(f.sheet, said))
        elif f.code == _LEVEL_MISSING:
            notes.append(_note(f.sheet, _NO_LEVEL))
        elif f.code == _DATE_MISSING:
            not_read.pop(key, None)
            notes.append(_note(f.sheet, "原文未印成文日期（网上发布的报告以发布日期为准）；与成文日期有关的校验未做。"))
        elif f.code in _NOT_FOUND and key in not_read:
            notes.append(_note(f.sheet, not_read.pop(key)))
        else:
            findings.append(dataclasses.replace(
                f, cell=place(imported, f.sheet, f.cell) if f.cell else "",
                related=tuple(place(imported, f.sheet, c) for c in f.related)))
    # Cells not read that no finding was about (a total, a part of a sum already decided) are noted too.
    notes += [_note("", text) for text in not_read.values()]
    return Report.of(findings, notes)
