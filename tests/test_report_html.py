"""The HTML page parsed back (html.parser): headings, every figure, the official
rowspan/colspan structure, escaping and self-containment; and the Markdown review copy."""

from __future__ import annotations

import re

import pytest

from gikxl import spec
from gikxl.report import render
from report_helpers import HtmlTables, distinct_tables, html_grid, label_path, model


@pytest.fixture
def report(demo):
    return model(demo)


@pytest.fixture
def page(report) -> str:
    return render(report, "html").decode("utf-8")


@pytest.fixture
def parsed(page) -> HtmlTables:
    p = HtmlTables()
    p.feed(page)
    return p


def test_headings_are_semantic(parsed, report):
    assert parsed.headings[0] == ("h1", f"{report.org}{report.year}年政府信息公开工作年度报告")
    assert [t for tag, t in parsed.headings if tag == "h2"] == list(spec.SECTION_TITLES)
    h3 = [t for tag, t in parsed.headings if tag == "h3"]
    assert h3[:2] == ["（一）主动公开", "（二）依申请公开"]


def test_self_contained_without_scripts(page):
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script" not in page.lower() and not re.search(r"\b(src|href)=", page) and "url(" not in page
    assert page.count("<style>") == 1


def test_every_figure_of_table3_in_the_grid(parsed, report):
    table = parsed.tables[1]
    grid = html_grid(table)
    assert (len(grid), len(grid[0])) == (28, 10) and table["thead"] == 3
    for i, row in enumerate(spec.T3.rows):
        assert grid[3 + i][2]["text"] == row.label
        for j, col in enumerate(spec.T3.cols):
            cell = grid[3 + i][3 + j]
            assert cell["tag"] == "td" and cell["text"] == str(report.value("t3", row.key, col.key))


def test_table3_rowspan_colspan_structure(parsed):
    rows = parsed.tables[1]["rows"]

    def spans(row):
        return [(c["text"], c["rowspan"], c["colspan"]) for c in row if c["tag"] == "th"]

    assert spans(rows[0]) == [(spec.TABLE3.note, 3, 3), ("申请人情况", 1, 7)]
    assert spans(rows[1]) == [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    assert spans(rows[2]) == [(c.label, 1, 1) for c in spec.T3.cols[1:6]]
    assert spans(rows[3]) == [(spec.T3.rows[0].label, 1, 3)]
    assert spans(rows[5]) == [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)]
    assert spans(rows[7]) == [("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)]
    assert spans(rows[27]) == [("四、结转下年度继续办理", 1, 3)]


def test_table2_and_table4(parsed, report):
    t2 = html_grid(parsed.tables[0])
    assert [c["text"] for c in t2[0]] == ["第二十条第（一）项"] * 4 and t2[0][0]["colspan"] == 4
    permit = next(r for r in t2 if r[0]["text"] == "行政许可")
    assert permit[1]["colspan"] == 3 and permit[1]["text"] == "1268"
    assert len(parsed.tables[0]["rows"]) == sum(2 + len(b.rows) for b in spec.TABLE2.blocks)
    t4 = parsed.tables[2]
    grid = html_grid(t4)
    assert t4["thead"] == 3 and [c["text"] for c in grid[3]] == [
        str(report.value("t4", "count", c.key)) for c in spec.T4.cols]
    assert [(c["text"], c["colspan"]) for c in t4["rows"][0]] == [("行政复议", 5), ("行政诉讼", 10)]
    assert grid[1][0]["rowspan"] == 2 and grid[1][5]["text"] == "未经复议直接起诉"


def test_text_is_escaped(demo):
    demo["gik_s6_other"] = '<script>alert("x")</script> & <b>粗</b>'
    demo["gik_org"] = "青山县<人民政府>"
    page = render(model(demo), "html").decode("utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;粗&lt;/b&gt;" in page
    p = HtmlTables()
    p.feed(page)
    assert '<script>alert("x")</script> & <b>粗</b>' in p.paragraphs


def test_signature_paragraphs(parsed, report):
    assert parsed.paragraphs[-2:] == [report.org, "2026年3月20日"]


# Markdown ------------------------------------------------------------------------

def test_markdown_review_copy(report):
    md = render(report, "md").decode("utf-8")
    assert md.startswith(f"# {report.org}{report.year}年政府信息公开工作年度报告\n")
    assert [line[3:] for line in md.splitlines() if line.startswith("## ")] == list(spec.SECTION_TITLES)
    assert "| 申请人情况 › 自然人 | 申请人情况 › 法人或其他组织 › 商业企业 |" in md
    assert "| 三、本年度办理结果 › （三）不予公开 › 4.保护第三方合法权益 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |" in md
    assert "| 行政诉讼 › 未经复议直接起诉 › 总计 | 2 |" in md
    assert "**第二十条第（五）项**" in md and "| 行政许可 | 1268 |" in md


def test_markdown_escapes_markup(demo):
    demo["gik_s6_other"] = "费用|合计 *重点* [链接]"
    md = render(model(demo), "md").decode("utf-8")
    assert r"费用\|合计 \*重点\* \[链接\]" in md


def test_every_figure_in_its_own_cell_when_all_differ(demo):
    report = model(distinct_tables(demo))
    p = HtmlTables()
    p.feed(render(report, "html").decode("utf-8"))
    grid = html_grid(p.tables[1])
    got = {(r.key, c.key): grid[3 + i][3 + j]["text"]
           for i, r in enumerate(spec.T3.rows) for j, c in enumerate(spec.T3.cols)}
    assert got == {(r.key, c.key): str(report.value("t3", r.key, c.key))
                   for r in spec.T3.rows for c in spec.T3.cols}
    assert len(set(got.values())) == 175
    t4 = [c["text"] for c in html_grid(p.tables[2])[3]]
    assert t4 == [str(report.value("t4", "count", c.key)) for c in spec.T4.cols] and len(set(t4)) == 15
    md = render(report, "md").decode("utf-8")
    for r in spec.T3.rows:
        figures = " | ".join(str(report.value("t3", r.key, c.key)) for c in spec.T3.cols)
        assert f"| {' › '.join(r.path)} | {figures} |" in md


def test_table3_labels_and_headers_cover_the_official_paths(parsed):
    """Every grid position of the label columns and header rows is covered by the cell the
    official layout puts there (rowspan/colspan as a browser places them)."""
    grid = html_grid(parsed.tables[1])
    for i, row in enumerate(spec.T3.rows):
        assert [grid[3 + i][c]["text"] for c in range(3)] == label_path(row.path, 3), row.key
        assert all(grid[3 + i][c]["tag"] == "th" for c in range(3))
    for j, col in enumerate(spec.T3.cols):
        assert [grid[r][3 + j]["text"] for r in range(3)] == label_path(col.path, 3), col.key
    corner = grid[0][0]
    assert corner["text"] == spec.TABLE3.note
    assert all(grid[r][c] is corner for r in range(3) for c in range(3))


def test_table4_headers_cover_the_official_paths(parsed):
    grid = html_grid(parsed.tables[2])
    for j, col in enumerate(spec.T4.cols):
        assert [grid[r][j]["text"] for r in range(3)] == label_path(col.path, 3), col.key


def test_hostile_text_everywhere_is_escaped(demo):
    """Prose, the body's name and an office template's own text: nothing becomes markup."""
    evil = """<img src=x onerror="alert(1)"> & 'single' "double" </p><script>x()</script>"""
    demo["gik_org"] = "青山县<b>人民政府</b>"
    demo["gik_intro"] = evil
    demo["gik_s1_active"] = evil
    page = render(model(demo), "html").decode("utf-8")
    assert "<script" not in page.lower() and "<img" not in page and "<b>" not in page
    assert "onerror=\"" not in page
    p = HtmlTables()
    p.feed(page)
    assert p.paragraphs.count(evil) == 2
    assert p.headings[0] == ("h1", "青山县<b>人民政府</b>2025年政府信息公开工作年度报告")
