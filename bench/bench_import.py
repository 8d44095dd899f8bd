"""Benchmark: ``gikxl import`` of a 10-page PDF, a Word file and a web page, in process and cold.

Usage: python bench/bench_import.py [--runs N]
The sources are the committed corpus (tests/data/published/): the 10-page PDF a city
government's Word report becomes, a department's Word report, a town's GBK web page; and,
where ``../shared/real/`` is beside the clone, the real PDFs printed by the bodies themselves
(not committed). In process: ``import_report`` after a first call has loaded the libraries.
Cold: a fresh ``gikxl import FILE`` process. Targets, in process: a real PDF under 0.5 s, the
10-page PDF under 1 s, others under 200 ms.
"""

from __future__ import annotations

import argparse
import sys

from timing import ROOT, cold, warm

sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data" / "published"
SOURCES = {
    "pdf (10 pages)": (DATA / "2024-青石市政府-10页.pdf", 1.0),
    "docx": (DATA / "2024-市场监管局-word.docx", 0.2),
    "html (GBK)": (DATA / "2024-白溪镇-gbk.html", 0.2),
    "txt": (DATA / "2024-米易县草场镇.txt", 0.2),
}
REAL = ROOT.parent / "shared" / "real"
SOURCES.update({f"real {p.stem[:12]}": (p, 0.5) for p in sorted(REAL.glob("*.pdf"))})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs
    from gikxl.published import import_report

    print(f"{'source':<20}{'in process':>12}{'target':>9}{'cold':>10}")
    for name, (path, target) in SOURCES.items():
        import_report(path)  # first call: imports the reader's library
        inproc = warm(lambda p=path: import_report(p), runs)
        fresh = cold([sys.executable, "-m", "gikxl", "import", str(path)], max(3, runs // 2))
        verdict = "ok" if inproc < target else "SLOW"
        print(f"{name:<20}{inproc * 1000:>9.0f} ms{target * 1000:>6.0f} ms{fresh * 1000:>7.0f} ms  {verdict}")


if __name__ == "__main__":
    main()
