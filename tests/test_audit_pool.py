"""The bounded pool: a task that hangs, grows or kills its worker becomes its own result; the rest go on."""

from __future__ import annotations

import sys
import time

import pytest

from gikxl.audit.pool import BoundedPool, Limits
from pool_tasks import behave, behave_together, failed


@pytest.mark.skipif(sys.platform == "win32", reason="the memory bound is POSIX setrlimit")
def test_a_hanging_growing_or_dying_task_is_its_own_result_and_the_batch_goes_on():
    tasks = ["a", "hang", "b", "grow", "c", "die", "d", "e"]
    pool = BoundedPool(behave, failed, jobs=2, limits=Limits(seconds=8, memory_mb=1024))
    start = time.monotonic()
    results = dict(pool.run(tasks))
    elapsed = time.monotonic() - start
    said = {tasks[i]: r for i, r in results.items()}
    assert said["hang"] == "failed hang: timeout"
    assert said["grow"] == "failed grow: memory"
    assert said["die"] == "failed die: crash"
    for name in "abcde":
        assert said[name].startswith(f"done {name} in ")
    assert elapsed < 40  # the hang cost its 8 s bound, not an hour


def test_workers_are_reused_between_tasks():
    pool = BoundedPool(behave, failed, jobs=1, limits=Limits(seconds=30))
    pids = {r.rsplit(" ", 1)[1] for _, r in pool.run(["a", "b", "c"])}
    assert len(pids) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="the memory bound is POSIX setrlimit")
def test_in_chunks_each_task_keeps_its_own_bound_and_a_lost_chunk_loses_no_other_task():
    """Tasks go out four at a time; the one that hangs, grows or dies is its own result,
    and the tasks sharing its chunk are run again and finish."""
    tasks = ["a", "hang", "b", "c", "d", "grow", "e", "f", "g", "h", "die", "i", "j", "k", "l", "m"]
    pool = BoundedPool(behave, failed, jobs=2, limits=Limits(seconds=8, memory_mb=1024), chunk=4)
    start = time.monotonic()
    results = list(pool.run(tasks))
    elapsed = time.monotonic() - start
    assert sorted(i for i, _ in results) == list(range(len(tasks)))  # each task once
    said = {tasks[i]: r for i, r in results}
    assert said["hang"] == "failed hang: timeout"
    assert said["grow"] == "failed grow: memory"
    assert said["die"] == "failed die: crash"
    for name in "abcdefghijklm":
        assert said[name].startswith(f"done {name} in ")
    assert elapsed < 40


def test_a_chunk_shares_its_worker():
    pool = BoundedPool(behave, failed, jobs=1, limits=Limits(seconds=30), chunk=8)
    pids = {r.rsplit(" ", 1)[1] for _, r in pool.run(list("abcdefgh"))}
    assert len(pids) == 1


def test_work_on_a_whole_chunk_that_fails_runs_each_of_its_tasks_alone():
    """A worker lost while on the whole chunk names no task: each runs again alone, and all finish."""
    tasks = [*"abcd", "poison", *"efgh"]
    pool = BoundedPool(behave, failed, jobs=1, limits=Limits(seconds=30), many=behave_together, chunk=8)
    results = list(pool.run(tasks))
    assert sorted(i for i, _ in results) == list(range(len(tasks)))
    said = {tasks[i]: r for i, r in results}
    for name in tasks:
        assert said[name].startswith(f"done {name} in ")
    # The chunk holding "poison" killed its worker: a new one ran its tasks again, each alone.
    assert len({r.rsplit(" ", 1)[1] for r in said.values()}) >= 2
