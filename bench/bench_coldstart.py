"""Benchmark: the first check of the day, side by side with ``import pandas`` (issue 15).

Usage: python bench/bench_coldstart.py [--runs N] [--no-sizes] [--before REF] [--base REF]

gikxl is timed as a clerk's PC runs it: installed from its wheel (not in
editable mode, whose import hook costs every process some 10 ms) into a
virtualenv holding exactly its dependencies, and started outside the source
tree. Prints, as medians of N fresh processes (run in turn, so a change in the
machine's load affects them alike; one untimed warm-up each; Python's bytecode
cache on, kept in a temporary folder, as an installed program runs), wall time
and CPU time (user + system, less disturbed by other processes on a busy
machine):
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
With ``--before REF`` (a git commit or branch of this repository from before
issue 15), that version of gikxl is installed into the "before" virtualenv
and its cold check and click are timed in the same rounds. With ``--base REF``
(a ref from after issue 15, e.g. ``main``), that version is installed into a
virtualenv with today's dependencies and timed in the same rounds: a change's
effect, side by side. The virtualenvs gikxl is installed into belong to this
source tree (another checkout benchmarking at the same time has its own).
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


def venv_with(requirements: list[str], owner: str = "") -> Path:
    """The Python of a virtualenv holding ``requirements``, made once and reused (keyed by the list and
    ``owner``: whoever installs gikxl into it, so that two checkouts never swap each other's)."""
    key = hashlib.sha256("\n".join([*sorted(requirements), owner]).encode()).hexdigest()[:12]
    folder = CACHE / key
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not (folder / "done").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", folder], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements],
                       check=True)
        (folder / "done").write_text("\n".join(requirements), encoding="utf-8")
    return python


def with_gikxl(python: Path, source: Path = ROOT) -> Path:
    """``python``'s virtualenv with gikxl from ``source`` installed from a wheel (again on every run)."""
    subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
                    "--force-reinstall", str(source)], check=True)
    return python


def exported(ref: str, folder: Path) -> Path:
    """The sources of git ref ``ref`` of this repository, exported to ``folder``."""
    import tarfile

    folder.mkdir()
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=__import__("io").BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def site_size(python: Path) -> tuple[int, list[str]]:
    """Bytes under the virtualenv's site-packages (pip and gikxl itself left out), and its distributions."""
    code = "import json, sysconfig; print(json.dumps(sysconfig.get_paths()['purelib']))"
    site = Path(json.loads(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout))
    size = sum(p.stat().st_size for p in site.rglob("*")
               if p.is_file() and not p.relative_to(site).parts[0].startswith(("pip", "_distutils_hack", "gikxl")))
    listed = subprocess.run([python, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
                            capture_output=True, text=True, check=True).stdout
    return size, sorted(d["name"].lower() for d in json.loads(listed) if d["name"] != "gikxl")


def cold_medians(commands: dict[str, list[str]], runs: int, env: dict[str, str],
                 cwd: Path) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) time of each command as a fresh process, the commands run in turn."""
    import resource
    import statistics
    import time

    times: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
    for i in range(runs + 1):
        for name, cmd in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, cwd=cwd, env=env)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if i:
                times[name].append((wall, cpu))
            if proc.returncode not in (0, 1):
                raise SystemExit(f"{cmd} failed: {proc.stderr.decode()}")
    return {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--no-sizes", action="store_true")
    ap.add_argument("--before", metavar="REF", help="also time gikxl as of this git ref (before issue 15)")
    ap.add_argument("--base", metavar="REF",
                    help="also time gikxl as of this git ref (after issue 15), with the same dependencies")
    args = ap.parse_args()

    from gikxl.checks.engine import run_checks
    from gikxl.examples import demo_values
    from gikxl.template.builder import build_workbook
    from gikxl.workbook import read_report
    from gikxl.workbook.model import report_from_names
    from remote_book import payload_of

    pandas_python = venv_with(["pandas"])
    gikxl_python = with_gikxl(venv_with(now_dependencies(), str(ROOT)))
    with tempfile.TemporaryDirectory() as tmp:
        values = demo_values()
        values["gik_date"] = report_from_names(values).date
        demo = Path(tmp) / "demo.xlsm"
        demo.write_bytes(build_workbook(values))
        payload = payload_of(demo)
        payload_file = Path(tmp) / "payload.json"
        payload_file.write_text(json.dumps(payload), encoding="utf-8")

        env = cached_env(Path(tmp) / "pycache")
        commands = {
            "pandas": [str(pandas_python), "-c", "import pandas"],
            "check": [str(gikxl_python), "-m", "gikxl", "check", str(demo)],
            "click": [str(gikxl_python), "-c", CLICK, str(payload_file)],
            "python": [str(gikxl_python), "-c", "pass"],
        }
        if args.before:
            old = with_gikxl(venv_with(BEFORE, str(ROOT)), exported(args.before, Path(tmp) / "before"))
            commands["check before"] = [str(old), "-m", "gikxl", "check", str(demo)]
            commands["click before"] = [str(old), "-c", CLICK, str(payload_file)]
        if args.base:
            base = with_gikxl(venv_with(now_dependencies(), f"{ROOT} base"), exported(args.base, Path(tmp) / "base"))
            commands["check base"] = [str(base), "-m", "gikxl", "check", str(demo)]
            commands["click base"] = [str(base), "-c", CLICK, str(payload_file)]
        t = cold_medians(commands, args.runs, env, Path(tmp))
        report = read_report(demo)
        t_checks = warm(lambda: run_checks(report), max(args.runs, 50))
        t_warm = warm_click(payload, max(args.runs, 30))

    def line(label: str, key: str, goal: str = "") -> str:
        (wall, cpu), (wall0, cpu0) = t[key], t["pandas"]
        ratio = f"ratio {wall / wall0:.2f} (CPU {cpu / cpu0:.2f}){goal}" if key != "pandas" else ""
        return f"  {label:42s} {wall * 1000:5.0f} ms  CPU {cpu * 1000:5.0f} ms   {ratio}"

    print(f"medians of {args.runs} fresh processes each, run in turn; Python {sys.version.split()[0]}")
    print(line("python -c 'import pandas' (own venv)", "pandas"))
    print(line("python -c pass", "python"))
    print(line("gikxl check demo.xlsm, cold", "check", "  goal <= 1.0"))
    print(line("校验 click, cold (xlwings remote engine)", "click", "  goal <= 1.2"))
    if args.before:
        print(line(f"gikxl check, cold, as of {args.before}", "check before"))
        print(line(f"校验 click, cold, as of {args.before}", "click before"))
    if args.base:
        print(line(f"gikxl check, cold, as of {args.base}", "check base"))
        print(line(f"校验 click, cold, as of {args.base}", "click base"))
    print(f"  {'校验 click, warm':42s} {t_warm * 1000:5.1f} ms   goal <= 20 ms")
    print(f"  {'run_checks in process, demo':42s} {t_checks * 1000:5.1f} ms   goal <= 20 ms")
    if args.no_sizes:
        return
    for label, requirements in (("before (pandas)", BEFORE), ("now", now_dependencies())):
        size, names = site_size(venv_with(requirements, str(ROOT)))
        heavy = ", ".join(n for n in ("pandas", "numpy", "polars", "polars-runtime-32", "pyarrow") if n in names)
        print(f"  installed dependencies, {label:17s} {size / 2**20:6.0f} MiB  ({len(names)} distributions; {heavy})")


if __name__ == "__main__":
    main()
