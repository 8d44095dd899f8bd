"""Which files of a folder are unit reports, whom they are from, and which units were expected."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gikxl.bodies import body_key
from gikxl.errors import GikxlError
from gikxl.published import PUBLISHED_SUFFIXES
from gikxl.text import safe_text

#: Workbook suffixes: gikxl's own, plus the old binary one so that such a file gets a row saying why.
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})
UNIT_SUFFIXES = WORKBOOK_SUFFIXES | PUBLISHED_SUFFIXES
#: The outputs' base name (年报审核汇总.xlsx / .html); never taken for a unit's report.
OUTPUT_STEM = "年报审核汇总"
#: More files than any county receives: a folder this full is the wrong folder (a whole disk).
MAX_FILES = 20_000
#: Expected units read from a list, at most.
MAX_EXPECTED = 20_000
#: Header cells a list of units may open with.
LINK_REFUSED = "该文件是指向其他位置的快捷方式（链接），为安全起见未读取；请把报告文件本身放入文件夹。"
_HEADERS = frozenset({"单位", "单位名称", "机关名称", "名称", "报送单位", "应报单位"})


@dataclass(frozen=True)
class Found:
    """A candidate file: its path, its path relative to the folder (``/``-separated), and
    why it cannot be read before anything is opened (a link out of the folder)."""

    path: Path
    rel: str
    refused: str = ""


def unit_key(org: str | None) -> str:
    """A 机关名称 as units are matched: full-width forms folded (NFKC), spaces and invisible characters
    dropped (two keys may still name one body: :func:`gikxl.bodies.same_body`)."""
    return body_key(safe_text(org)) if org else ""


def _skipped(name: str) -> bool:
    """Office lock files (``~$x.xlsx``), hidden files and our own outputs."""
    return name.startswith(("~$", ".")) or Path(name).stem == OUTPUT_STEM


def find_units(folder: Path) -> list[Found]:
    """Every unit report under ``folder``, recursively, in a stable order.

    Folders that are links are not entered; a file that is a link becomes a
    refused row instead of being read, so nothing outside the folder is opened.
    """
    if not folder.is_dir():
        what = "不存在" if not folder.exists() else "不是文件夹"
        raise GikxlError(f"要审核的文件夹“{safe_text(folder)}”{what}。")
    found: list[Found] = []
    for top, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(top) / name
            if _skipped(name) or path.suffix.lower() not in UNIT_SUFFIXES:
                continue
            rel = path.relative_to(folder).as_posix()
            found.append(Found(path, rel, LINK_REFUSED if path.is_symlink() else ""))
            if len(found) > MAX_FILES:
                raise GikxlError(f"文件夹“{safe_text(folder)}”中的报告文件超过 {MAX_FILES} 个，请确认选对了文件夹。")
    return found


def read_expected(path: Path) -> list[str]:
    """The 机关名称 of every unit expected to report, from a text file (one per line) or a
    workbook (the first column of its first sheet); a header cell such as 单位名称 is skipped."""
    if not path.is_file():
        raise GikxlError(f"应报单位名单“{safe_text(path)}”不存在或不是文件。")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        names = _names_from_workbook(path)
    elif suffix in (".txt", ".csv"):
        names = _names_from_text(path)
    else:
        raise GikxlError(f"应报单位名单“{safe_text(path.name)}”应为 .xlsx 工作簿或 .txt 文本文件（每行一个单位）。")
    seen: dict[str, str] = {}
    for name in names:
        name = safe_text(name).strip()
        if name and not name.startswith("#") and name not in _HEADERS:
            seen.setdefault(unit_key(name), name)
    return list(seen.values())


def _names_from_text(path: Path) -> list[str]:
    if path.stat().st_size > 8 * 1024 * 1024:
        raise GikxlError(f"应报单位名单“{safe_text(path.name)}”过大，不像是单位名单。")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes any bytes, but keep the promise of a message
        raise GikxlError(f"应报单位名单“{safe_text(path.name)}”不是文本文件。")
    lines = text.splitlines()[:MAX_EXPECTED]
    return [line.split(",")[0] if path.suffix.lower() == ".csv" else line for line in lines]


def _names_from_workbook(path: Path) -> list[str]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise GikxlError(f"应报单位名单“{safe_text(path.name)}”无法打开：{type(exc).__name__}。") from None
    try:
        ws = wb.worksheets[0]
        names = []
        for (value,) in ws.iter_rows(min_col=1, max_col=1, max_row=MAX_EXPECTED, values_only=True):
            if isinstance(value, str):
                names.append(value)
        return names
    finally:
        wb.close()
