"""Reading: a workbook file or a live Excel ``Book`` into an :class:`AnnualReport`.

Two sources, one path::

    .xlsx/.xlsm file --xlsx--> Grid per defined name --parse--> AnnualReport
    xlwings Book    --xlbook-/

- :mod:`~gikxl.workbook.raw` — the readers' types: :class:`RawCell`,
  :class:`Grid`, :class:`ErrorValue`.
- :mod:`~gikxl.workbook.contract` — the defined-name contract both readers
  validate (template version, every name present, each of its shape).
- :mod:`~gikxl.workbook.xlsx` — the bounded file reader.
- :mod:`~gikxl.workbook.xlbook` — the live ``Book`` reader (no xlwings import).
- :mod:`~gikxl.workbook.parse` — raw cells to values, with a neutral
  :class:`Observation` for every cell that does not hold what its kind wants.
- :mod:`~gikxl.workbook.model` — :class:`AnnualReport`.

May import: :mod:`gikxl.spec`, :mod:`gikxl.template.layout` and
:mod:`gikxl.errors`; never the checks, the report, Excel or the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

__all__ = ["read_report"]


def read_report(path: str | Path) -> AnnualReport:
    """The report in the workbook at ``path`` (.xlsx or .xlsm); raises
    :class:`~gikxl.errors.UnusableWorkbook` when the file cannot be used."""
    from gikxl.workbook.parse import report_from_grids
    from gikxl.workbook.xlsx import read_grids

    return report_from_grids(read_grids(path), source=Path(path).name)
