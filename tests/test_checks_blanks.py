"""Blank cells hide nothing: each blank is reported once, and every total, 勾稽关系 and
table-4 group that can be decided without it is still checked, the blank taken as
unknown (≥ 0), not as 0.

Each test starts from the bundled example, blanks cells (by value or typed over a
formula with openpyxl, as a clerk or an imported report leaves them) and names
every finding it must produce.
"""

from __future__ import annotations

import math

import pytest

from checks_helpers import T3, T4, check_book, overwrite
from gikxl.checks import schemas
from gikxl.checks.rules import invariants, load
from gikxl.workbook.model import report_from_names

load()

#: Table 3's 总计 column, rows 5 to 29: every cell of it is a formula in the template.
EMPTY_TOTAL_COLUMN = {(T3, f"J{row}"): None for row in range(5, 30)}


def codes(findings) -> list[tuple[str, str]]:
    return [(f.code, f.cell) for f in findings]


# One blank: its own equations undecided, the others decided ----------------------

def test_blank_leaves_its_column_undecided_and_the_others_decided(demo, make_workbook):
    demo["gik_t3"][1][0] = None  # 自然人 上年结转 (D6) blank
    demo["gik_t3"][24][0] = 4  # 自然人 结转下年度 2 → 4: 38 + ? = 39 + 4 holds for ? = 5
    demo["gik_t3"][24][1] = 2  # 商业企业 结转下年度 1 → 2: 5 + 0 ≠ 4 + 2
    findings = check_book(make_workbook(demo))
    assert codes(findings) == [("CELL-BLANK", "D6"), ("T3-BALANCE", "E29")]
    assert "相差 1" in findings[1].message


def test_blank_whose_known_side_already_exceeds_the_other_is_decided(demo, make_workbook):
    demo["gik_t3"][1][0] = None  # 上年结转 blank: the left side is at least 新收 45
    demo["gik_t3"][0][0] = 45  # 新收 38 → 45 > 39 + 2, whatever 上年结转 is
    findings = check_book(make_workbook(demo))
    assert codes(findings) == [("CELL-BLANK", "D6"), ("T3-BALANCE", "D29")]
    f = findings[1]
    assert f.expected is None and f.actual == 2
    assert "至少为 45" in f.message and "= 41" in f.message
    assert "“自然人”（D6）未填有效数字" in f.message and "无论填多少都不能平衡" in f.message


def test_blank_result_whose_known_siblings_exceed_the_requests_is_decided(demo, make_workbook):
    demo["gik_t3"][2][0] = None  # 予以公开 (D7) blank, so （七）总计 (D28) is blank too
    demo["gik_t3"][3][0] = 30  # 部分公开 3 → 30: the other results already sum to 49 > 38 + 3
    findings = check_book(make_workbook(demo))
    assert codes(findings) == [("CELL-BLANK", "D7"), ("T3-BALANCE", "D29")]
    message = findings[1].message
    # The blank named is the one the clerk fills in, not the total that sums it.
    assert "（D7）" in message and "D28" not in message and "（已填部分）49" in message


def test_blank_part_whose_known_siblings_exceed_a_typed_total_is_decided(demo, make_workbook):
    demo["gik_t4"][0][0] = None  # 行政复议 结果维持 (A5) blank; 纠正 1 + 其他 0 + 尚未审结 1 = 2
    book = overwrite(make_workbook(demo), {(T4, "E5"): 1})
    findings = check_book(book)
    assert codes(findings) == [("CELL-BLANK", "A5"), ("T4-GROUP-TOTAL", "E5"), ("TOTAL-FORMULA-REPLACED", "E5")]
    f = findings[1]
    assert f.expected is None and f.actual == 1
    assert "已填的各项之和已达 2" in f.message and "（A5）未填有效数字" in f.message
    assert "恢复此格的求和公式" in f.message


def test_blank_result_under_a_typed_column_total_is_decided(demo, make_workbook):
    demo["gik_t3"][2][0] = None  # D7 blank; the other results of 自然人 sum to 22
    findings = check_book(overwrite(make_workbook(demo), {(T3, "D28"): 20}))
    # The 勾稽关系 over the wrong total is a knock-on and left out.
    assert codes(findings) == [("CELL-BLANK", "D7"), ("T3-COL-TOTAL", "D28"), ("TOTAL-FORMULA-REPLACED", "D28")]
    assert "已达 22" in findings[1].message


@pytest.mark.parametrize(("blank", "typed"), [
    ((0, 0), {(T4, "E5"): 5}),  # A5 blank, 1 + 0 + 1 ≤ 5: A5 = 3 would fit
    ((0, 0), {(T4, "E5"): 2}),  # exactly the known parts: A5 = 0 would fit
])
def test_blank_whose_equation_is_undecidable_is_silent(blank, typed, demo, make_workbook):
    demo["gik_t4"][blank[0]][blank[1]] = None
    findings = check_book(overwrite(make_workbook(demo), typed))
    assert codes(findings) == [("CELL-BLANK", "A5"), ("TOTAL-FORMULA-REPLACED", "E5")]


# No double reporting ------------------------------------------------------------

@pytest.mark.parametrize(("name", "i", "j", "cell"), [
    ("gik_t3", 2, 0, "D7"),  # a result: its row total, column total, the corner and the balance
    ("gik_t3", 0, 3, "G5"),  # 新收: its row total and two balances
    ("gik_t3", 24, 5, "I29"),  # 结转下年度
    ("gik_t4", 0, 11, "L5"),  # a part of a table-4 group
])
def test_a_total_blank_because_a_part_is_blank_is_no_finding(name, i, j, cell, demo, make_workbook):
    demo[name][i][j] = None
    assert codes(check_book(make_workbook(demo))) == [("CELL-BLANK", cell)]


def test_two_blanks_in_one_equation_are_each_reported_once(demo, make_workbook):
    demo["gik_t3"][1][0] = None
    demo["gik_t3"][24][0] = None
    assert codes(check_book(make_workbook(demo))) == [("CELL-BLANK", "D6"), ("CELL-BLANK", "D29")]


# An empty 总计 column ---------------------------------------------------------------

def test_empty_total_column_still_gets_the_balance_of_the_other_columns(demo, make_workbook):
    demo["gik_t3"][24][0] = 3  # 自然人 结转下年度 2 → 3
    findings = check_book(overwrite(make_workbook(demo), EMPTY_TOTAL_COLUMN))
    blanks = [f.cell for f in findings if f.code == "CELL-BLANK"]
    assert blanks == [f"J{row}" for row in range(5, 30)]
    (balance,) = [f for f in findings if f.code.startswith("T3-")]
    assert (balance.cell, balance.expected, balance.actual) == ("D29", 2, 3) and "相差 1" in balance.message


def test_empty_total_column_of_a_sound_table_adds_nothing_but_its_blanks(demo, make_workbook):
    findings = check_book(overwrite(make_workbook(demo), EMPTY_TOTAL_COLUMN))
    assert {f.code for f in findings} <= {"CELL-BLANK", "TOTAL-FORMULA-REPLACED"}
    assert [f.cell for f in findings if f.code == "CELL-BLANK"] == [f"J{row}" for row in range(5, 30)]


# The bounds themselves ---------------------------------------------------------------

def test_bounds_of_a_missing_total_are_its_parts(demo):
    demo["gik_t3"][2][0] = None
    bounds = schemas.cell_bounds(report_from_names(demo))
    assert bounds[("t3", "granted", "natural")] == (0.0, math.inf)
    assert bounds[("t3", "total", "natural")] == (22.0, math.inf)  # 39 − 17
    assert bounds[("t3", "total", "total")] == (30.0, math.inf)  # 47 − 17
    assert bounds[("t3", "new", "natural")] == (38.0, 38.0)


def test_the_schema_decides_with_blanks_as_pandera_checks(demo):
    """The decision is pandera's, vectorised: a frame with a blank fails only where it must."""
    demo["gik_t3"][1][0] = None
    demo["gik_t3"][0][0] = 45
    report = report_from_names(demo)
    cases = schemas.failure_cases(report, invariants())
    # The schema's null check also flags the total over the blank; CELL-BLANK reports what the reader saw.
    assert set(cases["CELL-BLANK"]) == {("t3", "carried", "natural"), ("t3", "carried", "total")}
    # The 总计 column fails with it (54 + ? > 47 + 3); the detector reports the column it sums.
    assert set(cases["T3-BALANCE"]) == {("t3", "carry_next", "natural"), ("t3", "carry_next", "total")}
    assert set(cases) == {"CELL-BLANK", "T3-BALANCE"}
