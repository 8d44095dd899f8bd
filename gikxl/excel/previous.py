"""从上年报告导入: last year's 结转下年度继续办理 into this year's 上年结转, and its 现行有效件数 beside table 二.

The ribbon's button lets the clerk pick last year's file (a workbook, or the
report as published: Word, PDF, web page, text) and calls
``gikxl.excel.import_previous(r"<path>")``. Only table 三's row 二 and the
reference cells beside table 二 are written; every other cell the clerk typed
stays as it is. A figure last year's report does not give leaves its cell alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gikxl import spec
from gikxl.excel.buttons import _alert, _caller, _entry
from gikxl.template.layout import PREVIOUS_IN_FORCE, block_cell, references

__all__ = ["TITLE_PREVIOUS", "import_previous"]

TITLE_PREVIOUS = "从上年报告导入"


def import_previous(path: str) -> None:
    """Fill the calling workbook's 上年结转 (and last year's 现行有效 reference) from last year's file at ``path``."""
    with _entry(TITLE_PREVIOUS) as run:
        book = run.book = _caller()
        from gikxl.published import read_any
        from gikxl.workbook.carry import carried_over

        last = read_any(path)
        carry = carried_over(last)
        filled = _fill_carried(book, carry.carried)
        shown = _fill_reference(book, carry.in_force)
        _alert(book, _said(Path(path).name, last, carry.carried, carry.in_force, filled, shown, _year_of(book)),
               TITLE_PREVIOUS)


def _fill_carried(book: Any, carried: list[int | None]) -> int:
    """Write each figure read into table 三's row 二 (an input cell); returns how many were written."""
    written = 0
    for col, value in zip(spec.T3_APPLICANT_COLS, carried, strict=True):
        if value is None:
            continue  # not read from last year: what the clerk has there stays
        sheet, cell = block_cell(spec.T3, "carried", col)
        book.sheets[sheet].range(cell).value = value
        written += 1
    return written


def _fill_reference(book: Any, in_force: list[int | None]) -> bool:
    """Write last year's 现行有效件数 into the reference cells; ``False`` when Excel refuses (a locked sheet)."""
    anchor = references()[PREVIOUS_IN_FORCE]
    rng = book.sheets[anchor.sheet].range(f"{anchor.cell()}:{anchor.cell(anchor.shape[0] - 1)}")
    values = [["" if v is None else v] for v in in_force]
    try:
        rng.value = values
        return True
    except Exception:  # noqa: BLE001 - the reference cells are locked on a protected sheet
        pass
    try:
        sheet = book.sheets[anchor.sheet].api
        sheet.Unprotect()  # the template protects without a password
        try:
            rng.value = values
        finally:
            sheet.Protect(AllowFormattingCells=True, AllowFormattingColumns=True, AllowFormattingRows=True)
        return True
    except Exception:  # noqa: BLE001 - not Windows Excel, or a password set by the office
        return False


def _year_of(book: Any) -> Any:
    try:
        return book.names[spec.FIELDS["year"].name].refers_to_range.value
    except Exception:  # noqa: BLE001 - a name the clerk deleted: no year to compare with
        return None


def _said(name: str, last: Any, carried: list[int | None], in_force: list[int | None],
          filled: int, shown: bool, this_year: Any) -> str:
    labels = [spec.T3.col(c).label for c in spec.T3_APPLICANT_COLS]
    about = "，".join(x for x in (last.org, f"{last.year} 年度" if last.year else "") if x)
    lines = [f"已从“{name}”{f'（{about}）' if about else ''}导入："]
    figures = "、".join(f"{label} {v}" for label, v in zip(labels, carried, strict=True) if v is not None)
    if filled:
        total = sum(v for v in carried if v is not None)
        lines.append(f"表三“二、上年结转政府信息公开申请数量”：{figures}，共 {total} 件"
                     "（取上年“四、结转下年度继续办理”）。")
    if filled < len(carried):
        missed = "、".join(label for label, v in zip(labels, carried, strict=True) if v is None)
        lines.append(f"上年报告中未读到“结转下年度继续办理”的{missed}，这些格未改动，请手工填写。")
    rules = [r.label for r in spec.T2_RULES.rows]
    force = "、".join(f"{r} {'未读到' if v is None else v}" for r, v in zip(rules, in_force, strict=True))
    lines.append(f"表二旁“上年现行有效件数”（参考）：{force}。" if shown else
                 f"上年现行有效件数为 {force}，但表二旁的参考格无法写入（工作表受密码保护）。")
    if isinstance(this_year, int | float) and last.year and int(this_year) != last.year + 1:
        lines.append(f"注意：本工作簿的报告年度为 {int(this_year)}，而所选报告是 {last.year} 年度的，"
                     "请确认选对了文件。")
    lines.append("其他内容均未改动。")
    return "\n".join(lines)
