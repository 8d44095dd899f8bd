"""Old Word and WPS files (.doc, .wps), converted to .docx by LibreOffice and read as Word.

Sites still attach reports as Word 97–2003 ``.doc`` files and as WPS ``.wps``
files (the same binary kind). Where LibreOffice (``soffice``) is installed it
converts the file headless, in a temporary folder, with a profile of its own
(so neither a clerk's running LibreOffice nor another conversion meets it) in
which macros are switched off; the conversion is bounded in time and its
whole process group is ended afterwards. Where it is not installed the clerk
is told plainly to save the file as .docx or .pdf.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from gikxl.errors import UnusablePublished
from gikxl.published.document import MAX_SECONDS, Document, check_size

#: An OLE compound file (Word 97–2003, WPS); a .docx is a zip; some sites serve RTF as .doc.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_RTF = b"{\\rtf"
#: Seconds one conversion may take (LibreOffice starting cold with a new profile takes a few): well
#: inside the audit's limit per file, so the conversion is ended here, never orphaned by a killed worker.
CONVERT_SECONDS = MAX_SECONDS * 2 / 3
#: The new profile's settings: no macro runs, whatever the file asks.
_NO_MACROS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """LibreOffice's command, where it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_old_word(path: Path) -> Document:
    name = path.name
    check_size(path, name)
    with path.open("rb") as fh:
        head = fh.read(8)
    from gikxl.published.word import read_docx

    if head.startswith(_ZIP):
        return read_docx(path, name)  # a .docx given an old name: read as it is
    if not (head == _OLE or head.startswith(_RTF)):
        raise UnusablePublished(f"“{name}”的内容不是 Word 或 WPS 文档（文件可能已损坏，或只是改了扩展名），无法读取。"
                                "请提供 .docx 或 .pdf 版本。")
    exe = soffice()
    if exe is None:
        raise UnusablePublished(f"“{name}”是旧版 Word/WPS 文件（{path.suffix.lower()}），本机未安装 LibreOffice，"
                                "无法转换读取。请在 Word 或 WPS 中将它另存为 .docx（或导出为 PDF）后再导入。")
    with tempfile.TemporaryDirectory(prefix="gikxl-word-") as tmp:
        folder = Path(tmp)
        source = folder / ("report" + path.suffix.lower())
        shutil.copyfile(path, source)  # a plain name: LibreOffice never sees the clerk's path
        converted = _convert(exe, source, folder, name)
        doc = read_docx(converted, name)
    doc.kind = path.suffix.lower().lstrip(".")
    return doc


def _convert(exe: str, source: Path, folder: Path, name: str) -> Path:
    """``source`` converted to .docx in ``folder``, or a clear refusal."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_NO_MACROS, encoding="utf-8")
    out = folder / "out"
    command = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(out), str(source)]
    env = {**os.environ, "HOME": str(folder)}
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=folder, env=env, start_new_session=True)
    try:
        proc.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        raise UnusablePublished(f"用 LibreOffice 转换“{name}”超时（超过 {CONVERT_SECONDS:.0f} 秒），"
                                "文件可能过大或已损坏。请另存为 .docx 或 .pdf 后再试。") from None
    finally:
        _end_group(proc)
    converted = out / (source.stem + ".docx")
    if proc.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        raise UnusablePublished(f"LibreOffice 无法转换“{name}”，文件可能已损坏或设置了打开密码。"
                                "请在 Word 或 WPS 中另存为 .docx 或 .pdf 后再试。")
    return converted


def _end_group(proc: subprocess.Popen) -> None:
    """End what the conversion started (soffice starts soffice.bin in its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # every process of the group has ended already
    proc.wait()
