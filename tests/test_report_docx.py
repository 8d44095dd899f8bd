"""The Word report read back with python-docx: sections, every figure in its cell,
the official merged headers, fonts and the GB/T 9704 page."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from gikxl import spec
from gikxl.report import render
from report_helpers import distinct_tables, label_path, model


@pytest.fixture
def report(demo):
    return model(demo)


@pytest.fixture
def document(report):
    return docx.Document(io.BytesIO(render(report, "docx")))


def east_asia(rpr) -> str | None:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_title_then_the_six_sections_in_order(document, report):
    first = document.paragraphs[0]
    assert first.style.style_id == "Title"
    assert first.text.replace("\n", "") == f"{report.org}{report.year}年政府信息公开工作年度报告"
    headings = [p.text for p in document.paragraphs if p.style.style_id == "Heading1"]
    assert headings == list(spec.SECTION_TITLES)
    subs = [p.text for p in document.paragraphs if p.style.style_id == "Heading2"]
    assert subs[:5] == [
        spec.FIELDS[k].label for k in ("s1_active", "s1_request", "s1_manage", "s1_platform", "s1_oversight")
    ]


def test_tables_follow_their_section_headings(document):
    body = document.element.body
    order = []
    for el in body:
        if el.tag == qn("w:tbl"):
            order.append("table")
        elif el.tag == qn("w:p"):
            style = el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val")) == "Heading1":
                order.append("".join(t.text for t in el.iter(qn("w:t"))))
    titles = spec.SECTION_TITLES
    assert order == [titles[0], titles[1], "table", titles[2], "table", titles[3], "table", titles[4], titles[5]]


def test_every_figure_of_table3_is_in_its_cell(document, report):
    table = document.tables[1]
    assert (len(table.rows), len(table.columns)) == (3 + 25, 3 + 7)
    checked = 0
    for i, row in enumerate(spec.T3.rows):
        for j, col in enumerate(spec.T3.cols):
            assert table.cell(3 + i, 3 + j).text == str(report.value("t3", row.key, col.key)), (row.key, col.key)
            checked += 1
    assert checked == 175


def test_table3_row_labels_and_merged_header(document):
    t = document.tables[1]

    def same(a, b):
        return t.cell(*a)._tc is t.cell(*b)._tc

    # corner: 3 label columns × 3 header rows holding the official note
    assert t.cell(0, 0).text == spec.TABLE3.note
    assert all(same((0, 0), (r, c)) for r in range(3) for c in range(3))
    # 申请人情况 over all seven columns; 自然人 and 总计 two rows deep; 法人或其他组织 over five
    assert t.cell(0, 3).text == "申请人情况" and all(same((0, 3), (0, c)) for c in range(3, 10))
    assert t.cell(1, 3).text == "自然人" and same((1, 3), (2, 3))
    assert t.cell(1, 4).text == "法人或其他组织" and all(same((1, 4), (1, c)) for c in range(4, 9))
    assert t.cell(1, 9).text == "总计" and same((1, 9), (2, 9))
    assert [t.cell(2, c).text for c in range(4, 9)] == [c.label for c in spec.T3.cols[1:6]]
    # row labels: 一、 across the three label columns; 三、本年度办理结果 down rows 3–24; groups
    assert t.cell(3, 0).text == spec.T3.rows[0].label and same((3, 0), (3, 2))
    assert t.cell(5, 0).text == "三、本年度办理结果" and all(same((5, 0), (r, 0)) for r in range(5, 27))
    assert t.cell(5, 1).text == "（一）予以公开" and same((5, 1), (5, 2))
    assert t.cell(7, 1).text == "（三）不予公开" and all(same((7, 1), (r, 1)) for r in range(7, 15))
    assert t.cell(7, 2).text == "1.属于国家秘密"
    assert t.cell(27, 0).text == "四、结转下年度继续办理" and same((27, 0), (27, 2))
    labels = [t.cell(3 + i, 2).text for i in range(25)]
    assert labels == [r.label for r in spec.T3.rows]


def test_table3_header_repeats_and_rows_do_not_split(document):
    rows = document.tables[1]._tbl.tr_lst
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows[:4]] == [True, True, True, False]
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
    first = rows[0].tc_lst
    assert first[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "3"
    assert first[0].tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    assert first[1].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "7"


def test_table2_blocks_with_their_headings_and_figures(document, report):
    t = document.tables[0]
    texts = [[c.text for c in row.cells] for row in t.rows]
    assert texts[0] == ["第二十条第（一）项"] * 4
    assert texts[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert texts[3] == ["行政规范性文件", "4", "1", "23"]
    assert texts[5] == ["信息内容"] + ["本年处理决定数量"] * 3
    assert texts[6] == ["行政许可"] + ["1268"] * 3
    assert t.cell(6, 1)._tc is t.cell(6, 3)._tc
    assert texts[-1] == ["行政事业性收费"] + ["0"] * 3
    headings = [row[0] for row in texts if row[0].startswith("第二十条")]
    assert headings == [b.heading for b in spec.TABLE2.blocks]
    for block, row in [(b, r) for b in spec.TABLE2.blocks for r in b.rows]:
        found = next(line for line in texts if line[0] == row.label)
        for j, col in enumerate(block.cols):
            value = report.value(block.key, row.key, col.key)
            assert found[1 + j * (3 // len(block.cols))] == ("0" if value == 0 else str(value))


def test_table4_fifteen_figures_under_three_header_rows(document, report):
    t = document.tables[2]
    assert (len(t.rows), len(t.columns)) == (4, 15)
    assert [t.cell(3, j).text for j in range(15)] == [str(report.value("t4", "count", c.key)) for c in spec.T4.cols]
    assert all(t.cell(0, 0)._tc is t.cell(0, c)._tc for c in range(5)) and t.cell(0, 0).text == "行政复议"
    assert all(t.cell(0, 5)._tc is t.cell(0, c)._tc for c in range(5, 15)) and t.cell(0, 5).text == "行政诉讼"
    assert t.cell(1, 0)._tc is t.cell(2, 0)._tc and t.cell(1, 0).text == "结果维持"
    assert t.cell(1, 5).text == "未经复议直接起诉" and t.cell(1, 10).text == "复议后起诉"
    assert [t.cell(2, j).text for j in range(5, 10)] == [label for _, label in spec.T4_OUTCOMES]


def test_figures_are_centred_and_tables_fit_the_type_area(document):
    for table in document.tables:
        widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert abs(sum(widths) - round(156 / 25.4 * 1440)) <= 15
    value = document.tables[1].cell(3, 3).paragraphs[0]
    assert value.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_page_is_a4_with_gbt9704_margins(document):
    s = document.sections[0]
    def mm(length):  # stored in twips: compare to a tenth of a millimetre
        return round(length.mm, 1)

    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
    assert [mm(x) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]


def test_fonts_sizes_and_spacing_of_the_styles(document):
    styles = document.styles
    expect = {"Normal": ("仿宋_GB2312", 16), "Title": ("方正小标宋简体", 22), "Heading1": ("黑体", 16),
              "Heading2": ("楷体_GB2312", 16)}
    for style_id, (font, size) in expect.items():
        style = next(s for s in styles if s.style_id == style_id)
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == font
        assert rfonts.get(qn("w:ascii")) == font and rfonts.get(qn("w:hAnsi")) == font
        assert rfonts.get(qn("w:asciiTheme")) is None and rfonts.get(qn("w:eastAsiaTheme")) is None
        assert style.font.size == Pt(size)
        assert not style.font.bold
    normal = styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY and Pt(28) <= normal.line_spacing <= Pt(29)
    assert normal.first_line_indent == Pt(32)
    assert styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_every_run_names_its_east_asian_font(document):
    expect = {"Title": "方正小标宋简体", "Heading1": "黑体", "Heading2": "楷体_GB2312", "Normal": "仿宋_GB2312"}
    for p in document.paragraphs:
        for run in p.runs:
            if run.text:
                assert east_asia(run._r.rPr) == expect.get(p.style.style_id, "仿宋_GB2312"), p.text
    cell_run = document.tables[1].cell(3, 3).paragraphs[0].runs[0]
    assert east_asia(cell_run._r.rPr) == "宋体" and cell_run.font.size == Pt(10.5)


def test_page_numbers_in_the_footer(document):
    s = document.sections[0]
    for footer in (s.footer, s.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml
        assert east_asia(footer.paragraphs[0].runs[0]._r.rPr) == "宋体"
        assert footer.paragraphs[0].runs[0].font.size == Pt(14)
    assert document.settings.odd_and_even_pages_header_footer


def test_signature_right_aligned_with_chinese_date(document, report):
    last = [p for p in document.paragraphs if p.text][-2:]
    assert [p.text for p in last] == [report.org, "2026年3月20日"]
    assert all(p.style.style_id == "GikSign" for p in last)
    assert document.styles["落款"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert last[0].paragraph_format.keep_with_next  # 署名 never left without its 成文日期
    assert last[1].paragraph_format.right_indent == Pt(64)  # the date four characters in


def test_prose_paragraphs_are_split_on_line_breaks(demo):
    demo["gik_s5_problems"] = "　　第一段。\n\n第二段。\r\n# 第三段以井号开头"
    doc = docx.Document(io.BytesIO(render(model(demo), "docx")))
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("第一段。")
    assert texts[i:i + 3] == ["第一段。", "第二段。", "# 第三段以井号开头"]
    assert doc.paragraphs[i + 2].style.style_id == "Normal"


def test_blank_figures_stay_blank_in_the_table(demo):
    demo["gik_t3"][4][0] = None
    doc = docx.Document(io.BytesIO(render(model(demo), "docx")))
    assert doc.tables[1].cell(3 + 4, 3).text == ""


def test_no_figure_shifts_when_every_cell_differs(demo):
    """All 175 cells of table 三 and the 15 of table 四 hold distinct figures: each is in its own cell."""
    report = model(distinct_tables(demo))
    doc = docx.Document(io.BytesIO(render(report, "docx")))
    t3, t4 = doc.tables[1], doc.tables[2]
    got = {(r.key, c.key): t3.cell(3 + i, 3 + j).text
           for i, r in enumerate(spec.T3.rows) for j, c in enumerate(spec.T3.cols)}
    assert got == {(r.key, c.key): str(report.value("t3", r.key, c.key))
                   for r in spec.T3.rows for c in spec.T3.cols}
    assert len(set(got.values())) == 175
    figures4 = [t4.cell(3, j).text for j in range(15)]
    assert figures4 == [str(report.value("t4", "count", c.key)) for c in spec.T4.cols]
    assert len({t4.cell(3, j).text for j in range(15)}) == 15


def test_table3_every_row_label_follows_the_official_path(document):
    """Across the three label columns each row reads as its official label path
    (merged cells repeat: 一、… over all three; （一）予以公开 over two)."""
    t = document.tables[1]
    for i, row in enumerate(spec.T3.rows):
        assert [t.cell(3 + i, c).text for c in range(3)] == label_path(row.path, 3), row.key
    for j, col in enumerate(spec.T3.cols):
        assert [t.cell(r, 3 + j).text for r in range(3)] == label_path(col.path, 3), col.key


def grid_widths(table) -> list[int]:
    return [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]


def test_columns_widen_for_figures_of_four_or_five_digits(demo, document):
    """A large city's or a summed county report: figures must not wrap inside their cells
    (seen in LibreOffice as "104" over "1"); the long labels give up the room."""
    usual = grid_widths(document.tables[1])
    doc = docx.Document(io.BytesIO(render(model(distinct_tables(demo)), "docx")))
    wide = grid_widths(doc.tables[1])
    assert sum(wide) == sum(usual) == round(156 / 25.4 * 1440)
    assert wide[:2] == usual[:2] and wide[2] < usual[2]
    assert min(wide[3:9]) > usual[3] and wide[9] > wide[3]  # the 5-digit 总计 column widest
    for j in range(len(spec.T3.cols)):
        digits = max(len(doc.tables[1].cell(3 + i, 3 + j).text) for i in range(25))
        assert wide[3 + j] - 2 * 57 >= digits * 0.65 * 210  # 0.65 em of 10.5 pt per digit, in twips
