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
from gikxl.text import simplified

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


#: An explanation in brackets after a label: "规章（设区的市、自治州人民政府应提供相关数据）".
_EXPLANATION = re.compile(r"\([^()]{4,300}\)")


def words(text: str) -> str:
    """A label as compared: full-width folded, no digits, punctuation or space, no explanation in brackets.

    ``1. 属于国家秘密`` → ``属于国家秘密``. Sites print the official labels with their own notes
    in brackets (and the format itself has one, after （二）部分公开): both sides drop them alike.
    """
    return _NOT_WORD.sub("", _EXPLANATION.sub("", simplified(unicodedata.normalize("NFKC", text))))


@dataclass
class Run:
    """A label and the figures that follow it."""

    label: list[Token]
    values: list[tuple[float | int | None, Token]]
    """Each figure with its token; ``None`` for a mark of "not given" ("/") in a figure's place."""
    header: dict[int, str] = field(default_factory=dict)
    """For a row read by its cells: the official column label (as :func:`words` gives it) printed
    above each of its table's columns, where the table's header names one."""

    @property
    def text(self) -> str:
        return words("".join(t.text for t in _own_column(self.label)))

    @property
    def source(self) -> Source:
        return (self.label or [self.values[0][1]])[-1].source if (self.label or self.values) else Source("")


def _own_column(label: list[Token]) -> list[Token]:
    """The label's words in the column of its last one (the innermost label, beside the figures).

    A PDF table without rulings comes as lines of text in which a group label centred over
    several rows ("（六）其他处理") is cut into pieces between the row's own label lines; its
    words stand in another column, and are left out. Words without a position are all kept.
    """
    last = label[-1].span if label else None
    if last is None:
        return label
    return [t for t in label if t.span is None or (t.span[0] < last[1] and last[0] < t.span[1])]


def runs_of(lines: list[Line]) -> list[Run]:
    """The label-and-figures runs of ``lines``: a table row by its cells, other lines as a stream of words."""
    runs: list[Run] = []
    label: list[Token] = []
    values: list[tuple[float | int | None, Token]] = []
    headers = _Headers()
    for line in lines:
        row = _row_run(line)
        if row is not None:
            if values:
                runs.append(Run(label, values))
                label, values = [], []
            if row.values:
                runs.append(Run(label + row.label, row.values, headers.above(line)))
                label = []
            else:
                headers.read(line)
                label += row.label  # a label-only row (a header, a label cell above its figures)
            continue
        tokens = line.tokens
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


#: Every official column label as :func:`words` gives it: what a table's header cells are found by.
_COLUMN_LABELS = frozenset(words(c.label) for t in spec.TABLES for b in t.blocks for c in b.cols)


class _Headers:
    """The column labels printed above the rows of each table read so far, by table and column.

    Header rows stack (自然人 … 总计 over 商业企业 … 其他); a header row after rows of figures
    starts a new block's header (table 二's blocks one under another).
    """

    def __init__(self) -> None:
        self.columns: dict[int | None, dict[int, str]] = {}
        self.after_figures: set[int | None] = set()

    def read(self, line: Line) -> None:
        named = {src.col: w for text, src in line.cells or () if src.col and (w := words(text)) in _COLUMN_LABELS}
        if not named:
            return
        table = line.source.table
        if table in self.after_figures:
            self.columns[table] = {}
            self.after_figures.discard(table)
        self.columns.setdefault(table, {}).update(named)

    def above(self, line: Line) -> dict[int, str]:
        self.after_figures.add(line.source.table)
        return self.columns.get(line.source.table, {})


def _cell_value(text: str) -> tuple[bool, float | int | None]:
    """Whether a cell's text can stand in a figure's place, and the figure (``None``: blank or "/")."""
    squeezed = "".join(text.split())
    if not squeezed:
        return True, None
    value = figure(squeezed)
    if value is not None:
        return True, value
    return unicodedata.normalize("NFKC", squeezed) in _NOT_GIVEN, None


def _row_run(line: Line) -> Run | None:
    """A table row read by its cells: the cells after the last word are its figures, blank ones kept.

    ``None`` for a line without cells, or whose figure cells are not one figure each (read as words).
    """
    if line.cells is None:
        return None
    cells = line.cells
    kinds = [_cell_value(text) for text, _ in cells]
    last_word = max((i for i, (ok, _) in enumerate(kinds) if not ok), default=-1)
    label = [Token(t, src) for text, src in cells[:last_word + 1] for t in text.split()]
    values = [(value, Token("".join(text.split()), src))
              for (text, src), (_, value) in zip(cells[last_word + 1:], kinds[last_word + 1:], strict=True)]
    if last_word >= 0 and any(figure(t.text) is not None for t in label):
        return None  # figures among its words ("3 件", a cell of two numbers): read as a stream
    if all(blank(tok) for _, tok in values):
        values = []  # a header row, or a label over rows: no figure's place is written in it
    return Run(label, values)


def blank(tok: Token) -> bool:
    """Whether a figure's place is an empty cell."""
    return not tok.text


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
    blanks: dict[tuple[str, str, str], Source] = field(default_factory=dict)
    """Cells placed by position and empty in the file."""
    marks: dict[tuple[str, str, str], tuple[str, Source]] = field(default_factory=dict)
    """Cells holding a mark of "not given" ("/", "无", "不适用") where a figure belongs."""


def row_slots(table: spec.Table, skip: frozenset[str] = frozenset()) -> list[Slot]:
    return [Slot(b, r.key, tuple(c.key for c in b.cols), words(r.label))
            for b in table.blocks for r in b.rows if r.key not in skip]


def t4_list_slots() -> list[Slot]:
    """Table 四 printed one column per row (gikxl's Markdown, some sites)."""
    return [Slot(spec.T4, "count", (c.key,), words("".join(c.path))) for c in spec.T4.cols]


def take(read: TableRead, slot: Slot, run: Run, where: str, trusted: frozenset[int | None] = frozenset()) -> None:
    """The run's figures into the slot's cells, or the cells as missing when the count does not fit.

    A row read by its cells may have blank cells beside its figures (a label cell drawn over
    two columns, a grid copied wider than the table): the figures are the one stretch of the
    row's width that holds every figure written.
    """
    counts = slot.block.kind == "count"
    values = _fitted(run.values, len(slot.cols))
    misplaced = _misplaced(slot, run, values) if _table_of(run) in trusted else ""
    if misplaced:
        for col in slot.cols:
            read.missing.append(Missing(slot.block.key, slot.row, col, slot.block.col_name(col),
                                        f"{where}“{slot.name}”一行的数字与表头对不上：{misplaced}"
                                        f"（{run.source.place}：{run.source.snippet[:60]}）"))
        return
    if len(values) != len(slot.cols):
        shown = run.source.snippet[:60]
        written = sum(not blank(tok) for _, tok in values)
        gaps = f"，另有 {len(values) - written} 个空白格，分不清各数字在哪一列" if written < len(values) else ""
        read_where = (f"{where}“{slot.name}”一行有 {written} 个数字，应为 {len(slot.cols)} 个{gaps}"
                      f"（{run.source.place}：{shown}）")
        for col in slot.cols:
            read.missing.append(Missing(slot.block.key, slot.row, col, slot.block.col_name(col), read_where))
        return
    for col, (value, tok) in zip(slot.cols, values, strict=True):
        key = (slot.block.key, slot.row, col)
        if value is None and blank(tok):
            read.blanks[key] = tok.source  # blank as published: the report's own gap, not the reader's
            continue
        if value is None:
            read.marks[key] = (tok.text, tok.source)
            continue
        if value < 0 or (counts and isinstance(value, float)):
            read.missing.append(Missing(slot.block.key, slot.row, col, slot.block.col_name(col),
                                        f"{where}“{slot.name}”中的“{tok.text}”不是件数（{tok.source.place}）"))
            continue
        read.figures[key] = value
        read.sources[key] = tok.source


def _misplaced(slot: Slot, run: Run, values: list[tuple[float | int | None, Token]]) -> str:
    """Where a figure stands under another column's header than the one it would fill, or ``""``.

    A figure is used only where the table's own header agrees: a row shifted by a cell, or a
    number from another line, is reported, never read into the wrong column.
    """
    if not run.header or len(values) != len(slot.cols):
        return ""
    for col, (_, tok) in zip(slot.cols, values, strict=True):
        above = run.header.get(tok.source.col or 0)
        want = words(slot.block.col(col).label)
        if above is not None and above != want:
            return f"第{tok.source.col}列的“{tok.text or '（空白）'}”在表头“{above}”之下，应为“{want}”"
    return ""


def _fitted(values: list[tuple[float | int | None, Token]], width: int) -> list[tuple[float | int | None, Token]]:
    """``values`` cut to ``width`` where one window of that width holds all non-blank ones; else as they are."""
    if len(values) <= width:
        return values
    written = [i for i, (_, tok) in enumerate(values) if not blank(tok)]
    if not written:
        return values
    starts = [s for s in range(len(values) - width + 1) if s <= written[0] and written[-1] < s + width]
    return values[starts[0]:starts[0] + width] if len(starts) == 1 else values


def read_table(read: TableRead, table: spec.Table, lines: list[Line], where: str, slots: list[Slot]) -> None:
    """Fill ``read`` with what ``lines`` hold of ``table``; every slot not found is missing."""
    runs = runs_of(lines)
    if table is spec.TABLE4:
        slots, found = _table4(runs)
    else:
        found = match(runs, slots)
    collapsed = _collapsed_group(read, runs, found, slots, where) if table is spec.TABLE3 else set()
    trusted = _trusted_headers(slots, found)
    for k, slot in enumerate(slots):
        run = found.get(k)
        if k in collapsed:
            continue
        if run is None:
            for col in slot.cols:
                read.missing.append(Missing(slot.block.key, slot.row, col, slot.block.col_name(col),
                                            f"{where}未找到“{slot.name}”一行"))
        else:
            take(read, slot, run, where, trusted)


def _table_of(run: Run) -> int | None:
    return run.values[0][1].source.table if run.values else None


def _trusted_headers(slots: list[Slot], found: dict[int, Run]) -> frozenset[int | None]:
    """The tables whose header some row fully agrees with.

    A header drawn without its spans (a page that lost its ``colspan``) names no row's columns
    right; a header that one row fits is the table's, and a row it does not fit is shifted.
    """
    out = set()
    for k, run in found.items():
        values = _fitted(run.values, len(slots[k].cols))
        if run.header and len(values) == len(slots[k].cols) and not _misplaced(slots[k], run, values) \
                and any((tok.source.col or 0) in run.header for _, tok in values):
            out.add(_table_of(run))
    return frozenset(out)


#: Table 三's group of rows many reports print as one row: （六）其他处理 and its three parts.
_GROUP = spec.T3.row(spec.T3_RESULT_ROWS[-1]).path[1]
_GROUP_ROWS = tuple(r.key for r in spec.T3.rows if r.path[1:2] == (_GROUP,))


def _collapsed_group(read: TableRead, runs: list[Run], found: dict[int, Run], slots: list[Slot],
                     where: str) -> set[int]:
    """The slots of （六）其他处理's parts settled by the group's one row, where the parts are not printed.

    A row of 0 means each part is 0: figures are never negative, so parts that sum to 0 are all 0.
    A row with any other figure cannot be shared out: its parts are reported, saying why.
    """
    mine = [k for k, slot in enumerate(slots) if slot.row in _GROUP_ROWS]
    if not mine or any(k in found for k in mine):
        return set()
    group = words(_GROUP)
    row = next((r for r in runs if r.text.endswith(group) and len(r.values) >= len(spec.T3.cols)), None)
    if row is None:
        return set()
    values = row.values[-len(spec.T3.cols):]
    zero = all(v == 0 for v, _ in values)
    for k in mine:
        for col, (_, tok) in zip(slots[k].cols, values, strict=True):
            key = (spec.T3.key, slots[k].row, col)
            if zero:
                read.figures[key], read.sources[key] = 0, tok.source
            else:
                read.missing.append(Missing(
                    spec.T3.key, slots[k].row, col, spec.T3.col_name(col),
                    f"{where}“{_GROUP}”只印了一行（{row.source.place}），没有分项，不能分到“{slots[k].name}”"))
    if zero:
        read.notes.append(f"表三“{_GROUP}”只印了一行且各列均为 0（{row.source.place}）：数字不会为负，"
                          "其三个分项因此均为 0，已按 0 导入。")
    return set(mine)


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
