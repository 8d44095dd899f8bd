"""Checking many reports at once (the audit) finds exactly what checking each alone finds."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from checks_helpers import TODAY, previous_values, town_values
from conftest import as_cell_values
from gikxl import spec
from gikxl.checks.engine import run_checks, run_checks_many
from gikxl.template.builder import build_workbook
from gikxl.workbook import read_report
from gikxl.workbook.model import AnnualReport, report_from_names


def _variants(demo: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Clean units and units broken in every way the tables' rules look at, one or several at once."""
    out = {"demo": demo, "town": town_values()}

    def variant(name: str, base: dict[str, Any], **cells: Any) -> None:
        values = copy.deepcopy(base)
        for key, edits in cells.items():
            for (i, j), value in edits.items():
                values[key][i][j] = value
        out[name] = values

    variant("t3 sum", demo, gik_t3={(0, 0): demo["gik_t3"][0][0] + 2})
    variant("t3 blank part", demo, gik_t3={(3, 1): None})
    variant("t3 blank and too much", demo, gik_t3={(1, 2): None, (4, 2): 900})
    variant("t3 text", demo, gik_t3={(2, 0): "3件", (5, 3): "—"})
    variant("t4 negative", demo, gik_t4={(0, 2): -1})
    variant("t4 fraction", demo, gik_t4={(0, 0): 1.5, (0, 7): 2})
    variant("t2 blank", demo, gik_t2_rules={(0, 0): None}, gik_t2_enforce={(1, 0): "无"})
    variant("town sums", town_values(), gik_t3={(0, 6): 4, (10, 0): 1}, gik_t4={(0, 4): 3})
    variant("town fee", town_values(), gik_t2_fee={(0, 0): 12.5}, gik_t3={(24, 5): None})
    blank = copy.deepcopy(demo)
    blank.update(gik_org=None, gik_year=None, gik_s1_active="")
    out["no facts"] = blank
    many = copy.deepcopy(out["t3 sum"])
    many["gik_t4"][0][3] = None
    many["gik_t2_rules"][1][2] = -4
    out["several"] = many
    return out


def _reports(values: dict[str, dict[str, Any]], folder: Path) -> dict[str, AnnualReport]:
    out = {}
    for i, (name, v) in enumerate(values.items()):
        path = folder / f"u{i}.xlsm"
        path.write_bytes(build_workbook(as_cell_values(v)))
        out[name] = read_report(path)
    return out


def test_checked_together_each_report_has_exactly_its_findings_alone(tmp_path, demo):
    reports = _reports(_variants(demo), tmp_path)
    (tmp_path / "prev").mkdir()
    previous = _reports({"previous": previous_values(demo)}, tmp_path / "prev")["previous"]
    pairs = [(r, previous if name in ("demo", "t3 sum", "several") else None) for name, r in reports.items()]
    alone = [run_checks(r, p, today=TODAY) for r, p in pairs]
    together = run_checks_many(pairs, today=TODAY)
    assert together == alone
    # The corpus is varied: clean ones, and the sum, blank, text and sign rules all fire somewhere.
    by_name = dict(zip(reports, alone, strict=True))
    assert not by_name["town"].has_errors
    assert len({f.code for r in alone for f in r}) >= 8
    assert all(by_name[n].has_errors for n in ("t3 sum", "t4 negative", "several", "town sums"))
    # In another order and another grouping the answers follow their reports.
    assert run_checks_many(pairs[::-1], today=TODAY) == alone[::-1]
    assert run_checks_many(pairs[3:5], today=TODAY) == alone[3:5]


def _edited(report: AnnualReport, edits: dict[tuple[str, str, str], Any], typed: bool = True) -> AnnualReport:
    """A copy of ``report`` with figures changed as a model made in code may hold them: totals that
    disagree with their parts (typed over the formula), signs and fractions no reader lets through."""
    out = copy.deepcopy(report)
    for (block, row, col), value in edits.items():
        out.tables[block][row, col] = value
    if typed:
        out.overridden = frozenset(edits)
    return out


def test_models_the_schema_fails_in_every_way_are_each_answered_alone(demo):
    """Models made in code reach every pandera check: sums typed over, blanks behind totals,
    negative figures, fractions in counts; a batch answers each as it is answered alone."""
    base = report_from_names(demo)
    t3, t4 = spec.BLOCKS["t3"], spec.BLOCKS["t4"]
    reports = [
        base,
        _edited(base, {("t3", "total", "natural"): 999}),
        _edited(base, {("t3", "granted", "total"): 0, ("t4", "count", "review_total"): 50}),
        _edited(base, {("t3", "granted", "business"): None}, typed=False),
        _edited(base, {("t3", "deny_law", "natural"): None, ("t3", "total", "natural"): 1}),
        _edited(base, {("t4", "count", "review_upheld"): -2}, typed=False),
        _edited(base, {("t3", "partial", "research"): 0.5}, typed=False),
        _edited(base, {("t2_fee", "fee", "amount"): -0.5}, typed=False),
        _edited(base, {("t3", r.key, "other"): 7 for r in t3.rows[:3]} | {("t4", "count", c.key): 1 for c in t4.cols},
                typed=False),
    ]
    pairs = [(r, None) for r in reports]
    alone = [run_checks(r, today=TODAY) for r in reports]
    assert run_checks_many(pairs, today=TODAY) == alone
    assert run_checks_many(pairs[::-1], today=TODAY) == alone[::-1]
    assert not alone[0]
    assert all(r.has_errors for r in alone[1:])
    assert len({f.code for r in alone for f in r}) >= 5


def test_checking_no_report_finds_nothing():
    assert run_checks_many([]) == []
