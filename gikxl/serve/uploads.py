"""A multipart form streamed into the request's own folder, within :mod:`gikxl.serve.limits`.

Starlette's own form parser spools uploads into the system's temporary folder
and bounds only the size of plain fields; here every file goes straight into the
folder of the request that brought it, and every part, field and byte is
counted as it arrives, so a body beyond the bounds is refused before it is
received whole. The parsing itself is python-multipart's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from gikxl.report.filenames import clean_filename
from gikxl.serve.limits import FIELD_BYTES, MAX_PARTS, Refused, TooLarge, body_bytes, file_bytes, too_large_file

__all__ = ["Form", "Upload", "read_form", "stored_name"]

#: Characters of a stored file name at most (its suffix kept): a name is for messages, not a document.
_NAME_CHARS = 100


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the form field it came in, its name as the clerk knows it, where it lies now."""

    field: str
    name: str
    path: Path


@dataclass
class Form:
    files: list[Upload] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def file(self, name: str) -> Upload | None:
        return next((f for f in self.files if f.field == name), None)

    def all(self, name: str) -> list[Upload]:
        return [f for f in self.files if f.field == name]


def stored_name(sent: str) -> str:
    """A sent file name as stored: its last part only (no folder, no ``..``), nothing a file system rejects."""
    base = sent.replace("\\", "/").rsplit("/", 1)[-1]
    name = clean_filename(base) if base.strip(". ") else ""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if len(stem) > _NAME_CHARS:
        stem = stem[:_NAME_CHARS]
    if not stem or stem == clean_filename(""):
        stem = "上传的文件"
    return f"{stem}.{suffix[:10]}" if suffix else stem


class _Parts:
    """python-multipart's callbacks: each part into a file or a field, counted."""

    def __init__(self, folder: Path, max_files: int) -> None:
        self.folder = folder
        self.max_files = max_files
        self.form = Form()
        self.parts = 0
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._file: IO[bytes] | None = None
        self._upload: Upload | None = None
        self._limit = 0
        self._size = 0
        self._value = bytearray()

    # Headers --------------------------------------------------------------

    def on_part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise TooLarge(f"表单的项目过多（超过 {MAX_PARTS} 项），未予处理。")
        self._headers = {}
        self._size = 0
        self._value = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field = self._header_value = b""

    def on_headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        sent = options.get(b"filename")
        if sent is None:
            self._file = None
            return
        if len(self.form.files) >= self.max_files:
            raise TooLarge(f"一次最多上传 {self.max_files} 个文件。")
        shown = stored_name(sent.decode("utf-8", "replace"))
        path = self.folder / str(len(self.form.files)) / shown
        path.parent.mkdir()
        self._upload = Upload(self._name, shown, path)
        self._limit = file_bytes(shown)
        self._file = path.open("xb")

    # Data -----------------------------------------------------------------

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self._size += end - start
        if self._file is not None:
            if self._size > self._limit:
                raise too_large_file(self._upload.name if self._upload else "", self._limit)
            self._file.write(data[start:end])
        else:
            if self._size > FIELD_BYTES:
                raise TooLarge(f"表单项“{self._name[:40]}”过长，未予处理。")
            self._value += data[start:end]

    def on_part_end(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            if self._upload is not None:
                self.form.files.append(self._upload)
                self._upload = None
        else:
            self.form.fields[self._name] = self._value.decode("utf-8", "replace").strip()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


async def read_form(request: Any, folder: Path, max_files: int) -> Form:
    """The form of ``request`` (a Starlette ``Request``) with its files stored under ``folder``.

    Raises :class:`Refused` for a body that is no form, :class:`TooLarge` (413)
    for one beyond the bounds: said by ``Content-Length`` before a byte is read,
    or found while streaming.
    """
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise Refused("请以表单（multipart/form-data）方式上传文件。", 415)
    limit = body_bytes(max_files)
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise TooLarge(f"上传的内容过大（超过 {limit // 1024 // 1024} MB），未予处理。")
    parts = _Parts(folder, max_files)
    callbacks: Any = {name: getattr(parts, name) for name in (
        "on_part_begin", "on_header_field", "on_header_value", "on_header_end", "on_headers_finished",
        "on_part_data", "on_part_end")}
    parser = MultipartParser(boundary, callbacks)
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise TooLarge(f"上传的内容过大（超过 {limit // 1024 // 1024} MB），未予处理。")
            parser.write(chunk)
        parser.finalize()
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - python-multipart on a malformed body: the clerk needs words, not a trace
        raise Refused("上传的表单格式有误，未能读取。请重新选择文件后再试。") from None
    finally:
        parts.close()
    return parts.form
