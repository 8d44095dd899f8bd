"""Old Word (.doc) and WPS (.wps) files: converted by LibreOffice where it is installed, refused
plainly in Chinese where it is not, and never a crash in ``gikxl audit``.

The .doc is made at test time by LibreOffice from a committed .docx of the corpus (Word
97–2003 binary, as sites attach it); the .wps is that file as WPS Office names it (the same
binary kind). Nothing converted is committed.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from gikxl.__main__ import main
from gikxl.audit.run import run_audit
from gikxl.errors import UnusablePublished
from gikxl.published import PUBLISHED_SUFFIXES, import_report
from lo import convert, needs_soffice

DOCX = Path(__file__).resolve().parent / "data" / "published" / "2024-市场监管局-word.docx"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(scope="module")
def old_word(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("doc")
    return convert(DOCX, "doc", folder)


def _same_as_the_docx(path: Path) -> None:
    want, got = import_report(DOCX), import_report(path)
    assert got.report.to_dict()["tables"] == want.report.to_dict()["tables"]
    assert got.report.fields == want.report.fields
    assert not got.missing
    assert got.report.source == path.name


def test_old_kinds_are_published_kinds():
    assert {".doc", ".wps"} <= PUBLISHED_SUFFIXES


@needs_soffice
def test_a_doc_is_read_as_its_docx(old_word):
    assert old_word.read_bytes()[:8] == OLE  # really the old binary kind, not a zip
    _same_as_the_docx(old_word)


@needs_soffice
def test_a_wps_is_read_as_its_docx(old_word, tmp_path):
    wps = tmp_path / "2024-市场监管局-WPS版.wps"
    shutil.copyfile(old_word, wps)
    _same_as_the_docx(wps)


@needs_soffice
def test_the_conversion_leaves_nothing_running_and_nothing_behind(old_word, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # take TMPDIR anew
    import_report(old_word)
    assert list(tmp_path.iterdir()) == []  # the profile, the copy and the .docx are gone
    running = [p for p in os.listdir("/proc") if p.isdigit() and _cmdline(p).find(str(tmp_path)) >= 0]
    assert running == []


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_random_bytes_named_doc_are_refused_in_chinese(tmp_path, capsys):
    fake = tmp_path / "年报.doc"
    fake.write_bytes(random.Random(7).randbytes(40_000))
    with pytest.raises(UnusablePublished, match="不是 Word 或 WPS 文档") as caught:
        import_report(fake)
    assert ".docx" in caught.value.message
    assert main(["import", str(fake)]) == 2
    err = capsys.readouterr().err
    assert "年报.doc" in err and "Traceback" not in err


@needs_soffice
def test_a_damaged_old_word_file_is_refused_by_name(tmp_path, capsys):
    """LibreOffice either fails on it or makes text of its bytes; either way it is no report."""
    broken = tmp_path / "损坏.doc"
    broken.write_bytes(OLE + random.Random(3).randbytes(20_000))
    with pytest.raises(UnusablePublished, match=r"“损坏\.doc”(不像一份政府信息公开工作年度报告|.*无法转换)"):
        import_report(broken)


def test_a_docx_given_the_old_name_is_read_as_it_is(tmp_path, monkeypatch):
    renamed = tmp_path / "改名.doc"
    shutil.copyfile(DOCX, renamed)
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice needed for it
    _same_as_the_docx(renamed)


def test_without_libreoffice_the_clerk_is_told_to_save_as_docx_or_pdf(tmp_path, monkeypatch, capsys):
    old = tmp_path / "年报.wps"
    old.write_bytes(OLE + bytes(4096))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(UnusablePublished) as caught:
        import_report(old)
    message = caught.value.message
    assert "未安装 LibreOffice" in message and ".docx" in message and "PDF" in message
    assert main(["import", str(old)]) == 2
    assert "未安装 LibreOffice" in capsys.readouterr().err


def test_the_audit_lists_an_unconvertible_file_as_unreadable_with_its_reason(tmp_path, monkeypatch):
    units = tmp_path / "units"
    units.mkdir()
    (units / "乡镇甲.doc").write_bytes(random.Random(1).randbytes(5000))
    (units / "乡镇乙.wps").write_bytes(OLE + bytes(4096))
    shutil.copyfile(DOCX, units / "市场监管局.docx")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    audit, _ = run_audit(units, tmp_path / "out", jobs=1)
    rows = {r.file: r for r in audit.rows}
    assert rows["乡镇甲.doc"].status == "无法读取" and "不是 Word 或 WPS 文档" in rows["乡镇甲.doc"].problem
    assert rows["乡镇乙.wps"].status == "无法读取" and "未安装 LibreOffice" in rows["乡镇乙.wps"].problem
    assert rows["市场监管局.docx"].status != "无法读取"


@needs_soffice
def test_the_audit_reads_a_doc(old_word, tmp_path):
    units = tmp_path / "units"
    units.mkdir()
    shutil.copyfile(old_word, units / old_word.name)
    audit, _ = run_audit(units, tmp_path / "out", jobs=1)
    (row,) = audit.rows
    assert row.status != "无法读取", row.problem
    assert row.org == import_report(DOCX).report.org
