"""The check catalogue as documentation: ``gikxl checks`` and ``docs/checks.md``.

Everything here is rendered from :data:`gikxl.checks.rule.RULES` (filled by
:mod:`gikxl.checks.rules`), so the documentation cannot drift from the code;
each rule's section links to the line that declares it;
``scripts/gen_checks_doc.py`` writes the file and a test fails when it is stale.
"""

from __future__ import annotations

from gikxl.checks.rule import Rule

#: The documentation sections every rule must have: (Rule field, heading).
SECTIONS = (
    ("what", "What it checks（检查什么）"),
    ("why", "Why it matters（为什么重要）"),
    ("example", "Example（示例）"),
)
DOC_PATH = "docs/checks.md"


def rules_in_order() -> list[Rule]:
    """Every rule, in catalogue order (by area, as :data:`gikxl.checks.rules.MODULES` lists them)."""
    from gikxl.checks.rules import load

    return list(load().values())


def missing_sections(rule: Rule) -> list[str]:
    """Headings of the documentation sections ``rule`` leaves empty."""
    return [heading for attr, heading in SECTIONS if not getattr(rule, attr).strip()]


def rule_markdown(rule: Rule) -> str:
    """One rule's documentation section."""
    lines = [
        f'<a id="{rule.code.lower()}"></a>',
        f"### {rule.code} — {rule.title}",
        "",
        f"`{rule.name}` · 级别：**{rule.severity.label}**（`{rule.severity.value}`）",
        "",
        f"源代码：[{rule.source.split('#')[0]}](../{rule.source})",
        "",
    ]
    for attr, heading in SECTIONS:
        lines += [f"#### {heading}", "", getattr(rule, attr).strip(), ""]
    return "\n".join(lines)


def catalogue_markdown() -> str:
    """The whole of ``docs/checks.md``."""
    rules = rules_in_order()
    lines = [
        "# 校验规则一览（check catalogue）",
        "",
        "<!-- 本文件由 scripts/gen_checks_doc.py 根据 gikxl/checks/rules/ 自动生成，请勿手工编辑。 -->",
        "",
        "`gikxl check` 和 Excel 中的“校验”按钮报告的每个问题都带有下表中的一个代码，"
        "并指明工作表和单元格。**错误**必须改正后才能生成报告；**警告**请核实，确属无误可以保留。"
        "命令行 `gikxl checks` 列出同一份目录，`gikxl checks 代码` 显示某条规则的说明。",
        "",
        f"共 {len(rules)} 条规则。",
        "",
        "| 代码 | 级别 | 名称 | 说明 |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [{r.code}](#{r.code.lower()}) | {r.severity.label} | `{r.name}` | {r.title} |" for r in rules
    ]
    lines += ["", "## 规则说明", ""]
    for r in rules:
        lines.append(rule_markdown(r))
    return "\n".join(lines).rstrip() + "\n"
