"""File names for reports, and writing them without ever leaving half a file."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gikxl import spec
from gikxl.text import safe_text

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

#: Characters Windows (and so most offices' file shares) reject in a name, and control characters.
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')

#: Output formats by file suffix: the report (and its 解读) and the 一图读懂 poster.
FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md", ".svg": "svg", ".png": "png"}
#: The poster's formats.
PICTURES = ("svg", "png")
#: What a file's name holds when it is to be the 解读, not the report (``解读.docx``).
EXPLAINER_WORD = "解读"
#: What the default names of the poster and the 解读 add to the report's.
POSTER_SUFFIX = "一图读懂"


def clean_filename(name: str) -> str:
    """``name`` without characters a file system rejects or that disguise it (C1 and bidi
    controls: U+202E turns ``报告gpj.exe`` into ``报告exe.jpg`` on screen), no trailing dots or spaces."""
    cleaned = _FORBIDDEN.sub("", safe_text(name)).strip().rstrip(". ")
    return cleaned or spec.REPORT_NAME


#: Longest file name most file systems accept, in UTF-8 bytes (ext4 and NTFS: 255), less a margin.
_MAX_NAME_BYTES = 240


def default_report_name(report: AnnualReport, suffix: str, extra: str = "") -> str:
    """``<机关名称><年度>年政府信息公开工作年度报告<extra>.<suffix>``, cleaned for the file system
    (an implausibly long 机关名称 is shortened so that the name stays within 255 bytes).
    ``extra`` names a companion: :data:`POSTER_SUFFIX` or :data:`EXPLAINER_WORD`."""
    org = _FORBIDDEN.sub("", safe_text(report.org or "")).strip()
    stem = f"{report.year}年{spec.REPORT_NAME}" if report.year is not None else spec.REPORT_NAME
    stem += extra
    ext = "." + suffix.lstrip(".")
    while org and len((org + stem + ext).encode("utf-8")) > _MAX_NAME_BYTES:
        org = org[:-1]
    return clean_filename(org + stem) + ext


def output_name(report: AnnualReport, fmt: str) -> str:
    """The default name of what is written in format ``fmt``: the report's, or for a picture
    (``svg``, ``png``) its 一图读懂's, ``…年度报告一图读懂.png``."""
    return default_report_name(report, fmt, POSTER_SUFFIX if fmt in PICTURES else "")


def is_explainer(name: str) -> bool:
    """Whether an output file named ``name`` is to be the 解读 (``解读.docx``, ``…年度报告解读.md``).

    A picture never is (``一图解读.png`` is the poster); a ``解读.html`` is, so that it is
    refused in words rather than quietly written as the report."""
    stem, _, suffix = name.rpartition(".")
    return EXPLAINER_WORD in stem and FORMATS.get("." + suffix.lower()) not in PICTURES
