"""Every check of the catalogue, fired by one injected error in a real workbook, and silent when clean.

Each case starts from the bundled example (or the all-zero town), changes one
thing — a value by defined name, a constant typed over a formula with
openpyxl, or last year's workbook — and names the finding it must produce:
code, severity and exact cell.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from checks_helpers import INFO, S1, S5, S6, T2, T3, T4, check_book, overwrite, previous_values, town_values
from gikxl.checks.findings import Severity
from gikxl.checks.rule import RULES
from gikxl.checks.rules import load

E, W = Severity.ERROR, Severity.WARNING
load()


def put(name: str, value: Any, i: int | None = None, j: int | None = None) -> Callable[[dict], None]:
    def change(values: dict) -> None:
        if i is None:
            values[name] = value
        else:
            values[name][i][j] = value
    return change


def append(name: str, text: str) -> Callable[[dict], None]:
    def change(values: dict) -> None:
        values[name] = values[name] + text
    return change


def both(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def change(values: dict) -> None:
        for c in changes:
            c(values)
    return change


@dataclass(frozen=True)
class Case:
    id: str
    code: str
    severity: Severity
    sheet: str
    cell: str
    change: Callable[[dict], None] | None = None
    typed: dict[tuple[str, str], Any] = field(default_factory=dict)
    """Constants typed into the built workbook with openpyxl."""
    previous: Callable[[dict], None] | None = None
    """A change to last year's workbook (consistent with the demo before the change)."""
    base: str = "demo"
    expected: Any = None
    only: bool = True
    """Whether this must be the only finding with this code."""


CASES = [
    # Cells ----------------------------------------------------------------
    Case("blank", "CELL-BLANK", E, T3, "D6", put("gik_t3", None, 1, 0), expected=0),
    Case("error-value", "CELL-ERROR", E, T2, "B8", put("gik_t2_permit", "#REF!", 0, 0)),
    Case("text", "CELL-TEXT", E, T2, "B8", put("gik_t2_permit", "详见附件", 0, 0)),
    Case("negative", "CELL-NEGATIVE", E, T2, "C5", put("gik_t2_rules", -1, 1, 1)),
    Case("fraction", "CELL-NOT-INT", E, T2, "B11", put("gik_t2_enforce", 2.5, 0, 0)),
    Case("too-large", "CELL-TOO-LARGE", E, T2, "B8", put("gik_t2_permit", 1e20, 0, 0)),
    Case("slash", "CELL-PLACEHOLDER", E, T4, "B5", put("gik_t4", "/", 0, 1), expected=0),
    Case("text-number", "CELL-TEXT-NUMBER", E, T3, "D6", put("gik_t3", "3", 1, 0), expected=3),
    Case("fullwidth", "CELL-FULLWIDTH", E, T3, "D6", put("gik_t3", "３", 1, 0), expected=3),
    Case("unit", "CELL-UNIT", E, T3, "D6", put("gik_t3", "3件", 1, 0), expected=3),
    Case("bad-level", "CELL-BAD-LEVEL", E, INFO, "B4", put("gik_level", "镇政府")),
    Case("bad-year", "CELL-BAD-YEAR", E, INFO, "B5", put("gik_year", "二〇二五")),
    Case("bad-date", "CELL-BAD-DATE", E, INFO, "B6", typed={(INFO, "B6"): "1月20号"}),
    Case("formula-replaced", "TOTAL-FORMULA-REPLACED", W, T3, "J7", typed={(T3, "J7"): 21}),
    # Basic facts ------------------------------------------------------------
    Case("org", "META-ORG-MISSING", E, INFO, "B3", put("gik_org", None)),
    Case("level", "META-LEVEL-MISSING", E, INFO, "B4", put("gik_level", None)),
    Case("year", "META-YEAR-MISSING", E, INFO, "B5", put("gik_year", None)),
    Case("year-old", "META-YEAR-IMPLAUSIBLE", E, INFO, "B5", put("gik_year", 2019), expected=2025),
    Case("year-future", "META-YEAR-IMPLAUSIBLE", E, INFO, "B5", put("gik_year", 2027), expected=2025),
    Case("date", "META-DATE-MISSING", E, INFO, "B6", put("gik_date", None)),
    Case("date-early", "META-DATE-EARLY", W, INFO, "B6", put("gik_date", dt.date(2025, 12, 20))),
    Case("date-late-county", "META-DATE-LATE", W, INFO, "B6",
         put("gik_date", dt.date(2026, 4, 1)), expected="2026-03-31"),
    Case("date-late-department", "META-DATE-LATE", W, INFO, "B6", put("gik_level", "县级部门"),
         expected="2026-01-31"),
    Case("date-late-town", "META-DATE-LATE", W, INFO, "B6", put("gik_date", dt.date(2026, 2, 1)),
         base="town", expected="2026-01-31"),
    Case("date-late-city-government", "META-DATE-LATE", W, INFO, "B6",
         both(put("gik_level", "设区的市级人民政府"), put("gik_date", dt.date(2026, 4, 1))), expected="2026-03-31"),
    # Tables -----------------------------------------------------------------
    Case("rules-by-town", "T2-RULES-BY-TOWN", E, T2, "B4", put("gik_t2_rules", 1, 0, 0),
         base="town", expected=0),
    Case("rules-by-county-department", "T2-RULES-BY-TOWN", E, T2, "D4",
         both(put("gik_level", "县级部门"), put("gik_t2_rules", 2, 0, 2)), expected=0),
    Case("in-force-below-net", "T2-IN-FORCE-BELOW-NET", E, T2, "D5", put("gik_t2_rules", 2, 1, 2)),
    Case("rules-in-force-below-net", "T2-IN-FORCE-BELOW-NET", E, T2, "D4",
         both(put("gik_level", "设区的市级人民政府"), put("gik_t2_rules", 2, 0, 0))),
    Case("unbalanced", "T3-BALANCE", E, T3, "D29", put("gik_t3", 3, 24, 0), expected=2),
    Case("unbalanced-new", "T3-BALANCE", E, T3, "H29", put("gik_t3", 3, 0, 4), expected=1),
    Case("column-total", "T3-COL-TOTAL", E, T3, "D28", typed={(T3, "D28"): 40}, expected=39),
    Case("row-total", "T3-ROW-TOTAL", E, T3, "J7", typed={(T3, "J7"): 22}, expected=21),
    Case("group-total", "T4-GROUP-TOTAL", E, T4, "E5", typed={(T4, "E5"): 5}, expected=4),
    Case("group-total-suit", "T4-GROUP-TOTAL", E, T4, "O5", typed={(T4, "O5"): 0}, expected=1),
    # Against last year --------------------------------------------------------
    Case("not-previous", "YEAR-NOT-PREVIOUS", W, INFO, "B5", previous=put("gik_year", 2023), expected=2024),
    Case("other-body", "YEAR-OTHER-BODY", W, INFO, "B3", previous=put("gik_org", "青山县白马镇人民政府"),
         expected="青山县人民政府"),
    # a look-alike: the body's own office is another body, though its name begins with the body's
    Case("office-of-the-body", "YEAR-OTHER-BODY", W, INFO, "B3", previous=put("gik_org", "青山县人民政府办公室"),
         expected="青山县人民政府"),
    Case("carry-over", "YEAR-CARRY-OVER", E, T3, "D6", previous=put("gik_t3", 4, 24, 0), expected=4),
    Case("in-force", "YEAR-IN-FORCE", W, T2, "D5", previous=put("gik_t2_rules", 21, 1, 2), expected=24),
    Case("copied", "YEAR-PROSE-COPIED", W, S5, "B3",
         previous=lambda v: v.__setitem__("gik_s5_problems", DEMO_S5_PROBLEMS)),
    Case("nearly-copied", "YEAR-PROSE-COPIED", W, S1, "B5",
         previous=lambda v: v.__setitem__("gik_s1_manage", DEMO_S1_MANAGE.replace("4次", "3次"))),
    # Prose --------------------------------------------------------------------
    Case("empty-section", "PROSE-SECTION-EMPTY", E, S1, "B6", put("gik_s1_platform", None)),
    Case("section-says-none", "PROSE-SECTION-EMPTY", E, S5, "B4", put("gik_s5_improve", "无")),
    Case("info-fee", "S6-INFO-FEE-MISSING", E, S6, "B3", put("gik_info_fee", None), expected=0),
    Case("documents", "PROSE-FIGURE-MISMATCH", E, S1, "B5",
         put("gik_s1_manage", "本年度制发行政规范性文件5件，废止1件。"), expected=4),
    Case("documents-repealed", "PROSE-FIGURE-MISMATCH", E, S1, "B5",
         put("gik_s1_manage", "本年度制发行政规范性文件4件，废止2件。"), expected=1),
    Case("requests-with-carry-over", "PROSE-FIGURE-MISMATCH", E, S1, "B4",
         put("gik_s1_request", "全年共收到申请47件（含上年度结转3件），均按时答复。"), expected=50),
    Case("requests", "PROSE-FIGURE-MISMATCH", E, S1, "B4",
         put("gik_s1_request", "全年新收政府信息公开申请45件。"), expected=47),
    Case("no-requests", "PROSE-FIGURE-MISMATCH", E, S1, "B4",
         put("gik_s1_request", "本年度未收到政府信息公开申请。"), expected=47),
    Case("review", "PROSE-FIGURE-MISMATCH", E, S6, "B4",
         append("gik_s6_other", "因政府信息公开工作被申请行政复议5件。"), expected=4),
    Case("suit", "PROSE-FIGURE-MISMATCH", E, S6, "B4",
         append("gik_s6_other", "因政府信息公开被提起行政诉讼2件。"), expected=3),
    Case("penalty", "PROSE-FIGURE-MISMATCH", E, S1, "B3",
         append("gik_s1_active", "全年作出行政处罚决定350件。"), expected=356),
    Case("requests-chinese-numeral", "PROSE-FIGURE-MISMATCH", E, S1, "B4",
         put("gik_s1_request", "本年度共收到政府信息公开申请四十五件。"), expected=47),
    Case("requests-carried", "PROSE-FIGURE-MISMATCH", E, S1, "B4",
         put("gik_s1_request", "本年度新收政府信息公开申请47件，上年结转2件。"), expected=3),
    Case("requests-carried-next", "PROSE-FIGURE-MISMATCH", E, S1, "B4",
         put("gik_s1_request", "共收到申请50件，办结47件，2件结转至下一年度办理。"), expected=3),
    Case("requests-none-in-a-zero-town", "PROSE-FIGURE-MISMATCH", E, S1, "B4",
         put("gik_s1_request", "全年共收到依申请公开事项 1 件。"), base="town", expected=0),
    Case("review-chinese-numeral", "PROSE-FIGURE-MISMATCH", E, S6, "B4",
         append("gik_s6_other", "因政府信息公开工作被申请行政复议三起。"), expected=4),
    Case("no-review-or-suit", "PROSE-FIGURE-MISMATCH", E, S6, "B4",
         append("gik_s6_other", "全年未发生因政府信息公开引起的行政复议。"), expected=4),
    Case("documents-none", "PROSE-FIGURE-MISMATCH", E, S1, "B5",
         put("gik_s1_manage", "本年度未制定行政规范性文件。"), expected=4),
    Case("permit", "PROSE-FIGURE-MISMATCH", E, S1, "B3",
         append("gik_s1_active", "全年办理行政许可一千二百件。"), expected=1268),
    Case("mobile", "PROSE-MOBILE", E, S6, "B4", append("gik_s6_other", "联系人：王某，13812345678。")),
    Case("mobile-dashed", "PROSE-MOBILE", E, S1, "B4", append("gik_s1_request", "咨询请拨打139-1234-5678。")),
    Case("id-card", "PROSE-ID-CARD", E, S1, "B4",
         append("gik_s1_request", "申请人身份证号11010519491231002X。")),
    Case("latin", "PROSE-LATIN", W, S1, "B4",
         append("gik_s1_request", "明确各环节的具体要求和 workflows，确保依法办理。")),
    Case("doubled", "PROSE-DOUBLED-CHAR", W, S1, "B5",
         append("gik_s1_manage", "加强日常工作的监\n\n监督检查。")),
    Case("request-section-empty", "PROSE-REQUEST-SECTION-EMPTY", Severity.INFO, S1, "B4",
         put("gik_s1_request", None)),
    Case("request-section-says-none", "PROSE-REQUEST-SECTION-EMPTY", Severity.INFO, S1, "B4",
         put("gik_s1_request", "无")),
    Case("doubled-in-term", "PROSE-DOUBLED-IN-TERM", W, S1, "B5",
         append("gik_s1_manage", "不予公开的主要是过程性性信息。"), expected="过程性信息"),
    Case("intro-parts", "PROSE-INTRO-PARTS", W, INFO, "B7",
         put("gik_intro", "本报告由总体情况、主动公开政府信息情况等五部分组成。"), expected=6),
    Case("numbering", "PROSE-NUMBERING", W, S1, "B3",

         put("gik_s1_active", "现将有关情况报告如下：\n一、主动公开情况\n全年发布信息840余条。\n"
                              "二、依申请公开情况\n规范办理流程。")),
    Case("sub-numbering", "PROSE-NUMBERING", W, S1, "B3",
         put("gik_s1_active", "（一）主动公开情况。全年发布信息840余条。")),
]

PROSE_THAT_AGREES = (  # the demo: 47 new + 3 carried, 3 carried on; 4 reviews, 3 suits
    "全年共收到政府信息公开申请50件（含上年度结转3件），其中本年新收47件。"
    "本年度新收政府信息公开申请四十七件，上年结转3件，共计50件。"
    "办结47件，3件结转下年度办理。全年共收到依申请公开事项47件。"
    "因政府信息公开工作被申请行政复议四起、被提起行政诉讼3件。"
    "全年办理行政许可1268件、行政处罚356件、行政强制12件，制发行政规范性文件4件，废止1件，"
    "现行有效规范性文件23件。"
)
PROSE_ABOUT_OTHER_THINGS = (
    "全年收到依申请公开事项约50件，40余件已答复。2024年共收到政府信息公开申请30件。"
    "上年收到政府信息公开申请35件。全县各部门共收到政府信息公开申请200件。"
    "本年度未收到法人或其他组织提出的政府信息公开申请。全年受理政务服务事项12000件，办件信息全部公开。"
    "收到申请人补正材料5件。其中涉企行政处罚20件，简易程序行政处罚300件。"
    "因政府信息公开被申请行政复议4件，全年县政府办理行政复议案件120件。"
    "全年未发生因政府信息公开引起的行政诉讼败诉案件。"
    "制定规范性文件管理办法1件，未制定涉及市场主体经济活动的规范性文件。"
    "全年收到人大代表建议86件，收到群众来信投诉12件，共收到行政复议申请2件。"
)
NUMBERS_THAT_ARE_NOT_PRIVATE = (
    "咨询电话0812-5561234、（0812）5561235，12345政务服务便民热线，400-810-1234。"
    "依据青府发〔2021〕30号、青府办函〔2025〕138号文件，邮政编码617200，"
    "统一社会信用代码11510400MB1234567X，档案编号20250101123456789X，"
    "订单号110105194912310021，全年访问量1268000人次，统计期限2025年1月1日至2025年12月31日。"
)

#: Near misses: one legitimate change close to what each check looks for. The case's
#: code must stay silent (other codes are the business of the clean-workbook tests).
SILENT = [
    # Cells ----------------------------------------------------------------
    Case("zero-is-not-blank", "CELL-BLANK", E, T3, "D6", put("gik_t3", 0, 1, 0)),
    Case("zero-is-not-an-error", "CELL-ERROR", E, T2, "B8", put("gik_t2_permit", 0, 0, 0)),
    Case("prose-may-be-text", "CELL-TEXT", E, S6, "B4", put("gik_s6_other", "详见附件。")),
    Case("zero-fee", "CELL-NEGATIVE", E, T2, "B15", put("gik_t2_fee", 0.0, 0, 0)),
    Case("fee-in-wan-yuan-may-be-decimal", "CELL-NOT-INT", E, T2, "B15", put("gik_t2_fee", 2.35, 0, 0)),
    Case("fifteen-digits-are-not-too-large", "CELL-TOO-LARGE", E, T2, "B8",
         put("gik_t2_permit", 999_999_999_999_999, 0, 0)),
    Case("optional-prose-may-say-none", "CELL-PLACEHOLDER", E, S6, "B4", put("gik_s6_other", "无")),
    Case("year-as-text", "CELL-TEXT-NUMBER", E, INFO, "B5", put("gik_year", "2025")),
    Case("fullwidth-digits-in-prose", "CELL-FULLWIDTH", E, S1, "B3",
         append("gik_s1_active", "全年访问量１２６万人次。")),
    Case("year-with-unit", "CELL-UNIT", E, INFO, "B5", put("gik_year", "2025年")),
    Case("level-other", "CELL-BAD-LEVEL", E, INFO, "B4", put("gik_level", "其他")),
    Case("year-written-with-nian", "CELL-BAD-YEAR", E, INFO, "B5", put("gik_year", "2025年")),
    Case("date-as-chinese-text", "CELL-BAD-DATE", E, INFO, "B6", typed={(INFO, "B6"): "2026年3月20日"}),
    Case("input-cell-typed-over", "TOTAL-FORMULA-REPLACED", W, T3, "D7", typed={(T3, "D7"): 17}),
    # Basic facts ------------------------------------------------------------
    Case("org-with-spaces", "META-ORG-MISSING", E, INFO, "B3", put("gik_org", " 青山县人民政府 ")),
    Case("level-other-is-set", "META-LEVEL-MISSING", E, INFO, "B4", put("gik_level", "其他")),
    Case("year-text", "META-YEAR-MISSING", E, INFO, "B5", put("gik_year", "2025")),
    Case("first-year-of-the-format", "META-YEAR-IMPLAUSIBLE", E, INFO, "B5",
         both(put("gik_year", 2021), put("gik_date", dt.date(2022, 3, 20)))),
    Case("date-text", "META-DATE-MISSING", E, INFO, "B6", typed={(INFO, "B6"): "2026-03-20"}),
    Case("new-year-day", "META-DATE-EARLY", W, INFO, "B6", put("gik_date", dt.date(2026, 1, 1))),
    Case("county-on-31-march", "META-DATE-LATE", W, INFO, "B6", put("gik_date", dt.date(2026, 3, 31))),
    Case("department-on-31-january", "META-DATE-LATE", W, INFO, "B6",
         both(put("gik_level", "县级部门"), put("gik_date", dt.date(2026, 1, 31)))),
    Case("town-on-31-january", "META-DATE-LATE", W, INFO, "B6", put("gik_date", dt.date(2026, 1, 31)),
         base="town"),
    # Tables -----------------------------------------------------------------
    Case("city-government-makes-rules", "T2-RULES-BY-TOWN", E, T2, "B4",
         both(put("gik_level", "设区的市级人民政府"), put("gik_t2_rules", 2, 0, 0), put("gik_t2_rules", 2, 0, 2))),
    Case("town-issues-normative-documents", "T2-RULES-BY-TOWN", E, T2, "B5",
         both(put("gik_t2_rules", 1, 1, 0), put("gik_t2_rules", 1, 1, 2)), base="town"),
    Case("in-force-equal-to-net", "T2-IN-FORCE-BELOW-NET", E, T2, "D5", put("gik_t2_rules", 3, 1, 2)),
    Case("in-force-blank-is-undecided", "T2-IN-FORCE-BELOW-NET", E, T2, "D5", put("gik_t2_rules", None, 1, 2)),
    Case("one-more-request-granted", "T3-BALANCE", E, T3, "D29",
         both(put("gik_t3", 39, 0, 0), put("gik_t3", 18, 2, 0))),
    Case("request-moved-between-results", "T3-COL-TOTAL", E, T3, "D28",
         both(put("gik_t3", 16, 2, 0), put("gik_t3", 4, 3, 0))),
    Case("request-moved-between-applicants", "T3-ROW-TOTAL", E, T3, "J7",
         both(put("gik_t3", 16, 2, 0), put("gik_t3", 3, 2, 1), put("gik_t3", 37, 0, 0), put("gik_t3", 6, 0, 1))),
    Case("typed-total-equal-to-the-sum", "T4-GROUP-TOTAL", E, T4, "E5", typed={(T4, "E5"): 4}),
    # Against last year --------------------------------------------------------
    Case("last-year", "YEAR-NOT-PREVIOUS", W, INFO, "B5", previous=lambda v: None),
    Case("same-body-spaced-and-full-width", "YEAR-OTHER-BODY", W, INFO, "B3",
         previous=put("gik_org", " 青山县\u3000人民政府（ＸＸ）"), change=put("gik_org", "青山县人民政府(XX)")),
    # one body, two spellings: last year's name with its parent region in front, or this year's
    Case("same-body-with-its-parent-region", "YEAR-OTHER-BODY", W, INFO, "B3",
         previous=put("gik_org", "江南省青山市青山县人民政府")),
    Case("same-body-without-its-parent-region", "YEAR-OTHER-BODY", W, INFO, "B3",
         previous=put("gik_org", "青山县人民政府"), change=put("gik_org", "青山市青山县人民政府")),
    Case("carried-as-last-year", "YEAR-CARRY-OVER", E, T3, "D6", previous=lambda v: None),
    Case("documents-carry", "YEAR-IN-FORCE", W, T2, "D5", previous=put("gik_t2_rules", 20, 1, 2),
         change=both(put("gik_t2_rules", 5, 1, 0), put("gik_t2_rules", 2, 1, 1))),  # 20 + 5 − 2 = 23
    Case("standard-opening-and-short-lines-repeat", "YEAR-PROSE-COPIED", W, INFO, "B7",
         previous=lambda v: v.update(gik_intro=DEMO_INTRO.replace("2025", "2024"),
                                     gik_s6_other="本年度未收取信息处理费。"),
         change=put("gik_s6_other", "本年度未收取信息处理费。")),
    # Prose --------------------------------------------------------------------
    Case("optional-sections-empty", "PROSE-SECTION-EMPTY", E, S6, "B4",
         both(put("gik_s6_other", None), put("gik_intro", None))),
    Case("fee-stated", "S6-INFO-FEE-MISSING", E, S6, "B3", put("gik_info_fee", 120.5)),
    Case("fee-not-asked-before-2021", "S6-INFO-FEE-MISSING", E, S6, "B3",
         both(put("gik_info_fee", None), put("gik_year", 2020), put("gik_date", dt.date(2021, 1, 20)))),
    Case("request-section-is-only-a-hint", "PROSE-SECTION-EMPTY", E, S1, "B4", put("gik_s1_request", None)),
    Case("request-section-says-little", "PROSE-REQUEST-SECTION-EMPTY", Severity.INFO, S1, "B4",
         put("gik_s1_request", "均按时答复。")),
    Case("reduplication-and-words-that-meet", "PROSE-DOUBLED-IN-TERM", W, S1, "B5",
         append("gik_s1_manage", "层层压实责任，人人参与，常常自查，逐一答复、一一对应，依申请公开开展顺利，"
                                 "推行行政复议调解，现行有效规范性文件件件备案。")),
    Case("intro-counts-six", "PROSE-INTRO-PARTS", W, INFO, "B7",
         put("gik_intro", "本报告分为六个部分，其中一部分内容由表格列示。")),
    Case("figures-in-published-phrasing", "PROSE-FIGURE-MISMATCH", E, S1, "B4",
         put("gik_s1_request", PROSE_THAT_AGREES)),
    Case("figures-that-are-not-the-tables", "PROSE-FIGURE-MISMATCH", E, S1, "B4",
         put("gik_s1_request", PROSE_ABOUT_OTHER_THINGS)),
    Case("landlines-hotline-documents", "PROSE-MOBILE", E, S1, "B6",
         append("gik_s1_platform", NUMBERS_THAT_ARE_NOT_PRIVATE)),
    Case("credit-code-and-serials", "PROSE-ID-CARD", E, S1, "B6",
         append("gik_s1_platform", NUMBERS_THAT_ARE_NOT_PRIVATE)),
    Case("acronyms-brands-urls", "PROSE-LATIN", W, S1, "B6",
         append("gik_s1_platform", "开通政务 APP，提供PDF、OFD和docx下载，访问www.gov.cn或"
                                   "https://www.qingshan.gov.cn/zwgk/index.html，拨打12345热线，"
                                   "接入DeepSeek大模型，支持iOS和Android，Wi-Fi全覆盖，邮箱gk@qingshan.gov.cn。")),
    Case("same-character-after-a-full-stop", "PROSE-DOUBLED-CHAR", W, S5, "B3",
         put("gik_s5_problems", "一是信息更新不及时；二是解读形式单一。\n人人都要重视。")),
    Case("points-inside-a-section", "PROSE-NUMBERING", W, S1, "B3",
         append("gik_s1_active", "\n一是加强领导。\n二是完善制度：1.建立台账；（1）专人跟踪。")),
]

from gikxl.examples import demo_values  # noqa: E402

DEMO_S5_PROBLEMS = demo_values()["gik_s5_problems"]
DEMO_S1_MANAGE = demo_values()["gik_s1_manage"]
DEMO_INTRO = demo_values()["gik_intro"]


@pytest.fixture
def town() -> dict[str, Any]:
    return town_values()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}:{c.id}")
def test_case_fires_at_its_cell(case: Case, demo, town, make_workbook):
    values = copy.deepcopy(demo if case.base == "demo" else town)
    previous = None
    if case.change:
        case.change(values)
    book = make_workbook(values, "this.xlsm")
    if case.typed:
        overwrite(book, case.typed)
    if case.previous:
        prev = previous_values(demo)
        case.previous(prev)
        previous = make_workbook(prev, "last.xlsm")
    findings = check_book(book, previous)
    mine = [f for f in findings if f.code == case.code]
    assert mine, f"{case.code} did not fire; got {[(f.code, f.cell) for f in findings]}"
    if case.only:
        assert len(mine) == 1, [(f.cell, f.message) for f in mine]
    hit = next((f for f in mine if (f.sheet, f.cell) == (case.sheet, case.cell)), None)
    assert hit is not None, [(f.sheet, f.cell, f.message) for f in mine]
    assert hit.severity is case.severity is RULES[case.code].severity
    assert hit.message and any("\u4e00" <= ch <= "\u9fff" for ch in hit.message)
    if case.expected is not None:
        assert hit.expected == case.expected, hit.message


@pytest.mark.parametrize("case", SILENT, ids=lambda c: f"{c.code}:{c.id}")
def test_near_miss_stays_silent(case: Case, demo, town, make_workbook):
    values = copy.deepcopy(demo if case.base == "demo" else town)
    if case.change:
        case.change(values)
    book = make_workbook(values, "this.xlsm")
    if case.typed:
        overwrite(book, case.typed)
    previous = None
    if case.previous:
        prev = previous_values(demo if case.base == "demo" else town)
        case.previous(prev)
        previous = make_workbook(prev, "last.xlsm")
    findings = check_book(book, previous)
    assert [(f.sheet, f.cell, f.message) for f in findings if f.code == case.code] == []


def test_every_rule_has_a_silent_case():
    assert set(load()) - {c.code for c in SILENT} == set()


def test_every_rule_has_a_firing_case():
    fired = {c.code for c in CASES}
    assert set(load()) - fired == set()


def test_catalogue_has_no_case_for_unknown_codes():
    assert {c.code for c in CASES} <= set(RULES)


# Knock-ons: one wrong cell, one error ------------------------------------------

def test_typed_column_total_gives_one_error_and_one_warning(demo, make_workbook):
    book = overwrite(make_workbook(demo), {(T3, "D28"): 40})
    findings = check_book(book)
    assert [(f.code, f.cell) for f in findings] == [
        ("T3-COL-TOTAL", "D28"), ("TOTAL-FORMULA-REPLACED", "D28"),
    ]
    (error, warning) = findings
    assert "应为 39" in error.message and error.related[0] == "D7" and len(error.related) == 21
    assert warning.severity is Severity.WARNING


def test_typed_row_total_does_not_break_the_corner(demo, make_workbook):
    book = overwrite(make_workbook(demo), {(T3, "J7"): 22})
    codes = [(f.code, f.cell) for f in check_book(book)]
    assert codes == [("T3-ROW-TOTAL", "J7"), ("TOTAL-FORMULA-REPLACED", "J7")]


def test_imbalance_is_reported_once_per_wrong_column(demo, make_workbook):
    demo["gik_t3"][24][0] = 3  # 自然人 结转下年度 2 → 3
    findings = check_book(make_workbook(demo))
    assert [(f.code, f.cell) for f in findings] == [("T3-BALANCE", "D29")]
    f = findings[0]
    assert "自然人" in f.message and "相差 1" in f.message and f.expected == 2 and f.actual == 3
    assert set(f.related) == {"D5", "D6", "D28"}


def test_typed_total_of_carry_over_is_a_wrong_total_not_an_imbalance(demo, make_workbook):
    book = overwrite(make_workbook(demo), {(T3, "J29"): 4})
    codes = [(f.code, f.cell) for f in check_book(book)]
    assert codes == [("T3-ROW-TOTAL", "J29"), ("TOTAL-FORMULA-REPLACED", "J29")]


def test_blank_cell_is_not_also_an_imbalance(demo, make_workbook):
    demo["gik_t3"][1][0] = None
    findings = check_book(make_workbook(demo))
    assert [(f.code, f.cell) for f in findings] == [("CELL-BLANK", "D6")]
    assert findings[0].message.endswith("空白单元格不等于 0：没有请填 0")


def test_unit_message_quotes_the_cell_and_the_number(demo, make_workbook):
    demo["gik_t3"][1][0] = "3件"
    (f,) = check_book(make_workbook(demo))
    assert f.place == "'三、依申请公开'!D6"
    assert "填的是“3件”，应只填数字 3" in f.message and f.actual == "3件"


# Clean workbooks ------------------------------------------------------------

def test_demo_is_clean(demo, make_workbook):
    assert check_book(make_workbook(demo)) == []


def test_all_zero_town_is_clean(town, make_workbook):
    assert check_book(make_workbook(town)) == []


def test_demo_with_consistent_previous_year_is_clean(demo, make_workbook):
    book = make_workbook(demo, "this.xlsm")
    last = make_workbook(previous_values(demo), "last.xlsm")
    assert check_book(book, last) == []


def test_silent_lookalikes(demo, make_workbook):
    """Text close to each slip that is fine: hotline, landline, URL, acronyms, approximate figures."""
    demo["gik_s1_platform"] += (
        "开通12345政务服务便民热线和0812-1234567咨询电话，网站www.qingshan.gov.cn、"
        "邮箱gk@qingshan.gov.cn，提供APP、PDF和WPS格式下载，支持Wi-Fi。文号20251234567890123。"
    )
    demo["gik_s1_request"] += "全年收到依申请公开事项约50件。共收到行政复议申请2件，均已办结。"
    demo["gik_s6_other"] += "全年收到人大代表建议86件。"
    demo["gik_s5_problems"] = "一是信息更新不及时；二是解读形式单一。\n人人都要重视。"
    assert check_book(make_workbook(demo)) == []


@pytest.mark.parametrize(("typed", "code", "words"), [
    ("无", "CELL-PLACEHOLDER", "填的是“无”，没有请填 0"),
    ("100元", "CELL-UNIT", "填的是“100元”，应只填数字 100"),
    (-5, "CELL-NEGATIVE", "填的是负数 -5，金额不能为负"),
])
def test_information_fee_typed_wrong_says_what_to_type(typed, code, words, demo, make_workbook):
    demo["gik_info_fee"] = typed
    findings = check_book(make_workbook(demo))
    assert [(f.code, f.severity, f.sheet, f.cell) for f in findings] == [(code, E, S6, "B3")]
    assert findings[0].message == f"信息处理费（元）：{words}"
