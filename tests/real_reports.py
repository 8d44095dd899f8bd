"""The real published reports in ``../shared/real/`` and what a careful reader takes from each.

They are public files fetched for testing and are never committed: a test that needs them
skips, saying why, where the folder is absent. ``expected.json`` was read by hand from the
files (see its README); :func:`differences` compares an import with it cell by cell.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

#: ``../shared/real`` beside the clone (CI lays it there).
REAL = Path(__file__).resolve().parents[1].parent / "shared/real"
EXPECTED = REAL / "expected.json"


def expected() -> dict[str, dict[str, Any]]:
    """What each real file holds, by file name; skips the test where the folder is absent."""
    if not EXPECTED.is_file():
        pytest.skip(f"the real published reports are not here ({EXPECTED.parent.name}/ beside the clone is absent)")
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def real_files() -> list[str]:
    """The names of the real files, for ``parametrize`` (empty where the folder is absent)."""
    if not EXPECTED.is_file():
        return []
    return sorted(json.loads(EXPECTED.read_text(encoding="utf-8")))


def cell_differences(imported, want: dict[str, Any]) -> list[str]:
    """Every table cell read otherwise than published: ``gik_t3[3][0]: read None, published 4``."""
    out = []
    for name, grid in want["tables"].items():
        got = imported.report.tables[name.removeprefix("gik_")].grid()
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                if got[i][j] != value:
                    out.append(f"{name}[{i}][{j}]: read {got[i][j]!r}, published {value!r}")
    return out


def cell_count(want: dict[str, Any]) -> int:
    return sum(len(row) for grid in want["tables"].values() for row in grid)


def section_differences(imported, want: dict[str, Any]) -> list[str]:
    """Every section whose text does not begin as published."""
    out = []
    for key, start in want["sections"].items():
        text = "".join(imported.report.prose(key).split())
        if not text.startswith("".join(start.split())):
            out.append(f"{key}: read {text[:30]!r}, published {start!r}…")
    return out


def field_differences(imported, want: dict[str, Any]) -> list[str]:
    fields = imported.report.fields
    return [f"{key}: read {fields.get(key)!r}, published {want[key]!r}"
            for key in ("org", "year", "info_fee") if fields.get(key) != want[key]]


def main() -> None:
    """``python tests/real_reports.py``: how each real report reads, cell by cell, and what check finds."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from gikxl.checks.engine import run_checks
    from gikxl.checks.findings import Severity
    from gikxl.checks.located import located
    from gikxl.published import import_report

    if not EXPECTED.is_file():
        raise SystemExit(f"no real reports here: {EXPECTED.parent} is absent")
    for name, want in json.loads(EXPECTED.read_text(encoding="utf-8")).items():
        imported = import_report(REAL / name)
        cells, sections = cell_differences(imported, want), section_differences(imported, want)
        found = located(run_checks(imported.report), imported)
        errors = [f for f in found if f.severity is Severity.ERROR]
        print(f"{name}: cells {cell_count(want) - len(cells)}/{cell_count(want)}, "
              f"sections {len(want['sections']) - len(sections)}/{len(want['sections'])}, "
              f"fields wrong {len(field_differences(imported, want))}, errors {len(errors)} "
              f"(defects published: {len(want['defects'])}), reading notes {len(found.notes)}")
        for line in [*cells[:5], *sections, *field_differences(imported, want)]:
            print("   ", line)
        for f in errors:
            print(f"    {f.code} {f.cell}")


if __name__ == "__main__":
    main()
