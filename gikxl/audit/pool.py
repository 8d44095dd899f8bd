"""A pool of worker processes where each task has its own time and memory bound.

``concurrent.futures`` cannot stop one task that hangs or kill one process
that grows without ending the whole pool, so the pool is small and our own:
each worker takes one task at a time over a pipe; the parent waits on every
pipe with the nearest deadline and kills a worker that overruns it. A worker
that dies (killed, out of memory, crashed) is replaced, and its task becomes a
failure the caller turns into a row. The batch never stops for one file.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Limits:
    """The bounds of one task."""

    seconds: float = 60.0
    """Wall-clock time one file may take, reading and checking together."""
    memory_mb: int = 1536
    """Address space of a worker process (POSIX only): a file that needs more fails alone."""


@dataclass(frozen=True)
class Failure:
    """Why a task gave no result: ``kind`` is ``timeout``, ``memory`` or ``crash``."""

    kind: str
    detail: str = ""


def _bound_self(limits: Limits) -> None:
    """Apply the memory bound to this process (POSIX) and keep numeric libraries to one thread."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    try:
        import resource
    except ImportError:  # Windows: the parent's clock still bounds every task
        return
    limit = limits.memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _serve(conn: Connection, limits: Limits, setup: Callable[..., None] | None, setup_args: tuple) -> None:
    """A worker's life: take a task, send its result, until told to stop or the pipe closes."""
    _bound_self(limits)
    if setup is not None:
        setup(*setup_args)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, fn, task = item
        try:
            result: Any = fn(task)
            retire = False
        except MemoryError:
            result, retire = Failure("memory"), True
        try:
            conn.send((index, result, retire))
        except MemoryError:
            return  # not even the answer fits: the parent sees the pipe close
        if retire:
            return


class _Worker:
    def __init__(self, ctx: Any, limits: Limits, setup: Callable[..., None] | None, setup_args: tuple) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, limits, setup, setup_args), daemon=True)
        self.proc.start()
        child.close()
        self.index = -1
        self.deadline = 0.0

    def give(self, index: int, fn: Callable, task: object, seconds: float) -> None:
        self.index = index
        self.deadline = time.monotonic() + seconds
        self.conn.send((index, fn, task))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.proc.kill()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


class BoundedPool(Generic[T, R]):
    """Run ``fn(task)`` for every task in ``jobs`` processes, each task within ``limits``.

    ``fn`` and ``setup`` must be module-level functions (processes are spawned,
    the same on every platform). ``failed(task, failure)`` makes the result of
    a task that timed out, ran out of memory or crashed its worker.
    """

    def __init__(
        self, fn: Callable[[T], R], failed: Callable[[T, Failure], R], *, jobs: int, limits: Limits,
        setup: Callable[..., None] | None = None, setup_args: tuple = (),
    ) -> None:
        self.fn, self.failed, self.jobs, self.limits = fn, failed, max(1, jobs), limits
        self.setup, self.setup_args = setup, setup_args
        self.ctx = multiprocessing.get_context("spawn")

    def _start(self) -> _Worker:
        return _Worker(self.ctx, self.limits, self.setup, self.setup_args)

    def run(self, tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        """(index of the task, its result) as tasks finish, in any order."""
        pending = deque(range(len(tasks)))
        idle = [self._start() for _ in range(min(self.jobs, len(tasks)))]
        busy: list[_Worker] = []
        try:
            while pending or busy:
                while idle and pending:
                    worker = idle.pop()
                    index = pending.popleft()
                    try:
                        worker.give(index, self.fn, tasks[index], self.limits.seconds)
                    except OSError:  # it died before it could take the task
                        worker.stop(kill=True)
                        pending.appendleft(index)
                        idle.append(self._start())
                        continue
                    busy.append(worker)
                nearest = min(w.deadline for w in busy)
                ready = set(wait([w.conn for w in busy], timeout=max(0.0, nearest - time.monotonic())))
                now = time.monotonic()
                for worker in list(busy):
                    outcome = self._collect(worker, tasks, ready, now)
                    if outcome is None:
                        continue
                    busy.remove(worker)
                    result, reuse = outcome
                    if reuse:
                        idle.append(worker)
                    else:
                        worker.stop(kill=True)
                        if pending:
                            idle.append(self._start())
                    yield worker.index, result
        finally:
            for worker in idle + busy:
                worker.stop(kill=worker in busy)

    def _collect(self, worker: _Worker, tasks: Sequence[T], ready: set, now: float) -> tuple[R, bool] | None:
        """The worker's (result, whether it can take another task), or None while it is still working."""
        task = tasks[worker.index]
        if worker.conn in ready:
            try:
                _index, result, retire = worker.conn.recv()
            except (EOFError, OSError):
                worker.proc.join(1)
                code = worker.proc.exitcode
                return self.failed(task, Failure("crash", f"{code}" if code is not None else "")), False
            if isinstance(result, Failure):
                return self.failed(task, result), False
            return result, not retire
        if now >= worker.deadline:
            return self.failed(task, Failure("timeout", f"{self.limits.seconds:g}")), False
        return None
