"""Benchmark: the 校验 button, as xlwings runs it.

Usage: python bench/bench_excel.py [--runs N]

The workbook is the bundled example, handed to ``gikxl.excel.validate()``
through xlwings' remote engine (``xw.Book(json=...)``, the engine the tests
use). Prints medians of:
  * a cold click: a fresh Python process that imports xlwings and gikxl,
    reads the calling book, checks it and records the marks — what a click
    costs when xlwings starts Python for every call (its default);
  * a warm click: ``validate()`` in a process that already ran it — what a
    click costs with the UDF server kept running (``gikxl install
    --keep-python-running``), clean and with two errors;
  * ``python -c "import xlwings"`` and ``import pandera.polars`` (the floor;
    ``bench_coldstart.py`` compares the click with ``import pandas``).
Excel's own COM round trips are not in these figures; nothing here has Excel.
Run on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
from pathlib import Path

from timing import ROOT, cold, warm

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers, imported by bare name as the tests do
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

#: One click in a fresh process: the payload file is the calling workbook.
CLICK = (
    "import json, sys, xlwings as xw; "
    "book = xw.Book(json=json.load(open(sys.argv[1], encoding='utf-8'))); book.set_mock_caller(); "
    "import gikxl.excel; gikxl.excel.validate(); "
    "assert any(a['func'] == 'alert' for a in book.json()['actions'])"
)


def warm_click(payload: dict, runs: int) -> float:
    """Median time of 校验 in a process that has pressed it before."""
    import xlwings as xw

    from gikxl import excel

    def click() -> None:
        book = xw.Book(json=json.loads(json.dumps(payload)))
        book.set_mock_caller()
        excel.validate()

    return warm(click, runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs

    from gikxl.examples import demo_values
    from gikxl.template.builder import build_workbook
    from gikxl.workbook.model import report_from_names
    from remote_book import payload_of

    values = demo_values()
    values["gik_date"] = report_from_names(values).date
    broken = copy.deepcopy(values)
    broken["gik_t3"][2][0] += 1
    broken["gik_t4"][0][1] = None
    with tempfile.TemporaryDirectory() as tmp:
        clean_book, broken_book = Path(tmp) / "demo.xlsm", Path(tmp) / "broken.xlsm"
        clean_book.write_bytes(build_workbook(values))
        broken_book.write_bytes(build_workbook(broken))
        clean, bad = payload_of(clean_book), payload_of(broken_book)
        payload_file = Path(tmp) / "payload.json"
        payload_file.write_text(json.dumps(clean), encoding="utf-8")

        t_click = cold([sys.executable, "-c", CLICK, str(payload_file)], runs, ok=(0,))
        t_xlwings = cold([sys.executable, "-c", "import xlwings"], runs)
        t_pandera = cold([sys.executable, "-c", "import pandera.polars"], runs)
        t_warm = warm_click(clean, max(runs, 20))
        t_warm_bad = warm_click(bad, max(runs, 20))

    print(f"校验, cold click (fresh process)          median {t_click * 1000:7.0f} ms   ({runs} runs)")
    print(f"  floor: python -c 'import xlwings'       median {t_xlwings * 1000:7.0f} ms")
    print(f"  floor: python -c 'import pandera.polars' median {t_pandera * 1000:6.0f} ms")
    print(f"校验, warm click, clean workbook          median {t_warm * 1000:7.1f} ms")
    print(f"校验, warm click, 2 errors marked         median {t_warm_bad * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
