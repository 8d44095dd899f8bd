"""The county's indicators of each unit: how much it received and disclosed, how often a review
or a court corrected it, and the change from last year.

Computed once from the figures a worker sends (:attr:`UnitResult.figures`), the rows and
columns named by :mod:`gikxl.spec`. The workers leave every total ``None``, so （七）总计 and each
group's cases are summed here from their parts. A figure that is unknown (blank, unread) makes
every indicator it feeds unknown (``None``): none is computed from a guess. A denominator of 0
gives ``None`` too, shown as “—”, never as 0 %.

Thresholds mark a unit whose 复议纠错率 or 诉讼纠错率 is above them: :func:`read_thresholds`
reads them from a small ``键 = 值`` file (or the same keys in JSON).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gikxl import spec
from gikxl.errors import GikxlError
from gikxl.report.highlights import share
from gikxl.text import safe_text

Value = float | int | None
Figures = Mapping[str, Sequence[Sequence[Value]]]


@dataclass(frozen=True)
class Indicator:
    key: str
    """The key in ``--json``; its change from last year is under ``<key>_change``."""
    label: str
    kind: Literal["count", "rate"]


INDICATORS = (
    Indicator("new_requests", "新收申请", "count"),
    Indicator("disclosure_rate", "公开率", "rate"),
    Indicator("denial_rate", "不予公开率", "rate"),
    Indicator("unable_rate", "无法提供率", "rate"),
    Indicator("review_correction_rate", "复议纠错率", "rate"),
    Indicator("suit_correction_rate", "诉讼纠错率", "rate"),
)
#: The indicators the thresholds mark a unit by.
MARKED = ("review_correction_rate", "suit_correction_rate")
CHANGE = "_change"
RED, YELLOW = "red", "yellow"
MARK_LABELS = {RED: "红", YELLOW: "黄"}
DASH = "—"

_T3_COLS = spec.T3_APPLICANT_COLS
_DENY = tuple(r.key for r in spec.T3.rows if r.key.startswith("deny_"))
_UNABLE = tuple(r.key for r in spec.T3.rows if r.key.startswith("unable_"))
#: Row and column positions by key, of the blocks the indicators read.
_AT = {b.key: ({r.key: i for i, r in enumerate(b.rows)}, {c.key: j for j, c in enumerate(b.cols)})
       for b in (spec.T3, spec.T4)}


def _cells(figures: Figures, block: spec.Block, rows: Iterable[str], cols: Iterable[str]) -> int | float | None:
    """The sum of the cells ``rows × cols`` of ``block``, or ``None`` when any is unknown."""
    grid = figures.get(block.key)
    if not grid:
        return None
    row_at, col_at = _AT[block.key]
    cols = tuple(cols)
    total: int | float = 0
    for r in rows:
        for c in cols:
            value = grid[row_at[r]][col_at[c]]
            if value is None:
                return None
            total += value
    return total


def _t3(figures: Figures, rows: Iterable[str]) -> int | float | None:
    """Rows of table 三 over all six kinds of applicant (its 总计 column, recomputed)."""
    return _cells(figures, spec.T3, rows, _T3_COLS)


def _t4(figures: Figures, groups: Sequence[str], outcomes: Iterable[str]) -> int | float | None:
    return _cells(figures, spec.T4, ("count",), [f"{g}_{o}" for o in outcomes for g in groups])


def indicators_of(figures: Figures) -> dict[str, Value]:
    """Each indicator of one unit's figures by its key: a count, a fraction, or ``None``."""
    handled = _t3(figures, spec.T3_RESULT_ROWS)
    new = _t3(figures, ("new",))
    review = spec.T4_REVIEW_GROUPS
    suits = spec.T4_SUIT_GROUPS
    return {
        "new_requests": new,
        "disclosure_rate": share(_t3(figures, ("granted", "partial")), handled),
        "denial_rate": share(_t3(figures, _DENY), handled),
        "unable_rate": share(_t3(figures, _UNABLE), handled),
        "review_correction_rate": share(_t4(figures, review, ("corrected",)), _t4(figures, review, spec.T4_DECIDED)),
        "suit_correction_rate": share(_t4(figures, suits, ("corrected",)), _t4(figures, suits, spec.T4_DECIDED)),
    }


def with_changes(now: Mapping[str, Value], before: Mapping[str, Value] | None) -> dict[str, Value]:
    """``now`` and, when last year's indicators are known, ``<key>_change``: this year's less last
    year's (件 for a count, a fraction — 百分点 ÷ 100 — for a rate); ``None`` where either is unknown."""
    out = dict(now)
    if before is None:
        return out
    for ind in INDICATORS:
        a, b = now.get(ind.key), before.get(ind.key)
        out[ind.key + CHANGE] = None if a is None or b is None else a - b
    return out


# Showing ------------------------------------------------------------------------

def shown(value: Value, kind: str) -> str:
    """An indicator as a clerk reads it: ``12``, ``37.5%``, or ``—`` when unknown."""
    if value is None:
        return DASH
    if kind == "count":
        return str(value) if isinstance(value, int) else f"{value:g}"
    return f"{value * 100:.1f}%"


def shown_change(value: Value, kind: str) -> str:
    """A change from last year: ``+3``, ``-2.5个百分点``, or ``—``."""
    if value is None:
        return DASH
    if kind == "count":
        return f"{value:+d}" if isinstance(value, int) else f"{value:+g}"
    return f"{value * 100:+.1f}个百分点"


# Thresholds ---------------------------------------------------------------------

@dataclass(frozen=True)
class Thresholds:
    """A unit is marked red when a 纠错率 is above ``red``, yellow when above ``yellow`` (fractions)."""

    red: float = 0.15
    yellow: float = 0.10

    def mark(self, values: Mapping[str, Value]) -> str:
        """``"red"``, ``"yellow"`` or ``""`` for a unit's indicators."""
        rates = [v for k in MARKED if (v := values.get(k)) is not None]
        top = max(rates, default=None)
        if top is None:
            return ""
        if top > self.red:
            return RED
        return YELLOW if top > self.yellow else ""

    def to_json(self) -> dict[str, float]:
        return {RED: self.red, YELLOW: self.yellow}


#: The keys a thresholds file may set, in Chinese or English.
_KEYS = {"红色": RED, "红": RED, RED: RED, "黄色": YELLOW, "黄": YELLOW, YELLOW: YELLOW}
#: A thresholds file is a few lines: anything larger is not one.
_MAX_BYTES = 64 * 1024


def _percent(text: str, where: str) -> float:
    """``15``, ``15%`` or ``15 %`` as the fraction 0.15."""
    raw = text.strip().removesuffix("%").removesuffix("％").strip()
    try:
        value = float(raw)
    except ValueError:
        raise GikxlError(f"{where}：“{safe_text(text.strip())[:40]}”不是百分数，应写成如 15 或 15%。") from None
    if not 0 <= value <= 100:
        raise GikxlError(f"{where}：{value:g}% 不在 0 到 100 之间。")
    return value / 100


def _pairs_of_text(text: str, name: str) -> list[tuple[str, str, str]]:
    """(key, value, where) of each ``键 = 值`` line; ``#`` starts a comment."""
    pairs = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"阈值文件“{name}”第 {n} 行"
        key, sep, value = line.partition("=")
        if not sep:
            key, sep, value = line.partition("：") if "：" in line else line.partition(":")
        if not sep:
            raise GikxlError(f"{where}：“{safe_text(line)[:40]}”应写成“红色 = 15%”这样的“键 = 值”。")
        pairs.append((key.strip(), value, where))
    return pairs


def _pairs_of_json(text: str, name: str) -> list[tuple[str, str, str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GikxlError(f"阈值文件“{name}”第 {exc.lineno} 行：不是有效的 JSON（{exc.msg}）。") from None
    if not isinstance(data, dict):
        raise GikxlError(f"阈值文件“{name}”应为一个 JSON 对象，如 {{\"红色\": 15, \"黄色\": 10}}。")
    return [(str(k), str(v), f"阈值文件“{name}”中的“{safe_text(str(k))[:40]}”") for k, v in data.items()]


def read_thresholds(path: Path) -> Thresholds:
    """The thresholds a file sets (the others at their defaults); a bad file raises
    :class:`GikxlError` naming the line."""
    name = safe_text(path.name)
    try:
        with path.open("rb") as f:
            data = f.read(_MAX_BYTES + 1)
    except OSError as exc:
        raise GikxlError(f"无法读取阈值文件“{safe_text(path)}”：{exc.strerror or exc}。") from None
    if len(data) > _MAX_BYTES:
        raise GikxlError(f"阈值文件“{name}”超过 64 KB，不像阈值文件。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise GikxlError(f"阈值文件“{name}”不是 UTF-8 或 GBK 编码的文本。") from None
    reader = _pairs_of_json if path.suffix.lower() == ".json" else _pairs_of_text
    values: dict[str, float] = {}
    for key, value, where in reader(text, name):
        if key.lower() not in _KEYS:
            raise GikxlError(f"{where}：不认识的键“{safe_text(key)[:40]}”，只能是“红色”或“黄色”（red、yellow）。")
        values[_KEYS[key.lower()]] = _percent(value, where)
    out = Thresholds(**values)
    if out.yellow > out.red:
        raise GikxlError(f"阈值文件“{name}”：黄色阈值（{out.yellow * 100:g}%）高于红色阈值（{out.red * 100:g}%）。")
    return out
