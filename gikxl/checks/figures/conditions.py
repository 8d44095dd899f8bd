"""The conditions a production's match must meet to count, and the tests every figure must pass.

Each condition is a named function of a match and its sentence that rules out a
look-alike: “其中涉企行政处罚20件” (a part, not the whole), “全年办理行政复议案件120件”
(the body as the reviewing organ), “收到法人……申请” (some applicants only). Every figure
read must moreover pass :data:`FIGURE_TESTS`: it is exact (not “约40件”) and about this
report (not “2024年”, “上年”, “全县”).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from gikxl.checks.figures.numbers import figure_of
from gikxl.checks.figures.sentence import Sentence, _Spans
from gikxl.checks.figures.words import (
    ALL_APPLICANTS,
    BARE_WORDS,
    CASE_KIND,
    GIK,
    NOT_REQUESTS,
    ONE_SUIT_KIND,
    OTHER_MATTERS,
    OUTCOME_AFTER,
    RECEIVED_VERBS,
    REQUEST_VERB,
    REQUEST_WORDS,
    REQUESTS_NAMED,
    RESULT_LEADS,
    REVIEWING,
    SOME_APPLICANTS,
)

Condition = Callable[[re.Match[str], Sentence], bool]

def in_request_text(m: re.Match[str], s: Sentence) -> bool:
    """The sentence says 申请, or the whole text is about 依申请公开."""
    return s.mentions_requests


def counts_requests(m: re.Match[str], s: Sentence) -> bool:
    """Between 收到 and 申请 stand only words that keep it the count of disclosure requests.

    Not "受理政务服务事项", "收到申请人补正材料", "收到法人申请" (another count, or a
    part of it). Without 信息公开 or 依申请 in those words, only the 依申请公开
    section may say just "收到申请".
    """
    gap, noun = m["gap"], m["noun"]
    if GIK.search(gap) or noun not in ("申请", "事项"):  # a noun of the requests: 依申请公开件 ...
        return not REQUEST_WORDS.sub("", gap)
    return s.about_requests and noun == "申请" and not BARE_WORDS.sub("", gap)


def requests_in_context(m: re.Match[str], s: Sentence) -> bool:
    """The requests are named before the figure: in the sentence, an earlier sentence of the
    paragraph, or the whole text is the 依申请公开 section (“……政府信息公开申请……。共收到37件”)."""
    return s.about_requests or s.requests_before or _spans(s, REQUESTS_NAMED).within(0, m.start())


def names_the_requests(m: re.Match[str], s: Sentence) -> bool:
    """The noun after the figure names disclosure requests (“1件政府信息公开申请”), or it is a bare
    申请 in the 依申请公开 section (“收到12封申请”)."""
    return m["noun"] not in ("申请", "事项") or s.about_requests


def next_year_is_next(m: re.Match[str], s: Sentence) -> bool:
    """A next year written as a year (“结转2026年20件”) is the report's year plus one."""
    written = m["year"] or m["year_after"]
    return written is None or (s.year is not None and int(written) == s.year + 1)


def review_named_before(m: re.Match[str], s: Sentence) -> bool:
    """A bare 诉讼 or 起诉 follows 行政复议 named in the sentence (“行政复议7件，诉讼9件”)."""
    return s.text.find("复议", 0, m.start()) >= 0


def says_new(m: re.Match[str], s: Sentence) -> bool:
    """The verb is 新收: the new requests alone."""
    return m["verb"] == "新收"


def says_received(m: re.Match[str], s: Sentence) -> bool:
    """The verb is 收到, 受理, ...: maybe with the requests carried over from last year."""
    return m["verb"] != "新收"


def unqualified(m: re.Match[str], s: Sentence) -> bool:
    """Only a verb or a connective stands before the phrase in its clause.

    Not "其中自然人新收38件", "商业企业结转下年度1件", "涉企行政处罚20件": one column
    or one kind, not the total.
    """
    return s.led_by_a_verb(m.start())




def not_published_items(m: re.Match[str], s: Sentence) -> bool:
    """Not a count of items published earlier in the sentence: "公开信息2条，其中行政许可1条"
    counts pages put online about 行政许可, not table 二's decisions."""
    return s.item_count_at >= m.start()


def only_disclosure_requests(m: re.Match[str], s: Sentence) -> bool:
    """The words do not deny something else received: 行政复议, 信访, 建议, ..."""
    return NOT_REQUESTS.search(m[0]) is None


def every_applicant(m: re.Match[str], s: Sentence) -> bool:
    """No applicant is named, or all are: not "未收到法人或其他组织提出的申请"."""
    return SOME_APPLICANTS.search(m[0]) is None or ALL_APPLICANTS.search(m[0]) is not None


def disclosure_said(m: re.Match[str], s: Sentence) -> bool:
    """The cases are about 政府信息公开 (said before them), not the body's other cases."""
    return s.about_requests or s.disclosure_by(m.start())


def disclosure_said_by_end(m: re.Match[str], s: Sentence) -> bool:
    """Like :func:`disclosure_said`, counting the words of the match ("未发生因政府信息公开…")."""
    return s.about_requests or s.disclosure_by(m.end())


def not_by_the_reviewer(m: re.Match[str], s: Sentence) -> bool:
    """The clause does not make the body the reviewing body, or the figure a part.

    Not "全年办理行政复议案件120件" (cases it decides) or "未经复议直接起诉的行政诉讼1件",
    "结果维持的行政复议2件" (one kind or outcome, not the total).
    """
    return not s.reviewer_before(m.start())


def no_outcome_after(m: re.Match[str], s: Sentence) -> bool:
    """No outcome follows ("未发生行政诉讼败诉"): then the cases themselves did happen."""
    return OUTCOME_AFTER.match(s.text, m.end()) is None


def names_review(m: re.Match[str], s: Sentence) -> bool:
    """The match names 行政复议."""
    return "行政复议" in (m["kind"], m["other"])


def names_suit(m: re.Match[str], s: Sentence) -> bool:
    """The match names 行政诉讼."""
    return "行政诉讼" in (m["kind"], m["other"])


def also_repealed(m: re.Match[str], s: Sentence) -> bool:
    """The denial covers 废止 too: "未制定、废止规范性文件"."""
    return "废" in m["verbs"]


def after_normative(m: re.Match[str], s: Sentence) -> bool:
    """A bare "废止1件" follows 规范性文件: "制发规范性文件4件，废止1件"."""
    return s.documents_before(m.start()) == "规范性文件"


def after_regulation(m: re.Match[str], s: Sentence) -> bool:
    """A bare "废止1件" follows 规章."""
    return s.documents_before(m.start()) == "规章"




def _spans(s: Sentence, pattern: re.Pattern[str]) -> _Spans:
    """The matches of ``pattern`` in ``s``, from one scan, kept with the sentence."""
    cache: dict[re.Pattern[str], _Spans] = s.__dict__.setdefault("_more_spans", {})
    if pattern not in cache:
        cache[pattern] = _Spans(pattern, s.text)
    return cache[pattern]


def a_whole_result(m: re.Match[str], s: Sentence) -> bool:
    """Only a verb, a connective or "等原因" stands before it: all of the outcome, not one reason.

    Not "因属于国家秘密不予公开1件" (one row of the group) or "自然人予以公开17件" (one column).
    """
    start = s.clause_start(m.start())
    end = m.start() - s._space_before(m.start())
    return s.led_by_a_verb(m.start()) or any(s.text.endswith(w, start, end) for w in RESULT_LEADS)


def no_other_matters(m: re.Match[str], s: Sentence) -> bool:
    """The sentence names no other matter before it (行政复议, 信访, 政务服务 ...)."""
    return not _spans(s, OTHER_MATTERS).within(0, m.start())


def of_requests_received(m: re.Match[str], s: Sentence) -> bool:
    """The last verb before it receives requests (收到, 新收), or it says 申请 itself.

    Not "上年结转3件，其中自然人3件" or "办结47件，其中自然人40件": other rows of table 3.
    """
    last = _spans(s, REQUEST_VERB).last_before(m.start())
    return last[0] in RECEIVED_VERBS if last else "申请" in m[0]


def not_after_all_applicants(m: re.Match[str], s: Sentence) -> bool:
    """Not the tail of "公民、法人或其他组织": all applicants, not the 法人 alone."""
    return not any(w in s.text[max(0, m.start() - 4):m.start()] for w in ("公民", "自然人", "个人"))


def _case_kind(m: re.Match[str], s: Sentence) -> str:
    last = _spans(s, CASE_KIND).last_before(m.start())
    return "" if last is None else last[0]


def after_review(m: re.Match[str], s: Sentence) -> bool:
    """The cases named last before it are the 行政复议 alone."""
    return _case_kind(m, s) == "行政复议"


def after_suit(m: re.Match[str], s: Sentence) -> bool:
    """The cases named last before it are the 行政诉讼 alone, of both kinds (the sum of table 4's two)."""
    return _case_kind(m, s) == "行政诉讼" and not _spans(s, ONE_SUIT_KIND).matches


def _kinds_named(m: re.Match[str], s: Sentence) -> str:
    """The case kinds the words speak of: those named last before them, or after "均" (all)
    every kind the sentence names before them ("复议2件、诉讼1件，均无被纠错")."""
    if not m[0].startswith("均"):
        return _case_kind(m, s)
    return "".join(k[0] for k in _spans(s, CASE_KIND).matches if k.end() <= m.start())


def review_named(m: re.Match[str], s: Sentence) -> bool:
    """The cases named last before it include 行政复议 ("行政复议、行政诉讼均获维持")."""
    return "行政复议" in _kinds_named(m, s)


def suit_named(m: re.Match[str], s: Sentence) -> bool:
    """The cases named last before it include 行政诉讼, and no kind of it alone."""
    return "行政诉讼" in _kinds_named(m, s) and not _spans(s, ONE_SUIT_KIND).matches


def not_the_reviewers_cases(m: re.Match[str], s: Sentence) -> bool:
    """The sentence does not make the body the reviewing body before it ("办理行政复议案件120件")."""
    return ((s.about_requests or s.disclosure_by(m.start()))
            and not _spans(s, REVIEWING).within(0, m.start()))




# Figures --------------------------------------------------------------------

@dataclass(frozen=True)
class Says:
    """One figure a pattern's match states."""

    quantities: tuple[str, ...]
    """Keys of :data:`QUANTITIES` the figure may equal."""
    figure: str | tuple[str, ...] | int = "n"
    """The group holding the figure (the first that matched, of several in alternatives),
    or the figure itself (0 for “未收到……申请”)."""
    words: str | None = None
    """The group of the words that state it, quoted in messages; ``None``: the whole match."""
    when: Condition | None = None
    """Only if this holds (“未发生行政复议” says nothing of 行政诉讼)."""
    percent: bool = False
    """The figure is a percentage (“33.9”), of a :class:`Share` quantity."""
    amount: bool = False
    """The figure is an amount with decimals (“12.35万元”), compared at the decimals written."""


@dataclass(frozen=True)
class Figure:
    """A figure read from a match, before :data:`FIGURE_TESTS`."""

    value: int | float
    at: tuple[int, int] | None
    """Where the number is written; ``None`` when the words imply it (0)."""
    words: tuple[int, int]
    """The words that state it."""


def exact(s: Sentence, f: Figure) -> bool:
    """The figure is not a round or bounded one: not “约40件”, “40余件”, “超过40件”."""
    return f.at is None or not s.approximate(*f.at)


def of_this_report(s: Sentence, f: Figure) -> bool:
    """The figure is not said to be of another year (“2024年”, “上年”) or scope (“全县”)."""
    return not s.elsewhere(f.words[0])


#: Tests every figure read must pass.
FIGURE_TESTS: tuple[Callable[[Sentence, Figure], bool], ...] = (exact, of_this_report)


def _figure(m: re.Match[str], says: Says) -> Figure | None:
    """The figure ``says`` reads from ``m``; ``None`` if the number is malformed ("三四")."""
    words = m.span(says.words) if says.words else m.span()
    if isinstance(says.figure, int):
        return Figure(says.figure, None, words)
    groups = (says.figure,) if isinstance(says.figure, str) else says.figure
    group = next((g for g in groups if m[g] is not None), None)
    if group is None:  # an optional part not written (“予以公开21件” without “占44.7%”)
        return None
    value = float(m[group]) if says.percent or says.amount else figure_of(m[group])
    return None if value is None else Figure(value, m.span(group), words)


def _decimals(m: re.Match[str], says: Says) -> int | None:
    """How many decimals a percentage or an amount is written with; ``None`` for a count."""
    if not (says.percent or says.amount):
        return None
    groups = (says.figure,) if isinstance(says.figure, str) else () if isinstance(says.figure, int) else says.figure
    text = next(m[g] for g in groups if m[g] is not None)
    return len(text.partition(".")[2])



def slot_names(group: str, key: str, words: tuple[str, ...]) -> Condition:
    """A condition: group ``group`` of the match holds one of ``words`` (the outcome ``key``).

    A list production (“予以公开、部分公开分别为21件、4件”) names its kinds in groups
    ``k1``, ``k2`` ...; each figure goes to the quantity its slot names.
    """
    def names(m: re.Match[str], s: Sentence) -> bool:
        return m[group] in words

    names.__name__ = f"{group}_names_{key}"
    names.__doc__ = f"Group {group} names the outcome {key}: {'、'.join(words)}."
    return names
