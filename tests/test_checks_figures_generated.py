"""A generated corpus: sentences built from the grammar's parts, each read as exactly the claims
it was built with (:mod:`gikxl.checks.figures`).

Every sentence is made by a builder from a subject, a verb, a frame, a number (Arabic,
full-width or Chinese numerals) and a counter, drawn with a fixed seed, so the corpus is the
same on every run. Some are written in traditional characters (OpenCC's s2t), as sites that
publish both scripts do. Restatements must yield their claims in order; look-alikes (another
year, another scope, an approximate figure, hotline work orders, 人大建议, published items, the
body as the reviewing organ, a part of the applicants) must yield none.

The parts follow what real reports write (see ``tests/test_checks_figures_real.py`` for the
phrasing facts, each in our own words).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from typing import Any

import pytest

from gikxl.checks.figures import claims
from gikxl.checks.figures.words import OUTCOME_WORDS, REASON_WORDS, SINGLE_OUTCOMES

SEED, PER_BUILDER = 20261206, 30
YEAR = 2025
RECEIVED = ("new", "new_and_carried")

Expected = list[tuple[float, tuple[str, ...]]]
Built = tuple[str, bool, Expected]
"""A sentence, whether it stands in the 依申请公开 section, and the claims it makes."""

_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """``n`` (0 ≤ n < 10000) in Chinese numerals: 十二, 一百零五, 两千 is written 二千."""
    if n == 0:
        return "零"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += "零"
            out += ("" if (unit == "十" and d == 1 and not out) else _DIGITS[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def written(r: random.Random, n: int) -> str:
    """``n`` as a report may write it."""
    form = r.randrange(4)
    if form == 1:
        return str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    if form == 2:
        return chinese(n)
    return str(n)


def pick(r: random.Random, words: tuple[str, ...] | list[str]) -> str:
    return words[r.randrange(len(words))]


SUBJECTS = ("政府信息公开申请", "信息公开申请", "依申请公开申请", "依申请公开事项", "依申请公开件", "依申请公开",
            "公开政府信息申请")
VERBS = ("收到", "收", "接到", "接收", "受理")
#: 收 alone takes its subject right after it (“全年收……申请30件”); other orders need another verb.
VERBS_BEFORE_A_FIGURE = ("收到", "接到", "接收", "受理")
FRAMES = ("", "全年", "本年度", "全年共", "本年度共", "共", "累计", "今年以来共")
THENS = ("", "共", "共计", "合计")
COUNTERS = ("件", "份", "项", "宗", "个", "条", "人次")
CASE_COUNTERS = ("件", "起", "宗", "个")


def received(r: random.Random) -> Built:
    n = r.randrange(1, 400)
    text = f"{pick(r, FRAMES)}{pick(r, VERBS)}{pick(r, SUBJECTS)}{pick(r, THENS)}{written(r, n)}{pick(r, COUNTERS)}。"
    return text, r.random() < 0.5, [(n, RECEIVED)]


def received_new(r: random.Random) -> Built:
    n = r.randrange(1, 400)
    return f"{pick(r, ('本年', '本年度', ''))}新收{pick(r, SUBJECTS)}{written(r, n)}件。", False, [(n, ("new",))]


def received_with_carried(r: random.Random) -> Built:
    n, m = r.randrange(5, 400), r.randrange(1, 5)
    inner = pick(r, ("含上年结转", "含上年度结转", "其中上年结转", "包括上一年度结转的"))
    open_, close = pick(r, (("（", "）"), ("(", ")"), ("，", "")))
    text = f"全年共收到{pick(r, SUBJECTS)}{written(r, n)}件{open_}{inner}{written(r, m)}件{close}。"
    return text, True, [(n, ("new_and_carried",)), (m, ("carried",))]


def figure_first(r: random.Random) -> Built:
    n = r.randrange(1, 60)
    noun = pick(r, SUBJECTS[:5])
    verb = pick(r, VERBS_BEFORE_A_FIGURE)
    return f"{pick(r, ('本年度', '全年', ''))}{verb}{written(r, n)}{pick(r, COUNTERS)}{noun}。", False, [(n, RECEIVED)]


def subject_before(r: random.Random) -> Built:
    n = r.randrange(1, 90)
    lead = pick(r, ("本机关认真做好依申请公开工作。", "严格规范政府信息公开申请的受理和答复。"))
    verb = pick(r, VERBS_BEFORE_A_FIGURE[:2])
    return f"{lead}{pick(r, ('全年共', '本年度共', '共'))}{verb}{written(r, n)}件。", False, [(n, RECEIVED)]


def carried_reversed(r: random.Random) -> Built:
    m = r.randrange(1, 20)
    return f"结转{pick(r, ('上年度', '上一年度', '上年'))}{pick(r, SUBJECTS[:3])}{written(r, m)}件。", True, \
        [(m, ("carried",))]


def carry_next(r: random.Random) -> Built:
    k = r.randrange(1, 20)
    k_ = written(r, k)
    text = pick(r, (
        f"{k_}件结转下年度办理", f"另有{k_}件顺延至下一年度答复", f"剩余{k_}件结转下年度继续办理",
        f"{k_}件转下年度继续办理", f"结转下年度继续办理{k_}件", f"尚有{k_}件正在办理", f"正在办理{k_}件",
        f"结转{YEAR + 1}年{k_}件", f"{k_}件延期至下年度答复",
    ))
    return f"{text}。", True, [(k, ("carry_next",))]


def done(r: random.Random) -> Built:
    n = r.randrange(1, 300)
    verb = pick(r, ("办结", "办理完毕", "答复", "已答复"))
    return f"{verb}{pick(r, ('', '政府信息公开申请', '申请'))}{written(r, n)}件。", True, [(n, ("done",))]


def outcome(r: random.Random) -> Built:
    key = pick(r, SINGLE_OUTCOMES)
    n = r.randrange(1, 100)
    word = pick(r, OUTCOME_WORDS[key])
    expected: Expected = [(n, (key,))]
    share = ""
    if r.random() < 0.4:
        pct = round(r.uniform(0.5, 99.5), r.randrange(1, 3))
        share = pick(r, (f"，占{pct}%", f"，占比{pct}%", f"（占{pct}%）"))
        expected.append((pct, (f"{key}_share",)))
    return f"其中{word}{written(r, n)}{pick(r, ('件', '份', '项'))}{share}。", True, expected


def reason(r: random.Random) -> Built:
    key = pick(r, sorted(REASON_WORDS))
    n = r.randrange(1, 30)
    return f"其中{pick(r, REASON_WORDS[key])}{written(r, n)}件。", True, [(n, (key,))]


def outcome_list(r: random.Random) -> Built:
    a, b = r.sample(SINGLE_OUTCOMES, 2)
    n, m = r.randrange(0, 50), r.randrange(0, 50)
    wa, wb = OUTCOME_WORDS[a][0], OUTCOME_WORDS[b][0]
    if r.random() < 0.5:
        return f"其中{wa}、{wb}分别为{written(r, n)}件、{written(r, m)}件。", True, [(n, (a,)), (m, (b,))]
    return f"其中{wa}和{wb}均为{written(r, n)}件。", True, [(n, (a,)), (n, (b,))]


def cases(r: random.Random) -> Built:
    n, m = r.randrange(0, 10), r.randrange(0, 10)
    lead = pick(r, ("因政府信息公开被申请", "因政府信息公开工作被申请", "涉及政府信息公开的"))
    form = r.randrange(3)
    if form == 0:
        return f"{lead}行政复议{written(r, n)}{pick(r, CASE_COUNTERS)}。", False, [(n, ("review",))]
    if form == 1:
        return (f"因政府信息公开被提起行政诉讼{written(r, n)}{pick(r, CASE_COUNTERS)}。", False,
                [(n, ("suit",))])
    return (f"{lead}行政复议{written(r, n)}件，{pick(r, ('诉讼', '起诉'))}{written(r, m)}件。", False,
            [(n, ("review",)), (m, ("suit",))])


def denial(r: random.Random) -> Built:
    period = pick(r, ("本年度", "全年", f"{YEAR}年", ""))
    form = r.randrange(3)
    if form == 0:
        verb = pick(r, ("未收到", "没有收到", "未接到", "未受理", "均未收到"))
        return f"{period}{verb}{pick(r, SUBJECTS)}。", True, [(0, ("new",))]
    deny = pick(r, ("未发生", "没有发生", "未出现", "无", "没有", "未"))
    cause = pick(r, ("因政府信息公开申请提出的", "因政府信息公开引起的", "因政府信息公开申请引发"))
    if form == 1:
        return f"{period}{deny}{cause}行政复议。", False, [(0, ("review",))]
    return f"{period}{deny}{cause}行政复议和行政诉讼。", False, [(0, ("review",)), (0, ("suit",))]


def documents(r: random.Random) -> Built:
    n = r.randrange(0, 30)
    verb, key = pick(r, (("制发", "normative_issued"), ("制定", "normative_issued"), ("印发", "normative_issued"),
                         ("废止", "normative_repealed")))
    return f"本年度{verb}{pick(r, ('行政规范性文件', '规范性文件'))}{written(r, n)}件。", False, [(n, (key,))]


def whole_paragraph(r: random.Random) -> Built:
    n, k = r.randrange(10, 300), r.randrange(1, 9)
    text = (f"共收到{pick(r, SUBJECTS[:3])}{written(r, n)}件，办结{written(r, n - k)}件，"
            f"{written(r, k)}件结转下年度办理。")
    return text, False, [(n, RECEIVED), (n - k, ("done",)), (k, ("carry_next",))]


RESTATEMENTS: tuple[Callable[[random.Random], Built], ...] = (
    received, received_new, received_with_carried, figure_first, subject_before, carried_reversed, carry_next,
    done, outcome, reason, outcome_list, cases, denial, documents, whole_paragraph,
)


# Look-alikes: the same parts around a figure that is no table quantity -----------------

def other_scope(r: random.Random) -> Built:
    text, _, _ = received(r)
    return pick(r, ("全县", "全市", "全区各部门", "各乡镇")) + text, True, []


def other_year(r: random.Random) -> Built:
    n = r.randrange(1, 400)
    period = pick(r, (f"{YEAR - 1}年", "上年", "去年", "上一年度", f"{YEAR - 2}年度"))
    return f"{period}{pick(r, VERBS)}{pick(r, SUBJECTS)}{written(r, n)}{pick(r, COUNTERS)}。", True, []


def approximate(r: random.Random) -> Built:
    n = r.randrange(11, 99) * 10
    verb, subject = pick(r, VERBS), pick(r, SUBJECTS)
    text = pick(r, (f"全年{verb}{subject}约{n}件", f"全年{verb}{subject}{n}余件", f"全年{verb}{subject}{n}多件",
                    f"全年{verb}{subject}近{n}件", f"全年{verb}{subject}{n}件左右"))
    return text + "。", True, []


def other_work(r: random.Random) -> Built:
    n, m = r.randrange(10, 5000), r.randrange(10, 500)
    text = pick(r, (
        f"12345热线办结工单{n}件，剩余{m}件正在办理。", f"全年办理人大代表建议{m}件、政协委员提案{m + 3}件。",
        f"全年主动公开政府信息{n}条，其中行政许可信息{m}条。", f"收到群众来信投诉{m}件，均已办结。",
        f"全年办理行政复议案件{n}件，其中维持{m}件。", f"收到{m}条网民留言，办结{m}条。",
        f"全年受理政务服务事项{n}件，办结{n}件。", f"收到法人或其他组织提出的政府信息公开申请{m}件。",
        f"政府信息公开申请较上年增加{m}件。", f"其中自然人新收{m}件。",
    ))
    return text, True, []


LOOKALIKES: tuple[Callable[[random.Random], Built], ...] = (other_scope, other_year, approximate, other_work)


@functools.cache
def _to_traditional() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    return str(_to_traditional().convert(text))


def corpus() -> list[Built]:
    """Every builder, :data:`PER_BUILDER` times, with a fixed seed; every fifth sentence in traditional script."""
    r = random.Random(SEED)
    out: list[Built] = []
    for build in RESTATEMENTS + LOOKALIKES:
        for _ in range(PER_BUILDER):
            text, about, expected = build(r)
            if len(out) % 5 == 4:
                text = traditional(text)
            out.append((text, about, expected))
    return out


CORPUS = corpus()


def read(text: str, about: bool) -> Expected:
    return [(c.figure, c.accept) for c in claims(text, about_requests=about, year=YEAR)]


def test_the_corpus_is_big_and_reproducible():
    assert len(CORPUS) >= 500
    assert sum(1 for _, _, e in CORPUS if not e) >= 100  # look-alikes
    assert corpus() == CORPUS
    assert len({t for t, _, _ in CORPUS}) >= 400  # varied, not one sentence many times


def test_chinese_numerals_are_written_as_reports_write_them():
    assert [chinese(n) for n in (0, 7, 10, 12, 20, 105, 356, 1268, 2000)] == [
        "零", "七", "十", "十二", "二十", "一百零五", "三百五十六", "一千二百六十八", "二千"]


def test_every_sentence_yields_exactly_its_claims():
    wrong = [(t, read(t, a), e) for t, a, e in CORPUS if read(t, a) != e]
    total = len(CORPUS)
    print(f"generated corpus: {total - len(wrong)}/{total} read exactly as built")
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("builder", RESTATEMENTS + LOOKALIKES, ids=lambda b: b.__name__)
def test_each_builder_is_read(builder):
    r = random.Random(builder.__name__)
    for _ in range(10):
        text, about, expected = builder(r)
        assert read(text, about) == expected, text
