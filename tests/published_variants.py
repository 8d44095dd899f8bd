"""Published-report variants for issue 20, written at test time, each with what a careful reader gets from it.

Real reports differ from gikxl's own rendering in ways the two real PDFs of ``../shared/real/`` and
the government pages of the stored web corpus show: a frame drawn round the page text, labels
wrapped over lines beside vertically centred figures, a table 四 with a blank 行政复议 half, a
collapsed （六）其他处理, headings in half a dozen forms, 五、 as one passage, the fee in several
phrasings, "/" beside blanks and zeros, a stray number in a cell, the 2019 format. Every body and
every figure here is our own (青山县 is invented); no text is copied from a real report.

One base report (the bundled example, :func:`gikxl.examples.demo_values`) is laid out as a
:class:`Draft`; each variant is a small function that changes the draft and says what the reader
must then get (:class:`Expected`). :func:`render` writes a variant as

- ``docx``: a clerk's Word file (python-docx), the fonts Chinese offices use;
- ``lo.pdf``: that file printed to PDF by LibreOffice (one call for many files, :func:`print_with_libreoffice`);
- ``rl.pdf``: a PDF drawn with reportlab, as WPS and other tools print them;
- ``html``: the page a CMS holds after pasting from Word (``MsoNormal`` paragraphs, ``<o:p>``,
  spans with inline styles, ``<td width=… valign=…>``).

Table layouts come from the spec's label paths through :func:`gikxl.template.headers.spans`,
the same header cells the template and gikxl's report draw.
"""

from __future__ import annotations

import copy
import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gikxl import spec
from gikxl.examples import demo_values
from gikxl.template.headers import spans

Key = tuple[str, str, str]


class _Mark:
    """A table cell that is not a figure: its expected reading."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: Printed blank: the reader places it (its position is known) and keeps it blank.
BLANK = _Mark("BLANK")
#: Printed "/": 不适用, neither blank nor 0.
NA = _Mark("NA")
#: Printed so that it cannot be placed or proved (a stray number, a row the 2019 format does not
#: split): the reader reports it unread and uses no value for it.
UNREAD = _Mark("UNREAD")

Expect = int | float | _Mark

FORMATS = ("docx", "lo.pdf", "rl.pdf", "html")


# The document a variant prints ---------------------------------------------------------

@dataclass
class Para:
    """One paragraph: ``kind`` is title, h1 (一、…), body, sign (落款) or plain; ``lead`` an inline heading."""

    text: str
    kind: str = "body"
    lead: str = ""


@dataclass
class GCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    head: bool = False


@dataclass
class Grid:
    cells: list[GCell]
    widths: list[float]
    """Column widths in millimetres (they sum to the type area's 156 mm)."""
    valign: str = "top"

    @property
    def n_rows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    @property
    def n_cols(self) -> int:
        return len(self.widths)


Piece = Para | Grid


@dataclass(frozen=True)
class Expected:
    """What a careful reader takes from a variant."""

    org: str
    year: int
    date: str | None
    """ISO date of the signature, ``None`` where none is printed."""
    fee: float | None
    """信息处理费 in 元 as 六、 states it."""
    cells: Mapping[Key, Expect]
    """Every table cell asserted, by (block, row, col); a cell left out is not asserted."""
    sections: Mapping[str, str]
    """Prose field → the first characters of its text, whitespace removed."""
    findings: Mapping[str, int] = field(default_factory=dict)
    """Error and warning codes of ``run_checks`` the report truly deserves, with their counts."""
    notes: tuple[str, ...] = ()
    """Words some import note must hold (a deduction the reader made)."""

    @property
    def unread(self) -> frozenset[Key]:
        return frozenset(k for k, v in self.cells.items() if v is UNREAD)

    def grid(self, block: str) -> list[list[Any]]:
        """One block in the defined-name layout of ``expected.json`` (rows × columns, spec order)."""
        b = spec.BLOCKS[block]
        return [[_as_json(self.cells.get((block, r.key, c.key))) for c in b.cols] for r in b.rows]

    def to_json(self) -> dict[str, Any]:
        """In the layout of ``../shared/real/expected.json``: tables by defined name, marks by their names
        (``BLANK``, ``NA``, ``UNREAD``; ``null`` where not asserted), plus the cells to be reported unread."""
        return {"org": self.org, "year": self.year, "date": self.date, "info_fee": self.fee,
                "tables": {b.name: self.grid(b.key) for b in spec.BLOCKS.values()},
                "sections": dict(self.sections), "unread": sorted(".".join(k) for k in self.unread),
                "findings": dict(self.findings), "notes": list(self.notes)}


def _as_json(value: Expect | None) -> Any:
    return value.name if isinstance(value, _Mark) else value


@dataclass(frozen=True)
class Variant:
    name: str
    point: str
    """The point of issue 20 it shows (``"1"``, ``"4"`` …)."""
    about: str
    pieces: tuple[Piece, ...]
    expected: Expected
    frame: bool = False
    """A frame (box) drawn round the page text."""


# The base report as a draft -----------------------------------------------------------

S1_NAMES = tuple(f.label for f in spec.S1_SHEET.fields)  # （一）主动公开 …
_FIGURE_RE = re.compile(r"^\d+(\.\d+)?$")


def _t3_rows(collapsed: bool) -> tuple[spec.Item, ...]:
    """Table 三's rows, with （六）其他处理 as one row where ``collapsed``."""
    if not collapsed:
        return spec.T3.rows
    first = next(i for i, r in enumerate(spec.T3.rows) if r.key.startswith("other_"))
    other = spec.Item("other", (spec.T3.rows[first].path[0], spec.T3.rows[first].path[1]))
    return (*spec.T3.rows[:first], other, *spec.T3.rows[first + 3:])


@dataclass
class Draft:
    """The base report, to be changed by a variant before it is laid out."""

    org: str
    year: int = 2025
    date: tuple[int, int, int] | None = (2026, 1, 20)
    """The 成文日期 under the signature; ``None``: none printed (the website dates the report)."""
    values: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(demo_values()))
    title_lines: int = 1
    s1_heads: list[str] = field(default_factory=lambda: [f"{n}。" for n in S1_NAMES])
    s1_inline: bool = True
    """Sub-heading and its text in one paragraph (the heading bold), or the heading on its own line."""
    heading4: str = spec.TABLE4.title
    s5: list[Para] = field(default_factory=list)
    s6: list[str] = field(default_factory=list)
    fee: float | None = 0.0
    text: dict[Key, str] = field(default_factory=dict)
    """Cells printed otherwise than their figure: "" (blank), "/", "2 0" …"""
    expect: dict[Key, Expect] = field(default_factory=dict)
    """What the reader must get where it is not the figure (BLANK, NA, UNREAD, a deduction)."""
    unasserted: set[Key] = field(default_factory=set)
    collapsed6: bool = False
    wrapped: bool = False
    findings: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    table2: Callable[[Draft], Grid] | None = None
    sections: dict[str, str] = field(default_factory=dict)
    """Expected first characters where the variant prints a section otherwise than the base."""

    def __post_init__(self) -> None:
        v = self.values
        v["gik_org"] = self.org
        # Prose of the example names the county government; each variant is its own body.
        for key, text in list(v.items()):
            if isinstance(text, str) and key.startswith(("gik_s", "gik_intro")):
                v[key] = text.replace("青山县人民政府", self.org).replace("2025", str(self.year))
        if not self.s5:
            self.s5 = [Para(v["gik_s5_problems"], lead="（一）存在的主要问题。"),
                       Para(v["gik_s5_improve"], lead="（二）改进情况。")]
        if not self.s6:
            self.s6 = [v["gik_s6_other"], "本年度未收取政府信息公开信息处理费。"]

    # Figures ---------------------------------------------------------------------

    def figure(self, key: Key) -> int | float:
        block = spec.BLOCKS[key[0]]
        r = [x.key for x in block.rows].index(key[1])
        c = [x.key for x in block.cols].index(key[2])
        return self.values[block.name][r][c]

    def set_figure(self, key: Key, value: int | float) -> None:
        block = spec.BLOCKS[key[0]]
        r = [x.key for x in block.rows].index(key[1])
        c = [x.key for x in block.cols].index(key[2])
        self.values[block.name][r][c] = value

    def cell_text(self, key: Key) -> str:
        if key in self.text:
            return self.text[key]
        value = self.figure(key)
        if spec.BLOCKS[key[0]].kind == "money":
            return f"{value:g}"
        return str(int(value))

    # Layout ------------------------------------------------------------------------

    def pieces(self) -> tuple[Piece, ...]:
        v = self.values
        out: list[Piece] = []
        title = f"{self.year}年{spec.REPORT_NAME}"
        if self.title_lines == 2:
            out += [Para(self.org, "title"), Para(title, "title")]
        else:
            out.append(Para(self.org + title, "title"))
        out.append(Para(v["gik_intro"]))
        out.append(Para(spec.SECTION_TITLES[0], "h1"))
        for head, f in zip(self.s1_heads, spec.S1_SHEET.fields, strict=True):
            if self.s1_inline:
                out.append(Para(v[f.name], lead=head))
            else:
                out += [Para(head, "plain"), Para(v[f.name])]
        out += [Para(spec.SECTION_TITLES[1], "h1"), (self.table2 or t2_grid)(self)]
        out += [Para(spec.SECTION_TITLES[2], "h1"), t3_grid(self)]
        out += [Para(self.heading4, "h1"), t4_grid(self)]
        out += [Para(spec.SECTION_TITLES[4], "h1"), *self.s5]
        out += [Para(spec.SECTION_TITLES[5], "h1"), *(Para(t) for t in self.s6)]
        out.append(Para(self.org, "sign"))
        if self.date is not None:
            y, m, d = self.date
            out.append(Para(f"{y}年{m}月{d}日", "sign"))
        return tuple(out)

    def expected(self) -> Expected:
        cells: dict[Key, Expect] = {}
        for key, block in spec.BLOCKS.items():
            for r in block.rows:
                for c in block.cols:
                    k = (key, r.key, c.key)
                    if k in self.unasserted:
                        continue
                    cells[k] = self.expect.get(k, self.figure(k))
        v = self.values
        sections = {f.key: _start(v[f.name]) for f in spec.S1_SHEET.fields}
        sections |= {"s5_problems": _start(v["gik_s5_problems"]), "s5_improve": _start(v["gik_s5_improve"]),
                     "s6_other": _start(self.s6[0])}
        sections |= self.sections
        date = None if self.date is None else "{:04d}-{:02d}-{:02d}".format(*self.date)
        return Expected(self.org, self.year, date, self.fee, cells, sections, dict(self.findings), self.notes)

    def variant(self, name: str, point: str, about: str, frame: bool = False) -> Variant:
        return Variant(name, point, about, self.pieces(), self.expected(), frame)


def _start(text: str, n: int = 16) -> str:
    return re.sub(r"\s", "", text)[:n]


# Tables ----------------------------------------------------------------------------

def t2_grid(d: Draft) -> Grid:
    """表二 as the official layout stacks it: a 第二十条 heading row, a header row, the rows."""
    cells: list[GCell] = []
    y = 0
    for block in spec.TABLE2.blocks:
        cells.append(GCell(block.heading, y, 0, colspan=4, head=True))
        cells.append(GCell(spec.T2_CONTENT_LABEL, y + 1, 0, head=True))
        span = 3 // len(block.cols)
        for j, col in enumerate(block.cols):
            cells.append(GCell(col.label, y + 1, 1 + j * span, colspan=span, head=True))
        for i, row in enumerate(block.rows):
            cells.append(GCell(row.label, y + 2 + i, 0))
            for j, col in enumerate(block.cols):
                cells.append(GCell(d.cell_text((block.key, row.key, col.key)), y + 2 + i, 1 + j * span, colspan=span))
        y += 2 + len(block.rows)
    return Grid(cells, [54, 34, 34, 34])


def _label_text(text: str, wrapped: bool, width: int) -> str:
    """A long label broken over lines as a narrow Word cell breaks it (``width`` characters a line)."""
    if not wrapped or len(text) <= width:
        return text
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def t3_grid(d: Draft) -> Grid:
    """表三: the note in the corner, 申请人情况 › 法人或其他组织 › …, row labels nested over three columns."""
    rows = _t3_rows(d.collapsed6)
    cols = spec.T3.cols
    depth, labels = 3, spec.TABLE3.label_cols
    cells = [GCell(spec.TABLE3.note, 0, 0, depth, labels, head=True)]
    for s in spans([c.path for c in cols], depth):
        cells.append(GCell(s.text, s.level, labels + s.first, s.depth, s.count, head=True))
    widths_chars = (1, 4, 8) if d.wrapped else (1, 7, 14)
    for s in spans([r.path for r in rows], labels):
        chars = sum(widths_chars[s.level:s.level + s.depth])
        # 三、本年度办理结果 stands in its own narrow column: a narrow Word cell prints it a character a line.
        vertical = d.wrapped and s.level == 0 and s.depth == 1
        text = "\n".join(s.text) if vertical else _label_text(s.text, d.wrapped, chars)
        cells.append(GCell(text, depth + s.first, s.level, s.count, s.depth))
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            if row.key == "other":
                parts = [(spec.T3.key, k, col.key) for k in ("other_no_amend", "other_no_fee", "other_other")]
                text = str(sum(int(d.figure(p)) for p in parts))
            else:
                text = d.cell_text((spec.T3.key, row.key, col.key))
            cells.append(GCell(text, depth + i, labels + j))
    widths = [8.0, 22.0, 30.0] if d.wrapped else [8.0, 26.0, 40.0]
    rest = (156 - sum(widths)) / len(cols)
    return Grid(cells, widths + [rest] * len(cols), "middle" if d.wrapped else "top")


def t4_grid(d: Draft) -> Grid:
    """表四: 行政复议 › 结果维持 …, 行政诉讼 › 未经复议直接起诉 / 复议后起诉 › …, one row of figures."""
    cols = spec.T4.cols
    cells = [GCell(s.text, s.level, s.first, s.depth, s.count, head=True) for s in spans([c.path for c in cols], 3)]
    for j, col in enumerate(cols):
        cells.append(GCell(d.cell_text((spec.T4.key, "count", col.key)), 3, j))
    return Grid(cells, [156 / len(cols)] * len(cols), "middle" if d.wrapped else "top")


# The variants -------------------------------------------------------------------------

def base() -> Variant:
    d = Draft("青山县人民政府")
    return d.variant("base", "11", "the example as a clerk's Word file: every cell printed, headings （一）…。")


def frame() -> Variant:
    """Point 1: the 洪泽 layout — a box round the page text (paragraph borders and white shading)."""
    d = Draft("青山县清溪镇人民政府", title_lines=2)
    return d.variant("frame", "1", "a frame drawn round the page text; title on two lines", frame=True)


def wrapped() -> Variant:
    """Point 1: narrow label columns, labels over two or three lines, figures vertically centred."""
    d = Draft("青山县白石镇人民政府", wrapped=True)
    return d.variant("wrapped", "1", "labels wrapped over 2-3 lines, figures centred beside them")


def t4_review_blank() -> Variant:
    """Point 2: 行政复议 left blank, 行政诉讼 printed as zeros: the zeros are read, the blanks stay blank."""
    d = Draft("青山县柳溪乡人民政府")
    for col in spec.T4.cols:
        key = (spec.T4.key, "count", col.key)
        if col.key.startswith("review"):
            d.text[key], d.expect[key] = "", BLANK
        else:
            d.set_figure(key, 0)
    d.findings = {"CELL-BLANK": 5}  # the report leaves five figures out: a true finding
    return d.variant("t4_review_blank", "2", "table 4's 行政复议 half blank, 行政诉讼 zeros printed")


def _move_other_away(d: Draft) -> None:
    """Make （六） 0 by counting its one case under 本机关不掌握相关政府信息 instead (tables still add up)."""
    for col in spec.T3.cols:
        moved = sum(int(d.figure((spec.T3.key, k, col.key))) for k in ("other_no_amend", "other_no_fee", "other_other"))
        for k in ("other_no_amend", "other_no_fee", "other_other"):
            d.set_figure((spec.T3.key, k, col.key), 0)
        key = (spec.T3.key, "unable_not_held", col.key)
        d.set_figure(key, d.figure(key) + moved)


def other_collapsed_zero() -> Variant:
    """Point 3: one （六）其他处理 row of 0: its three parts are 0, a sound deduction the notes state."""
    d = Draft("青山县东岭镇人民政府", collapsed6=True, notes=("（六）",))
    _move_other_away(d)
    return d.variant("other_collapsed_zero", "3", "（六）其他处理 printed as one row of 0")


def other_collapsed_nonzero() -> Variant:
    """Point 3: one （六）其他处理 row that is not 0: its parts cannot be told and are reported unread."""
    d = Draft("青山县西岭镇人民政府", collapsed6=True)
    for col in spec.T3.cols:
        for k in ("other_no_amend", "other_no_fee", "other_other"):
            d.expect[(spec.T3.key, k, col.key)] = UNREAD
    return d.variant("other_collapsed_nonzero", "3", "（六）其他处理 printed as one row of 1")


def heads_fangmian() -> Variant:
    """Point 4: 「（一）主动公开方面 正文」 and 「（二）依申请公开方面正文」, no separator at all."""
    d = Draft("青山县南湖镇人民政府")
    d.s1_heads = ["（一）主动公开方面 ", "（二）依申请公开方面", "（三）政府信息管理方面 ",
                  "（四）平台载体建设方面", "（五）监督保障方面 "]
    return d.variant("heads_fangmian", "4", "sub-headings ending 方面, followed by a space or nothing")


def heads_own_line() -> Variant:
    """Point 4: headings on their own lines: 「法定主动公开方面：」, 「（四）平台载体建设方面」,
    「（五）政府信息公开监督保障情况。」."""
    d = Draft("青山县北山镇人民政府", s1_inline=False)
    d.s1_heads = ["（一）法定主动公开方面：", "（二）依申请公开情况", "（三）政府信息管理情况",
                  "（四）平台载体建设方面", "（五）政府信息公开监督保障情况。"]
    return d.variant("heads_own_line", "4", "sub-headings on a line of their own, 方面： and 情况。 forms")


def heads_typo() -> Variant:
    """Point 4: a typo in the heading of 四 itself (「行政法复议」), as one real report prints it."""
    d = Draft("青山县沙河镇人民政府", heading4="四、政府信息公开行政法复议、行政诉讼情况")
    return d.variant("heads_typo", "4", "「四、政府信息公开行政法复议、行政诉讼情况」")


def s5_one_passage() -> Variant:
    """Point 4: 五、 as one passage, improvements beginning at 「针对存在问题，下一步」."""
    d = Draft("青山县桥头镇人民政府")
    problems = ("2025年，本镇政务公开工作有了新进展，但对照上级要求仍有差距："
                "政策解读形式较为单一，村务公开栏更新不够及时。")
    improve = ("针对存在问题，下一步，将重点抓好以下工作："
               "一是丰富图解、短视频等解读形式；二是按月检查村务公开栏更新情况。")
    d.s5 = [Para(problems + improve)]
    d.sections = {"s5_problems": _start(problems), "s5_improve": _start(improve)}
    return d.variant("s5_one_passage", "4", "五、 one paragraph, split at 针对存在问题")


def s5_measures() -> Variant:
    """Point 4: 五、 as one passage whose improvements begin at 「整改措施」 after the problems."""
    d = Draft("青山县河口镇人民政府")
    problems = "本年度工作仍存在不足，主要是个别村（社区）公开内容不够全面，依申请公开答复说理不够充分。"
    improve = "整改措施：一是制定村（社区）公开事项清单；二是组织答复文书互查，每季度通报一次。"
    d.s5 = [Para(problems + improve)]
    d.sections = {"s5_problems": _start(problems), "s5_improve": _start(improve)}
    return d.variant("s5_measures", "4", "五、 one paragraph, split at 整改措施")


def fee_sentence_zero() -> Variant:
    """Point 5: 「全年收取政府信息公开信息处理费 0 元」, spaces round the figure as Word prints it."""
    d = Draft("青山县草坪镇人民政府")
    d.s6 = ["全年收取政府信息公开信息处理费 0 元。", d.values["gik_s6_other"]]
    return d.variant("fee_sentence_zero", "5", "fee 「… 0 元」")


def fee_amount() -> Variant:
    """Point 5: a fee charged, 「共收取信息处理费3940元」 (our own figure as the 淮安 form prints it)."""
    d = Draft("青山县自然资源局", fee=3940.0)
    d.s6 = [d.values["gik_s6_other"], "本年度共收取政府信息公开信息处理费3940元。"]
    return d.variant("fee_amount", "5", "fee 「3940元」")


def fee_none() -> Variant:
    """Point 5: 「无收取信息处理费情况」: the fee is stated, and it is 0."""
    d = Draft("青山县教育局")
    d.s6 = ["本机关无收取信息处理费情况。", d.values["gik_s6_other"]]
    return d.variant("fee_none", "5", "fee 「无收取信息处理费情况」")


def fee_not_arisen() -> Variant:
    """Point 5: 「未产生…信息处理费」, the other common way to say none was charged."""
    d = Draft("青山县卫生健康委员会")
    d.s6 = [d.values["gik_s6_other"], "本年度本机关未产生政府信息公开信息处理费。"]
    return d.variant("fee_not_arisen", "5", "fee 「未产生…信息处理费」")


def slash_blank_zero() -> Variant:
    """Point 2: a town prints "/" in the 规章 row (不适用), leaves two table 三 cells blank, prints 0 elsewhere."""
    d = Draft("青山县石桥镇人民政府")
    for col in spec.T2_RULES.cols:
        key = (spec.T2_RULES.key, "regulation", col.key)
        d.text[key], d.expect[key] = "/", NA
    for key in ((spec.T3.key, "deny_secret", "research"), (spec.T3.key, "deny_law", "research")):
        d.text[key], d.expect[key] = "", BLANK
    d.findings = {"CELL-BLANK": 2}  # the two blanks are the report's own; "/" in 规章 is 不适用
    return d.variant("slash_blank_zero", "2", "\"/\" for 规章, two blank cells, zeros kept apart")


def stray_number() -> Variant:
    """Point 8: a cell holding two numbers (「1 0」) cannot prove a figure: it is reported unread, not used."""
    d = Draft("青山县长塘镇人民政府")
    key = (spec.T3.key, "deny_process", "natural")
    d.text[key], d.expect[key] = f"{int(d.figure(key))} 0", UNREAD
    return d.variant("stray_number", "8", "a stray number beside a figure in a table 三 cell")


def t4_total_defect() -> Variant:
    """Point 7: a real defect planted — table 四's 行政复议 总计 printed 0 beside parts of 2, 1, 0, 1."""
    d = Draft("青山县龙门镇人民政府")
    key = (spec.T4.key, "count", "review_total")
    d.text[key], d.expect[key] = "0", 0
    d.findings = {"T4-GROUP-TOTAL": 1}
    return d.variant("t4_total_defect", "7", "table 4 review 总计 0 beside its parts (the 洪泽 defect)")


def undated() -> Variant:
    """Point 7: no 成文日期 under the signature, as the 淮安 2024 PDF prints it: no error of the report."""
    d = Draft("青山县商务局", date=None)
    return d.variant("undated", "7", "signature without a 成文日期")


def level_unknown() -> Variant:
    """Point 7: a 市 government whose name does not tell its level (设区的市 or county-level): a published
    report never states its level, so the reader's not knowing it is no error of the report."""
    d = Draft("青石市人民政府")
    return d.variant("level_unknown", "7", "a 市人民政府: level not told by the name")


# The 2019 format ------------------------------------------------------------------------

#: Table 二 of the 2019 format (国办公开办〔2019〕 form): heading, its columns, its rows (label, figures).
#: The figures are our own; only 处理决定数量 of 许可, 处罚 and 强制 has a 2021 place for sure.
T2_2019 = (
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
     (("规章", ("0", "0", "0")), ("规范性文件", ("3", "3", "17")))),
    ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     (("行政许可", ("9", "1", "864")), ("其他对外管理服务事项", ("4", "0", "52")))),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     (("行政处罚", ("15", "0", "211")), ("行政强制", ("3", "0", "7")))),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("行政事业性收费", ("2", "0")),)),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("政府集中采购", ("5", "63.2")),)),
)


def t2_grid_2019(_d: Draft) -> Grid:
    cells: list[GCell] = []
    y = 0
    for heading, cols, rows in T2_2019:
        cells.append(GCell(heading, y, 0, colspan=4, head=True))
        cells.append(GCell(spec.T2_CONTENT_LABEL, y + 1, 0, head=True))
        spans_ = [1] * (len(cols) - 1) + [4 - len(cols)]
        x = 1
        for label, span in zip(cols, spans_, strict=True):
            cells.append(GCell(label, y + 1, x, colspan=span, head=True))
            x += span
        for i, (label, figures) in enumerate(rows):
            cells.append(GCell(label, y + 2 + i, 0))
            x = 1
            for value, span in zip(figures, spans_, strict=True):
                cells.append(GCell(value, y + 2 + i, x, colspan=span))
                x += span
        y += 2 + len(rows)
    return Grid(cells, [54, 34, 34, 34])


def format_2019() -> Variant:
    """Point 9: a 2020 report in the 2019 format: 表二 with 本年新制作数量…, 表三 with one （六） row of 1."""
    d = Draft("青山县花桥镇人民政府", year=2020, date=(2021, 1, 18), title_lines=2, collapsed6=True,
              table2=t2_grid_2019, fee=None)
    d.values["gik_t2_permit"] = [[864]]
    d.values["gik_t2_enforce"] = [[211], [7]]
    d.unasserted |= {(b.key, r.key, c.key) for b in (spec.T2_RULES, spec.T2_FEE) for r in b.rows for c in b.cols}
    for col in spec.T3.cols:
        for k in ("other_no_amend", "other_no_fee", "other_other"):
            d.expect[(spec.T3.key, k, col.key)] = UNREAD
    # The 2019 format had no 信息处理费 sentence yet (the fee rules came in 2020): none is printed.
    d.s6 = [d.values["gik_s6_other"]]
    d.s1_heads = ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障"]
    d.s1_inline = False
    return d.variant("format_2019", "9", "the 2019 format: old 表二, one （六） row, year 2020")


VARIANTS: tuple[Callable[[], Variant], ...] = (
    base, frame, wrapped, t4_review_blank, other_collapsed_zero, other_collapsed_nonzero,
    heads_fangmian, heads_own_line, heads_typo, s5_one_passage, s5_measures,
    fee_sentence_zero, fee_amount, fee_none, fee_not_arisen, slash_blank_zero, stray_number, t4_total_defect,
    undated, level_unknown, format_2019,
)


def all_variants() -> dict[str, Variant]:
    return {v.name: v for v in (make() for make in VARIANTS)}


# Rendering -------------------------------------------------------------------------------

TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT, TABLE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"


def render(variant: Variant, fmt: str, folder: Path) -> Path:
    """Write ``variant`` as ``fmt`` (``docx``, ``rl.pdf``, ``html``) into ``folder``; ``lo.pdf`` needs
    :func:`print_with_libreoffice` on the docx."""
    path = folder / f"{variant.name}.{fmt}"
    if fmt == "docx":
        write_docx(variant, path)
    elif fmt == "rl.pdf":
        write_reportlab_pdf(variant, path)
    elif fmt == "html":
        path.write_text(word_html(variant), encoding="utf-8")
    else:
        raise ValueError(fmt)
    return path


def print_with_libreoffice(docx_files: list[Path], outdir: Path, timeout: int = 240) -> dict[Path, Path]:
    """Every docx printed to PDF by one LibreOffice run with its own profile: docx → ``<stem>.lo.pdf``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is not installed"
    staging = outdir / "lo-out"
    staging.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                               "--convert-to", "pdf", "--outdir", str(staging), *map(str, docx_files)],
                              capture_output=True, text=True, timeout=timeout)
    out = {}
    for docx in docx_files:
        made = staging / (docx.stem + ".pdf")
        assert made.is_file(), f"LibreOffice did not print {docx.name}: {proc.stdout} {proc.stderr}"
        target = outdir / (docx.stem + ".lo.pdf")
        made.replace(target)
        out[docx] = target
    return out


# Word -------------------------------------------------------------------------------------

def _fonts(run: Any, east: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east)


def _frame(paragraph: Any) -> None:
    """A box and white shading on the paragraph; consecutive boxed paragraphs join into one frame."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._element.get_or_add_pPr()
    sides = "".join(f'<w:{s} w:val="single" w:sz="6" w:space="4" w:color="000000"/>'
                    for s in ("top", "left", "bottom", "right"))
    ppr.append(parse_xml(f"<w:pBdr {nsdecls('w')}>{sides}</w:pBdr>"))
    ppr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="FFFFFF"/>'))


def _page_number(section: Any) -> None:
    """Footer 「- 1 -」 with a PAGE field, as Word prints page numbers."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("- ")
    w = nsdecls("w")
    for xml in (f'<w:fldChar {w} w:fldCharType="begin"/>',
                f'<w:instrText {w} xml:space="preserve"> PAGE </w:instrText>',
                f'<w:fldChar {w} w:fldCharType="end"/>'):
        p.add_run()._element.append(parse_xml(xml))
    p.add_run(" -")


def write_docx(variant: Variant, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number(section)
    for piece in variant.pieces:
        if isinstance(piece, Grid):
            _docx_table(doc, piece)
            continue
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.space_after = Pt(0)
        if piece.kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _fonts(p.add_run(piece.text), TITLE_FONT, 22)
            continue
        if piece.kind == "sign":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _fonts(p.add_run(piece.text), BODY_FONT, 16)
            continue
        fmt.first_line_indent = Pt(32)
        if piece.kind == "h1":
            _fonts(p.add_run(piece.text), H1_FONT, 16)
        else:
            if piece.lead:
                _fonts(p.add_run(piece.lead), H2_FONT, 16, bold=True)
            _fonts(p.add_run(piece.text), H2_FONT if piece.kind == "plain" else BODY_FONT, 16,
                   bold=piece.kind == "plain")
        if variant.frame:
            _frame(p)
    doc.save(str(path))


def _run_xml(text: str, east: str, size: float, bold: bool) -> str:
    b = "<w:b/>" if bold else ""
    return (f'<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{east}"/>'
            f'{b}<w:sz w:val="{round(size * 2)}"/></w:rPr><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r>')


def _docx_table(doc: Any, grid: Grid) -> None:
    """A Word table with merged cells as WordprocessingML (gridSpan, vMerge), as Word writes it."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    twips = [round(w / 25.4 * 1440) for w in grid.widths]
    anchors = {(c.row, c.col): c for c in grid.cells}
    covered = {(r, c): a for a in grid.cells for r in range(a.row, a.row + a.rowspan)
               for c in range(a.col, a.col + a.colspan) if (r, c) != (a.row, a.col)}
    rows = []
    for r in range(grid.n_rows):
        tcs = []
        c = 0
        while c < grid.n_cols:
            cell = anchors.get((r, c)) or covered[(r, c)]
            span = cell.colspan
            width = sum(twips[c:c + span])
            middle = cell.head or grid.valign == "middle"
            props = f'<w:tcW w:w="{width}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
            if cell.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>' if cell.row == r else "<w:vMerge/>"
            props += f'<w:vAlign w:val="{"center" if middle else "top"}"/>'
            paras = []
            for line in (cell.text.split("\n") if cell.row == r else [""]):
                figure = bool(_FIGURE_RE.match(line)) or line == "/"
                jc = "center" if (cell.head or figure or not line) else "left"
                run = _run_xml(line, TABLE_FONT, 10.5 if figure else 9, cell.head) if line else ""
                paras.append(f'<w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="{jc}"/></w:pPr>{run}</w:p>')
            tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paras)}</w:tc>")
            c += span
        rows.append(f"<w:tr>{''.join(tcs)}</w:tr>")
    borders = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    cols = "".join(f'<w:gridCol w:w="{t}"/>' for t in twips)
    props = (f'<w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
             '<w:tblLayout w:type="fixed"/></w:tblPr>')
    table = parse_xml(f"<w:tbl {nsdecls('w')}>{props}<w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>")
    # Before the paragraph that follows it: the body's last element must stay its sectPr.
    doc.add_paragraph()._p.addprevious(table)


# Word pasted into a CMS -----------------------------------------------------------------------

_DIGITS = re.compile(r"([0-9A-Za-z.%/@-]+)")


def _spans(text: str, font: str, size: float) -> str:
    """Text as Word's HTML writes it: Chinese in a span naming the font, Latin and digits in a lang=EN-US span."""
    out = []
    for i, part in enumerate(_DIGITS.split(text)):
        if not part:
            continue
        body = html.escape(part, quote=False)
        if i % 2:
            out.append(f"<span lang=EN-US style='font-size:{size:g}pt;font-family:\"Times New Roman\",serif'>"
                       f"{body}</span>")
        else:
            out.append(f"<span style='font-size:{size:g}pt;font-family:{font}'>{body}</span>")
    return "".join(out)


def _with_op(spans_html: str) -> str:
    """Word closes a paragraph's last span with ``<o:p></o:p>`` inside it."""
    if spans_html.endswith("</span>"):
        return spans_html[: -len("</span>")] + "<o:p></o:p></span>"
    return spans_html + "<o:p></o:p>"


def _html_para(p: Para) -> str:
    if p.kind == "title":
        return (f"<p class=MsoNormal align=center style='text-align:center;line-height:28.0pt'>"
                f"<b>{_with_op(_spans(p.text, TITLE_FONT, 22))}</b></p>")
    if p.kind == "sign":
        return f"<p class=MsoNormal align=right style='text-align:right'>{_with_op(_spans(p.text, BODY_FONT, 16))}</p>"
    style = "text-indent:32.0pt;line-height:28.0pt"
    if p.kind == "h1":
        return f"<p class=MsoNormal style='{style}'>{_with_op(_spans(p.text, H1_FONT, 16))}</p>"
    if p.kind == "plain":
        return f"<p class=MsoNormal style='{style}'><b>{_with_op(_spans(p.text, H2_FONT, 16))}</b></p>"
    lead = f"<b>{_spans(p.lead, H2_FONT, 16)}</b>" if p.lead else ""
    return f"<p class=MsoNormal style='{style}'>{lead}{_with_op(_spans(p.text, BODY_FONT, 16))}</p>"


def _html_table(grid: Grid) -> str:
    pt = [w / 25.4 * 72 for w in grid.widths]
    rows: list[list[str]] = [[] for _ in range(grid.n_rows)]
    for gc in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        width = sum(pt[gc.col:gc.col + gc.colspan])
        attrs = f"width={round(width * 96 / 72)}"
        if gc.rowspan > 1:
            attrs += f" rowspan={gc.rowspan}"
        if gc.colspan > 1:
            attrs += f" colspan={gc.colspan}"
        valign = "middle" if gc.head or grid.valign == "middle" else "top"
        top = "" if gc.row == 0 else "border-top:none;"
        left = "" if gc.col == 0 else "border-left:none;"
        style = f"width:{width:.1f}pt;border:solid windowtext 1.0pt;{top}{left}padding:0cm 5.4pt 0cm 5.4pt"
        paras = []
        for line in gc.text.split("\n"):
            centred = gc.head or not line or bool(_FIGURE_RE.match(line)) or line == "/"
            align = " align=center style='text-align:center'" if centred else ""
            inner = (_with_op(_spans(line, TABLE_FONT, 10.5)) if line
                     else "<span lang=EN-US style='font-size:10.5pt'><o:p>&nbsp;</o:p></span>")
            paras.append(f"<p class=MsoNormal{align}>{f'<b>{inner}</b>' if gc.head and line else inner}</p>")
        rows[gc.row].append(f"<td {attrs} valign={valign} style='{style}'>{''.join(paras)}</td>")
    body = "\n".join(f"<tr style='height:20.0pt'>{''.join(r)}</tr>" for r in rows)
    total = sum(pt)
    return (f"<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 width={round(total * 96 / 72)} "
            f"style='width:{total:.1f}pt;border-collapse:collapse;border:none'>\n{body}\n</table>\n"
            "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")


def word_html(variant: Variant) -> str:
    parts = [_html_table(p) if isinstance(p, Grid) else _html_para(p) for p in variant.pieces]
    body = "\n".join(parts)
    if variant.frame:
        body = f"<div style='border:solid windowtext 1.0pt;padding:1.0pt 4.0pt 1.0pt 4.0pt'>\n{body}\n</div>"
    return ("<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
            "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\">\n"
            "<head>\n<meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">\n"
            "<meta name=Generator content=\"Microsoft Word 15 (filtered)\">\n"
            "<style>\n p.MsoNormal {margin:0cm;text-align:justify;font-size:10.5pt;font-family:等线}\n"
            " div.WordSection1 {page:WordSection1}\n</style>\n</head>\n"
            "<body lang=ZH-CN style='text-justify-trim:punctuation'>\n"
            f"<div class=WordSection1 style='layout-grid:15.6pt'>\n{body}\n</div>\n</body>\n</html>\n")


# reportlab -------------------------------------------------------------------------------------

def write_reportlab_pdf(variant: Variant, path: Path) -> None:
    """The variant drawn with reportlab's platypus: CJK line breaking, merged cells, page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    # The Adobe-GB1 CID font every PDF viewer knows: no font file needed, text extractable.
    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=14, leading=24, firstLineIndent=28, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=30, alignment=TA_CENTER, firstLineIndent=0),
        "sign": ParagraphStyle("sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0),
        "h1": body, "body": body, "plain": body,
    }
    if variant.frame:
        # Word's white paragraph shading, as the 洪泽 PDF holds it: a filled box behind each paragraph,
        # the boxes touching one another inside the frame.
        for key in ("title", "h1", "body", "plain", "sign"):
            styles[key] = ParagraphStyle(key + "-framed", parent=styles[key], backColor=colors.white)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=11, wordWrap="CJK")
    figure = ParagraphStyle("figure", parent=cell, fontSize=10, alignment=TA_CENTER)
    left, right, top, bottom = 28 * mm, 26 * mm, 30 * mm, 30 * mm

    def page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 11)
        canvas.drawCentredString(A4[0] / 2, 15 * mm, f"- {doc.page} -")
        if variant.frame:
            canvas.setLineWidth(0.8)
            canvas.rect(left - 4, bottom - 4, A4[0] - left - right + 8, A4[1] - top - bottom + 8)
        canvas.restoreState()

    story: list[Any] = []
    for piece in variant.pieces:
        if isinstance(piece, Para):
            text = html.escape(piece.lead + piece.text, quote=False)
            story.append(Paragraph(text, styles[piece.kind]))
            continue
        data: list[list[Any]] = [[""] * piece.n_cols for _ in range(piece.n_rows)]
        valign = "MIDDLE" if piece.valign == "middle" else "TOP"
        commands: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                           ("VALIGN", (0, 0), (-1, -1), valign),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
        for gc in piece.cells:
            style = figure if gc.head or _FIGURE_RE.match(gc.text) or gc.text in ("/", "") else cell
            data[gc.row][gc.col] = Paragraph(html.escape(gc.text, quote=False).replace("\n", "<br/>"), style)
            if gc.head:
                commands.append(("VALIGN", (gc.col, gc.row), (gc.col, gc.row), "MIDDLE"))
            if gc.rowspan > 1 or gc.colspan > 1:
                commands.append(("SPAN", (gc.col, gc.row), (gc.col + gc.colspan - 1, gc.row + gc.rowspan - 1)))
        story.append(Table(data, colWidths=[w * mm for w in piece.widths], style=TableStyle(commands)))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=left, rightMargin=right, topMargin=top,
                            bottomMargin=bottom, title=variant.name, author="gikxl tests")
    doc.build(story, onFirstPage=page, onLaterPages=page)
