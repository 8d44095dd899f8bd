"""Benchmark: the first check of the day and the first 校验 click, side by side with ``import pandas`` (issue 22).

Usage: python bench/bench_coldstart.py [--runs N] [--editable] [--no-sizes] [--before REF] [--base REF]

The figures are measured as issue 22 states them: N rounds (default 7, after
one untimed warm-up round) in which ``python -c "import pandas"`` and each
gikxl command run once each as fresh processes, in turn and in reversed
order every other round; each round gives a ratio to that round's pandas, and
the figure is the median of those per-round ratios. A change in the shared
machine's load then hits both sides of a ratio alike; the load average is
printed before and after, and the spread of the per-round ratios with it.

  * ``import pandas`` — the yardstick, in a virtualenv of its own holding only
    pandas (made under the temporary folder and reused by later runs);
  * cold ``gikxl check`` on the demo workbook ÷ ``import pandas`` (goal ≤ 1.0);
  * a cold 校验 click ÷ ``import pandas`` (goal ≤ 1.2): a fresh process that
    imports xlwings, builds a remote-engine Book from the demo as
    ``tests/remote_book.py`` does and runs ``gikxl.excel.validate()`` on it
    (``bench_excel.CLICK``).

gikxl is timed as a clerk's PC runs it: this source tree is built into a wheel
(``pip wheel``), which is installed into a virtualenv holding exactly gikxl's
dependencies (reused between runs, gikxl reinstalled from the new wheel every
run) and started outside the source tree. pip compiles the bytecode as it
installs, as it does on a clerk's PC; Python's bytecode cache is on for every
command (kept in a temporary folder), whatever ``PYTHONDONTWRITEBYTECODE``
says. With ``--editable``, the interpreter running this script (a developer's
venv with gikxl installed in editable mode) is timed in the same rounds with
the environment as given: that is how issue 22's higher figures were taken,
and on a machine with ``PYTHONDONTWRITEBYTECODE=1`` every such process
compiles gikxl's own modules again.

Also printed: medians in milliseconds (wall and CPU, i.e. user + system of
the process and its threads: pandas' import runs threads of its own), a warm
click and ``run_checks`` in process (goals ≤ 20 ms each) and, unless
``--no-sizes``, the size of the installed dependencies before issue 15
(pandas, numpy, pandera's pandas backend) and now. With ``--before REF`` (a
ref from before issue 15) or ``--base REF`` (after it, e.g. ``main``), that
version is timed in the same rounds, each in a virtualenv of its own. Needs
PyPI (or the machine's pip index) for the virtualenvs the first time.
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


def with_gikxl(python: Path, source: Path, wheels: Path) -> tuple[Path, str]:
    """``python``'s virtualenv with gikxl from ``source`` built into a wheel in ``wheels`` and installed from it
    (again on every run); returns the interpreter and the wheel's file name."""
    wheels.mkdir(parents=True, exist_ok=True)
    quiet = ["-q", "--disable-pip-version-check"]
    subprocess.run([python, "-m", "pip", "wheel", *quiet, "--no-deps", "-w", wheels, source], check=True)
    wheel = max(wheels.glob("gikxl-*.whl"), key=lambda p: p.stat().st_mtime)
    subprocess.run([python, "-m", "pip", "install", *quiet, "--no-deps", "--force-reinstall", wheel], check=True)
    return python, wheel.name


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


Times = dict[str, list[tuple[float, float]]]


def cold_rounds(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int, cwd: Path) -> Times:
    """(wall, CPU) time of each command as a fresh process in each of ``runs`` rounds (after one untimed
    round); within a round the commands run in turn, in reversed order every other round."""
    import resource
    import time

    times: Times = {k: [] for k in commands}
    for i in range(runs + 1):
        order = list(commands) if i % 2 else list(reversed(commands))
        for name in order:
            cmd, env = commands[name]
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
    return times


def ratios(times: Times, key: str, cpu: bool = False) -> list[float]:
    """The per-round ratios of ``key`` to that round's ``import pandas``."""
    part = 1 if cpu else 0
    return [a[part] / b[part] for a, b in zip(times[key], times["pandas"], strict=True)]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5 min {five:.2f})"


def version_in(python: Path, distribution: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({distribution!r}))"
    return subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def main() -> None:
    import statistics

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7, help="timed rounds (issue 22: 7)")
    ap.add_argument("--editable", action="store_true",
                    help="also time this interpreter's (editable) gikxl, with the environment as given")
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
    with tempfile.TemporaryDirectory() as tmp:
        wheels = Path(tmp) / "wheels"
        gikxl_python, wheel = with_gikxl(venv_with(now_dependencies(), str(ROOT)), ROOT, wheels / "now")
        values = demo_values()
        values["gik_date"] = report_from_names(values).date
        demo = Path(tmp) / "demo.xlsm"
        demo.write_bytes(build_workbook(values))
        payload = payload_of(demo)
        payload_file = Path(tmp) / "payload.json"
        payload_file.write_text(json.dumps(payload), encoding="utf-8")

        env = cached_env(Path(tmp) / "pycache")

        def pair(python: Path | str, suffix: str = "", given: dict[str, str] = env) -> dict:
            return {f"check{suffix}": ([str(python), "-m", "gikxl", "check", str(demo)], given),
                    f"click{suffix}": ([str(python), "-c", CLICK, str(payload_file)], given)}

        commands = {"pandas": ([str(pandas_python), "-c", "import pandas"], env), **pair(gikxl_python),
                    "python": ([str(gikxl_python), "-c", "pass"], env)}
        if args.editable:
            commands |= pair(sys.executable, " editable", dict(os.environ))
        if args.before:
            old, _ = with_gikxl(venv_with(BEFORE, str(ROOT)), exported(args.before, Path(tmp) / "before"),
                                wheels / "before")
            commands |= pair(old, " before")
        if args.base:
            base, _ = with_gikxl(venv_with(now_dependencies(), f"{ROOT} base"), exported(args.base, Path(tmp) / "base"),
                                 wheels / "base")
            commands |= pair(base, " base")
        load_before = load()
        t = cold_rounds(commands, args.runs, Path(tmp))
        load_after = load()
        report = read_report(demo)
        t_checks = warm(lambda: run_checks(report), max(args.runs, 50))
        t_warm = warm_click(payload, max(args.runs, 30))

    def figure(label: str, key: str, goal: str = "") -> str:
        wall, cpu = ratios(t, key), ratios(t, key, cpu=True)
        return (f"| {label} ÷ `import pandas` | {statistics.median(wall):.2f} "
                f"({min(wall):.2f}–{max(wall):.2f}) | {statistics.median(cpu):.2f} | {goal} |")

    def ms(label: str, key: str) -> str:
        wall, cpu = (statistics.median(x[i] for x in t[key]) * 1000 for i in (0, 1))
        return f"  {label:58s} {wall:5.0f} ms   CPU {cpu:5.0f} ms"

    pandas_version = version_in(pandas_python, "pandas")
    print(f"{args.runs} alternating rounds after one untimed round; each figure is the median of the per-round "
          f"ratios; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"load average before {load_before}, after {load_after}")
    print(f"gikxl from {wheel} in a venv of its own; pandas {pandas_version} in another\n")
    print("| figure | ratio (range over rounds) | CPU ratio | goal |")
    print("|---|---|---|---|")
    print(figure("cold `gikxl check` on the demo", "check", "≤ 1.0"))
    print(figure("cold 校验 click (a fresh process: `import xlwings`, `gikxl.excel.validate()` "
                 "on a remote-engine Book)", "click", "≤ 1.2"))
    for suffix, what in ((" editable", "this venv's editable gikxl, environment as given"),
                         (" before", f"as of {args.before}"), (" base", f"as of {args.base}")):
        if f"check{suffix}" in t:
            print(figure(f"cold `gikxl check`, {what}", f"check{suffix}"))
            print(figure(f"cold 校验 click, {what}", f"click{suffix}"))
    print("\nmedians of the same rounds:")
    print(ms(f"python -c 'import pandas' (pandas {pandas_version}, own venv)", "pandas"))
    print(ms("python -c pass", "python"))
    for key in t:
        if key.startswith(("check", "click")):
            print(ms(key.replace("check", "gikxl check demo.xlsm, cold").replace("click", "校验 click, cold"), key))
    print(f"  {'校验 click, warm':58s} {t_warm * 1000:5.1f} ms   goal <= 20 ms")
    print(f"  {'run_checks in process, demo':58s} {t_checks * 1000:5.1f} ms   goal <= 20 ms")
    if args.editable and os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("  (PYTHONDONTWRITEBYTECODE is set: the editable gikxl is compiled again by every process)")
    if args.no_sizes:
        return
    for label, requirements in (("before (pandas)", BEFORE), ("now", now_dependencies())):
        size, names = site_size(venv_with(requirements, str(ROOT)))
        heavy = ", ".join(n for n in ("pandas", "numpy", "polars", "polars-runtime-32", "pyarrow") if n in names)
        print(f"  installed dependencies, {label:17s} {size / 2**20:6.0f} MiB  ({len(names)} distributions; {heavy})")


if __name__ == "__main__":
    main()
