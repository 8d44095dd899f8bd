"""Reports in the 2019 format (years 2019 and 2020, met with --previous and in archives), as sites print them.

What the stored pages of such reports show, written here as our own variant: table 二 with
本年新制作数量 / 本年新公开数量 / 对外公开总数量, labels followed by the site's own explanation in
brackets, 本年增/减 signed (+1, -2), 0 as "-", a row 其他对外管理服务事项 and a 政府集中采购 block
with no 2021 counterpart; table 三 with the 2021 rows but a single （六）其他处理 row; the title
with the year before the body's name.
"""

from __future__ import annotations

import pytest

from gikxl import spec
from gikxl.published import import_report

_T2 = [
    ["第二十条第（一）项"],
    ["信息内容", "本年新制作数量（指本年度制作的件数）", "本年新公开数量", "对外公开总数量"],
    ["规章（设区的市、自治州人民政府应提供相关数据）", "0", "0", "0"],
    ["规范性文件（行政机关制定发布的决定、公告、通告等）", "3", "3", "21"],
    ["第二十条第（五）项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政许可", "22", "+1", "64"],
    ["其他对外管理服务事项", "1168", "+173", "1341"],
    ["第二十条第（六）项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政处罚", "9", "-2", "17"],
    ["行政强制", "4", "0", "-"],
    ["第二十条第（八）项"],
    ["信息内容", "上一年项目数量", "本年增/减"],
    ["行政事业性收费", "2", "0"],
    ["第二十条第（九）项"],
    ["信息内容", "采购项目数量", "采购总金额"],
    ["政府集中采购", "22", "184719元"],
]


def _t3_rows(other: int) -> list[list[str]]:
    rows = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
            ["自然人", "法人或其他组织", "总计"], ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    figures = {"new": 6, "carried": 1, "granted": 3, "partial": 1, "unable_not_held": 1}
    total = sum(v for k, v in figures.items() if k in spec.T3_RESULT_ROWS) + other
    for r in spec.T3.rows:
        if r.key in ("other_no_fee", "other_other"):
            continue
        if r.key == "other_no_amend":
            rows.append([r.path[1], str(other), "0", "0", "0", "0", "0", str(other)])
            continue
        value = total if r.key == "total" else figures.get(r.key, 0)
        if r.key == "carry_next":
            value = 6 + 1 - total
        rows.append([*r.path[-2:], str(value), "0", "0", "0", "0", "0", str(value)])
    return rows


def _table(rows: list[list[str]]) -> str:
    return "<table>" + "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</table>"


def _page(other: int) -> str:
    t4 = [["行政复议", "行政诉讼"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
          ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]]
    return (
        '<html><head><meta charset="utf-8"></head><body>'
        "<h1>2020年青石县交通运输局政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>2020年，我局认真贯彻落实《条例》。</p>"
        "<p>二、主动公开政府信息情况</p>" + _table(_T2)
        + "<p>三、收到和处理政府信息公开申请情况</p>" + _table(_t3_rows(other))
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + _table(t4)
        + "<p>五、存在的主要问题及改进情况</p><p>主要问题是宣传不够。下一步将加强培训。</p>"
        "<p>六、其他需要报告的事项</p><p>无。</p><p>青石县交通运输局</p><p>2021年1月25日</p></body></html>")


@pytest.fixture(params=[0, 2], ids=["other-0", "other-2"])
def imported(request, tmp_path):
    path = tmp_path / "2020年报.html"
    path.write_text(_page(request.param), encoding="utf-8")
    return request.param, import_report(path)


def test_the_title_gives_the_body_and_year_even_with_the_year_first(imported):
    _, got = imported
    assert got.format_year == 2019
    assert (got.report.org, got.report.year) == ("青石县交通运输局", 2020)


def test_table_2_maps_what_maps(imported):
    _, got = imported
    r = got.report
    assert r.tables["t2_rules"].grid() == [[0, None, 0], [3, None, 21]]
    assert [r.value("t2_permit", "permit", "decisions"), r.value("t2_enforce", "penalty", "decisions"),
            r.value("t2_enforce", "coercion", "decisions")] == [64, 17, 0]
    assert r.value("t2_fee", "fee", "amount") is None  # the 2019 format gives no amount
    noted = {(m.block, m.row, m.col) for m in got.missing if m.block.startswith("t2")}
    assert noted == {("t2_rules", "regulation", "repealed"), ("t2_rules", "normative", "repealed"),
                     ("t2_fee", "fee", "amount")}


def test_table_3_and_4_read_with_the_one_other_row(imported):
    other, got = imported
    r = got.report
    assert r.value("t3", "new", "natural") == 6 and r.value("t3", "granted", "total") == 3
    assert r.value("t4", "count", spec.T4.cols[0].key) == 1
    parts = [r.value("t3", k, "natural") for k in ("other_no_amend", "other_no_fee", "other_other")]
    if other == 0:
        assert parts == [0, 0, 0] and any("均为 0" in n for n in got.notes)
    else:  # 2 cannot be shared out among three parts: not guessed, reported
        assert parts == [None, None, None]
        assert {m.row for m in got.missing if m.block == "t3"} == {"other_no_amend", "other_no_fee", "other_other"}
