"""The WPS add-in's route: the values of a workbook's ``gik_*`` names in, what to do in the workbook out.

The add-in reads each defined name through WPS's ET API and posts, per name,
what the API gives (``Name.Name``, ``Name.RefersTo``, the range's sheet, address,
``Value2`` and, for the tables with totals, ``Formula``). :class:`PostedBook`
holds that body behind the few members of an xlwings ``Book`` that
:mod:`gikxl.workbook.xlbook` calls, so the very reader and contract that judge a
live Excel workbook judge this one: the same refusals, in the same words.

The answer is :mod:`gikxl.excel.marks`' plan as plain JSON — the cells to give
back their fill, the cells to colour, the hidden marks sheet and the 校验结果
sheet — and the message the Excel button would show. Only those cells and
sheets are named; nothing the clerk typed is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from gikxl import spec
from gikxl.errors import UnusableWorkbook
from gikxl.serve.limits import Refused

__all__ = ["PostedBook", "check_answer", "posted_book"]

#: Names a body may list: the contract's, and as many again of the clerk's own.
MAX_NAMES = 2 * len(spec.defined_names()) + 2
#: Rows of the hidden marks sheet a body may send: one per colourable cell, and its two header rows.
MAX_MARK_ROWS = 4096


# The body as a Book ------------------------------------------------------------

@dataclass(frozen=True)
class _Sheet:
    name: str


class _Range:
    """A posted range: ``Value2`` (and ``Formula``) as the add-in read them."""

    def __init__(self, sheet: str, address: str, values: list[list[Any]], formulas: list[list[Any]] | None) -> None:
        self.sheet = _Sheet(sheet)
        self.address = address
        self.value = values
        self._formulas = formulas

    def options(self, **_: Any) -> _Range:
        return self  # values are always posted as a 2-D list, errors as their text

    @property
    def formula(self) -> list[list[Any]]:
        if self._formulas is None:
            raise NotImplementedError  # the add-in sent none: totals are compared with their parts
        return self._formulas


class _Name:
    def __init__(self, name: str, refers_to: str, rng: _Range | None) -> None:
        self.name = name
        self.refers_to = refers_to
        self._range = rng

    @property
    def refers_to_range(self) -> _Range:
        if self._range is None:
            raise ValueError(self.refers_to)  # a constant or #REF!: the reader words it
        return self._range


@dataclass(frozen=True)
class PostedBook:
    """The members of an xlwings ``Book`` that :func:`gikxl.workbook.xlbook.report_from_book` reads."""

    name: str
    names: tuple[_Name, ...]


def _text(value: Any, what: str, limit: int = 1000) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise Refused(f"加载项发来的内容有误（{what}），请重新安装 WPS 加载项后再试。", 422)
    return value


def _grid(value: Any, what: str) -> list[list[Any]]:
    """A posted ``Value2``: a scalar for one cell, a list of rows for more; cells must be JSON scalars."""
    rows = value if isinstance(value, list) else [[value]]
    rows = [row if isinstance(row, list) else [row] for row in rows]
    if len(rows) > 1000 or any(len(row) > 100 for row in rows) or any(
            v is not None and not isinstance(v, (str, int, float, bool)) for row in rows for v in row):
        raise Refused(f"加载项发来的内容有误（{what} 的单元格值），请重新安装 WPS 加载项后再试。", 422)
    return rows


def _name(item: Any) -> _Name:
    if not isinstance(item, Mapping):
        raise Refused("加载项发来的内容有误（定义名称），请重新安装 WPS 加载项后再试。", 422)
    name = _text(item.get("name"), "定义名称", 255)
    refers_to = _text(item.get("refersTo", ""), f"{name} 的引用")
    if item.get("sheet") is None:
        return _Name(name, refers_to, None)
    formulas = item.get("formula")
    rng = _Range(_text(item.get("sheet"), f"{name} 的工作表", 255), _text(item.get("address"), f"{name} 的地址", 64),
                 _grid(item.get("value2"), name), _grid(formulas, name) if formulas is not None else None)
    return _Name(name, refers_to, rng)


def posted_book(body: Any) -> PostedBook:
    """The posted body as a book, or :class:`Refused` (422) when it is not what the add-in sends."""
    if not isinstance(body, Mapping) or not isinstance(body.get("names"), list):
        raise Refused("加载项发来的内容有误，请重新安装 WPS 加载项后再试。", 422)
    if len(body["names"]) > MAX_NAMES:
        raise UnusableWorkbook(f"工作簿“{str(body.get('name', ''))[:80]}”的定义名称过多，不像年报模板。")
    return PostedBook(_text(body.get("name", "工作簿"), "工作簿名称", 255), tuple(_name(i) for i in body["names"]))


def marks_values(body: Mapping[str, Any]) -> list[list[Any]] | None:
    """The hidden marks sheet's values as posted (``None``: the workbook has none yet)."""
    values = body.get("marks")
    if values is None:
        return None
    rows = _grid(values, "gikxl_marks") if isinstance(values, list) and len(values) <= MAX_MARK_ROWS else None
    if rows is None:
        raise Refused("加载项发来的内容有误（gikxl_marks 工作表），请重新安装 WPS 加载项后再试。", 422)
    return rows


# The answer --------------------------------------------------------------------

def _cells(items: Iterator[tuple[str, str, str | None]]) -> list[dict[str, Any]]:
    return [{"sheet": sheet, "cell": cell, "color": colour} for sheet, cell, colour in items]


def check_answer(body: Mapping[str, Any], when: dt.datetime | None = None) -> dict[str, Any]:
    """What 校验 does to the posted workbook, as the Excel button would do it."""
    from gikxl.checks.engine import run_checks
    from gikxl.excel import marks
    from gikxl.workbook.xlbook import report_from_book

    book = posted_book(body)
    previous = marks.read_marks(marks_values(body))
    findings = run_checks(report_from_book(book))
    plan = marks.plan(findings, previous, None)
    sheet = marks.results_sheet(findings, when or dt.datetime.now())
    return {
        "findings": findings.to_json(),
        "summary": findings.summary,
        "errors": findings.errors,
        "restore": _cells((s.sheet, s.cell, s.restore) for s in plan.restore),
        "paint": _cells((sheet_, cell, colour) for (sheet_, cell), colour in plan.paint.items()),
        "marks": {"sheet": marks.MARKS_SHEET, "values": marks.marks_rows(plan.saved)},
        "results": {
            "sheet": marks.RESULTS_SHEET, "values": sheet.values, "links": sheet.links,
            "levelColours": sheet.level_colours, "firstRow": sheet.first_row,
            "headerRow": marks.RESULTS_HEADER_ROW, "widths": list(marks.RESULTS_WIDTHS),
        },
        "message": marks.alert_text(findings, len(plan.paint)),
    }


def report_answer(body: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
    """生成报告 beside the posted workbook: (HTTP status, answer).

    The folder is the workbook's own, from ``fullName`` — only when that names a
    workbook file that is there — else the clerk's Documents, as the Excel button
    does. With errors and no ``force`` nothing is written (422) and the answer
    carries the question the Excel button asks.
    """
    from pathlib import Path

    from gikxl.checks.engine import run_checks
    from gikxl.excel.buttons import _confirm_text, _done_text, _office_templates, output_folder, write_reports
    from gikxl.published import WORKBOOK_SUFFIXES
    from gikxl.workbook.xlbook import report_from_book

    report = report_from_book(posted_book(body))
    findings = run_checks(report)
    full = body.get("fullName")
    full = full if isinstance(full, str) and len(full) < 4096 and "\x00" not in full else ""
    path = Path(full) if full else None
    if path is None or path.suffix.lower() not in WORKBOOK_SUFFIXES or not path.is_absolute() or not path.is_file():
        full = ""  # not a workbook on this PC's disk: Documents, as for one never saved
    templates = _office_templates(full) if full else None
    if findings.has_errors and body.get("force") is not True:
        return 422, {"errors": findings.errors, "findings": findings.to_json(),
                     "message": _confirm_text(findings.errors, templates), "confirm": True}
    folder, own = output_folder(full)
    written = write_reports(report, folder, templates)
    return 200, {"files": [str(p) for p in written], "folder": str(folder), "errors": findings.errors,
                 "message": _done_text(written, folder, own, findings.errors, templates)}


def _year(book: PostedBook) -> Any:
    """报告年度 as posted (``None`` when the name is missing or not one cell)."""
    wanted = spec.FIELDS["year"].name.lower()
    for name in book.names:
        if name.name.lower() == wanted and name._range is not None and name._range.value:
            return name._range.value[0][0] if name._range.value[0] else None
    return None


def previous_answer(body: Mapping[str, Any], folder: Any) -> dict[str, Any]:
    """从上年报告导入: the cells to write (table 三's 上年结转, the 现行有效 reference beside table 二) and the message.

    The file is the one the clerk picked in WPS's dialog, by its path on this PC:
    it must be a report file that is there (no link, no folder); it is copied
    into the request's folder and read from there, as an upload would be.
    """
    import shutil
    from pathlib import Path

    from gikxl.excel.previous import _said
    from gikxl.published import PUBLISHED_SUFFIXES, WORKBOOK_SUFFIXES, read_any
    from gikxl.serve.limits import check_package, file_bytes, too_large_file
    from gikxl.serve.uploads import stored_name
    from gikxl.template.layout import PREVIOUS_IN_FORCE, block_cell, references
    from gikxl.workbook.carry import carried_over

    book = posted_book(body)
    sent = body.get("previousPath")
    path = Path(sent) if isinstance(sent, str) and 0 < len(sent) < 4096 and "\x00" not in sent else None
    if path is None or not path.is_absolute() or path.suffix.lower() not in WORKBOOK_SUFFIXES | PUBLISHED_SUFFIXES:
        raise Refused("请选择上年的年报工作簿（.xlsm、.xlsx）或已发布的报告（.docx、.pdf、.html、.txt）。", 422)
    if path.is_symlink() or not path.is_file():
        raise Refused(f"找不到文件“{path.name}”，或它不是普通文件（快捷方式、文件夹不能导入）。", 422)
    limit = file_bytes(path.name)
    if path.stat().st_size > limit:
        raise too_large_file(path.name, limit)
    copy = Path(folder) / stored_name(path.name)
    shutil.copyfile(path, copy)
    check_package(copy, path.name)
    last = read_any(copy)
    carry = carried_over(last)
    values = []
    for col, value in zip(spec.T3_APPLICANT_COLS, carry.carried, strict=True):
        if value is not None:  # not read from last year: what the clerk has there stays
            sheet, cell = block_cell(spec.T3, "carried", col)
            values.append({"sheet": sheet, "cell": cell, "value": value})
    anchor = references()[PREVIOUS_IN_FORCE]
    for i, value in enumerate(carry.in_force):
        values.append({"sheet": anchor.sheet, "cell": anchor.cell(i), "value": "" if value is None else value})
    filled = sum(v is not None for v in carry.carried)
    return {"values": values,
            "message": _said(path.name, last, carry.carried, carry.in_force, filled, True, _year(book))}
