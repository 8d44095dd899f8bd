"""Hostile prose: every prose rule takes linear time, whatever a cell holds.

An Excel cell holds up to 32,767 characters. A regular expression tried again at
every start position of a long run, or difflib on two long, alike texts, turns
that into minutes (29 s for one cell of Latin letters, before the fix). These
tests fill all nine prose cells to the brim, in process, and want the whole
check back in well under a second; and they pin that the rules still say what
they said on ordinary paragraphs.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checks_helpers import TODAY
from gikxl import spec
from gikxl.checks.context import Context
from gikxl.checks.engine import run_checks
from gikxl.checks.rules import history, invariants, load, prose
from gikxl.examples import demo_values
from gikxl.workbook.model import AnnualReport, report_from_names

#: The most an Excel cell holds.
CELL_MAX = 32_767
PROSE = [k for k, f in spec.FIELDS.items() if f.kind == "prose"]
#: The rules of gikxl/checks/rules/prose.py and history.py that read prose (figures have their own tests).
PROSE_RULES = ("PROSE-SECTION-EMPTY", "PROSE-MOBILE", "PROSE-ID-CARD", "PROSE-LATIN", "PROSE-DOUBLED-CHAR",
               "PROSE-NUMBERING", "YEAR-PROSE-COPIED", "PROSE-REQUEST-SECTION-EMPTY", "PROSE-DOUBLED-IN-TERM",
               "PROSE-INTRO-PARTS")
#: A generous bound: the work is some tens of milliseconds; before the fix it was minutes.
BOUND_S = 1.0
#: Where a test that has gone quadratic is stopped instead of running for minutes.
WATCHDOG_S = 20


def full(unit: str) -> str:
    """``unit`` repeated to fill a cell exactly."""
    return (unit * (CELL_MAX // len(unit) + 1))[:CELL_MAX]


KINDS = {
    "latin": full("a"),
    "digits": full("7"),
    "chinese": full("政府信息公开工作"),
    "mixed": full("政府a1 b2\n信息x.y公开9 \u3000abc@def 138"),
    "blank-lines": full("\n \n"),
    "numbers": full("1234567890"),
    "dotted": full("a.a."),
    "doubled": full("监\n"),
    "headings-and-mobiles": full("一、（一）13812345678，"),
}
assert len(KINDS) == len(PROSE) == 9


def model(texts: dict[str, str], year: int = 2025) -> AnnualReport:
    values: dict[str, Any] = demo_values()
    values["gik_year"] = year
    for key, text in texts.items():
        values[spec.FIELDS[key].name] = text
    return report_from_names(values)


def nearly(text: str) -> str:
    """Last year's version of ``text``: the same but for its last few characters."""
    return text[:-5] + "变了一点儿"


class Overrun(Exception):
    """Raised by the watchdog's alarm, wherever the code under test happens to be."""


@contextlib.contextmanager
def watchdog(seconds: float = WATCHDOG_S) -> Iterator[None]:
    """Stop code that has gone quadratic again instead of waiting minutes for it."""
    def stop(signum, frame):
        raise Overrun

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(func, *args, **kwargs) -> tuple[Any, float]:
    """``func(*args, **kwargs)`` and the seconds it took; a failure after :data:`WATCHDOG_S`."""
    start = time.perf_counter()
    try:
        with watchdog():
            out = func(*args, **kwargs)
    except Overrun:
        # (Raised afresh here: the alarm may strike inside a regular expression's C code, whose
        # traceback entry pytest cannot show.)
        raise AssertionError(f"not finished within {WATCHDOG_S} s") from None
    return out, time.perf_counter() - start


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """Imports and the pandera schema are built on the first run: not what is measured here."""
    run_checks(report_from_names(demo_values()), today=TODAY)


def test_all_checks_on_nine_full_cells_of_every_kind_are_quick():
    texts = dict(zip(PROSE, KINDS.values(), strict=True))
    report = model(texts)
    findings, seconds = timed(run_checks, report, today=TODAY)
    assert seconds < BOUND_S, seconds
    codes = {f.code for f in findings}
    assert {"PROSE-LATIN", "PROSE-DOUBLED-CHAR", "PROSE-NUMBERING", "PROSE-MOBILE"} <= codes

    # Against last year's report with nearly the same nine texts: YEAR-PROSE-COPIED compares them all.
    previous = model({k: nearly(t) for k, t in texts.items()}, year=2024)
    findings, seconds = timed(run_checks, report, previous, today=TODAY)
    assert seconds < BOUND_S, seconds
    copied = {(f.sheet, f.cell) for f in findings if f.code == "YEAR-PROSE-COPIED"}
    compared = {k for k in history._COMPARED if len(re.sub(r"\s", "", texts[k])) >= history.MIN_COPIED_CHARS}
    assert len(copied) == len(compared)  # every compared text is a near copy, and said to be one


@pytest.mark.parametrize("kind", KINDS)
def test_each_prose_rule_is_linear_on_nine_full_cells_of_one_kind(kind):
    """All nine cells of one kind, against last year's near copy: the prose rules alone, each timed."""
    report = model(dict.fromkeys(PROSE, KINDS[kind]))
    previous = model(dict.fromkeys(PROSE, nearly(KINDS[kind])), year=2024)
    ctx = Context(report, previous, TODAY, invariants())
    rules = load()
    spent = {}
    for code in PROSE_RULES:
        _, spent[code] = timed(lambda r=rules[code]: list(r.findings(ctx)))
    assert sum(spent.values()) < BOUND_S, spent


def test_a_cell_full_of_slips_lists_a_bounded_number():
    report = model({"s6_other": full("监\n监督13812345678，11010519491231002X，")})
    found = [f for f in run_checks(report, today=TODAY) if f.sheet == spec.sheet_of_field("s6_other").name]
    for code in ("PROSE-DOUBLED-CHAR", "PROSE-MOBILE", "PROSE-ID-CARD"):
        assert sum(f.code == code for f in found) == prose.MAX_PER_CELL, code


# The same findings as before on ordinary text ------------------------------------

#: The expressions PROSE-LATIN used before they were made linear.
_OLD_WEB = re.compile(
    r"(?:https?://|www\.)[^\s，。；、）)“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    re.ASCII,
)
_OLD_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


def old_stray_words(text: str) -> list[str]:
    text = _OLD_WEB.sub(lambda m: " " * len(m.group(0)), prose._normal(text))
    words: list[str] = []
    for m in _OLD_WORD.finditer(text):
        w = m.group(0)
        if len(w) < 2 or not w.islower() or w in prose.ALLOWED_WORDS:
            continue
        around = text[max(0, m.start() - 4):m.start()] + text[m.end():m.end() + 4]
        if prose._has_cjk(around) and w not in words:
            words.append(w)
    return words


SAMPLES = sorted((Path(__file__).resolve().parent / "data" / "published").glob("*.txt"))
ORDINARY = [
    "明确受理、审查、答复等各环节的具体要求和 workflows，确保依法办理。",
    "开通政务 APP，提供PDF、OFD和docx下载，访问www.gov.cn或https://www.qingshan.gov.cn/zwgk/index.html，"
    "拨打12345热线，接入DeepSeek大模型，支持iOS和Android，Wi-Fi全覆盖，邮箱gk@qingshan.gov.cn。",
    "附件：实施方案.docx、统计表.xlsx；联系邮箱 zhang.san+gk@mail.qs.gov.cn，网址 qs.gov.cn。",
    "通过微信公众号发布信息，形成了 data-driven 的工作机制和 follow-up 机制，o'clock 准时。",
    "文件编号 qs-2025-001.pdf 已上传，版本 v1.2.3，采用 e-gov 平台和 smart city 方案。",
]


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in SAMPLES] + ORDINARY)
def test_stray_english_words_are_found_as_before(text):
    assert prose._stray_words(text) == old_stray_words(text)


def alike(text: str, every: int) -> str:
    """``text`` with every ``every``-th character changed: a copy with scattered edits."""
    return "".join("变" if i % every == 0 else ch for i, ch in enumerate(text))


@pytest.mark.parametrize("every", [60, 20, 10, 8])
def test_paragraphs_of_a_real_report_are_compared_by_difflib_as_before(every):
    text = re.sub(r"\s+", "", SAMPLES[0].read_text(encoding="utf-8"))[:1500]
    other = alike(text, every)
    ratio = difflib.SequenceMatcher(None, text, other, autojunk=False).ratio()
    expected = ratio if ratio >= history.SIMILAR else None
    assert history._similarity(text, other) == expected


@pytest.mark.parametrize("every", [60, 20])
def test_long_texts_past_difflibs_budget_get_a_close_estimate(every):
    """Two published reports in one text: past difflib's budget, yet short enough to compare with it here.

    (With denser edits difflib's greedy matching goes astray on this text, which repeats the
    official format's wording: one edit in 12 characters gives 0.37. Not a yardstick there.)
    """
    text = "".join(re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in SAMPLES[:2])
    assert sum(n * text.count(ch) for ch, n in Counter(text).items()) > history.DIFF_BUDGET
    other = alike(text, every)
    ratio = difflib.SequenceMatcher(None, text, other, autojunk=False).ratio()
    estimate, seconds = timed(history._shared_ratio, text, other)
    assert abs(estimate - ratio) < 0.03 and seconds < BOUND_S
    assert (history._similarity(text, other) is None) == (ratio < history.SIMILAR)


def test_different_reports_are_not_copies():
    texts = [re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in SAMPLES]
    long = [t * 3 for t in texts]  # past the budget: the estimate decides
    for a, b in ((texts[0], texts[1]), (long[0], long[1]), (long[1], long[2])):
        assert history._similarity(a, b) is None


def test_the_year_prose_copied_rule_on_the_long_path():
    text = full("本年度依法依规做好政府信息公开工作，")
    report, previous = model({"s5_problems": text}), model({"s5_problems": nearly(text)}, year=2024)
    sheet = spec.sheet_of_field("s5_problems").name
    (found,) = [f for f in run_checks(report, previous, today=TODAY)
                if f.code == "YEAR-PROSE-COPIED" and (f.sheet, f.cell) == (sheet, "B3")]
    assert "几乎相同" in found.message


@pytest.mark.parametrize(("now", "last"),
                         [("甲乙丙丁戊己庚辛", "乙丙丁X戊己庚"), ("aaaa𠀀𠀁𠀂bbbb", "𠀀𠀁𠀂bb"), ("abc", "xyz")])
def test_shared_runs_are_counted_exactly(now, last):
    """Every character inside a run of three that the other text also holds, counted once."""
    def covered(a: str, b: str) -> int:
        runs = {b[i:i + 3] for i in range(len(b) - 2)}
        return sum(any(a[s:s + 3] in runs for s in range(max(0, i - 2), min(i, len(a) - 3) + 1))
                   for i in range(len(a)))

    expected = (covered(now, last) + covered(last, now)) / (len(now) + len(last))
    assert history._shared_ratio(now, last) == expected
