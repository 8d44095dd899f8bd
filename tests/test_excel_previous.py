"""从上年报告导入 on real xlwings objects (the remote engine, ``xw.Book(json=...)``)."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

# The remote engine is xlwings PRO code, free for noncommercial use (as tests/test_excel.py sets it).
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings as xw

from gikxl import excel, spec
from gikxl.template import layout
from gikxl.workbook.xlbook import report_from_book
from remote_book import apply_actions, payload_of, set_cell

pytestmark = pytest.mark.usefixtures("no_mock_caller", "home")

PUBLISHED = Path(__file__).resolve().parent / "data" / "published"
WORD_PDF = PUBLISHED / "2024-市场监管局-word.pdf"  # 结转下年度继续办理 2 2 0 0 0 0, 现行有效 0 and 21
CARRIED = {layout.block_cell(spec.T3, "carried", c)[1] for c in spec.T3_APPLICANT_COLS}
REFERENCE = layout.references()[layout.PREVIOUS_IN_FORCE]


def press(payload: dict, path: Path | str) -> xw.Book:
    book = xw.Book(json=copy.deepcopy(payload))
    book.set_mock_caller()
    excel.import_previous(str(path))
    return book


def writes(book: xw.Book) -> dict[tuple[str, str], object]:
    """(sheet, A1) → value of every cell the button wrote."""
    names = [s.name for s in book.sheets]
    out = {}
    for a in book.json()["actions"]:
        if a["func"] in ("setValues", "setFormula"):
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    cell = layout.column_letter(a["start_column"] + j + 1) + str(a["start_row"] + i + 1)
                    out[(names[a["sheet_position"]], cell)] = v
    return out


def alerts(book: xw.Book) -> list[list]:
    return [a["args"] for a in book.json()["actions"] if a["func"] == "alert"]


@pytest.fixture
def typed(make_workbook, demo) -> dict:
    """This year's workbook with the clerk's figures typed in, 上年结转 still blank."""
    demo["gik_t3"][1] = [None] * 7
    demo["gik_year"] = 2025
    return payload_of(make_workbook(demo))


def test_fills_only_last_years_carry_over_and_the_reference(typed):
    book = press(typed, WORD_PDF)
    written = writes(book)
    t3, t2 = spec.TABLE3.sheet, spec.TABLE2.sheet
    assert {cell for sheet, cell in written if sheet == t3} == CARRIED
    assert {k: v for k, v in written.items() if k[0] == t3} == {
        (t3, layout.block_cell(spec.T3, "carried", c)[1]): v
        for c, v in zip(spec.T3_APPLICANT_COLS, [2, 2, 0, 0, 0, 0], strict=True)}
    assert {k: v for k, v in written.items() if k[0] == t2} == {(t2, REFERENCE.cell(0)): 0, (t2, REFERENCE.cell(1)): 21}
    assert set(written) <= {(t3, c) for c in CARRIED} | {(t2, REFERENCE.cell(i)) for i in range(2)}


def test_everything_else_the_clerk_typed_reads_the_same_after(typed):
    before = report_from_book(xw.Book(json=copy.deepcopy(typed)))
    book = press(typed, WORD_PDF)
    after = report_from_book(xw.Book(json=apply_actions(copy.deepcopy(typed), book.json()["actions"])))
    assert [after.value("t3", "carried", c) for c in spec.T3_APPLICANT_COLS] == [2, 2, 0, 0, 0, 0]
    for key, block in spec.BLOCKS.items():
        for r in block.rows:
            for c in block.cols:
                if (key, r.key) != ("t3", "carried") and not block.is_derived(r.key, c.key):
                    assert after.value(key, r.key, c.key) == before.value(key, r.key, c.key), (key, r.key, c.key)
    assert after.fields == before.fields


def test_says_in_chinese_what_it_filled(typed):
    (alert,) = alerts(press(typed, WORD_PDF))
    prompt, title = alert[0], alert[1]
    assert title == "从上年报告导入"
    assert "2024-市场监管局-word.pdf" in prompt and "共 4 件" in prompt and "行政规范性文件 21" in prompt
    assert "其他内容均未改动" in prompt and "注意" not in prompt


def test_warns_when_last_years_file_is_not_the_year_before(typed):
    set_cell(typed, spec.INFO_SHEET.name, layout.cell_of("gik_year")[1], 2027)
    (alert,) = alerts(press(typed, WORD_PDF))
    assert "本工作簿的报告年度为 2027" in alert[0]


def test_a_cell_last_year_did_not_give_is_left_as_typed(typed, tmp_path):
    text = (PUBLISHED / "2024-米易县草场镇.txt").read_text(encoding="utf-8")
    src = tmp_path / "上年.txt"
    src.write_text(text.replace("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t1\t0\t0"),
                   encoding="utf-8")
    sheet, cell = layout.block_cell(spec.T3, "carried", "natural")
    set_cell(typed, sheet, cell, 7)
    book = press(typed, src)
    assert not any(s == spec.TABLE3.sheet for s, _ in writes(book))
    assert "未读到" in alerts(book)[0][0]


def test_an_unusable_file_gets_a_message_and_no_changes(typed, tmp_path):
    bad = tmp_path / "扫描件.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF\n")
    book = press(typed, bad)
    assert writes(book) == {}
    ((prompt, title, _, mode, _),) = alerts(book)
    assert title == "从上年报告导入" and mode == "critical" and "扫描件.pdf" in prompt
    book = press(typed, tmp_path / "上年.odt")
    assert writes(book) == {} and "无法读取" in alerts(book)[0][0]
