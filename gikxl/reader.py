"""Read a workbook gikxl made into an :class:`~gikxl.model.AnnualReport`."""

from __future__ import annotations

from pathlib import Path

from gikxl.model import AnnualReport
from gikxl.parse import report_from_grids
from gikxl.xlsx import read_grids


def read_report(path: str | Path) -> AnnualReport:
    """The report in the workbook at ``path`` (.xlsx or .xlsm); raises
    :class:`~gikxl.errors.UnusableWorkbook` when the file cannot be used."""
    return report_from_grids(read_grids(path), source=Path(path).name)
