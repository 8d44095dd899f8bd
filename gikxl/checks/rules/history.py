"""Against last year's workbook (``gikxl check F --previous LAST_YEAR``)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator

from gikxl import spec
from gikxl.bodies import body_key, same_body
from gikxl.checks.context import Context, cell_label, field_cell, number, table_cell
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.rule import Rule, rule
from gikxl.workbook.model import AnnualReport

E, W = Severity.ERROR, Severity.WARNING

#: Minimum length (characters) of a paragraph worth comparing; short ones ("无") repeat legitimately.
MIN_COPIED_CHARS = 30
SIMILAR = 0.9
#: Most steps difflib's matching may take on one pair of paragraphs (some 0.05 s). Its work grows with
#: the product of how often each character occurs in the two texts: a whole published report's text,
#: some 2,500 characters, comes to about 100,000; one character repeated through a full cell, 10⁹.
DIFF_BUDGET = 100_000
#: Prose compared with last year's: all but the opening paragraph, which is standard wording.
_COMPARED = tuple(k for k, f in spec.FIELDS.items() if f.kind == "prose" and k != "intro")


def _years_apart(ctx: Context) -> bool:
    """Whether last year's report is of a year other than the one before this report's."""
    prev, year = ctx.previous, ctx.report.year
    return prev is not None and year is not None and prev.year is not None and prev.year != year - 1


def _other_body(ctx: Context) -> bool:
    """Whether last year's report names a body other than this report's (both names filled; one
    name with its parent region in front, 淮安市洪泽区人民政府 for 洪泽区人民政府, is the same body)."""
    prev = ctx.previous
    if prev is None:
        return False
    now, last = body_key(ctx.report.org), body_key(prev.org)
    return bool(now and last and not same_body(now, last))


def _last_year(ctx: Context) -> AnnualReport | None:
    """Last year's report, when it is one whose figures carry over to this one: the year before's,
    of the same body."""
    return None if _years_apart(ctx) or _other_body(ctx) else ctx.previous


@rule(
    "YEAR-OTHER-BODY", W, "对比的是其他机关的报告",
    what=(
        "用 --previous 给出的工作簿，其“机关名称”与本报告不同（忽略空格和全角半角的差别；"
        "名称前多写或少写上级行政区划的，如“洪泽区人民政府”与“淮安市洪泽区人民政府”，视为同一机关）。"
        "此时不核对上年结转、现行有效件数等跨年度数字。"
    ),
    why=(
        "上年结转和现行有效件数只能与本机关上一年度的报告衔接；拿其他机关的数字比，"
        "报出的“不符”都是误报。多半是选错了文件。"
    ),
    example=(
        "核对“白马镇人民政府”2025 年度报告时，误选了“草场镇人民政府”2024 年度的工作簿。"
        "请选择本机关上年度的工作簿；若机关更名，可忽略此提醒。"
    ),
    messages={
        "": "对比的上年工作簿（{source}）是“{previous}”的报告，本报告是“{org}”的；"
            "请使用本机关上年度的工作簿（机关更名的可忽略）；本次不核对跨年度数字",
    },
)
def previous_report_of_another_body(ctx: Context, r: Rule) -> Iterator[Finding]:
    prev = ctx.previous
    if prev is not None and _other_body(ctx):
        org, last = str(ctx.report.org).strip(), str(prev.org).strip()
        yield r.at(field_cell("org"), expected=org, actual=last,
                   source=prev.source or "上年文件", previous=last, org=org)


@rule(
    "YEAR-NOT-PREVIOUS", W, "对比的不是上一年度的报告",
    what="用 --previous 给出的工作簿，其报告年度不是本报告年度减 1。",
    why=(
        "跨年度核对（上年结转、现行有效件数、正文照抄）只对相邻两年有意义；"
        "年度不相邻时不做数字核对，以免误报。"
    ),
    example="核对 2025 年度报告时误选了 2023 年度的工作簿。请选择 2024 年度的工作簿。",
    messages={
        "": "对比的上年工作簿（{source}）是 {previous} 年度的，本报告是 {year} 年度，"
            "应使用 {expected_year} 年度的工作簿；本次不核对跨年度数字",
    },
)
def previous_report_not_last_year(ctx: Context, r: Rule) -> Iterator[Finding]:
    prev, year = ctx.previous, ctx.report.year
    if prev is not None and year is not None and _years_apart(ctx):
        yield r.at(field_cell("year"), expected=year - 1, actual=prev.year,
                   source=prev.source or "上年文件", previous=prev.year, year=year, expected_year=year - 1)


@rule(
    "YEAR-CARRY-OVER", E, "上年结转与上年报告不符",
    what="表三“二、上年结转政府信息公开申请数量”每一列，等于上年报告表三“四、结转下年度继续办理”同一列。",
    why=(
        "去年结转到今年的申请就是今年的“上年结转”；两者不符，说明有申请被漏计或重复统计，"
        "两年的报告互相矛盾。"
    ),
    example="上年报告“自然人”结转下年度 3 件，本年“上年结转”却填了 2。应为 3。",
    messages={
        "": "{label}为 {now}，但上年报告“结转下年度继续办理”为 {last}（上年工作簿 {last_cell}）；应为 {last}",
    },
)
def carry_over_differs_from_last_year(ctx: Context, r: Rule) -> Iterator[Finding]:
    prev = _last_year(ctx)
    if prev is None:
        return
    for col in spec.T3_APPLICANT_COLS:
        now, last = ctx.report.value("t3", "carried", col), prev.value("t3", "carry_next", col)
        if now is None or last is None or now == last:
            continue
        yield r.at(table_cell("t3", "carried", col), expected=last, actual=now,
                   label=cell_label("t3", "carried", col), now=number(now), last=number(last),
                   last_cell=table_cell("t3", "carry_next", col)[1])


@rule(
    "YEAR-IN-FORCE", W, "现行有效件数与上年不衔接",
    what=(
        "表二：上年“现行有效件数” + 本年“制发件数” − 本年“废止件数” = 本年“现行有效件数”"
        "（规章、行政规范性文件各一行）。"
    ),
    why=(
        "现行有效件数应能由上年数字推算出来。不衔接往往是漏填了制发或废止，"
        "但文件也可能因有效期届满等原因失效，所以这是提醒，请核实。"
    ),
    example="上年现行有效 20 件，本年制发 4 件、废止 1 件，本年现行有效应为 23 件，却填了 25 件。",
    messages={
        "": "{row}：上年现行有效 {last} + 本年制发 {issued} − 本年废止 {repealed} = {sum}，"
            "本年现行有效却为 {now}；请核实（文件也可能因到期等原因失效）",
    },
)
def documents_in_force_do_not_carry(ctx: Context, r: Rule) -> Iterator[Finding]:
    prev = _last_year(ctx)
    if prev is None:
        return
    block = spec.T2_RULES
    for row in block.rows:
        last = prev.value(block.key, row.key, "in_force")
        issued, repealed, now = (ctx.report.value(block.key, row.key, c) for c in ("issued", "repealed", "in_force"))
        if None in (last, issued, repealed, now) or last + issued - repealed == now:
            continue
        if now + repealed < issued:
            continue  # impossible within this year alone: T2-IN-FORCE-BELOW-NET says so, an error
        yield r.at(table_cell(block.key, row.key, "in_force"), expected=last + issued - repealed, actual=now,
                   related=[table_cell(block.key, row.key, c)[1] for c in ("issued", "repealed")],
                   row=row.label, last=number(last), issued=number(issued), repealed=number(repealed),
                   sum=number(last + issued - repealed), now=number(now))


@rule(
    "YEAR-PROSE-COPIED", W, "正文照抄上年",
    what=(
        "某段正文与上年报告同一段相同或几乎相同（相似度 90% 以上，且不少于 30 字）。"
        "开头段落（依据《条例》编制本报告、统计期限等固定说明）每年相同是正常的，不比较。"
        "数千字的长段落按连续三个字的片段估算相似度。"
    ),
    why="年度报告应反映本年度的工作；年年照抄的段落是公众和考核中常被指出的问题。",
    example="“存在的主要问题”一段与上年报告一字不差。请根据本年度情况重写。",
    messages={
        "same": "“{label}”与上年报告完全相同；请根据本年度情况撰写",
        "similar": "“{label}”与上年报告几乎相同（相似度 {ratio:.0%}）；请根据本年度情况撰写",
    },
)
def prose_copied_from_last_year(ctx: Context, r: Rule) -> Iterator[Finding]:
    prev, year = ctx.previous, ctx.report.year
    if prev is None or (year is not None and prev.year is not None and prev.year >= year):
        return  # (not against the same year's report given by mistake)
    for key in _COMPARED:
        ratio = _similarity(ctx.report.prose(key), prev.prose(key))
        if ratio is not None:
            yield r.at(field_cell(key), "same" if ratio == 1.0 else "similar",
                       label=spec.FIELDS[key].label, ratio=ratio)


_SPACE = re.compile(r"\s+")


def _similarity(now: str, last: str) -> float | None:
    """How alike two paragraphs are, when they are long and alike enough to call one a copy.

    difflib's ratio, as long as its work stays within :data:`DIFF_BUDGET` (every paragraph of a
    real report); past it, :func:`_shared_ratio`, which takes linear time on any text (a paragraph of
    thousands of characters, or a few characters repeated: difflib could take minutes).
    """
    now, last = _SPACE.sub("", now), _SPACE.sub("", last)
    if len(now) < MIN_COPIED_CHARS or len(last) < MIN_COPIED_CHARS:
        return None
    if now == last:
        return 1.0
    size = len(now) + len(last)
    if 2 * min(len(now), len(last)) / size < SIMILAR:  # (difflib's real_quick_ratio)
        return None
    in_now, in_last = Counter(now), Counter(last)
    if 2 * sum((in_now & in_last).values()) / size < SIMILAR:  # (its quick_ratio: the characters alone)
        return None
    work = sum(n * in_last[ch] for ch, n in in_now.items())
    if work > DIFF_BUDGET:
        ratio = _shared_ratio(now, last)
    else:
        ratio = difflib.SequenceMatcher(None, now, last, autojunk=False).ratio()
    return ratio if ratio >= SIMILAR else None


def _shared_ratio(now: str, last: str) -> float:
    """The share of characters, in both texts, that lie in a run of three characters the other
    text also holds.

    For a copy with scattered edits this is within a point or two of difflib's ratio (a changed
    character is lost, its neighbours are still covered from the other side); two different
    reports share some two thirds (set phrases). Since ``quick_ratio`` came first, both texts hold
    much the same characters, so a text that repeats last year's twice does not pass for a copy.
    Linear in the texts' length: a set of three-character runs and one pass over each text.
    """
    ours, theirs = _runs(now), _runs(last)
    return (_covered(ours, set(theirs), len(now)) + _covered(theirs, set(ours), len(last))) / (len(now) + len(last))


def _runs(text: str) -> list[str]:
    """Every run of three characters of ``text``, by where it starts."""
    return [text[i:i + 3] for i in range(len(text) - 2)]


def _covered(runs: list[str], other: set[str], length: int) -> int:
    """How many of the ``length`` characters lie in one of ``runs`` that is among ``other``."""
    covered, reach = 0, 0  # reach: just past the last shared run seen so far
    for i in range(length):
        if i < len(runs) and runs[i] in other:
            reach = i + 3
        covered += i < reach
    return covered
