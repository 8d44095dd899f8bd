"""The pandera schemas: derived from the spec, failure cases mapped to exact cells."""

from __future__ import annotations

import pytest

from checks_helpers import T2, T3, T4, TODAY
from gikxl import spec
from gikxl.checks import schemas
from gikxl.checks.engine import run_checks
from gikxl.checks.findings import Severity
from gikxl.checks.invariants import Balance, Totals, block_equations, equations
from gikxl.checks.rule import RULES
from gikxl.checks.rules import invariants, load
from gikxl.examples import demo_values
from gikxl.workbook.model import report_from_names


@pytest.fixture
def model():
    return report_from_names(demo_values())


def test_every_spec_total_has_a_rule():
    load()
    for block in spec.BLOCKS.values():
        for total in block.totals:
            assert [r for r in RULES.values() if r.invariant == Totals(block.key, total.axis)]


def test_equations_come_from_the_spec():
    eqs = block_equations("t3")
    n_rows, n_cols = spec.T3.shape
    load()
    codes = ("T3-COL-TOTAL", "T3-ROW-TOTAL", "T3-BALANCE")
    by_code = {code: [e for e in eqs if e.invariant == RULES[code].invariant] for code in codes}
    assert len(by_code["T3-COL-TOTAL"]) == n_cols and len(by_code["T3-ROW-TOTAL"]) == n_rows
    assert len(by_code["T3-BALANCE"]) == n_cols
    col_total = by_code["T3-COL-TOTAL"][0]
    assert [r for r, _ in col_total.lhs] == list(spec.T3_RESULT_ROWS)
    assert len(block_equations("t4")) == len(spec.T4_GROUPS)
    assert block_equations("t2_rules") == ()
    assert len(equations(Balance())) == n_cols


def test_schema_checks_are_named_by_rule_codes():
    schema = schemas.schema(invariants())
    names = [c.name for c in schema.checks] + [c.name for c in schema.columns["value"].checks]
    assert set(names) <= set(RULES)
    assert schemas.schema(invariants()) is schema  # built once


def test_clean_model_has_no_failures(model):
    assert schemas.failure_cases(model, invariants()) == {}


def test_failure_cases_point_at_cells(model):
    table = model.tables["t3"]
    table["total", "business"] = 9  # a typed total: kept as it is
    table["partial", "natural"] = None
    table["new", "research"] = -1
    got = {(code, cell) for code, cells in schemas.failure_cases(model, invariants()).items() for cell in cells}
    assert ("T3-COL-TOTAL", ("t3", "total", "business")) in got
    assert ("CELL-BLANK", ("t3", "partial", "natural")) in got
    assert ("CELL-NEGATIVE", ("t3", "new", "research")) in got


def test_each_table_has_its_own_schema(model):
    model.tables["t4"]["count", "review_total"] = 7
    failures = schemas.failure_cases(model, invariants(), schemas.table_blocks(4))
    assert [(code, cell, value) for code, cells in failures.items() for cell, value in cells.items()] == [
        ("T4-GROUP-TOTAL", ("t4", "count", "review_total"), 7),
    ]
    assert schemas.failure_cases(model, invariants(), schemas.table_blocks(2)) == {}


def test_models_made_in_code_get_cell_findings_from_the_schema(model):
    """No reader faults here: blank, negative and fractional figures come from pandera."""
    model.tables["t2_rules"]["normative", "repealed"] = None
    model.tables["t2_enforce"]["coercion", "decisions"] = -3
    model.tables["t2_fee"]["fee", "amount"] = 2.5  # 万元 may have decimals
    model.tables["t4"]["count", "review_upheld"] = 1.5
    findings = run_checks(model, today=TODAY)
    got = {(f.code, f.sheet, f.cell) for f in findings}
    assert ("CELL-BLANK", T2, "C5") in got
    assert ("CELL-NEGATIVE", T2, "B12") in got
    assert ("CELL-NOT-INT", T4, "A5") in got
    assert not any(f.sheet == T2 and f.cell == "B15" for f in findings)
    blank = next(f for f in findings if f.code == "CELL-BLANK")
    assert blank.severity is Severity.ERROR and blank.message.endswith("空白单元格不等于 0：没有请填 0")


def test_typed_total_in_a_model_fires_on_that_cell(model):
    model.tables["t3"]["granted", "total"] = 20
    findings = run_checks(model, today=TODAY)
    assert [(f.code, f.cell, f.expected) for f in findings] == [("T3-ROW-TOTAL", "J7", 21)]
    assert findings[0].sheet == T3
