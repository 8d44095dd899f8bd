"""``gikxl report`` as a clerk meets it: default name, refusal while errors remain,
--force, office templates, and outputs that cannot be written."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

import docx
import pytest

from gikxl.__main__ import main
from gikxl.report import clean_filename, default_report_name, write_report
from gikxl.workbook.model import report_from_names

NAME = "青山县人民政府2025年政府信息公开工作年度报告"


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".~gikxl-")]


def test_default_name_next_to_the_workbook(make_workbook, demo, capsys):
    book = make_workbook(demo, "年报.xlsm")
    assert main(["report", str(book)]) == 0
    out = book.parent / f"{NAME}.docx"
    assert out.exists() and str(out) in capsys.readouterr().out
    assert docx.Document(out).paragraphs[0].text.replace("\n", "") == NAME


@pytest.mark.parametrize("suffix", ["html", "md", "docx"])
def test_output_format_from_the_suffix(make_workbook, demo, tmp_path, suffix):
    out = tmp_path / f"报告.{suffix}"
    assert main(["report", str(make_workbook(demo)), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith({"html": b"<!DOCTYPE html>", "md": "# 青山县".encode(), "docx": b"PK"}[suffix])


def test_refuses_while_the_workbook_has_errors(make_workbook, demo, tmp_path, capsys):
    demo["gik_t3"][0][1] = None  # a blank figure in table 3
    book = make_workbook(demo)
    out = tmp_path / "r.docx"
    assert main(["report", str(book), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "个错误，未生成报告" in err and "'三、依申请公开'!" in err and "--force" in err
    assert not out.exists() and not leftovers(tmp_path)


def test_refuses_when_table3_does_not_balance(make_workbook, demo, tmp_path, capsys):
    from gikxl.checks.engine import run_checks
    from gikxl.checks.findings import Severity
    from gikxl.workbook import read_report

    demo["gik_t3"][0][0] += 1  # 本年新收 one more, nothing else changed: 一+二 ≠ 三+四
    book = make_workbook(demo)
    if not any(f.severity == Severity.ERROR for f in run_checks(read_report(book))):
        pytest.skip("the checks engine does not report the T3 balance yet")
    out = tmp_path / "r.docx"
    assert main(["report", str(book), "-o", str(out)]) == 1
    assert "未生成报告" in capsys.readouterr().err and not out.exists()


def test_force_writes_anyway_and_says_so(make_workbook, demo, tmp_path, capsys):
    demo["gik_t3"][0][1] = None
    out = tmp_path / "r.docx"
    assert main(["report", str(make_workbook(demo)), "-o", str(out), "--force"]) == 0
    assert out.exists() and "--force" in capsys.readouterr().err
    assert docx.Document(out).tables[1].cell(3, 4).text == ""  # the blank stays blank


def test_office_template_folder_next_to_the_workbook(make_workbook, demo, tmp_path, capsys):
    book = make_workbook(demo)
    folder = tmp_path / "报告模板"
    folder.mkdir()
    (folder / "section6.j2").write_text("# {{ sections[5] }}\n本单位自定义的第六部分。\n", encoding="utf-8")
    out = tmp_path / "r.md"
    assert main(["report", str(book), "-o", str(out)]) == 0
    assert "本单位自定义的第六部分。" in out.read_text("utf-8")
    assert "使用本单位报告模板" in capsys.readouterr().out


def test_templates_option_and_a_broken_template(make_workbook, demo, tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "section1.j2").write_text("# {{ sections[0] }}\n{{ prose.s1_actve }}\n", encoding="utf-8")
    out = tmp_path / "r.docx"
    assert main(["report", str(make_workbook(demo)), "-o", str(out), "--templates", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "section1.j2" in err and "第 2 行" in err and "s1_actve" in err and "Traceback" not in err
    assert not out.exists() and not leftovers(tmp_path)
    assert main(["report", str(make_workbook(demo)), "-o", str(out), "--templates", str(tmp_path / "无")]) == 2
    assert "找不到报告模板文件夹" in capsys.readouterr().err


def test_unknown_output_format(make_workbook, demo, tmp_path, capsys):
    assert main(["report", str(make_workbook(demo)), "-o", str(tmp_path / "r.pdf")]) == 2
    assert ".docx" in capsys.readouterr().err


def test_unwritable_output_exit_2_and_no_partial_file(make_workbook, demo, tmp_path, capsys):
    target = tmp_path / "占用.docx"
    target.mkdir()  # something that cannot be replaced by a file
    assert main(["report", str(make_workbook(demo)), "-o", str(target)]) == 2
    assert "是一个文件夹" in capsys.readouterr().err
    assert target.is_dir() and not leftovers(tmp_path)


def test_locked_output_keeps_the_previous_report(make_workbook, demo, tmp_path, capsys, monkeypatch):
    out = tmp_path / "r.docx"
    out.write_bytes(b"last week's report")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", locked)
    assert main(["report", str(make_workbook(demo)), "-o", str(out)]) == 2
    assert "正在 Word" in capsys.readouterr().err
    assert out.read_bytes() == b"last week's report" and not leftovers(tmp_path)


def test_missing_output_folder(make_workbook, demo, tmp_path, capsys):
    assert main(["report", str(make_workbook(demo)), "-o", str(tmp_path / "无此文件夹" / "r.docx")]) == 2
    assert "不存在" in capsys.readouterr().err


# API ---------------------------------------------------------------------------

def test_default_report_name_is_cleaned(demo):
    demo["gik_org"] = 'A/B:C*镇?"人民"<政府>|\t'
    assert default_report_name(report_from_names(demo), "docx") == "ABC镇人民政府2025年政府信息公开工作年度报告.docx"
    assert clean_filename(" .. ") == "政府信息公开工作年度报告"
    demo["gik_org"] = "???"  # nothing usable left: the title alone, not the title twice
    assert default_report_name(report_from_names(demo), "html") == "2025年政府信息公开工作年度报告.html"


def test_write_report_is_atomic_and_returns_the_path(demo, tmp_path):
    path = write_report(report_from_names(demo), tmp_path / "x.docx")
    assert path == tmp_path / "x.docx"
    assert len(docx.Document(io.BytesIO(path.read_bytes())).tables) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.docx"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_reports_get_ordinary_permissions_from_the_umask(demo, tmp_path, umask, mode):
    """Not the 0600 of the temporary file they are written through."""
    old = os.umask(umask)
    try:
        path = write_report(report_from_names(demo), tmp_path / "r.html")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_replaced_report_keeps_its_permissions(demo, tmp_path):
    path = tmp_path / "r.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o664)
    write_report(report_from_names(demo), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o664 and path.read_text("utf-8") != "old"


def test_unwritable_folder_exit_2_and_nothing_written(make_workbook, demo, tmp_path, capsys, monkeypatch):
    import tempfile

    book = make_workbook(demo)
    folder = tmp_path / "只读"
    folder.mkdir()

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    assert main(["report", str(book), "-o", str(folder / "r.docx")]) == 2
    err = capsys.readouterr().err
    assert "没有写入权限" in err and "只读" in err and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_a_failed_write_leaves_no_partial_file(demo, tmp_path, disk_full):
    """The disk fills up half-way: the previous report stays, no temporary file remains."""
    from gikxl.errors import OutputError

    out = tmp_path / "r.docx"
    out.write_bytes(b"previous")
    disk_full(errno.ENOSPC)
    with pytest.raises(OutputError, match="无法写入"):
        write_report(report_from_names(demo), out)
    assert out.read_bytes() == b"previous" and not leftovers(tmp_path)


def test_output_folder_gets_the_default_name(make_workbook, demo, tmp_path):
    book = make_workbook(demo)
    folder = tmp_path / "发布"
    folder.mkdir()
    assert main(["report", str(book), "-o", str(folder)]) == 0
    assert [p.name for p in folder.iterdir()] == [f"{NAME}.docx"]


def test_default_report_name_stays_within_file_system_limits(demo):
    demo["gik_org"] = "某" * 200
    name = default_report_name(report_from_names(demo), "docx")
    assert len(name.encode("utf-8")) <= 255 and name.endswith("2025年政府信息公开工作年度报告.docx")


def test_demo_writes_the_report_in_all_three_formats(tmp_path, capsys):
    folder = tmp_path / "演示"
    assert main(["demo", "-o", str(folder)]) == 0
    out = capsys.readouterr().out
    for suffix in ("docx", "html", "md"):
        path = folder / f"{NAME}.{suffix}"
        assert path.stat().st_size > 1000 and str(path.resolve()) in out
    assert docx.Document(folder / f"{NAME}.docx").tables[1].cell(3, 9).text == "47"
    assert not leftovers(folder)
