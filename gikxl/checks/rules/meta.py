"""Basic facts: 机关名称, 机关层级, 报告年度, 成文日期 and the publication deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gikxl import spec
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.rules import Context, check, field_cell, finding, rule

E, W = Severity.ERROR, Severity.WARNING

META_ORG_MISSING = rule(
    "META-ORG-MISSING", "organisation-missing", E, "机关名称未填",
    what="“基本信息”表的“机关名称”为空。",
    why="机关名称是报告标题和落款的一部分，缺少它报告无法生成。",
    example="B3 为空。请填写机关全称，如“青山县白马镇人民政府”。",
)
META_LEVEL_MISSING = rule(
    "META-LEVEL-MISSING", "level-missing", E, "机关层级未选",
    what="“基本信息”表的“机关层级”为空。",
    why="层级决定发布期限（1 月 31 日或 3 月 31 日）以及能否填报规章，不选就无法检查这些事项。",
    example="B4 为空。请从下拉列表选择，如“乡镇（街道）”。",
)
META_YEAR_MISSING = rule(
    "META-YEAR-MISSING", "year-missing", E, "报告年度未填",
    what="“基本信息”表的“报告年度”为空。",
    why="报告年度出现在标题中，也用于核对成文日期和上年数据。",
    example="B5 为空。请填四位年份，如 2025。",
)
META_YEAR_IMPLAUSIBLE = rule(
    "META-YEAR-IMPLAUSIBLE", "year-implausible", E, "报告年度不合理",
    what="报告年度早于 2021 年（现行格式自 2021 年度起使用）或晚于今年。",
    why="年度填错会使标题、落款和跨年度核对全部出错；2021 年以前的报告使用旧格式，不适用本模板。",
    example="2026 年 1 月编制 2025 年度报告，年度误填为 2026。请填 2025。",
)
META_DATE_MISSING = rule(
    "META-DATE-MISSING", "date-missing", E, "成文日期未填",
    what="“基本信息”表的“成文日期”为空。",
    why="成文日期印在报告落款处，也用于检查是否超过发布期限。",
    example="B6 为空。请填落款日期，如 2026-01-20。",
)
META_DATE_EARLY = rule(
    "META-DATE-EARLY", "dated-before-year-end", W, "成文日期早于年度结束",
    what="成文日期不晚于报告年度的 12 月 31 日。",
    why="年度报告要在年度结束、数据统计完毕后才能成文；日期过早多半是年份填错了。",
    example="2025 年度报告的成文日期填了 2025-01-20。应为 2026-01-20 前后。",
)
META_DATE_LATE = rule(
    "META-DATE-LATE", "dated-after-deadline", W, "成文日期晚于发布期限",
    what=(
        "成文日期晚于法定发布期限：县级以上人民政府本级的年度报告为次年 3 月 31 日，"
        "各部门、乡镇（街道）等其他机关为次年 1 月 31 日（《条例》第四十九条、第五十条）。"
    ),
    why="逾期发布不符合《条例》规定，会在政务公开考核中被扣分。",
    example="县级部门的 2025 年度报告成文日期为 2026-02-15，晚于 2026-01-31。",
)


def deadline(level: str | None, year: int) -> dt.date:
    """Last day the report of ``year`` may be published by a body of ``level``."""
    return dt.date(year + 1, 3, 31) if level in spec.LEVELS_DUE_MARCH else dt.date(year + 1, 1, 31)


def _missing(ctx: Context, key: str) -> bool:
    value = ctx.report.fields.get(key)
    blank = value is None or (isinstance(value, str) and not value.strip())
    return blank and not ctx.field_faulted(key)


@check
def basic_facts(ctx: Context) -> Iterator[Finding]:
    r = ctx.report
    if _missing(ctx, "org"):
        yield finding(META_ORG_MISSING, field_cell("org"),
                      "机关名称为空；请填写机关全称，如“××县××镇人民政府”")
    if _missing(ctx, "level"):
        yield finding(META_LEVEL_MISSING, field_cell("level"), "机关层级为空；请从下拉列表选择")
    if _missing(ctx, "year"):
        yield finding(META_YEAR_MISSING, field_cell("year"), "报告年度为空；请填四位年份")
    elif r.year is not None and not (spec.FORMAT_YEAR <= r.year <= ctx.today.year):
        expected = ctx.today.year - 1
        why = "现行格式自 2021 年度起使用" if r.year < spec.FORMAT_YEAR else "还没有到来"
        yield finding(
            META_YEAR_IMPLAUSIBLE, field_cell("year"),
            f"报告年度 {r.year} 不合理（{why}）；今年编制的通常是 {expected} 年度报告",
            expected=expected, actual=r.year,
        )
    if _missing(ctx, "date"):
        yield finding(META_DATE_MISSING, field_cell("date"), "成文日期为空；请填报告落款日期")
    elif r.date is not None and r.year is not None:
        year_end = dt.date(r.year, 12, 31)
        due = deadline(r.level, r.year)
        if r.date <= year_end:
            yield finding(
                META_DATE_EARLY, field_cell("date"),
                f"成文日期 {r.date:%Y-%m-%d} 不晚于 {r.year} 年度结束（{year_end:%Y-%m-%d}）；请核对年份",
                actual=r.date.isoformat(),
            )
        elif r.date > due and r.level:
            who = "县级以上人民政府本级报告" if r.level in spec.LEVELS_DUE_MARCH else f"{r.level}的报告"
            yield finding(
                META_DATE_LATE, field_cell("date"),
                f"成文日期 {r.date:%Y-%m-%d} 晚于发布期限：{who}应于 {due:%Y-%m-%d} 前发布",
                expected=due.isoformat(), actual=r.date.isoformat(),
            )
