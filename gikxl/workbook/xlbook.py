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

from typing import Any

from gikxl import spec
from gikxl.workbook import contract
from gikxl.workbook.model import AnnualReport
from gikxl.workbook.parse import report_from_grids
from gikxl.workbook.raw import ErrorValue, Grid, RawCell, plain_number

__all__ = ["grids_from_book", "report_from_book", "sheet_values"]

#: The texts Excel shows for error values; xlwings passes them through with ``err_to_str``.
EXCEL_ERRORS = frozenset(
    ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!",
     "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
)


def report_from_book(book: Any) -> AnnualReport:
    """The report in an open workbook; raises :class:`UnusableWorkbook` when it is not one of ours."""
    return report_from_grids(grids_from_book(book), source=book.name)


def grids_from_book(book: Any) -> dict[str, Grid]:
    """Raw cells of every defined name of the contract, found through ``book.names``."""
    source = contract.Source.book(book.name)
    names = _book_names(book)
    _check_template(source, names)
    # An optional name an older template lacks is left out; the model reads it as blank.
    return {n.name: _grid(source, n, names.get(n.name.lower())) for n in spec.defined_names()
            if not (n.optional and n.name.lower() not in names)}


def _book_names(book: Any) -> dict[str, Any]:
    """Workbook-scoped names by lower-case name (Excel names are case-insensitive)."""
    out = {}
    for name in book.names:
        text = name.name
        if "!" in text:  # sheet-scoped, e.g. 'Sheet'!Print_Area
            continue
        out[text.lower()] = name
    return out


def _check_template(source: contract.Source, names: dict[str, Any]) -> None:
    """Return unless the book holds another template version or none of the names.

    The remote engine sends no constant names, so a missing marker only
    counts when the contract's range names are missing too; a marker an
    engine cannot describe is let pass, and the cells will tell.
    """
    name = names.get(spec.TEMPLATE_NAME.lower())
    if name is None:
        if not any(n.name.lower() in names for n in spec.defined_names()):
            contract.check_template(source, None)
        return
    try:
        refers_to = name.refers_to or ""
    except Exception:  # noqa: BLE001 - a name an engine cannot describe: the cells will tell
        return
    version = refers_to.lstrip("=").strip().strip('"')
    if version:
        contract.check_template(source, version)


def _grid(source: contract.Source, wanted: spec.Name, name: Any | None) -> Grid:
    """The cells of ``wanted``, found through the book's ``name`` (``None`` when the book lacks it)."""
    if name is None:
        raise contract.name_error(source, wanted, contract.Failure.MISSING)
    try:
        rng = name.refers_to_range
        sheet = rng.sheet.name
        address = rng.address
    except Exception:  # noqa: BLE001 - #REF!, a constant, a deleted sheet: all mean the same to a clerk
        raise contract.name_error(source, wanted, contract.Failure.BROKEN, _refers_to(name)) from None
    addresses = contract.name_addresses(source, wanted, address)
    values = rng.options(ndim=2, err_to_str=True).value
    block = spec.BLOCKS_BY_NAME.get(wanted.name)
    flags = formula_flags(rng, wanted.shape) if block is not None and block.totals else None
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
    if isinstance(value, float):
        return plain_number(value)
    return value


def sheet_values(book: Any, sheet_name: str) -> list[list[Any]] | None:
    """All values of a sheet's used range (2-D), or ``None`` when the book has no such sheet."""
    sheet = next((s for s in book.sheets if s.name == sheet_name), None)
    if sheet is None:
        return None
    return sheet.used_range.options(ndim=2).value
