"""Pictures for docs/audit.md: the dashboard in headless Chromium, the overview workbook through LibreOffice.

Usage: python scripts/render_audit_pictures.py   (needs chromium, soffice and pdftoppm)

Audits a made-up county folder (towns and departments built from the template,
some with mistakes, one unreadable, one sent twice, one missing) and writes
docs/audit-dashboard.png, docs/audit-overview.png and docs/audit-sums.png.
"""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from audit_helpers import demo, write
from checks_helpers import town_values
from chromium import screenshot
from gikxl.audit.run import HTML_NAME, XLSX_NAME, run_audit
from render_report_pictures import page_with

TOWNS = ["白马镇", "青石镇", "红旗镇", "石桥镇", "东湖街道", "柳林乡", "松山镇"]
DEPARTMENTS = ["教育局", "民政局", "自然资源局", "市场监督管理局"]


def county_folder(root: Path) -> Path:
    units = root / "2025年度各单位年报"
    write(units / "县政府" / "青山县人民政府.xlsm", demo())
    for i, town in enumerate(TOWNS):
        values = town_values()
        values["gik_org"] = f"{town}人民政府" if town.endswith(("镇", "乡")) else f"{town}办事处"
        values["gik_t2_permit"] = [[3 + i]]
        values["gik_t2_enforce"] = [[i], [i % 2]]
        if town == "红旗镇":
            values["gik_t3"][0][0] = 2  # requests never handled: table 三 out of balance
        if town == "石桥镇":
            values["gik_t4"][0][0] = None
        write(units / "乡镇" / f"{town}.xlsm", values)
    for j, dept in enumerate(DEPARTMENTS):
        values = copy.deepcopy(demo())
        values.update(gik_org=f"青山县{dept}", gik_level="县级部门", gik_date=dt.date(2026, 1, 20 + j))
        if dept == "民政局":
            values["gik_t2_rules"][1] = [4, 1, 30]  # 现行有效 that no longer follows from last year
        write(units / "部门" / f"{dept}.xlsx", values)
    (units / "部门" / "民政局(1).xlsx").write_bytes((units / "部门" / "民政局.xlsx").read_bytes())
    (units / "收件箱").mkdir()
    (units / "收件箱" / "松山镇年报.xlsx").write_bytes(b"PK\x03\x04 damaged in transfer")
    return units


def main() -> None:
    docs = ROOT / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        units = county_folder(tmp)
        names = tmp / "应报单位.txt"
        names.write_text("\n".join(["青山县人民政府", *(f"{t}人民政府" for t in TOWNS if t != "东湖街道"),
                                    "东湖街道办事处", *(f"青山县{d}" for d in DEPARTMENTS), "青山县财政局"]),
                         encoding="utf-8")
        run_audit(units, units, expect=names)
        screenshot(units / HTML_NAME, docs / "audit-dashboard.png", 1280, 1800)
        print("docs/audit-dashboard.png")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp), str(units / XLSX_NAME)],
                       check=True, capture_output=True)
        pdf = tmp / f"{Path(XLSX_NAME).stem}.pdf"
        # The top of each page: the sheets are fitted to the page's width, so the rest is blank paper.
        pages = (("audit-overview", 1, 420), ("audit-sums", page_with(pdf, "第二十条第（一）项"), 1075))
        for name, page, height in pages:
            subprocess.run(["pdftoppm", "-r", "130", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                            "-x", "0", "-y", "60", "-W", "1520", "-H", str(height), str(pdf), str(docs / name)],
                           check=True)
            print(f"docs/{name}.png")


if __name__ == "__main__":
    main()
