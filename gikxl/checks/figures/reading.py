"""Reading a text: every production over every sentence, and the overlap rule that keeps words read once.

Every production reads each sentence on its own. A match that meets its conditions and
states at least one figure is a candidate. Candidates are taken in the order (priority,
start, longest first, name), and one whose words overlap a candidate already taken is
dropped. Priorities rank the families (requests, cases, documents, decisions), with a
family's denials after its figures, so that a figure written inside “未收到……申请” is
read as written. Within a rank the earliest, then the longest reading wins: “收到申请41件
（含上年结转3件）” over the “收到申请41件” and the “上年结转3件” inside it. Since the
order is total and no reading changes another, the result does not depend on how the
table of productions is ordered.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gikxl.checks.figures.conditions import FIGURE_TESTS, _decimals, _figure
from gikxl.checks.figures.numbers import CN_CHARS, fold
from gikxl.checks.figures.patterns import PATTERNS, Pattern
from gikxl.checks.figures.quantities import Claim
from gikxl.checks.figures.sentence import Sentence
from gikxl.checks.figures.words import REQUESTS_NAMED

_SENTENCE = re.compile(r"[^。；;！!？?\n]+")

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
_MAY_STATE = re.compile(rf"[\d{CN_CHARS}未没无]")


def sentences(text: str, about_requests: bool = False, year: int | None = None) -> Iterator[Sentence]:
    """The sentences of ``text`` that may state a figure, folded."""
    folded = fold(text)
    named, end = False, 0  # whether the requests were named earlier in the paragraph
    for m in _SENTENCE.finditer(folded):
        if "\n" in folded[end:m.start()]:
            named = False
        end = m.end()
        if _MAY_STATE.search(m.group(0)):
            yield Sentence(m.group(0), m.start(), text, about_requests, year, named)
        named = named or REQUESTS_NAMED.search(m.group(0)) is not None


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

