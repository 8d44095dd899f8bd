"""Plain text copied from a page or a PDF (.txt), and gikxl's own Markdown (.md).

Cells are split by tabs (or by ``|`` in Markdown) or stand one per line; the
table mapper reads them as a stream, so either layout gives the same tokens.
"""

from __future__ import annotations

import re
from pathlib import Path

from gikxl.errors import UnusablePublished
from gikxl.published.document import PAGE_NUMBER, Budget, Document, Line, Source, check_size, squeeze, tokens_of

_MD_MARKUP = re.compile(r"^\s*(#{1,6}\s+|[-*]\s+(?=\S))|\*\*|(?<=\S) {2}$")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def decode(data: bytes, name: str) -> str:
    """The text of ``data``: UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # UTF-16 without a byte-order mark "decodes" as text full of NULs
            return text
    raise UnusablePublished(f"无法识别“{name}”的文字编码（既不是 UTF-8，也不是 GBK/GB18030），"
                            "或者它不是文本文件。请另存为 UTF-8 编码的文本后再试。")


def read_text(path: Path) -> Document:
    name = path.name
    check_size(path, name)
    text = decode(path.read_bytes(), name)
    budget = Budget(name)
    budget.add_text(text)
    markdown = path.suffix.lower() == ".md"
    doc = Document(kind="md" if markdown else "txt")
    for number, raw in enumerate(text.splitlines(), 1):
        if markdown:
            if _MD_RULE.match(raw):
                continue
            raw = _MD_MARKUP.sub("", raw).replace("›", " ")
        if not raw.strip() or PAGE_NUMBER.match(raw):
            continue  # a page number copied along with the text is no figure
        src = Source(snippet=squeeze(raw)[:200], line=number)
        cells = raw.strip().strip("|").split("|") if markdown and raw.lstrip().startswith("|") else raw.split("\t")
        in_table = len(cells) > 1
        tokens = [t for cell in cells for t in tokens_of(cell, src)]
        doc.lines.append(Line(tokens, "\t".join(squeeze(c) for c in cells) if in_table else squeeze(raw), src,
                              in_table, cells=[(c, src) for c in cells] if in_table else None))
    return doc
