"""A county office's folder of unit reports, built from the real template, and independent sums.

``build_folder(root)`` writes clean units, broken units, unreadable and hostile
files, a duplicate and a report of another year, and returns what each file's
row must say. ``expected_sums(values)`` adds the official tables up cell by
cell in plain Python, totals included, without gikxl's table code.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks_helpers import town_values
from conftest import as_cell_values
from gikxl import spec
from gikxl.examples import demo_values
from gikxl.template.builder import build_workbook

#: A 机关名称 a hostile sender typed: a formula for Excel, markup and a bidi override for a page.
HOSTILE_ORG = '=HYPERLINK("http://evil.example/","点我")<script>alert(1)</script>\u202e恶意镇'


@dataclass(frozen=True)
class Expect:
    """What a file's row must say."""

    status: str
    errors: int = 0
    warnings: int = 0
    org: str = ""
    #: Tables (2, 3, 4) this file's figures are summed into.
    counted_in: tuple[int, ...] = ()


def demo() -> dict[str, Any]:
    return as_cell_values(demo_values())


def write(path: Path, values: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_workbook(as_cell_values(values)))
    return path


def set_text(path: Path, name: str, text: str) -> None:
    """Put ``text`` into the cell of defined name ``name`` as text, whatever it starts with."""
    from openpyxl import load_workbook

    wb = load_workbook(path, keep_vba=True)
    ((sheet, ref),) = wb.defined_names[name].destinations
    cell = wb[sheet][ref.replace("$", "")]
    cell.value = text
    cell.data_type = "s"
    wb.save(path)


def clean_units() -> dict[str, dict[str, Any]]:
    """Three clean units with different figures: a county government, a department, a town."""
    county = demo()
    county["gik_t2_fee"] = [[1.2345]]
    bureau = demo()
    bureau.update(gik_org="青山县教育局", gik_level="县级部门", gik_date=dt.date(2026, 1, 20))
    bureau["gik_t2_fee"] = [[2.5]]
    town = town_values()
    town["gik_t2_enforce"] = [[3], [1]]
    return {"青山县人民政府/年报.xlsm": county, "部门/教育局.xlsm": bureau, "乡镇/白马镇.xlsx": town}


def build_folder(root: Path, make_unusable) -> dict[str, Expect]:
    """The office's folder under ``root``; returns the expected row of every file by relative path."""
    expect: dict[str, Expect] = {}
    clean = clean_units()
    for rel, values in clean.items():
        write(root / rel, values)
        expect[rel] = Expect("通过", org=values["gik_org"], counted_in=(2, 3, 4))
    # Broken: table 三 out of balance (and its 总体情况 says no requests came: a second error),
    # counted in 二 and 四 only; a blank in table 四.
    t3 = town_values()
    t3.update(gik_org="红旗镇")
    t3["gik_t3"][0][0] = 2  # two new requests that were never handled
    write(root / "乡镇/红旗镇.xlsm", t3)
    expect["乡镇/红旗镇.xlsm"] = Expect("有错误", errors=2, org="红旗镇", counted_in=(2, 4))
    t4 = town_values()
    t4.update(gik_org="石桥镇")
    t4["gik_t4"][0][0] = None
    write(root / "乡镇/石桥镇.xlsm", t4)
    expect["乡镇/石桥镇.xlsm"] = Expect("有错误", errors=1, org="石桥镇", counted_in=(2, 3))
    # Hostile text in a clean unit: stays text in the workbook, inert on the page.
    hostile = town_values()
    write(root / "乡镇/恶意.xlsm", hostile)
    set_text(root / "乡镇/恶意.xlsm", "gik_org", HOSTILE_ORG)
    expect["乡镇/恶意.xlsm"] = Expect("通过", org=HOSTILE_ORG, counted_in=(2, 3, 4))
    # Unreadable: a zip bomb, a truncated workbook, text named .xlsx.
    unreadable = (("zip_bomb", "收件箱/bomb.xlsx"), ("truncated", "收件箱/cut.xlsm"), ("text", "收件箱/notes.xlsx"))
    for case, rel in unreadable:
        path = make_unusable(case)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, root / rel)
        expect[rel] = Expect("无法读取")
    # The same town twice: both rows 重复, neither summed.
    shutil.copy(root / "乡镇/白马镇.xlsx", root / "收件箱/白马镇(1).xlsx")
    expect["乡镇/白马镇.xlsx"] = Expect("重复", org="白马镇人民政府")
    expect["收件箱/白马镇(1).xlsx"] = Expect("重复", org="白马镇人民政府")
    # Last year's report sent by mistake: passes, but is not summed with this year's.
    old = town_values()
    old.update(gik_org="青石镇人民政府", gik_year=2024, gik_date=dt.date(2025, 1, 16))
    write(root / "乡镇/青石镇2024.xlsm", old)
    expect["乡镇/青石镇2024.xlsm"] = Expect("通过", org="青石镇人民政府")
    # Not reports: a lock file and a note are not rows.
    (root / "~$年报.xlsm").write_bytes(b"lock")
    (root / "说明.odt").write_bytes(b"not a report")  # (a .doc is a report kind: read through LibreOffice)
    return expect


def values_of(root: Path, rel: str) -> dict[str, Any]:
    """The values a file of :func:`build_folder` was made from."""
    units = clean_units()
    if rel in units:
        return units[rel]
    values = town_values()
    if rel == "乡镇/红旗镇.xlsm":
        values["gik_t3"][0][0] = 2
    if rel == "乡镇/石桥镇.xlsm":
        values["gik_t4"][0][0] = None
    return values


def _inputs(block: spec.Block, values: dict[str, Any]) -> list[list[float]]:
    """A block's typed figures, totals as 0 (the sum below computes them)."""
    rows = values[block.name]
    return [[0 if block.is_derived(r.key, c.key) else rows[i][j] for j, c in enumerate(block.cols)]
            for i, r in enumerate(block.rows)]


def expected_sums(units: list[dict[str, Any]], table: spec.Table) -> dict[str, list[list[float]]]:
    """Every block of ``table`` summed over ``units``, its totals added up here by hand (not by gikxl's table code)."""
    out = {}
    for block in table.blocks:
        key = block.key
        grid = [[0.0] * len(block.cols) for _ in block.rows]
        for values in units:
            for i, line in enumerate(_inputs(block, values)):
                for j, v in enumerate(line):
                    grid[i][j] += v
        out[key] = grid
    if "t3" in out:
        t3 = out["t3"]
        for line in t3:
            line[6] = sum(line[:6])  # 申请人情况·总计 = the six kinds of applicant
        t3[23] = [sum(t3[i][j] for i in range(2, 23)) for j in range(7)]  # （七）总计 = the 21 results
    if "t4" in out:
        t4 = out["t4"][0]
        for g in range(3):
            t4[g * 5 + 4] = sum(t4[g * 5:g * 5 + 4])  # each group's 总计 = its four outcomes
    return out
