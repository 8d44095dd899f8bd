"""What one request may bring: the readers' own bounds, applied before anything is read.

Nothing here sets a bound of its own where a reader has one: a workbook may be
as large as :mod:`gikxl.workbook.xlsx` reads, a published report as large as
:mod:`gikxl.published.document` reads, a zip may unpack as far as a workbook
package may, and an audit may hold as many files as ``gikxl audit`` takes from a
folder. A request beyond them is refused with 413 (:class:`TooLarge`) before a
reader spends time on it; the bounds a reader can only tell while reading (pages,
table cells, characters) come back from it, and :func:`is_bound` tells those apart
from a damaged file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from gikxl.audit.discover import MAX_FILES
from gikxl.published import PUBLISHED_SUFFIXES, WORKBOOK_SUFFIXES
from gikxl.published import document as published
from gikxl.workbook import xlsx

__all__ = ["FIELD_BYTES", "MAX_PARTS", "Refused", "TooLarge", "body_bytes", "check_package", "file_bytes", "is_bound"]

#: Bytes a report file may have, by kind; a file of unknown kind is held to the larger.
WORKBOOK_BYTES = xlsx.MAX_FILE_BYTES
PUBLISHED_BYTES = published.MAX_BYTES
#: What all the files of one audit may unpack to: what one workbook package may unpack to.
AUDIT_BYTES = xlsx.MAX_TOTAL_BYTES
#: A form field that is not a file (``format``, ``force``): a word, never a document.
FIELD_BYTES = 1024
#: Parts of one form: as many files as an audit of a folder takes, and a few fields.
MAX_PARTS = MAX_FILES + 8
#: Headers and boundaries around each part of a form.
PART_OVERHEAD = 4096


class Refused(Exception):
    """A request the service will not carry out: an HTTP status and a Chinese message."""

    status = 400

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class TooLarge(Refused):
    """Beyond the bounds the readers keep (413)."""

    status = 413


def file_bytes(filename: str) -> int:
    """The most bytes an uploaded file of this name may have."""
    suffix = Path(filename).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return WORKBOOK_BYTES
    return PUBLISHED_BYTES if suffix in PUBLISHED_SUFFIXES else max(WORKBOOK_BYTES, PUBLISHED_BYTES)


def body_bytes(files: int) -> int:
    """The most bytes a form of ``files`` report files may have (``Content-Length`` is refused beyond)."""
    return files * (max(WORKBOOK_BYTES, PUBLISHED_BYTES) + PART_OVERHEAD) + 8 * (FIELD_BYTES + PART_OVERHEAD)


def too_large_file(name: str, limit: int) -> TooLarge:
    return TooLarge(f"文件“{name}”超过 {limit // 1024 // 1024} MB，不像一份年度报告，未予处理。")


def check_package(path: Path, name: str) -> None:
    """Refuse (413) a workbook or Word file whose zip would unpack beyond what its reader reads.

    The same measures the readers take when they open the package, so a zip bomb
    is turned away before it reaches a reader, with a status that says why.
    """
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES and suffix != ".docx":
        return
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: the reader says so in its own words
    if suffix == ".docx":
        total, ratio, members, part = published.MAX_UNZIPPED, published.MAX_RATIO, None, None
    else:
        total, ratio, members, part = xlsx.MAX_TOTAL_BYTES, xlsx.MAX_RATIO, xlsx.MAX_MEMBERS, xlsx.MAX_PART_BYTES
    if ((members is not None and len(infos) > members) or sum(i.file_size for i in infos) > total
            or any((part is not None and i.file_size > part) or i.file_size > ratio * max(i.compress_size, 1024)
                   for i in infos)):
        raise TooLarge(f"文件“{name}”解压后过大（压缩比或体积超出年报文件的正常范围），为安全起见未予读取。")


#: What a reader says when a file is beyond a bound it can only tell while reading, made from its own constants.
#: (A file's size never gets that far: the upload is held to the same bound.)
_BOUND_WORDS = (
    f"上限 {published.MAX_PAGES} 页", f"超过 {published.MAX_CHARS} 个字符", f"超过 {published.MAX_TABLES} 个",
    f"超过 {published.MAX_CELLS} 个", f"超过 {published.MAX_SECONDS:.0f} 秒",
)


def is_bound(message: str) -> bool:
    """Whether a reader's refusal is about a bound (pages, tables, cells, characters, time), not a damaged file."""
    return any(words in message for words in _BOUND_WORDS)
