"""Findings the published sample reports in ``tests/data/published/`` get.

Each sample's prose goes into the sections of a town's workbook (tables as in
the tests' ``town_values``, the sample's own 行政许可/处罚 where the text states
them), as ``tests/test_checks_prose.py`` does, and is checked. Prints the count
of findings per sample and per code: the figure to compare before and after a
change to the prose rules.

Usage: python bench/bench_samples.py
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers, imported by bare name as the tests do

from checks_helpers import check_book, town_values
from conftest import as_cell_values
from gikxl.template.builder import build_workbook
from test_checks_prose import SAMPLE_NAMES, sample


def main() -> int:
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in SAMPLE_NAMES:
            values = town_values()
            values.update(sample(name))
            values["gik_t2_permit"] = [[1 if "白马" in name else 0]]
            values["gik_t2_enforce"] = [[1 if "白马" in name else 0], [0]]
            path = Path(tmp) / "sample.xlsm"
            path.write_bytes(build_workbook(as_cell_values(values)))
            findings = check_book(path)
            total += len(findings)
            codes = Counter(f.code for f in findings)
            print(f"{name}: {len(findings)} findings — " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
    print(f"total {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
