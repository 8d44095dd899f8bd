"""``gikxl demo``: the main job on the bundled example — fill, check, report."""

from __future__ import annotations

import argparse
from pathlib import Path

from gikxl import spec


def register(sub) -> None:
    p = sub.add_parser("demo", help="用内置示例演示：填表、校验、生成报告",
                       description="用内置示例（一个县政府的年报）演示完整流程，输出到一个文件夹。")
    p.add_argument("-o", "--output", type=Path, default=Path("gikxl-demo"), metavar="文件夹",
                   help="输出文件夹（默认 ./gikxl-demo）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from gikxl.examples import demo_values
    from gikxl.files import write_atomic
    from gikxl.template.builder import build_workbook
    from gikxl.text import safe_text
    from gikxl.workbook.model import report_from_names

    folder: Path = args.output
    folder.mkdir(parents=True, exist_ok=True)
    values = demo_values()
    example = report_from_names(values)
    workbook = folder / f"{example.org}{example.year}年年报.xlsm"
    write_atomic(workbook, build_workbook({**values, spec.FIELDS["date"].name: example.date}))
    print(f"示例工作簿：{safe_text(workbook.resolve())}")
    status = _check(workbook)
    _reports(workbook, folder)
    print(f"输出文件夹：{safe_text(folder.resolve())}")
    return status


def _check(workbook: Path) -> int:
    from gikxl.checks.engine import run_checks
    from gikxl.cli.check import print_findings
    from gikxl.workbook import read_report

    findings = run_checks(read_report(workbook))
    print("\n校验结果：")
    print_findings(findings)
    return 0


def _reports(workbook: Path, folder: Path) -> None:
    from gikxl.report import PICTURES, output_name, write_report
    from gikxl.text import safe_text
    from gikxl.workbook import read_report

    report = read_report(workbook)
    print("\n报告和一图读懂：")
    for fmt in ("docx", "html", "md", *PICTURES):
        path = write_report(report, folder / output_name(report, fmt))
        print(f"  {safe_text(path.resolve())}")
