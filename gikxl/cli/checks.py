"""``gikxl checks``: the catalogue of every check (the source of docs/checks.md)."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("checks", help="列出全部校验规则",
                       description="列出全部校验规则：代码、级别和名称；给出代码则显示该规则的说明。")
    p.add_argument("code", nargs="?", metavar="代码", help="只显示这条规则的详细说明，如 T3-BALANCE")
    p.add_argument("--markdown", action="store_true", help="输出完整的 Markdown 文档（即 docs/checks.md）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from gikxl.checks.catalogue import catalogue_markdown, rule_markdown, rules_in_order
    from gikxl.cli.check import pad, width
    from gikxl.errors import GikxlError

    if args.markdown:
        print(catalogue_markdown(), end="")
        return 0
    rules = rules_in_order()
    if args.code:
        code = args.code.upper()
        match = [r for r in rules if r.code == code]
        if not match:
            raise GikxlError(f"没有代码为“{args.code}”的规则。运行 gikxl checks 查看全部规则。")
        print(rule_markdown(match[0]), end="")
        return 0
    code_w = max(width(r.code) for r in rules)
    name_w = max(width(r.name) for r in rules)
    print("  ".join([pad("代码", code_w), pad("级别", 4), pad("名称", name_w), "说明"]))
    for r in rules:
        print("  ".join([pad(r.code, code_w), pad(r.severity.label, 4), pad(r.name, name_w), r.title]))
    print(f"\n共 {len(rules)} 条规则。查看某条规则的说明：gikxl checks 代码")
    return 0
