"""Unusable input files, as a clerk or a subordinate unit might send them.

``UNUSABLE[case] = (make, words)``: ``make(tmp_path, make_workbook)`` writes the
file and returns its path; ``words`` must appear in the Chinese message.
Shared by the reader tests and the command-line tests.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from gikxl import spec
from gikxl.template.vba.cfb import build_compound_file


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _encrypted(tmp_path: Path, make_workbook) -> Path:
    # A password-protected .xlsx is an OLE compound file holding these two
    # streams ([MS-OFFCRYPTO] 2.3.4), not a zip.
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"<encryption/>"
    package = (4096).to_bytes(8, "little") + bytes(range(256)) * 16
    data = build_compound_file({"EncryptionInfo": info, "EncryptedPackage": package})
    return _file(tmp_path, "locked.xlsx", data)


def _not_gikxl(tmp_path: Path, make_workbook) -> Path:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    return path


def _edited(tmp_path: Path, make_workbook, name: str, change) -> Path:
    wb = openpyxl.load_workbook(make_workbook())
    change(wb)
    wb.save(tmp_path / name)
    return tmp_path / name


def _without_name(tmp_path: Path, make_workbook) -> Path:
    return _edited(tmp_path, make_workbook, "noname.xlsx", lambda wb: wb.defined_names.pop("gik_t4"))


def _without_sheet(tmp_path: Path, make_workbook) -> Path:
    return _edited(tmp_path, make_workbook, "nosheet.xlsx", lambda wb: wb.remove(wb[spec.TABLE4.sheet]))


def _other_version(tmp_path: Path, make_workbook) -> Path:
    def change(wb):
        wb.defined_names[spec.TEMPLATE_NAME].attr_text = '"gikxl-2019.1"'

    return _edited(tmp_path, make_workbook, "old.xlsx", change)


def _rewritten(src: Path, dst: Path, change) -> Path:
    """A copy of the package ``src`` with ``change(name, data) -> data | None`` applied to each part."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item))
            if data is not None:
                zout.writestr(item, data)
    return dst


def _zip_bomb(tmp_path: Path, make_workbook) -> Path:
    path = _rewritten(make_workbook(), tmp_path / "bomb.xlsx", lambda name, data: data)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/zeros.bin", b"\0" * (20 * 1024 * 1024))
    return path


def _strict(tmp_path: Path, make_workbook) -> Path:
    # Excel's "Strict Open XML" save format: same parts, other namespaces.
    def change(name: str, data: bytes) -> bytes:
        return data.replace(
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        )

    return _rewritten(make_workbook(), tmp_path / "strict.xlsx", change)


def _truncated(tmp_path: Path, make_workbook) -> Path:
    data = make_workbook().read_bytes()
    return _file(tmp_path, "cut.xlsm", data[: len(data) // 2])


def _word_file(tmp_path: Path, make_workbook) -> Path:
    # A zip package that is not a workbook (a .docx renamed, say).
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return path


def _folder(tmp_path: Path, make_workbook) -> Path:
    path = tmp_path / "年报.xlsm"
    path.mkdir()
    return path


UNUSABLE = {
    "empty": (lambda tmp, mk: _file(tmp, "empty.xlsx", b""), "空文件"),
    "text": (lambda tmp, mk: _file(tmp, "notes.xlsx", "年报".encode()), "不是 Excel 工作簿"),
    "encrypted": (_encrypted, "已加密"),
    "missing": (lambda tmp, mk: tmp / "nowhere.xlsx", "找不到文件"),
    "folder": (_folder, "是文件夹"),
    "truncated": (_truncated, "已损坏"),
    "word_file": (_word_file, "不是 Excel 工作簿"),
    "strict": (_strict, "Strict Open XML"),
    "not_gikxl": (_not_gikxl, "不是用 gikxl 年报模板"),
    "no_name": (_without_name, "gik_t4"),
    "no_sheet": (_without_sheet, spec.TABLE4.sheet),
    "version": (_other_version, "gikxl-2019.1"),
    "zip_bomb": (_zip_bomb, "为安全起见"),
}
