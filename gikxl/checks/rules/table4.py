"""Table 4 — 政府信息公开行政复议、行政诉讼情况: each group's 总计."""

from __future__ import annotations

from collections.abc import Iterator

from gikxl import spec
from gikxl.checks.context import Context
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.invariants import Totals
from gikxl.checks.rule import Rule, rule
from gikxl.checks.rules import BLANKS_UNKNOWN, SUM_MESSAGES, sum_findings


@rule(
    "T4-GROUP-TOTAL", Severity.ERROR, "表四各组“总计”与明细之和不符",
    what=(
        "表四的行政复议、未经复议直接起诉、复议后起诉三组，每组的“总计”等于"
        "结果维持、结果纠正、其他结果、尚未审结四项之和。"
        f"{BLANKS_UNKNOWN}"
    ),
    why="模板中各组“总计”是求和公式；不符说明公式被改成了数字，发布的合计与明细矛盾。",
    example="行政复议四项之和为 4，“总计”却填了 5。应为 4，并恢复求和公式。",
    messages=SUM_MESSAGES,
    invariant=Totals(spec.T4.key, "col"),
)
def review_or_suit_total_mismatch(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from sum_findings(ctx, r)
