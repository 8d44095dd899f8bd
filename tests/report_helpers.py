"""Helpers shared by the report tests: models from the example, HTML tables parsed back."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from gikxl.workbook.model import AnnualReport, report_from_names


def model(values: dict[str, Any]) -> AnnualReport:
    return report_from_names(values)


class HtmlTables(HTMLParser):
    """Tables of an HTML page laid out as grids, the way a browser places rowspan/colspan."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, Any]] = []
        self.headings: list[tuple[str, str]] = []
        self.paragraphs: list[str] = []
        self._cell: dict[str, Any] | None = None
        self._section = ""
        self._text: list[str] | None = None
        self._tag = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"rows": [], "thead": 0})
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
            if self._section == "thead":
                self.tables[-1]["thead"] += 1
        elif tag in ("td", "th"):
            self._cell = {"tag": tag, "text": "", "rowspan": int(a.get("rowspan", 1)),
                          "colspan": int(a.get("colspan", 1))}
        elif tag in ("h1", "h2", "h3", "p"):
            self._tag, self._text = tag, []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(self._cell)
            self._cell = None
        elif tag in ("h1", "h2", "h3", "p") and self._text is not None:
            text = "".join(self._text)
            if tag == "p":
                self.paragraphs.append(text)
            else:
                self.headings.append((tag, text))
            self._text = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data
        if self._text is not None:
            self._text.append(data)


def html_grid(table: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Every grid position of a parsed table → the cell covering it (HTML table model)."""
    grid: dict[tuple[int, int], dict[str, Any]] = {}
    for r, row in enumerate(table["rows"]):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    grid[(r + dr, c + dc)] = cell
            c += cell["colspan"]
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    return [[grid[(r, c)] for c in range(n_cols)] for r in range(n_rows)]


def distinct_tables(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with every figure of tables 三 and 四 different (101, 102, …), so that a
    figure shifted into a neighbouring cell cannot go unnoticed (the demo is mostly 0s).
    The tables no longer add up; rendering does not care."""
    values["gik_t3"] = [[101 + 7 * r + c for c in range(7)] for r in range(25)]
    values["gik_t4"] = [[501 + c for c in range(15)]]
    return values


def label_path(path: tuple[str, ...], depth: int) -> list[str]:
    """The texts a reader sees across ``depth`` label (or header) cells for an official label
    path: the last part repeats where the official table merges it across the remaining cells."""
    return list(path) + [path[-1]] * (depth - len(path))
