"""``年报审核汇总.html``: a static dashboard that needs no server, no network and no script.

One page: the counts by status, charts drawn as inline SVG (files by status,
the commonest problems, the units with most errors), the overview table with
links to the files, each unit's findings in a ``<details>``, and the summed
official tables. Jinja2 escapes every value; a Content-Security-Policy that
allows no script and no outside resource is the second lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from gikxl.audit.summary import STATUSES, Audit
from gikxl.audit.xlsx import STATUS_FILLS, link_target

ERROR_COLOUR = "#C0392B"
WARNING_COLOUR = "#E0A800"
#: Bars a chart shows at most; the rest are in the tables below it.
MAX_BARS = 15


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str
    y: int
    width: float


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


def bar_chart(title: str, items: list[tuple[str, int, str]], width: int = 720, label_width: int = 260) -> Chart:
    """Bars of ``(label, value, colour)`` scaled to the largest value."""
    chart = Chart(title, (), width, label_width)
    top = max((v for _, v, _ in items), default=0) or 1
    bars = tuple(
        Bar(label if len(label) <= 18 else label[:17] + "…", value, colour,
            chart.gap + i * (chart.bar_height + chart.gap), chart.plot_width * value / top)
        for i, (label, value, colour) in enumerate(items[:MAX_BARS])
    )
    return Chart(title, bars, width, label_width)


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
    )
