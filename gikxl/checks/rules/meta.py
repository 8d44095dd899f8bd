"""Basic facts: 机关名称, 机关层级, 报告年度, 成文日期 and the publication deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TypeGuard

from gikxl import spec
from gikxl.checks.context import Context, field_cell
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.rule import Rule, rule

E, W = Severity.ERROR, Severity.WARNING


#: Report years whose year end and publication deadline (in the next year) a
#: ``datetime.date`` can hold. A year outside is META-YEAR-IMPLAUSIBLE already;
#: the date rules compare no date with it rather than fail on it.
DATABLE_YEARS = range(dt.MINYEAR, dt.MAXYEAR)


def deadline(level: str | None, year: int) -> dt.date:
    """Last day the report of ``year`` (one of :data:`DATABLE_YEARS`) may be published by a body of ``level``."""
    return dt.date(year + 1, 3, 31) if level in spec.LEVELS_DUE_MARCH else dt.date(year + 1, 1, 31)


def _datable(year: int | None) -> TypeGuard[int]:
    """Whether the date rules can compare a date with ``year``'s end and deadline."""
    return year is not None and year in DATABLE_YEARS


@rule(
    "META-ORG-MISSING", E, "机关名称未填",
    what="“基本信息”表的“机关名称”为空。",
    why="机关名称是报告标题和落款的一部分，缺少它报告无法生成。",
    example="B3 为空。请填写机关全称，如“青山县白马镇人民政府”。",
    messages={"": "机关名称为空；请填写机关全称，如“××县××镇人民政府”"},
)
def organisation_missing(ctx: Context, r: Rule) -> Iterator[Finding]:
    if ctx.blank_field("org"):
        yield r.at(field_cell("org"))


@rule(
    "META-LEVEL-MISSING", E, "机关层级未选",
    what="“基本信息”表的“机关层级”为空。",
    why="层级决定发布期限（1 月 31 日或 3 月 31 日）以及能否填报规章，不选就无法检查这些事项。",
    example="B4 为空。请从下拉列表选择，如“乡镇（街道）”。",
    messages={"": "机关层级为空；请从下拉列表选择"},
)
def level_missing(ctx: Context, r: Rule) -> Iterator[Finding]:
    if ctx.blank_field("level"):
        yield r.at(field_cell("level"))


@rule(
    "META-YEAR-MISSING", E, "报告年度未填",
    what="“基本信息”表的“报告年度”为空。",
    why="报告年度出现在标题中，也用于核对成文日期和上年数据。",
    example="B5 为空。请填四位年份，如 2025。",
    messages={"": "报告年度为空；请填四位年份"},
)
def year_missing(ctx: Context, r: Rule) -> Iterator[Finding]:
    if ctx.blank_field("year"):
        yield r.at(field_cell("year"))


@rule(
    "META-YEAR-IMPLAUSIBLE", E, "报告年度不合理",
    what=(
        "报告年度早于 2021 年（现行格式自 2021 年度起使用）或晚于今年。早于 2021 年时只报这一条："
        "本模板按国办公开办函〔2021〕30号的格式制作，不适用于更早的年度，"
        "所以这一格式才要求的内容（必填的正文段落、信息处理费的说明）不再逐条检查。"
    ),
    why=(
        "年度填错会使标题、落款和跨年度核对全部出错；2021 年度以前的报告按当年适用的旧格式编制，"
        "本模板的六个部分和信息处理费说明对它们并不适用，逐条报出只会误导。"
    ),
    example=(
        "2026 年 1 月编制 2025 年度报告，年度误填为 2026。请填 2025。"
        "若确实要补编 2020 年度的报告，请按当年适用的格式另行编制，不要使用本模板。"
    ),
    messages={
        "early": "报告年度 {year} 早于 {first} 年，本模板（国办公开办函〔2021〕30号格式）不适用；"
                 "今年编制的通常是 {expected} 年度报告，请改正年度；确为 {year} 年度的报告，"
                 "请按该年度适用的格式另行编制",
        "future": "报告年度 {year} 不合理（还没有到来）；今年编制的通常是 {expected} 年度报告",
    },
)
def year_implausible(ctx: Context, r: Rule) -> Iterator[Finding]:
    year = ctx.report.year
    if year is not None and not (spec.FORMAT_YEAR <= year <= ctx.today.year):
        expected = ctx.today.year - 1
        yield r.at(field_cell("year"), "early" if year < spec.FORMAT_YEAR else "future",
                   expected=expected, actual=year, year=year, first=spec.FORMAT_YEAR)


@rule(
    "META-DATE-MISSING", E, "成文日期未填",
    what="“基本信息”表的“成文日期”为空。",
    why="成文日期印在报告落款处，也用于检查是否超过发布期限。",
    example="B6 为空。请填落款日期，如 2026-01-20。",
    messages={"": "成文日期为空；请填报告落款日期"},
)
def date_missing(ctx: Context, r: Rule) -> Iterator[Finding]:
    if ctx.blank_field("date"):
        yield r.at(field_cell("date"))


@rule(
    "META-DATE-EARLY", W, "成文日期早于年度结束",
    what="成文日期不晚于报告年度的 12 月 31 日。",
    why="年度报告要在年度结束、数据统计完毕后才能成文；日期过早多半是年份填错了。",
    example="2025 年度报告的成文日期填了 2025-01-20。应为 2026-01-20 前后。",
    messages={"": "成文日期 {date:%Y-%m-%d} 不晚于 {year} 年度结束（{year_end:%Y-%m-%d}）；请核对年份"},
)
def dated_before_year_end(ctx: Context, r: Rule) -> Iterator[Finding]:
    date, year = ctx.report.date, ctx.report.year
    if date is not None and _datable(year) and date <= dt.date(year, 12, 31):
        yield r.at(field_cell("date"), actual=date.isoformat(), date=date, year=year, year_end=dt.date(year, 12, 31))


@rule(
    "META-DATE-LATE", W, "成文日期晚于发布期限",
    what=(
        "成文日期晚于法定发布期限：县级以上人民政府本级的年度报告为次年 3 月 31 日，"
        "各部门、乡镇（街道）等其他机关为次年 1 月 31 日（《条例》第四十九条、第五十条）。"
    ),
    why="逾期发布不符合《条例》规定，会在政务公开考核中被扣分。",
    example="县级部门的 2025 年度报告成文日期为 2026-02-15，晚于 2026-01-31。",
    messages={
        "": "成文日期 {date:%Y-%m-%d} 晚于发布期限：{level}的报告应于 {due:%Y-%m-%d} 前发布",
        "government": "成文日期 {date:%Y-%m-%d} 晚于发布期限：县级以上人民政府本级报告应于 {due:%Y-%m-%d} 前发布",
    },
)
def dated_after_deadline(ctx: Context, r: Rule) -> Iterator[Finding]:
    date, year, level = ctx.report.date, ctx.report.year, ctx.report.level
    if date is None or not _datable(year) or not level or date <= dt.date(year, 12, 31):
        return
    due = deadline(level, year)
    if date > due:
        yield r.at(field_cell("date"), "government" if level in spec.LEVELS_DUE_MARCH else "",
                   expected=due.isoformat(), actual=date.isoformat(), date=date, due=due, level=level)
