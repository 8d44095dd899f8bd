"""Text from the clerk or the file system made safe to show: in a terminal, a file name, a page.

A workbook's cells and a file's name are typed by someone else. Some
characters in them are not text but instructions to whatever displays them:
a C1 control such as U+009B (CSI) starts a terminal escape sequence, and the
bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE …) make ``gpj.exe`` look
like ``exe.jpg``. :func:`safe_text` drops them before gikxl echoes the text.

Some sites publish their reports in traditional characters too (政府信息公開申請).
:func:`simplified` folds them, one character for one, so that the same words, labels
and headings read them and a span found in the folded text still quotes the original.

Imports nothing of gikxl: every stage may use it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Characters that act on the display rather than show: C0 controls but tab and newline
#: (ESC, and CR which overwrites the line), DEL, the C1 controls U+0080–U+009F, and the
#: characters with the Unicode property Bidi_Control (ALM, LRM, RLM, the embeddings and
#: overrides U+202A–U+202E, the isolates U+2066–U+2069). Lone surrogates (a file name
#: that is not valid UTF-8, as Python decodes it) cannot be printed at all.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_UNSAFE = re.compile(f"{_CONTROLS.pattern}|{_SURROGATES.pattern}")


def safe_text(text: object) -> str:
    """``text`` as a string without display controls; a lone surrogate becomes U+FFFD (�).

    Controls are dropped rather than replaced: they are invisible where they
    are harmless, so what remains is what the clerk sees in Excel.
    """
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", str(text)))


def escape_controls(text: str) -> str:
    """``text`` with each display control and lone surrogate written as a ``\\uXXXX`` escape.

    For JSON made with ``ensure_ascii=False``: the characters can only occur
    inside its strings, where the escape is valid and loses nothing.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: The traditional characters whose simplified forms the words gikxl reads are made of: the
#: prose grammar's (:mod:`gikxl.checks.figures`), the official labels, headings and titles
#: (:mod:`gikxl.spec`), and 覆 (答覆 is 答复 only as a phrase). ``tests/test_checks_figures_real.py``
#: and ``tests/test_published_traditional.py`` derive them again with OpenCC and fail when one is
#: missing. A text holding none of them reads the same folded or not, and is not given to the
#: converter (nor is OpenCC imported).
TRADITIONAL = "".join(sorted(set(
    "並乾佈佔併來係個傢內兩別務勝區厤單噹國執報實審將對導屬幷幹廢強彆後復捲敗數於旂時曆書會査條業榦構機檯"
    "權歷決沒況為無熱爲獲現環產産畢當發眾確祕種穩穫箇範糾約納級組結統經綫維網線縣總織繫繳繼續纍罰羣職脩臺"
    "與舉萬處衆衕補製複規視訂計訟訪許訴詢認請諮議護費踰較轉辦迴過達還鄉銷錯鎭鎮門開閤關韆項順領額類颱餘體"
    "髮麪麫麵齣覆劃載"
    "內動務區問單國執報審對層屬廢強後數於會條業構機權決沒況無獲現當發監確祕稱穩範糾納級組結經維總織繳繼續"
    "罰臺舉萬處補製複覆規計訟訪設許訴詢認請議護費轉辦這進過選開關項頭題額類體")))
_TRADITIONAL_CHARS = re.compile(f"[{TRADITIONAL}]")


@lru_cache(maxsize=1)
def _converter() -> Any:
    """OpenCC's traditional-to-simplified converter, loaded on first need; ``None`` if not installed."""
    try:
        import opencc
    except ImportError:  # reading still works on simplified text
        return None
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _simplified_char(ch: str) -> str:
    """``ch`` in simplified characters, when that is one character too (else ``ch``)."""
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def simplified(text: str) -> str:
    """``text`` with its traditional characters simplified, one for one (same length, same places).

    OpenCC converts by phrases (答覆 → 答复, where 覆 alone stays 覆); where a phrase changes
    the length, each character is converted alone instead.
    """
    if _TRADITIONAL_CHARS.search(text) is None or _converter() is None:
        return text
    whole = _converter().convert(text)
    if len(whole) == len(text):
        return str(whole)
    return "".join(_simplified_char(ch) if ord(ch) > 0x2E7F else ch for ch in text)
