"""The county's 一图读懂: the poster of the tables summed over the units, and what it is titled.

The poster is :func:`gikxl.report.poster.render_poster` of :attr:`Audit.summed`, the same
picture a unit gets of its own report, with ``org`` naming the batch instead of one body:

- the place: the one government at the highest government level among the units counted
  (``青山县人民政府`` → ``青山县``), since a county's audit holds its own government's report
  beside its departments' and towns'; else the region every counted unit's name begins with
  (``青山县教育局``, ``青山县白马镇人民政府`` → ``青山县``); else the ``fallback`` (the audited
  folder's name);
- then ``各单位汇总（N个单位）`` when every table is summed over the same N units, or
  ``各单位汇总`` alone when the tables count different units (one left out of a table for its
  errors, or one whose 信息处理费 is blank left out of the fee's sum): the workbook's 汇总
  sheet, the dashboard and ``--json`` say which units each sum counts.
  The bracket keeps the count apart from the year the poster prints after the name.

A table no unit could be counted in is blank on the poster (未填报), never a row of zeros; the
信息处理费 is the sum of the fees the units counted state (:class:`~gikxl.audit.summary.FeeSum`).
With ``--previous-dir``, each figure's change is from the same units' reports of last year
(:attr:`~gikxl.audit.summary.Audit.summed_before`): only a table every counted unit was paired for.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from gikxl import spec
from gikxl.workbook.model import table_from_figures

if TYPE_CHECKING:
    from gikxl.audit.summary import Audit, Row
    from gikxl.workbook.model import AnnualReport

#: The levels of a government's own report, lowest first (as :data:`gikxl.spec.LEVELS` lists them).
GOVERNMENT_LEVELS = tuple(level for level in spec.LEVELS if level.endswith("人民政府"))
GOVERNMENT = "人民政府"
#: The last character of a region's name, where a shared beginning of names is cut (青山县|白马镇…).
REGION_ENDS = frozenset("省市县区旗州盟")
#: Longest shared beginning looked at: province, city and county names together are far shorter.
REGION_MAX = 30
#: What the title says of the units, and how many when every table counts the same ones.
SUMMED = "各单位汇总"
HOW_MANY = "（{n}个单位）"


def place_of(rows: list[Row]) -> str:
    """The place the counted units' one highest government names (``青山县``), or ``""``."""
    for level in reversed(GOVERNMENT_LEVELS):
        governments = {r.org.strip() for r in rows if r.level == level and r.org.strip().endswith(GOVERNMENT)}
        if governments:
            return governments.pop().removesuffix(GOVERNMENT) if len(governments) == 1 else ""
    return ""


def shared_region(rows: list[Row]) -> str:
    """The region every name of ``rows`` begins with (``青山县``), or ``""``."""
    names = [r.org.strip() for r in rows if r.org.strip()]
    if len(names) != len(rows) or not names:
        return ""
    shared = names[0][:REGION_MAX]
    for name in names[1:]:
        pairs = zip(shared, name, strict=False)  # up to the shorter
        shared = shared[:next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(shared), len(name)))]
    cut = max((i for i, ch in enumerate(shared) if ch in REGION_ENDS), default=-1)
    return shared[: cut + 1] if cut >= 1 else ""


def poster_title(audit: Audit, fallback: str | None = None) -> str:
    """What the county's poster names as its body: ``青山县各单位汇总（5个单位）``, ``青山县各单位汇总`` …"""
    from gikxl.report.context import one_line

    counted = {r.file: r for s in audit.sums for r in s.counted}
    rows = list(counted.values())
    # A unit's name is foreign text: on one line, and without the bidi controls that would reorder the title.
    place = one_line(place_of(rows) or shared_region(rows) or (audit.folder if fallback is None else fallback))
    numbers = {len(s.counted) for s in audit.sums} | {len(audit.fee.counted)}
    return place + SUMMED + (HOW_MANY.format(n=numbers.pop()) if len(numbers) == 1 else "")


def poster_report(audit: Audit) -> AnnualReport:
    """:attr:`Audit.summed`, with every table no unit was counted in left blank."""
    tables = dict(audit.summed.tables)
    for s in audit.sums:
        if not s.counted:
            tables.update({b.key: table_from_figures(b, {}) for b in s.table.blocks})
    return dataclasses.replace(audit.summed, tables=tables)


def has_poster(audit: Audit) -> bool:
    """Whether any unit is counted in any table: a poster of nothing is not drawn."""
    return any(s.counted for s in audit.sums) or bool(audit.fee.counted)


def county_poster(audit: Audit, fallback: str | None = None) -> dict[str, bytes]:
    """The poster's bytes by format (``svg``, ``png``), drawn from one SVG."""
    from gikxl.report.poster import poster_png, poster_svg

    svg = poster_svg(poster_report(audit), audit.summed_before, org=poster_title(audit, fallback))
    return {"svg": svg.encode("utf-8"), "png": poster_png(svg)}
