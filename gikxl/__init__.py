"""gikxl: the 政府信息公开工作年度报告 as an Excel-native workflow.

The public API is re-exported here lazily, so that ``import gikxl`` stays
cheap: the command line and the Excel entry points import what they need
when they need it.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "AnnualReport": "gikxl.workbook.model",
    "Finding": "gikxl.checks.findings",
    "Report": "gikxl.checks.findings",
    "Severity": "gikxl.checks.findings",
    "GikxlError": "gikxl.errors",
    "read_report": "gikxl.workbook",
    "build_workbook": "gikxl.template.builder",
    "run_checks": "gikxl.checks.engine",
    "write_report": "gikxl.report",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'gikxl' has no attribute {name!r}")
