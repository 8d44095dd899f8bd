"""A body's name as reports spell it: when two 机关名称 name one body.

One body signs its reports in more than one way: 「洪泽区人民政府」 one year,
「淮安市洪泽区人民政府」 the next — the same name with its parent region in
front. :func:`same_body` is the one test for this, used by ``--previous``
(YEAR-OTHER-BODY) and by the audit when it pairs a unit with last year's file or
with the list of units expected to report.

Imports only :mod:`gikxl.text` (shared by every stage): every stage may use it.
"""

from __future__ import annotations

import re
import unicodedata

from gikxl.text import simplified

_INVISIBLE = re.compile(r"[\s\u00a0\u3000\u200b-\u200f\u2060\ufeff]+")
#: Endings of a region's name, longest first (自治州 before 州).
_REGION_ENDS = "特别行政区|自治区|自治州|自治县|自治旗|地区|林区|省|市|州|盟|县|旗|区"
#: One region's name, as a parent put in front of a body's name (江苏省, 淮安市).
_REGION = re.compile(rf"[^\d\W]{{1,10}}?(?:{_REGION_ENDS})")
_REGION_MAX = 15  # ten characters and 特别行政区
#: A name that begins with a place of its own (洪泽区…, 白马镇…), not with a bare office (公安局).
_PLACED = re.compile(rf"[^\d\W]{{1,10}}?(?:{_REGION_ENDS}|镇|乡|街道|苏木)")
#: Longest parent prefix considered; a real one (省+市+县) is far shorter.
_MAX_PARENTS = 24


def body_key(name: object) -> str:
    """A 机关名称 as compared: full-width forms folded (NFKC), spaces and invisible characters dropped,
    traditional characters simplified (a page published in traditional script: 洪澤區人民政府)."""
    if not isinstance(name, str):
        return ""
    return simplified(_INVISIBLE.sub("", unicodedata.normalize("NFKC", name)))


def same_body(a: object, b: object) -> bool:
    """Whether two 机关名称 name one body: equal as compared, or one is the other with its parent
    region in front (洪泽区人民政府 and 淮安市洪泽区人民政府). Blank names are no body."""
    x, y = body_key(a), body_key(b)
    if not x or not y:
        return False
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    if not long.endswith(short):
        return False
    parents = long[: len(long) - len(short)]
    return len(parents) <= _MAX_PARENTS and _regions(parents) and _PLACED.match(short) is not None


def _regions(text: str) -> bool:
    """Whether ``text`` is one or more region names in a row (江苏省淮安市), tried cut by cut
    (linear in the text, where one pattern repeated would backtrack through every split)."""
    ends = [True] + [False] * len(text)  # ends[i]: text[:i] is regions
    for i in range(1, len(text) + 1):
        ends[i] = any(ends[j] and _REGION.fullmatch(text, j, i) for j in range(max(0, i - _REGION_MAX), i))
    return ends[-1]
