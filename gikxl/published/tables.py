"""The official tables found in a stream of tokens, by their row labels from :mod:`gikxl.spec`.

A table's lines are read as one stream: a run of words is a label, the run of
figures after it the row's values. A row broken across lines or pages, cells
one per line, merged header cells flattened in odd ways: all give the same
runs. Each run is matched to the next official row whose label it contains
(longest first; a near miss for a typo), so a row is found by what it says,
never by where it stands. A row whose count of figures is not the table's is
not guessed: its cells stay blank and are reported with where they were looked for.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from gikxl import spec
from gikxl.published.document import Line, Source, Token

_NUMBER = re.compile(r"^[+-]?\d{1,15}(?:,\d{3})*(?:\.\d+)?$")
#: What a published table writes for none: 0 as a dash.
_ZERO = frozenset({"-", "—", "–", "——", "--", "―", "一一"})
#: What a published table writes for "not given": the cell takes a figure's place but holds none.
_NOT_GIVEN = frozenset({"/", "／", "\\", "无", "不适用", "N/A"})
#: A unit some tables print after each figure ("3件", "0.5万元").
_UNIT = re.compile(r"(?<=\d)(件|条|个|项|万元|元)$")
_NOT_WORD = re.compile(r"[^\w]|[\d_]")


def figure(text: str) -> float | int | None:
    """The number a token spells (full-width digits folded; a dash is 0), or ``None`` for a word."""
    t = _UNIT.sub("", unicodedata.normalize("NFKC", text).strip())
    if t in _ZERO:
        return 0
    if not _NUMBER.match(t):
        return None
    value = float(t.replace(",", ""))
    return int(value) if value.is_integer() and "." not in t else value


def words(text: str) -> str:
    """A label as compared: full-width folded, no digits, punctuation or space.

    ``1. 属于国家秘密`` → ``属于国家秘密``.
    """
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


@dataclass
class Run:
    """A label and the figures that follow it."""

    label: list[Token]
    values: list[tuple[float | int | None, Token]]
    """Each figure with its token; ``None`` for a mark of "not given" ("/") in a figure's place."""

    @property
    def text(self) -> str:
        return words("".join(t.text for t in self.label))

    @property
    def source(self) -> Source:
        return (self.label or [self.values[0][1]])[-1].source if (self.label or self.values) else Source("")


def runs_of(lines: list[Line]) -> list[Run]:
    runs: list[Run] = []
    label: list[Token] = []
    values: list[tuple[float | int | None, Token]] = []
    tokens = [tok for line in lines for tok in line.tokens]
    for i, tok in enumerate(tokens):
        value = figure(tok.text)
        if value is not None and i + 1 < len(tokens) and tokens[i + 1].text[:1] in ".．、":
            value = None  # "1 . 属于国家秘密": a row's number spaced off its label, not a figure
        if value is None and label and unicodedata.normalize("NFKC", tok.text) in _NOT_GIVEN:
            values.append((None, tok))
        elif value is None:
            if values:
                runs.append(Run(label, values))
                label, values = [], []
            label.append(tok)
        else:
            values.append((value, tok))
    if values:
        runs.append(Run(label, values))
    return runs


@dataclass(frozen=True)
class Slot:
    """An official row (or, for table 四 printed as a list, one column) and the figures it takes."""

    block: spec.Block
    row: str
    cols: tuple[str, ...]
    label: str

    @property
    def name(self) -> str:
        return "·".join(self.block.row(self.row).path) if self.block.key != "t4" or len(self.cols) > 1 else \
            self.block.col_name(self.cols[0])


def score(run: str, label: str) -> float:
    """How well a run's words name ``label``, 0 for not at all.

    Best when the run ends with the label (the innermost label stands just before the
    figures); then when the label stands anywhere in it; then when the run ends with the
    label's first words (a cell continued on the next page, after its figures); then a near
    miss (a typo). A short label (``其他``) counts only as the run's end.
    """
    if not label:
        return 0
    if run.endswith(label):
        return 300 + len(label)
    if len(label) < 4:
        return 0
    if label in run:
        return 200 + len(label)
    for cut in range(len(label) - 1, 5, -1):
        if run.endswith(label[:cut]):
            return 100 + cut
    tail = run[-len(label) - 2:]
    ratio = difflib.SequenceMatcher(None, tail, label).ratio()
    return ratio * len(label) if ratio >= 0.75 else 0


def match(runs: list[Run], slots: list[Slot]) -> dict[int, Run]:
    """Each slot's run, in order: a run goes to the best-named slot after the last one matched."""
    found: dict[int, Run] = {}
    pos = 0
    for run in runs:
        text = run.text
        best = max(((score(text, slots[k].label), k) for k in range(pos, len(slots))), default=(0, -1))
        if best[0] > 0:
            found[best[1]] = run
            pos = best[1] + 1
    return found


@dataclass
class Missing:
    """A cell not read, and where it was looked for."""

    block: str
    row: str
    col: str
    label: str
    where: str

    @property
    def name(self) -> str:
        """The cell as a clerk names it: ``表三“属于国家秘密”“自然人”``, or a field's label."""
        if not self.block:
            return self.label
        block = spec.BLOCKS[self.block]
        row = block.row(self.row).label if self.row in {r.key for r in block.rows} else self.row
        return f"表{spec.table_of(block).numeral}“{row}”“{self.label}”"

    def to_json(self) -> dict[str, str]:
        return {"block": self.block, "row": self.row, "col": self.col, "label": self.label, "name": self.name,
                "where": self.where}


@dataclass
class TableRead:
    """What was read of the official tables: figures by (block, row, col), their sources, the cells missed."""

    figures: dict[tuple[str, str, str], float | int] = field(default_factory=dict)
    sources: dict[tuple[str, str, str], Source] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def row_slots(table: spec.Table, skip: frozenset[str] = frozenset()) -> list[Slot]:
    return [Slot(b, r.key, tuple(c.key for c in b.cols), words(r.label))
            for b in table.blocks for r in b.rows if r.key not in skip]


def t4_list_slots() -> list[Slot]:
    """Table 四 printed one column per row (gikxl's Markdown, some sites)."""
    return [Slot(spec.T4, "count", (c.key,), words("".join(c.path))) for c in spec.T4.cols]


def take(read: TableRead, slot: Slot, run: Run, where: str) -> None:
    """The run's figures into the slot's cells, or the cells as missing when the count does not fit."""
    counts = slot.block.kind == "count"
    if len(run.values) != len(slot.cols):
        shown = run.source.snippet[:60]
        read_where = (f"{where}“{slot.name}”一行有 {len(run.values)} 个数字，应为 {len(slot.cols)} 个"
                      f"（{run.source.place}：{shown}）")
        for col in slot.cols:
            read.missing.append(Missing(slot.block.key, slot.row, col, slot.block.col_name(col), read_where))
        return
    for col, (value, tok) in zip(slot.cols, run.values, strict=True):
        if value is None:
            read.missing.append(Missing(slot.block.key, slot.row, col, slot.block.col_name(col),
                                        f"{where}“{slot.name}”一行此格写的是“{tok.text}”，不是数字（{tok.source.place}）"))
            continue
        if value < 0 or (counts and isinstance(value, float)):
            read.missing.append(Missing(slot.block.key, slot.row, col, slot.block.col_name(col),
                                        f"{where}“{slot.name}”中的“{tok.text}”不是件数（{tok.source.place}）"))
            continue
        read.figures[(slot.block.key, slot.row, col)] = value
        read.sources[(slot.block.key, slot.row, col)] = tok.source


def read_table(read: TableRead, table: spec.Table, lines: list[Line], where: str, slots: list[Slot]) -> None:
    """Fill ``read`` with what ``lines`` hold of ``table``; every slot not found is missing."""
    runs = runs_of(lines)
    if table is spec.TABLE4:
        slots, found = _table4(runs)
    else:
        found = match(runs, slots)
    for k, slot in enumerate(slots):
        run = found.get(k)
        if run is None:
            for col in slot.cols:
                read.missing.append(Missing(slot.block.key, slot.row, col, slot.block.col_name(col),
                                            f"{where}未找到“{slot.name}”一行"))
        else:
            take(read, slot, run, where)


def _table4(runs: list[Run]) -> tuple[list[Slot], dict[int, Run]]:
    """Table 四's slots and runs: one row of 15 figures, or (gikxl's Markdown, some sites) one row per column."""
    wide = [Slot(spec.T4, "count", tuple(c.key for c in spec.T4.cols), "")]
    full = [r for r in runs if len(r.values) == len(spec.T4.cols)]
    if full:
        return wide, {0: full[0]}
    listed = t4_list_slots()
    found = match(runs, listed)
    if found:
        return listed, found
    # One run of the wrong length is reported with its count; none at all as not found.
    return wide, ({0: runs[0]} if len(runs) == 1 else {})
