"""The catalogue: every rule documented, docs/checks.md generated from it and up to date."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gikxl import spec
from gikxl.checks.catalogue import DOC_PATH, SECTIONS, catalogue_markdown, missing_sections, rules_in_order
from gikxl.checks.context import field_cell, table_cell
from gikxl.checks.engine import run_checks
from gikxl.checks.findings import Severity
from gikxl.examples import demo_values
from gikxl.workbook.model import Observation, Observed, report_from_names

ROOT = Path(__file__).resolve().parent.parent
RULES = rules_in_order()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert missing_sections(rule) == []
    assert re.fullmatch(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert isinstance(rule.severity, Severity)
    assert re.search(r"[\u4e00-\u9fff]", rule.title + rule.what + rule.why + rule.example)


def test_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_doc_is_up_to_date():
    doc = (ROOT / DOC_PATH).read_text(encoding="utf-8")
    assert doc == catalogue_markdown(), "docs/checks.md is stale: run python scripts/gen_checks_doc.py"
    for r in RULES:
        section = doc.split(f"### {r.code} — ", 1)[1].split("\n### ", 1)[0]
        for _, heading in SECTIONS:
            assert f"#### {heading}" in section, (r.code, heading)


def test_generator_script_agrees():
    proc = subprocess.run([sys.executable, "scripts/gen_checks_doc.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("kind", list(Observed), ids=lambda k: k.value)
def test_every_observation_of_the_reader_is_classified_by_one_cell_rule(kind):
    model = report_from_names(demo_values())
    field = {Observed.NOT_A_LEVEL: "level", Observed.NOT_A_YEAR: "year", Observed.NOT_A_DATE: "date"}.get(kind)
    if field:
        (name, row, col), (sheet, cell) = (spec.FIELDS[field].name, "", ""), field_cell(field)
    else:
        (name, row, col), (sheet, cell) = ("gik_t3", "granted", "business"), table_cell("t3", "granted", "business")
    model.observations.append(Observation(kind, name, sheet, cell, "x", None, row, col))
    codes = [f.code for f in run_checks(model) if (f.sheet, f.cell) == (sheet, cell)]
    assert len(codes) == 1 and codes[0].startswith("CELL-")


def test_importing_gikxl_and_building_the_parser_stay_light():
    code = (
        "import sys, gikxl.__main__ as m; m.main_parser(); "
        "heavy = [n for n in ('pandas', 'pandera', 'polars', 'numpy', 'openpyxl') if n in sys.modules]; print(heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    out = proc.stdout
    assert out.strip() == "[]"
