"""Prose against the tables and text slips: the phrasing of real published reports."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from checks_helpers import S1, S5, S6, check_book, town_values
from gikxl import spec
from gikxl.checks.rules.prose import claims, figure_of, valid_id_card

SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / "published"


ISSUED, REPEALED = ("normative_issued",), ("normative_repealed",)


def stated(text: str, about_requests: bool = False) -> list[tuple[int, tuple[str, ...]]]:
    """Figures the text states, in a 2025 report."""
    return [(c.figure, c.accept) for c in claims(text, about_requests, year=2025)]


@pytest.mark.parametrize(("text", "expected"), [
    ("共收到申请41件（含上年度结转3件）", [(41, ("new_and_carried",)), (3, ("carried",))]),
    ("全年共收到政府信息公开申请41件(其中上年结转3件)", [(41, ("new_and_carried",)), (3, ("carried",))]),
    ("本年新收政府信息公开申请38件", [(38, ("new",))]),
    ("全年共收到依申请公开事项 0 件。", [(0, ("new", "new_and_carried"))]),
    ("2025 年，白马镇未收到通过受理电话、网络平台、来信等方式提出的政府信息公开申请。", [(0, ("new",))]),
    ("2025 年度我镇未收到和处理政府信息公开申请。", [(0, ("new",))]),
    ("本年度未收到公民、法人或其他组织提出的政府信息公开申请。", [(0, ("new",))]),
    ("本年度共收到政府信息公开申请四十五件。", [(45, ("new", "new_and_carried"))]),
    ("本年度新收政府信息公开申请47件，上年结转3件，共计50件。", [(47, ("new",)), (3, ("carried",))]),
    ("共收到申请50件，办结47件，3件结转下年度办理。", [(50, ("new", "new_and_carried")), (3, ("carry_next",))]),
    ("因政府信息公开工作被申请行政复议三起。", [(3, ("review",))]),
    ("全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。", [(0, ("review",)), (0, ("suit",))]),
    ("政府信息公开行政复议、行政诉讼各0件。", [(0, ("review",)), (0, ("suit",))]),
    ("本年度制发规范性文件四件，废止一件。", [(4, ISSUED), (1, REPEALED)]),
    ("全年作出行政处罚决定三百五十六件。", [(356, ("penalty",))]),
    ("本年度制发行政规范性文件4件，废止1件。", [(4, ISSUED), (1, REPEALED)]),
    ("2025年制定规范性文件0条、更新0条、作废0条。", [(0, ISSUED), (0, REPEALED)]),
    ("2025年，我镇未制定、废除、更新行政规范性文件。", [(0, ISSUED), (0, REPEALED)]),
    ("现行有效行政规范性文件23件。", [(23, ("normative_in_force",))]),
    ("通过其他渠道公开信息 2 条，其中行政许可 1 条，行政处罚 1 条。", [(1, ("permit",)), (1, ("penalty",))]),
    ("因政府信息公开被申请行政复议2件、提起行政诉讼1件。", [(2, ("review",)), (1, ("suit",))]),
])
def test_claims_in_published_phrasing(text, expected):
    assert stated(text, about_requests=True) == expected


@pytest.mark.parametrize("text", [
    "全年共发布信息 840 余条，其中政策法规类信息 40 余条。",
    "全年收到依申请公开事项约50件。",
    "共收到行政复议申请2件，均已办结。",
    "全年办理行政复议案件120件。",  # as the reviewing body, not about 政府信息公开
    "全年办理人大代表建议86件、政协委员提案102件。",
    "收到群众来信投诉12件。",
    "行政许可事项356项。",
    "本年清理规范性文件53件。",
    # parts of a table quantity, not the quantity
    "其中涉企行政处罚20件。",
    "其中简易程序行政处罚300件。",
    "本年度未收到法人或其他组织提出的政府信息公开申请。",
    "未制定涉及市场主体经济活动的规范性文件。",
    # other counts that share a word
    "全年受理政务服务事项12000件，办件信息全部公开。",
    "全年受理政务服务申请12000件，办理结果全部公开。",
    "收到申请人补正材料5件。",
    "制定规范性文件管理办法1件。",
    "全年县政府办理行政复议案件120件，其中涉及政府信息公开的已另行统计。",
    "全年未发生因政府信息公开引起的行政诉讼败诉案件。",
    "因政府信息公开未发生行政复议和行政诉讼被纠错的情况。",
    "其中自然人新收38件。",
    "其中商业企业结转下年度1件。",
    "涉及政府信息公开的案件中，未经复议直接起诉的行政诉讼1件，结果维持的行政复议2件。",
    # other years, other scopes, round figures
    "2024年共收到政府信息公开申请30件。",
    "上年收到政府信息公开申请35件，同比减少。",
    "全县各部门共收到政府信息公开申请200件。",
    "收到政府信息公开申请数十件。",
    "收到政府信息公开申请三四件。",
])
def test_no_claims_in_lookalikes(text):
    assert stated(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("47", 47), ("零", 0), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105),
    ("两千", 2000), ("三百五十六", 356), ("一万二千", 12000), ("三四", None), ("十十", None), ("百", None),
])
def test_chinese_numerals(text, value):
    assert figure_of(text) == value


def test_reviews_in_the_request_section_are_about_disclosure():
    assert stated("本年度被申请行政复议1起。", about_requests=True) == [(1, ("review",))]
    assert stated("本年度被申请行政复议1起。") == []  # elsewhere: maybe the body's other cases


def test_review_by_the_reviewing_body_is_not_table_four():
    text = "因政府信息公开被申请行政复议4件，全年县政府办理行政复议案件120件。"
    assert stated(text) == [(4, ("review",))]


def test_claims_quote_the_text_as_written():
    (new, carried) = claims("全年共收到申请41件（含上年度结转3件）。", about_requests=True)
    assert new.text == "收到申请41件（含上年度结转3件）" and carried.text == "含上年度结转3件"


def test_mismatch_message_names_both_cells_and_values(make_workbook):
    values = town_values()
    values["gik_t3"][0] = [4, 0, 0, 0, 0, 0, 4]
    values["gik_t3"][1] = [1, 0, 0, 0, 0, 0, 1]
    values["gik_t3"][2] = [5, 0, 0, 0, 0, 0, 5]
    values["gik_s1_request"] = "全年共收到政府信息公开申请6件（含上年结转1件）。"
    (f,) = [f for f in check_book(make_workbook(values)) if f.code == "PROSE-FIGURE-MISMATCH"]
    assert (f.sheet, f.cell, f.expected, f.actual) == (S1, "B4", 5, 6)
    assert "“收到政府信息公开申请6件（含上年结转1件）”" in f.message
    assert "之和为 5" in f.message and "'三、依申请公开'!J5、J6" in f.message


def test_id_card_checksum():
    assert valid_id_card("11010519491231002X")
    assert not valid_id_card("110105194912310021")
    assert not valid_id_card("110105194913310020")  # month 13


# Published samples --------------------------------------------------------

def sections(text: str) -> dict[str, str]:
    """The prose of a published report's sections 一, 五 and 六 (without the closing signature)."""
    heads = [spec.SECTION_TITLES[i] for i in (0, 1, 4, 5)]
    at = {h: re.search(rf"^{h}\s*$", text, re.M) for h in heads}
    s1 = text[at[heads[0]].end():at[heads[1]].start()].strip()
    s5 = text[at[heads[2]].end():at[heads[3]].start()].strip()
    s6 = text[at[heads[3]].end():].strip().split("\n\n")[0].strip()
    return {"gik_s1_active": s1, "gik_s5_problems": s5, "gik_s6_other": s6}


def sample(name: str) -> dict[str, Any]:
    """The sample's prose by defined name, with its report year and a date within the deadline."""
    year = int(name[:4])
    values: dict[str, Any] = sections((SAMPLES / name).read_text(encoding="utf-8"))
    return {**values, "gik_year": year, "gik_date": dt.date(year + 1, 1, 16)}


SAMPLE_NAMES = ["2023-米易县白马镇.txt", "2023-马山口镇.txt", "2024-米易县草场镇.txt"]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_samples_in_a_zero_town_workbook_raise_no_figure_alarm(name, make_workbook):
    values = town_values()
    values.update(sample(name))
    values["gik_t2_permit"] = [[1 if "白马" in name else 0]]
    values["gik_t2_enforce"] = [[1 if "白马" in name else 0], [0]]
    findings = check_book(make_workbook(values))
    assert [f for f in findings if f.code in ("PROSE-FIGURE-MISMATCH", "PROSE-MOBILE", "PROSE-ID-CARD")] == []


def test_sample_figures_are_checked_against_the_tables(make_workbook):
    values = town_values()
    values.update(sample("2023-米易县白马镇.txt"))
    values["gik_t2_enforce"] = [[3], [0]]  # the text says 行政处罚 1 条
    values["gik_t3"][0] = [1, 0, 0, 0, 0, 0, 1]  # the text says no request arrived
    values["gik_t3"][2] = [1, 0, 0, 0, 0, 0, 1]
    found = [(f.code, f.cell, f.expected, f.actual) for f in check_book(make_workbook(values))
             if f.code == "PROSE-FIGURE-MISMATCH"]
    assert sorted(found) == [
        ("PROSE-FIGURE-MISMATCH", "B3", 1, 0),  # 未收到……申请
        ("PROSE-FIGURE-MISMATCH", "B3", 3, 1),  # 行政处罚 1 条
        ("PROSE-FIGURE-MISMATCH", "B4", 1, 0),  # the town's own 未收到 sentence
    ]


def test_mashankou_restarts_numbering_and_leaves_english(make_workbook):
    values = town_values()
    values.update(sample("2023-马山口镇.txt"))
    values["gik_t2_permit"] = [[0]]
    findings = check_book(make_workbook(values))
    numbering = [f for f in findings if f.code == "PROSE-NUMBERING"]
    assert [(f.sheet, f.cell) for f in numbering] == [(S1, "B3")]
    assert "一、主动公开情况" in numbering[0].message
    latin = [f for f in findings if f.code == "PROSE-LATIN"]
    assert [(f.sheet, f.cell) for f in latin] == [(S1, "B3")] and "workflows" in latin[0].message


def test_baima_doubles_a_character_at_a_page_break(make_workbook):
    values = town_values()
    values.update(sample("2023-米易县白马镇.txt"))
    doubled = [f for f in check_book(make_workbook(values)) if f.code == "PROSE-DOUBLED-CHAR"]
    assert [(f.sheet, f.cell) for f in doubled] == [(S1, "B3")]
    assert "“监”重复了" in doubled[0].message and "监督检查" in doubled[0].expected


def test_sub_parts_in_section_five_are_fine(make_workbook):
    values = town_values()
    values["gik_s5_problems"] = "（一）主要问题\n1.信息更新不及时。\n（二）改进情况\n1.强化责任意识。"
    assert [f for f in check_book(make_workbook(values)) if f.sheet == S5] == []


def test_private_numbers_are_masked_in_the_message(make_workbook):
    values = copy.deepcopy(town_values())
    values["gik_s6_other"] = "本年度未收取信息处理费。联系人手机13812345678，身份证11010519491231002X。"
    found = {f.code: f for f in check_book(make_workbook(values)) if f.sheet == S6}
    mobile = found["PROSE-MOBILE"].message
    assert "138****5678" in mobile and "13812345678" not in mobile
    assert "110105********002X" in found["PROSE-ID-CARD"].message
