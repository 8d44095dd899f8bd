"""``gikxl audit --picture``: the county's 一图读懂 of the tables summed over the units.

Every figure the poster prints is read back out of the SVG by its place (its section, its
label, or its table row and column) and compared with a sum computed here over the units
each table counts (:func:`audit_helpers.expected_sums`), never with gikxl's own sums.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from lxml import etree

from audit_helpers import HOSTILE_ORG, Expect, build_folder, demo, expected_sums, set_text, values_of, write
from bad_files import UNUSABLE
from checks_helpers import town_values
from gikxl import spec
from gikxl.__main__ import main
from gikxl.audit.run import HTML_NAME, PICTURE_NAMES, XLSX_NAME

SVG = "{http://www.w3.org/2000/svg}"
#: The fees (元) the office folder's clean units state; the others state 0, 白马镇's copy is a duplicate.
FEES = {"青山县人民政府/年报.xlsm": 120.5, "部门/教育局.xlsm": 80.25}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Expect]]:
    root = tmp_path_factory.mktemp("office")
    folder = root / "2025年报"
    scratch = root / "scratch"
    scratch.mkdir()

    def make_unusable(case: str) -> Path:
        make, _words = UNUSABLE[case]
        return make(scratch, lambda values=None, name="filled.xlsm": write(scratch / name, values or {}))

    expect = build_folder(folder, make_unusable)
    for rel, fee in FEES.items():  # the units' own fees, so that the sum is not 0 + 0
        values = values_of(folder, rel)
        values["gik_info_fee"] = fee
        write(folder / rel, values)
    return folder, expect


@pytest.fixture(scope="module")
def pictured(office, tmp_path_factory):
    """The audit run as a clerk runs it, with ``--picture --json``; the JSON and the output folder."""
    folder, expect = office
    out = tmp_path_factory.mktemp("out")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["audit", str(folder), "-o", str(out), "--jobs", "2", "--json", "--picture"])
    assert code == 1  # the folder holds broken units
    return json.loads(buffer.getvalue()), out, expect, folder


def _value(g) -> float | None:
    """The number a figure shows (its unit in a tspan after it), ``None`` for 未填报."""
    (text,) = [t for t in g.iter(f"{SVG}text") if "value" in t.get("class", "").split()]
    shown = (text.text or "").strip()
    if shown in ("未填报", "—"):  # a blank; a share with nothing to divide by
        return None
    if shown.endswith("%"):
        return float(shown[:-1]) / 100
    return float(shown.replace(",", ""))


def _label(g) -> str:
    labels = [t for t in g.iter(f"{SVG}text") if t.get("class") == "label"]
    return "".join(labels[0].itertext()) if labels else ""


def _figures(section) -> dict[str, float | None]:
    """A section's figures outside its tables, by label."""
    return {_label(g): _value(g) for g in section.iter(f"{SVG}g")
            if "figure" in g.get("class", "").split() and _label(g)}


def _table(section) -> dict[str, list[float | None]]:
    """A section's table: each row's figures, in column order, by the row's label."""
    rows = {}
    for row in section.iter(f"{SVG}g"):
        if row.get("class") != "table-row":
            continue
        label = "".join(next(t for t in row.iter(f"{SVG}text") if t.get("class") == "row-label").itertext())
        rows[label] = [_value(g) for g in row.iter(f"{SVG}g") if g.get("class") == "figure"]
    return rows


def _poster(out: Path):
    """The county poster's root element and its sections by id."""
    root = etree.fromstring((out / PICTURE_NAMES["svg"]).read_bytes(),
                            etree.XMLParser(resolve_entities=False, no_network=True))
    return root, {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("class") == "section"}


def _sums(expect: dict[str, Expect], folder: Path, number: int) -> dict[str, list[list[float]]]:
    table = next(t for t in spec.TABLES if t.number == number)
    counted = [rel for rel, e in expect.items() if number in e.counted_in]
    return expected_sums([values_of(folder, rel) for rel in counted], table)


def _t3_groups() -> list[tuple[str, list[int]]]:
    """The six outcomes of 三、本年度办理结果 as the poster groups them: rows by their second heading."""
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(spec.T3.rows):
        if row.key in spec.T3_RESULT_ROWS:
            groups.setdefault(row.path[1], []).append(i)
    return list(groups.items())


def test_the_pictures_are_written_and_listed(pictured):
    data, out, _expect, _folder = pictured
    assert data["pictures"] == [str(out / name) for name in PICTURE_NAMES.values()]
    png = (out / PICTURE_NAMES["png"]).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 1080
    assert (out / XLSX_NAME).is_file() and (out / HTML_NAME).is_file()


def test_the_county_poster_is_titled_for_the_county(pictured):
    _data, out, _expect, _folder = pictured
    root, _sections = _poster(out)
    title = "".join(root.find(f"{SVG}title").itertext())
    # The one 县级人民政府 among the units names the place; the tables count different units: no number.
    assert title.startswith("青山县各单位汇总2025年") and "个单位" not in title


def test_table_two_on_the_poster_is_the_sum_of_the_units_counted(pictured):
    _data, out, expect, folder = pictured
    _root, sections = _poster(out)
    sums = _sums(expect, folder, 2)
    active = sections["active"]
    assert _table(active) == {"规章": sums["t2_rules"][0], "行政规范性文件": sums["t2_rules"][1]}
    figures = _figures(active)
    assert figures["行政许可"] == sums["t2_permit"][0][0]
    assert (figures["行政处罚"], figures["行政强制"]) == (sums["t2_enforce"][0][0], sums["t2_enforce"][1][0])
    assert figures["行政事业性收费"] == pytest.approx(sums["t2_fee"][0][0])
    assert sums["t2_fee"][0][0] == pytest.approx(1.2345 + 2.5)  # the two units' 万元, to four places


def test_table_three_on_the_poster_leaves_out_the_unit_it_does_not_count(pictured):
    _data, out, expect, folder = pictured
    _root, sections = _poster(out)
    t3 = _sums(expect, folder, 3)["t3"]
    total = spec.T3.cols.index(spec.T3.col("total"))
    figures = _figures(sections["requests"])
    label = {row.key: row.label for row in spec.T3.rows}
    assert figures[label["new"].split("、", 1)[1]] == t3[0][total]
    assert figures[label["carried"].split("、", 1)[1]] == t3[1][total]
    handled = t3[23][total]
    assert figures["总计"] == handled
    assert figures[label["carry_next"].split("、", 1)[1]] == t3[24][total]
    for head, rows in _t3_groups():
        name = head.split("）", 1)[1].split("（")[0]
        assert figures[name] == sum(t3[i][total] for i in rows), name
    granted_partial = sum(t3[i][total] for _, rows in _t3_groups()[:2] for i in rows)
    assert figures["公开率"] == pytest.approx(granted_partial / handled, abs=0.0005)  # printed to 0.1 %
    # 红旗镇's two new requests (its table 三 has an error) are not in the sum.
    with_it = _sums({**expect, "乡镇/红旗镇.xlsm": Expect("有错误", counted_in=(2, 3, 4))}, folder, 3)["t3"]
    assert with_it[0][total] == t3[0][total] + 2


def test_table_four_on_the_poster_is_the_sum_of_the_units_counted(pictured):
    _data, out, expect, folder = pictured
    _root, sections = _poster(out)
    (t4,) = _sums(expect, folder, 4)["t4"]
    review = t4[0:5]
    suits = [a + b for a, b in zip(t4[5:10], t4[10:15], strict=True)]  # both kinds of suit
    rows = _table(sections["lawsuits"])
    for label, counts in (("行政复议", review), ("行政诉讼", suits)):
        shown = rows[label]
        assert shown[:5] == counts, label
        decided = counts[0] + counts[1] + counts[2]
        assert shown[5] == (pytest.approx(counts[1] / decided, abs=0.0005) if decided else None), label


def test_the_fee_on_the_poster_is_the_units_fees_summed(pictured):
    data, out, expect, _folder = pictured
    _root, sections = _poster(out)
    counted = sorted(rel for rel, e in expect.items() if e.counted_in)  # every unit of 2025 counted anywhere
    assert sorted(u["file"] for u in data["info_fee"]["counted"]) == counted
    want = sum(FEES.get(rel, 0) for rel in counted)
    assert data["info_fee"]["value"] == pytest.approx(want)
    assert _figures(sections["fee"])["信息处理费"] == pytest.approx(want) and want == 200.75
    why = {u["file"]: u["reason"] for u in data["info_fee"]["left_out"]}
    assert why["乡镇/白马镇.xlsx"] == "重复提交，无法确定以哪份为准"
    assert why["乡镇/青石镇2024.xlsm"] == "报告年度为 2024，不是 2025 年"


def test_the_same_units_in_every_sum_are_counted_in_the_title(tmp_path, capsys):
    units = tmp_path / "2025"
    write(units / "县政府.xlsm", demo())
    write(units / "白马镇.xlsm", town_values())
    assert main(["audit", str(units), "-o", str(tmp_path / "out"), "--jobs", "1", "--picture"]) == 0
    out = capsys.readouterr().out
    assert f"一图读懂：{tmp_path / 'out' / PICTURE_NAMES['png']}" in out
    svg = (tmp_path / "out" / PICTURE_NAMES["svg"]).read_text(encoding="utf-8")
    assert "<title>青山县各单位汇总（2个单位）2025年" in svg


@pytest.mark.parametrize(("folder", "units", "title"), [
    # Without one government, the region every name begins with: cut after 县, not inside 白马镇/白石镇's 白.
    ("2025", [("青山县教育局", "县级部门"), ("青山县白马镇人民政府", "乡镇（街道）"),
              ("青山县白石镇人民政府", "乡镇（街道）")], "青山县各单位汇总（3个单位）2025年"),
    # Without a government or a shared region, the folder's name.
    ("乡镇年报", [("白马镇人民政府", "乡镇（街道）"), ("红旗镇人民政府", "乡镇（街道）")],
     "乡镇年报各单位汇总（2个单位）2025年"),
])
def test_without_one_government_the_names_or_the_folder_name_the_batch(tmp_path, capsys, folder, units, title):
    for org, level in units:
        values = town_values()
        values.update(gik_org=org, gik_level=level)
        write(tmp_path / folder / f"{org}.xlsm", values)
    assert main(["audit", str(tmp_path / folder), "-o", str(tmp_path / "out"), "--jobs", "1", "--picture"]) == 0
    capsys.readouterr()
    svg = (tmp_path / "out" / PICTURE_NAMES["svg"]).read_text(encoding="utf-8")
    assert f"<title>{title}" in svg


def test_a_hostile_government_name_is_only_text_in_the_title(tmp_path, capsys):
    units = tmp_path / "2025"
    write(units / "县政府.xlsm", demo())
    set_text(units / "县政府.xlsm", "gik_org", HOSTILE_ORG + "人民政府")
    main(["audit", str(units), "-o", str(tmp_path / "out"), "--jobs", "1", "--picture"])
    capsys.readouterr()
    root, _sections = _poster(tmp_path / "out")
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}a"))
    title = "".join(root.find(f"{SVG}title").itertext())
    assert title.startswith(HOSTILE_ORG.replace("\u202e", "") + "各单位汇总（1个单位）")  # the bidi override dropped


def test_without_picture_nothing_new_is_written(tmp_path, capsys):
    units = tmp_path / "units"
    write(units / "县政府.xlsm", demo())
    assert main(["audit", str(units), "-o", str(tmp_path / "out"), "--jobs", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "pictures" not in data
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([HTML_NAME, XLSX_NAME])


def test_no_poster_when_no_unit_can_be_counted(tmp_path, capsys):
    units = tmp_path / "units"
    units.mkdir()
    (units / "坏.xlsx").write_bytes(b"not a workbook")
    assert main(["audit", str(units), "-o", str(tmp_path / "out"), "--jobs", "1", "--picture"]) == 1
    assert "没有可以计入汇总的单位，未生成一图读懂" in capsys.readouterr().out
    assert not any((tmp_path / "out" / name).exists() for name in PICTURE_NAMES.values())
    assert main(["audit", str(units), "-o", str(tmp_path / "out"), "--jobs", "1", "--picture", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["pictures"] == []


# Last year's sums ------------------------------------------------------------------

def _county(root: Path, paired: tuple[str, ...]) -> str:
    """Two units this year; last year's reports of those in ``paired``: the county poster's SVG."""
    import copy
    import datetime as dt

    from gikxl.audit.poster import county_poster
    from gikxl.audit.run import run_audit

    office = demo()
    office.update(gik_org="青山县教育局", gik_level="县级部门")
    units = {"县政府.xlsm": demo(), "部门/教育局.xlsm": office}
    for rel, values in units.items():
        write(root / "units" / rel, values)
        if rel in paired:
            before = copy.deepcopy(values)
            before.update(gik_year=2024, gik_date=dt.date(2025, 3, 20))
            # Last year, in each unit: 3 fewer new requests (2 of 自然人, granted, and 1 of a 商业企业),
            # and its carry-over and documents in force those this year's report follows on from.
            before["gik_t3"][0][0] -= 2
            before["gik_t3"][2][0] -= 2
            before["gik_t3"][0][1] -= 1
            before["gik_t3"][1] = [2, 0, 0, 0, 0, 0, None]
            before["gik_t3"][24] = [*values["gik_t3"][1][:6], None]
            before["gik_t2_rules"] = [[0, 0, 0], [4, 1, 20]]
            before["gik_t2_permit"] = [[values["gik_t2_permit"][0][0] + 10]]  # 许可: 10 more
            write(root / "previous" / f"2024{Path(rel).name}", before)
    (root / "previous").mkdir(exist_ok=True)
    audit, _ = run_audit(root / "units", root / "out", previous_dir=root / "previous", jobs=1)
    return county_poster(audit)["svg"].decode("utf-8")


def test_the_county_poster_gives_the_change_from_the_same_units_last_year(tmp_path):
    from poster_helpers import figures_in

    shown = figures_in(_county(tmp_path, ("县政府.xlsm", "部门/教育局.xlsm")))
    t3 = "收到和处理政府信息公开申请情况"
    assert shown[(t3, "本年新收政府信息公开申请数量")].change == "较上年增加6件"  # 2 units × 3
    assert shown[(t3, "本年度办理结果", "予以公开")].change == "+4"
    assert shown[("主动公开政府信息情况", "本年处理决定数量", "行政许可")].change == "较上年减少20件"
    assert shown[("政府信息公开行政复议、行政诉讼情况", "行政复议", "总计")].change == "持平"


def test_no_county_change_is_claimed_from_part_of_the_units(tmp_path):
    from poster_helpers import figures_in

    shown = figures_in(_county(tmp_path, ("县政府.xlsm",)))  # 教育局 has no report of last year
    assert all(s.change is None for s in shown.values())
