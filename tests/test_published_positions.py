"""A cell whose position is known is read by position, and a figure is used only where the header agrees.

The page is the demo report as gikxl writes it for a website (the official tables with their
merged headers), then changed as real pages are: a half of table 四 left blank, a row shifted by
one cell, a stray figure, "/" for 不适用.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gikxl import spec
from gikxl.checks.engine import run_checks
from gikxl.checks.findings import Severity
from gikxl.checks.located import located
from gikxl.examples import demo_values
from gikxl.published import import_report
from gikxl.report import render
from gikxl.workbook.model import report_from_names
from lo import convert, needs_soffice

_T4_ROW = "".join(f"<td>{v}</td>" for v in (2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 1, 0, 0, 0, 1))
_NOT_HELD = "1.本机关不掌握相关政府信息</th>"
_NOT_HELD_CELLS = "".join(f"<td>{v}</td>" for v in (8, 1, 0, 0, 0, 0, 9))


@pytest.fixture(scope="module")
def page() -> str:
    values = demo_values()
    values["gik_date"] = dt.date.fromisoformat(values["gik_date"])
    html = render(report_from_names(values), "html").decode("utf-8")
    assert _T4_ROW in html and _NOT_HELD + _NOT_HELD_CELLS in html  # the demo's figures, as changed below
    return html


def _read(tmp_path: Path, html: str):
    path = tmp_path / "年报.html"
    path.write_text(html, encoding="utf-8")
    imported = import_report(path)
    return imported, located(run_checks(imported.report), imported)


def test_a_blank_half_of_table_4_leaves_the_other_half_read(tmp_path, page):
    blanked = "<td></td>" * 5 + _T4_ROW.split("</td>", 5)[5]
    imported, found = _read(tmp_path, page.replace(_T4_ROW, blanked))
    t4 = imported.report.tables["t4"].grid()[0]
    assert t4[:5] == [None] * 5 and t4[5:] == [1, 0, 0, 1, 2, 1, 0, 0, 0, 1]
    assert not [m for m in imported.missing if m.block == "t4"]  # placed, not lost
    # blank is the report's own gap: found, and pointed at the empty cell in the file
    blanks = [f for f in found if f.code == "CELL-BLANK"]
    assert len(blanks) == 4 and all(f.cell.startswith("表格") and f.cell.endswith("“”") for f in blanks)
    assert all(f.severity is Severity.ERROR for f in blanks)


def test_a_row_shifted_by_one_cell_is_reported_not_read_into_the_wrong_columns(tmp_path, page):
    shifted = page.replace(_NOT_HELD + _NOT_HELD_CELLS, _NOT_HELD + "<td></td>" + _NOT_HELD_CELLS)
    imported, found = _read(tmp_path, shifted)
    assert [imported.report.value("t3", "unable_not_held", c.key) for c in spec.T3.cols] == [None] * 7
    (why,) = {m.where for m in imported.missing if m.row == "unable_not_held"}
    assert "与表头对不上" in why and "商业企业" in why
    # the rows around it are read as ever; the reader's gap is a note, not an error of the report
    assert imported.report.value("t3", "unable_needs_making", "natural") == 1
    assert not [f for f in found if f.code == "CELL-BLANK"]
    assert any("本机关不掌握" in n.message for n in found.notes)


def test_a_stray_figure_is_not_guessed_away(tmp_path, page):
    stray = page.replace(_NOT_HELD + _NOT_HELD_CELLS, _NOT_HELD + _NOT_HELD_CELLS + "<td>3</td>")
    imported, _ = _read(tmp_path, stray)
    assert imported.report.value("t3", "unable_not_held", "natural") is None
    assert all("有 8 个数字，应为 7 个" in m.where for m in imported.missing if m.row == "unable_not_held")


def test_zero_blank_and_not_applicable_stay_apart(tmp_path, page):
    changed = page.replace(_NOT_HELD + _NOT_HELD_CELLS,
                           _NOT_HELD + "".join(f"<td>{v}</td>" for v in (8, 1, "", "/", 0, 0, 9)))
    imported, found = _read(tmp_path, changed)
    row = [imported.report.value("t3", "unable_not_held", c.key) for c in spec.T3.cols]
    assert row == [8, 1, None, None, 0, 0, 9]
    assert any("写的是“/”" in n and "不适用" in n for n in imported.notes)
    codes = [(f.code, f.cell) for f in found if f.severity is Severity.ERROR]
    assert [c for c, _ in codes] == ["CELL-BLANK"]  # the blank, not the "/"


# PDFs printed from Word in the ways real ones are ------------------------------------------------

def _rewritten(docx: bytes, change) -> bytes:
    """The Word file with ``change`` applied to its body and styles."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in ("word/document.xml", "word/styles.xml"):
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
    return out.getvalue()


def _no_borders(xml: str) -> str:
    """Every table border removed, as many offices print their tables."""
    xml = re.sub(r'<w:(top|left|bottom|right|insideH|insideV|start|end) w:val="[a-z]+"', r'<w:\1 w:val="nil"', xml)
    return re.sub(r"<w:tcBorders>.*?</w:tcBorders>", "", xml, flags=re.S)


def _page_frame(xml: str) -> str:
    """A ruled frame round the text of every page (Word's page border)."""
    sides = "".join(f'<w:{s} w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
                    for s in ("top", "left", "bottom", "right"))
    return re.sub(r"(<w:pgMar[^>]*/>)", r"\1" + f'<w:pgBorders w:offsetFrom="text">{sides}</w:pgBorders>', xml)


def _white_shading(xml: str) -> str:
    """Every paragraph shaded white: printed as one borderless white box per line of text."""
    return xml.replace("<w:pPr>", '<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="FFFFFF"/>')


@needs_soffice
@pytest.mark.parametrize("change", [_no_borders, _page_frame, _white_shading], ids=lambda c: c.__name__[1:])
def test_a_pdf_printed_from_word_reads_every_cell(tmp_path, change):
    """Without rulings, labels wrap beside their figures and the group label （六）其他处理, centred
    over its rows, is cut into pieces among their lines; a frame or white boxes round the text are
    no table. Every cell still comes back, and the sections stay text."""
    values = demo_values()
    values["gik_date"] = dt.date.fromisoformat(values["gik_date"])
    report = report_from_names(values)
    docx = tmp_path / "年报.docx"
    docx.write_bytes(_rewritten(render(report, "docx"), change))
    imported = import_report(convert(docx, "pdf", tmp_path))
    for key, block in spec.BLOCKS.items():
        for r in block.rows:
            for c in block.cols:
                assert imported.report.value(key, r.key, c.key) == report.value(key, r.key, c.key), (key, r.key, c.key)
    for key in ("s1_active", "s1_oversight", "s5_improve", "s6_other"):
        assert "".join(report.prose(key).split())[:12] in "".join(imported.report.prose(key).split()), key
