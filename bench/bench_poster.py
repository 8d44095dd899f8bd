"""Benchmark: the 一图读懂 poster of the demo, as SVG and as PNG, in process.

Usage: python bench/bench_poster.py [--runs N]
The report is the bundled example, read once. Prints the first call (imports, the
template's compilation, the fonts' first read) and then medians of: the SVG (the
template and the check of its output; target ≤ 50 ms), the PNG drawn from that SVG
(target ≤ 300 ms), and both with last year's report (one figure more per line).
Run on an otherwise idle machine: drawing is all on one core.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time

from timing import ROOT, warm

sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    runs = ap.parse_args().runs
    from gikxl.examples import demo_values
    from gikxl.report.poster import cjk_fonts, poster_png, poster_svg
    from gikxl.workbook.model import report_from_names

    values = demo_values()
    report = report_from_names(values)
    before = copy.deepcopy(values)
    before["gik_year"] -= 1
    before["gik_t3"][0][0] -= 5
    previous = report_from_names(before)

    t0 = time.perf_counter()
    svg = poster_svg(report)
    png = poster_png(svg)
    first = time.perf_counter() - t0
    print(f"fonts: {', '.join(os.path.basename(f) for f in cjk_fonts()) or 'system'}")
    print(f"first SVG + PNG (imports, compile, fonts): {first * 1000:.0f} ms")
    print(f"SVG: {warm(lambda: poster_svg(report), runs) * 1000:.1f} ms  ({len(svg) // 1024} KB)")
    print(f"PNG from the SVG: {warm(lambda: poster_png(svg), runs) * 1000:.0f} ms  ({len(png) // 1024} KB)")
    print(f"SVG + PNG: {warm(lambda: poster_png(poster_svg(report)), runs) * 1000:.0f} ms")
    with_change = poster_svg(report, previous)
    print(f"with last year: SVG {warm(lambda: poster_svg(report, previous), runs) * 1000:.1f} ms, "
          f"PNG {warm(lambda: poster_png(with_change), runs) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
