"""``gikxl new``: a fresh workbook from the template, basic facts filled in."""

from __future__ import annotations

import argparse
from pathlib import Path

from gikxl import spec


def register(sub) -> None:
    p = sub.add_parser("new", help="生成一份新的年报工作簿", description="从标准模板生成一份新的年报工作簿。")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="文件.xlsm", help="输出文件（.xlsm）")
    p.add_argument("--org", metavar="机关名称", help="机关全称，如“××县××镇人民政府”")
    p.add_argument("--year", type=report_year, metavar="年度", help="报告年度，如 2025")
    p.add_argument("--level", choices=spec.LEVELS, metavar="层级", help="机关层级：" + "、".join(spec.LEVELS))
    p.add_argument("--previous", type=Path, metavar="上年文件",
                   help="上一年度的工作簿或已发布的报告（.docx、.doc、.wps、.pdf、.html、.txt）：带入机关名称、层级、"
                        "下一年度、上年结转（取上年“结转下年度继续办理”），并在表二旁列出上年现行有效件数供参考")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(run=run)


def report_year(text: str) -> int:
    """The ``--year`` argument as an int, refused (in Chinese) outside the years the template takes."""
    try:
        year = int(text.strip().removesuffix("年"))
    except ValueError:
        year = None
    if year is None or year not in spec.REPORT_YEARS:
        first, last = spec.REPORT_YEARS.start, spec.REPORT_YEARS.stop - 1
        raise argparse.ArgumentTypeError(f"报告年度应为 {first}—{last} 之间的四位年份，如 2025（填的是“{text}”）")
    return year


def run(args: argparse.Namespace) -> int:
    from gikxl.errors import OutputError
    from gikxl.files import write_atomic
    from gikxl.template.builder import build_workbook
    from gikxl.text import safe_text

    out: Path = args.output
    if out.suffix.lower() != ".xlsm":
        raise OutputError(f"输出文件“{out.name}”应以 .xlsm 结尾（模板带有“校验”“生成报告”按钮，需要启用宏的格式）。")
    if out.exists() and not args.force:
        raise OutputError(f"文件“{out}”已存在。如要覆盖，请加 --force。")
    values: dict = {}
    said = ""
    if args.previous is not None:
        from gikxl.published import read_any
        from gikxl.workbook.carry import carried_over

        carry = carried_over(read_any(args.previous))
        values.update(carry.values)
        said = "\n" + "\n".join(f"  {safe_text(line)}" for line in carry.said(args.previous.name))
    given = {"org": args.org, "year": args.year, "level": args.level}
    values.update({spec.FIELDS[k].name: v for k, v in given.items() if v is not None})
    write_atomic(out, build_workbook(values))
    print(f"已生成：{safe_text(out)}{said}")
    return 0
