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
from gikxl.checks.rules.prose import valid_id_card

SAMPLES = Path(__file__).resolve().parent / "data" / "published"


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
    values["gik_t2_enforce"] = [[3], [0]]  # the text's "行政处罚 1 条" counts published items: no claim
    values["gik_t3"][0] = [1, 0, 0, 0, 0, 0, 1]  # the text says no request arrived
    values["gik_t3"][2] = [1, 0, 0, 0, 0, 0, 1]
    found = [(f.code, f.cell, f.expected, f.actual) for f in check_book(make_workbook(values))
             if f.code == "PROSE-FIGURE-MISMATCH"]
    assert sorted(found) == [
        ("PROSE-FIGURE-MISMATCH", "B3", 1, 0),  # 未收到……申请
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
