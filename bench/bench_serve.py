"""Benchmark: a 校验 round trip through a running ``gikxl serve``.

Usage: python bench/bench_serve.py [--runs N]

Starts ``gikxl serve`` on a free loopback port (as the clerk's page and the WPS
add-in reach it), and times, as medians after one untimed warm-up request each:
  * ``POST /api/check`` with the demo workbook (goal ≤ 50 ms);
  * ``POST /api/check`` with a published PDF, ``tests/data/published/…pdf`` (goal ≤ 0.5 s);
  * ``POST /api/book/check`` with the demo workbook's ``gik_*`` values as the add-in posts them;
  * ``POST /api/report`` of the demo workbook's 一图读懂 as ``svg`` and as ``png`` (the page's button);
  * ``GET /api/health``: the floor of one HTTP request.
Each includes building the request, the upload over loopback, the temporary folder,
the work and the answer. Run on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from serve_helpers import Served, book_body

PDF = ROOT / "tests" / "data" / "published" / "2020-白溪镇-2019格式.pdf"


def median_ms(call, runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - t)
        if answer.status != 200:
            raise SystemExit(f"status {answer.status}: {answer.body[:300]!r}")
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()

    from gikxl.examples import demo_values
    from gikxl.template.builder import build_workbook

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "青山县2025年年报.xlsm"
        values = demo_values()
        values["gik_date"] = __import__("datetime").date.fromisoformat(values["gik_date"])
        book.write_bytes(build_workbook(values))
        data, body = book.read_bytes(), book_body(book)
        pdf = PDF.read_bytes()
        server = Served(Path(tmp) / "servetmp").wait_ready()
        try:
            rows = [
                ("GET /api/health", median_ms(lambda: server.get("/api/health"), args.runs), None),
                ("POST /api/check 示例工作簿", median_ms(
                    lambda: server.post_form("/api/check", [("file", book.name, data)]), args.runs), 50),
                ("POST /api/book/check 示例工作簿", median_ms(
                    lambda: server.post_json("/api/book/check", body), args.runs), 50),
                ("POST /api/report 一图读懂 svg", median_ms(
                    lambda: server.post_form("/api/report", [("file", book.name, data)], {"format": "svg"}),
                    args.runs), None),
                ("POST /api/report 一图读懂 png", median_ms(
                    lambda: server.post_form("/api/report", [("file", book.name, data)], {"format": "png"}),
                    args.runs), None),
                (f"POST /api/check {PDF.name}", median_ms(
                    lambda: server.post_form("/api/check", [("file", PDF.name, pdf)]), max(5, args.runs // 3)), 500),
            ]
        finally:
            server.stop()
    for what, ms, goal in rows:
        print(f"{what:<44} {ms:8.1f} ms" + (f"   （目标 ≤ {goal} ms）" if goal else ""))


if __name__ == "__main__":
    main()
