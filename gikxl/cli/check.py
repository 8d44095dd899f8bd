"""``gikxl check``: every check on one workbook, as a table or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from gikxl.text import escape_controls, safe_text

if TYPE_CHECKING:
    from gikxl.checks.findings import Report


def register(sub) -> None:
    p = sub.add_parser(
        "check", help="校验工作簿：勾稽关系、合计、跨年度衔接、正文与表格一致等",
        description="校验一份年报工作簿，逐格列出问题。文件本身不会被修改。",
        epilog="退出码：0 没有错误（可能有警告）；1 发现错误；2 文件无法使用；3 本机需补装一个程序包（会说明怎样装）。",
    )
    p.add_argument("workbook", type=Path, metavar="文件",
                   help="要校验的工作簿（.xlsm 或 .xlsx），或已发布的报告（.docx、.doc、.wps、.pdf、.html、.txt）")
    p.add_argument("--previous", type=Path, metavar="上年文件",
                   help="上一年度的工作簿或已发布的报告，用于核对上年结转、现行有效件数和正文是否照抄")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果（供其他程序使用）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from gikxl.serve.checking import checked as check_file

    checked = check_file(args.workbook, args.previous).findings
    if args.json:
        sys.stdout.write(json_text(checked.to_json()) + "\n")
    else:
        against = f"（对比上年：{safe_text(args.previous.name)}）" if args.previous else ""
        print(f"校验：{safe_text(args.workbook.name)}{against}")
        print_findings(checked)
    return 1 if checked.has_errors else 0


def json_text(data) -> str:
    """``data`` as readable JSON (Chinese as is), with display controls as ``\\uXXXX`` escapes.

    Escaped, not dropped as in the table: a program reading the JSON gets the
    clerk's text exactly, and a terminal showing it gets nothing to act on.
    """
    return escape_controls(json.dumps(data, ensure_ascii=False, indent=2))


# Terminal table ---------------------------------------------------------------

def width(text: str) -> int:
    """Columns the text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def _shown(value) -> str:
    """A finding's field for the table, with no display controls from the clerk's text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return safe_text(value)


def print_findings(report: Report, file: TextIO | None = None) -> None:
    """Findings grouped by sheet (in workbook order), errors first in each, then the summary line."""
    out = file or sys.stdout
    if not report:
        print("没有发现问题。", file=out)
        print(report.summary, file=out)
        print_notes(report, out)
        return
    cell_w = max(width("单元格"), *(width(_shown(f.cell)) for f in report))
    exp_w = max(width("应为"), *(width(_shown(f.expected)) for f in report))
    code_w = max(width("代码"), *(width(f.code) for f in report))
    for sheet, items in report.by_sheet():
        print(f"\n【{_shown(sheet) or '工作簿'}】", file=out)
        header = [pad("级别", 4), pad("单元格", cell_w), pad("应为", exp_w), pad("代码", code_w), "说明"]
        print("  " + "  ".join(header), file=out)
        for f in items:
            print("  " + "  ".join([
                pad(f.severity.label, 4), pad(_shown(f.cell), cell_w), pad(_shown(f.expected), exp_w),
                pad(f.code, code_w), _shown(f.message),
            ]), file=out)
    print("\n" + report.summary, file=out)
    print_notes(report, out)


def print_notes(report: Report, out: TextIO) -> None:
    """The reading notes of a published report, after the findings: what could not be read, and where."""
    if not report.notes:
        return
    print(f"\n【读取说明】以下 {len(report.notes)} 条是原文中未能读出或需要说明的内容，不是报告本身的问题：", file=out)
    for note in report.notes:
        where = f"（{_shown(note.sheet)}）" if note.sheet else ""
        print(f"  - {where}{_shown(note.message)}", file=out)
