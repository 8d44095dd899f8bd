"""Every way a worksheet cell can hold its content, as the streaming reader decodes it.

Each case replaces one prose cell of a real workbook with a ``<c>`` element as
Excel, LibreOffice or openpyxl may write it, and reads the file through the
public reader.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gikxl.template.layout import cell_of
from gikxl.workbook.raw import NOT_CALCULATED, ErrorValue, RawCell
from gikxl.workbook.xlsx import read_grids
from test_hostile_reader import rezip, sheet_member

NAME = "gik_s1_active"

CASES = [
    # Rich text: the runs joined; phonetic runs (rPh) left out.
    ('t="inlineStr"><is><r><t>甲</t></r><r><rPr><b/></rPr><t xml:space="preserve">乙 </t></r>'
     '<rPh sb="0" eb="1"><t>jia</t></rPh></is>', RawCell("甲乙 ")),
    ('t="inlineStr"><is><t>丙_x000D_丁</t><rPh sb="0" eb="1"><t>bing</t></rPh></is>', RawCell("丙\r丁")),
    ('t="inlineStr"><is><t>不算</t><r><t>算</t></r></is>', RawCell("算")),  # runs, when there are any
    ('t="inlineStr"><is/>', RawCell("")),
    ('t="inlineStr"/>', RawCell(None)),
    ('t="inlineStr"><is><t>前</t><t>后</t></is>', RawCell("前")),  # the first text
    # Formulas and their stored results.
    ('t="str"><f>A1</f><v>结果_x005F_x000D_</v>', RawCell("结果_x000D_", True)),
    ('t="str"><f>A1</f><v></v>', RawCell(None, True)),
    ('><f>SUM(A1:A2)</f><v/>', RawCell(NOT_CALCULATED, True)),
    ('><f>SUM(A1:A2)</f><v>7</v>', RawCell(7, True)),
    # Typed constants.
    ('t="e"><v>#REF!</v>', RawCell(ErrorValue("#REF!"))),
    ('t="b"><v>1</v>', RawCell(True)),
    ('t="b"><v>0</v>', RawCell(False)),
    ('t="d"><v>2025-03-01T00:00:00</v>', RawCell(dt.datetime(2025, 3, 1))),
    ('t="d"><v>三月</v>', RawCell("三月")),
    ('><v>3.0</v>', RawCell(3)),
    ('><v>2.5</v>', RawCell(2.5)),
    ('><v>abc</v>', RawCell("abc")),
    ('><v>1<x/>2</v>', RawCell(1)),  # the text before a child, as xml.etree reads it
    ('t="s"><v>x</v>', RawCell(ErrorValue("#共享字符串缺失"))),
    ('/>', RawCell(None)),
    (' xmlns:x14ac="urn:other"><x14ac:v>5</x14ac:v><v>6</v>', RawCell(6)),  # another namespace's v is not it
]


@pytest.mark.parametrize(("cell", "expected"), CASES)
def test_a_cell_reads_as_its_content_says(cell, expected, demo, make_workbook, tmp_path):
    sheet, ref = cell_of(NAME)
    src = make_workbook(demo)
    member = sheet_member(src, sheet)

    def replace(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        pattern = rb'<c r="%s"[^>]*?(/>|>.*?</c>)' % ref.encode()
        assert re.search(pattern, data)
        closed = cell.count(">") == 1 and cell.endswith("/>")  # <c …/>: no content, no end tag
        return re.sub(pattern, (f'<c r="{ref}" ' + cell + ("" if closed else "</c>")).encode(), data, count=1)

    grid = read_grids(rezip(src, tmp_path / "cell.xlsm", replace))[NAME]
    assert grid.cells[0][0] == expected


def test_cells_without_an_address_follow_their_left_neighbour(demo, make_workbook, tmp_path):
    """Some writers leave ``r`` out; a cell then sits right of the one before, whether that
    one was wanted (its column known from its address) or not."""
    from gikxl import spec
    from gikxl.workbook import read_report

    src = make_workbook(demo)
    member = sheet_member(src, spec.TABLE3.sheet)

    def strip(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        # Columns C, D, F and H lose their address: C after the addressed B, D after C, …
        out, n = re.subn(rb'<c r="[CDFH]\d+"', b"<c", data)
        assert n > 50
        return out

    report = read_report(rezip(src, tmp_path / "no-r.xlsm", strip))
    assert report.observations == []
    assert report.tables["t3"] == read_report(src).tables["t3"]
