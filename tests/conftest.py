"""Shared fixtures: workbooks built by the real template builder."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
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
