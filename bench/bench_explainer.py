"""Benchmark: the 解读 from a report and last year's (render only: templates, then docx or md).

Usage: python bench/bench_explainer.py [--runs N]
The reports are made from the bundled example, last year's with other figures, so
every change is worded. Prints the first call (imports, template compilation) and
the medians per format.
"""

from __future__ import annotations

import argparse
import sys
import time

from timing import ROOT, warm

sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    runs = ap.parse_args().runs
    from gikxl.examples import demo_values
    from gikxl.report.explainer import render_explainer
    from gikxl.workbook.model import report_from_names

    report = report_from_names(demo_values())
    before = demo_values()
    before["gik_year"] -= 1
    before["gik_t3"][0][0] -= 9
    before["gik_t3"][2][0] -= 9
    previous = report_from_names(before)
    t0 = time.perf_counter()
    render_explainer(report, "docx", previous)
    first = (time.perf_counter() - t0) * 1000
    results = {fmt: 1000 * warm(lambda fmt=fmt: render_explainer(report, fmt, previous), runs)
               for fmt in ("docx", "md")}
    print(f"解读 docx, first call (imports, templates) {first:7.1f} ms")
    for fmt, ms in results.items():
        print(f"解读 {fmt:4} with last year's report         median {ms:7.1f} ms  ({runs} runs)")


if __name__ == "__main__":
    main()
