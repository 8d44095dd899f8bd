"""Benchmark: ``gikxl check`` cold and warm.

Usage: python bench/bench_check.py [--runs N] [--books N]

Prints, as medians:
  * ``gikxl check`` on the demo workbook as a fresh process, next to
    ``python -c "import pandera.polars"`` (the floor: polars + pandera
    imports) and their ratio (``bench_coldstart.py`` compares with
    ``import pandas``, the goal of issue 15). Both are timed as an installed
    program runs, with Python's bytecode cache (kept in a temporary folder,
    not in the source tree), after one untimed warm-up run each; and again
    as this shell's environment runs them (with ``PYTHONDONTWRITEBYTECODE``
    set, gikxl's sources — unlike the installed polars and pandera — are
    compiled anew in every process);
  * ``run_checks`` on an already loaded workbook, clean and with errors
    (target < 20 ms);
  * reading and checking N workbooks in one loop (a supervisor's folder).
Run on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, cached_env, cold, cold_pair, warm

sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--books", type=int, default=200)
    args = ap.parse_args()

    from gikxl.checks.engine import run_checks
    from gikxl.examples import demo_values
    from gikxl.template.builder import build_workbook
    from gikxl.workbook import read_report
    from gikxl.workbook.model import report_from_names

    with tempfile.TemporaryDirectory() as tmp:
        values = demo_values()
        values["gik_date"] = report_from_names(values).date
        clean = Path(tmp) / "demo.xlsm"
        clean.write_bytes(build_workbook(values))
        bad_values = copy.deepcopy(values)
        bad_values["gik_t3"][24][0] = 3
        bad_values["gik_t3"][1][1] = "3件"
        bad_values["gik_t2_rules"][0][0] = 1
        bad_values["gik_level"] = "乡镇（街道）"
        bad_values["gik_s1_request"] += "联系电话13812345678，具体要求和 workflows。"
        bad = Path(tmp) / "bad.xlsm"
        bad.write_bytes(build_workbook(bad_values))

        pandera_cmd = [sys.executable, "-c", "import pandera.polars"]
        check_cmd = [sys.executable, "-m", "gikxl", "check", str(clean)]
        env = cached_env(Path(tmp) / "pycache")
        t_pandera, t_check = cold_pair(pandera_cmd, check_cmd, args.runs, env)
        t_python = cold([sys.executable, "-c", "pass"], args.runs, env)
        as_is = "PYTHONDONTWRITEBYTECODE" in os.environ
        if as_is:
            t_pandera_raw, t_check_raw = cold_pair(pandera_cmd, check_cmd, args.runs)

        report, bad_report = read_report(clean), read_report(bad)
        t_clean = warm(lambda: run_checks(report), max(args.runs, 50))
        t_bad = warm(lambda: run_checks(bad_report), max(args.runs, 50))
        t_read = warm(lambda: read_report(clean), max(args.runs, 20))

        folder = Path(tmp) / "units"
        folder.mkdir()
        for i in range(args.books):
            shutil.copy(bad if i % 4 == 0 else clean, folder / f"unit{i:03d}.xlsm")
        t = time.perf_counter()
        n_findings = sum(len(run_checks(read_report(p))) for p in sorted(folder.glob("*.xlsm")))
        t_loop = time.perf_counter() - t

    print(f"python -c 'import pandera.polars' (cold)   median {t_pandera * 1000:7.0f} ms   "
          f"({args.runs} runs)")
    print(f"gikxl check demo.xlsm (cold process)      median {t_check * 1000:7.0f} ms   "
          f"ratio {t_check / t_pandera:.2f} (python start alone {t_python * 1000:.0f} ms)")
    if as_is:
        print(f"  the same with PYTHONDONTWRITEBYTECODE=1:  median {t_check_raw * 1000:7.0f} ms   "
              f"vs {t_pandera_raw * 1000:.0f} ms, ratio {t_check_raw / t_pandera_raw:.2f}")
    print(f"run_checks, loaded workbook, clean        median {t_clean * 1000:7.2f} ms   (target < 20 ms)")
    print(f"run_checks, loaded workbook, 6 problems   median {t_bad * 1000:7.2f} ms")
    print(f"read_report, demo workbook                median {t_read * 1000:7.2f} ms")
    print(f"read + check {args.books} workbooks in a loop     total  {t_loop:7.2f} s    "
          f"{t_loop / args.books * 1000:.1f} ms per workbook, {n_findings} findings")


if __name__ == "__main__":
    main()
