"""One body, two spellings: a 机关名称 with its parent region in front names the same body.

The one test, :func:`gikxl.bodies.same_body`, on a corpus of names as bodies sign their
reports (positive and look-alike), then where it is used: ``--previous`` (YEAR-OTHER-BODY,
in ``test_checks_cases``) and the audit's pairing with last year's file and with the list of
units expected to report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audit_helpers import demo, write
from gikxl.audit.run import run_audit
from gikxl.bodies import same_body

#: Pairs naming one body: the name, and the name with one or more parent regions in front.
SAME = [
    ("洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("淮安市人民政府", "江苏省淮安市人民政府"),
    ("洪泽区人民政府", "江苏省淮安市洪泽区人民政府"),
    ("白马镇人民政府", "攀枝花市米易县白马镇人民政府"),
    ("米易县白马镇", "攀枝花市米易县白马镇"),
    ("青山县教育局", "青山市青山县教育局"),
    ("市中区人民政府", "济南市市中区人民政府"),  # the name itself begins with 市
    ("红旗街道办事处", "青山县红旗街道办事处"),
    ("延边朝鲜族自治州人民政府", "吉林省延边朝鲜族自治州人民政府"),
    ("洪泽区人民政府", " 淮安市 洪泽区人民政府\u3000"),  # spaces as typed
    ("洪泽区人民政府", "淮安市洪澤區人民政府"),  # a page in traditional script
    ("广州市人民政府办公厅", "廣州市人民政府辦公廳"),
    ("青山县人民政府（ＸＸ）", "青山县人民政府(XX)"),  # full- and half-width: equal as compared
]
#: Look-alikes: other bodies, though their names share most characters.
OTHER = [
    ("洪泽区人民政府", "淮阴区人民政府"),  # two districts of one city
    ("淮安市洪泽区人民政府", "淮安市淮阴区人民政府"),
    ("某县人民政府", "某县人民政府办公室"),  # the government and its office
    ("淮安市人民政府", "淮安市人民政府办公室"),
    ("公安局", "淮安市公安局"),  # a bare office is no body of its own place
    ("人民政府", "淮安市人民政府"),
    ("区人民政府", "淮安市洪泽区人民政府"),
    ("泽区人民政府", "洪泽区人民政府"),  # a name cut short is no region in front
    ("青山县人民政府", "青山县白马镇人民政府"),  # a town of the county
    ("鼓楼区人民政府", "福州市鼓楼区人民政府办公室"),
    ("", ""),
    (None, "洪泽区人民政府"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_a_name_with_its_parent_region_in_front_is_the_same_body(a, b):
    assert same_body(a, b) and same_body(b, a)


@pytest.mark.parametrize(("a", "b"), OTHER)
def test_look_alike_names_are_other_bodies(a, b):
    assert not same_body(a, b) and not same_body(b, a)


def _with_org(org: str) -> dict:
    values = demo()
    values["gik_org"] = org
    return values


@pytest.mark.parametrize(("last_org", "paired"),
                         [("江南省青山市青山县人民政府", True), ("青山县人民政府办公室", False)])
def test_the_audit_pairs_last_years_file_of_the_same_body_only(tmp_path, last_org, paired):
    from checks_helpers import previous_values

    this = demo()
    write(tmp_path / "2025" / "青山县.xlsm", this)
    last = previous_values(this)
    last["gik_org"] = last_org
    last["gik_t3"][-1] = [9, 0, 0, 0, 0, 0, 9]  # breaks this year's carry-over: found only when paired
    write(tmp_path / "2024" / "青山县2024.xlsm", last)
    audit, _ = run_audit(tmp_path / "2025", tmp_path / "out", previous_dir=tmp_path / "2024", jobs=1)
    (row,) = audit.rows
    if paired:
        assert row.previous == "青山县2024.xlsm" and row.status == "有错误"
        assert any("结转" in f.message for f in row.findings)
    else:
        assert row.previous == "" and row.status == "通过"


def test_a_unit_listed_under_another_spelling_of_its_name_has_sent_its_report(tmp_path):
    write(tmp_path / "units" / "a.xlsm", _with_org("青山县人民政府"))
    names = tmp_path / "名单.txt"
    names.write_text("青山市青山县人民政府\n青山县人民政府办公室\n", encoding="utf-8")
    audit, _ = run_audit(tmp_path / "units", tmp_path / "out", expect=names, jobs=1)
    assert [(r.status, r.org) for r in audit.rows] == [("通过", "青山县人民政府"), ("未提交", "青山县人民政府办公室")]


@pytest.mark.parametrize(("last_org", "other"), [("洪泽区人民政府", False), ("淮阴区人民政府", True)])
def test_check_previous_on_published_reports_of_one_body_spelt_two_ways(tmp_path, capsys, last_org, other):
    """``gikxl check 2024.txt --previous 2023.txt``: the 2024 report signs with its city in front."""
    import json

    from gikxl.__main__ import main
    from section_variants import ONE_HEADED, report, section_one

    def published(org: str, year: int) -> Path:
        lines = report(section_one("（{n}）{h}。{t}"), ONE_HEADED, ["本年度未收取信息处理费。"])
        lines[0] = f"{org}{year}年政府信息公开工作年度报告"
        lines[-2:] = [org, f"{year + 1}年1月20日"]
        path = tmp_path / f"{year}-{org}.txt"
        path.write_text("\n\n".join(lines), encoding="utf-8")
        return path

    this, last = published("淮安市洪泽区人民政府", 2024), published(last_org, 2023)
    main(["check", str(this), "--previous", str(last), "--json"])
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)}
    assert ("YEAR-OTHER-BODY" in codes) is other
