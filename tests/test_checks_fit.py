"""Findings that fit the case: slips inside the format's terms, the intro's count of parts, a report
of a year before the 2021 format, an empty （二）依申请公开, and last year's workbook of another body.

In process, on models made from the bundled example (no workbook is written): quick, and exact
about which findings each case gets.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from checks_helpers import TODAY
from gikxl import spec
from gikxl.checks.engine import run_checks
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.rules import prose
from gikxl.examples import demo_values
from gikxl.workbook.model import report_from_names


def findings(values: dict[str, Any], previous: dict[str, Any] | None = None) -> list[Finding]:
    last = report_from_names(previous) if previous is not None else None
    return list(run_checks(report_from_names(values), last, today=TODAY))


def codes(found: list[Finding], prefix: str = "") -> list[str]:
    return [f.code for f in found if f.code.startswith(prefix)]


def demo_with(**fields: Any) -> dict[str, Any]:
    values = demo_values()
    values.update({spec.FIELDS[k].name: v for k, v in fields.items()})
    return values


# A character doubled inside a term -------------------------------------------------

@pytest.mark.parametrize(("text", "term"), [
    ("不予公开的主要是过程性性信息。", "过程性信息"),
    ("加强日常工作的监监督检查。", "监督检查"),
    ("深入贯彻《政府信信息公开条例》。", "政府信息公开"),
    ("因政府信息公开被申请行政复复议4件。", "行政复议"),
    ("规范依申申请公开办理流程。", "依申请公开"),
    ("，主主动公开政府信息139条。", "主动公开"),
    ("全面做好主动公开开。", "主动公开"),
    ("加强规范性性文件管理。", "规范性文件"),
])
def test_a_character_doubled_inside_a_term_is_found(text, term):
    found = [f for f in findings(demo_with(s1_manage=text)) if f.code == "PROSE-DOUBLED-IN-TERM"]
    assert [(f.cell, f.expected) for f in found] == [("B5", term)]
    assert found[0].severity is Severity.WARNING and "重复了" in found[0].message


#: Ordinary reduplication and two words that happen to meet on the same character: all silent.
LOOK_ALIKES = (
    "常常深入基层，人人参与公开，一一对应回复，层层压实责任，逐一答复申请，天天更新网站，年年开展考核，"
    "处处体现便民，时时关注舆情，事事有回应，个个到位，各各落实，件件有着落，项项有台账。"
    "依申请公开开展顺利，政务公开开放日活动，推行行政复议调解，实行行政许可公示，失信信息公开，"
    "现行有效规范性文件件数，自然人人数，规范性文件件件备案，按照政府信息公开开要求。"
)


@pytest.mark.parametrize("key", ["s1_manage", "s5_problems", "s6_other"])
def test_reduplication_and_words_that_meet_stay_silent(key):
    assert codes(findings(demo_with(**{key: LOOK_ALIKES})), "PROSE-DOUBLED") == []


def test_each_reduplicated_word_stays_silent_next_to_a_term():
    for word in ("常常", "人人", "一一", "层层", "天天", "年年", "处处", "时时", "事事", "个个", "各各"):
        text = f"政府信息公开{word}，{word}主动公开，{word}依申请公开，逐一答复。"
        assert codes(findings(demo_with(s1_manage=text)), "PROSE-DOUBLED-IN-TERM") == [], word


def test_a_doubled_character_across_a_line_break_is_the_other_rule():
    found = findings(demo_with(s1_manage="加强日常工作的监\n\n监督检查。"))
    assert codes(found, "PROSE-DOUBLED") == ["PROSE-DOUBLED-CHAR"]


def test_the_vocabulary_is_the_formats_own():
    terms = prose._terms()
    assert "属于四类过程性信息" in terms and "本年新收政府信息公开申请数量" in terms
    assert set(prose.OFFICIAL_TERMS) <= set(terms)
    assert all(len(t) >= 3 for t in terms)


@pytest.mark.parametrize("unit", ["政政府府信信息息公公开开", "监", "过程性性信息", "的监监督", "性性"])
def test_doubled_in_term_is_quick_on_nine_full_cells(unit):
    text = (unit * (32_767 // len(unit) + 1))[:32_767]
    values = demo_with(**{k: text for k, f in spec.FIELDS.items() if f.kind == "prose"})
    rule = prose.character_doubled_in_term
    from gikxl.checks.context import Context

    ctx = Context(report_from_names(values), None, TODAY)
    start = time.perf_counter()
    found = rule.findings(ctx)
    assert time.perf_counter() - start < 0.5
    assert len(found) <= prose.MAX_PER_CELL * len(ctx.report.fields)


# The intro's count of parts -------------------------------------------------------------

@pytest.mark.parametrize(("intro", "said"), [
    ("本报告由总体情况、主动公开政府信息情况等五部分组成。", 5),
    ("本报告分为5个部分。", 5),
    ("全文共七个部分。", 7),
    ("全文共 ４ 个部分。", 4),
    ("本报告分为两部分。", 2),
    ("本报告由四个部分构成。", 4),
    ("全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
     "存在的主要问题及改进情况等五个部分。", 5),
])
def test_an_intro_announcing_another_number_of_parts_is_found(intro, said):
    found = [f for f in findings(demo_with(intro=intro)) if f.code == "PROSE-INTRO-PARTS"]
    assert [(f.cell, f.expected, f.actual) for f in found] == [("B7", len(spec.SECTION_TITLES), said)]
    assert "6 个部分" in found[0].message


@pytest.mark.parametrize("intro", [
    "本报告由总体情况、主动公开政府信息情况等六部分组成。",
    "本报告分为6个部分。",
    "全文共六个部分。",
    "全文共 ６ 个部分。",
    "其中一部分数据由上级部门提供，共同推动一部分群众参与。",
    "三部分内容均按格式填报。",
])
def test_an_intro_with_six_parts_or_no_count_is_silent(intro):
    assert codes(findings(demo_with(intro=intro)), "PROSE-INTRO-PARTS") == []


# A year before the 2021 format --------------------------------------------------------

def test_a_report_before_2021_gets_one_finding_saying_the_format_does_not_apply():
    # 2020's report, dated in time, with neither fee nor sections: the 2021 format's demands are not made.
    values = demo_with(year=2020, date=dt.date(2021, 1, 20), info_fee=None, s1_request=None,
                       s1_platform=None, s5_improve="无")
    found = findings(values)
    assert [(f.code, f.cell) for f in found] == [("META-YEAR-IMPLAUSIBLE", "B5")]
    assert "不适用" in found[0].message and "2021" in found[0].message
    assert found[0].severity is Severity.ERROR


def test_before_2021_the_same_workbook_had_four_findings_in_2021():
    values = demo_with(year=2021, date=dt.date(2022, 1, 20), info_fee=None, s1_request=None,
                       s1_platform=None, s5_improve="无")
    assert sorted(codes(findings(values))) == [
        "PROSE-REQUEST-SECTION-EMPTY", "PROSE-SECTION-EMPTY", "PROSE-SECTION-EMPTY", "S6-INFO-FEE-MISSING",
    ]


# An empty （二）依申请公开 ----------------------------------------------------------------

@pytest.mark.parametrize("text", [None, "", "无", "/"])
def test_an_empty_request_section_is_only_a_hint(text):
    found = findings(demo_with(s1_request=text))
    assert [(f.code, f.severity, f.cell) for f in found] == [("PROSE-REQUEST-SECTION-EMPTY", Severity.INFO, "B4")]
    assert "表三自动" in found[0].message


def test_the_request_section_is_still_required_by_the_spec():
    # The hint says why it is only a hint: the figures come from table 3.
    field = spec.FIELDS["s1_request"]
    assert field.required and "表三" in field.hint


# Last year's workbook of another body -----------------------------------------------------

def last_year(values: dict[str, Any]) -> dict[str, Any]:
    from checks_helpers import previous_values

    return previous_values(values)


def test_previous_of_another_body_warns_and_its_figures_are_not_compared():
    values = demo_values()
    prev = last_year(values)
    prev["gik_org"] = "青山县白马镇人民政府"
    prev["gik_t3"][-1] = [9] * len(prev["gik_t3"][-1])  # another body's carry-over: would be YEAR-CARRY-OVER
    prev["gik_t2_rules"][1][2] = 99  # and its documents in force: would be YEAR-IN-FORCE
    found = findings(values, prev)
    assert [(f.code, f.severity, f.cell) for f in found] == [("YEAR-OTHER-BODY", Severity.WARNING, "B3")]
    assert "青山县白马镇人民政府" in found[0].message and "不核对跨年度数字" in found[0].message


def test_previous_of_the_same_body_written_differently_is_compared():
    values = demo_values()
    prev = last_year(values)
    prev["gik_org"] = "  青山县\u3000人民 政府 "
    prev["gik_t3"][-1][0] += 1
    assert codes(findings(values, prev), "YEAR-") == ["YEAR-CARRY-OVER"]


def test_previous_without_a_name_is_compared():
    values = demo_values()
    prev = last_year(values)
    prev["gik_org"] = None
    prev["gik_t3"][-1][0] += 1
    assert codes(findings(values, prev), "YEAR-") == ["YEAR-CARRY-OVER"]
