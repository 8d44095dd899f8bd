"""Benchmark: the import check of ``gikxl doctor`` (and the last step of ``gikxl install``).

Usage: python bench/bench_doctor.py [--runs N]

Prints the median wall time of the probe command exactly as the doctor runs
it (``python -B -c "import xlwings.utils; xlwings.utils.prepare_sys_path(...);
import gikxl.excel ..."`` in the interpreter's folder): the start-up every
button click pays before gikxl's own work when xlwings starts Python for each
call, and what the doctor adds to its run. ``python -c pass`` is the floor.
Run on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from timing import ROOT, cold

sys.path.insert(0, str(ROOT))


def main() -> None:
    from gikxl.cli.doctor import probe_command

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = {"ADD_WORKBOOK_TO_PYTHONPATH": "False"}
        probe = probe_command(sys.executable, settings, Path(tmp), Path(tmp) / "probe.json")
        floor = cold([sys.executable, "-c", "pass"], args.runs)
        took = cold(probe, args.runs, ok=(0,))
    print(f"import check (RunPython start-up + import gikxl.excel): {took:.2f} s median of {args.runs}")
    print(f"python -c pass (floor):                                 {floor:.2f} s")


if __name__ == "__main__":
    main()
