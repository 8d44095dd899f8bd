"""Word files (.docx): paragraphs and tables in body order, each merged cell once.

A table of one column is a frame round text, not a table: its paragraphs are read as text.

The zip is measured before python-docx opens it: a member that unpacks to far
more than it takes (a zip bomb) or a package too big in all is refused.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from gikxl.errors import UnusablePublished
from gikxl.published.document import (
    MAX_RATIO,
    MAX_UNZIPPED,
    Budget,
    Document,
    Line,
    Source,
    check_size,
    line_of,
    row_of,
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_zip(path: Path, name: str) -> None:
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE:
        raise UnusablePublished(f"“{name}”已加密（设置了打开密码）或是旧版 .doc 文件，无法读取。"
                                "请在 Word 中取消密码或另存为 .docx 后再试。")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise UnusablePublished(f"“{name}”不是有效的 Word 文档（.docx），文件可能已损坏。") from None
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNZIPPED or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            raise UnusablePublished(f"“{name}”解压后异常巨大（疑似压缩炸弹），已拒绝读取。")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise UnusablePublished(f"“{name}”不是有效的 Word 文档（.docx），缺少正文部分。")


def read_docx(path: Path, name: str | None = None) -> Document:
    """The file's paragraphs and tables; ``name`` is how messages call it (the clerk's file's name
    where ``path`` is a copy converted from it)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    name = name or path.name
    check_size(path, name)
    _check_zip(path, name)
    try:
        document = docx.Document(str(path))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a damaged package
        raise UnusablePublished(f"“{name}”无法作为 Word 文档打开，文件可能已损坏。") from None
    budget = Budget(name)
    doc = Document(kind="docx")
    body = document.element.body
    paragraph_no = table_no = 0
    for child in body.iterchildren():
        budget.tick()
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph_no += 1
            text = Paragraph(child, document).text
            budget.add_text(text)
            if text.strip():
                doc.lines.append(line_of(text, Source(snippet=text.strip()[:200], line=paragraph_no)))
        elif tag == "tbl":
            table_no += 1
            table = Table(child, document)
            rows = list(table.rows)
            budget.add_table(sum(len(r._tr.tc_lst) for r in rows))
            if all(len(r._tr.tc_lst) == 1 for r in rows):
                doc.lines += _framed(rows, table_no, budget)
                continue
            seen: set = set()  # the cells' elements, kept alive so that identity means the same cell
            for i, row in enumerate(rows, 1):
                cells = []
                for j, cell in enumerate(row.cells, 1):
                    if cell._tc in seen:
                        continue  # a merged cell: python-docx repeats it for every grid cell it spans
                    seen.add(cell._tc)
                    text = cell.text
                    budget.add_text(text)
                    cells.append((text, Source(snippet=text.strip()[:200], table=table_no, row=i, col=j)))
                doc.lines.append(row_of(cells, Source(snippet="\t".join(c for c, _ in cells)[:200],
                                                      table=table_no, row=i)))
    return doc


def _framed(rows: list, table_no: int, budget: Budget) -> list[Line]:
    """A table of one column is a frame drawn round text (a box round the report's body, a
    bordered note): each of its paragraphs is a line of text, found by its table and row."""
    lines = []
    for i, row in enumerate(rows, 1):
        for paragraph in row.cells[0].paragraphs:
            budget.tick()
            text = paragraph.text
            budget.add_text(text)
            if text.strip():
                lines.append(line_of(text, Source(snippet=text.strip()[:200], table=table_no, row=i, col=1)))
    return lines
