"""The county's indicators of each unit, worked out here from the cells the workbooks were made
of (by the official row and column positions, not gikxl's table code), in --json, in the 指标
sheet read back and on the dashboard in Chromium; and the thresholds file, good and bad."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from lxml import html as lxml_html

from audit_helpers import demo, write
from checks_helpers import town_values
from chromium import dump_dom, needs_chromium
from gikxl.__main__ import main
from gikxl.audit.indicators import Thresholds, read_thresholds
from gikxl.audit.run import HTML_NAME, XLSX_NAME, run_audit
from gikxl.errors import GikxlError

# The official layout of table 三 (rows) and 四 (columns), counted by hand from the format.
NEW, GRANTED, PARTIAL = 0, 2, 3
DENY = range(4, 12)
UNABLE = range(12, 15)
RESULTS = range(2, 23)  # （一） to （六）: their sum is （七）总计 (row 23)
APPLICANTS = range(6)  # the six kinds of applicant (column 6 is their 总计)
REVIEW = 0  # 行政复议: 维持, 纠正, 其他, 尚未审结, 总计 from column 0
SUITS = (5, 10)  # 未经复议直接起诉, 复议后起诉
UPHELD, CORRECTED, OTHER = 0, 1, 2

KEYS = ("new_requests", "disclosure_rate", "denial_rate", "unable_rate", "review_correction_rate",
        "suit_correction_rate")
LABELS = ("新收申请", "公开率", "不予公开率", "无法提供率", "复议纠错率", "诉讼纠错率")


def _sum(cells: list[Any]) -> Any:
    return None if any(c is None for c in cells) else sum(cells)


def _rows(t3: list[list[Any]], rows: range | tuple[int, ...]) -> Any:
    return _sum([t3[r][c] for r in rows for c in APPLICANTS])


def _share(part: Any, whole: Any) -> float | None:
    return None if part is None or whole is None or whole == 0 else part / whole


def expected(values: dict[str, Any]) -> dict[str, Any]:
    """The six indicators of the cells a workbook was made of."""
    t3, (t4,) = values["gik_t3"], values["gik_t4"]
    handled = _rows(t3, RESULTS)

    def corrected(starts: tuple[int, ...]) -> float | None:
        return _share(_sum([t4[s + CORRECTED] for s in starts]),
                      _sum([t4[s + k] for s in starts for k in (UPHELD, CORRECTED, OTHER)]))

    return {
        "new_requests": _rows(t3, (NEW,)),
        "disclosure_rate": _share(_rows(t3, (GRANTED, PARTIAL)), handled),
        "denial_rate": _share(_rows(t3, DENY), handled),
        "unable_rate": _share(_rows(t3, UNABLE), handled),
        "review_correction_rate": corrected((REVIEW,)),
        "suit_correction_rate": corrected(SUITS),
    }


def _same(got: dict[str, Any], want: dict[str, Any]) -> None:
    for key, value in want.items():
        if value is None:
            assert got[key] is None, key
        else:
            assert got[key] == pytest.approx(value), key


def _units() -> dict[str, dict[str, Any]]:
    """Units whose indicators are known, unknown (a blank) and undefined (nothing to divide by)."""
    county = demo()  # review 1 corrected of 3 decided: red
    zero = town_values()
    zero.update(gik_org="零申请镇人民政府")
    zero["gik_t3"] = [[0] * 7 for _ in zero["gik_t3"]]
    zero["gik_t4"] = [[0] * 15]
    blank = demo()
    blank.update(gik_org="青山县空白局", gik_level="县级部门")
    blank["gik_t3"] = copy.deepcopy(blank["gik_t3"])
    blank["gik_t3"][DENY[0]][0] = None  # one 不予公开 cell unread: every rate over （七）总计 is unknown
    # No review decided yet (only pending), suits decided in both kinds.
    blank["gik_t4"] = [[0, 0, 0, 2, 2, 3, 1, 1, 0, 5, 1, 1, 0, 0, 2]]
    yellow = demo()
    yellow.update(gik_org="青山县黄色局", gik_level="县级部门")
    yellow["gik_t4"] = [[8, 1, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]  # 1 ÷ 9 = 11.1 %
    edge = demo()
    edge.update(gik_org="青山县十分局", gik_level="县级部门")
    edge["gik_t4"] = [[9, 1, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]  # 10 %: not above 10 %
    return {"县政府.xlsm": county, "乡镇/零申请镇.xlsx": zero, "部门/空白局.xlsm": blank,
            "部门/黄色局.xlsm": yellow, "部门/十分局.xlsm": edge}


def _last_year() -> dict[str, Any]:
    before = demo()
    before.update(gik_year=2024, gik_date=dt.date(2025, 3, 20))
    before["gik_t3"] = copy.deepcopy(before["gik_t3"])
    before["gik_t3"][NEW][0] += 10  # ten more new requests last year
    before["gik_t3"][GRANTED][0] += 10  # all granted
    before["gik_t4"] = [[3, 0, 0, 0, 3, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1]]  # nothing corrected
    return before


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("indicators")
    units = _units()
    for rel, values in units.items():
        write(root / "units" / rel, values)
    (root / "units" / "收件箱").mkdir()
    (root / "units" / "收件箱" / "notes.xlsx").write_text("不是工作簿", encoding="utf-8")
    write(root / "previous" / "县政府2024.xlsm", _last_year())
    audit, _ = run_audit(root / "units", root / "out", previous_dir=root / "previous", jobs=2)
    return audit, units, root


def test_each_indicator_is_the_sum_worked_out_here(audited):
    audit, units, _ = audited
    rows = {r.file: r for r in audit.rows}
    for rel, values in units.items():
        _same(rows[rel].indicators, expected(values))
    assert rows["收件箱/notes.xlsx"].indicators == {}


def test_a_denominator_of_0_or_an_unknown_figure_is_no_number(audited):
    audit, _, _ = audited
    rows = {r.file: r for r in audit.rows}
    zero = rows["乡镇/零申请镇.xlsx"].indicators
    assert zero["new_requests"] == 0
    assert all(zero[k] is None for k in KEYS[1:])
    blank = rows["部门/空白局.xlsm"].indicators
    assert blank["new_requests"] == 47  # its row is whole
    assert blank["disclosure_rate"] is None and blank["denial_rate"] is None and blank["unable_rate"] is None
    assert blank["review_correction_rate"] is None  # only pending cases
    assert blank["suit_correction_rate"] == pytest.approx(2 / 7)  # (1 + 1) ÷ (3 + 1 + 1 + 1 + 1 + 0)


def test_change_from_last_year_is_this_less_last(audited):
    audit, units, _ = audited
    county = next(r for r in audit.rows if r.file == "县政府.xlsm")
    assert county.previous == "县政府2024.xlsm"
    now, before = expected(units["县政府.xlsm"]), expected(_last_year())
    assert county.indicators["new_requests_change"] == -10
    for key in KEYS:
        assert county.indicators[key + "_change"] == pytest.approx(now[key] - before[key]), key
    # An unpaired unit has no changes at all.
    other = next(r for r in audit.rows if r.file == "部门/黄色局.xlsm")
    assert not any(k.endswith("_change") for k in other.indicators)


def test_marks_by_default_thresholds(audited):
    audit, _, _ = audited
    marks = {r.file: audit.mark(r) for r in audit.rows}
    assert marks["县政府.xlsm"] == "red"  # 1 ÷ 3
    assert marks["部门/黄色局.xlsm"] == "yellow"
    assert marks["部门/十分局.xlsm"] == ""  # exactly 10 %
    assert marks["乡镇/零申请镇.xlsx"] == "" and marks["收件箱/notes.xlsx"] == ""
    assert Thresholds(red=0.5, yellow=0.05).mark(next(r for r in audit.rows if r.file == "部门/十分局.xlsm")
                                                 .indicators) == "yellow"


def test_json_carries_the_indicators_as_fractions(audited, tmp_path, capsys):
    _, units, root = audited
    code = main(["audit", str(root / "units"), "-o", str(tmp_path), "--previous-dir", str(root / "previous"),
                 "--jobs", "2", "--json"])
    out, err = capsys.readouterr()
    assert code == 1, err
    data = json.loads(out)
    assert data["thresholds"] == {"red": 0.15, "yellow": 0.1}
    by_file = {u["file"]: u for u in data["units"]}
    assert set(by_file["县政府.xlsm"]["indicators"]) == {*KEYS, *(k + "_change" for k in KEYS)}
    assert set(by_file["部门/黄色局.xlsm"]["indicators"]) == set(KEYS)
    assert by_file["收件箱/notes.xlsx"]["indicators"] is None
    for rel, values in units.items():
        _same(by_file[rel]["indicators"], expected(values))
    assert by_file["乡镇/零申请镇.xlsx"]["indicators"]["disclosure_rate"] is None  # null, not 0
    assert by_file["县政府.xlsm"]["mark"] == "red" and by_file["部门/十分局.xlsm"]["mark"] is None


def test_indicator_sheet_read_back(audited):
    from openpyxl import load_workbook

    _audit, units, root = audited
    ws = load_workbook(root / "out" / XLSX_NAME)["指标"]
    head = [c.value for c in ws[1]]
    assert head[:9] == ["排名", "单位", "文件", *LABELS]
    assert head[9:15] == [f"{label}比上年" for label in LABELS] and head[-1] == "标记"
    lines = [list(line) for line in ws.iter_rows(min_row=2, max_row=1 + len(units))]
    seen = {}
    for n, line in enumerate(lines, 1):
        assert line[0].value == n
        rel = line[2].value
        want = expected(units[rel])
        for key, cell in zip(KEYS, line[3:9], strict=True):
            if want[key] is None:
                assert cell.value == "—" and cell.data_type == "s", (rel, key)
            else:
                assert cell.value == pytest.approx(want[key]), (rel, key)
                assert cell.number_format == ("0" if key == "new_requests" else "0.0%")
        seen[rel] = line[-1].value
    assert set(seen) == set(units)  # the unreadable file has no line
    assert seen["县政府.xlsm"] == "红" and seen["部门/黄色局.xlsm"] == "黄" and seen["部门/十分局.xlsm"] in ("", None)
    rates = [line[4].value for line in lines]
    known = [r for r in rates if r != "—"]
    assert known == sorted(known, reverse=True) and len(known) < len(rates)
    assert rates == known + ["—"] * (len(rates) - len(known))  # ranked by 公开率, unknown last
    assert all(c.data_type != "f" for line in ws.iter_rows() for c in line)


@needs_chromium
def test_dashboard_ranked_table_and_charts_in_chromium(audited):
    _audit, units, root = audited
    dom, console = dump_dom(root / "out" / HTML_NAME)
    assert console == []
    tree = lxml_html.fromstring(dom)
    assert tree.xpath("//script") == []
    lines = tree.xpath('//table[contains(@class,"indicators")]/tbody/tr')
    assert len(lines) == len(units)
    heads = [th.text_content() for th in tree.xpath('//table[contains(@class,"indicators")]/thead//th')]
    assert heads[2:8] == list(LABELS)
    by_name = {line.xpath("string(td[2])"): [td.text_content() for td in line.xpath("td")] for line in lines}
    zero = by_name["零申请镇人民政府"]
    assert zero[2] == "0" and zero[3:8] == ["—"] * 5
    county = by_name["青山县人民政府"]
    want = expected(units["县政府.xlsm"])
    assert county[3] == f"{want['disclosure_rate'] * 100:.1f}%"
    assert county[6] == f"{want['review_correction_rate'] * 100:.1f}%" and county[-1] == "红"
    assert by_name["青山县黄色局"][-1] == "黄"
    charts = tree.xpath('//svg[contains(@class,"rates")]')
    assert len(charts) == 2
    titles = [t.text_content() for t in charts[0].xpath(".//*[local-name()='title']")]
    assert f"青山县人民政府：{want['disclosure_rate'] * 100:.1f}%" in titles
    assert not any(t.startswith("零申请镇") for t in titles)  # no rate, no bar


# The thresholds file ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "text", "red", "yellow"), [
    ("阈值.txt", "# 纠错率阈值\n红色 = 20%\n黄色 = 12\n", 0.20, 0.12),
    ("t.txt", "yellow=5 %  # 只改黄色\n", 0.15, 0.05),
    ("t.txt", "\ufeff红色：30％\n", 0.30, 0.10),
    ("t.json", '{"red": 25, "黄色": "8%"}', 0.25, 0.08),
])
def test_thresholds_file_good(tmp_path, name, text, red, yellow):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    got = read_thresholds(path)
    assert got.red == pytest.approx(red) and got.yellow == pytest.approx(yellow)


@pytest.mark.parametrize(("name", "text", "words"), [
    ("t.txt", "红色 = 20\n\n蓝色 = 3\n", "第 3 行：不认识的键“蓝色”"),
    ("t.txt", "红色 = 二十\n", "第 1 行：“二十”不是百分数"),
    ("t.txt", "# x\n红色 20\n", "第 2 行"),
    ("t.txt", "红色 = 120\n", "不在 0 到 100 之间"),
    ("t.txt", "红色 = 5\n黄色 = 10\n", "黄色阈值（10%）高于红色阈值（5%）"),
    ("t.json", '{\n"red": 20,\n}', "第 3 行：不是有效的 JSON"),
    ("t.json", "[15, 10]", "应为一个 JSON 对象"),
])
def test_thresholds_file_bad_names_the_line(tmp_path, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GikxlError) as caught:
        read_thresholds(path)
    assert words in caught.value.message


def test_thresholds_on_the_command_line(audited, tmp_path, capsys):
    _, _, root = audited
    good = tmp_path / "阈值.txt"
    good.write_text("红色 = 50\n黄色 = 5\n", encoding="utf-8")
    assert main(["audit", str(root / "units"), "-o", str(tmp_path / "o"), "--jobs", "2", "--json",
                 "--thresholds", str(good)]) == 1
    data = json.loads(capsys.readouterr().out)
    marks = {u["file"]: u["mark"] for u in data["units"]}
    assert marks["县政府.xlsm"] == "yellow" and marks["部门/十分局.xlsm"] == "yellow"
    bad = tmp_path / "坏.txt"
    bad.write_text("红色 = 50\n黄色 = 很多\n", encoding="utf-8")
    assert main(["audit", str(root / "units"), "-o", str(tmp_path / "o2"), "--thresholds", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "第 2 行" in err and "“很多”不是百分数" in err and "Traceback" not in err
    assert not (tmp_path / "o2").exists()  # stopped before the batch
    assert main(["audit", str(root / "units"), "--thresholds", str(tmp_path / "无.txt")]) == 2
    assert "无法读取阈值文件" in capsys.readouterr().err


def test_thresholds_file_too_big_or_not_text(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"# " + b"x" * 70_000)
    with pytest.raises(GikxlError, match="超过 64 KB"):
        read_thresholds(big)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81\x30")
    with pytest.raises(GikxlError):
        read_thresholds(binary)


def test_expected_here_is_not_gikxl_by_another_name():
    """The sums above could fail: a blank or a zero changes them as gikxl must."""
    values = demo()
    assert expected(values)["review_correction_rate"] == pytest.approx(1 / 3)
    values["gik_t4"] = [[0] * 15]
    assert expected(values)["review_correction_rate"] is None
    values["gik_t3"][GRANTED][1] = None
    assert expected(values)["disclosure_rate"] is None and expected(values)["new_requests"] == 47


def test_plain_output_counts_the_marked_units(audited, tmp_path, capsys):
    _, _, root = audited
    assert main(["audit", str(root / "units"), "-o", str(tmp_path), "--jobs", "2"]) == 1
    out = capsys.readouterr().out
    # 县政府 (复议 1 ÷ 3) and 空白局 (诉讼 2 ÷ 7) red, 黄色局 (1 ÷ 9) yellow.
    assert "纠错率超过阈值的单位：红色 2 个，黄色 1 个" in out
