"""Benchmark: the Word report from a loaded workbook (render + write), and the other formats.

Usage: python bench/bench_report.py [--runs N]
The workbook is built from the bundled example and read once; each run renders
the report through the templates and writes it (what ``gikxl report`` does after
reading and checking). Prints medians; target for docx: under 300 ms.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, warm

sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    runs = ap.parse_args().runs
    from gikxl.examples import demo_values
    from gikxl.report import write_report
    from gikxl.template.builder import build_workbook
    from gikxl.workbook import read_report
    from gikxl.workbook.model import report_from_names

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        values = demo_values()
        values["gik_date"] = report_from_names(values).date
        book = tmp / "demo.xlsm"
        book.write_bytes(build_workbook(values))
        report = read_report(book)
        t0 = time.perf_counter()
        write_report(report, tmp / "first.docx")  # first call: imports and template compilation
        first = (time.perf_counter() - t0) * 1000
        results = {fmt: 1000 * warm(lambda fmt=fmt: write_report(report, tmp / f"r.{fmt}"), runs)
                   for fmt in ("docx", "html", "md")}
    print(f"docx from a loaded workbook, first call (imports, templates) {first:7.1f} ms")
    for fmt, ms in results.items():
        print(f"{fmt:4} from a loaded workbook (render + write)     median {ms:7.1f} ms  ({runs} runs)")


if __name__ == "__main__":
    main()
