"""A pool of worker processes where each task has its own time and memory bound.

``concurrent.futures`` cannot stop one task that hangs or kill one process
that grows without ending the whole pool, so the pool is small and our own:
each worker takes one batch of tasks at a time over a pipe; the parent waits on
every pipe with the nearest deadline and kills a worker that overruns it. A
worker that dies (killed, out of memory, crashed) is replaced, and its task
becomes a failure the caller turns into a result. The batch never stops for one file.

Tasks go out in chunks (fewer round trips, and a worker may do work for a
whole chunk at once, such as validating many reports in one call), but the
bound stays per task: the worker says which task it starts (``mark``), which
gives that task a fresh deadline and names it if the worker then hangs or
dies. The other tasks of a lost chunk are run again, each alone; work done for
the whole chunk (``mark(None)``) that fails has every task run again alone, so
the one at fault is found.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Mark = Callable[[int | None], None]
"""What a batch function calls before its work on one task (its position) or on all (``None``)."""


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
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "POLARS_MAX_THREADS"):
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


def each(fn: Callable[[T], R], tasks: Sequence[T], mark: Mark) -> list[R]:
    """A function of one task as a batch function: every task in turn, each marked."""
    out = []
    for i, task in enumerate(tasks):
        mark(i)
        out.append(fn(task))
    return out


def _serve(conn: Connection, limits: Limits, setup: Callable[..., None] | None, setup_args: tuple) -> None:
    """A worker's life: take a batch, say which task it is on, send the results, until told to stop."""
    _bound_self(limits)
    if setup is not None:
        setup(*setup_args)

    def mark(at: int | None) -> None:
        conn.send(("mark", at))

    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        fn, tasks = item
        try:
            results: Any = fn(tasks, mark)
            retire = False
        except MemoryError:
            results, retire = Failure("memory"), True
        try:
            conn.send(("done", results, retire))
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
        self.batch: list[int] = []
        self.at: int | None = None
        """Position in ``batch`` of the task being worked on, ``None`` for work on all of them."""
        self.deadline = 0.0

    def give(self, batch: list[int], fn: Callable, tasks: list, seconds: float) -> None:
        self.batch, self.at = batch, None
        self.deadline = time.monotonic() + seconds
        self.conn.send((fn, tasks))

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


@dataclass
class _Outcome(Generic[R]):
    """What became of a worker's batch: results by task index, tasks to run again alone, and
    whether the worker can take another batch."""

    results: list[tuple[int, R]]
    again: list[int]
    reuse: bool


class BoundedPool(Generic[T, R]):
    """Run ``fn(task)`` for every task in ``jobs`` processes, each task within ``limits``.

    ``fn`` and ``setup`` must be module-level functions (processes are spawned,
    the same on every platform). ``failed(task, failure)`` makes the result of
    a task that timed out, ran out of memory or crashed its worker. With
    ``many``, tasks go out in chunks of up to ``chunk`` and ``many(tasks, mark)``
    returns their results in order, calling ``mark(i)`` before it works on task
    ``i`` alone and ``mark(None)`` before work on all of them.
    """

    def __init__(
        self, fn: Callable[[T], R], failed: Callable[[T, Failure], R], *, jobs: int, limits: Limits,
        setup: Callable[..., None] | None = None, setup_args: tuple = (),
        many: Callable[[Sequence[T], Mark], Sequence[R]] | None = None, chunk: int = 1,
    ) -> None:
        self.failed, self.jobs, self.limits = failed, max(1, jobs), limits
        self.many: Callable[[Sequence[T], Mark], Sequence[R]] = many or partial(each, fn)
        self.chunk = max(1, chunk)
        self.setup, self.setup_args = setup, setup_args
        self.ctx = multiprocessing.get_context("spawn")

    def _start(self) -> _Worker:
        return _Worker(self.ctx, self.limits, self.setup, self.setup_args)

    def _next(self, pending: deque[int], alone: deque[int]) -> list[int]:
        """The next batch: a task to run again alone, else a chunk that shrinks towards the end
        so that the workers finish together."""
        if alone:
            return [alone.popleft()]
        size = max(1, min(self.chunk, len(pending) // (2 * self.jobs)))
        return [pending.popleft() for _ in range(min(size, len(pending)))]

    def run(self, tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        """(index of the task, its result) as tasks finish, in any order."""
        pending, alone = deque(range(len(tasks))), deque[int]()
        idle = [self._start() for _ in range(min(self.jobs, len(tasks)))]
        busy: list[_Worker] = []
        try:
            while pending or alone or busy:
                while idle and (pending or alone):
                    worker = idle.pop()
                    batch = self._next(pending, alone)
                    try:
                        worker.give(batch, self.many, [tasks[i] for i in batch], self.limits.seconds)
                    except OSError:  # it died before it could take the batch
                        worker.stop(kill=True)
                        alone.extendleft(reversed(batch))
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
                    alone.extend(outcome.again)
                    if outcome.reuse:
                        idle.append(worker)
                    else:
                        worker.stop(kill=True)
                        if pending or alone:
                            idle.append(self._start())
                    yield from outcome.results
        finally:
            for worker in idle + busy:
                worker.stop(kill=worker in busy)

    def _collect(self, worker: _Worker, tasks: Sequence[T], ready: set, now: float) -> _Outcome[R] | None:
        """What became of the worker's batch, or None while it is still working."""
        if worker.conn in ready:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                worker.proc.join(1)
                code = worker.proc.exitcode
                return self._lost(worker, tasks, Failure("crash", f"{code}" if code is not None else ""))
            if message[0] == "mark":  # the worker moves on: the task it starts has its own time
                worker.at, worker.deadline = message[1], now + self.limits.seconds
                return None
            _kind, results, retire = message
            if isinstance(results, Failure):
                return self._lost(worker, tasks, results)
            return _Outcome(list(zip(worker.batch, results, strict=True)), [], not retire)
        if now >= worker.deadline:
            return self._lost(worker, tasks, Failure("timeout", f"{self.limits.seconds:g}"))
        return None

    def _lost(self, worker: _Worker, tasks: Sequence[T], failure: Failure) -> _Outcome[R]:
        """A batch whose worker hung, ran out of memory or died: the task it was on fails; the
        others run again alone (all of them when it was on the whole batch)."""
        batch = worker.batch
        if len(batch) == 1 or worker.at is not None:
            culprit = batch[0] if len(batch) == 1 else batch[worker.at or 0]
            return _Outcome([(culprit, self.failed(tasks[culprit], failure))],
                            [i for i in batch if i != culprit], False)
        return _Outcome([], list(batch), False)
