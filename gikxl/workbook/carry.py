"""What this year's workbook takes over from last year's report.

机关名称, 层级 and the year after last year's; 上年结转 (table 三 row 二) from
last year's 结转下年度继续办理; last year's 现行有效件数 as reference cells
beside table 二. ``gikxl new --previous`` and the 从上年报告导入 button share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gikxl import spec
from gikxl.template.layout import PREVIOUS_IN_FORCE
from gikxl.workbook.model import AnnualReport


@dataclass
class Carry:
    """Values by defined name (and reference key) to fill, and what last year lacked."""

    values: dict[str, Any] = field(default_factory=dict)
    carried: list[int | None] = field(default_factory=list)
    """上年结转 by applicant column (without the 总计 column, a formula)."""
    in_force: list[int | None] = field(default_factory=list)
    source: AnnualReport | None = None

    def said(self, name: str) -> list[str]:
        """What was taken from last year, in Chinese, one line each."""
        last = self.source
        lines = [f"已从“{name}”带入："]
        if last is not None:
            if last.org:
                lines.append(f"机关名称：{last.org}")
            if last.level:
                lines.append(f"机关层级：{last.level}")
            if last.year:
                lines.append(f"报告年度：{last.year + 1}（上年报告为 {last.year} 年度）")
        read = [v for v in self.carried if v is not None]
        lines.append(f"表三“二、上年结转政府信息公开申请数量”：{sum(read)} 件（取上年“四、结转下年度继续办理”）"
                     if len(read) == len(self.carried) else
                     "表三“二、上年结转”：上年报告的“结转下年度继续办理”未能全部读到，请手工填写未带入的格")
        shown = "、".join("未读到" if v is None else str(v) for v in self.in_force)
        lines.append(f"表二旁“上年现行有效件数”（规章、行政规范性文件）：{shown}")
        return lines


def carried_over(last: AnnualReport) -> Carry:
    """What this year's workbook takes from ``last``."""
    carry = Carry(source=last)
    if last.org:
        carry.values["gik_org"] = last.org
    if last.level in spec.LEVELS:
        carry.values["gik_level"] = last.level
    if last.year is not None and last.year + 1 in spec.REPORT_YEARS:
        carry.values["gik_year"] = last.year + 1
    carry.carried = [last.value("t3", "carry_next", c) for c in spec.T3_APPLICANT_COLS]
    rows: list[list[Any]] = [[None] * len(spec.T3.cols) for _ in spec.T3.rows]
    carried_row = [r.key for r in spec.T3.rows].index("carried")
    for j, c in enumerate(spec.T3.cols):
        if c.key in spec.T3_APPLICANT_COLS:
            rows[carried_row][j] = last.value("t3", "carry_next", c.key)
    carry.values[spec.T3.name] = rows
    carry.in_force = [last.value("t2_rules", r.key, "in_force") for r in spec.T2_RULES.rows]
    carry.values[PREVIOUS_IN_FORCE] = [[v] for v in carry.in_force]
    return carry
