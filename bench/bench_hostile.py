"""Time and peak memory of gikxl on every hostile input the tests hold.

Runs the hostile-input tests (``tests/test_hostile_*.py``) with
``GIKXL_HOSTILE_LOG`` set, so that every bounded run of the command line
(``tests/hostile.py``) notes its wall time and peak resident memory, then
prints each case and the worst of all.

Usage: python bench/bench_hostile.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "hostile.jsonl"
        tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_hostile_*.py"))
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
            cwd=ROOT, env={**os.environ, "GIKXL_HOSTILE_LOG": str(log)}, capture_output=True, text=True,
        )
        print(proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-2000:])
        runs = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    if not runs:
        print("no bounded runs were recorded")
        return 1
    width = max(len(r["case"]) for r in runs)
    print(f"{'case':<{width}}  exit  seconds  peak MB")
    for r in sorted(runs, key=lambda r: r["case"]):
        print(f"{r['case']:<{width}}  {r['code']:>4}  {r['seconds']:7.2f}  {r['peak_mb']:7.1f}")
    worst_time = max(runs, key=lambda r: r["seconds"])
    worst_memory = max(runs, key=lambda r: r["peak_mb"] if r["peak_mb"] == r["peak_mb"] else 0)
    print(f"\n{len(runs)} bounded runs; slowest {worst_time['seconds']:.2f} s ({worst_time['case']}); "
          f"largest {worst_memory['peak_mb']:.0f} MB ({worst_memory['case']})")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
