"""``gikxl import``, ``check`` and ``new --previous`` on published reports, and hostile sources refused cleanly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from gikxl import spec
from gikxl.__main__ import main
from gikxl.template.layout import PREVIOUS_IN_FORCE, block_cell, references
from gikxl.workbook import read_report

PUBLISHED = Path(__file__).resolve().parent / "data" / "published"
WORD_PDF = PUBLISHED / "2024-市场监管局-word.pdf"
TOWN = PUBLISHED / "2024-白溪镇-gbk.html"  # its 规章 row is published blank
NO_DATE = PUBLISHED / "2023-马山口镇.txt"


def test_import_exit_0_when_every_cell_was_read(capsys):
    assert main(["import", str(WORD_PDF)]) == 0
    out = capsys.readouterr().out
    assert "青石县市场监督管理局" in out and "共 200 格，读到 200 格" in out


def test_import_exit_1_lists_each_cell_not_read_and_where(capsys):
    # "/" for 不适用 (a town makes no 规章) is placed and kept as such: noted, not unread
    assert main(["import", str(TOWN)]) == 0
    out = capsys.readouterr().out
    assert "表二“规章”一行“本年制发件数”写的是“/”" in out and "按“不适用”留空，未当作 0" in out
    assert main(["import", str(NO_DATE)]) == 1
    assert "成文日期" in capsys.readouterr().out


def test_import_json_gives_every_value_with_its_source(capsys):
    assert main(["import", str(WORD_PDF), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["complete"] and data["missing"] == []
    assert data["fields"]["org"] == "青石县市场监督管理局"
    cell = data["sources"]["t3.new.total"]
    assert cell["page"] == 2 and cell["table"] and cell["row"] and cell["col"] and cell["snippet"] == "53"
    assert data["tables"]["t3"][0][-1] == 53
    assert {"line", "snippet"} <= set(data["sources"]["date"]) and "2025" in data["sources"]["date"]["snippet"]
    assert data["sources"]["s1_active"]["page"] == 1


def test_import_writes_a_workbook_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "导入.xlsm"
    assert main(["import", str(TOWN), "-o", str(out)]) == 0
    report = read_report(out)
    assert report.org == "青石县白溪镇人民政府" and report.year == 2024 and report.level == "乡镇（街道）"
    assert report.value("t2_permit", "permit", "decisions") == 46
    assert report.value("t2_rules", "regulation", "issued") is None  # "/": left blank, not 0
    assert report.prose("s1_active")
    assert main(["import", str(TOWN), "-o", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err


def test_import_keeps_text_that_looks_like_a_formula_as_text(tmp_path):
    src = tmp_path / "公式.txt"
    text = (PUBLISHED / "2024-米易县草场镇.txt").read_text(encoding="utf-8")
    src.write_text(text.replace("2024 年度我镇未收到和处理政府信息公开申请。", "=HYPERLINK(\"http://x\",\"点击\")"),
                   encoding="utf-8")
    out = tmp_path / "公式.xlsm"
    main(["import", str(src), "-o", str(out)])
    ws = openpyxl.load_workbook(out)[spec.S1_SHEET.name]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s"


def test_check_a_published_report_points_at_the_source(capsys):
    assert main(["check", str(TOWN), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    # "/" printed for 不适用 is no error of the report: a reading note, saying what stood there and where
    assert not [f for f in findings if f["code"] in ("CELL-BLANK", "CELL-PLACEHOLDER")]
    (note,) = [f for f in findings if f["severity"] == "note" and "“/”" in f["message"]]
    assert "表格2 第3行" in note["message"] and note["code"] == "READ-NOTE"
    assert all(f["cell"] != "原文中未读到" for f in findings if f["severity"] != "note")
    assert main(["check", str(WORD_PDF)]) in (0, 1)
    out = capsys.readouterr().out
    assert "校验：2024-市场监管局-word.pdf" in out


def test_check_findings_name_page_table_row_and_column(tmp_path, capsys):
    text = (PUBLISHED / "2024-米易县草场镇.txt").read_text(encoding="utf-8")
    path = tmp_path / "不平.txt"
    path.write_text(text.replace("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                                 "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2"), encoding="utf-8")
    assert main(["check", str(path), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    placed = [f for f in findings if f["sheet"] == spec.TABLE3.sheet]
    assert placed and all(f["cell"].startswith("第") and "行" in f["cell"] for f in placed)
    line = int(placed[0]["cell"].removeprefix("第").split("行")[0])
    assert "本年新收" in path.read_text(encoding="utf-8").splitlines()[line - 1] or placed[0]["cell"]


def test_check_with_last_years_published_report(make_workbook, demo, capsys):
    assert main(["check", str(make_workbook(demo)), "--previous", str(WORD_PDF)]) in (0, 1)
    assert "对比上年：2024-市场监管局-word.pdf" in capsys.readouterr().out


def test_new_from_last_years_published_report(tmp_path, capsys):
    out = tmp_path / "2025.xlsm"
    assert main(["new", "-o", str(out), "--previous", str(WORD_PDF)]) == 0
    said = capsys.readouterr().out
    assert "上年结转" in said and "0、21" in said
    report = read_report(out)
    assert report.org == "青石县市场监督管理局" and report.level == "县级部门" and report.year == 2025
    # 上年结转 = last year's 结转下年度继续办理 (2, 2, 0, 0, 0, 0 → 4), nothing else filled in
    assert [report.value("t3", "carried", c.key) for c in spec.T3.cols] == [2, 2, 0, 0, 0, 0, 4]
    assert report.value("t3", "new", "natural") is None
    wb = openpyxl.load_workbook(out)
    anchor = references()[PREVIOUS_IN_FORCE]
    ws = wb[anchor.sheet]
    assert [ws[anchor.cell(i)].value for i in range(2)] == [0, 21]


def test_new_previous_from_a_workbook(make_workbook, demo, tmp_path):
    out = tmp_path / "next.xlsm"
    assert main(["new", "-o", str(out), "--previous", str(make_workbook(demo))]) == 0
    report = read_report(out)
    carried = [report.value("t3", "carried", c.key) for c in spec.T3.cols]
    assert carried == [*demo["gik_t3"][-1][:6], sum(demo["gik_t3"][-1][:6])]


def test_reference_cells_are_labelled_locked_and_in_no_formula(tmp_path):
    from gikxl.template.builder import TEMPLATE_PATH

    wb = openpyxl.load_workbook(TEMPLATE_PATH)
    anchor = references()[PREVIOUS_IN_FORCE]
    ws = wb[anchor.sheet]
    assert "上年现行有效件数" in ws.cell(anchor.row - 1, anchor.col).value
    cells = [anchor.cell(i) for i in range(anchor.shape[0])]
    assert all(ws[c].protection.locked for c in cells)
    formulas = {(w.title, c.value) for w in wb.worksheets for row in w.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")}
    assert formulas
    for sheet, formula in formulas:
        assert anchor.sheet not in formula  # no other sheet reaches into table 二
        if sheet == anchor.sheet:
            assert not any(re.search(rf"\b\$?{c[0]}\$?{c[1:]}\b", formula) for c in cells), formula
    assert anchor.sheet == block_cell(spec.T2_RULES, "regulation", "in_force")[0]


@pytest.mark.parametrize("name", ["不存在.pdf", "文件夹.docx"])
def test_a_missing_file_or_a_folder_is_named_in_chinese(tmp_path, capsys, name):
    (tmp_path / "文件夹.docx").mkdir()
    assert main(["import", str(tmp_path / name)]) == 2
    assert f"找不到文件“{name}”" in capsys.readouterr().err


def test_a_cross_year_finding_points_at_the_line_of_this_years_report(tmp_path, capsys):
    this_year = PUBLISHED / "2024-米易县草场镇.txt"
    text = this_year.read_text(encoding="utf-8")
    last_year = tmp_path / "2023-草场镇.txt"
    row = "四、结转下年度继续办理\t\t"
    last = text.replace("米易县草场镇 2024 年", "米易县草场镇 2023 年")
    last_year.write_text(last.replace(row + "\t".join("0" * 7), row + "3\t0\t0\t0\t0\t0\t3"), encoding="utf-8")
    assert main(["check", str(this_year), "--previous", str(last_year), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    (carried,) = [f for f in findings if f["sheet"] == spec.TABLE3.sheet and f["severity"] == "error"]
    line = text.splitlines()[int(carried["cell"].removeprefix("第").split("行")[0]) - 1]
    assert line.startswith("二、上年结转政府信息公开申请数量") and carried["expected"] == 3


def test_check_a_published_report_that_does_not_name_its_level(capsys):
    assert main(["check", str(PUBLISHED / "2024-青石市政府-10页.pdf"), "--json"]) == 0
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["code"] == "READ-NOTE" and finding["severity"] == "note" and "机关层级" in finding["message"]
    assert "不写机关层级" in finding["message"]
