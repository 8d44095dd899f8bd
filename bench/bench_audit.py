"""Benchmark: ``gikxl audit`` over a folder of N unit workbooks, against the floor of that work.

Usage: python bench/bench_audit.py [--units 1000] [--jobs N] [--runs 1] [--picture]

Builds N workbooks from the real template (a county government, clean towns,
towns with mistakes; every unit its own 机关名称), then times, in the same run:
  * the floor: one process that opens each workbook's zip and parses every
    XML part with lxml, nothing else;
  * the whole audit as ``run_audit`` does it (workers started, every file read
    and checked, the overview workbook and the dashboard written);
and prints their ratio (goal ≤ 3; medians over ``--runs``), where the audit's
time went (reading and checking summed over the workers, writing in the
parent), the CPU seconds of both (a load on the machine from other programs
stretches the audit's two workers more than the floor's one process), and the
peak memory of the parent and of the largest worker. ``--picture`` also draws the county's
一图读懂 (in "summing + writing outputs"). Run on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from timing import ROOT

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PLACEHOLDER = "ZZUNITZZ"


def base_workbooks() -> list[bytes]:
    """Workbooks whose 机关名称 is a placeholder: a county, a clean town, a town with a table 三 error."""
    from audit_helpers import demo
    from checks_helpers import town_values
    from conftest import as_cell_values
    from gikxl.template.builder import build_workbook

    county = demo()
    town = town_values()
    broken = town_values()
    broken["gik_t3"][0][0] = 2
    books = []
    for values in (county, town, town, broken):
        values["gik_org"] = PLACEHOLDER
        books.append(build_workbook(as_cell_values(values)))
    return books


def renamed(book: bytes, org: str) -> bytes:
    """``book`` with its placeholder 机关名称 replaced in whichever part holds it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.endswith(".xml") and PLACEHOLDER.encode() in data:
                data = data.replace(PLACEHOLDER.encode(), org.encode())
            zout.writestr(item, data)
    return out.getvalue()


def make_folder(folder: Path, units: int) -> None:
    books = base_workbooks()
    for i in range(units):
        sub = folder / f"片区{i % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"单位{i:04d}.xlsm").write_bytes(renamed(books[i % len(books)], f"测试第{i:04d}号单位"))


def floor(folder: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to open every workbook's zip and parse all its XML parts with lxml, in one process."""
    from lxml import etree

    start, cpu = time.perf_counter(), time.process_time()
    for path in sorted(folder.rglob("*.xlsm")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(zf.read(name))
    return time.perf_counter() - start, time.process_time() - cpu


def children_cpu() -> float:
    """CPU seconds of this process's finished children (the audit's workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    from gikxl.audit.pool import Limits
    from gikxl.audit.run import default_jobs, run_audit

    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--picture", action="store_true", help="also write the county's 一图读懂 (svg, png)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "units"
        t = time.perf_counter()
        make_folder(folder, args.units)
        print(f"built {args.units} workbooks in {time.perf_counter() - t:.1f} s")
        floors, walls, timings, ratios, cpus = [], [], [], [], []
        for _ in range(args.runs):
            floor_wall, floor_cpu = floor(folder)  # alternated with the audit: load changes touch both alike
            floors.append(floor_wall)
            cpu, workers = time.process_time(), children_cpu()
            audit, timing = run_audit(folder, Path(tmp) / "out", jobs=args.jobs, limits=Limits(),
                                      picture=args.picture)
            cpus.append((floor_cpu, time.process_time() - cpu, children_cpu() - workers))
            walls.append(timing.wall)
            ratios.append(timing.wall / floor_wall)
            timings.append(timing)
        assert sum(1 for r in audit.rows if r.file) == args.units
        floor_s, wall_s = statistics.median(floors), statistics.median(walls)
        last = timings[-1]
        load = os.getloadavg()[0]
        print(f"runs: {args.runs}; medians; machine load (1 min) now {load:.1f} on {os.cpu_count()} cores")
        print(f"floor (zip + lxml, 1 process):  {floor_s:7.2f} s  ({1000 * floor_s / args.units:.1f} ms/unit)")
        print(f"audit ({args.jobs} workers, outputs): {wall_s:7.2f} s  ({1000 * wall_s / args.units:.1f} ms/unit)")
        print(f"ratio audit / floor:            {statistics.median(ratios):7.2f}  (goal ≤ 3; each run's own ratio, "
              f"{min(ratios):.2f}–{max(ratios):.2f})")
        floor_cpu, parent_cpu, workers_cpu = (statistics.median(c[i] for c in cpus) for i in range(3))
        print(f"CPU seconds (less sensitive to load): floor {floor_cpu:.2f}; audit {parent_cpu + workers_cpu:.2f} "
              f"= parent {parent_cpu:.2f} + workers {workers_cpu:.2f}")
        print(f"  reading (sum over workers):   {last.reading:7.2f} s")
        print(f"  checking (sum over workers):  {last.checking:7.2f} s")
        print(f"  figures for the sums (sum):   {last.figures:7.2f} s")
        print(f"  workers' phase (wall):        {last.phases['checking']:7.2f} s")
        print(f"  summing + writing outputs:    {last.writing:7.2f} s")
        print(f"  statuses: { {s: audit.number(s) for s in ('通过', '有错误', '无法读取', '重复')} }")
    kb = 1024 if sys.platform != "darwin" else 1024 * 1024
    print(f"peak memory: parent {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / kb / 1024:.0f} MB, "
          f"largest worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
