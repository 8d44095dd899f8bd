"""Shared helpers of the checks tests: run the checks on a real workbook, edit a built workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from gikxl.checks.engine import run_checks
from gikxl.checks.findings import Finding
from gikxl.workbook import read_report
from gikxl.workbook.model import AnnualReport

#: The day the tests pretend it is (the demo is a 2025 report dated 2026-03-20).
TODAY = dt.date(2026, 4, 1)

T3 = "三、依申请公开"
T2 = "二、主动公开"
T4 = "四、复议诉讼"
INFO = "基本信息"
S1 = "一、总体情况"
S5 = "五、问题改进"
S6 = "六、其他事项"


def check_book(path: Path, previous: Path | None = None) -> list[Finding]:
    return list(run_checks(read_report(path), read_report(previous) if previous else None, today=TODAY))


def cell_findings(report: AnnualReport) -> list[Finding]:
    """The ``CELL-*`` findings of a report: what the reader observed, as the checks classify it."""
    return [f for f in run_checks(report, today=TODAY) if f.code.startswith("CELL-")]


def overwrite(path: Path, cells: dict[tuple[str, str], Any]) -> Path:
    """Type constants into cells of a built workbook (e.g. over a total formula), as a clerk would."""
    from openpyxl import load_workbook

    wb = load_workbook(path, keep_vba=True)
    for (sheet, cell), value in cells.items():
        wb[sheet][cell] = value
    wb.save(path)
    return path


def town_values() -> dict[str, Any]:
    """An all-zero town workbook with its prose filled: nothing to report, nothing wrong."""
    from gikxl import spec

    values: dict[str, Any] = {
        "gik_org": "白马镇人民政府",
        "gik_level": "乡镇（街道）",
        "gik_year": 2025,
        "gik_date": dt.date(2026, 1, 16),
        "gik_info_fee": 0,
        "gik_s1_active": "本年度，白马镇通过政府门户网站和公示栏主动公开政府信息139条，其中行政许可1条。",
        "gik_s1_request": "本年度，白马镇未收到政府信息公开申请。",
        "gik_s1_manage": "严格执行信息发布“三审”制度，本年度我镇未制定、废除行政规范性文件。",
        "gik_s1_platform": "依托县政府门户网站开设本镇栏目，及时更新工作动态和通知公告。",
        "gik_s1_oversight": "将政府信息公开纳入年度目标绩效考核，开展业务培训两次。",
        "gik_s5_problems": "一是信息更新不够及时；二是公开内容不够具体。",
        "gik_s5_improve": "一是加强培训；二是完善审核机制，拓宽公开渠道。",
        "gik_s6_other": "本年度未收取信息处理费。",
    }
    for block in spec.BLOCKS.values():
        values[block.name] = [[0] * len(block.cols) for _ in block.rows]
    values["gik_t2_permit"] = [[1]]
    return values


def previous_values(demo: dict[str, Any]) -> dict[str, Any]:
    """Last year's workbook consistent with the demo: carry-over and documents in force match."""
    import copy

    prev = copy.deepcopy(demo)
    prev["gik_year"] = 2024
    prev["gik_date"] = dt.date(2025, 3, 20)
    prev["gik_t3"][-1] = list(demo["gik_t3"][1])  # 结转下年度 = this year's 上年结转
    issued, repealed, in_force = demo["gik_t2_rules"][1]
    prev["gik_t2_rules"] = [[0, 0, 0], [3, 2, in_force - issued + repealed]]
    for key in ("gik_s1_active", "gik_s1_request", "gik_s1_manage", "gik_s1_platform", "gik_s1_oversight",
                "gik_s5_problems", "gik_s5_improve", "gik_s6_other", "gik_intro"):
        prev[key] = f"2024年度的情况与本年不同，这是上一年度报告中“{key}”一段的文字，内容完全是另写的。"
    return prev
