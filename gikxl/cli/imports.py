"""``gikxl import``: a published report (Word, PDF, web page, text) read into a workbook.

The module is ``imports`` because ``import`` cannot name a Python module; the
command is ``gikxl import``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gikxl.published.importer import Imported
    from gikxl.workbook.model import AnnualReport


def register(sub) -> None:
    p = sub.add_parser(
        "import", help="读取已发布的年度报告（Word、PDF、网页、文本），生成工作簿",
        description="读取已发布的政府信息公开工作年度报告（.docx、带文字层的 .pdf、.html/.htm、.txt；"
                    "装有 LibreOffice 时也可读 .doc、.wps），"
                    "按官方表格的行列标题找出每个数字，按章节标题分出正文，可写成一份标准工作簿。",
        epilog="退出码：0 表格的每一格都已读到；1 有单元格未读到（逐一列出及查找位置）；2 文件无法使用。",
    )
    p.add_argument("report", type=Path, metavar="报告文件", help="已发布的年度报告")
    p.add_argument("-o", "--output", type=Path, metavar="工作簿.xlsm", help="把读到的内容写成一份工作簿（.xlsm）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出每个值及其出处（页、表、行、列或行号，及原文片段）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from gikxl.errors import OutputError
    from gikxl.published import import_report

    out: Path | None = args.output
    if out is not None:
        if out.suffix.lower() != ".xlsm":
            raise OutputError(f"输出文件“{out.name}”应以 .xlsm 结尾。")
        if out.exists() and not args.force:
            raise OutputError(f"文件“{out}”已存在。如要覆盖，请加 --force。")
    imported = import_report(args.report)
    if out is not None:
        from gikxl.files import write_atomic
        from gikxl.template.builder import build_workbook

        write_atomic(out, build_workbook(workbook_values(imported.report)))
    if args.json:
        from gikxl.cli.check import json_text

        sys.stdout.write(json_text(imported.to_json()) + "\n")
    else:
        print_summary(imported, args.report, out)
    return 0 if imported.complete else 1


def workbook_values(report: AnnualReport) -> dict[str, Any]:
    """Every value of ``report`` by defined name, for the template builder (blanks left out)."""
    from gikxl import spec

    values: dict[str, Any] = {}
    for key, f in spec.FIELDS.items():
        value = report.fields.get(key)
        if value is not None and value != "":
            values[f.name] = value
    for key, block in spec.BLOCKS.items():
        values[block.name] = [[report.value(key, r.key, c.key) for c in block.cols] for r in block.rows]
    return values


def print_summary(imported: Imported, source: Path, out: Path | None) -> None:
    from gikxl import spec
    from gikxl.text import safe_text

    report = imported.report
    cells = sum(len(b.rows) * len(b.cols) for b in spec.BLOCKS.values())
    missed_cells = [m for m in imported.missing if m.block]
    print(f"导入：{safe_text(source.name)}" + ("（2019 年旧格式）" if imported.format_year == 2019 else ""))
    print(f"  机关名称：{safe_text(report.org or '（未读到）')}")
    print(f"  报告年度：{report.year or '（未读到）'}    成文日期：{report.date or '（未读到）'}"
          f"    机关层级：{safe_text(report.level or '（无法判断，请在工作簿中选择）')}")
    print(f"  表格：共 {cells} 格，读到 {cells - len(missed_cells)} 格。")
    for key, f in spec.FIELDS.items():
        if f.kind == "prose":
            text = report.prose(key)
            print(f"  {safe_text(f.label)}：{len(text)} 字" if text else f"  {safe_text(f.label)}：（空）")
    if imported.missing:
        print(f"\n未读到 {len(imported.missing)} 项：")
        for m in imported.missing:
            print(f"  {safe_text(m.name)}：{safe_text(m.where)}")
    for note in imported.notes:
        print(f"注意：{safe_text(note)}")
    if out is not None:
        print(f"\n已生成：{safe_text(out)}")
