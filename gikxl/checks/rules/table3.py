"""Table 3 — 收到和处理政府信息公开申请情况: the 勾稽关系 and the totals."""

from __future__ import annotations

from collections.abc import Iterator

from gikxl import spec
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.rules import Context, check, finding, number, rule, short_label, sum_findings, table_cell

E = Severity.ERROR
_N_RESULTS = len(spec.T3_RESULT_ROWS)
_N_APPLICANTS = len(spec.T3_APPLICANT_COLS)

T3_BALANCE = rule(
    "T3-BALANCE", "requests-unbalanced", E, "表三勾稽关系不平衡",
    what=(
        "表三每一列：“一、本年新收” + “二、上年结转” = “（七）总计” + “四、结转下年度继续办理”"
        "（表格自带的说明：第一项加第二项之和，等于第三项加第四项之和）。"
    ),
    why=(
        "这是官方格式规定的唯一勾稽关系：本年要处理的申请（新收加结转）要么办结、要么结转下年。"
        "不平衡说明有申请漏计、重复统计或填错了行，上级审核和社会公众一眼就能看出。"
    ),
    example=(
        "“自然人”列新收 38、上年结转 3，共 41；办理结果合计 39、结转下年度 3，共 42，相差 1。"
        "若办理结果无误，结转下年度应为 2。"
    ),
)
T3_COL_TOTAL = rule(
    "T3-COL-TOTAL", "result-total-mismatch", E, "表三“（七）总计”与办理结果之和不符",
    what=(
        f"表三每一列：“（七）总计”等于从“（一）予以公开”到“（六）其他处理 3.其他”"
        f"共 {_N_RESULTS} 项办理结果之和。"
    ),
    why="模板中“（七）总计”是求和公式；不符说明公式被改成了数字，或明细有误，发布的合计就是错的。",
    example="“商业企业”列各项办理结果之和为 4，“（七）总计”却手工填了 5。应为 4，并恢复求和公式。",
)
T3_ROW_TOTAL = rule(
    "T3-ROW-TOTAL", "applicant-total-mismatch", E, "表三“总计”列与各类申请人之和不符",
    what=f"表三每一行：“总计”列等于{_N_APPLICANTS}类申请人（自然人及五类法人或其他组织）之和。",
    why="模板中“总计”列是求和公式；不符说明公式被改成了数字，发布的合计与明细矛盾。",
    example="“（一）予以公开”行六类申请人之和为 21，“总计”却填了 22。应为 21。",
)


@check
def balance(ctx: Context) -> Iterator[Finding]:
    """The 勾稽关系 per column, pinned at 结转下年度; knock-ons of a broken total are left out."""
    from gikxl.checks.schemas import equation_at

    failing = []
    for f in ctx.failures_of(T3_BALANCE.code):
        eq = equation_at(T3_BALANCE.code, f.cell)
        if not any((eq.block, *cell) in ctx.failing_targets for cell in (*eq.lhs, *eq.rhs)):
            failing.append(eq)
    derived = {eq.target[1] for eq in failing if spec.T3.is_derived(*eq.target)}
    for eq in failing:
        if eq.target[1] in derived and len(failing) > len(derived):
            continue  # the 总计 column only repeats the imbalance of the columns it sums
        r = ctx.report
        lhs = [r.value(eq.block, *c) for c in eq.lhs]
        rhs = [r.value(eq.block, *c) for c in eq.rhs]
        col = spec.T3.col(eq.target[1]).label
        diff = sum(rhs) - sum(lhs)
        expected = sum(lhs) - sum(rhs[:-1])
        hint = (f"若办理结果无误，“{short_label(eq.block, eq.target[0])}”应为 {number(expected)}"
                if expected >= 0 else "请核对新收、结转和办理结果各行")
        yield finding(
            T3_BALANCE, table_cell(eq.block, *eq.target),
            f"“{col}”列勾稽关系不平衡：{_terms(eq.block, eq.lhs, lhs)} = {number(sum(lhs))}，"
            f"而{_terms(eq.block, eq.rhs, rhs)} = {number(sum(rhs))}，相差 {number(abs(diff))}；{hint}",
            expected=expected if expected >= 0 else None, actual=rhs[-1],
            related=[table_cell(eq.block, *c)[1] for c in (*eq.lhs, *eq.rhs)],
        )


def _terms(block: str, cells: tuple[tuple[str, str], ...], values: list) -> str:
    """``一、本年新收 38 + 二、上年结转 3``."""
    return " + ".join(f"{short_label(block, row)} {number(v)}" for (row, _), v in zip(cells, values))


@check
def column_totals(ctx: Context) -> Iterator[Finding]:
    yield from sum_findings(ctx, T3_COL_TOTAL)


@check
def row_totals(ctx: Context) -> Iterator[Finding]:
    yield from sum_findings(ctx, T3_ROW_TOTAL)
