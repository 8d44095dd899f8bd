"""Read an open xlwings ``Book`` into raw cell grids, like :mod:`gikxl.workbook.xlsx` reads a file.

Works on any xlwings engine: Excel on Windows (COM) and the remote engine
(``xw.Book(json=...)``). Values are read, and for the blocks with totals
also which cells hold formulas where the engine can tell (Excel on the
desktop). The remote engine cannot, so there every cell has ``formula=None``
and the checks compare totals with the sum of their parts. Dates arrive as datetimes
(the remote engine sends ISO strings, which xlwings converts), numbers as
floats, Excel errors as their text (``#REF!``).

This module imports no xlwings itself: it only calls the ``Book`` it is given.
"""

from __future__ import annotations

import re
from typing import Any

from gikxl import spec
from gikxl.errors import TemplateVersionError, UnusableWorkbook
from gikxl.template.layout import range_addresses
from gikxl.workbook.model import AnnualReport
from gikxl.workbook.parse import ErrorValue, Grid, RawCell, report_from_grids

__all__ = ["grids_from_book", "report_from_book", "sheet_values"]

#: The texts Excel shows for error values; xlwings passes them through with ``err_to_str``.
EXCEL_ERRORS = frozenset(
    ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!",
     "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
)
_ADDRESS = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def report_from_book(book: Any) -> AnnualReport:
    """The report in an open workbook; raises :class:`UnusableWorkbook` when it is not one of ours."""
    return report_from_grids(grids_from_book(book), source=book.name)


def grids_from_book(book: Any) -> dict[str, Grid]:
    """Raw cells of every defined name of the contract, found through ``book.names``."""
    names = _book_names(book)
    _check_template(book, names)
    grids = {}
    for contract in spec.defined_names():
        name = names.get(contract.name.lower())
        if name is None:
            raise UnusableWorkbook(
                f"工作簿“{book.name}”缺少定义名称 {contract.name}（应在工作表“{contract.sheet}”）。"
                "模板可能被改动过，请用 gikxl new 生成新模板，再把数据复制过去。"
            )
        grids[contract.name] = _grid(book, contract, name)
    return grids


def _book_names(book: Any) -> dict[str, Any]:
    """Workbook-scoped names by lower-case name (Excel names are case-insensitive)."""
    out = {}
    for name in book.names:
        text = name.name
        if "!" in text:  # sheet-scoped, e.g. 'Sheet'!Print_Area
            continue
        out[text.lower()] = name
    return out


def _check_template(book: Any, names: dict[str, Any]) -> None:
    """Refuse another template version; the remote engine sends no constant names, which is fine."""
    name = names.get(spec.TEMPLATE_NAME.lower())
    if name is None:
        if not any(n.name.lower() in names for n in spec.defined_names()):
            raise UnusableWorkbook(
                f"工作簿“{book.name}”不是用 gikxl 年报模板制作的（没有模板的定义名称）。"
                "请用 gikxl new 生成模板，再把数据填入或粘贴进去。"
            )
        return
    try:
        refers_to = name.refers_to or ""
    except Exception:  # noqa: BLE001 - a name an engine cannot describe: the cells will tell
        return
    version = refers_to.lstrip("=").strip().strip('"')
    if version and version != spec.TEMPLATE_VERSION:
        raise TemplateVersionError(
            f"工作簿“{book.name}”使用的模板版本是 {version}，本程序需要 {spec.TEMPLATE_VERSION}。"
            "请用 gikxl new 生成新模板，再把数据复制过去。"
        )


def _grid(book: Any, contract: spec.Name, name: Any) -> Grid:
    where = f"工作簿“{book.name}”的定义名称 {contract.name}"
    try:
        rng = name.refers_to_range
        sheet = rng.sheet.name
        address = rng.address
    except Exception:  # noqa: BLE001 - #REF!, a constant, a deleted sheet: all mean the same to a clerk
        raise UnusableWorkbook(
            f"{where}已失效（{_refers_to(name)}）。可能删除或移动过单元格，请用新模板重新填报。"
        ) from None
    m = _ADDRESS.match(address)
    if not m:
        raise UnusableWorkbook(f"{where}指向多个区域（{address}），模板可能被改动过，请用新模板重新填报。")
    addresses = range_addresses(*m.groups())
    rows, cols = len(addresses), len(addresses[0]) if addresses else 0
    if (rows, cols) != contract.shape:
        raise UnusableWorkbook(
            f"{where}范围是 {rows}×{cols}，应为 {contract.shape[0]}×{contract.shape[1]}。"
            "模板可能被改动过，请用新模板重新填报。"
        )
    values = rng.options(ndim=2, err_to_str=True).value
    block = next((b for b in spec.BLOCKS.values() if b.name == contract.name), None)
    flags = formula_flags(rng, contract.shape) if block is not None and block.totals else None
    cells = [[RawCell(_raw(v), formula=flags[i][j] if flags else None) for j, v in enumerate(row)]
             for i, row in enumerate(values)]
    return Grid(sheet, cells, addresses)


def formula_flags(rng: Any, shape: tuple[int, int]) -> list[list[bool]] | None:
    """Which cells of a block hold formulas, where the engine can tell (Excel on the desktop).

    Then a total typed over with a number is reported like the file reader
    reports it; the remote engine cannot read formulas, and gives ``None``.
    """
    try:
        formulas = rng.formula
    except Exception:  # noqa: BLE001 - NotImplementedError on the remote engine, COM trouble elsewhere
        return None
    if isinstance(formulas, str):
        formulas = ((formulas,),)
    rows = [list(row) if isinstance(row, (list, tuple)) else [row] for row in formulas]
    if (len(rows), len(rows[0]) if rows else 0) != shape:
        return None
    return [[isinstance(f, str) and f.startswith("=") for f in row] for row in rows]


def _refers_to(name: Any) -> str:
    try:
        return str(name.refers_to)
    except Exception:  # noqa: BLE001
        return "无法读取"


def _raw(value: Any) -> Any:
    """An xlwings value as the parser expects it: error texts become :class:`ErrorValue`."""
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        return ErrorValue(value.strip())
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def sheet_values(book: Any, sheet_name: str) -> list[list[Any]] | None:
    """All values of a sheet's used range (2-D), or ``None`` when the book has no such sheet."""
    sheet = next((s for s in book.sheets if s.name == sheet_name), None)
    if sheet is None:
        return None
    return sheet.used_range.options(ndim=2).value
