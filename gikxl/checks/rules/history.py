"""Against last year's workbook (``gikxl check F --previous LAST_YEAR``)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from gikxl import spec
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.rules import Context, cell_label, check, field_cell, finding, number, rule, table_cell

E, W = Severity.ERROR, Severity.WARNING

YEAR_NOT_PREVIOUS = rule(
    "YEAR-NOT-PREVIOUS", "previous-report-not-last-year", W, "对比的不是上一年度的报告",
    what="用 --previous 给出的工作簿，其报告年度不是本报告年度减 1。",
    why=(
        "跨年度核对（上年结转、现行有效件数、正文照抄）只对相邻两年有意义；"
        "年度不相邻时不做数字核对，以免误报。"
    ),
    example="核对 2025 年度报告时误选了 2023 年度的工作簿。请选择 2024 年度的工作簿。",
)
YEAR_CARRY_OVER = rule(
    "YEAR-CARRY-OVER", "carry-over-differs-from-last-year", E, "上年结转与上年报告不符",
    what="表三“二、上年结转政府信息公开申请数量”每一列，等于上年报告表三“四、结转下年度继续办理”同一列。",
    why=(
        "去年结转到今年的申请就是今年的“上年结转”；两者不符，说明有申请被漏计或重复统计，"
        "两年的报告互相矛盾。"
    ),
    example="上年报告“自然人”结转下年度 3 件，本年“上年结转”却填了 2。应为 3。",
)
YEAR_IN_FORCE = rule(
    "YEAR-IN-FORCE", "documents-in-force-do-not-carry", W, "现行有效件数与上年不衔接",
    what=(
        "表二：上年“现行有效件数” + 本年“制发件数” − 本年“废止件数” = 本年“现行有效件数”"
        "（规章、行政规范性文件各一行）。"
    ),
    why=(
        "现行有效件数应能由上年数字推算出来。不衔接往往是漏填了制发或废止，"
        "但文件也可能因有效期届满等原因失效，所以这是提醒，请核实。"
    ),
    example="上年现行有效 20 件，本年制发 4 件、废止 1 件，本年现行有效应为 23 件，却填了 25 件。",
)
YEAR_PROSE_COPIED = rule(
    "YEAR-PROSE-COPIED", "prose-copied-from-last-year", W, "正文照抄上年",
    what=(
        "某段正文与上年报告同一段相同或几乎相同（相似度 90% 以上，且不少于 30 字）。"
        "开头段落（依据《条例》编制本报告、统计期限等固定说明）每年相同是正常的，不比较。"
    ),
    why="年度报告应反映本年度的工作；年年照抄的段落是公众和考核中常被指出的问题。",
    example="“存在的主要问题”一段与上年报告一字不差。请根据本年度情况重写。",
)

#: Minimum length (characters) of a paragraph worth comparing; short ones ("无") repeat legitimately.
MIN_COPIED_CHARS = 30
SIMILAR = 0.9
#: Prose compared with last year's: all but the opening paragraph, which is standard wording.
_COMPARED = tuple(k for k, f in spec.FIELDS.items() if f.kind == "prose" and k != "intro")


@check
def against_previous(ctx: Context) -> Iterator[Finding]:
    prev = ctx.previous
    if prev is None:
        return
    r = ctx.report
    adjacent = True
    if r.year is not None and prev.year is not None and prev.year != r.year - 1:
        adjacent = False
        yield finding(
            YEAR_NOT_PREVIOUS, field_cell("year"),
            f"对比的上年工作簿（{prev.source or '上年文件'}）是 {prev.year} 年度的，本报告是 {r.year} 年度，"
            f"应使用 {r.year - 1} 年度的工作簿；本次不核对跨年度数字",
            expected=r.year - 1, actual=prev.year,
        )
    if adjacent:
        yield from _carry_over(ctx)
        yield from _in_force(ctx)
    if r.year is None or prev.year is None or prev.year < r.year:
        yield from _copied(ctx)  # (not against the same year's report given by mistake)


def _carry_over(ctx: Context) -> Iterator[Finding]:
    r, prev = ctx.report, ctx.previous
    for col in spec.T3_APPLICANT_COLS:
        now, last = r.value("t3", "carried", col), prev.value("t3", "carry_next", col)
        if now is None or last is None or now == last:
            continue
        _, last_cell = table_cell("t3", "carry_next", col)
        yield finding(
            YEAR_CARRY_OVER, table_cell("t3", "carried", col),
            f"{cell_label('t3', 'carried', col)}为 {number(now)}，但上年报告“结转下年度继续办理”"
            f"为 {number(last)}（上年工作簿 {last_cell}）；应为 {number(last)}",
            expected=last, actual=now,
        )


def _in_force(ctx: Context) -> Iterator[Finding]:
    r, prev = ctx.report, ctx.previous
    block = spec.T2_RULES
    for row in block.rows:
        last = prev.value(block.key, row.key, "in_force")
        issued, repealed, now = (r.value(block.key, row.key, c) for c in ("issued", "repealed", "in_force"))
        if None in (last, issued, repealed, now):
            continue
        expected = last + issued - repealed
        if expected == now:
            continue
        yield finding(
            YEAR_IN_FORCE, table_cell(block.key, row.key, "in_force"),
            f"{row.label}：上年现行有效 {number(last)} + 本年制发 {number(issued)}"
            f" − 本年废止 {number(repealed)}"
            f" = {number(expected)}，本年现行有效却为 {number(now)}；请核实（文件也可能因到期等原因失效）",
            expected=expected, actual=now,
            related=[table_cell(block.key, row.key, c)[1] for c in ("issued", "repealed")],
        )


_SPACE = re.compile(r"\s+")


def _copied(ctx: Context) -> Iterator[Finding]:
    for key in _COMPARED:
        f = spec.FIELDS[key]
        now = _SPACE.sub("", ctx.report.prose(key))
        last = _SPACE.sub("", ctx.previous.prose(key))
        if len(now) < MIN_COPIED_CHARS or len(last) < MIN_COPIED_CHARS:
            continue
        if now == last:
            ratio = 1.0
        else:
            matcher = difflib.SequenceMatcher(None, now, last, autojunk=False)
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                continue
            ratio = matcher.ratio()
            if ratio < SIMILAR:
                continue
        same = "与上年报告完全相同" if ratio == 1.0 else f"与上年报告几乎相同（相似度 {ratio:.0%}）"
        yield finding(YEAR_PROSE_COPIED, field_cell(key), f"“{f.label}”{same}；请根据本年度情况撰写")
