"""File names for reports, and writing them without ever leaving half a file."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gikxl.model import AnnualReport

#: Characters Windows (and so most offices' file shares) reject in a name, and control characters.
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')

#: Output formats by file suffix.
FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md"}


def clean_filename(name: str) -> str:
    """``name`` without characters a file system rejects, and no trailing dots or spaces."""
    cleaned = _FORBIDDEN.sub("", name).strip().rstrip(". ")
    return cleaned or "政府信息公开工作年度报告"


def default_report_name(report: AnnualReport, suffix: str) -> str:
    """``<机关名称><年度>年政府信息公开工作年度报告.<suffix>``, cleaned for the file system."""
    org = report.org or ""
    year = f"{report.year}年" if report.year is not None else ""
    return f"{clean_filename(f'{org}{year}政府信息公开工作年度报告')}.{suffix.lstrip('.')}"
