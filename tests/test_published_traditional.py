"""A report published in traditional characters (some sites offer both scripts) reads like its simplified twin."""

from __future__ import annotations

import datetime as dt

import pytest

from gikxl import spec
from gikxl.examples import demo_values
from gikxl.published import import_report
from gikxl.published.sections import SUBSECTIONS
from gikxl.report import render
from gikxl.text import TRADITIONAL
from gikxl.workbook.model import report_from_names

opencc = pytest.importorskip("opencc")


def _label_texts() -> list[str]:
    texts = [spec.REPORT_NAME, *spec.SECTION_TITLES, "信息处理费", "本年新制作数量", "对外公开总数量", "规范性文件"]
    for table in spec.TABLES:
        for block in table.blocks:
            texts += [p for item in (*block.rows, *block.cols) for p in item.path] + [block.heading]
    texts += [f.label for f in spec.FIELDS.values()]
    texts += [n for names in SUBSECTIONS.values() for _, words in names for n in words]
    return texts


def test_every_traditional_form_of_a_label_is_folded():
    to_traditional = opencc.OpenCC("s2t")
    needed = {t for text in _label_texts() for s, t in zip(text, to_traditional.convert(text), strict=True) if s != t}
    assert needed <= set(TRADITIONAL), "".join(sorted(needed - set(TRADITIONAL)))


def test_a_traditional_page_reads_every_cell_and_section(tmp_path):
    values = demo_values()
    values["gik_date"] = dt.date.fromisoformat(values["gik_date"])
    report = report_from_names(values)
    page = opencc.OpenCC("s2t").convert(render(report, "html").decode("utf-8"))
    assert "資訊" in page or "公開" in page  # really traditional
    path = tmp_path / "年報.html"
    path.write_text(page, encoding="utf-8")
    got = import_report(path)
    assert got.report.org == report.org and got.report.year == report.year
    for key, block in spec.BLOCKS.items():
        for r in block.rows:
            for c in block.cols:
                assert got.report.value(key, r.key, c.key) == report.value(key, r.key, c.key), (key, r.key, c.key)
    assert all(got.report.prose(k) for k, f in spec.FIELDS.items() if f.kind == "prose" and report.prose(k))
    # the text itself is kept as published: only the reading is folded
    assert got.report.prose("s1_active") != report.prose("s1_active")
    assert opencc.OpenCC("t2s").convert(got.report.prose("s1_active")) == report.prose("s1_active")
