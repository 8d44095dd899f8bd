"""Benchmark: ``gikxl new`` (cold process) and reading a filled workbook.

Usage: python bench/bench_workbook.py [--runs N]
Prints medians; run on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from timing import ROOT, cold, warm

sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs
    from gikxl.examples import demo_values
    from gikxl.template.builder import build_workbook
    from gikxl.workbook import read_report
    from gikxl.workbook.model import report_from_names

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "new.xlsm"
        t_new = cold([sys.executable, "-m", "gikxl", "new", "-o", str(out), "--org", "测试镇人民政府",
                      "--year", "2025", "--force"], runs, ok=(0,))
        values = demo_values()
        values["gik_date"] = report_from_names(values).date
        book = Path(tmp) / "demo.xlsm"
        book.write_bytes(build_workbook(values))
        t_read = warm(lambda: read_report(book), max(runs, 20))
        read_code = f"from gikxl.workbook import read_report; read_report({str(book)!r})"
        t_read_cold = cold([sys.executable, "-c", read_code], runs, ok=(0,))
        t_python = cold([sys.executable, "-c", "pass"], runs)
    print(f"gikxl new (cold process)            median {t_new * 1000:7.0f} ms  ({runs} runs)")
    print(f"read filled workbook (in process)   median {t_read * 1000:7.1f} ms")
    print(f"read filled workbook (cold process) median {t_read_cold * 1000:7.0f} ms  "
          f"(python start alone {t_python * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
