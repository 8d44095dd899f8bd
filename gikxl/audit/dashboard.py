"""``年报审核汇总.html``: a static dashboard that needs no server, no network and no script.

One page: the counts by status, charts drawn as inline SVG (files by status,
the commonest problems, the units with most errors), the overview table with
links to the files, each unit's findings in a ``<details>``, and the summed
official tables. Jinja2 escapes every value; a Content-Security-Policy that
allows no script and no outside resource is the second lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from gikxl.audit.indicators import CHANGE, INDICATORS, MARK_LABELS, shown, shown_change
from gikxl.audit.summary import STATUSES, Audit
from gikxl.audit.xlsx import MARK_FILLS, STATUS_FILLS, has_changes, link_target

ERROR_COLOUR = "#C0392B"
WARNING_COLOUR = "#E0A800"
RATE_COLOUR = "#4472C4"
#: A 纠错率 bar by the threshold's mark.
MARK_COLOURS = {"red": ERROR_COLOUR, "yellow": WARNING_COLOUR, "": "#7F9CC9"}
#: Bars a chart shows at most; the rest are in the tables below it.
MAX_BARS = 15


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str
    y: int
    width: float
    text: str = ""
    """The value as shown, when not the plain number (a percentage)."""

    @property
    def shown(self) -> str:
        return self.text or (str(self.value) if isinstance(self.value, int) else f"{self.value:g}")


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart laid out for SVG."""

    title: str
    bars: tuple[Bar, ...]
    width: int = 720
    label_width: int = 260
    bar_height: int = 22
    gap: int = 8

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (self.bar_height + self.gap) + self.gap

    @property
    def plot_width(self) -> int:
        return self.width - self.label_width - 60


def bar_chart(title: str, items: Sequence[tuple[str, float, str]], width: int = 720, label_width: int = 260,
              texts: list[str] | None = None, top: float | None = None) -> Chart:
    """Bars of ``(label, value, colour)`` scaled to ``top`` (default: the largest value)."""
    chart = Chart(title, (), width, label_width)
    top = top or max((v for _, v, _ in items), default=0) or 1
    texts = texts or [""] * len(items)
    bars = tuple(
        Bar(label if len(label) <= 18 else label[:17] + "…", value, colour,
            chart.gap + i * (chart.bar_height + chart.gap), chart.plot_width * value / top, text)
        for i, ((label, value, colour), text) in enumerate(zip(items[:MAX_BARS], texts, strict=False))
    )
    return Chart(title, bars, width, label_width)


@dataclass(frozen=True)
class IndicatorLine:
    """A unit's line of the ranked table: its indicators as shown, and its mark."""

    rank: int
    name: str
    file: str
    cells: tuple[str, ...]
    changes: tuple[str, ...]
    mark: str


def indicator_lines(audit: Audit) -> list[IndicatorLine]:
    changes = has_changes(audit)
    return [
        IndicatorLine(
            n, r.org or r.file, r.file, tuple(shown(r.indicators.get(i.key), i.kind) for i in INDICATORS),
            tuple(shown_change(r.indicators.get(i.key + CHANGE), i.kind) for i in INDICATORS) if changes else (),
            audit.mark(r))
        for n, r in enumerate(audit.with_indicators, 1)
    ]


def indicator_charts(audit: Audit) -> list[Chart]:
    """公开率 by unit (ranked, as the table), and the higher 纠错率 of each unit coloured by its mark;
    a unit whose rate is unknown has no bar."""
    out = []
    rows = [r for r in audit.with_indicators if r.indicators.get("disclosure_rate") is not None]
    if rows:
        rates = [float(r.indicators["disclosure_rate"] or 0) for r in rows]
        bars = [(r.org or r.file, v, RATE_COLOUR) for r, v in zip(rows, rates, strict=True)]
        out.append(bar_chart("各单位公开率", bars, texts=[shown(v, "rate") for v in rates], top=1))
    worst = []
    for r in audit.with_indicators:
        known = [float(v) for k in ("review_correction_rate", "suit_correction_rate")
                 if (v := r.indicators.get(k)) is not None]
        if known:
            worst.append((r, max(known)))
    worst.sort(key=lambda x: (-x[1], x[0].org or x[0].file))
    if worst:
        out.append(bar_chart("各单位纠错率（复议、诉讼中较高者）",
                             [(r.org or r.file, v, MARK_COLOURS[audit.mark(r)]) for r, v in worst],
                             texts=[shown(v, "rate") for _, v in worst], top=max(v for _, v in worst) or 1))
    return out


def charts(audit: Audit) -> list[Chart]:
    out = [bar_chart("各状态文件数", [(s, audit.number(s), STATUS_FILLS[s]) for s in STATUSES],
                     width=560, label_width=120)]
    common = [(f"{c.code} {c.title}", c.units, ERROR_COLOUR if c.severity.value == "error" else WARNING_COLOUR)
              for c in audit.codes if c.severity.value != "info"]
    if common:
        out.append(bar_chart("常见问题（出现该问题的单位数）", common))
    worst = sorted((r for r in audit.rows if r.errors), key=lambda r: (-r.errors, r.file))
    if worst:
        out.append(bar_chart("错误最多的单位（错误个数）", [(r.org or r.file, r.errors, ERROR_COLOUR) for r in worst]))
    return out


def render_dashboard(audit: Audit, folder: Path, out_dir: Path) -> str:
    """The page's HTML; links are relative from ``out_dir`` to the files under ``folder``."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    from gikxl.report.grid import table_grid
    from gikxl.report.html import CSS as REPORT_CSS
    from gikxl.report.html import table_html
    from gikxl.text import safe_text

    def finalize(value: object) -> object:
        # Escaping stops markup; display controls (bidi overrides) in a unit's text go too.
        return safe_text(value) if isinstance(value, str) and not isinstance(value, Markup) else value

    env = Environment(loader=PackageLoader("gikxl.audit", "templates"), autoescape=select_autoescape(["j2"]),
                      trim_blocks=True, lstrip_blocks=True, finalize=finalize)
    links = {r.file: quote(link_target(folder, out_dir, r.file)) for r in audit.rows if r.file}
    # table_html escapes every label and figure itself (gikxl.report.html.escape).
    tables = [Markup(table_html(table_grid(audit.summed, s.table.number))) for s in audit.sums]
    return env.get_template("dashboard.html.j2").render(
        audit=audit, statuses=STATUSES, fills=STATUS_FILLS, charts=charts(audit), links=links,
        sums=list(zip(audit.sums, tables, strict=True)), report_css=Markup(REPORT_CSS),
        indicators=INDICATORS, indicator_lines=indicator_lines(audit), indicator_charts=indicator_charts(audit),
        mark_labels=MARK_LABELS, mark_fills=MARK_FILLS,
    )
