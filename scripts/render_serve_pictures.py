"""Pictures of gikxl serve's page for README: the page in headless Chromium, against a running service.

Usage: python scripts/render_serve_pictures.py   (needs chromium)

Starts ``gikxl serve``, drops a town's workbook with three mistakes on the page
at 1280×800 and writes docs/serve-page.png; then audits three units on the
审核多个单位 tab and writes docs/serve-audit.png.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from devtools import Browser
from gikxl.examples import demo_values
from gikxl.template.builder import build_workbook
from serve_helpers import Served


def workbook(path: Path, org: str, mistakes: bool) -> Path:
    values = demo_values()
    values["gik_date"] = dt.date.fromisoformat(values["gik_date"])
    values["gik_org"] = org
    if mistakes:
        values["gik_t3"][0][0] = -5
        values["gik_t3"][2][1] = "3件"
        values["gik_s1_active"] = ""
    path.write_bytes(build_workbook(values))
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        town = workbook(folder / "白马镇2025年年报.xlsm", "青山县白马镇人民政府", True)
        others = [workbook(folder / "青石镇2025年年报.xlsm", "青山县青石镇人民政府", False),
                  workbook(folder / "教育局2025年年报.xlsx", "青山县教育局", False)]
        server = Served(folder / "tmp").wait_ready()
        browser = Browser(1280, 800)
        try:
            browser.go(f"http://127.0.0.1:{server.port}/")
            browser.choose_files("#file", town)
            browser.wait_for("document.querySelectorAll('tr.finding').length > 0", "the findings")
            print(browser.screenshot(ROOT / "docs" / "serve-page.png"))
            browser.eval("document.getElementById('tab-audit').click()")
            browser.choose_files("#audit-files", town, *others)
            browser.eval("document.getElementById('run-audit').click()")
            browser.wait_for("!document.getElementById('audit-result').hidden", "the audit", 120)
            print(browser.screenshot(ROOT / "docs" / "serve-audit.png"))
            assert browser.console_errors() == [], browser.console_errors()
        finally:
            browser.close()
            server.stop()


if __name__ == "__main__":
    main()
