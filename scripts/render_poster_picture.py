"""Draw the demo's 一图读懂 to docs/report-poster.png, with the change from a made-up last year
(the bundled example less a few figures) so that the picture shows the --previous layout too.

Usage: python scripts/render_poster_picture.py   (the PNG is drawn by resvg, as `gikxl report --picture` does)
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gikxl.examples import demo_values
from gikxl.report import render
from gikxl.workbook.model import report_from_names


def main() -> None:
    values = demo_values()
    before = copy.deepcopy(values)
    before["gik_year"] -= 1
    before["gik_t3"][0][0] -= 6   # fewer requests from 自然人 last year
    before["gik_t3"][2][0] -= 4   # of them 4 fewer granted
    before["gik_t3"][12][0] -= 2  # and 2 fewer 本机关不掌握: last year's table balances too
    before["gik_t2_permit"] = [[1190]]
    before["gik_t4"][0][1] += 1   # one more 复议 corrected
    out = ROOT / "docs" / "report-poster.png"
    out.write_bytes(render(report_from_names(values), "png", previous=report_from_names(before)))
    print(out)


if __name__ == "__main__":
    main()
