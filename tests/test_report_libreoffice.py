"""A third-party reader: LibreOffice opens the Word report and prints it to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from gikxl import spec
from gikxl.report import write_report
from lo import convert, needs_soffice
from report_helpers import distinct_tables, model

pytestmark = [pytest.mark.libreoffice, needs_soffice]


def pdf_text(pdf) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_libreoffice_prints_the_report_to_pdf(demo, tmp_path):
    src = write_report(model(demo), tmp_path / "年报.docx")
    pdf = convert(src, "pdf", tmp_path)
    text = pdf_text(pdf)
    flat = re.sub(r"\s+", "", text)
    for title in spec.SECTION_TITLES:
        assert title in flat, title
    assert "青山县人民政府" in flat and "2026年3月20日" in flat
    assert "本年度共收到政府信息公开申请47件" in flat
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in flat
    # table 3's first row of figures, in order, on one line
    assert re.search(r"一、本年新收政府信息公开申请数量\s+38\s+5\s+0\s+1\s+2\s+1\s+47", text)
    pages = text.count("\f")
    assert 3 <= pages <= 8
    assert re.search(r"—\s*1\s*—", text)  # page number in the footer
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=False, capture_output=True, text=True).stdout
        assert "(A4)" in info


def test_libreoffice_prints_every_figure_of_table3_in_its_row_and_column(demo, tmp_path):
    """All 175 figures, each different, read back from the PDF in table order."""
    report = model(distinct_tables(demo))
    pdf = convert(write_report(report, tmp_path / "表三.docx"), "pdf", tmp_path)
    text = pdf_text(pdf)
    page = text[text.index(spec.TABLE3.title):text.index(spec.SECTION_TITLES[3])]
    rows = [tuple(m.group(1).split()) for line in page.splitlines()
            if (m := re.search(r"((?:\b\d{3,}\s+){6}\d{3,})\s*$", line))]
    assert rows == [tuple(str(report.value("t3", r.key, c.key)) for c in spec.T3.cols) for r in spec.T3.rows]
