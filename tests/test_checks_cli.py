"""``gikxl check`` and ``gikxl checks`` as a clerk and a script meet them."""

from __future__ import annotations

import json

import pytest

from checks_helpers import T3, previous_values
from gikxl.__main__ import main


@pytest.fixture
def clean(demo, make_workbook):
    return make_workbook(demo, "clean.xlsm")


@pytest.fixture
def broken(demo, make_workbook):
    demo["gik_t3"][24][0] = 3  # 自然人 结转下年度: unbalanced
    demo["gik_t2_rules"][1][1] = "1件"
    return make_workbook(demo, "broken.xlsm")


def test_clean_workbook_exits_0(clean, capsys):
    data = clean.read_bytes()
    assert main(["check", str(clean)]) == 0
    out = capsys.readouterr().out
    assert "共发现 0 个错误、0 个警告" in out
    assert clean.read_bytes() == data


def test_errors_exit_1_with_a_table_grouped_by_sheet(broken, capsys):
    data = broken.read_bytes()
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert out.index("【二、主动公开】") < out.index("【三、依申请公开】")
    line = next(ln for ln in out.splitlines() if "T3-BALANCE" in ln)
    assert "错误" in line and "D29" in line and " 2 " in line  # severity, cell, expected value
    assert out.rstrip().endswith("共发现 2 个错误、0 个警告")
    assert broken.read_bytes() == data


def test_json_output(broken, capsys):
    assert main(["check", str(broken), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in findings] == ["CELL-UNIT", "T3-BALANCE"]
    f = findings[1]
    assert {"code", "severity", "sheet", "cell", "message", "expected", "actual", "related"} <= set(f)
    assert (f["severity"], f["sheet"], f["cell"], f["expected"]) == ("error", T3, "D29", 2)
    assert findings[0]["expected"] == 1 and findings[0]["actual"] == "1件"


def test_json_of_clean_workbook_is_an_empty_list(clean, capsys):
    assert main(["check", str(clean), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_warnings_alone_exit_0(demo, make_workbook, capsys):
    demo["gik_s1_request"] += "明确各环节的具体要求和 workflows。"
    assert main(["check", str(make_workbook(demo)), "--json"]) == 0
    assert [f["severity"] for f in json.loads(capsys.readouterr().out)] == ["warning"]


def test_previous_year(demo, make_workbook, capsys):
    prev = previous_values(demo)
    prev["gik_t3"][24][0] = 4
    this = make_workbook(demo, "2025.xlsm")
    last = make_workbook(prev, "2024.xlsm")
    before = last.read_bytes()
    assert main(["check", str(this), "--previous", str(last), "--json"]) == 1
    (f,) = json.loads(capsys.readouterr().out)
    assert (f["code"], f["cell"], f["expected"]) == ("YEAR-CARRY-OVER", "D6", 4)
    assert last.read_bytes() == before


@pytest.mark.parametrize("which", ["workbook", "previous"])
def test_unusable_input_exits_2(which, clean, tmp_path, capsys):
    bad = tmp_path / "bad.xlsm"
    bad.write_bytes(b"not a workbook")
    args = ["check", str(bad)] if which == "workbook" else ["check", str(clean), "--previous", str(bad)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err
    assert bad.read_bytes() == b"not a workbook"


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.xlsm")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_checks_lists_the_catalogue(capsys):
    from gikxl.checks.rules import load

    assert main(["checks"]) == 0
    out = capsys.readouterr().out
    for code, rule in load().items():
        assert code in out and rule.title in out
    assert f"共 {len(load())} 条规则" in out


def test_checks_shows_one_rule(capsys):
    assert main(["checks", "t3-balance"]) == 0
    out = capsys.readouterr().out
    assert "T3-BALANCE" in out and "What it checks" in out and "Example" in out


def test_checks_unknown_code_exits_2(capsys):
    assert main(["checks", "NO-SUCH"]) == 2
    assert "没有代码为" in capsys.readouterr().err


def test_checks_markdown_is_the_doc(capsys):
    from gikxl.checks.catalogue import catalogue_markdown

    assert main(["checks", "--markdown"]) == 0
    assert capsys.readouterr().out == catalogue_markdown()


def test_json_fields_and_severities(demo, make_workbook, capsys):
    demo["gik_t3"][24][0] = 3  # an error
    demo["gik_s1_request"] += "明确各环节的具体要求和 workflows。"  # a warning
    assert main(["check", str(make_workbook(demo)), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["severity"], f["sheet"], f["cell"]) for f in findings] == [
        ("T3-BALANCE", "error", T3, "D29"), ("PROSE-LATIN", "warning", "一、总体情况", "B4"),
    ]
    assert all(isinstance(f["message"], str) and f["message"] for f in findings)


def test_the_same_year_as_previous_is_one_warning_not_a_copy_alarm(clean, capsys):
    assert main(["check", str(clean), "--previous", str(clean), "--json"]) == 0
    (f,) = json.loads(capsys.readouterr().out)
    assert (f["code"], f["severity"], f["cell"], f["expected"]) == ("YEAR-NOT-PREVIOUS", "warning", "B5", 2024)


def test_demo_prints_the_check_result(tmp_path, capsys):
    assert main(["demo", "-o", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    assert "校验结果" in out and "没有发现问题。" in out and "共发现 0 个错误、0 个警告" in out
