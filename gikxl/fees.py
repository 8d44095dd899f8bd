"""The 信息处理费 a report's prose states, in 元.

Section 六 must say what 信息处理费 was charged, and bodies say it in many
ways: 「全年收取政府信息公开信息处理费 0 元」, 「收取信息处理费 3940 元」,
「共收取信息处理费 0.39 万元」, 「无收取信息处理费情况」, 「本年度未产生信息处理费」,
「信息处理费收取情况：无」. :func:`stated_fee` reads one sentence; the importer
takes the fee of a published report from it, and the report writer uses it to
tell whether a clerk's own section 六 already states the fee.

Imports only :mod:`gikxl.text` (traditional characters folded): every stage may use it.
"""

from __future__ import annotations

import re
import unicodedata

from gikxl.text import simplified

#: A book title such as 《政府信息公开信息处理费管理办法》: it names the fee without stating one.
_BOOK = re.compile(r"《[^《》]{0,80}》")
_GAP = r"[^，,。；;！!？?\d]"
_AMOUNT = re.compile(rf"信息处理费{_GAP}{{0,12}}?((?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(万)?元")
#: Saying none was charged: 未收取, 不收取, 没有收取, 无收取…情况, 未产生, 未发生, 免收, or 0 元 / 零元.
_NONE = re.compile(
    rf"(?:未|没有|无|不|免于|免){_GAP}{{0,12}}?(?:收取|收费|收|产生|发生|涉及){_GAP}{{0,12}}信息处理费"
    rf"|信息处理费{_GAP}{{0,12}}?(?:零|〇)元"
    rf"|信息处理费{_GAP}{{0,10}}(?:情况)?(?:为|是|：|:)(?:无|没有|零)"
    rf"|信息处理费{_GAP}{{0,20}}(?:未产生|未发生|未收取|没有产生|没有收取)"
    rf"|信息处理费[^。；;！!？?]{{0,40}}(?:总金额|金额)[^。；;，,]{{0,8}}(?:均为|为|是)(?:0|零)(?:\.0+)?(?!\d|\.\d)")
#: Words that make a sentence about the fee say something else (未发现违规收取信息处理费).
_NOT_A_STATEMENT = re.compile(r"违规|违法|乱收|擅自|多收|如需|如有|应当|标准|依照规定收取")
_SENTENCE = re.compile(r"[。；;！!？?\n]")
_SPACE = re.compile(r"[\s\u00a0\u3000]+")


def stated_fee(sentence: str) -> float | None:
    """The fee in 元 that ``sentence`` states (0 where it says none was charged), or ``None``
    where it states no fee; an amount in 万元 is given in 元."""
    text = _BOOK.sub("《》", _SPACE.sub("", simplified(unicodedata.normalize("NFKC", sentence))))
    if "信息处理费" not in text:
        return None
    m = _AMOUNT.search(text)
    if m:
        value = float(m.group(1).replace(",", ""))
        return round(value * 10_000, 2) if m.group(2) else value
    if _NONE.search(text) and not _NOT_A_STATEMENT.search(text):
        return 0.0
    return None


def sentences(text: str) -> list[str]:
    """``text`` cut where a sentence ends (。；！？ or a new line)."""
    return [s for s in _SENTENCE.split(text) if s.strip()]


def first_stated_fee(text: str) -> float | None:
    """The fee the first sentence of ``text`` that states one states."""
    for sentence in sentences(text):
        fee = stated_fee(sentence)
        if fee is not None:
            return fee
    return None
