"""Workbooks as xlwings' remote engine sees them, for testing the Excel buttons.

:func:`payload_of` turns a workbook file into the JSON an xlwings client
sends (``xw.Book(json=payload)``), the way the Office Scripts client of
xlwings 0.37 builds it: every sheet's values from A1 to the last used cell
(empty cells ``""``, numbers as floats, dates as ISO strings), and the
workbook's range names with ``sheet_index``, ``address`` and ``refers_to``
(constant names such as ``gik_template`` are not sent). Excel computes
formulas before it sends values; here the template's ``=SUM(...)`` totals
are computed the same way (other formulas, i.e. the check row under table 3,
arrive empty).

:func:`apply_actions` plays the role of the client after the call: it
applies the value-changing actions xlwings recorded to the payload, so a
test can press a button a second time on the changed workbook.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries

_SUM = re.compile(r"^=SUM\((.*)\)$", re.IGNORECASE)
_FRIENDLY = re.compile(r'^=HYPERLINK\(".*?","(.*)"\)$')


def payload_of(path: Path, active_sheet: int = 0) -> dict[str, Any]:
    """The remote-engine payload of the workbook at ``path``."""
    import xlwings

    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        sheet = _Evaluated(ws)
        values = [[sheet.value(r, c) for c in range(1, ws.max_column + 1)] for r in range(1, ws.max_row + 1)]
        sheets.append({"name": ws.title, "values": values, "pictures": [], "tables": []})
    index = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    names = []
    for name, dn in wb.defined_names.items():
        destinations = list(dn.destinations)
        if len(destinations) != 1:
            continue  # a constant (gik_template): the client sends range names only
        sheet_name, ref = destinations[0]
        names.append({
            "name": name, "sheet_index": index[sheet_name], "address": ref.replace("$", ""),
            "refers_to": "=" + dn.attr_text, "scope_sheet_name": None, "scope_sheet_index": None,
            "book_scope": True,
        })
    return {
        "client": "Microsoft Office Scripts",
        "version": xlwings.__version__,
        "book": {"name": Path(path).name, "active_sheet_index": active_sheet, "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }


class _Evaluated:
    """A sheet's values as Excel would send them: ``=SUM`` totals computed."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.memo: dict[tuple[int, int], Any] = {}

    def value(self, row: int, col: int) -> Any:
        if (row, col) not in self.memo:
            self.memo[(row, col)] = self._value(self.ws.cell(row, col).value)
        return self.memo[(row, col)]

    def _value(self, v: Any) -> Any:
        if isinstance(v, str) and v.startswith("="):
            m = _SUM.match(v)
            if not m:
                return ""
            total = 0.0
            for part in m.group(1).split(","):
                c1, r1, c2, r2 = range_boundaries(part.replace("$", ""))
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        x = self.value(r, c)
                        if isinstance(x, (int, float)) and not isinstance(x, bool):
                            total += x
            return total
        if v is None:
            return ""
        if isinstance(v, bool):
            return v
        if isinstance(v, (int, float)):
            return float(v)
        if isinstance(v, (dt.date, dt.datetime)):
            if not isinstance(v, dt.datetime):
                v = dt.datetime(v.year, v.month, v.day)
            return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return str(v)


def set_cell(payload: dict[str, Any], sheet: str, cell: str, value: Any) -> None:
    """Type ``value`` into one cell of the payload (as the clerk would in Excel)."""
    c1, r1, _, _ = range_boundaries(cell)
    values = next(s for s in payload["sheets"] if s["name"] == sheet)["values"]
    _grow(values, r1, c1)
    values[r1 - 1][c1 - 1] = value


def apply_actions(payload: dict[str, Any], actions: list[dict[str, Any]]) -> dict[str, Any]:
    """A new payload: ``payload`` after the client ran the value-changing ``actions``."""
    out = copy.deepcopy(payload)
    sheets = out["sheets"]
    for a in actions:
        func = a["func"]
        if func == "addSheet":
            position, name = a["args"]
            sheets.insert(position, {"name": name, "values": [[""]], "pictures": [], "tables": []})
            out["book"]["active_sheet_index"] = position
        elif func in ("sheetClear", "sheetClearContents"):
            sheets[a["sheet_position"]]["values"] = [[""]]
        elif func in ("setValues", "setFormula"):
            values = sheets[a["sheet_position"]]["values"]
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    r, c = a["start_row"] + i + 1, a["start_column"] + j + 1
                    _grow(values, r, c)
                    if isinstance(v, str) and v.startswith("="):
                        m = _FRIENDLY.match(v)
                        v = m.group(1) if m else ""
                    values[r - 1][c - 1] = "" if v is None else v
        elif func == "activateSheet":
            out["book"]["active_sheet_index"] = a["sheet_position"]
    return out


def _grow(values: list[list[Any]], rows: int, cols: int) -> None:
    width = max(cols, max((len(r) for r in values), default=0))
    while len(values) < rows:
        values.append([""] * width)
    for row in values:
        row.extend([""] * (width - len(row)))


def carry_sheets(fresh: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """``fresh`` (the clerk's edited workbook, recalculated) plus the sheets a button added to ``before``."""
    out = copy.deepcopy(fresh)
    names = {s["name"] for s in out["sheets"]}
    out["sheets"] += [copy.deepcopy(s) for s in before["sheets"] if s["name"] not in names]
    return out
