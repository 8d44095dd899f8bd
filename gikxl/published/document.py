"""A published report as the readers hand it on: lines of tokens, each token knowing where it came from.

Every reader (text, Word, web page, PDF) flattens its file into one
:class:`Document`: paragraphs become one :class:`Line` each, and every row of
a table becomes one line whose tokens come from its cells. The mapping stage
then never asks what kind of file it reads, and every value it takes carries a
:class:`Source` a person can find in the original in one step.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from gikxl.errors import UnusablePublished
from gikxl.text import simplified

#: Bounds on what one file may make the readers do; a real report is far inside each.
MAX_BYTES = 30 * 1024 * 1024
MAX_CHARS = 2_000_000
MAX_PAGES = 300
MAX_TABLES = 300
MAX_CELLS = 50_000
MAX_SECONDS = 60.0
#: Uncompressed bytes a .docx may unpack to, and how much one member may grow.
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200


@dataclass(frozen=True)
class Source:
    """Where a value was read: a table cell (page, table, row, column) or a line of text, and what it said."""

    snippet: str
    line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @property
    def place(self) -> str:
        """The place in Chinese, e.g. ``第2页 表3 第5行第4列`` or ``第12行``."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"表格{self.table}")
            if self.row is not None:
                parts.append(f"第{self.row}行第{self.col}列")
        elif self.line is not None:
            parts.append(f"第{self.line}行")
        return " ".join(parts) or "全文"


@dataclass(frozen=True)
class Token:
    """One word-like piece of a line: a cell's text or a whitespace-separated part of it."""

    text: str
    source: Source
    span: tuple[float, float] | None = None
    """Where a PDF's text token stands across the page (x0, x1): the column it belongs to."""


@dataclass
class Line:
    """A paragraph, or a row of a table (``in_table``)."""

    tokens: list[Token]
    text: str
    """The whole paragraph or row as written (cells joined by tabs)."""
    source: Source
    in_table: bool = False
    #: Set by the PDF reader: where the line starts and ends, to join lines into paragraphs.
    starts_new: bool = True
    cells: list[tuple[str, Source]] | None = None
    """A table row's cells in order, blank ones too: a figure is then placed by its cell, not
    by how many words stand before it (``None`` for a paragraph)."""


@dataclass
class Document:
    """Every line of one file, in reading order."""

    lines: list[Line] = field(default_factory=list)
    kind: str = ""

    @property
    def chars(self) -> int:
        return sum(len(line.text) for line in self.lines)


#: A page number as printed in a footer and carried into copied text: ``- 2 -``, ``第2页``, ``2/10``.
PAGE_NUMBER = re.compile(
    r"^[\s\-—–－]*(第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|[-—–－]\s*\d{1,4}\s*[-—–－])[\s\-—–－]*$")
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def squeeze(text: str) -> str:
    """``text`` with runs of white space (nbsp, ideographic space) as one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


def tokens_of(text: str, source: Source) -> list[Token]:
    """The white-space separated pieces of ``text``, all from ``source``."""
    return [Token(t, source) for t in _SPACE.split(text) if t]


def line_of(text: str, source: Source, in_table: bool = False) -> Line:
    return Line(tokens_of(text, source), squeeze(text), source, in_table)


def row_of(cells: list[tuple[str, Source]], source: Source) -> Line:
    """A table row as one line: its cells' tokens in order."""
    tokens = [t for text, src in cells for t in tokens_of(text, src)]
    return Line(tokens, "\t".join(squeeze(text) for text, _ in cells), source, in_table=True, cells=cells)


def fold(text: str) -> str:
    """Text compared as a reader sees it: full-width forms folded (NFKC), traditional characters
    simplified, no white space."""
    return _SPACE.sub("", simplified(unicodedata.normalize("NFKC", text)))


class Budget:
    """The time and size a reader may still spend; raises a clear error past either."""

    def __init__(self, name: str, seconds: float = MAX_SECONDS) -> None:
        self.name = name
        self.deadline = time.monotonic() + seconds
        self.chars = 0
        self.tables = 0
        self.cells = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise UnusablePublished(f"读取“{self.name}”超时（超过 {MAX_SECONDS:.0f} 秒），文件可能过大或已损坏。")

    def add_text(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            raise UnusablePublished(f"“{self.name}”文字过多（超过 {MAX_CHARS} 个字符），不像一份年度报告。")

    def add_table(self, cells: int) -> None:
        self.tables += 1
        self.cells += cells
        if self.tables > MAX_TABLES:
            raise UnusablePublished(f"“{self.name}”中的表格过多（超过 {MAX_TABLES} 个），不像一份年度报告。")
        if self.cells > MAX_CELLS:
            raise UnusablePublished(f"“{self.name}”中的表格单元格过多（超过 {MAX_CELLS} 个），不像一份年度报告。")
        self.tick()


def check_size(path, name: str) -> int:
    """The file's size in bytes; refuses a file too big to be a report before reading any of it."""
    try:
        if not path.is_file():
            raise UnusablePublished(f"找不到文件“{name}”（或它是一个文件夹）。" if not path.exists() or path.is_dir()
                                    else f"“{name}”不是普通文件。")
        size = path.stat().st_size
        with path.open("rb"):
            pass  # readable: a locked or forbidden file is refused here, in words, not by a reader's traceback
    except OSError:
        raise UnusablePublished(f"无法打开“{name}”：没有读取权限或文件正被占用。") from None
    if size > MAX_BYTES:
        raise UnusablePublished(
            f"“{name}”过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_BYTES // 1024 // 1024} MB），不像一份年度报告。")
    if size == 0:
        raise UnusablePublished(f"“{name}”是空文件。")
    return size
