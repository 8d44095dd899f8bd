"""What real reports write, recorded as phrasing facts, each read by the grammar of
:mod:`gikxl.checks.figures` in a sentence of our own.

The facts come from reading 35 distinct published 政府信息公开工作年度报告 among the stored
government web pages (towns, districts, county and city offices and bureaus, 2009 to 2025;
four of them in traditional characters). No sentence here is copied: each states one fact
(which verb, counter, frame, order or denial occurs) with other words and other figures.
"""

from __future__ import annotations

import pytest

from gikxl.checks.figures import claims

RECEIVED = ("new", "new_and_carried")


def read(text: str, about_requests: bool = True, year: int = 2025) -> list[tuple[float, tuple[str, ...]]]:
    return [(c.figure, c.accept) for c in claims(text, about_requests=about_requests, year=year)]


#: (fact, sentence in our words, claims).
FACTS = [
    # counters
    ("条 counts requests in town and bureau reports", "本年度收到政府信息公开申请3条。", [(3, RECEIVED)]),
    ("封 counts requests received through an online system", "本年度收到5封申请。", [(5, RECEIVED)]),
    ("份 counts requests", "共收到12份政府信息公开申请。", [(12, RECEIVED)]),
    # verbs and word orders
    ("the figure may stand between the verb and the subject",
     "全年收到2件政府信息公开申请，均已按时答复。", [(2, RECEIVED)]),
    ("受理 with the full noun", "本年度共受理政府信息公开申请6件，均在法定期限内答复。", [(6, RECEIVED)]),
    ("公开政府信息申请 as the noun", "全年共收到公开政府信息申请2件，已全部答复。", [(2, RECEIVED)]),
    ("依申请公开 alone as the noun, after 政府信息", "共收到政府信息依申请公开16件。", [(16, RECEIVED)]),
    ("新收 with the noun 依申请公开申请 and zero", "新收依申请公开申请0件。", [(0, ("new",))]),
    ("a total of answers with the carried requests after a comma",
     "共完成政府信息依申请公开答复45件，包括上年结转信息公开申请3件。",
     [(45, ("done",)), (3, ("carried",))]),
    ("an outcome followed by 答复", "其中，予以公开答复30件，占66.7%。",
     [(30, ("granted",)), (66.7, ("granted_share",))]),
    ("an outcome with 的 and a share", "无法提供的12件，占8.5%；不予处理的6件，占4.3%。",
     [(12, ("unable",)), (8.5, ("unable_share",)), (6, ("ignore",)), (4.3, ("ignore_share",))]),
    ("两 verbs before the documents: 制定发布", "制定发布规范性文件4件。", [(4, ("normative_issued",))]),
    # denials
    ("未收到 with the noun 依申请公开事项", "本年度未收到依申请公开事项。", [(0, ("new",))]),
    ("未接到 with 信息公开申请", "全年未接到信息公开申请。", [(0, ("new",))]),
    ("未收到 over all applicants named", "本年度未收到公民、法人或其他组织提出的政府信息公开申请。", [(0, ("new",))]),
    ("未因……引发 over both kinds of case", "全年未因政府信息公开申请引发行政复议、行政诉讼案件。",
     [(0, ("review",)), (0, ("suit",))]),
    ("未发生……而引发 with 案 after each kind", "本年度未发生因政府信息公开而引发的行政复议案和行政诉讼案。",
     [(0, ("review",)), (0, ("suit",))]),
    ("未出现……等情况 in the 依申请公开 section", "未出现因答复不当引起的行政复议、行政诉讼等情况。",
     [(0, ("review",)), (0, ("suit",))]),
    ("没有因……引起的 over one kind", "没有因政府信息公开引起的行政复议。", [(0, ("review",))]),
    # traditional script
    ("pages in traditional characters", "本鄉未收到政府信息公開申請，沒有因政府信息公開引起的行政複議。",
     [(0, ("new",)), (0, ("review",))]),
    ("traditional characters and a figure", "本局全年共收到政府信息公開申請4件。", [(4, RECEIVED)]),
    ("答覆 is 答复 only as a phrase", "答覆政府信息公開申請9件。", [(9, ("done",))]),
]

#: (fact, sentence in our words): figures a report writes that are no table quantity.
SILENT = [
    ("a district's report sums its offices", "全区各职能部门共收到政府信息依申请公开900件。"),
    ("a district's report sums its offices, with 件 twice", "全区受理依申请公开件255件，办结255件。"),
    ("requests by channel are a part", "通过网络申请130件，占86.9%。"),
    ("a partial outcome without a counter is not read", "部分公开67，占4.61%。"),
    ("hotline work orders", "共办理12345热线47件，已全部办结。"),
    ("messages from the public", "收到248条网民留言，办结留言230条。"),
    ("items published, not decisions", "全年通过网站公开信息44条，其中行政处罚信息12条。"),
    ("documents published, not made", "主动公开行政规范性文件42件，人事任免文件106件。"),
    ("approximate figures of an archive", "全年共接收公开信息件1600多份。"),
    ("cases arising from another year's requests", "办理因2023年度政府信息公开申请引发行政复议1件。"),
    ("收 alone without the subject is not receiving requests", "发放并回收满意度问卷30份。"),
    ("answers to other matters", "网上留言答复120件，满意率100%。"),
]


@pytest.mark.parametrize(("fact", "text", "expected"), FACTS, ids=[f[0] for f in FACTS])
def test_real_phrasing_is_read(fact, text, expected):
    assert read(text) == expected, fact


@pytest.mark.parametrize(("fact", "text"), SILENT, ids=[f[0] for f in SILENT])
def test_real_lookalikes_stay_silent(fact, text):
    assert read(text, year=2024) == [], fact


def test_the_facts_are_many_and_mostly_about_requests():
    assert len(FACTS) >= 20 and len(SILENT) >= 10


# The phrasings the issue names (the shapes of the held-out sentences) ---------------------

ISSUE = [
    ("共收到12份政府信息公开申请", [(12, RECEIVED)]),
    ("全年收政府信息公开申请30件", [(30, RECEIVED)]),
    ("收到依申请公开件40件", [(40, RECEIVED)]),
    ("共受理依申请公开9件", [(9, RECEIVED)]),
    ("答复120件（含上年度结转申请8件，另有15件顺延到下年度答复）",
     [(120, ("done",)), (8, ("carried",)), (15, ("carry_next",))]),
    ("结转上年度政府信息公开申请3件", [(3, ("carried",))]),
    ("剩余5件结转下年度办理", [(5, ("carry_next",))]),
    ("因政府信息公开被申请行政复议7件，诉讼9件", [(7, ("review",)), (9, ("suit",))]),
    ("4件转下年度继续办理", [(4, ("carry_next",))]),
    ("结转2026年20件", [(20, ("carry_next",))]),
    ("正在办理3件", [(3, ("carry_next",))]),
    ("信息不存在无法提供2件", [(2, ("unable_not_held",))]),
    ("本机关不掌握相关政府信息5件", [(5, ("unable_not_held",))]),
    ("共收到37件", [(37, RECEIVED)]),
    ("依申请公开政府信息共4件", [(4, RECEIVED)]),
    ("未收到申请公开事项", [(0, ("new",))]),
    ("本年度未收到依申请公开件", [(0, ("new",))]),
    ("无因政府信息公开申请提出的行政复议", [(0, ("review",))]),
    ("本年度未收到政府信息公開申請", [(0, ("new",))]),
]


@pytest.mark.parametrize(("text", "expected"), ISSUE)
def test_the_issues_phrasings(text, expected):
    assert read(text) == expected


def test_next_year_written_as_a_year_must_be_the_next_one():
    assert read("结转2027年20件") == []


def test_the_subject_said_earlier_in_the_paragraph_carries_over_but_not_past_it():
    text = "本机关严格规范依申请公开工作。全年共收到37件，均已办结。"
    assert read(text, about_requests=False) == [(37, RECEIVED)]
    assert read("本机关严格规范依申请公开工作。\n全年共收到37件。", about_requests=False) == []


# Traditional characters ------------------------------------------------------------

def _lexicon_chars() -> set[str]:
    import inspect

    from gikxl.checks.figures import conditions, patterns, sentence, words

    chars = {ch for m in (words, patterns, conditions, sentence) for ch in inspect.getsource(m)
             if "\u4e00" <= ch <= "\u9fff"}
    return chars | {ch for p in patterns.PATTERNS for ch in p.regex if "\u4e00" <= ch <= "\u9fff"}


def test_every_traditional_form_of_the_grammars_words_is_folded():
    opencc = pytest.importorskip("opencc")
    from gikxl.checks.figures.numbers import TRADITIONAL

    to_simplified = opencc.OpenCC("t2s")
    chars = _lexicon_chars()
    needed = {chr(cp) for cp in range(0x4E00, 0xA000)
              if (s := to_simplified.convert(chr(cp))) != chr(cp) and s in chars}
    assert needed <= set(TRADITIONAL), "".join(sorted(needed - set(TRADITIONAL)))


def test_the_fold_keeps_every_position():
    from gikxl.checks.figures.numbers import fold

    for text in ("政府信息公開申請４７件", "答覆政府信息公開申請9件（含上年結轉3件）", "plain text 123"):
        assert len(fold(text)) == len(text)
    (claim,) = claims("全年共收到政府信息公開申請４７件。", year=2025)
    assert claim.text == "收到政府信息公開申請４７件"  # quoted as written


def test_opencc_is_imported_only_for_traditional_text():
    import subprocess
    import sys

    code = ("import sys; from gikxl.checks.figures import claims; claims(sys.argv[1], year=2025); "
            "print('opencc' in sys.modules)")

    def loads(text: str) -> str:
        return subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True,
                              check=True).stdout.strip()

    assert loads("全年共收到政府信息公开申请47件。") == "False"
    pytest.importorskip("opencc")
    assert loads("全年共收到政府信息公開申請47件。") == "True"
