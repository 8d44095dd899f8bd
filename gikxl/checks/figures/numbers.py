"""Numbers as prose writes them, and the folds that make a text readable by one grammar.

A figure is written in Arabic digits (“47”), full-width digits (“４７”) or Chinese
numerals (“四十七”); a page may be in traditional characters (“政府信息公開申請”).
:func:`fold` maps full-width forms and traditional characters to the plain ones one
character for one, so that every span found in the folded text quotes the original.
"""

from __future__ import annotations

from gikxl.text import TRADITIONAL, simplified

__all__ = ["TRADITIONAL", "figure_of", "fold", "num"]

# Chinese numerals: 三, 十二, 一百零五, 两千 (not 三四 or 十几: those are approximate).
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "万"
"""The characters of a Chinese numeral."""


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



def num(group: str = "n") -> str:
    """A number in Arabic or Chinese numerals, in ``group``, and the spaces after it.

    Possessive, and never started inside a run of digits or numerals: no run is
    scanned more than once (nothing after a number can be a digit or a numeral).
    """
    return rf"(?P<{group}>(?<!\d)\d++|(?<![{CN_CHARS}])[{CN_CHARS}]++)\s*+"


# Folds ------------------------------------------------------------------------

#: Full-width ASCII (digits, parentheses, punctuation) and the ideographic space.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

def fold(text: str) -> str:
    """``text`` with full-width forms made plain and traditional characters simplified, one for one."""
    return simplified(text.translate(_WIDTH))
