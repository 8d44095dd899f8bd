"""Reading a 一图读懂 SVG back: which figure each number is, by the labels around it.

The poster's markup groups every figure (``<g class="figure">``) with its value and its
label, or, in a table, puts it in a row under column labels. :func:`figures_in` reads
that structure, never the template's wording, and names each figure by its section's
title, its group's label and its own (or its row's and column's). The tests then
compare each with the table value they compute themselves from ``report.value``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from gikxl import spec

SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Shown:
    value: str
    """The number as printed (``1268``, ``53.2%``, ``未填报``), without its unit."""
    unit: str
    change: str | None
    share: str | None = None
    bar: float | None = None


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _text(el) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _child(el, cls: str, tag: str = "text"):
    for c in el:
        if c.tag == SVG + tag and cls in _classes(c):
            return c
    return None


def _read(fig) -> Shown:
    value = _child(fig, "value")
    assert value is not None, etree.tostring(fig, encoding="unicode")[:300]
    unit = value.find(SVG + "tspan")
    bar = _child(fig, "bar", "rect")
    return Shown(value=(value.text or "").strip(), unit=_text(unit), change=_text(_child(fig, "change")) or None,
                 share=_text(_child(fig, "share")) or None, bar=float(bar.get("width")) if bar is not None else None)


def _group_label(fig) -> str | None:
    for anc in fig.iterancestors():
        if "group" in _classes(anc):
            return _text(_child(anc, "group-label")) or None
        if "section" in _classes(anc):
            return None
    return None


def figures_in(svg: str) -> dict[tuple[str, ...], Shown]:
    """Every figure of the poster by (section title, [group label,] label) or (section title, row, column)."""
    root = etree.fromstring(svg.encode("utf-8"))
    out: dict[tuple[str, ...], Shown] = {}
    for section in root.iter(SVG + "g"):
        if "section" not in _classes(section):
            continue
        title = _text(next(t for t in section.iter(SVG + "text") if "section-title" in _classes(t)))
        in_tables = set()
        for table in section.iter(SVG + "g"):
            if "table" not in _classes(table):
                continue
            cols = [_text(t) for t in table if "col-label" in _classes(t)]
            for row in table:
                if "table-row" not in _classes(row):
                    continue
                figs = [g for g in row if "figure" in _classes(g)]
                assert len(figs) == len(cols)
                label = _text(_child(row, "row-label"))
                for col, fig in zip(cols, figs, strict=True):
                    key = (title, label, col)
                    assert key not in out, key
                    out[key] = _read(fig)
                    in_tables.add(fig)
        for fig in section.iter(SVG + "g"):
            if "figure" not in _classes(fig) or fig in in_tables:
                continue
            group = _group_label(fig)
            key = (title, *([group] if group else []), _text(_child(fig, "label")))
            assert key not in out, key
            out[key] = _read(fig)
    return out


def all_texts(svg: str) -> list[str]:
    root = etree.fromstring(svg.encode("utf-8"))
    return [_text(t) for t in root.iter(SVG + "text")]


# What the tables say, computed here -----------------------------------------------

def _label(text: str) -> str:
    """An official label without numbering or bracketed note, as the poster's reader names it."""
    text = re.sub(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)", "", text)
    return re.sub(r"（[^（）]*）$", "", text)


def _sum(values):
    return None if any(v is None for v in values) else sum(values)


def _share(part, whole):
    return None if part is None or whole is None or whole == 0 else part / whole


def expected_figures(report) -> dict[tuple[str, ...], tuple[object, str]]:
    """(value, kind) of every figure a poster of ``report`` should show, by the key :func:`figures_in` gives.

    ``kind`` is ``件``, ``万元``, ``元`` or ``%`` (a share, value a fraction or ``None``)."""
    v = report.value
    t2, t3, t4 = (t.title.partition("、")[2] for t in spec.TABLES)
    out: dict[tuple[str, ...], tuple[object, str]] = {}
    for r in spec.T2_RULES.rows:
        for c in spec.T2_RULES.cols:
            out[(t2, r.label, c.label)] = (v("t2_rules", r.key, c.key), "件")
    decisions = _label(spec.T2_PERMIT.cols[0].label)
    for block in (spec.T2_PERMIT, spec.T2_ENFORCE):
        for r in block.rows:
            out[(t2, decisions, r.label)] = (v(block.key, r.key, "decisions"), "件")
    out[(t2, _label(spec.T2_FEE.cols[0].label), spec.T2_FEE.rows[0].label)] = (v("t2_fee", "fee", "amount"), "万元")
    total = v("t3", "total", "total")
    result = _label(spec.T3.row("granted").path[0])
    out[(t3, _label(spec.T3.row("new").label))] = (v("t3", "new", "total"), "件")
    out[(t3, _label(spec.T3.row("carried").label))] = (v("t3", "carried", "total"), "件")
    out[(t3, result, "总计")] = (total, "件")
    out[(t3, result, _label(spec.T3.row("carry_next").label))] = (v("t3", "carry_next", "total"), "件")
    groups: dict[str, list[str]] = {}
    for r in spec.T3.rows:
        if r.key in spec.T3_RESULT_ROWS:
            groups.setdefault(_label(r.path[1]), []).append(r.key)
    for label, rows in groups.items():
        out[(t3, result, label)] = (_sum([v("t3", r, "total") for r in rows]), "件")
    out[(t3, result, "公开率")] = (_share(_sum([v("t3", "granted", "total"), v("t3", "partial", "total")]), total), "%")
    for name, groups4 in (("行政复议", spec.T4_REVIEW_GROUPS), ("行政诉讼", spec.T4_SUIT_GROUPS)):
        def of(outcome, groups4=groups4):
            return _sum([v("t4", "count", f"{g}_{outcome}") for g in groups4])
        for key, label in spec.T4_OUTCOMES:
            out[(t4, name, label)] = (of(key), "件")
        out[(t4, name, "纠错率")] = (_share(of("corrected"), _sum([of("upheld"), of("corrected"), of("other")])), "%")
    fee_label = spec.FIELDS["info_fee"].label.split("（")[0]
    out[(fee_label, fee_label)] = (report.fields.get("info_fee"), "元")
    return out


def printed(value: object, kind: str) -> str:
    """How the poster must print ``value``: 未填报 for a blank, — for a share it cannot compute."""
    if kind == "%":
        return "—" if value is None else f"{value * 100:.1f}%"
    if value is None:
        return "未填报"
    if kind in ("万元", "元"):
        text = f"{value:.{4 if kind == '万元' else 2}f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(int(value))
