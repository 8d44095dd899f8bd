"""One sentence of folded text, and what the grammar's conditions ask about it by position.

The questions (is a figure approximate, of another year or scope, led by a verb, after
which kind of case) are answered from one scan of the sentence per kind of word, by
bisection, so that a long sentence costs a scan, not a rescan per figure.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from gikxl.checks.figures.words import (
    APPROX_AFTER,
    APPROX_BEFORE,
    DOCUMENTS,
    GIK,
    ITEM_COUNT,
    LEADS,
    PERIOD,
    PERIOD_LOOKAHEAD,
    PERIOD_REACH,
    REVIEWER,
    SCOPE,
    WIDE_SCOPE,
)

_CLAUSE_START = re.compile(r"[，,：:（(]")

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
    """The sentence, folded (:func:`~gikxl.checks.figures.numbers.fold`)."""
    start: int
    """Where it starts in :attr:`original`."""
    original: str
    """The whole text as written, for quoting."""
    about_requests: bool
    """The whole text is about 依申请公开 (the 依申请公开 section)."""
    year: int | None
    """The report year."""
    requests_before: bool = False
    """An earlier sentence of the same paragraph names the requests (“共收到37件” after it)."""

    def quote(self, start: int, end: int) -> str:
        """The words at ``text[start:end]`` as written."""
        return self.original[self.start + start:self.start + end].strip()

    @cached_property
    def item_count_at(self) -> int:
        """Where the sentence first counts published items ("公开信息 2 条"), or its length."""
        m = ITEM_COUNT.search(self.text)
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
        return (any(self.text.endswith(w, 0, before) for w in APPROX_BEFORE)
                or APPROX_AFTER.match(self.text, end) is not None)

    def led_by_a_verb(self, at: int) -> bool:
        """Whether only a verb or a connective (:data:`LEADS`) stands before ``at`` in its clause."""
        start = self.clause_start(at)
        end = at - self._space_before(at)
        return end <= start or any(self.text.endswith(w, start, end) for w in LEADS)

    @cached_property
    def _periods(self) -> _Spans:
        return _Spans(PERIOD, self.text)

    def period_before(self, at: int) -> re.Match[str] | None:
        """The last period phrase before ``at``, as if the text ended at ``at``.

        That is the last match of ``PERIOD.finditer(text, 0, at)``. Matches ending well
        before ``at`` come from one scan of the sentence; only the last few characters
        are scanned again, because there the lookaheads (“2024年” not “2024年3月”,
        “上年” not “上年结转”) see the end of the text.
        """
        spans = self._periods
        last = spans.last_before(at - PERIOD_LOOKAHEAD)
        rescan = at - PERIOD_REACH - self._space_before(at - 1)
        for m in spans.matches[bisect_right(spans.ends, at - PERIOD_LOOKAHEAD):]:
            if m.end() > at:
                break
            rescan = min(rescan, m.start())
        for m in PERIOD.finditer(self.text, max(rescan, last.end() if last else 0, 0), at):
            last = m
        return last

    @cached_property
    def _scopes(self) -> _Spans:
        return _Spans(SCOPE, self.text)

    @cached_property
    def _wide_scopes(self) -> _Spans:
        return _Spans(WIDE_SCOPE, self.text)

    def elsewhere(self, at: int) -> bool:
        """Whether words at ``at`` are about another year (the last period said before them) or
        another scope (said before them in their clause, or a whole region or all offices
        anywhere before them in the sentence), not this report."""
        period = self.period_before(at)
        if period is not None:
            if period.group(2):
                return True
            if period.group(1) and self.year is not None and int(period.group(1)) != self.year:
                return True
        return self._scopes.within(self.clause_start(at), at) or self._wide_scopes.within(0, at)

    @cached_property
    def mentions_requests(self) -> bool:
        """Whether the sentence, or the whole text, is about 申请."""
        return self.about_requests or "申请" in self.text

    @cached_property
    def _gik(self) -> _Spans:
        return _Spans(GIK, self.text)

    def disclosure_by(self, at: int) -> bool:
        """Whether 信息公开 or 依申请 is said before ``at``."""
        return self._gik.within(0, at)

    @cached_property
    def _reviewer(self) -> _Spans:
        return _Spans(REVIEWER, self.text)

    def reviewer_before(self, at: int) -> bool:
        """Whether a word of :data:`REVIEWER` stands before ``at`` in its clause."""
        return self._reviewer.within(self.clause_start(at), at)

    @cached_property
    def _documents(self) -> _Spans:
        return _Spans(DOCUMENTS, self.text)

    def documents_before(self, at: int) -> str | None:
        """The last of 规范性文件 or 规章 before ``at``."""
        m = self._documents.last_before(at)
        return m.group(0) if m else None

