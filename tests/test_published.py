"""Reading published reports: the real samples and the corpus read exactly as published, each value with its source."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gikxl import spec
from gikxl.errors import UnusablePublished, UnusableWorkbook
from gikxl.published import PUBLISHED_SUFFIXES, import_report, read_any
from gikxl.published.tables import figure, score, words

PUBLISHED = Path(__file__).resolve().parent / "data" / "published"
CORPUS = sorted(p for p in PUBLISHED.iterdir() if (p.parent / (p.name + ".expected.json")).exists())


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


# The three real reports, as text copied from their pages ------------------------------------

#: Every figure of the three real reports that is not 0, as published; every other cell is 0.
SAMPLES = {
    "2023-米易县白马镇.txt": {
        "fields": {"org": "攀枝花市米易县白马镇", "year": 2023, "date": "2024-01-16", "level": "乡镇（街道）",
                   "signer": "米易县白马镇人民政府", "info_fee": 0.0},
        "nonzero": {("t2_permit", "permit", "decisions"): 1, ("t2_enforce", "penalty", "decisions"): 1},
        "prose": {"s1_active": "2023年，白马镇通过各种信息公开渠道", "s1_oversight": "我镇始终坚持规范公开程序",
                  "s5_problems": "2023年，我镇政府信息公开工作存在的主要问题如下",
                  "s6_other": "本年度我单位无依据《政府信息公开信息处理费管理办法》"},
        "missing": set(),
    },
    "2023-马山口镇.txt": {
        "fields": {"org": "马山口镇人民政府", "year": 2023, "date": None, "level": "乡镇（街道）", "signer": None,
                   "info_fee": None},
        "nonzero": {},
        # Section 一's own sub-headings are numbered 一、…五、 like the official sections.
        # The overview before its first sub-heading is no sub-section's: it joins the intro.
        "prose": {"intro": "2023年，马山口镇人民政府在县委", "s1_active": "1.加强政策法规宣传",
                  "s1_request": "1.规范依申请公开办理流程",
                  "s1_manage": "为了提高政府信息的管理水平", "s1_platform": "在平台建设方面",
                  "s1_oversight": "为了保障信息公开工作的有效实施", "s5_problems": "-1.信息更新不及时",
                  "s5_improve": "-1.强化责任意识", "s6_other": "无"},
        "missing": {"date"},  # the page ends with 无: it has no signature or date
    },
    "2024-米易县草场镇.txt": {
        "fields": {"org": "米易县草场镇", "year": 2024, "date": "2025-01-13", "level": "乡镇（街道）",
                   "signer": "米易县草场镇人民政府", "info_fee": 0.0},
        "nonzero": {},
        "prose": {"intro": "根据《中华人民共和国政府信息公开条例》", "s1_request": "2024年度我镇未收到和处理",
                  "s5_problems": "一是部分工作的相关信息公开不及", "s5_improve": "一是加强相关人员培训教育",
                  "s6_other": "本年度未收取信息处理费，且无其他需要报告的事项"},
        "missing": set(),
    },
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_real_samples_read_every_cell_as_published(name):
    want = SAMPLES[name]
    imported = import_report(PUBLISHED / name)
    report = imported.report
    fields = report.to_dict()["fields"]
    for key, value in want["fields"].items():
        assert fields[key] == value, key
    for key, block in spec.BLOCKS.items():
        for r in block.rows:
            for c in block.cols:
                assert report.value(key, r.key, c.key) == want["nonzero"].get((key, r.key, c.key), 0), (key, r, c)
    for key, start in want["prose"].items():
        assert flat(report.prose(key)).startswith(flat(start)), key
    assert {m.col for m in imported.missing if m.block or m.col in FACTS} == want["missing"]
    assert imported.format_year == spec.FORMAT_YEAR


#: The fields a title and signature give; a prose field not placed is a note of its own.
FACTS = ("org", "year", "date", "info_fee")


def test_a_sample_with_no_date_names_where_it_looked():
    imported = import_report(PUBLISHED / "2023-马山口镇.txt")
    (missing,) = [m for m in imported.missing if m.block or m.col in FACTS]
    assert missing.col == "date" and "落款" in missing.where


def test_text_sources_point_at_the_line_it_was_read_from():
    path = PUBLISHED / "2023-米易县白马镇.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    imported = import_report(path)
    source = imported.sources["t2_permit.permit.decisions"]
    assert lines[source.line - 1].startswith("行政许可") and "1" in lines[source.line - 1]
    date = imported.sources["date"]
    assert lines[date.line - 1] == "2024年1月16日"
    # every table cell has a source whose line holds the figure read
    for key, src in imported.sources.items():
        if key.count(".") == 2:
            block, row, col = key.split(".")
            value = imported.report.value(block, row, col)
            assert f"{value:g}" in lines[src.line - 1].split("\t"), key


# The corpus: pages and files made the way sites and Word make them ---------------------------

@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_reads_exactly_as_published(path):
    want = json.loads((path.parent / (path.name + ".expected.json")).read_text(encoding="utf-8"))
    imported = import_report(path)
    report = imported.report
    got_fields = report.to_dict()["fields"]
    for key, value in want["fields"].items():
        assert got_fields[key] == value, key
    for name, rows in want["tables"].items():
        block = spec.BLOCKS_BY_NAME[name]
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                got = report.value(block.key, block.rows[i].key, block.cols[j].key)
                assert got == value, (name, block.rows[i].key, block.cols[j].key)
    for key, start in want["prose"].items():
        assert (flat(report.prose(key)).startswith(start) if start else report.prose(key) == ""), key
    for key, kept in want["prose_contains"].items():
        for text in kept:
            assert flat(text) in flat(report.prose(key)), (key, text)
    assert imported.format_year == int(want["format"])
    # exactly the cells published without a figure (blank, "/", or not in the format) are reported
    # unread or placed where they stand, each with a place
    blank = {(spec.BLOCKS_BY_NAME[n].key, i, j) for n, rows in want["tables"].items()
             for i, row in enumerate(rows) for j, v in enumerate(row) if v is None}
    keys = {(k, [r.key for r in spec.BLOCKS[k].rows].index(r), [c.key for c in spec.BLOCKS[k].cols].index(c)): key
            for key in imported.sources if key.count(".") == 2 for k, r, c in [key.split(".")]}
    reported = {(m.block, [r.key for r in spec.BLOCKS[m.block].rows].index(m.row),
                 [c.key for c in spec.BLOCKS[m.block].cols].index(m.col)) for m in imported.missing if m.block}
    placed = {cell for cell in blank if cell in keys}
    derived = {(k, i, j) for k, i, j in blank
               if spec.BLOCKS[k].is_derived(spec.BLOCKS[k].rows[i].key, spec.BLOCKS[k].cols[j].key)}
    assert blank - derived <= reported | placed and reported <= blank
    assert all(m.where for m in imported.missing)


@pytest.mark.parametrize("path", [p for p in CORPUS if p.suffix in (".pdf", ".docx", ".html")],
                         ids=lambda p: p.name)
def test_table_sources_name_page_table_row_and_column(path):
    imported = import_report(path)
    cells = {k: s for k, s in imported.sources.items() if k.count(".") == 2}
    assert cells
    for key, src in cells.items():
        block, row, col = key.split(".")
        value = imported.report.value(block, row, col)
        assert src.table and src.row and src.col, key
        assert (src.page is not None) == (path.suffix == ".pdf")
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        assert shown in src.snippet.replace("０", "0") or figure(src.snippet) == value, (key, src)


def test_a_table_continued_on_the_next_page_is_read_from_both_pages():
    imported = import_report(PUBLISHED / "2024-市场监管局-word.pdf")
    pages = {imported.sources[f"t3.{r.key}.natural"].page for r in spec.T3.rows}
    assert len(pages) == 2


def test_2019_format_maps_what_maps_and_says_what_does_not():
    imported = import_report(PUBLISHED / "2020-白溪镇-2019格式.docx")
    assert imported.format_year == 2019
    assert any("2019" in n for n in imported.notes)
    blocks = {m.block for m in imported.missing if m.block}
    assert blocks == {"t2_rules", "t2_fee", "t3"}
    assert {m.row for m in imported.missing if m.block == "t3"} == {"other_no_amend", "other_no_fee", "other_other"}
    assert imported.report.value("t2_permit", "permit", "decisions") is not None


# Labels, figures, matching ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("0", 0), ("-", 0), ("—", 0), ("１２", 12), ("3.5", 3.5), ("1,234", 1234), ("０", 0), ("3件", 3),
    ("0.5万元", 0.5), ("1.", None), ("结果维持", None), ("(一)", None), ("", None), ("件", None), ("2019年", None),
])
def test_figures_as_published(text, value):
    assert figure(text) == value


def test_a_row_label_is_found_by_its_words_not_its_position():
    label = words("（三）不予公开 1.属于国家秘密")
    assert label == "三不予公开属于国家秘密"
    assert score(label, words("属于国家秘密")) > score(label, words("其他"))
    # a typo still names its row, a short label only at the end of the run
    assert score(words("行政规范文件"), words("行政规范性文件")) > 0
    assert score(words("2.其他法律行政法规禁止公开"), words("3.其他")) == 0
    assert score(words("3.其他"), words("其他")) > 0


def test_spaced_out_letters_and_cells_one_per_line(tmp_path):
    text = (PUBLISHED / "2023-米易县白马镇.txt").read_text(encoding="utf-8")
    # one cell per line, labels spaced out and full-width digits: the same figures come back
    spaced = "\n".join(
        "\n".join(" ".join(cell) if not re.fullmatch(r"[0-9]+", cell) else cell.translate(
            str.maketrans("0123456789", "０１２３４５６７８９")) for cell in line.split("\t") if cell)
        if "\t" in line else line for line in text.splitlines())
    path = tmp_path / "一格一行.txt"
    path.write_text(spaced, encoding="utf-8")
    original, variant = import_report(PUBLISHED / "2023-米易县白马镇.txt").report, import_report(path).report
    for key in spec.BLOCKS:
        assert original.to_dict()["tables"][key] == variant.to_dict()["tables"][key], key


def test_a_row_with_a_figure_too_few_is_not_guessed(tmp_path):
    text = (PUBLISHED / "2024-米易县草场镇.txt").read_text(encoding="utf-8")
    row = "3. 补正后申请内容仍不明确\t\t"
    text = text.replace(row + "\t".join("0" * 7), row + "\t".join("0" * 6))
    path = tmp_path / "少一格.txt"
    path.write_text(text, encoding="utf-8")
    imported = import_report(path)
    cells = [m for m in imported.missing if m.block]
    assert {(m.row, m.col) for m in cells} == {("unable_unclear", c.key) for c in spec.T3.cols}
    assert all("6 个数字，应为 7 个" in m.where for m in cells)
    assert imported.report.value("t3", "unable_unclear", "natural") is None


def test_a_total_published_unequal_to_its_parts_is_kept_as_published(tmp_path):
    text = (PUBLISHED / "2024-米易县草场镇.txt").read_text(encoding="utf-8")
    text = text.replace("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                        "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t5")
    path = tmp_path / "总计不符.txt"
    path.write_text(text, encoding="utf-8")
    report = import_report(path).report
    assert report.value("t3", "new", "total") == 5
    assert ("t3", "new", "total") in report.overridden
    # Checked, it is a wrong sum in the report's own words: no formula to restore, none replaced.
    from gikxl.checks.engine import run_checks

    findings = run_checks(report)
    codes = {f.code for f in findings}
    assert "TOTAL-FORMULA-REPLACED" not in codes
    wrong = [f for f in findings if f.code == "T3-ROW-TOTAL"]
    assert len(wrong) == 1 and wrong[0].expected == 1 and wrong[0].actual == 5
    assert "公式" not in wrong[0].message


# read_any --------------------------------------------------------------------------------------

def test_read_any_reads_workbooks_and_published_reports(make_workbook, demo):
    from gikxl.workbook import read_report

    path = make_workbook(demo)
    assert read_any(path).to_dict() == read_report(path).to_dict()
    assert read_any(PUBLISHED / "2024-米易县草场镇.txt").org == "米易县草场镇"
    assert frozenset({".docx", ".doc", ".wps", ".pdf", ".html", ".htm", ".txt"}) == PUBLISHED_SUFFIXES


@pytest.mark.parametrize("name", ["report.odt", "report.rtf", "report", "报告.xls"])
def test_read_any_refuses_other_files_in_chinese(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(UnusableWorkbook, match="无法读取"):
        read_any(path)


def test_not_an_annual_report(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text("关于做好2025年政务公开工作的通知\n\n各乡镇：\n现将有关事项通知如下。\n", encoding="utf-8")
    with pytest.raises(UnusablePublished, match="不像一份政府信息公开工作年度报告"):
        import_report(path)


def test_a_page_laid_out_in_a_table_reads_its_inner_tables_and_skips_the_navigation(tmp_path):
    page = tmp_path / "版式表格.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>年报</title></head><body>'
        "<table><tr><td>首页</td><td>政务公开</td></tr><tr><td>"
        "<p>青山县某某镇人民政府2024年政府信息公开工作年度报告</p><p>一、总体情况</p><p>（一）主动公开</p>"
        "<p>全年主动公开信息100条。</p><p>二、主动公开政府信息情况</p>"
        "<table><tr><td>第二十条第（五）项</td></tr><tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
        "<tr><td><p><span>&nbsp;行政&nbsp;许可&nbsp;</span></p></td><td>７</td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
        "<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p><p>无。</p>"
        "<p>青山县某某镇人民政府</p><p>2025年1月20日</p></td><td>相关链接</td></tr></table></body></html>",
        encoding="utf-8")
    imported = import_report(page)
    report = imported.report
    assert report.org == "青山县某某镇人民政府" and report.year == 2024 and str(report.date) == "2025-01-20"
    assert report.value("t2_permit", "permit", "decisions") == 7
    assert report.prose("s1_active") == "全年主动公开信息100条。"
    # tables are counted as a reader sees them: the layout table around the page is none
    assert imported.sources["t2_permit.permit.decisions"].table == 1
    # table 三 and 四 have headings but no figures: every cell reported, none guessed
    assert {m.block for m in imported.missing if m.block} == {"t2_rules", "t2_enforce", "t2_fee", "t3", "t4"}
    assert report.value("t3", "new", "natural") is None


@pytest.mark.parametrize(("org", "level"), [
    ("洪泽区人民政府", "县级人民政府"), ("淮安市洪泽区人民政府", "县级人民政府"),
    ("上海市浦东新区人民政府", "县级人民政府"),
    ("洪泽区教育局", "县级部门"), ("青石县白溪镇人民政府", "乡镇（街道）"),
    ("广西壮族自治区人民政府", "省级人民政府"), ("宁夏回族自治区民族事务委员会", None),
    ("淮安市人民政府", None),  # 设区的市 or a county-level city: the name does not tell
])
def test_the_level_a_name_tells(org, level):
    from gikxl.published.sections import level_of

    assert level_of(org) == level
