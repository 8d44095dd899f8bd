"""The command line as a clerk meets it: new, demo, and unusable input for every command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bad_files import UNUSABLE
from gikxl.__main__ import main
from gikxl.workbook import read_report


def test_new_fills_the_basic_facts(tmp_path, capsys):
    out = tmp_path / "镇.xlsm"
    assert main(["new", "-o", str(out), "--org", "白马镇人民政府", "--year", "2025", "--level", "乡镇（街道）"]) == 0
    report = read_report(out)
    assert (report.org, report.year, report.level) == ("白马镇人民政府", 2025, "乡镇（街道）")
    assert report.value("t3", "new", "natural") is None  # figures stay blank for the clerk
    assert "已生成" in capsys.readouterr().out


def test_new_never_overwrites_without_force(tmp_path, capsys):
    out = tmp_path / "a.xlsm"
    out.write_bytes(b"clerk's work")
    assert main(["new", "-o", str(out)]) == 2
    assert out.read_bytes() == b"clerk's work"
    assert "已存在" in capsys.readouterr().err
    assert main(["new", "-o", str(out), "--force"]) == 0
    assert read_report(out).org is None


def test_new_onto_a_folder_says_it_is_a_folder(tmp_path, capsys):
    folder = tmp_path / "年报.xlsm"
    folder.mkdir()
    assert main(["new", "-o", str(folder), "--force"]) == 2
    assert "是一个文件夹" in capsys.readouterr().err
    assert folder.is_dir() and not any(tmp_path.glob(".~gikxl-*"))


def test_new_wants_xlsm(tmp_path, capsys):
    assert main(["new", "-o", str(tmp_path / "a.xlsx")]) == 2
    assert ".xlsm" in capsys.readouterr().err


def test_bad_arguments_speak_chinese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["new"])
    assert info.value.code == 2
    assert "缺少必需的参数" in capsys.readouterr().err


@pytest.mark.parametrize("year", ["25", "abc", "2020", "2101"])
def test_new_refuses_a_year_the_template_would_not_take(tmp_path, capsys, year):
    out = tmp_path / "a.xlsm"
    with pytest.raises(SystemExit) as info:
        main(["new", "-o", str(out), "--year", year])
    assert info.value.code == 2
    assert "报告年度应为 2021—2100 之间的四位年份" in capsys.readouterr().err
    assert not out.exists()


def test_demo_writes_a_consistent_workbook(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["demo", "-o", str(folder)]) == 0
    (book,) = folder.glob("*.xlsm")
    report = read_report(book)
    assert report.observations == [] and report.value("t3", "new", "total") == 47
    out = capsys.readouterr().out
    assert str(folder.resolve()) in out
    stem = "青山县人民政府2025年政府信息公开工作年度报告"
    assert {p.name for p in folder.iterdir()} >= {f"{stem}.docx", f"{stem}一图读懂.png", f"{stem}一图读懂.svg"}


FILE_COMMANDS = [["check"], ["report", "--force"]]


@pytest.mark.parametrize("command", FILE_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(
    ("name", "data", "words"),
    [("empty.xlsm", b"", "空文件"), ("text.xlsx", "年报".encode(), "不是 Excel 工作簿")],
)
def test_unusable_input_exits_2_with_a_chinese_message(tmp_path, command, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "gikxl", command[0], str(path), *command[1:]],
                          capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert proc.returncode == 2, proc.stderr
    assert words in proc.stderr and "Traceback" not in proc.stderr + proc.stdout
    assert path.read_bytes() == data


@pytest.mark.parametrize("command", ["check", "report", "previous"])
@pytest.mark.parametrize("case", sorted(UNUSABLE))
def test_every_unusable_file_exits_2_from_every_command(tmp_path, make_workbook, capsys, command, case):
    make, words = UNUSABLE[case]
    bad = make(tmp_path, make_workbook)
    if command == "check":
        argv = ["check", str(bad)]
    elif command == "report":
        argv = ["report", str(bad), "--force", "-o", str(tmp_path / "out.docx")]
    else:  # a bad last-year file is as unusable as a bad current one
        argv = ["check", str(make_workbook(name="good.xlsm")), "--previous", str(bad)]
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and words in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_start_up_imports_nothing_heavy():
    code = (
        "import sys, gikxl, gikxl.__main__ as m; m.main_parser();"
        "print(sorted(x for x in ('pandas', 'pandera', 'polars', 'openpyxl', 'docx', 'xlwings', 'jinja2')"
        " if x in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).parent.parent)
    assert proc.stdout.strip() == "[]"


#: Libraries the check path must not load: the Word and Excel-file writers, the templates, the
#: frame libraries pandera's polars backend replaced, and (from the command line) xlwings.
NOT_FOR_CHECKING = ("pandas", "numpy", "pyarrow", "docx", "openpyxl", "jinja2", "lxml", "resvg_py")

#: Prints the top-level modules loaded once the code before it ran.
LOADED = "import json; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"


def test_check_loads_polars_and_pandera_and_nothing_heavier(make_workbook, demo):
    code = f"import sys; from gikxl.__main__ import main; code = main(['check', sys.argv[1]]); {LOADED}"
    done = subprocess.run([sys.executable, "-c", code, str(make_workbook(demo))], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).parent.parent)
    assert "没有发现问题" in done.stdout
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert {"polars", "pandera", "gikxl"} <= loaded
    assert loaded.isdisjoint({*NOT_FOR_CHECKING, "xlwings"}), loaded & {*NOT_FOR_CHECKING, "xlwings"}


def test_the_check_button_loads_xlwings_polars_and_pandera_and_nothing_heavier(make_workbook, demo, tmp_path):
    from remote_book import payload_of

    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps(payload_of(make_workbook(demo))), encoding="utf-8")
    code = (
        "import json, sys, xlwings as xw; "
        "book = xw.Book(json=json.load(open(sys.argv[1], encoding='utf-8'))); book.set_mock_caller(); "
        "import gikxl.excel; gikxl.excel.validate(); "
        "assert any(a['func'] == 'alert' for a in book.json()['actions']); " + LOADED
    )
    env = {**os.environ, "XLWINGS_LICENSE_KEY": os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial")}
    done = subprocess.run([sys.executable, "-c", code, str(payload)], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).parent.parent, env=env)
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert {"polars", "pandera", "xlwings", "gikxl"} <= loaded
    # xlwings itself imports jinja2 when it is installed (its reports module); gikxl does not.
    unwanted = set(NOT_FOR_CHECKING) - {"jinja2"}
    assert loaded.isdisjoint(unwanted), loaded & unwanted


def test_a_run_imports_its_own_command_and_help_lists_them_all(capsys):
    """A run builds only its command's parser; ``gikxl --help`` and a mistyped command still know every one."""
    code = ("import sys; from gikxl.__main__ import main; main(sys.argv[1:]); "
            "print(sorted(m for m in sys.modules if m.startswith('gikxl.cli.')))")
    done = subprocess.run([sys.executable, "-c", code, "check", "无此文件.xlsm"], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).parent.parent)
    assert "无此文件.xlsm" in done.stderr
    assert done.stdout.splitlines()[-1] == "['gikxl.cli.check']"
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    for command, words in (("new", "新的年报工作簿"), ("import", ""), ("check", "校验工作簿"), ("report", ""),
                           ("audit", ""), ("demo", "内置示例"), ("checks", "全部校验规则"), ("install", ""),
                           ("doctor", "")):
        assert f"    {command} " in listed and words in listed, command
    with pytest.raises(SystemExit):
        main(["chek", "a.xlsm"])
    err = capsys.readouterr().err
    assert "无效的选项 'chek'" in err and "'check'" in err and "'doctor'" in err
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "用法：gikxl import" in capsys.readouterr().out
