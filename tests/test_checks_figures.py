"""The productions of :mod:`gikxl.checks.figures`: their entries, the overlap rule, speed,
and the phrasing of real published reports it reads."""

from __future__ import annotations

import inspect
import random
import time
from pathlib import Path

import pytest

from gikxl import spec
from gikxl.checks.figures import (
    FIGURE_TESTS,
    PATTERNS,
    QUANTITIES,
    Candidate,
    Claim,
    Pattern,
    Says,
    claims,
    figure_of,
    taken,
)

SAMPLES = Path(__file__).resolve().parent / "data" / "published"


# Published phrasing (moved from test_checks_prose.py) ----------------------

ISSUED, REPEALED = ("normative_issued",), ("normative_repealed",)


def stated(text: str, about_requests: bool = False) -> list[tuple[int, tuple[str, ...]]]:
    """Figures the text states, in a 2025 report."""
    return [(c.figure, c.accept) for c in claims(text, about_requests, year=2025)]


PUBLISHED = [
    ("共收到申请41件（含上年度结转3件）", [(41, ("new_and_carried",)), (3, ("carried",))]),
    ("全年共收到政府信息公开申请41件(其中上年结转3件)", [(41, ("new_and_carried",)), (3, ("carried",))]),
    ("本年新收政府信息公开申请38件", [(38, ("new",))]),
    ("全年共收到依申请公开事项 0 件。", [(0, ("new", "new_and_carried"))]),
    ("2025 年，白马镇未收到通过受理电话、网络平台、来信等方式提出的政府信息公开申请。", [(0, ("new",))]),
    ("2025 年度我镇未收到和处理政府信息公开申请。", [(0, ("new",))]),
    ("本年度未收到公民、法人或其他组织提出的政府信息公开申请。", [(0, ("new",))]),
    ("本年度共收到政府信息公开申请四十五件。", [(45, ("new", "new_and_carried"))]),
    ("本年度新收政府信息公开申请47件，上年结转3件，共计50件。", [(47, ("new",)), (3, ("carried",))]),
    ("共收到申请50件，办结47件，3件结转下年度办理。",
     [(50, ("new", "new_and_carried")), (47, ("done",)), (3, ("carry_next",))]),
    ("因政府信息公开工作被申请行政复议三起。", [(3, ("review",))]),
    ("全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。", [(0, ("review",)), (0, ("suit",))]),
    ("政府信息公开行政复议、行政诉讼各0件。", [(0, ("review",)), (0, ("suit",))]),
    ("本年度制发规范性文件四件，废止一件。", [(4, ISSUED), (1, REPEALED)]),
    ("全年作出行政处罚决定三百五十六件。", [(356, ("penalty",))]),
    ("本年度制发行政规范性文件4件，废止1件。", [(4, ISSUED), (1, REPEALED)]),
    ("2025年制定规范性文件0条、更新0条、作废0条。", [(0, ISSUED), (0, REPEALED)]),
    ("2025年，我镇未制定、废除、更新行政规范性文件。", [(0, ISSUED), (0, REPEALED)]),
    ("现行有效行政规范性文件23件。", [(23, ("normative_in_force",))]),
    ("因政府信息公开被申请行政复议2件、提起行政诉讼1件。", [(2, ("review",)), (1, ("suit",))]),
]


@pytest.mark.parametrize(("text", "expected"), PUBLISHED)
def test_claims_in_published_phrasing(text, expected):
    assert stated(text, about_requests=True) == expected


LOOKALIKES = [
    # Items published about 许可 and 处罚, not table 二's decisions (issue: say nothing there).
    "通过其他渠道公开信息 2 条，其中行政许可 1 条，行政处罚 1 条。",
    "全年发布政府信息139条，其中行政处罚信息5条。",
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
    "其中自然人新收38件。",
    "其中商业企业结转下年度1件。",
    "涉及政府信息公开的案件中，未经复议直接起诉的行政诉讼1件，结果维持的行政复议2件。",
    # other years, other scopes, round figures
    "2024年共收到政府信息公开申请30件。",
    "上年收到政府信息公开申请35件，同比减少。",
    "全县各部门共收到政府信息公开申请200件。",
    "收到政府信息公开申请数十件。",
    "收到政府信息公开申请三四件。",
]


@pytest.mark.parametrize("text", LOOKALIKES)
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



# The table ----------------------------------------------------------------

@pytest.mark.parametrize("p", PATTERNS, ids=lambda p: p.name)
def test_every_pattern_reads_its_example(p):
    """Each entry documents a phrase; read alone, it yields what the entry declares."""
    assert p.compiled.search(p.example), f"{p.name}: the example does not match"
    said = [c for c in claims(p.example, year=2025) if c.pattern == p.name]
    declared = {s.quantities for s in p.says}
    if any(s.when is not None and s.when.__name__.startswith("k") for s in p.says):  # a list: some slots
        assert said and {c.accept for c in said} <= declared
    else:
        assert {c.accept for c in said} == declared


def test_pattern_names_are_unique():
    names = [p.name for p in PATTERNS]
    assert len(names) == len(set(names))


def groups_read(s: Says) -> tuple[str, ...]:
    """The groups of a match that ``s`` reads."""
    figures = () if isinstance(s.figure, int) else (s.figure,) if isinstance(s.figure, str) else s.figure
    return (*figures, *([s.words] if s.words else []))


def test_patterns_name_known_quantities_and_groups():
    for p in PATTERNS:
        for s in p.says:
            assert s.quantities and all(q in QUANTITIES for q in s.quantities), p.name
            assert all(g in p.compiled.groupindex for g in groups_read(s)), p.name


def test_conditions_are_named_and_documented():
    functions = {c for p in PATTERNS for c in p.conditions}
    functions |= {s.when for p in PATTERNS for s in p.says if s.when}
    functions |= set(FIGURE_TESTS)
    for f in functions:
        assert inspect.isfunction(f) and f.__name__ != "<lambda>" and inspect.getdoc(f), f


def test_quantities_sum_cells_of_the_tables():
    for key, q in QUANTITIES.items():
        for block, row, col in q.cells:
            assert spec.BLOCKS[block].row(row) and spec.BLOCKS[block].col(col), key


def test_quantity_value_is_the_sum_or_none():
    q = QUANTITIES["new_and_carried"]
    assert q.value(lambda block, row, col: {"new": 47, "carried": 3}[row]) == 50
    assert q.value(lambda block, row, col: None if row == "carried" else 47) is None


# The overlap rule -----------------------------------------------------------

def candidate(name: str, priority: int, start: int, end: int) -> Candidate:
    p = Pattern(name, priority, example="", regex="", says=())
    return Candidate(p, start, end, (Claim(name, 0, (), name),))


def test_overlaps_go_to_priority_then_earliest_then_longest():
    found = [
        candidate("late-but-first", 0, 6, 9),
        candidate("earlier-but-second", 1, 4, 7),  # overlaps the first: dropped
        candidate("short", 1, 0, 2),
        candidate("long", 1, 0, 3),  # same start, longer: kept
        candidate("apart", 1, 3, 4),  # touches "long" and "late-but-first", overlaps neither
    ]
    assert [c.pattern.name for c in taken(found)] == ["long", "apart", "late-but-first"]
    assert taken(found) == taken(reversed(found))


def read(text: str) -> list[tuple[int, tuple[str, ...], str]]:
    """(figure, quantities, pattern) of each claim, in the 依申请公开 section of a 2025 report."""
    return [(c.figure, c.accept, c.pattern) for c in claims(text, about_requests=True, year=2025)]


def test_a_total_with_carried_requests_is_read_once():
    # not also a bare 上年结转 claim from inside the brackets
    both = "received-including-carried"
    for text in ("共收到申请41件（含上年度结转3件）", "全年共收到政府信息公开申请41件(其中上年结转3件)"):
        assert read(text) == [(41, ("new_and_carried",), both), (3, ("carried",), both)]


def test_a_denial_yields_to_a_figure_written_inside_it():
    assert read("全年未收到政府信息公开申请3件") == [(3, ("new", "new_and_carried"), "received")]


def test_the_earlier_reading_wins_within_a_rank():
    # “未制定……” starts first, so wins over the “废止……1件” inside it
    assert read("本年度未制定、废止规范性文件1件") == [
        (0, ("normative_issued",), "normative-none-issued"),
        (0, ("normative_repealed",), "normative-none-issued"),
    ]


def test_readings_apart_are_all_kept_in_the_order_of_the_text():
    assert read("行政处罚3件，共收到申请50件，办结47件，3件结转下年度办理") == [
        (3, ("penalty",), "penalty"),
        (50, ("new", "new_and_carried"), "received"),
        (47, ("done",), "done"),
        (3, ("carry_next",), "carry-next"),
    ]


def corpus() -> list[str]:
    """Texts with many overlapping readings: the examples, the published phrasing, the samples."""
    texts = [p.example for p in PATTERNS]
    texts.append("".join(texts))  # every example in one sentence
    texts += [t for t, _ in PUBLISHED] + LOOKALIKES
    texts += [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    return texts


@pytest.mark.parametrize("seed", range(5))
def test_claims_do_not_depend_on_the_order_of_the_table(seed):
    shuffled = list(PATTERNS)
    random.Random(seed).shuffle(shuffled)
    for table in (shuffled, PATTERNS[::-1]):
        for text in corpus():
            for about_requests in (False, True):
                assert (claims(text, about_requests, 2025, patterns=table)
                        == claims(text, about_requests, 2025)), text


# Speed ----------------------------------------------------------------------

LONG = 32767  # the most text an Excel cell holds


def long_paragraph(unit: str) -> str:
    return (unit * (LONG // len(unit) + 1))[:LONG]


def test_long_paragraphs_are_read_in_linear_time():
    paragraphs = [
        long_paragraph("workflows and English 申请 3 件 "),  # Latin letters
        "收到申请" + "1234567890" * (LONG // 10 - 1) + "件",  # one number of 32,000 digits
        long_paragraph("全年共收到政府信息公开申请41件（含上年结转3件），因政府信息公开被申请行政复议三起、"),
        # runs of numerals and of spaces, round figures, years
        long_paragraph("三四五" * 20 + " " * 40 + "2024 年 约 行政复议 申请件未发生" + "十" * 30),
        # the grammar's other orders, lists, denials and traditional script, repeated
        long_paragraph("答复120件（含上年度结转申请8件，另有15件顺延到下年度答复），予以公开、部分公开分别为21件、"
                       "4件，收到1件政府信息公開申請，未收到依申请公开件，无因政府信息公开申请提出的行政复议，共收到37件"),
        long_paragraph("收到" + "政府信息公开" * 5 + "依申请公开件" * 3 + "、" + "分别"),
    ]
    start = time.perf_counter()
    found = [claims(p, about_requests=True, year=2025) for p in paragraphs]
    assert time.perf_counter() - start < 1.0
    assert len(found[2]) > 1000  # the repeated sentence is read every time
