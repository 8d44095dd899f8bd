"""``gikxl report``: the finished report (Word, HTML or Markdown) from a checked workbook, and its
companions: the 一图读懂 poster (SVG, PNG) and the 解读 (Word, Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gikxl.text import safe_text


def register(sub) -> None:
    p = sub.add_parser(
        "report", help="生成年度报告（Word / HTML / Markdown）",
        description="由填好的工作簿生成可直接发布的年度报告。工作簿仍有错误时不生成，除非加 --force。",
        epilog="输出格式由文件扩展名决定：.docx（Word，按 GB/T 9704 排版）、.html（网站发布）、.md（审阅）；"
               ".svg、.png 为“一图读懂”图解；文件名中含“解读”的 .docx、.md 为解读文字。"
               "工作簿所在文件夹中如有“报告模板”文件夹，其中的模板会替换同名的内置模板。",
    )
    p.add_argument("workbook", type=Path, metavar="工作簿", help="填好的年报工作簿（.xlsm / .xlsx）")
    p.add_argument("-o", "--output", type=Path, metavar="输出文件",
                   help=("输出文件（.docx / .html / .md / .svg / .png，或如“解读.docx”）或文件夹；"
                         "默认在工作簿旁生成“<机关名称><年度>年政府信息公开工作年度报告.docx”"))
    p.add_argument("--picture", action="store_true",
                   help="同时在报告旁生成“一图读懂”图解（.png 和 .svg）")
    p.add_argument("--previous", type=Path, metavar="上年文件",
                   help="上一年度的工作簿或已发布的报告：图解和解读中注明各项数字较上年的增减")
    p.add_argument("--force", action="store_true", help="即使工作簿仍有错误也生成报告")
    p.add_argument("--templates", type=Path, metavar="文件夹",
                   help="本单位的报告模板文件夹，其中的 .j2 文件替换同名的内置模板（默认：工作簿旁的“报告模板”文件夹）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from gikxl.checks.findings import Severity
    from gikxl.errors import OutputError, TemplateError
    from gikxl.files import same_file
    from gikxl.report import FORMATS, PICTURES, default_report_name, office_templates, output_name, write_report
    from gikxl.workbook import read_report

    source: Path = args.workbook
    report = read_report(source)
    out: Path = args.output or source.parent / default_report_name(report, "docx")
    if out.is_dir() and out.suffix.lower() not in FORMATS:  # -o 文件夹: the default name in that folder
        out = out / default_report_name(report, "docx")
    # The same file, not the same suffix: a workbook renamed 年报.docx, a link to it, ./年报.docx …
    if same_file(out, source):
        raise OutputError(f"输出文件“{out.name}”就是输入的工作簿，不能覆盖。请用 -o 另指定一个输出文件名。")

    errors = [f for f in _findings(report) if f.severity == Severity.ERROR]
    if errors and not args.force:
        print(f"工作簿“{safe_text(source.name)}”中有 {len(errors)} 个错误，未生成报告：", file=sys.stderr)
        for f in errors:
            print(f"  {safe_text(f.place)}：{safe_text(f.message)}", file=sys.stderr)
        print("请改正后重试；如确需先生成报告，可加 --force。", file=sys.stderr)
        return 1

    templates = args.templates
    if templates is not None and not templates.is_dir():
        raise TemplateError(f"找不到报告模板文件夹“{templates}”。")
    if templates is None:
        templates = office_templates(source)
    previous = _previous(args.previous, source)
    paths = [write_report(report, out, templates, previous)]
    if args.picture:
        for fmt in PICTURES:
            paths.append(write_report(report, out.parent / output_name(report, fmt), templates, previous))
    if errors:
        print(f"注意：工作簿中仍有 {len(errors)} 个错误，已按 --force 生成报告，发布前请核对。", file=sys.stderr)
    if templates is not None:
        print(f"使用本单位报告模板：{safe_text(templates)}")
    if previous is not None:
        print(f"对比上年：{safe_text(args.previous.name)}")
        if report.year is not None and previous.year != report.year - 1:
            print(f"注意：上年文件的年度是 {previous.year or '（未填）'}，不是 {report.year - 1} 年，"
                  "图解和解读中的“较上年”按该文件计算。", file=sys.stderr)
    for path in paths:
        print(f"已生成{_what(path)}：{safe_text(path)}")
    return 0


def _previous(path: Path | None, source: Path):
    """Last year's report for the changes, read as ``gikxl check --previous`` reads it."""
    if path is None:
        return None
    from gikxl.errors import OutputError
    from gikxl.files import same_file
    from gikxl.published import read_any

    if same_file(path, source):
        raise OutputError(f"上年文件“{safe_text(path.name)}”就是本年的工作簿，请指定上一年度的文件。")
    return read_any(path)


def _what(path: Path) -> str:
    """What a written file is, in the clerk's words."""
    from gikxl.report import FORMATS, PICTURES, is_explainer

    if FORMATS.get(path.suffix.lower()) in PICTURES:
        return "一图读懂"
    return "解读" if is_explainer(path.name) else "报告"


def _findings(report):
    from gikxl.checks.engine import run_checks

    return run_checks(report)
