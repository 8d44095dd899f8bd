"""The headline figures of a report, for the 一图读懂 poster and the 解读 beside it.

Both are built from the figures the report's tables hold, through the same
:class:`~gikxl.workbook.model.AnnualReport` the report is written from, with the
labels of :mod:`gikxl.spec`. Templates get plain data (:func:`highlights`): every
figure is a dict with its ``label``, its ``value`` (``None`` where the table is
blank) and ``text``, what a picture prints: the figure, or 未填报 for a blank,
never 0. With last year's report, each figure also has its ``change``.

A share is a figure over its whole, both as the table holds them. A blank part or
whole, or a whole of 0, gives no share (``None``, printed “—”), never 0 %. Each of
行政复议 and 行政诉讼 has its ``decided`` cases (the whole of its 纠错率), so a text
can tell a rate over no case from a blank; ``blanks`` names every figure left blank,
for a text to say once instead of a sentence about each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gikxl import spec
from gikxl.report.context import field_text, one_line, short_label
from gikxl.report.numbers import amount

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

#: What a picture prints for a figure the table left blank.
UNFILLED = "未填报"
#: What it prints for a share that cannot be computed (a blank, or nothing to divide by).
NO_SHARE = "—"
#: The label of their sum, the cases a correction rate is taken over.
DECIDED_LABEL = "已审结"
#: The labels of the shares, which no official table prints.
SHARE_LABELS = {
    "disclosed": "公开率",
    "correction": "纠错率",
}

Value = int | float | None


def _sum(values: list[Value]) -> Value:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def share(part: Value, whole: Value) -> float | None:
    """``part`` ÷ ``whole``, or ``None`` when either is blank or the whole is 0."""
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def share_text(value: float | None) -> str:
    """``37.5%``; ``—`` when there is no share."""
    return NO_SHARE if value is None else f"{value * 100:.1f}%"


#: Places kept for amounts, by unit: 万元 to the 元, 元 to the 分.
_PLACES = {"万元": 4, "元": 2}


def _amount_text(value: int | float, unit: str) -> str:
    return amount(value, _PLACES[unit]) if unit in _PLACES else str(int(value))


def _change_text(change: Value, unit: str) -> str:
    if change is None:
        return ""
    if change == 0:
        return "与上年持平"
    word = "增加" if change > 0 else "减少"
    size = _amount_text(abs(change), unit)
    return f"较上年{word}{size}{unit}"


def _short(change: Value, suffix: str = "") -> str:
    """A change in a few characters, for a table cell: ``+3``, ``-2.5个百分点``, ``持平``."""
    if change is None:
        return ""
    if change == 0:
        return "持平"
    return f"{change:+g}{suffix}"


def _share_change_text(change: float | None) -> str:
    if change is None:
        return ""
    points = round(change * 100, 1)
    if points == 0:
        return "与上年持平"
    return f"较上年{'上升' if points > 0 else '下降'}{abs(points):.1f}个百分点"


def figure(label: str, value: Value, before: Value = None, unit: str = "件", key: str = "") -> dict[str, Any]:
    """One figure as templates see it; ``before`` is last year's (``None``: unknown)."""
    change = None if value is None or before is None else value - before
    if isinstance(change, float):
        change = round(change, 4)
    text = UNFILLED if value is None else _amount_text(value, unit)
    return {
        "key": key, "label": label, "value": value, "text": text, "unit": "" if value is None else unit,
        "before": before, "change": change, "change_text": _change_text(change, unit),
        "change_short": _short(change),
    }


def share_figure(label: str, part: Value, whole: Value, before: float | None = None) -> dict[str, Any]:
    """A share as templates see it, with its change in 百分点 when last year's is known."""
    value = share(part, whole)
    change = None if value is None or before is None else value - before
    points = None if change is None else round(change * 100, 1)
    return {"key": "", "label": label, "value": value, "text": share_text(value), "unit": "", "before": before,
            "change": change, "change_text": _share_change_text(change), "change_short": _short(points, "个百分点")}


class _Figures:
    """This year's and (optionally) last year's report, read figure by figure."""

    def __init__(self, report: AnnualReport, previous: AnnualReport | None) -> None:
        self.report = report
        self.previous = previous

    def now(self, block: str, row: str, col: str) -> Value:
        return self.report.value(block, row, col)

    def before(self, block: str, row: str, col: str) -> Value:
        return self.previous.value(block, row, col) if self.previous is not None else None

    def cell(self, label: str, block: str, row: str, col: str, unit: str = "件") -> dict[str, Any]:
        return figure(label, self.now(block, row, col), self.before(block, row, col), unit,
                      key=f"{block}.{row}.{col}")

    def summed(self, label: str, block: str, rows: tuple[str, ...], col: str) -> dict[str, Any]:
        """The sum of rows of one column (a group of table 三's results)."""
        now = _sum([self.now(block, r, col) for r in rows])
        before = _sum([self.before(block, r, col) for r in rows]) if self.previous is not None else None
        return figure(label, now, before, key=f"{block}.{'+'.join(rows)}.{col}")


def _active(f: _Figures) -> dict[str, Any]:
    """主动公开: 规章 and 行政规范性文件 by 制发 / 废止 / 现行有效; 许可, 处罚, 强制; 收费."""
    rules = spec.T2_RULES
    docs = [{"label": r.label, "figures": [f.cell(c.label, rules.key, r.key, c.key) for c in rules.cols]}
            for r in rules.rows]
    decisions = [f.cell(r.label, b.key, r.key, b.cols[0].key)
                 for b in (spec.T2_PERMIT, spec.T2_ENFORCE) for r in b.rows]
    fee_row = spec.T2_FEE.rows[0]
    fee_col = spec.T2_FEE.cols[0]
    return {
        "docs_columns": [c.label for c in rules.cols],
        "docs": docs,
        "decisions_label": short_label(spec.T2_PERMIT.cols[0].label),
        "decisions": decisions,
        "fee_label": short_label(fee_col.label),
        "fee": f.cell(fee_row.label, spec.T2_FEE.key, fee_row.key, fee_col.key, unit="万元"),
    }


def _outcome_groups() -> list[tuple[str, str, tuple[str, ...]]]:
    """(key, label, rows) of the six outcomes of 三、本年度办理结果, each group of rows as one."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for row in spec.T3.rows:
        if row.key not in spec.T3_RESULT_ROWS:
            continue
        head = row.path[1]
        key = row.key if len(row.path) == 2 else row.key.split("_")[0]
        groups.setdefault(head, (key, []))[1].append(row.key)
    return [(key, short_label(head), tuple(rows)) for head, (key, rows) in groups.items()]


def _requests(f: _Figures) -> dict[str, Any]:
    """依申请公开: 新收 and 上年结转, the six outcomes with their shares of （七）总计, 结转下年度."""
    t3, total = spec.T3, "total"
    handled = f.cell(short_label(t3.row(total).label), t3.key, total, total)
    outcomes = []
    for key, label, rows in _outcome_groups():
        fig = f.summed(label, t3.key, rows, total)
        fig["key"] = key
        fig["share"] = share_figure("占总计", fig["value"], handled["value"], _before_share(f, rows))
        outcomes.append(fig)
    disclosed = [o for o in outcomes if o["key"] in ("granted", "partial")]
    disclosed_now = _sum([o["value"] for o in disclosed])
    return {
        "new": f.cell(short_label(t3.row("new").label), t3.key, "new", total),
        "carried": f.cell(short_label(t3.row("carried").label), t3.key, "carried", total),
        "handled": handled,
        "outcomes": outcomes,
        "disclosed": share_figure(SHARE_LABELS["disclosed"], disclosed_now, handled["value"],
                                  _before_share(f, ("granted", "partial"))),
        "carry_next": f.cell(short_label(t3.row("carry_next").label), t3.key, "carry_next", total),
        "result_title": short_label(t3.rows[2].path[0]),
    }


def _before_share(f: _Figures, rows: tuple[str, ...]) -> float | None:
    if f.previous is None:
        return None
    return share(_sum([f.before("t3", r, "total") for r in rows]), f.before("t3", "total", "total"))


def _lawsuit_group(f: _Figures, label: str, groups: tuple[str, ...]) -> dict[str, Any]:
    """One of 行政复议 and 行政诉讼 (both kinds of suit summed): counts by outcome, share corrected."""
    t4 = spec.T4.key

    def of(read: Any, outcome: str) -> Value:
        return _sum([read(t4, "count", f"{g}_{outcome}") for g in groups])

    outcomes = []
    for key, outcome_label in spec.T4_OUTCOMES:
        before = of(f.before, key) if f.previous is not None else None
        outcomes.append(figure(outcome_label, of(f.now, key), before, key=key))
    decided_now = _sum([of(f.now, k) for k in spec.T4_DECIDED])
    decided_before = _sum([of(f.before, k) for k in spec.T4_DECIDED]) if f.previous is not None else None
    before_share = share(of(f.before, "corrected"), decided_before) if f.previous is not None else None
    corrected = share_figure(SHARE_LABELS["correction"], of(f.now, "corrected"), decided_now, before_share)
    return {
        "label": label,
        "outcomes": outcomes,
        "total": outcomes[-1],
        # the whole of the 纠错率: a rate over 0 cases is no rate, and a text must say why
        "decided": figure(DECIDED_LABEL, decided_now, decided_before, key="decided"),
        "corrected": corrected,
        "figures": [*outcomes, corrected],
    }


def _lawsuits(f: _Figures) -> list[dict[str, Any]]:
    review_label = spec.T4.col(f"{spec.T4_REVIEW_GROUPS[0]}_total").path[0]
    suit_label = spec.T4.col(f"{spec.T4_SUIT_GROUPS[0]}_total").path[0]
    return [_lawsuit_group(f, review_label, spec.T4_REVIEW_GROUPS),
            _lawsuit_group(f, suit_label, spec.T4_SUIT_GROUPS)]


def highlights(report: AnnualReport, previous: AnnualReport | None = None, org: str | None = None) -> dict[str, Any]:
    """Every variable the poster and 解读 templates may use (documented in ``docs/report.md``).

    ``previous`` is last year's report (its figures give each ``change``); ``org`` names
    the body where the report's own field does not (the county's sum in an audit).
    """
    f = _Figures(report, previous)
    # a bidi override in a name would turn the rest of a title or a picture's line around
    name = one_line(org if org is not None else field_text(report, "org"))
    year = report.year
    fee = report.fields.get("info_fee")
    before_fee = previous.fields.get("info_fee") if previous is not None else None
    found: dict[str, Any] = {
        "org": name,
        "year": year,
        "previous_year": previous.year if previous is not None else None,
        "report_title": f"{name}{'' if year is None else f'{year}年'}{spec.REPORT_NAME}",
        "tables": {t.number: short_label(t.title) for t in spec.TABLES},
        "active": _active(f),
        "requests": _requests(f),
        "lawsuits": _lawsuits(f),
        "lawsuit_columns": [label for _, label in spec.T4_OUTCOMES] + [SHARE_LABELS["correction"]],
        "info_fee": figure(spec.FIELDS["info_fee"].label.split("（")[0], fee, before_fee, unit="元"),
        "unfilled": UNFILLED,
    }
    found["blanks"] = blank_names(found)
    return found


def blank_names(found: dict[str, Any]) -> list[str]:
    """The figures of :func:`highlights` the tables left blank, each named so that a reader
    finds it in its table (``行政规范性文件本年制发件数``, ``行政复议结果维持``), in table order.

    A text says these once instead of a sentence about each; the sums of them
    (已审结, the shares) are left out, since the figures they are made of are named."""
    active, requests = found["active"], found["requests"]
    named: list[tuple[str, Any]] = []
    named += [(doc["label"] + fig["label"], fig) for doc in active["docs"] for fig in doc["figures"]]
    named += [(fig["label"] + active["decisions_label"].removeprefix("本年"), fig) for fig in active["decisions"]]
    named.append((active["fee"]["label"] + "金额", active["fee"]))
    named += [(requests[k]["label"], requests[k]) for k in ("new", "carried")]
    result = requests["result_title"]
    named += [(f"{result}“{fig['label']}”", fig) for fig in requests["outcomes"]]
    named.append((f"{result}“{requests['handled']['label']}”", requests["handled"]))
    named.append((requests["carry_next"]["label"], requests["carry_next"]))
    named += [(group["label"] + fig["label"], fig) for group in found["lawsuits"] for fig in group["outcomes"]]
    named.append((found["info_fee"]["label"], found["info_fee"]))
    return [name for name, fig in named if fig["value"] is None]
