"""Timing helpers shared by the benchmarks: medians of fresh processes and of calls in process."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cold(cmd: list[str], runs: int, env: dict[str, str] | None = None, ok=(0, 1)) -> float:
    """Median wall time of ``cmd`` as a fresh process, after one untimed warm-up run."""
    times = []
    for i in range(runs + 1):
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env)
        if i:
            times.append(time.perf_counter() - t)
        if proc.returncode not in ok:
            raise SystemExit(f"{cmd} failed: {proc.stderr.decode()}")
    return statistics.median(times)


def cold_pair(a: list[str], b: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` as fresh processes, run alternately so that a change in the
    machine's load affects both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(runs + 1):
        for cmd, out in ((a, times[0]), (b, times[1])):
            t = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env)
            if i:
                out.append(time.perf_counter() - t)
            if proc.returncode not in (0, 1):
                raise SystemExit(f"{cmd} failed: {proc.stderr.decode()}")
    return statistics.median(times[0]), statistics.median(times[1])


def cached_env(folder: Path) -> dict[str, str]:
    """This environment, with Python's bytecode cache on and kept under ``folder``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder)
    return env


def warm(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``fn()`` in this process, after one untimed call."""
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)
