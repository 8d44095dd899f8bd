"""Shared fixtures: workbooks built by the real template builder."""

from __future__ import annotations

import copy
import datetime as dt
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gikxl.examples import demo_values
from gikxl.template.builder import build_workbook


def as_cell_values(values: dict[str, Any]) -> dict[str, Any]:
    """Example values with ISO dates turned into dates, as a clerk's Excel holds them."""
    out = copy.deepcopy(values)
    if isinstance(out.get("gik_date"), str):
        out["gik_date"] = dt.date.fromisoformat(out["gik_date"])
    return out


@pytest.fixture
def demo() -> dict[str, Any]:
    """A fresh, mutable copy of the bundled example's values by defined name."""
    return as_cell_values(demo_values())


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """``make_workbook(values, name="x.xlsm")`` writes a filled template and returns its path."""

    def make(values: dict[str, Any] | None = None, name: str = "filled.xlsm") -> Path:
        path = tmp_path / name
        path.write_bytes(build_workbook(as_cell_values(values or {})))
        return path

    return make


# The Excel buttons --------------------------------------------------------------

@pytest.fixture
def no_mock_caller() -> Iterator[None]:
    """Forget the book a test made ``xlwings.Book.caller()``, so the next test cannot see it."""
    yield
    import xlwings as xw

    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private home folder with a Documents folder, where reports go without a workbook folder."""
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    return folder


# Writing ----------------------------------------------------------------------------

@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """``disk_full(errno.ENOSPC)``: every write through ``os.fdopen`` stores half its data, then fails."""

    def fill(code: int = errno.ENOSPC) -> None:
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, fh: Any) -> None:
                self.fh = fh

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                self.fh.close()

            def write(self, data: bytes) -> None:
                self.fh.write(data[: len(data) // 2])
                raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))

    return fill
