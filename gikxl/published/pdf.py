"""PDF files with a text layer, through pdfplumber (MIT, on pdfminer.six).

Ruled tables are read as cells (a merged cell once: pdfplumber gives the
cells it spans as ``None``); everything else on a page is read as text lines in
reading order, so a table pdfplumber cannot see still reaches the mapper as
lines of tokens. Page numbers in the footer are left out.

A table is what is drawn, not every box. Word prints paragraph shading and
text frames as white rectangles with no border, one per line of text: read as
rulings they make the page's prose a one-column "table" that swallows the
headings. So rulings come from what a reader can see (lines, and rectangles
that are stroked or filled with a colour), and a "table" whose cells hold
prose is text. A table broken by a page has no bottom ruling on the first
page: its last row is closed where its column rulings end.
"""

from __future__ import annotations

import re
from pathlib import Path

from gikxl.errors import UnusablePublished
from gikxl.published.document import (
    MAX_PAGES,
    PAGE_NUMBER,
    Budget,
    Document,
    Line,
    Source,
    Token,
    check_size,
    row_of,
    tokens_of,
)

_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def _open(path: Path, name: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(str(path))
    except Exception as exc:  # noqa: BLE001 - pdfplumber wraps what pdfminer raises for a damaged file
        causes = (exc, *exc.args, exc.__cause__, exc.__context__)
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
            raise UnusablePublished(f"“{name}”已加密（设置了打开密码），无法读取。请提供未加密的文件。") from None
        raise UnusablePublished(f"“{name}”无法作为 PDF 打开，文件可能已损坏。") from None


def read_pdf(path: Path) -> Document:
    name = path.name
    check_size(path, name)
    budget = Budget(name)
    doc = Document(kind="pdf")
    with _open(path, name) as pdf:
        try:
            pages = pdf.pages
        except Exception:  # noqa: BLE001 - a damaged page tree
            raise UnusablePublished(f"“{name}”的页面无法读取，文件可能已损坏。") from None
        if len(pages) > MAX_PAGES:
            raise UnusablePublished(f"“{name}”页数过多（{len(pages)} 页，上限 {MAX_PAGES} 页），不像一份年度报告。")
        chars = 0
        for number, page in enumerate(pages, 1):
            budget.tick()
            try:
                chars += len(page.chars)
                doc.lines += _page_lines(page, number, budget)
            except UnusablePublished:
                raise
            except Exception:  # noqa: BLE001 - pdfminer on a damaged content stream
                raise UnusablePublished(f"“{name}”第 {number} 页无法读取，文件可能已损坏。") from None
            page.flush_cache()
        if chars == 0:
            raise UnusablePublished(f"“{name}”没有文字层（可能是扫描件或图片），无法读取文字。"
                                    "请提供由 Word 等软件直接导出的 PDF，或 Word、网页版本。")
    return doc


def _page_lines(page, number: int, budget: Budget) -> list[Line]:
    """The page's lines top to bottom: each row of a ruled table, and each line of text outside them."""
    tables = [t for t in _tables(page) if not _prose(t)]
    placed = [(table.bbox[1], _table_rows(table, number, budget)) for table in tables]
    placed += [(top, [line]) for top, line in _text_lines(page, [t.bbox for t in tables], number, budget)]
    placed.sort(key=lambda p: p[0])
    lines = [line for _, group in placed for line in group]
    for i, line in enumerate(lines, 1):
        if not line.in_table:  # a text line is found by its page and its line on the page
            line.source = Source(snippet=line.source.snippet, page=number, line=i)
            line.tokens = [Token(tok.text, line.source, tok.span) for tok in line.tokens]
    return lines


#: Below this much colour a fill is paper white, the background Word gives shaded paragraphs.
_WHITE = 0.95
#: A cell this long that ends a sentence is a paragraph, not a table cell.
_PROSE_CELL = 40


def _invisible(obj) -> bool:
    """A rectangle nobody sees: filled with white (or not filled), with no border drawn."""
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return False
    if not obj.get("fill"):
        return True
    colour = obj.get("non_stroking_color")
    values = colour if isinstance(colour, list | tuple) else (colour,)
    if not values or not all(isinstance(v, int | float) for v in values):
        return False  # a pattern or a named colour space: assume it shows
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 1 - _WHITE for v in values)
    return all(v >= _WHITE for v in values)


def _tables(page) -> list:
    """The page's ruled tables, found from the rulings a reader sees."""
    visible = page.filter(lambda obj: not _invisible(obj))
    settings = {"explicit_horizontal_lines": _closing_edges(visible)}
    return visible.find_tables(settings)


def _closing_edges(page) -> list[dict]:
    """A horizontal edge where two or more column rulings end (or start) together without one.

    The rows of a table that runs onto the next page stop at the page's foot with no ruling
    below the last; closed here, that row is read with the rest.
    """
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["height"] > 4]
    out = []
    for key in ("top", "bottom"):
        ends: dict[int, list[dict]] = {}
        for e in verticals:
            ends.setdefault(round(e[key]), []).append(e)
        for y, group in ends.items():
            if len(group) < 2:
                continue
            x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
            out.append({"x0": x0, "x1": x1, "top": float(y), "bottom": float(y), "width": x1 - x0, "height": 0.0,
                        "object_type": "line", "orientation": "h"})
        if len(out) > 200:
            break  # a page of hatching, not a table: its own rulings are enough
    return out


def _prose(table) -> bool:
    """Whether a "table" is a frame round text: one column, or cells that hold sentences."""
    grid = table.extract()
    widths = {sum(1 for c in row if c is not None) for row in grid}
    if widths <= {0, 1}:
        return True
    cells = [c for row in grid for c in row if c]
    long = sum(1 for c in cells if len(c) >= _PROSE_CELL and c.rstrip().endswith(("。", "；", "，")))
    return long * 4 >= len(cells)


def _table_rows(table, number: int, budget: Budget) -> list[Line]:
    grid = table.extract()
    budget.add_table(sum(len(r) for r in grid))
    rows = []
    for i, row in enumerate(grid, 1):
        # A merged cell is given once, the grid cells it also covers as None.
        cells = [(text, Source(snippet=" ".join(text.split())[:200], page=number, table=budget.tables, row=i, col=j))
                 for j, text in enumerate(row, 1) if text is not None]
        budget.add_text("".join(t for t, _ in cells))
        rows.append(row_of(cells, Source(snippet="\t".join(c for c, _ in cells)[:200], page=number,
                                         table=budget.tables, row=i)))
    return rows


def _placed_tokens(chars: list[dict], src: Source) -> list[Token]:
    """The line's white-space separated words, each with where it stands across the page.

    A gap wider than a character also separates words: columns of an unruled table are set
    apart by space, not always by a space character.
    """
    out: list[Token] = []
    text, x0, x1, size = "", 0.0, 0.0, 10.0
    for c in chars:
        gap = c["x0"] - x1 > max(size, c.get("size", 10) or 10) * 0.9
        if c["text"].isspace() or (text and gap):
            if text:
                out.append(Token(text, src, (x0, x1)))
            text = ""
            if c["text"].isspace():
                continue
        if not text:
            x0 = c["x0"]
        text += c["text"]
        x1, size = c["x1"], c.get("size", 10) or 10
    if text:
        out.append(Token(text, src, (x0, x1)))
    return out


def _text_lines(page, boxes: list, number: int, budget: Budget) -> list[tuple[float, Line]]:
    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    found = (page.filter(outside) if boxes else page).extract_text_lines(return_chars=True)
    found = [t for t in found if t["text"].strip() and not PAGE_NUMBER.match(t["text"])]
    if found and _BARE_NUMBER.match(found[-1]["text"]) and found[-1]["top"] > page.height * 0.85:
        found.pop()  # a bare page number in the footer
    left = min((t["x0"] for t in found), default=0)
    right = max((t["x1"] for t in found), default=0)
    out = []
    previous_short = True
    for t in found:
        budget.add_text(t["text"])
        size = max((c.get("size", 10) for c in t.get("chars", [])), default=10) or 10
        src = Source(snippet=t["text"].strip()[:200], page=number)
        line = Line(_placed_tokens(t.get("chars", []), src) or tokens_of(t["text"], src), " ".join(t["text"].split()),
                    src)
        # A paragraph starts after a line that stops short, or with a first-line indent.
        line.starts_new = previous_short or t["x0"] > left + size * 1.2
        previous_short = t["x1"] < right - size * 2
        out.append((t["top"], line))
    return out
