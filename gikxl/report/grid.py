"""The official tables as grids of merged cells, shared by the Word and HTML renderers.

Header cells and row labels come from the label paths in :mod:`gikxl.spec`
through :func:`gikxl.template.headers.spans`, so table 三's three-level header
(申请人情况 › 法人或其他组织 › 商业企业) and its three label columns
(三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密) are drawn from the
spec, not typed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gikxl import spec
from gikxl.report.numbers import amount
from gikxl.template.headers import spans

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport


@dataclass(frozen=True)
class Cell:
    """One (possibly merged) cell, placed by its top-left corner."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: str = "value"
    """``corner`` (table 三's note), ``head`` (column header), ``label`` (row label),
    ``section`` (table 二's 第二十条第（X）项 row), ``value`` (a figure)."""
    level: int = 0
    """Nesting level of a header or label (0 = outermost)."""


@dataclass(frozen=True)
class Grid:
    """A table laid out on a grid of ``n_rows`` × ``n_cols``."""

    table: spec.Table
    n_rows: int
    n_cols: int
    header_rows: int
    """Rows at the top that repeat on every page (0 for table 二)."""
    label_cols: int
    rows: tuple[tuple[Cell, ...], ...]
    """Per grid row, the cells whose top-left corner is in that row, left to right."""
    groups: tuple[tuple[int, int], ...] = ()
    """(first, last) grid rows of each block (table 二's four blocks)."""

    def covering(self) -> list[list[Cell]]:
        """For every grid position, the cell that covers it."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for row in self.rows:
            for cell in row:
                for r in range(cell.row, cell.row + cell.rowspan):
                    for c in range(cell.col, cell.col + cell.colspan):
                        grid[r][c] = cell
        assert all(all(c is not None for c in row) for row in grid), "grid has holes"
        return grid  # type: ignore[return-value]


def figure_text(report: AnnualReport, block: spec.Block, row: str, col: str) -> str:
    """A figure as the table prints it; blank stays blank."""
    value = report.value(block.key, row, col)
    if value is None:
        return ""
    return amount(value) if block.kind == "money" else str(int(value))


def _sorted(rows: list[list[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(sorted(r, key=lambda c: c.col)) for r in rows)


def stacked_grid(report: AnnualReport, table: spec.Table) -> Grid:
    """表二, blocks stacked under their headings: one label column and as many value
    columns as the widest block; narrower blocks' cells stretch across (the official layout)."""
    width = max(len(b.cols) for b in table.blocks)
    rows: list[list[Cell]] = []
    groups = []
    for block in table.blocks:
        stretch, rest = divmod(width, len(block.cols))
        assert rest == 0, f"{block.key}: {len(block.cols)} columns do not divide {width}"
        first = len(rows)
        r = len(rows)
        rows.append([Cell(block.heading, r, 0, 1, width + 1, "section")])
        header = [Cell(spec.T2_CONTENT_LABEL, r + 1, 0, kind="head")]
        for s in spans([c.path for c in block.cols]):
            header.append(Cell(s.text, r + 1 + s.level, 1 + s.first * stretch, s.depth, s.count * stretch,
                               "head", s.level))
        rows.append(header)
        for item in block.rows:
            line = [Cell(item.label, len(rows), 0, kind="label")]
            for j, col in enumerate(block.cols):
                line.append(Cell(figure_text(report, block, item.key, col.key), len(rows), 1 + j * stretch,
                                 1, stretch))
            rows.append(line)
        groups.append((first, len(rows) - 1))
    return Grid(table, len(rows), width + 1, 0, 1, _sorted(rows), tuple(groups))


def block_grid(report: AnnualReport, table: spec.Table) -> Grid:
    """表三 and 表四: one block under a nested column header, with nested row labels on the left."""
    (block,) = table.blocks
    depth = max(len(c.path) for c in block.cols)
    labels = table.label_cols
    rows: list[list[Cell]] = [[] for _ in range(depth + len(block.rows))]
    if labels:
        rows[0].append(Cell(table.note, 0, 0, depth, labels, "corner"))
        for s in spans([r.path for r in block.rows], labels):
            rows[depth + s.first].append(Cell(s.text, depth + s.first, s.level, s.count, s.depth, "label", s.level))
    for s in spans([c.path for c in block.cols], depth):
        rows[s.level].append(Cell(s.text, s.level, labels + s.first, s.depth, s.count, "head", s.level))
    for i, item in enumerate(block.rows):
        for j, col in enumerate(block.cols):
            rows[depth + i].append(Cell(figure_text(report, block, item.key, col.key), depth + i, labels + j))
    return Grid(table, len(rows), labels + len(block.cols), depth, labels, _sorted(rows))


def table_grid(report: AnnualReport, number: int) -> Grid:
    """The grid of official table ``number`` (2, 3 or 4) filled from ``report``."""
    table = spec.table_numbered(number)
    return stacked_grid(report, table) if table.stacked else block_grid(report, table)
