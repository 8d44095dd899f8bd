"""Figures that prose states about the tables, read by a table of patterns.

A sentence such as “全年共收到政府信息公开申请41件（含上年结转3件）” restates two
quantities of table 3. :func:`claims` finds such figures, as :class:`Claim`
records, so that the check ``PROSE-FIGURE-MISMATCH`` can compare them with the
tables (:data:`QUANTITIES` says which cells each quantity sums).

The table
    :data:`PATTERNS` holds one :class:`Pattern` per phrasing family: its regular
    expression, an example phrase, what a match says (:class:`Says`: the group
    holding the figure and the quantities it may equal), the conditions a match
    must meet to count, and its priority. Each condition is a named function
    that rules out a look-alike: “其中涉企行政处罚20件” (a part, not the whole),
    “全年办理行政复议案件120件” (the body as the reviewing body), “收到法人……申请”
    (some applicants only). Every figure read must moreover pass
    :data:`FIGURE_TESTS`: it is exact (not “约40件”, “40余件”, “三四件”) and about
    this report (not “2024年”, “上年”, “全县”). Each pattern names words one of
    which every match holds (:attr:`Pattern.words`): a sentence without them is
    not searched, and an expression no sentence needs is never compiled, which
    is most of what reading costs a fresh process.

The overlap rule
    Every pattern reads each sentence on its own. A match that meets its
    conditions and states at least one figure is a candidate. Candidates are
    taken in the order (priority, start, longest first, name), and one whose
    words overlap a candidate already taken is dropped: words are read once.
    Priorities rank the families (requests, cases, documents, decisions), with
    a family's denials after its figures, so that a figure written inside
    “未收到……申请” is read as written. Within a rank the earliest, then the
    longest reading wins: “收到申请41件（含上年结转3件）” over the “收到申请41件”
    and the “上年结转3件” inside it. Since the order is total and no reading
    changes another, the result does not depend on how the table is ordered.

Claims come out in the order the text states them.

Every expression runs in linear time on long text: quantifiers next to one
another never match the same characters (numbers and spaces are possessive,
and a number is never started inside a run of digits), and what a condition
asks about the text before a figure is answered from one scan of the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from gikxl import spec

# Numbers --------------------------------------------------------------------

# Chinese numerals: 三, 十二, 一百零五, 两千 (not 三四 or 十几: those are approximate).
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "万"


def figure_of(text: str) -> int | None:
    """The integer written as ``text`` in Arabic or Chinese numerals; ``None`` if malformed."""
    if text.isdigit():
        try:
            return int(text)
        except ValueError:  # thousands of digits: past Python's limit, and no count anyway
            return None
    if text in ("零", "〇"):
        return 0
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in "零〇":
            if section == 0 and total == 0:
                return None
            digit = None
        elif ch in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            if digit is None:
                if ch != "十" or section or total:
                    return None
                digit = 1
            section += digit * _CN_UNITS[ch]
            digit = None
        elif ch == "万":
            section += digit or 0
            if section == 0 or total:
                return None
            total, section, digit = section * 10000, 0, None
        else:
            return None
    return total + section + (digit or 0)


# Quantities -----------------------------------------------------------------

Cell = tuple[str, str, str]
"""A table cell by the (block, row, col) keys of :data:`gikxl.spec.BLOCKS`."""


@dataclass(frozen=True)
class Quantity:
    """A table quantity that prose may restate: the sum of some cells."""

    cells: tuple[Cell, ...]

    def value(self, read: Callable[[str, str, str], Any]) -> int | float | None:
        """The sum of the cells as ``read(block, row, col)`` gives them; ``None`` if one is unknown.

        A blank total whose parts are all filled is their sum.
        """
        values = [_bounds(read, c)[1] for c in self.cells]
        known = [v for v in values if v is not None]
        return sum(known) if len(known) == len(values) else None

    def floor(self, read: Callable[[str, str, str], Any]) -> int | float:
        """What the quantity is at least, a blank being unknown but ≥ 0 (a blank total: its filled parts)."""
        return sum(_bounds(read, c)[0] for c in self.cells)


def _bounds(read: Callable[[str, str, str], Any], cell: Cell) -> tuple[int | float, int | float | None]:
    """A cell's least value and its value (``None``: unknown); a blank total is at least its filled parts."""
    v = read(*cell)
    if v is not None:
        return v, v
    block, row, col = cell
    for t in spec.BLOCKS[block].totals:
        if (t.axis == "row" and t.target == row) or (t.axis == "col" and t.target == col):
            parts = [(block, p, col) if t.axis == "row" else (block, row, p) for p in t.parts]
            bounds = [_bounds(read, p) for p in parts]
            exact = [b for _, b in bounds]
            return (sum(lo for lo, _ in bounds),
                    None if any(b is None for b in exact) else sum(b for b in exact if b is not None))
    return 0, None


@dataclass(frozen=True)
class Share:
    """A percentage prose may restate: ``part`` as a share of ``whole``, in per cent."""

    part: Quantity
    whole: Quantity

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The cells it is computed from."""
        return self.part.cells + self.whole.cells

    def value(self, read: Callable[[str, str, str], Any]) -> float | None:
        """``100 × part / whole``; ``None`` if a cell is empty or the whole is 0."""
        part, whole = self.part.value(read), self.whole.value(read)
        return None if part is None or not whole else 100 * part / whole


def _t4_total(group: str) -> Cell:
    return ("t4", "count", f"{group}_total")


def _t3(rows: Iterable[str], cols: Iterable[str] = ("total",)) -> Quantity:
    cols = tuple(cols)
    return Quantity(tuple(("t3", r, c) for r in rows for c in cols))


def _t4(groups: Iterable[str], outcomes: Iterable[str]) -> Quantity:
    outcomes = tuple(outcomes)
    return Quantity(tuple(("t4", "count", f"{g}_{o}") for g in groups for o in outcomes))


_RESULT_GROUPS = {"（三）": "deny", "（四）": "unable", "（五）": "ignore", "（六）": "other_handling"}
#: The results of table 3 by outcome prose names: the two single rows, and the four groups
#: (不予公开, 无法提供, 不予处理, 其他处理), each the rows under its heading in the spec.
T3_OUTCOMES: dict[str, tuple[str, ...]] = {
    "granted": ("granted",),
    "partial": ("partial",),
    **{key: tuple(r.key for r in spec.T3.rows if len(r.path) == 3 and r.path[1].startswith(numeral))
       for numeral, key in _RESULT_GROUPS.items()},
}
#: The applicants prose names: each column, and 法人或其他组织 (the sum of its five).
T3_APPLICANTS: dict[str, tuple[str, ...]] = {
    "natural": ("natural",), "legal": spec.T3_LEGAL_COLS,
    **{c: (c,) for c in spec.T3_LEGAL_COLS if c != "other"},
}
_CASE_GROUPS = {"review": spec.T4_REVIEW_GROUPS, "suit": spec.T4_SUIT_GROUPS}
_DONE = _t3(("total",))

#: The quantities a claim may name, by key.
QUANTITIES: dict[str, Quantity | Share] = {
    "new": Quantity((("t3", "new", "total"),)),
    "new_and_carried": Quantity((("t3", "new", "total"), ("t3", "carried", "total"))),
    "carried": Quantity((("t3", "carried", "total"),)),
    "carry_next": Quantity((("t3", "carry_next", "total"),)),
    "done": _DONE,
    **{key: _t3(rows) for key, rows in T3_OUTCOMES.items()},
    "granted_and_partial": _t3(("granted", "partial")),
    **{f"{key}_share": Share(_t3(rows), _DONE) for key, rows in T3_OUTCOMES.items()},
    "granted_and_partial_share": Share(_t3(("granted", "partial")), _DONE),
    **{f"new_{key}": _t3(("new",), cols) for key, cols in T3_APPLICANTS.items()},
    **{f"new_and_carried_{key}": _t3(("new", "carried"), cols) for key, cols in T3_APPLICANTS.items()},
    **{f"new_{key}_share": Share(_t3(("new",), cols), _t3(("new",))) for key, cols in T3_APPLICANTS.items()},
    **{f"new_and_carried_{key}_share": Share(_t3(("new", "carried"), cols), _t3(("new", "carried")))
       for key, cols in T3_APPLICANTS.items()},
    "review": Quantity(tuple(_t4_total(g) for g in spec.T4_REVIEW_GROUPS)),
    "suit": Quantity(tuple(_t4_total(g) for g in spec.T4_SUIT_GROUPS)),
    **{f"{case}_{o}": _t4(groups, (o,)) for case, groups in _CASE_GROUPS.items() for o in spec.T4_OUTCOME_PARTS},
    **{f"{case}_not_upheld": _t4(groups, [o for o in spec.T4_OUTCOME_PARTS if o != "upheld"])
       for case, groups in _CASE_GROUPS.items()},
    "normative_issued": Quantity((("t2_rules", "normative", "issued"),)),
    "normative_repealed": Quantity((("t2_rules", "normative", "repealed"),)),
    "normative_in_force": Quantity((("t2_rules", "normative", "in_force"),)),
    "regulation_issued": Quantity((("t2_rules", "regulation", "issued"),)),
    "regulation_repealed": Quantity((("t2_rules", "regulation", "repealed"),)),
    "regulation_in_force": Quantity((("t2_rules", "regulation", "in_force"),)),
    "permit": Quantity((("t2_permit", "permit", "decisions"),)),
    "penalty": Quantity((("t2_enforce", "penalty", "decisions"),)),
    "coercion": Quantity((("t2_enforce", "coercion", "decisions"),)),
    "fee_amount": Quantity(((spec.T2_FEE.key, "fee", "amount"),)),
}


@dataclass(frozen=True)
class Claim:
    """A figure the prose states: ``figure`` should equal one of the ``accept`` quantities."""

    text: str
    """The words that state it, as written."""
    figure: int | float
    accept: tuple[str, ...]
    """Keys of :data:`QUANTITIES`; the first is the one a message names."""
    pattern: str
    """The name of the :class:`Pattern` that read it."""
    decimals: int | None = None
    """For a percentage (“占33.9%”): the decimals written, to which the table's share is rounded;
    ``None`` for a count."""


# Sentences ------------------------------------------------------------------

# A length-preserving fold of full-width ASCII (digits, parentheses, punctuation) and
# the ideographic space, so that spans found in the folded text quote the original.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE_START = re.compile(r"[，,：:（(]")

#: Words after a figure that make it round or bounded ("40余件", "50件左右").
_APPROX_AFTER = re.compile(r"\s*+(?:余|多|来|左右|以上|以下|上下)")
#: Words before a figure that make it round or bounded ("约40件", "超过40件").
_APPROX_BEFORE = ("约", "近", "超过", "超", "逾", "不足", "不到", "不少于", "至少", "多于", "少于",
                  "不超过", "上百", "近百", "若干")
#: Phrases that put a figure in a year: another (1), last year or earlier (2), this one (3).
#: The last one before the figure counts.
_PERIOD = re.compile(r"(20\d\d)\s*年(?!\d)|(上一?年度?(?!度?结转)|去年|前年|同期|往年|历年)|(本年|今年|全年|年内)")
#: How far before a figure the end of the text changes a match of :data:`_PERIOD`
#: (“上一年度” and its lookahead; “2024年” also reaches over the spaces before 年).
_PERIOD_REACH, _PERIOD_LOOKAHEAD = 8, 3
#: Phrases that put a figure on a wider or narrower scope than the body's own report.
_SCOPE = re.compile(r"全县|全市|全区|全省|全州|全旗|全镇|全乡|各部门|各乡镇|各街道|各单位|各级|所属|下属|系统内")
#: Words that say a text is about 政府信息公开 or 依申请公开.
_GIK = re.compile(r"信息公开|依申请")
#: Words of the reviewing body, or of one kind or outcome of the cases (see :func:`not_by_the_reviewer`).
_REVIEWER = re.compile(
    r"办理|审理|受理|收到|接到|接收|办结|承办|复议机关|作为|起诉|复议后|维持|纠正|败诉|胜诉|撤销|审结|其他结果"
)
#: The documents a bare “废止1件” may refer back to.
_DOCUMENTS = re.compile(r"规范性文件|规章")
#: What may stand before a figure's phrase in its clause: a verb or a connective, not a
#: qualifier ("涉企行政处罚", "其中自然人新收38件" are parts of the whole).
_LEADS = ("其中", "作出", "做出", "办理", "办结", "实施", "公开", "发布", "产生", "受理", "共计", "累计",
          "共", "全年", "本年度", "本年", "年度", "年", "此外", "另有", "另", "和", "及", "与", "、", "以及",
          "剩余", "尚有", "剩下", "还有", "其余")


class _Spans:
    """The matches of one expression in a sentence, from one scan, for questions by position.

    The expressions asked this way list words none of which holds another, so a match
    lies between two clause boundaries exactly when a search between them finds one.
    """

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.matches = list(pattern.finditer(text))
        self.starts = [m.start() for m in self.matches]
        self.ends = [m.end() for m in self.matches]

    def within(self, lo: int, hi: int) -> bool:
        """Whether a match lies within ``text[lo:hi]``."""
        i = bisect_left(self.starts, lo)
        return i < len(self.starts) and self.ends[i] <= hi

    def last_before(self, at: int) -> re.Match[str] | None:
        """The last match that ends by ``at``."""
        i = bisect_right(self.ends, at)
        return self.matches[i - 1] if i else None


@dataclass(frozen=True)
class Sentence:
    """One sentence of the folded text, with what the conditions ask about it.

    The lookups are memoised (each a pure function of the sentence), so a figure
    costs a bisection, not a rescan of a long sentence.
    """

    text: str
    """The sentence, folded (:data:`_FOLD`)."""
    start: int
    """Where it starts in :attr:`original`."""
    original: str
    """The whole text as written, for quoting."""
    about_requests: bool
    """The whole text is about 依申请公开 (the 依申请公开 section)."""
    year: int | None
    """The report year."""

    def quote(self, start: int, end: int) -> str:
        """The words at ``text[start:end]`` as written."""
        return self.original[self.start + start:self.start + end].strip()

    @cached_property
    def item_count_at(self) -> int:
        """Where the sentence first counts published items ("公开信息 2 条"), or its length."""
        m = _ITEM_COUNT.search(self.text)
        return m.start() if m else len(self.text)

    @cached_property
    def _clause_marks(self) -> list[int]:
        return [m.start() for m in _CLAUSE_START.finditer(self.text)]

    def clause_start(self, at: int) -> int:
        """Where the clause holding ``at`` starts: after the last comma, colon or bracket before it."""
        i = bisect_left(self._clause_marks, at)
        return self._clause_marks[i - 1] + 1 if i else 0

    def _space_before(self, at: int) -> int:
        """How many spaces stand right before ``at``."""
        i = at
        while i > 0 and self.text[i - 1].isspace():
            i -= 1
        return at - i

    def approximate(self, start: int, end: int) -> bool:
        """Whether the figure at ``text[start:end]`` is a round or bounded one ("约40件", "40余件")."""
        before = start - self._space_before(start)
        return (any(self.text.endswith(w, 0, before) for w in _APPROX_BEFORE)
                or _APPROX_AFTER.match(self.text, end) is not None)

    def led_by_a_verb(self, at: int) -> bool:
        """Whether only a verb or a connective (:data:`_LEADS`) stands before ``at`` in its clause."""
        start = self.clause_start(at)
        end = at - self._space_before(at)
        return end <= start or any(self.text.endswith(w, start, end) for w in _LEADS)

    @cached_property
    def _periods(self) -> _Spans:
        return _Spans(_PERIOD, self.text)

    def period_before(self, at: int) -> re.Match[str] | None:
        """The last period phrase before ``at``, as if the text ended at ``at``.

        That is the last match of ``_PERIOD.finditer(text, 0, at)``. Matches ending well
        before ``at`` come from one scan of the sentence; only the last few characters
        are scanned again, because there the lookaheads (“2024年” not “2024年3月”,
        “上年” not “上年结转”) see the end of the text.
        """
        spans = self._periods
        last = spans.last_before(at - _PERIOD_LOOKAHEAD)
        rescan = at - _PERIOD_REACH - self._space_before(at - 1)
        for m in spans.matches[bisect_right(spans.ends, at - _PERIOD_LOOKAHEAD):]:
            if m.end() > at:
                break
            rescan = min(rescan, m.start())
        for m in _PERIOD.finditer(self.text, max(rescan, last.end() if last else 0, 0), at):
            last = m
        return last

    @cached_property
    def _scopes(self) -> _Spans:
        return _Spans(_SCOPE, self.text)

    def elsewhere(self, at: int) -> bool:
        """Whether words at ``at`` are about another year or another scope, not this report."""
        period = self.period_before(at)
        if period is not None:
            if period.group(2):
                return True
            if period.group(1) and self.year is not None and int(period.group(1)) != self.year:
                return True
        return self._scopes.within(self.clause_start(at), at)

    @cached_property
    def mentions_requests(self) -> bool:
        """Whether the sentence, or the whole text, is about 申请."""
        return self.about_requests or "申请" in self.text

    @cached_property
    def _gik(self) -> _Spans:
        return _Spans(_GIK, self.text)

    def disclosure_by(self, at: int) -> bool:
        """Whether 信息公开 or 依申请 is said before ``at``."""
        return self._gik.within(0, at)

    @cached_property
    def _reviewer(self) -> _Spans:
        return _Spans(_REVIEWER, self.text)

    def reviewer_before(self, at: int) -> bool:
        """Whether a word of :data:`_REVIEWER` stands before ``at`` in its clause."""
        return self._reviewer.within(self.clause_start(at), at)

    @cached_property
    def _documents(self) -> _Spans:
        return _Spans(_DOCUMENTS, self.text)

    def documents_before(self, at: int) -> str | None:
        """The last of 规范性文件 or 规章 before ``at``."""
        m = self._documents.last_before(at)
        return m.group(0) if m else None


# Conditions -----------------------------------------------------------------
# Each takes a match and its sentence and says whether the match counts.

Condition = Callable[[re.Match[str], Sentence], bool]

#: Words that may stand between 收到 and 申请 without changing what is counted ...
_REQUEST_WORDS = re.compile(
    r"政府信息公开|信息公开|依申请公开|依申请|政府信息|公开|并办理|和办理|并处理|和处理|办理|处理"
    r"|社会公众|群众|公众|各类|各种|有关|相关|书面|共计|共|了|的|\s"
)
#: ... and those that may stand there when the words do not say 信息公开 or 依申请.
_BARE_WORDS = re.compile(r"并办理|和办理|并处理|和处理|共计|共|了|的|\s")
#: Other things received than requests for information.
_NOT_REQUESTS = re.compile(r"复议|诉讼|许可|信访|投诉|举报|建议|提案|咨询")
_SOME_APPLICANTS = re.compile(r"自然人|公民|个人|法人|企业|组织|机构")
_ALL_APPLICANTS = re.compile(r"(?:公民|自然人)[、，,和及与]*法人(?:和|或|及|、)其他组织")
#: After “未发生……行政诉讼”: an outcome, so the cases did happen ("未发生行政诉讼败诉").
_OUTCOME_AFTER = re.compile(r"[^，,]{0,8}?(?:被|败诉|纠正|纠错|撤销|结果|中)")


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
    if _GIK.search(gap):
        return not _REQUEST_WORDS.sub("", gap)
    return s.about_requests and noun == "申请" and not _BARE_WORDS.sub("", gap)


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


#: A count of published items: "公开信息 2 条", "发布政府信息139条".
_ITEM_COUNT = re.compile(r"信息\s*+(?:\d++|[一二三四五六七八九十百千万两〇零]++)\s*+条")


def not_published_items(m: re.Match[str], s: Sentence) -> bool:
    """Not a count of items published earlier in the sentence: "公开信息2条，其中行政许可1条"
    counts pages put online about 行政许可, not table 二's decisions."""
    return s.item_count_at >= m.start()


def only_disclosure_requests(m: re.Match[str], s: Sentence) -> bool:
    """The words do not deny something else received: 行政复议, 信访, 建议, ..."""
    return _NOT_REQUESTS.search(m[0]) is None


def every_applicant(m: re.Match[str], s: Sentence) -> bool:
    """No applicant is named, or all are: not "未收到法人或其他组织提出的申请"."""
    return _SOME_APPLICANTS.search(m[0]) is None or _ALL_APPLICANTS.search(m[0]) is not None


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
    return _OUTCOME_AFTER.match(s.text, m.end()) is None


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


_BOTH_CASES_WORDS = r"行政复议(?:案件)?(?:和|、|及|与|以及)(?:被提起|提起|被)?行政诉讼"

#: Words that may stand before an outcome or an applicant in its clause besides :data:`_LEADS`:
#: "因本机关不掌握等原因无法提供12件" (all the reasons of a group), "依法予以公开", "均已办结".
_RESULT_LEADS = ("等原因", "等情形", "等情况", "依法", "答复", "决定", "已", "均", "按时")
#: Other matters whose requests or cases a sentence may count ("收到行政复议申请2件，办结2件").
_OTHER_MATTERS = re.compile(r"复议|诉讼|许可|信访|投诉|举报|建议|提案|咨询|政务服务|热线")
#: The verbs that say which requests a figure counts; the last one before an applicant names them.
_REQUEST_VERB = re.compile(r"新收|收到|受理|接收|接到|结转|办结|办理完毕|答复|予以公开|部分公开|不予公开"
                           r"|无法提供|不予处理|其他处理")
_RECEIVING = frozenset(["新收", "收到", "受理", "接收", "接到"])
#: Which cases an outcome is about: both, one, or one kind of 行政诉讼 (a part of its sum).
_CASE_KIND = re.compile(rf"{_BOTH_CASES_WORDS}|行政复议|行政诉讼|复议后起诉|直接起诉")
#: Words that make the body the reviewing body ("全年办理行政复议案件120件，其中维持100件").
_REVIEWING = re.compile(r"办理|审理|受理|收到|接到|接收|办结|承办|复议机关|作为")


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
    return s.led_by_a_verb(m.start()) or any(s.text.endswith(w, start, end) for w in _RESULT_LEADS)


def no_other_matters(m: re.Match[str], s: Sentence) -> bool:
    """The sentence names no other matter before it (行政复议, 信访, 政务服务 ...)."""
    return not _spans(s, _OTHER_MATTERS).within(0, m.start())


def of_requests_received(m: re.Match[str], s: Sentence) -> bool:
    """The last verb before it receives requests (收到, 新收), or it says 申请 itself.

    Not "上年结转3件，其中自然人3件" or "办结47件，其中自然人40件": other rows of table 3.
    """
    last = _spans(s, _REQUEST_VERB).last_before(m.start())
    return last[0] in _RECEIVING if last else "申请" in m[0]


def not_after_all_applicants(m: re.Match[str], s: Sentence) -> bool:
    """Not the tail of "公民、法人或其他组织": all applicants, not the 法人 alone."""
    return not any(w in s.text[max(0, m.start() - 4):m.start()] for w in ("公民", "自然人", "个人"))


def _case_kind(m: re.Match[str], s: Sentence) -> str:
    last = _spans(s, _CASE_KIND).last_before(m.start())
    return "" if last is None else last[0]


def after_review(m: re.Match[str], s: Sentence) -> bool:
    """The cases named last before it are the 行政复议 alone."""
    return _case_kind(m, s) == "行政复议"


def after_suit(m: re.Match[str], s: Sentence) -> bool:
    """The cases named last before it are the 行政诉讼 alone, of both kinds (the sum of table 4's two)."""
    return _case_kind(m, s) == "行政诉讼" and not _spans(s, _ONE_SUIT_KIND).matches


def _kinds_named(m: re.Match[str], s: Sentence) -> str:
    """The case kinds the words speak of: those named last before them, or after "均" (all)
    every kind the sentence names before them ("复议2件、诉讼1件，均无被纠错")."""
    if not m[0].startswith("均"):
        return _case_kind(m, s)
    return "".join(k[0] for k in _spans(s, _CASE_KIND).matches if k.end() <= m.start())


def review_named(m: re.Match[str], s: Sentence) -> bool:
    """The cases named last before it include 行政复议 ("行政复议、行政诉讼均获维持")."""
    return "行政复议" in _kinds_named(m, s)


def suit_named(m: re.Match[str], s: Sentence) -> bool:
    """The cases named last before it include 行政诉讼, and no kind of it alone."""
    return "行政诉讼" in _kinds_named(m, s) and not _spans(s, _ONE_SUIT_KIND).matches


def not_the_reviewers_cases(m: re.Match[str], s: Sentence) -> bool:
    """The sentence does not make the body the reviewing body before it ("办理行政复议案件120件")."""
    return ((s.about_requests or s.disclosure_by(m.start()))
            and not _spans(s, _REVIEWING).within(0, m.start()))


_ONE_SUIT_KIND = re.compile(r"复议后起诉|直接起诉")


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


# Patterns -------------------------------------------------------------------

# Priorities, lower first. The families rank requests, cases, documents, decisions (so
# “行政复议共3件结转下年度” is read as requests carried over). A family's denials rank after
# its figures, so that a figure written inside “未收到……申请” or “未发生……行政复议” is read
# as written. (“未制定……” needs no rank of its own: it starts before, so wins over, the
# “制定……N件” inside it.)
REQUESTS, NO_REQUESTS, CASES, NO_CASES, DOCUMENTS, DECISIONS = range(6)


@dataclass(frozen=True)
class Pattern:
    """One phrasing family: how it is written, what it says, and when it counts."""

    name: str
    priority: int
    """Lower wins an overlap: :data:`REQUESTS` ... :data:`DECISIONS`."""
    example: str
    """A phrase it reads, stating every figure of :attr:`says`."""
    regex: str
    says: tuple[Says, ...]
    conditions: tuple[Condition, ...] = ()
    """All must hold for a match to count."""
    words: tuple[str, ...] = ()
    """Words one of which every match holds (``tests/test_checks_words.py`` proves it from the
    expression): a sentence with none of them is not searched. ``()``: every sentence is."""

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """:attr:`regex`, compiled (once: the table is built at import, compiled on first use)."""
        return re.compile(self.regex)

    def may_match(self, text: str) -> bool:
        """Whether ``text`` holds one of :attr:`words`: else it holds no match.

        Compiling the expressions is most of what reading costs in a fresh
        process (a set of Chinese characters takes Python's compiler long);
        the expression of a family a text never writes is not compiled at all.
        """
        return not self.words or any(w in text for w in self.words)


def _num(group: str = "n") -> str:
    """A number in Arabic or Chinese numerals, in ``group``, and the spaces after it.

    Possessive, and never started inside a run of digits or numerals: no run is
    scanned more than once (nothing after a number can be a digit or a numeral).
    """
    return rf"(?P<{group}>(?<!\d)\d++|(?<![{_CN_CHARS}])[{_CN_CHARS}]++)\s*+"


#: Words allowed between a noun and its figure: "申请共计 47 件", "申请数量为 47 件".
_THEN = r"(?:数量|总数|总量)?\s*+(?:共计|合计|总计|累计|共|计|为|达到|达|是)?\s*+"
_RECEIVING_VERBS = ("新收", "收到", "受理", "接收", "接到")
_RECEIVED = (rf"(?P<verb>{'|'.join(_RECEIVING_VERBS)})(?P<gap>[^，,。；;、:：\d（）()]{{0,20}}?)(?P<noun>申请|事项)"
             rf"{_THEN}{_num()}(?:件|个|宗|份|条)")
_FILL = r"[^，,。；;\d（）()]{0,4}?"
_INCLUDING_CARRIED = (rf"\s*+[（(]?\s*+(?P<carried_words>(?:含|包括|其中)\s*+{_FILL}(?:上年|上一年|去年)"
                      rf"{_FILL}结转{_FILL}{_num('carried')}件)\s*+[）)]?")
_CASE_UNIT = r"(?:件|起|宗|个|案)"
_BOTH_CASES = r"行政复议(?:案件)?(?:和|、|及|与|以及)(?:被提起|提起|被)?行政诉讼(?:案件)?"
_DOC_UNIT = r"(?:件|个|份|条|部)"
_NORMATIVE, _REGULATION = r"(?:行政规范性文件|规范性文件)", r"(?:政府规章|规章)"
_ISSUE = r"(?:制发|制定|印发|出台)了?\s*+"
_REPEAL_WORDS = ("废止", "作废", "废除")
_REPEAL = rf"(?:{'|'.join(_REPEAL_WORDS)})了?\s*+"
_IN_FORCE = r"现行有效的?\s*+"
_VERBS = r"(?:制定|制发|出台|印发|废止|废除|作废|修订|修改|更新|清理)"
_NOT_ISSUING = ("未制定", "未制发", "未出台", "未印发")
_NOT_ISSUED = rf"(?:{'|'.join(_NOT_ISSUING)})(?P<verbs>(?:\s*+[、和及或与]\s*+{_VERBS})*+)\s*+(?:了)?\s*+"
_DOC_FIGURE = rf"{_THEN}{_num()}{_DOC_UNIT}"


def _decisions(word: str) -> str:
    return rf"{word}(?:决定|案件|办件|措施)?(?:数量)?(?:共|为|达|计)?\s*+{_num()}(?:件|个|条)"


_UNIT = r"(?:件|份|项|宗|个|条)"
#: A share after a count: "，占44.7%", "，占比19.1%", "（占全部办结数的44.7%）".
#: Optional: without it the group is unset and the share is not claimed.
_PCT = (r"(?:\s*+[，,（(]?\s*+(?:占(?:比)?(?:全部|总数|总量|办结总数|办理总数|申请总数|办结数|总件数)?(?:的)?"
        r"(?:比例|比重)?(?:为|是|达)?|比例为|占比为?)\s*+(?P<pct>\d++(?:\.\d++)?+)\s*+%)?")


def _result_words(key: str) -> tuple[str, ...]:
    """How prose names an outcome of table 3: the spec's heading without its numbering and note."""
    row = spec.T3.row(T3_OUTCOMES[key][0])
    heading = row.path[1]
    return (heading.partition("）")[2].partition("（")[0],)


#: The outcomes, by quantity key: the spec's words first, then synonyms (longer before shorter).
_OUTCOME_WORDS: dict[str, tuple[str, ...]] = {key: _result_words(key) for key in T3_OUTCOMES}
_OUTCOME_WORDS["granted"] += ("同意公开", "全部公开")
_OUTCOME_WORDS["granted_and_partial"] = tuple(
    f"{a}{j}{b}" for a in _OUTCOME_WORDS["granted"] for j in ("及", "和", "与", "、")
    for b in _OUTCOME_WORDS["partial"]
)
_APPLICANT_WORDS: dict[str, tuple[str, ...]] = {
    key: (spec.T3.col(cols[0]).path[1] if len(cols) > 1 else spec.T3.col(key).label,)
    for key, cols in T3_APPLICANTS.items()
}
_APPLICANT_WORDS["legal"] += tuple(_APPLICANT_WORDS["legal"][0].replace("或", w) for w in ("和", "及"))
#: The outcomes of table 4, by key: the spec's label, the same without 结果, then synonyms.
_CASE_OUTCOME_WORDS: dict[str, tuple[str, ...]] = {
    o: tuple(dict.fromkeys((label, label.removeprefix("结果")))) for o, label in spec.T4_OUTCOMES if o != "total"
}
_CASE_OUTCOME_WORDS["corrected"] += ("被纠错", "纠错", "被纠正")
_CASE_OUTCOME_WORDS["pending"] += ("未审结", "正在审理")
_RESULTS = (in_request_text, a_whole_result, no_other_matters)
_REQUESTS = (in_request_text, counts_requests)
_REQUEST_PARTS = (in_request_text, unqualified)
_CASES = (disclosure_said, not_by_the_reviewer)

#: Every phrasing read, one entry per family.
PATTERNS: tuple[Pattern, ...] = (
    # 收到申请 -----------------------------------------------------------------
    Pattern(
        "received-including-carried", REQUESTS,
        example="全年共收到政府信息公开申请41件（含上年结转3件）",
        regex=_RECEIVED + _INCLUDING_CARRIED,
        words=_RECEIVING_VERBS,
        says=(Says(("new_and_carried",)), Says(("carried",), figure="carried", words="carried_words")),
        conditions=(*_REQUESTS, says_received),
    ),
    Pattern(
        "received-new", REQUESTS,
        example="本年新收政府信息公开申请38件",
        regex=_RECEIVED,
        words=_RECEIVING_VERBS,
        says=(Says(("new",)),),
        conditions=(*_REQUESTS, says_new),
    ),
    Pattern(  # without 新收 or 上年结转 the figure may count the carried requests too
        "received", REQUESTS,
        example="全年共收到政府信息公开申请45件",
        regex=_RECEIVED,
        words=_RECEIVING_VERBS,
        says=(Says(("new", "new_and_carried")),),
        conditions=(*_REQUESTS, says_received),
    ),
    Pattern(
        "new", REQUESTS,
        example="依申请公开方面，本年新收47件",
        regex=rf"(?:本年|本年度)?新收{_THEN}{_num()}件",
        words=("新收",),
        says=(Says(("new",)),),
        conditions=_REQUEST_PARTS,
    ),
    Pattern(
        "carried", REQUESTS,
        example="本年度新收政府信息公开申请47件，上年结转3件",
        regex=rf"(?:上一?年度?|去年)结转(?:的)?(?:政府信息公开|依申请公开)?(?:申请)?{_THEN}{_num()}件",
        words=("结转",),
        says=(Says(("carried",)),),
        conditions=_REQUEST_PARTS,
    ),
    Pattern(  # either word order in one expression: a match in one order hides the other
        "carry-next", REQUESTS,
        example="共收到申请50件，办结47件，3件结转下年度办理",
        regex=(rf"结转(?:至|到)?下一?年度?(?:继续办理|办理)?(?:的)?(?:申请)?{_THEN}{_num()}件"
               rf"|{_num('n_before')}件(?:申请)?(?:结转|转入|转)(?:至|到)?下一?年度?"),
        words=("转",),
        says=(Says(("carry_next",), figure=("n", "n_before")),),
        conditions=_REQUEST_PARTS,
    ),
    Pattern(
        "none-received", NO_REQUESTS,
        example="本年度未收到政府信息公开申请",
        regex=r"(?:未|没有)(?:收到|受理|接到|接收)[^。；;，,]{0,30}?(?:信息公开|依申请)[^。；;，,]{0,10}?申请",
        words=("未", "没有"),
        says=(Says(("new",), figure=0),),
        conditions=(in_request_text, only_disclosure_requests, every_applicant),
    ),
    # 行政复议、行政诉讼 ----------------------------------------------------------
    Pattern(
        "review-and-suit-each", CASES,
        example="政府信息公开行政复议、行政诉讼各0件",
        regex=rf"{_BOTH_CASES}(?:各|均为|均)\s*+{_num()}{_CASE_UNIT}",
        words=("行政复议",),
        says=(Says(("review",)), Says(("suit",))),
        conditions=_CASES,
    ),
    Pattern(
        "review-and-suit-respectively", CASES,
        example="因政府信息公开被申请行政复议和行政诉讼分别为2件、1件",
        regex=rf"{_BOTH_CASES}分别为?\s*+{_num('review')}{_CASE_UNIT}[、和,，]\s*+{_num('suit')}{_CASE_UNIT}",
        words=("行政复议",),
        says=(Says(("review",), figure="review"), Says(("suit",), figure="suit")),
        conditions=_CASES,
    ),
    Pattern(
        "review", CASES,
        example="因政府信息公开工作被申请行政复议三起",
        regex=rf"行政复议(?:案件|申请)?{_THEN}{_num()}{_CASE_UNIT}",
        words=("行政复议",),
        says=(Says(("review",)),),
        conditions=_CASES,
    ),
    Pattern(
        "suit", CASES,
        example="因政府信息公开被提起行政诉讼1件",
        regex=rf"行政诉讼(?:案件)?{_THEN}{_num()}{_CASE_UNIT}",
        words=("行政诉讼",),
        says=(Says(("suit",)),),
        conditions=_CASES,
    ),
    Pattern(
        "no-review-or-suit", NO_CASES,
        example="全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况",
        regex=(r"(?:未发生|没有发生|未出现|没有出现|未被|没有被)[^。；;，,\d]{0,20}?(?P<kind>行政复议|行政诉讼)"
               r"(?:(?:案件)?(?:和|、|及|与|或|以及)(?:被申请|被提起|提起|被)?(?P<other>行政复议|行政诉讼))?"),
        words=("行政复议", "行政诉讼"),
        says=(Says(("review",), figure=0, when=names_review), Says(("suit",), figure=0, when=names_suit)),
        conditions=(disclosure_said_by_end, no_outcome_after),
    ),
    # 规范性文件、规章 ----------------------------------------------------------
    Pattern(
        "normative-none-issued", DOCUMENTS,
        example="本年度未制定、废止行政规范性文件",
        regex=_NOT_ISSUED + _NORMATIVE,
        words=_NOT_ISSUING,
        says=(Says(("normative_issued",), figure=0),
              Says(("normative_repealed",), figure=0, when=also_repealed)),
    ),
    Pattern(
        "regulation-none-issued", DOCUMENTS,
        example="本年度未制定、废止政府规章",
        regex=_NOT_ISSUED + _REGULATION,
        words=_NOT_ISSUING,
        says=(Says(("regulation_issued",), figure=0),
              Says(("regulation_repealed",), figure=0, when=also_repealed)),
    ),
    Pattern(
        "normative-issued", DOCUMENTS,
        example="本年度制发行政规范性文件4件",
        regex=_ISSUE + _NORMATIVE + _DOC_FIGURE,
        words=("规范性文件",),
        says=(Says(("normative_issued",)),),
    ),
    Pattern(
        "regulation-issued", DOCUMENTS,
        example="本年度制定政府规章1件",
        regex=_ISSUE + _REGULATION + _DOC_FIGURE,
        words=("规章",),
        says=(Says(("regulation_issued",)),),
    ),
    Pattern(
        "normative-in-force", DOCUMENTS,
        example="现行有效行政规范性文件23件",
        regex=_IN_FORCE + _NORMATIVE + _DOC_FIGURE,
        words=("现行有效",),
        says=(Says(("normative_in_force",)),),
    ),
    Pattern(
        "regulation-in-force", DOCUMENTS,
        example="现行有效的政府规章5件",
        regex=_IN_FORCE + _REGULATION + _DOC_FIGURE,
        words=("现行有效",),
        says=(Says(("regulation_in_force",)),),
    ),
    Pattern(
        "normative-repealed", DOCUMENTS,
        example="废止规范性文件2件",
        regex=_REPEAL + _NORMATIVE + _DOC_FIGURE,
        words=("规范性文件",),
        says=(Says(("normative_repealed",)),),
    ),
    Pattern(
        "regulation-repealed", DOCUMENTS,
        example="废止规章1件",
        regex=_REPEAL + _REGULATION + _DOC_FIGURE,
        words=("规章",),
        says=(Says(("regulation_repealed",)),),
    ),
    Pattern(  # a bare “废止1件” refers to the documents named before it
        "normative-repealed-after", DOCUMENTS,
        example="本年度制发规范性文件四件，废止一件",
        regex=_REPEAL + _DOC_FIGURE,
        words=_REPEAL_WORDS,
        says=(Says(("normative_repealed",)),),
        conditions=(after_normative,),
    ),
    Pattern(
        "regulation-repealed-after", DOCUMENTS,
        example="本年度制定规章2件，废止1件",
        regex=_REPEAL + _DOC_FIGURE,
        words=_REPEAL_WORDS,
        says=(Says(("regulation_repealed",)),),
        conditions=(after_regulation,),
    ),
    # 行政许可、行政处罚、行政强制 ------------------------------------------------
    Pattern(
        "permit", DECISIONS,
        example="全年作出行政许可决定1268件",
        regex=_decisions(spec.T2_PERMIT.row("permit").label),
        words=(spec.T2_PERMIT.row("permit").label,),
        says=(Says(("permit",)),),
        conditions=(unqualified, not_published_items),
    ),
    Pattern(
        "penalty", DECISIONS,
        example="全年作出行政处罚决定三百五十六件",
        regex=_decisions(spec.T2_ENFORCE.row("penalty").label),
        words=(spec.T2_ENFORCE.row("penalty").label,),
        says=(Says(("penalty",)),),
        conditions=(unqualified, not_published_items),
    ),
    Pattern(
        "coercion", DECISIONS,
        example="全年实施行政强制措施12件",
        regex=_decisions(spec.T2_ENFORCE.row("coercion").label),
        words=(spec.T2_ENFORCE.row("coercion").label,),
        says=(Says(("coercion",)),),
        conditions=(unqualified, not_published_items),
    ),
    Pattern(  # table 二's amount is in 万元; a figure in 元 is another unit and not read
        "fee-amount", DECISIONS,
        example="本年度收取行政事业性收费12.35万元",
        regex=(spec.T2_FEE.row("fee").label + r"(?:金额|收入|总额)?(?:共计|合计|共|为|计|达)?\s*+"
               r"(?P<n>\d++(?:\.\d++)?+)\s*+万元"),
        words=(spec.T2_FEE.row("fee").label,),
        says=(Says(("fee_amount",), amount=True),),
    ),
    # 办理结果 -----------------------------------------------------------------
    *(Pattern(
        f"result-{key}", REQUESTS,
        example=f"办结政府信息公开申请47件，其中{_OUTCOME_WORDS[key][0]}21件，占44.7%",
        regex=(rf"(?:{'|'.join(_OUTCOME_WORDS[key])})(?:的|了)?(?:申请)?{_THEN}{_num()}{_UNIT}{_PCT}"
               rf"|{_num('n_before')}{_UNIT}(?:申请)?(?:依法|被)?(?:{'|'.join(_OUTCOME_WORDS[key])})"),
        words=_OUTCOME_WORDS[key],
        says=(Says((key,), figure=("n", "n_before")), Says((f"{key}_share",), figure="pct", percent=True)),
        conditions=_RESULTS,
    ) for key in _OUTCOME_WORDS),
    Pattern(
        "done", REQUESTS,
        example="共收到申请50件，办结47件，3件结转下年度办理",
        regex=rf"(?:办结|办理完毕|处理完毕|完成办理|答复办结)(?:的)?(?:申请)?{_THEN}{_num()}件",
        words=("办结", "办理完毕", "处理完毕", "完成办理"),
        says=(Says(("done",)),),
        conditions=_RESULTS,
    ),
    Pattern(
        "carry-next-pending", REQUESTS,
        example="共收到申请50件，办结47件，剩余3件正在办理",
        regex=rf"(?:剩余|尚有|剩下|还有|其余)\s*+{_num()}件(?:申请)?(?:正在|仍在|尚在|在|正|仍)(?:办理|处理|答复期)",
        words=("剩余", "尚有", "剩下", "还有", "其余"),
        says=(Says(("carry_next",)),),
        conditions=(in_request_text, no_other_matters),
    ),
    # 申请人 -------------------------------------------------------------------
    *(Pattern(
        f"applicant-{key}", REQUESTS,
        example=f"本年度新收政府信息公开申请47件，其中{_APPLICANT_WORDS[key][0]}申请9件，占19.1%",
        regex=(rf"(?:{'|'.join(_APPLICANT_WORDS[key])})(?:提出(?:的)?|的)?(?:申请)?{_THEN}{_num()}件{_PCT}"),
        words=_APPLICANT_WORDS[key],
        says=(Says((f"new_{key}", f"new_and_carried_{key}")),
              Says((f"new_{key}_share", f"new_and_carried_{key}_share"), figure="pct", percent=True)),
        conditions=(in_request_text, unqualified, no_other_matters, of_requests_received, not_after_all_applicants),
    ) for key in _APPLICANT_WORDS),
    # 行政复议、行政诉讼的结果 ------------------------------------------------------
    *(Pattern(
        f"{case}-{o}", CASES,
        example=f"因政府信息公开被{verb}{word}4件，其中{_CASE_OUTCOME_WORDS[o][0]}1件",
        regex=(rf"(?:{'|'.join(_CASE_OUTCOME_WORDS[o])})(?:原(?:具体)?行政行为|原决定)?(?:的)?(?:案件)?"
               rf"{_THEN}{_num()}{_CASE_UNIT}"),
        words=_CASE_OUTCOME_WORDS[o],
        says=(Says((f"{case}_{o}",)),),
        conditions=(not_the_reviewers_cases, after_review if case == "review" else after_suit),
    ) for case, verb, word in (("review", "申请", "行政复议"), ("suit", "提起", "行政诉讼"))
      for o in spec.T4_OUTCOME_PARTS),
    Pattern(
        "all-upheld", CASES,
        example="因政府信息公开被申请行政复议、提起行政诉讼各1件，均获维持",
        regex=r"(?:均|全部|都)(?:获|被|予以|已|为|已被)?(?:法院|复议机关)?(?:判决|决定)?维持",
        words=("维持",),
        says=(Says(("review_not_upheld",), figure=0, when=review_named),
              Says(("suit_not_upheld",), figure=0, when=suit_named)),
        conditions=(not_the_reviewers_cases,),
    ),
    Pattern(
        "none-corrected", CASES,
        example="因政府信息公开被申请行政复议、提起行政诉讼各1件，均无被纠错",
        regex=r"(?:均无|均未|无|没有|未)被?(?:纠错|纠正)",
        words=("纠错", "纠正"),
        says=(Says(("review_corrected",), figure=0, when=review_named),
              Says(("suit_corrected",), figure=0, when=suit_named)),
        conditions=(not_the_reviewers_cases,),
    ),
    Pattern(  # nothing corrected, said as a denial: the cases may have happened, none was lost
        "none-corrected-denied", CASES,
        example="因政府信息公开未发生行政复议和行政诉讼被纠错的情况",
        regex=(r"(?:未发生|没有发生|未出现|没有出现)[^。；;，,\d]{0,20}?(?P<kind>行政复议|行政诉讼)"
               r"(?:[^。；;，,\d]{0,4}?(?P<other>行政复议|行政诉讼))?[^。；;，,\d]{0,12}?"
               r"(?:被纠错|被纠正|败诉|被撤销)"),
        words=("行政复议", "行政诉讼"),
        says=(Says(("review_corrected",), figure=0, when=names_review),
              Says(("suit_corrected",), figure=0, when=names_suit)),
        conditions=(disclosure_said_by_end,),
    ),
    Pattern(
        "all-settled", CASES,
        example="因政府信息公开被申请行政复议、提起行政诉讼各1件，均已审结",
        regex=r"(?:均已|已全部|全部|均)审结|无尚未审结",
        words=("审结",),
        says=(Says(("review_pending",), figure=0, when=review_named),
              Says(("suit_pending",), figure=0, when=suit_named)),
        conditions=(not_the_reviewers_cases,),
    ),
)


# Reading --------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """A match of a pattern that counts, with the claims it makes."""

    pattern: Pattern
    start: int
    end: int
    claims: tuple[Claim, ...]

    @property
    def rank(self) -> tuple[int, int, int, str]:
        """The overlap rule's order: priority, then earliest, then longest, then name."""
        return (self.pattern.priority, self.start, self.start - self.end, self.pattern.name)


def _claims_of(p: Pattern, m: re.Match[str], s: Sentence) -> Iterator[Claim]:
    """The claims ``m`` makes: what :attr:`Pattern.says`, where the figure passes the tests."""
    for says in p.says:
        if says.when is not None and not says.when(m, s):
            continue
        f = _figure(m, says)
        if f is not None and all(test(s, f) for test in FIGURE_TESTS):
            yield Claim(s.quote(*f.words), f.value, says.quantities, p.name, _decimals(m, says))


def candidates(s: Sentence, patterns: Iterable[Pattern] = PATTERNS) -> Iterator[Candidate]:
    """Every match of ``patterns`` in ``s`` that meets its conditions and states a figure."""
    for p in patterns:
        if not p.may_match(s.text):
            continue
        for m in p.compiled.finditer(s.text):
            if all(c(m, s) for c in p.conditions):
                said = tuple(_claims_of(p, m, s))
                if said:
                    yield Candidate(p, m.start(), m.end(), said)


def taken(found: Iterable[Candidate]) -> list[Candidate]:
    """The candidates the overlap rule keeps, in the order of the text.

    In :attr:`Candidate.rank` order, a candidate is kept unless its words overlap
    one kept before. Kept words are disjoint, so one bisection finds the overlap.
    """
    kept: list[Candidate] = []
    starts: list[int] = []
    ends: list[int] = []
    for c in sorted(found, key=lambda c: c.rank):
        i = bisect_left(starts, c.end)  # the kept ones starting before c ends ...
        if i and ends[i - 1] > c.start:  # ... the last of which ends after c starts
            continue
        kept.append(c)
        starts.insert(i, c.start)
        ends.insert(i, c.end)
    return sorted(kept, key=lambda c: (c.start, c.rank))


#: A sentence can state a figure only with a numeral, or a zero only with a denial (未…, 没有…):
#: one without any of these is skipped unread, so long runs of other text cost one scan.
_MAY_STATE = re.compile(rf"[\d{_CN_CHARS}未没]")


def sentences(text: str, about_requests: bool = False, year: int | None = None) -> Iterator[Sentence]:
    """The sentences of ``text`` that may state a figure, folded."""
    folded = text.translate(_FOLD)
    for m in _SENTENCE.finditer(folded):
        if _MAY_STATE.search(m.group(0)):
            yield Sentence(m.group(0), m.start(), text, about_requests, year)


def claims(text: str, about_requests: bool = False, year: int | None = None, *,
           patterns: Iterable[Pattern] = PATTERNS) -> list[Claim]:
    """Figures the text states about table quantities, in the order it states them.

    ``about_requests``: the whole text is about 依申请公开, so "收到申请 N 件" needs no
    further context. ``year``: the report year; figures said to be of another year
    (or of last year, or of the whole county) are not claims about this report.
    ``patterns``: the table to read by (for tests).
    """
    patterns = tuple(patterns)
    return [claim for s in sentences(text, about_requests, year)
            for c in taken(candidates(s, patterns)) for claim in c.claims]


# Judging ------------------------------------------------------------------------

def same_share(value: float, figure: float, decimals: int) -> bool:
    """Whether a share or amount written with ``decimals`` decimals as ``figure`` is ``value``,
    rounded or cut off."""
    step = 10.0 ** -decimals
    return abs(value - figure) <= step / 2 + 1e-9 or 0 <= value - figure < step


def verdict(q: Quantity | Share, claim: Claim, read: Callable[[str, str, str], Any]) -> bool | None:
    """Whether the table agrees with the claim; ``None`` when blanks leave it open.

    A blank is unknown but not negative: a figure smaller than the filled cells' sum is wrong.
    """
    v = q.value(read)
    if v is not None:
        if isinstance(q, Share):
            return claim.decimals is not None and same_share(v, claim.figure, claim.decimals)
        if claim.decimals is not None:  # an amount, written to some decimals
            return same_share(v, claim.figure, claim.decimals)
        return v == claim.figure
    if isinstance(q, Share) or q.floor(read) <= claim.figure:
        return None
    return False
