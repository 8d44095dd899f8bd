"""Tasks for the bounded pool's tests: module-level, so spawned workers can import them."""

from __future__ import annotations

import os
import signal
import time


def behave(task: str) -> str:
    """Do what ``task`` says: finish, hang, grow without end, or die."""
    if task == "hang":
        time.sleep(3600)
    elif task == "grow":
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    elif task == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return f"done {task} in {os.getpid()}"


def failed(task: str, failure) -> str:
    return f"failed {task}: {failure.kind}"


def behave_together(tasks, mark) -> list[str]:
    """Each task as :func:`behave` does, then work on all of them at once, which kills the
    worker when a task ``poison`` shares the batch (alone it is harmless)."""
    out = []
    for i, task in enumerate(tasks):
        mark(i)
        out.append(behave(task))
    mark(None)
    if "poison" in tasks and len(tasks) > 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return out
