"""A corpus of real-style sentences: the figure each states (or that it states none), and the
detection rate of :func:`gikxl.checks.figures.claims` over it.

The sentences follow the phrasing of published reports (tests/data/published/*.txt and the
reports transcribed for issue 11): word order, units, numerals, full-width digits and
punctuation vary. A positive is found when a claim names its quantity with its figure; a
look-alike must yield no claim at all.
"""

from __future__ import annotations

import pytest

from checks_helpers import S1, check_book
from gikxl.checks.figures import claims

#: (sentence, quantity key, figure): the sentence states this figure for this quantity
#: (among others it may state). Read as the 依申请公开 section of a 2025 report.
POSITIVES: list[tuple[str, str, float]] = [
    # table 二's 行政事业性收费, in 万元 as the table has it
    ("本年度收取行政事业性收费12.35万元。", "fee_amount", 12.35),
    ("全年行政事业性收费共计3万元。", "fee_amount", 3),
    # outcomes of table 3
    ("其中予以公开21件，部分公开4件。", "granted", 21),
    ("其中予以公开21件，部分公开4件。", "partial", 4),
    ("答复结果中，予以公开１２件、部分公开３件、不予公开２件。", "deny", 2),
    ("其中，予以公开及部分公开25件，不予公开2件。", "granted_and_partial", 25),
    ("予以公开和部分公开共计25件。", "granted_and_partial", 25),
    ("因本机关不掌握等原因无法提供12件。", "unable", 12),
    # a reason named instead of its group is one row of table 3 (was a look-alike before the grammar)
    ("对属于国家秘密的不予公开1件。", "deny_secret", 1),
    ("无法提供的申请12件，不予处理5件，其他处理3件。", "unable", 12),
    ("无法提供的申请12件，不予处理5件，其他处理3件。", "ignore", 5),
    ("无法提供的申请12件，不予处理5件，其他处理3件。", "other_handling", 3),
    ("依法予以公开二十一件。", "granted", 21),
    ("同意公开 21 件，占44.7%。", "granted", 21),
    ("同意公开 21 件，占44.7%。", "granted_share", 44.7),
    ("予以公开21件，占比44.68%；部分公开4件，占比8.5%。", "granted_share", 44.68),
    ("予以公开21件，占比44.68%；部分公开4件，占比8.5%。", "partial_share", 8.5),
    ("不予公开2件（占4.3%）。", "deny_share", 4.3),
    ("其中21件予以公开，4件部分公开。", "granted", 21),
    ("其中21件予以公开，4件部分公开。", "partial", 4),
    ("不予处理５件，其他处理３件。", "ignore", 5),
    ("全部公开的申请17件。", "granted", 17),
    ("部分公开为四件。", "partial", 4),
    ("不予公开的共计2项。", "deny", 2),
    ("无法提供12份，占25.5%。", "unable_share", 25.5),
    # done, carried, carried on
    ("共收到申请50件，办结47件，3件结转下年度办理。", "done", 47),
    ("本年度办理完毕４７件。", "done", 47),
    ("已办结政府信息公开申请的，办结47件。", "done", 47),
    ("全部申请中办理完毕47件，剩余3件结转下年度办理。", "carry_next", 3),
    ("办结47件，尚有3件正在办理。", "carry_next", 3),
    ("办结47件，剩余３件仍在办理。", "carry_next", 3),
    ("结转下年度继续办理3件。", "carry_next", 3),
    ("另有3件结转至下一年度办理。", "carry_next", 3),
    ("全年共收到政府信息公开申请50件（含上年结转3件）。", "carried", 3),
    ("全年共收到政府信息公开申请50件（含上年结转3件）。", "new_and_carried", 50),
    ("本年新收政府信息公开申请47件，上年结转3件。", "carried", 3),
    ("上一年度结转的申请3件。", "carried", 3),
    ("上年结转3件，其中自然人3件。", "carried", 3),
    ("本年度新收政府信息公开申请四十七件。", "new", 47),
    ("全年共受理政府信息公开申请４７件。", "new", 47),
    ("收到政府信息公开申请47份。", "new", 47),
    # applicants
    ("本年度新收政府信息公开申请47件，其中自然人申请38件，法人或其他组织申请9件。", "new_natural", 38),
    ("本年度新收政府信息公开申请47件，其中自然人申请38件，法人或其他组织申请9件。", "new_legal", 9),
    ("新收申请47件，其中自然人提出38件，占80.9%。", "new_natural", 38),
    ("新收申请47件，其中自然人提出38件，占80.9%。", "new_natural_share", 80.9),
    ("新收申请47件，其中商业企业5件、科研机构1件。", "new_business", 5),
    ("新收申请47件，其中商业企业5件、科研机构1件。", "new_research", 1),
    ("从申请主体看，自然人申请38件，法人和其他组织申请9件。", "new_legal", 9),
    ("收到申请47件，自然人提出的申请38件。", "new_natural", 38),
    ("新收申请47件，其中法律服务机构申请1件，社会公益组织申请2件。", "new_nonprofit", 2),
    # 行政复议、行政诉讼
    ("因政府信息公开被申请行政复议4件，其中结果维持2件，结果纠正1件，尚未审结1件。", "review_upheld", 2),
    ("因政府信息公开被申请行政复议4件，其中结果维持2件，结果纠正1件，尚未审结1件。", "review_corrected", 1),
    ("因政府信息公开被申请行政复议4件，其中结果维持2件，结果纠正1件，尚未审结1件。", "review_pending", 1),
    ("因政府信息公开被提起行政诉讼3件，维持2件，其他结果1件。", "suit_upheld", 2),
    ("因政府信息公开被提起行政诉讼3件，维持2件，其他结果1件。", "suit_other", 1),
    ("因政府信息公开被申请行政复议2件，均获维持。", "review_not_upheld", 0),
    ("因政府信息公开被申请行政复议2件、提起行政诉讼1件，均无被纠错。", "review_corrected", 0),
    ("因政府信息公开被申请行政复议2件、提起行政诉讼1件，均无被纠错。", "suit_corrected", 0),
    ("涉及政府信息公开的行政复议和行政诉讼各1件，均已审结。", "suit_pending", 0),
    ("因政府信息公开引发行政诉讼1件，被纠错1件。", "suit_corrected", 1),
    # "未发生…被纠错 / 败诉": nothing corrected, set against 结果纠正 (the issue: "未发生…" against table 四)
    ("因政府信息公开未发生行政复议和行政诉讼被纠错的情况。", "review_corrected", 0),
    ("因政府信息公开未发生行政复议和行政诉讼被纠错的情况。", "suit_corrected", 0),
    ("全年未发生因政府信息公开引起的行政诉讼败诉案件。", "suit_corrected", 0),
    ("因政府信息公开被申请行政复议２起。", "review", 2),
    ("因政府信息公开被提起行政诉讼一宗。", "suit", 1),
    ("全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。", "suit", 0),
    # table 2
    ("本年度制发行政规范性文件4件，废止1件。", "normative_repealed", 1),
    ("现行有效规范性文件23件。", "normative_in_force", 23),
    ("全年作出行政许可决定1268件。", "permit", 1268),
    ("全年实施行政强制措施十二件。", "coercion", 12),
    ("2025年制定规范性文件０条、更新０条、作废０条。", "normative_issued", 0),
]

#: Sentences that state none of the tables' figures: other counts sharing a word.
LOOKALIKES: list[str] = [
    "行政事业性收费项目12项全部公开。",
    "本年度行政事业性收费1000元。",
    "全年主动公开政府信息1200条，其中行政许可信息356条。",
    "通过政府网站公开信息840条，其中行政处罚信息40条。",
    "全年共发布信息 840 余条，其中政策法规类信息 40 余条。",
    "予以公开的信息中，政策文件约20件。",
    "自然人予以公开17件。",
    "全年办理行政复议案件120件，其中维持100件，纠正12件。",
    "共收到行政复议申请2件，办结2件。",
    "全年受理政务服务事项12000件，办结11980件。",
    "结转至下年度的申请中，自然人2件。",
    "答复完毕的申请中，自然人40件。",
    "本年度共收到公民、法人或其他组织申请47件。",
    "2024年予以公开18件。",
    "上年办结40件。",
    "全县各部门予以公开200件。",
    "其中商业企业结转下年度1件。",
    "复议后起诉的行政诉讼1件，维持1件。",
    "收到群众来信投诉12件，均已办结。",
    "全年公开行政许可信息356条、行政处罚信息12条。",
    "12345热线办结工单3000件，剩余5件正在办理。",
]


def stated(text: str) -> list[tuple[str, float]]:
    """(quantity, figure) of each claim, every quantity the claim may equal."""
    return [(q, c.figure) for c in claims(text, about_requests=True, year=2025) for q in c.accept]


def found(text: str, quantity: str, figure: float) -> bool:
    return any(q == quantity and abs(f - figure) < 1e-9 for q, f in stated(text))


def test_the_corpus_is_big_and_mostly_positive():
    assert len(POSITIVES) + len(LOOKALIKES) >= 80
    assert 0.2 <= len(LOOKALIKES) / (len(POSITIVES) + len(LOOKALIKES)) <= 0.35


def test_detection_rate():
    missed = [(t, q, f) for t, q, f in POSITIVES if not found(t, q, f)]
    rate = 1 - len(missed) / len(POSITIVES)
    print(f"detection rate: {rate:.3f} ({len(POSITIVES) - len(missed)}/{len(POSITIVES)}); missed: {missed}")
    assert rate >= 0.9, missed


@pytest.mark.parametrize("text", LOOKALIKES)
def test_no_lookalike_fires(text):
    assert stated(text) == []


# Blanks hide nothing ---------------------------------------------------------

def figure_findings(values, make_workbook):
    return [f for f in check_book(make_workbook(values)) if f.code == "PROSE-FIGURE-MISMATCH"]


def test_filled_cells_that_already_exceed_the_figure_are_a_mismatch(demo, make_workbook):
    demo["gik_t3"][0] = [38, 5, 0, 1, 2, None, None]  # 新收: 46 filled, two blanks
    demo["gik_s1_request"] = "本年度新收政府信息公开申请40件。"
    (f,) = figure_findings(demo, make_workbook)
    assert (f.sheet, f.cell, f.expected, f.actual) == (S1, "B4", "≥46", 40)
    assert "已填的格之和已为 46" in f.message and "不可能这么小" in f.message


def test_a_figure_the_blanks_may_make_up_is_left_alone(demo, make_workbook):
    demo["gik_t3"][0] = [38, 5, 0, 1, 2, None, None]
    demo["gik_s1_request"] = "本年度新收政府信息公开申请47件，其中自然人申请38件。"
    assert figure_findings(demo, make_workbook) == []


def test_a_blank_total_is_the_sum_of_its_filled_parts(demo, make_workbook):
    demo["gik_t4"][0][4] = None  # 行政复议 总计 blank; its parts say 4
    demo["gik_s6_other"] += "因政府信息公开工作被申请行政复议5件。"
    (f,) = figure_findings(demo, make_workbook)
    assert (f.expected, f.actual) == (4, 5)


def test_outcomes_and_shares_are_checked_against_table_three(demo, make_workbook):
    # the demo: 办结 47, 予以公开 21 (44.7%), 部分公开 4
    demo["gik_s1_request"] = "办结47件，其中予以公开21件，占44.7%；部分公开5件，占10.6%。"
    found = sorted((f.expected, f.actual) for f in figure_findings(demo, make_workbook))
    assert found == [(4, 5), (8.5, "10.6%")]


def test_the_fee_amount_is_checked_at_the_decimals_written(demo, make_workbook):
    demo["gik_t2_fee"] = [[12.35]]
    demo["gik_s1_active"] = "本年度收取行政事业性收费12.3万元。"  # 12.35 cut to one decimal: agrees
    assert figure_findings(demo, make_workbook) == []
    demo["gik_s1_active"] = "本年度收取行政事业性收费15.00万元。"
    (found,) = figure_findings(demo, make_workbook)
    assert (found.expected, found.actual) == (12.35, "15.00")
    assert "15.00万元" in found.message and "12.35" in found.message and "%" not in found.message
