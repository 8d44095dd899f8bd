"""A zip of unit reports, unpacked into one folder and never beyond it.

The bounds are those of a workbook package (:mod:`gikxl.serve.limits`); a member
whose name climbs out of the folder (``../``, an absolute path, a drive), a link,
or a file beyond its reader's size refuses the whole zip: a collecting office
gets told, not a partial audit. Names written by Chinese Windows without the
zip's UTF-8 flag are read as GBK, as the clerk saw them.
"""

from __future__ import annotations

import posixpath
import stat
import zipfile
from pathlib import Path

from gikxl.audit.discover import MAX_FILES, UNIT_SUFFIXES
from gikxl.serve.limits import AUDIT_BYTES, Refused, TooLarge, file_bytes, too_large_file
from gikxl.serve.uploads import stored_name
from gikxl.workbook.xlsx import MAX_RATIO

__all__ = ["unpack"]

_UTF8_FLAG = 0x800
_CHUNK = 1024 * 1024


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as the packer's system showed it."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _parts(name: str, zip_name: str) -> list[str]:
    """The folders and file of a member name, refusing any that would leave the folder."""
    text = name.replace("\\", "/")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if text.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
        raise Refused(f"压缩包“{zip_name}”中的文件名“{name[:80]}”指向压缩包以外的位置，为安全起见未予解压。")
    return parts


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def unpack(archive: Path, zip_name: str, folder: Path) -> int:
    """Unpack the unit reports of ``archive`` under ``folder``; the number of files written."""
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(f"“{zip_name}”不是 zip 压缩包，或已损坏。") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        for info in infos:
            parts = _parts(member_name(info), zip_name)
            if _is_link(info):
                raise Refused(f"压缩包“{zip_name}”中的“{member_name(info)[:80]}”是链接，为安全起见未予解压。")
            if not parts:
                raise Refused(f"压缩包“{zip_name}”中有无名文件，为安全起见未予解压。")
        wanted = [i for i in infos if posixpath.splitext(member_name(i))[1].lower() in UNIT_SUFFIXES]
        if len(wanted) > MAX_FILES:
            raise TooLarge(f"压缩包“{zip_name}”中的报告文件超过 {MAX_FILES} 个，未予处理。")
        if sum(i.file_size for i in wanted) > AUDIT_BYTES or any(
                i.file_size > MAX_RATIO * max(i.compress_size, 1024) for i in wanted):
            raise TooLarge(f"压缩包“{zip_name}”解压后过大（压缩比或体积超出正常范围），为安全起见未予解压。")
        for info in wanted:
            _extract(zf, info, folder, zip_name)
    return len(wanted)


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path, zip_name: str) -> None:
    """One member, its size counted as it is written (the header's sizes may lie)."""
    parts = _parts(member_name(info), zip_name)
    target = folder.joinpath(*(stored_name(p) for p in parts))
    if not target.resolve().is_relative_to(folder.resolve()):
        raise Refused(
            f"压缩包“{zip_name}”中的文件名“{member_name(info)[:80]}”指向压缩包以外的位置，为安全起见未予解压。")
    limit = file_bytes(target.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with zf.open(info) as src, target.open("xb") as out:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > limit:
                    raise too_large_file(target.name, limit)
                out.write(chunk)
    except FileExistsError:
        raise Refused(f"压缩包“{zip_name}”中有同名文件“{member_name(info)[:80]}”，请改名后重新打包。") from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise Refused(f"压缩包“{zip_name}”中的“{member_name(info)[:80]}”已损坏或已加密，无法解压。") from None
