"""Web pages (.html, .htm) saved from a government site.

The encoding comes from a byte-order mark, then the page's ``<meta charset>``,
then whichever of UTF-8 and GB18030 decodes the bytes without error. Tables
that hold no other table are data; outer layout tables, navigation and nested
``div``s are read as running text. The tree is walked without recursion, so a
page nested ten thousand deep costs no more than a flat one.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from gikxl.errors import UnusablePublished
from gikxl.published.document import Budget, Document, Source, check_size, line_of, row_of, squeeze

_META = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{1,40})""", re.IGNORECASE)
_BLOCK = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
    "footer", "nav", "table", "tr", "blockquote", "pre", "hr", "dd", "dt", "dl", "center", "form", "body",
    "title", "main", "aside", "figure", "caption",
    "td", "th",  # cells of a layout table (one that holds another table) are blocks of their own
})
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "select", "option", "iframe", "object", "svg"})
#: Encodings a declared GB charset is read with: GB18030 decodes everything GBK and GB2312 do.
_GB = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030"}


def decode_page(data: bytes, name: str) -> str:
    """The page's text, never mojibake: a byte-order mark; else UTF-8 when the bytes are valid
    UTF-8 (Chinese in GBK practically never is, so a page saved as UTF-8 under a stale
    ``charset=gb2312`` still reads right); else the declared charset; else GB18030. Refused when
    none decodes every byte."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict") if _decodes(data[3:], "utf-8") else _refuse(name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16") if _decodes(data, "utf-16") else _refuse(name)
    tried = ["utf-8"]
    declared = _META.search(data[:8192])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        label = _GB.get(label, label)
        try:
            tried.append(codecs.lookup(label).name)
        except LookupError:
            pass
    tried.append("gb18030")
    for encoding in dict.fromkeys(tried):
        if encoding.startswith(("utf-16", "utf_16")):
            continue  # a page without a byte-order mark declared UTF-16 is a stale label
        if _decodes(data, encoding):
            text = data.decode(encoding)
            if "\x00" in text:
                break  # UTF-16 without a byte-order mark decodes as "valid" text full of NULs
            return text
    return _refuse(name)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def _refuse(name: str) -> str:
    raise UnusablePublished(f"无法识别网页“{name}”的文字编码（UTF-8、网页声明的编码和 GBK/GB18030 都解不开）。")


#: Spans beyond this are no table's: a page's own markup error (colspan="1000").
_MAX_SPAN = 60


def _span(value: str | None) -> int:
    """A ``colspan`` or ``rowspan`` as a count of grid cells (1 when absent or nonsense)."""
    digits = (value or "").strip()[:4]
    return min(int(digits), _MAX_SPAN) if digits.isdigit() and int(digits) > 0 else 1


def _free_column(below: dict[int, int], j: int) -> int:
    """The first grid column from ``j`` on that no cell of a row above still covers."""
    while j in below:
        j += 1
    return j


def read_html(path: Path) -> Document:
    import lxml.etree
    import lxml.html

    name = path.name
    check_size(path, name)
    text = decode_page(path.read_bytes(), name)
    budget = Budget(name)  # counts the text read, not the markup around it (bounded by the file size)
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(text.replace("\x00", ""), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        raise UnusablePublished(f"“{name}”不是可以读取的网页。") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 256 levels and drops what lies deeper: refuse rather than read part of the page.
        raise UnusablePublished(f"网页“{name}”的结构嵌套过深（超过 255 层），无法完整读取。"
                                "请在浏览器中打开后另存为文本（.txt）再导入。")
    doc = Document(kind="html")
    state = _Walk(doc, budget)
    skipping = 0
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if skipping or tag in _SKIP or not tag:
                skipping += 1  # script, style, comments: and everything inside them
                continue
            if tag == "table" and el.find(".//table") is None:
                state.flush()
                state.table(el)
                skipping += 1  # its content was read as cells
                continue
            if tag in _BLOCK:
                state.flush()
            state.add(el.text)
        else:
            if skipping:
                skipping -= 1
                if skipping == 0:
                    state.add(el.tail)
                continue
            if tag in _BLOCK:
                state.flush()
            state.add(el.tail)
    state.flush()
    return doc


class _Walk:
    """Running text gathered into paragraphs, and the data tables met on the way."""

    def __init__(self, doc: Document, budget: Budget) -> None:
        self.doc = doc
        self.budget = budget
        self.parts: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def flush(self) -> None:
        text = squeeze("".join(self.parts))
        self.parts = []
        if text:
            self.budget.add_text(text)
            self.paragraphs += 1
            self.budget.tick()
            self.doc.lines.append(line_of(text, Source(snippet=text[:200], line=self.paragraphs)))

    def table(self, el) -> None:
        self.tables += 1
        rows = list(el.iter("tr"))
        self.budget.add_table(sum(len(tr) for tr in rows))
        below: dict[int, int] = {}  # grid column → rows a cell above still covers there
        for i, tr in enumerate(rows, 1):
            cells = []
            j = 0
            for td in (c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")):
                j = _free_column(below, j + 1)
                text = squeeze(" ".join(td.itertext()))
                self.budget.add_text(text)
                cells.append((text, Source(snippet=text[:200], table=self.tables, row=i, col=j)))
                across, down = _span(td.get("colspan")), _span(td.get("rowspan"))
                for k in range(j, j + across):
                    if down > 1:
                        below[k] = down
                j += across - 1
            below = {k: n - 1 for k, n in below.items() if n > 1}
            if cells:
                self.doc.lines.append(row_of(cells, Source(snippet="\t".join(c for c, _ in cells)[:200],
                                                          table=self.tables, row=i)))
