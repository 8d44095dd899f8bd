"""Text from the clerk or the file system made safe to show: in a terminal, a file name, a page.

A workbook's cells and a file's name are typed by someone else. Some
characters in them are not text but instructions to whatever displays them:
a C1 control such as U+009B (CSI) starts a terminal escape sequence, and the
bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE …) make ``gpj.exe`` look
like ``exe.jpg``. :func:`safe_text` drops them before gikxl echoes the text.

Imports nothing of gikxl: every stage may use it.
"""

from __future__ import annotations

import re

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
