"""Benchmark: the first check of the day, side by side with ``import pandas`` (issue 15).

Usage: python bench/bench_coldstart.py [--runs N] [--no-sizes]

Prints, as medians of N fresh processes (run in turn, so a change in the
machine's load affects them alike; one untimed warm-up each; Python's bytecode
cache on, kept in a temporary folder, as an installed program runs):
  * ``python -c "import pandas"`` — the yardstick. pandas is no longer in
    gikxl's environment, so it is timed in a throwaway virtualenv with pandas
    installed, made under the temporary folder and reused by later runs;
  * ``gikxl check`` on the demo workbook, cold, and its ratio to the yardstick
    (goal ≤ 1.0);
  * a cold 校验 click: a fresh process that imports xlwings and gikxl.excel
    and validates the demo on xlwings' remote engine (``bench_excel.CLICK``),
    and its ratio (goal ≤ 1.2);
  * a warm click and ``run_checks`` in process (goals ≤ 20 ms each);
and, unless ``--no-sizes``, the size of the installed dependencies before
issue 15 (pandas, numpy, pandera's pandas backend) and now, each in its own
virtualenv (also reused), with whether pandas and numpy were pulled in.
Needs PyPI (or the machine's pip index) for the virtualenvs the first time.
The machine should be otherwise idle; on a shared one, raise --runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from timing import ROOT, cached_env, warm

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from bench_excel import CLICK, warm_click

#: gikxl's dependencies before issue 15 (pandera's pandas backend).
BEFORE = ["openpyxl>=3.1", "defusedxml>=0.7", "pandas>=2.2", "pandera>=0.20", "jinja2>=3.1",
          "python-docx>=1.1", "xlwings>=0.33"]
#: Where the throwaway virtualenvs live between runs.
CACHE = Path(tempfile.gettempdir()) / "gikxl-bench-venvs"


def now_dependencies() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def venv_with(requirements: list[str]) -> Path:
    """The Python of a virtualenv holding ``requirements``, made once and reused (keyed by the list)."""
    key = hashlib.sha256("\n".join(sorted(requirements)).encode()).hexdigest()[:12]
    folder = CACHE / key
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not (folder / "done").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", folder], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements],
                       check=True)
        (folder / "done").write_text("\n".join(requirements), encoding="utf-8")
    return python


def site_size(python: Path) -> tuple[int, list[str]]:
    """Bytes under the virtualenv's site-packages (pip itself left out), and its distributions."""
    code = "import json, sysconfig; print(json.dumps(sysconfig.get_paths()['purelib']))"
    site = Path(json.loads(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout))
    size = sum(p.stat().st_size for p in site.rglob("*")
               if p.is_file() and not p.relative_to(site).parts[0].startswith(("pip", "_distutils_hack")))
    listed = subprocess.run([python, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
                            capture_output=True, text=True, check=True).stdout
    return size, sorted(d["name"].lower() for d in json.loads(listed))


def cold_medians(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall time of each command as a fresh process, the commands run in turn."""
    import statistics
    import time

    times: dict[str, list[float]] = {k: [] for k in commands}
    for i in range(runs + 1):
        for name, cmd in commands.items():
            t = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env)
            if i:
                times[name].append(time.perf_counter() - t)
            if proc.returncode not in (0, 1):
                raise SystemExit(f"{cmd} failed: {proc.stderr.decode()}")
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--no-sizes", action="store_true")
    args = ap.parse_args()

    from gikxl.checks.engine import run_checks
    from gikxl.examples import demo_values
    from gikxl.template.builder import build_workbook
    from gikxl.workbook import read_report
    from gikxl.workbook.model import report_from_names
    from remote_book import payload_of

    pandas_python = venv_with(["pandas"])
    with tempfile.TemporaryDirectory() as tmp:
        values = demo_values()
        values["gik_date"] = report_from_names(values).date
        demo = Path(tmp) / "demo.xlsm"
        demo.write_bytes(build_workbook(values))
        payload = payload_of(demo)
        payload_file = Path(tmp) / "payload.json"
        payload_file.write_text(json.dumps(payload), encoding="utf-8")

        env = cached_env(Path(tmp) / "pycache")
        t = cold_medians({
            "pandas": [str(pandas_python), "-c", "import pandas"],
            "check": [sys.executable, "-m", "gikxl", "check", str(demo)],
            "click": [sys.executable, "-c", CLICK, str(payload_file)],
            "python": [sys.executable, "-c", "pass"],
        }, args.runs, env)
        report = read_report(demo)
        t_checks = warm(lambda: run_checks(report), max(args.runs, 50))
        t_warm = warm_click(payload, max(args.runs, 30))

    ms = {k: v * 1000 for k, v in t.items()}
    print(f"medians of {args.runs} fresh processes each, run in turn; Python {sys.version.split()[0]}")
    print(f"  python -c 'import pandas' (own venv)     {ms['pandas']:7.0f} ms   "
          f"(python -c pass: {ms['python']:.0f} ms)")
    print(f"  gikxl check demo.xlsm, cold              {ms['check']:7.0f} ms   "
          f"ratio {t['check'] / t['pandas']:.2f}  (goal <= 1.0)")
    print(f"  校验 click, cold (xlwings remote engine)  {ms['click']:7.0f} ms   "
          f"ratio {t['click'] / t['pandas']:.2f}  (goal <= 1.2)")
    print(f"  校验 click, warm                          {t_warm * 1000:7.1f} ms   (goal <= 20 ms)")
    print(f"  run_checks in process, demo               {t_checks * 1000:7.1f} ms   (goal <= 20 ms)")
    if args.no_sizes:
        return
    for label, requirements in (("before (pandas)", BEFORE), ("now", now_dependencies())):
        size, names = site_size(venv_with(requirements))
        heavy = ", ".join(n for n in ("pandas", "numpy", "polars", "polars-runtime-32", "pyarrow") if n in names)
        print(f"  installed dependencies, {label:16s} {size / 2**20:7.0f} MiB  ({len(names)} distributions; {heavy})")


if __name__ == "__main__":
    main()
