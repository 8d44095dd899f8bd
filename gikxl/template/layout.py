"""Where everything sits in the template workbook, derived from :mod:`gikxl.spec`.

The builder writes these positions and defined names; the reader never uses
them (it follows the defined names), but checks use them to name the cell of
a finding, and tests use them to look at labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from gikxl import spec


@dataclass(frozen=True)
class Anchor:
    """Top-left cell (1-based) of a defined name's range."""

    sheet: str
    row: int
    col: int
    shape: tuple[int, int] = (1, 1)

    def cell(self, i: int = 0, j: int = 0) -> str:
        """A1 address of the cell ``i`` rows and ``j`` columns from the anchor."""
        return f"{column_letter(self.col + j)}{self.row + i}"

    @property
    def ref(self) -> str:
        """Absolute sheet-qualified reference, as a defined name stores it."""
        last = f"${column_letter(self.col + self.shape[1] - 1)}${self.row + self.shape[0] - 1}"
        first = f"${column_letter(self.col)}${self.row}"
        rng = first if self.shape == (1, 1) else f"{first}:{last}"
        return f"'{self.sheet}'!{rng}"


def column_letter(col: int) -> str:
    """``1 → A``, ``27 → AA``."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_index(letters: str) -> int:
    """``A → 1``, ``AA → 27`` (upper-case letters)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def range_addresses(col1: str, row1: str, col2: str | None = None, row2: str | None = None) -> list[list[str]]:
    """A1 addresses, row by row, of the range from ``col1 row1`` to ``col2 row2`` (one cell without them)."""
    c1, r1 = column_index(col1), int(row1)
    c2, r2 = (column_index(col2), int(row2)) if col2 and row2 else (c1, r1)
    return [[f"{column_letter(c)}{r}" for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]


#: Form sheets: title in row 1, one field per row from here on; input in column B.
FORM_FIRST_ROW = 3
FORM_INPUT_COL = 2
#: Official tables: title in row 1, headers from row 2.
TABLE_FIRST_ROW = 2


def header_depth(block: spec.Block) -> int:
    return max(len(c.path) for c in block.cols)


def table2_rows() -> dict[str, int]:
    """Sheet row of each table-2 block's heading; the header follows, then the figures."""
    rows, r = {}, TABLE_FIRST_ROW
    for block in spec.TABLE2.blocks:
        rows[block.key] = r
        r += 2 + len(block.rows)
    return rows


@cache
def anchors() -> dict[str, Anchor]:
    """Defined name → anchor, for every name of the contract."""
    out: dict[str, Anchor] = {}
    for sheet in spec.FORM_SHEETS:
        for i, f in enumerate(sheet.fields):
            out[f.name] = Anchor(sheet.name, FORM_FIRST_ROW + i, FORM_INPUT_COL)
    for key, row in table2_rows().items():
        block = spec.BLOCKS[key]
        out[block.name] = Anchor(spec.TABLE2.sheet, row + 2, 2, block.shape)
    for table in (spec.TABLE3, spec.TABLE4):
        (block,) = table.blocks
        out[block.name] = Anchor(
            table.sheet, TABLE_FIRST_ROW + header_depth(block), table.label_cols + 1, block.shape
        )
    return out


#: Reference cells, not inputs: last year's 现行有效件数 of 规章 and 行政规范性文件, one column
#: right of table 二's first block (a blank column between), for the clerk to compare with.
#: ``gikxl new --previous`` and 从上年报告导入 fill them; no total, check or reader uses them.
PREVIOUS_IN_FORCE = "previous_in_force"
PREVIOUS_IN_FORCE_LABEL = "上年现行有效件数（参考，不必填写，不计入合计）"


@cache
def references() -> dict[str, Anchor]:
    """Key → anchor of the reference cells (no defined name: they are not part of the contract)."""
    first = spec.TABLE2.blocks[0]
    row = table2_rows()[first.key] + 2
    col = 2 + max(len(b.cols) for b in spec.TABLE2.blocks) + 1
    return {PREVIOUS_IN_FORCE: Anchor(spec.TABLE2.sheet, row, col, (len(first.rows), 1))}


def balance_check_row() -> int:
    """Sheet row of the live 勾稽关系 check under table 3 (one blank row below it)."""
    a = anchors()[spec.T3.name]
    return a.row + a.shape[0] + 1


def cell_of(name: str, i: int = 0, j: int = 0) -> tuple[str, str]:
    """(sheet, A1 address) of cell ``i, j`` of a defined name."""
    a = anchors()[name]
    return a.sheet, a.cell(i, j)


def block_cell(block: spec.Block, row: str, col: str) -> tuple[str, str]:
    """(sheet, A1 address) of a table cell given by its row and column keys."""
    i = [r.key for r in block.rows].index(row)
    j = [c.key for c in block.cols].index(col)
    return cell_of(block.name, i, j)
