"""The defined-name contract both readers validate, and its messages.

A workbook is ours when it carries the template marker of this version and
every defined name of :func:`gikxl.spec.defined_names` points at one range
of the name's shape; an optional name (:data:`gikxl.spec.OPTIONAL_NAMES`,
added since the version was set) may be missing, and then reads as blank,
but one that is there must be sound. The readers find the names (in the package XML, or
through a live ``Book``); this module judges what they found and words the
refusal. Messages name the source as the clerk knows it: a file read from
disk is 文件“x”, an open workbook 工作簿“x”.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from gikxl import spec
from gikxl.errors import TemplateVersionError, UnusableWorkbook
from gikxl.template.layout import column_index, range_addresses

__all__ = ["A1_RANGE", "Failure", "Source", "check_template", "name_addresses", "name_error"]

#: One range in A1 notation, absolute or not: ``$B$4:$H$28`` or ``B4``.
A1_RANGE = r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"
_A1 = re.compile(f"^{A1_RANGE}$")
_REDO = "模板可能被改动过，请用新模板重新填报。"


@dataclass(frozen=True)
class Source:
    """A workbook as the messages name it, with the wording that differs by reader."""

    where: str
    """``文件“x”`` or ``工作簿“x”``: how every message begins."""
    not_ours: str
    """What shows the workbook is not ours, as the reader can tell."""
    renew: str
    """The advice when a defined name is missing."""

    @classmethod
    def file(cls, name: str) -> Source:
        """A workbook file read from disk, named by its file name."""
        return cls(f"文件“{name}”", "工作簿（缺少模板标记）", "请用 gikxl new 生成新模板。")

    @classmethod
    def book(cls, name: str) -> Source:
        """A workbook open in Excel; it is refused only when it holds none of the names."""
        return cls(
            f"工作簿“{name}”", "（没有模板的定义名称）", "请用 gikxl new 生成新模板，再把数据复制过去。"
        )


class Failure(enum.Enum):
    """Why a reader found no usable range for a defined name."""

    MISSING = "missing"
    """The workbook has no such name."""
    BROKEN = "broken"
    """The name holds ``#REF!``, a constant or something unreadable."""
    NO_SHEET = "no_sheet"
    """The name points at a sheet the workbook does not have."""
    AREAS = "areas"
    """The name points at several areas."""


def check_template(source: Source, version: str | None) -> None:
    """Return when ``version`` (the template marker's text, ``None`` without
    one) is this program's; raise :class:`UnusableWorkbook` otherwise
    (:class:`TemplateVersionError` for another version)."""
    if version is None:
        raise UnusableWorkbook(
            f"{source.where}不是用 gikxl 年报模板制作的{source.not_ours}。"
            "请用 gikxl new 生成模板，再把数据填入或粘贴进去。"
        )
    if version != spec.TEMPLATE_VERSION:
        raise TemplateVersionError(
            f"{source.where}使用的模板版本是 {version}，本程序需要 {spec.TEMPLATE_VERSION}。"
            "请用 gikxl new 生成新模板，再把数据复制过去。"
        )


def name_error(source: Source, name: spec.Name, failure: Failure, shown: str = "") -> UnusableWorkbook:
    """The error to raise for ``name``; ``shown`` is what the workbook holds
    instead (the reference text, the sheet named, the areas)."""
    where = _of(source, name)
    messages = {
        Failure.MISSING: f"{source.where}缺少定义名称 {name.name}（应在工作表“{name.sheet}”）。"
                         f"模板可能被改动过，{source.renew}",
        Failure.BROKEN: f"{where} 已失效（{shown}）。可能删除或移动过单元格，请用新模板重新填报。",
        Failure.NO_SHEET: f"{source.where}缺少工作表“{shown}”（定义名称 {name.name} 指向它）。",
        Failure.AREAS: f"{where} 指向多个区域（{shown}），{_REDO}",
    }
    return UnusableWorkbook(messages[failure])


def name_addresses(source: Source, name: spec.Name, a1: str) -> list[list[str]]:
    """The A1 addresses, row by row, of the range ``a1`` that ``name`` points at.

    Raises :class:`UnusableWorkbook` when ``a1`` is not one range of the
    name's shape. The shape is taken from the corners first: a name stretched
    over a whole sheet would otherwise build billions of addresses.
    """
    m = _A1.match(a1)
    if not m:
        raise name_error(source, name, Failure.AREAS, a1)
    rows, cols = _shape(*m.groups())
    if (rows, cols) != name.shape:
        raise UnusableWorkbook(
            f"{_of(source, name)} 范围是 {rows}×{cols}，"
            f"应为 {name.shape[0]}×{name.shape[1]}。{_REDO}"
        )
    return range_addresses(*m.groups())


def _of(source: Source, name: spec.Name) -> str:
    """``文件“x”的定义名称 gik_t3``: the subject of most messages."""
    return f"{source.where}的定义名称 {name.name}"


def _shape(col1: str, row1: str, col2: str | None, row2: str | None) -> tuple[int, int]:
    """(rows, cols) of a range from its corners, as counting its addresses would give."""
    if col2 is None or row2 is None:
        return 1, 1
    rows = max(int(row2) - int(row1) + 1, 0)
    cols = max(column_index(col2) - column_index(col1) + 1, 0)
    # A range with no rows has no cells to count columns in.
    return (rows, cols) if rows else (0, 0)
