"""Table 3 — 收到和处理政府信息公开申请情况: the 勾稽关系 and the totals."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from gikxl import spec
from gikxl.checks.context import Context, number, short_label, table_cell
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.invariants import Balance, Cell, Equation, Totals, equation_at
from gikxl.checks.rule import Rule, rule
from gikxl.checks.rules import BLANKS_UNKNOWN, SUM_MESSAGES, blank_names, sum_findings

E = Severity.ERROR
_N_RESULTS = len(spec.T3_RESULT_ROWS)
_N_APPLICANTS = len(spec.T3_APPLICANT_COLS)
_N_LEGAL = "一二三四五六七八九"[len(spec.T3_LEGAL_COLS) - 1]
_FIRST_RESULT = spec.T3.row(spec.T3_RESULT_ROWS[0]).label
_LAST_RESULT = " ".join(spec.T3.row(spec.T3_RESULT_ROWS[-1]).path[1:])


@rule(
    "T3-BALANCE", E, "表三勾稽关系不平衡",
    what=(
        "表三每一列：“一、本年新收” + “二、上年结转” = “（七）总计” + “四、结转下年度继续办理”"
        f"（表格自带的说明：{spec.T3_BALANCE_RULE}）。"
        f"{BLANKS_UNKNOWN}"
    ),
    why=(
        "这是官方格式规定的唯一勾稽关系：本年要处理的申请（新收加结转）要么办结、要么结转下年。"
        "不平衡说明有申请漏计、重复统计或填错了行，上级审核和社会公众一眼就能看出。"
    ),
    example=(
        "“自然人”列新收 38、上年结转 3，共 41；办理结果合计 39、结转下年度 3，共 42，相差 1。"
        "若办理结果无误，结转下年度应为 2。"
    ),
    messages={
        "": "“{col}”列勾稽关系不平衡：{lhs} = {lhs_sum}，而{rhs} = {rhs_sum}，相差 {diff}；"
            "若办理结果无误，“{target}”应为 {should}",
        "negative": "“{col}”列勾稽关系不平衡：{lhs} = {lhs_sum}，而{rhs} = {rhs_sum}，相差 {diff}；"
                    "请核对新收、结转和办理结果各行",
        "partial": "“{col}”列勾稽关系不平衡：{big}，至少为 {big_sum}，已大于{small} = {small_sum}；"
                   "{blanks}未填有效数字，但各项都不小于 0，无论填多少都不能平衡：请核对新收、结转和办理结果各行",
    },
    invariant=Balance(),
)
def requests_unbalanced(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The 勾稽关系 per column, pinned at 结转下年度; knock-ons of a broken total are left out."""
    assert isinstance(r.invariant, Balance)
    failing = []
    for cell in ctx.failures_of(r):
        eq = equation_at(r.invariant, cell)
        if not any(c in ctx.failing_totals for c in eq.cells()):
            failing.append(eq)
    derived = {eq.target[1] for eq in failing if spec.T3.is_derived(*eq.target)}
    for eq in failing:
        if eq.target[1] in derived and len(failing) > len(derived):
            continue  # the 总计 column only repeats the imbalance of the columns it sums
        yield _imbalance(ctx, r, eq)


def _imbalance(ctx: Context, r: Rule, eq: Equation) -> Finding:
    unknown = ctx.unknown(eq.cells())
    if unknown:
        return _partial_imbalance(ctx, r, eq, unknown)
    lhs = [ctx.report.value(eq.block, *c) for c in eq.lhs]
    rhs = [ctx.report.value(eq.block, *c) for c in eq.rhs]
    expected = sum(lhs) - sum(rhs[:-1])
    return r.at(
        table_cell(eq.block, *eq.target), "" if expected >= 0 else "negative",
        expected=expected if expected >= 0 else None, actual=rhs[-1],
        related=[table_cell(eq.block, *c)[1] for c in (*eq.lhs, *eq.rhs)],
        col=spec.T3.col(eq.target[1]).label, lhs=_terms(eq.block, eq.lhs, lhs), lhs_sum=number(sum(lhs)),
        rhs=_terms(eq.block, eq.rhs, rhs), rhs_sum=number(sum(rhs)), diff=number(abs(sum(rhs) - sum(lhs))),
        target=short_label(eq.block, eq.target[0]), should=number(expected),
    )


def _partial_imbalance(ctx: Context, r: Rule, eq: Equation, unknown: list[Cell]) -> Finding:
    """The 勾稽关系 fails whatever the missing figures are: the side with them already exceeds the other."""
    def side(cells: tuple[tuple[str, str], ...]) -> tuple[float, str]:
        terms, least = [], 0.0
        for row, col in cells:
            lo, hi = ctx.bounds[(eq.block, row, col)]
            least += lo
            name = short_label(eq.block, row)
            if lo == hi:
                terms.append(f"{name} {number(lo)}")
            else:  # a total over a blank counts what is filled in; a blank counts as at least 0
                terms.append(f"{name}（已填部分）{number(lo)}" if lo else f"{name}（未填）")
        return least, " + ".join(terms)

    (lhs_least, lhs), (rhs_least, rhs) = side(eq.lhs), side(eq.rhs)
    big, small = ((lhs, lhs_least), (rhs, rhs_least)) if lhs_least > rhs_least else ((rhs, rhs_least), (lhs, lhs_least))
    return r.at(
        table_cell(eq.block, *eq.target), "partial", actual=ctx.report.value(eq.block, *eq.target),
        related=[table_cell(eq.block, *c)[1] for c in (*eq.lhs, *eq.rhs)],
        col=spec.T3.col(eq.target[1]).label, big=big[0], big_sum=number(big[1]), small=small[0],
        small_sum=number(small[1]), blanks=blank_names(unknown),
    )


def _terms(block: str, cells: tuple[tuple[str, str], ...], values: Sequence[Any]) -> str:
    """``一、本年新收 38 + 二、上年结转 3``."""
    return " + ".join(f"{short_label(block, row)} {number(v)}" for (row, _), v in zip(cells, values, strict=True))


@rule(
    "T3-COL-TOTAL", E, "表三“（七）总计”与办理结果之和不符",
    what=(
        f"表三每一列：“（七）总计”等于从“{_FIRST_RESULT}”到“{_LAST_RESULT}”"
        f"共 {_N_RESULTS} 项办理结果之和。{BLANKS_UNKNOWN}"
    ),
    why="模板中“（七）总计”是求和公式；不符说明公式被改成了数字，或明细有误，发布的合计就是错的。",
    example="“商业企业”列各项办理结果之和为 4，“（七）总计”却手工填了 5。应为 4，并恢复求和公式。",
    messages=SUM_MESSAGES,
    invariant=Totals(spec.T3.key, "row"),
)
def result_total_mismatch(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from sum_findings(ctx, r)


@rule(
    "T3-ROW-TOTAL", E, "表三“总计”列与各类申请人之和不符",
    what=f"表三每一行：“总计”列等于{_N_APPLICANTS}类申请人（自然人及{_N_LEGAL}类法人或其他组织）之和。{BLANKS_UNKNOWN}",
    why="模板中“总计”列是求和公式；不符说明公式被改成了数字，发布的合计与明细矛盾。",
    example="“（一）予以公开”行六类申请人之和为 21，“总计”却填了 22。应为 21。",
    messages=SUM_MESSAGES,
    invariant=Totals(spec.T3.key, "col"),
)
def applicant_total_mismatch(ctx: Context, r: Rule) -> Iterator[Finding]:
    yield from sum_findings(ctx, r)
