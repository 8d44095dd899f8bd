"""Every phrasing's words stand in every match it can make, so skipping a sentence without them loses nothing.

:attr:`gikxl.checks.figures.Pattern.words` lets a sentence that holds none of
a family's words go unsearched (and the family's expression uncompiled). That
is sound only if every match of the expression holds one of the words. The
proof here reads each expression with Python's own parser of regular
expressions (``re._parser``, the one ``re.compile`` uses) and walks its tree:

* a run of parts each of which can match only a few known strings (literals,
  alternatives of such, optional ones, sets of single characters, zero-width
  assertions) can match only the strings of their product; if every one of
  them holds a word, so does every match;
* failing that, a part the match cannot skip (a group, a repetition at least
  once) whose own matches all hold a word will do; alternatives all must.

A run the proof cannot bound proves nothing: a list of words it cannot
prove fails here, even one that happens to be right.
"""

from __future__ import annotations

import itertools
import re._constants as c
import re._parser as sre_parse

import pytest

from gikxl.checks.figures import PATTERNS, Pattern, Says, claims

#: More strings than this in one run and the run counts as unbounded.
LIMIT = 20_000


def _strings(op: object, av: object) -> set[str] | None:
    """Every string a part of a parsed expression can match, or ``None`` when they are too many to list."""
    if op is c.LITERAL:
        return {chr(av)}  # type: ignore[arg-type]
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return {""}  # zero-width: adds nothing to what the match holds
    if op is c.IN:
        items = av  # type: ignore[assignment]
        if all(o is c.LITERAL for o, _ in items):  # type: ignore[attr-defined]
            return {chr(v) for _, v in items}  # type: ignore[attr-defined]
        return None
    if op is c.SUBPATTERN:
        return _sequence_strings(av[-1].data)  # type: ignore[index]
    if op is c.ATOMIC_GROUP:
        return _sequence_strings(av.data)  # type: ignore[attr-defined]
    if op is c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:  # type: ignore[index]
            found = _sequence_strings(branch.data)
            if found is None:
                return None
            out |= found
        return out if len(out) <= LIMIT else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, item = av  # type: ignore[misc]
        if high > 3:
            return None
        once = _sequence_strings(item.data)
        if once is None:
            return None
        out = set()
        for n in range(low, high + 1):
            out |= {"".join(p) for p in itertools.product(sorted(once), repeat=n)}
            if len(out) > LIMIT:
                return None
        return out
    return None


def _sequence_strings(items: list) -> set[str] | None:
    out = {""}
    for op, av in items:
        found = _strings(op, av)
        if found is None:
            return None
        out = {a + b for a in out for b in found}
        if len(out) > LIMIT:
            return None
    return out


def _holds(strings: set[str], words: tuple[str, ...]) -> bool:
    return all(any(w in s for w in words) for s in strings)


def _proved(op: object, av: object, words: tuple[str, ...]) -> bool:
    """Whether every match of this one part holds a word."""
    found = _strings(op, av)
    if found is not None and _holds(found, words):
        return True
    if op is c.SUBPATTERN:
        return proved(av[-1].data, words)  # type: ignore[index]
    if op is c.ATOMIC_GROUP:
        return proved(av.data, words)  # type: ignore[attr-defined]
    if op is c.BRANCH:
        return all(proved(branch.data, words) for branch in av[1])  # type: ignore[index]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, item = av  # type: ignore[misc]
        return low >= 1 and proved(item.data, words)
    return False


def proved(items: list, words: tuple[str, ...]) -> bool:
    """Whether every match of the sequence of parsed parts ``items`` holds one of ``words``."""
    # Runs of parts with few strings: each match holds one string of each run's product.
    run: list = []
    for op, av in [*items, (None, None)]:
        if op is not None and _strings(op, av) is not None:
            run.append((op, av))
            continue
        if run:
            found = _sequence_strings(run)
            if found is not None and _holds(found, words):
                return True
            run = []
        if op is not None and _proved(op, av, words):
            return True
    return False


def always_holds(regex: str, words: tuple[str, ...]) -> bool:
    """Whether every match of ``regex`` holds one of ``words``, as far as the proof can tell."""
    return bool(words) and proved(sre_parse.parse(regex).data, words)


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_every_match_holds_one_of_the_words(pattern: Pattern):
    assert pattern.words, "every family names its words: a text without them costs no compiling"
    assert always_holds(pattern.regex, pattern.words), pattern.words


def test_the_proof_rejects_words_a_match_can_do_without():
    assert always_holds(r"(?:收到|受理)申请\d+件", ("收到", "受理"))
    assert always_holds(r"(?:收到|受理)申请\d+件", ("申请",))
    assert not always_holds(r"(?:收到|受理)申请\d+件", ("收到",))  # “受理申请3件” has no 收到
    assert not always_holds(r"(?:本年)?新收\d+件", ("本年",))
    assert not always_holds(r"[^，]{0,5}申请", ("，",))
    assert not always_holds(r"行政(?:复议)?诉讼", ("复议",))
    assert always_holds(r"行政复议|行政诉讼", ("行政复议", "行政诉讼"))  # the parser pulls out “行政”
    assert not always_holds(r"行政复议|行政诉讼", ("行政复议",))
    assert always_holds(r"(?:未|没有)(?:收到|受理)[^。]{0,30}?申请", ("未", "没有"))
    assert not always_holds(r"\d+件", ())


def test_a_sentence_without_the_words_is_not_searched():
    """A family whose words a text lacks is skipped; with the words, it reads as before."""
    wordy = Pattern("t", 0, example="", regex=r"收到申请(?P<n>\d++)件", says=(Says(("new",)),), words=("收到",))
    wrong = Pattern("t", 0, example="", regex=r"收到申请(?P<n>\d++)件", says=(Says(("new",)),), words=("受理",))
    text = "全年收到申请41件"
    assert [c.figure for c in claims(text, True, patterns=[wordy])] == [41]
    assert claims(text, True, patterns=[wrong]) == []  # the words decide: hence the proof above
    assert wordy.may_match(text) and not wrong.may_match(text)
