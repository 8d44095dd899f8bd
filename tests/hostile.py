"""Running gikxl on hostile input under hard bounds, and recording what it cost.

``run_bounded(args)`` runs ``python -m gikxl ARGS`` in a fresh process with an
address-space limit and a wall-clock timeout: a hang or a memory blow-up ends
the child and fails the test instead of stalling the suite. It returns the exit
code, the output, the wall time and the child's peak resident memory. With
``GIKXL_HOSTILE_LOG`` set to a file, each run appends one JSON line there;
``bench/bench_hostile.py`` reads them to report the worst cases.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: Bounds every hostile run must hold, unless a test asks for tighter ones.
TIMEOUT_S = 30
MEMORY_MB = 1536


@dataclass(frozen=True)
class Run:
    """What one bounded run of the command line did."""

    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float


def _limit(memory_mb: int):
    def apply() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


#: Runs the command line and, on the way out, notes the process's own peak memory.
_WRAPPER = (
    "import atexit, os, resource, sys\n"
    "def note():\n"
    "    with open(os.environ['GIKXL_PEAK_FILE'], 'w') as fh:\n"
    "        fh.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "atexit.register(note)\n"
    "sys.argv = ['gikxl', *sys.argv[1:]]\n"
    "from gikxl.__main__ import entrypoint\n"
    "entrypoint()\n"
)


def run_bounded(
    args: list[str], *, name: str = "", cwd: Path | None = None, timeout: float = TIMEOUT_S,
    memory_mb: int = MEMORY_MB, env: dict[str, str] | None = None, tmp: Path | None = None,
) -> Run:
    """``gikxl *args`` in a fresh process under the bounds; a timeout fails the calling test."""
    peak_file = Path(tmp or cwd or ".") / f".peak-{os.getpid()}-{time.monotonic_ns()}"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, preexec_fn=_limit(memory_mb),
        # Crash logs of a hostile run stay in the test's folder, not in the user's home.
        env={**os.environ, "XDG_STATE_HOME": str(peak_file.resolve().parent), **(env or {}),
             "GIKXL_PEAK_FILE": str(peak_file.resolve())},
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"gikxl {' '.join(args)} did not finish within {timeout} s") from None
    seconds = time.perf_counter() - start
    try:
        peak_mb = int(peak_file.read_text()) / 1024
        peak_file.unlink()
    except (OSError, ValueError):
        peak_mb = float("nan")  # killed before it could say (e.g. out of memory)
    run = Run(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), seconds, peak_mb)
    _record(name or " ".join(args), run)
    return run


def _record(name: str, run: Run) -> None:
    log = os.environ.get("GIKXL_HOSTILE_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"case": name, "code": run.code, "seconds": round(run.seconds, 3),
                                 "peak_mb": round(run.peak_mb, 1)}, ensure_ascii=False) + "\n")


def assert_clean_failure(run: Run, code: int = 2) -> None:
    """A refusal as a clerk should see it: the exit code, a Chinese message, no traceback."""
    assert run.code == code, (run.code, run.err[-2000:])
    assert "Traceback" not in run.err and "Traceback" not in run.out
    assert any("\u4e00" <= ch <= "\u9fff" for ch in run.err + run.out)
