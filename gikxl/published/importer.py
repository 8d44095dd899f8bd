"""A published report to an :class:`AnnualReport`, with the source of every value and the cells not read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gikxl import spec
from gikxl.errors import UnusablePublished
from gikxl.fees import first_stated_fee
from gikxl.published.document import Document, Line, Source, fold
from gikxl.published.kinds import PUBLISHED_KINDS
from gikxl.published.sections import (
    SUBSECTIONS,
    Parts,
    find_parts,
    improvements_start,
    level_of,
    numbering_kind,
    site_chrome,
    sub_heading,
    text_row,
)
from gikxl.published.tables import Missing, TableRead, read_table, row_slots, runs_of, words
from gikxl.workbook.model import AnnualReport, Observation, Observed, table_from_figures

#: A line that is only punctuation (a mark the PDF set outside the frame round the text).
_PUNCTUATION = re.compile(r"[\s。，、；：！？,.;:!?）)”」]{1,3}")
#: How a line that ends a paragraph ends.
_ENDS = re.compile(r"[。！？；：:;!?]\s*$")
#: Words only the 2019 format's table 二 has.
_T2_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量")
#: The headings printed inside table 二 (第二十条第（一）项 …): a PDF may give them as text across the table.
_HEADINGS = frozenset(fold(b.heading) for b in spec.BLOCKS.values() if b.heading)
#: The 2019 table 二's rows whose figures mean today's: (block, row, the old label, [(the figure's
#: place in the old row, today's column)]). 本年新制作数量 is what a body made this year, 对外公开总数量
#: what it has published and in force; 处理决定数量 is the third figure after 上一年项目数量, 本年增/减.
_T2_2019_MAP = (
    (spec.T2_RULES, "regulation", "规章", ((0, "issued"), (2, "in_force"))),
    (spec.T2_RULES, "normative", "规范性文件", ((0, "issued"), (2, "in_force"))),
    (spec.T2_PERMIT, "permit", "行政许可", ((2, "decisions"),)),
    (spec.T2_ENFORCE, "penalty", "行政处罚", ((2, "decisions"),)),
    (spec.T2_ENFORCE, "coercion", "行政强制", ((2, "decisions"),)),
)


@dataclass
class Imported:
    """A published report as read: the model, where each value came from, and what could not be read."""

    report: AnnualReport
    sources: dict[str, Source] = field(default_factory=dict)
    """By ``block.row.col`` for table cells, by field key (``org``, ``s1_active``…) for the rest."""
    missing: list[Missing] = field(default_factory=list)
    """Table cells (and org, year, date) not read, each with where it was looked for."""
    notes: list[str] = field(default_factory=list)
    """What the reader noticed: the 2019 format, text it could place in no section."""
    format_year: int = spec.FORMAT_YEAR

    @property
    def complete(self) -> bool:
        return not self.missing

    def to_json(self) -> dict[str, Any]:
        data = self.report.to_dict()
        return {
            "source": self.report.source,
            "format": self.format_year,
            "complete": self.complete,
            "fields": data["fields"],
            "tables": data["tables"],
            "sources": {k: s.to_json() for k, s in self.sources.items()},
            "missing": [m.to_json() for m in self.missing],
            "notes": self.notes,
        }


def marks_observed(read: TableRead) -> list[Observation]:
    """A "/" or "无" printed where a figure belongs, observed as the workbook reader observes one."""
    from gikxl.template.layout import block_cell

    out = []
    for (block, row, col), (text, _) in read.marks.items():
        sheet, cell = block_cell(spec.BLOCKS[block], row, col)
        out.append(Observation(Observed.PLACEHOLDER, spec.BLOCKS[block].name, sheet, cell, text, 0, row, col))
    return out


def marks_noted(read: TableRead) -> list[str]:
    """One note per row whose cells print "/" or the like: kept as not applicable, never read as 0."""
    rows: dict[tuple[str, str], list[str]] = {}
    for (block, row, col), (text, _) in read.marks.items():
        rows.setdefault((block, row), []).append(f"“{spec.BLOCKS[block].col_name(col)}”写的是“{text}”")
    out = []
    for (block, row), said in rows.items():
        b = spec.BLOCKS[block]
        place = next(src for (k, r, _), (_, src) in read.marks.items() if (k, r) == (block, row)).place
        out.append(f"表{spec.table_of(b).numeral}“{b.row(row).label}”一行{'、'.join(said)}（{place}）："
                   "按“不适用”留空，未当作 0。")
    return out


def read_document(path: Path) -> Document:
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        from gikxl.published.text import read_text
        return read_text(path)
    if suffix == ".docx":
        from gikxl.published.word import read_docx
        return read_docx(path)
    if suffix in (".html", ".htm"):
        from gikxl.published.web import read_html
        return read_html(path)
    if suffix == ".pdf":
        from gikxl.published.pdf import read_pdf
        return read_pdf(path)
    if suffix in (".doc", ".wps"):
        from gikxl.published.oldword import read_old_word
        return read_old_word(path)
    raise UnusablePublished(f"“{path.name}”不是可以导入的年度报告格式（可导入 {PUBLISHED_KINDS}）。")


def paragraphs(lines: list[Line]) -> list[Line]:
    """PDF lines joined into paragraphs (a line that does not start one continues the one before).

    A line that opens with a heading's numbering （四）, 五、 starts one even where the line
    before ran to the margin and Word set no indent."""
    out: list[Line] = []
    for line in lines:
        if (out and not line.starts_new and not line.in_table and not out[-1].in_table
                and not (_ENDS.search(out[-1].text) and numbering_kind(line.text))):
            last = out[-1]
            out[-1] = Line(last.tokens + line.tokens, last.text + line.text, last.source, False)
        else:
            out.append(line)
    return out


def import_report(path: str | Path) -> Imported:
    path = Path(path)
    doc = read_document(path)
    lines = paragraphs(doc.lines)
    parts = find_parts(lines)
    if parts.title is None and len(parts.headings) < 3:
        raise UnusablePublished(f"“{path.name}”不像一份政府信息公开工作年度报告：找不到报告标题，"
                                "也找不到“一、总体情况”“二、主动公开政府信息情况”等章节标题。")
    return _Builder(path.name, lines, parts).imported()


class _Builder:
    def __init__(self, name: str, lines: list[Line], parts: Parts) -> None:
        self.name = name
        self.lines = lines
        self.parts = parts
        self.sources: dict[str, Source] = {}
        self.notes: list[str] = []

    def region(self, index: int) -> tuple[int, int] | None:
        """Line range of official section ``index`` (its heading excluded), or ``None`` when not found."""
        start = self.parts.headings.get(index)
        if start is None:
            return None
        later = [i for k, i in self.parts.headings.items() if k > index]
        end = min(later) if later else (self.parts.signer_line or self.parts.date_line or len(self.lines))
        return start + 1, end

    def imported(self) -> Imported:
        read = TableRead()
        format_year = self.tables(read)
        fields = self.fields()
        tables, overridden = self.frames(read)
        missing = list(read.missing) + self.fields_not_read(fields)
        report = AnnualReport(fields=fields, tables=tables, observations=marks_observed(read),
                              overridden=frozenset(overridden), totals_as_written=True, source=self.name)
        # A blank cell is placed too: a finding about it points at the empty cell in the file.
        for cells in (read.sources, read.blanks, {k: src for k, (_, src) in read.marks.items()}):
            self.sources.update({".".join(k): src for k, src in cells.items()})
        return Imported(report, self.sources, missing, self.notes + read.notes + marks_noted(read), format_year)

    def fields_not_read(self, fields: dict[str, Any]) -> list[Missing]:
        """The fields left empty, each with where it was looked for (a reading note, not the report's fault)."""
        out = []
        for key in ("org", "year", "date"):
            if fields.get(key) is None:
                where = "报告标题" if key != "date" else "报告末尾的落款"
                out.append(Missing("", "", key, spec.FIELDS[key].label, f"在{where}中未找到"))
        for index, names in SUBSECTIONS.items():
            for key, _ in names:
                if not fields.get(key):
                    out.append(Missing("", "", key, spec.FIELDS[key].label, self.looked_in(index, "这一小节的文字")))
        # A section 六 that says nothing of the fee is the report's own gap (S6-INFO-FEE-MISSING), not the reader's.
        fee_said = self.region(5) is None or "处理费" in fold(fields.get("s6_other") or "")
        if fields.get("info_fee") is None and fee_said:
            label = spec.FIELDS["info_fee"].label
            out.append(Missing("", "", "info_fee", label, self.looked_in(5, "收取信息处理费的说明")))
        return out

    def looked_in(self, index: int, what: str) -> str:
        title = spec.SECTION_TITLES[index]
        if self.region(index) is None:
            return f"原文中未找到“{title}”一节的标题"
        return f"在“{title}”一节中未找到{what}（标题或写法可能与格式不同）"

    # Tables ---------------------------------------------------------------

    def table_lines(self, index: int) -> list[Line]:
        span = self.region(index)
        if span is None:
            return []
        lines = self.lines[span[0]:span[1]]
        # Where the section has a table, text around it (notes, a paragraph on the figures) is no row.
        return [ln for ln in lines if ln.in_table] if any(ln.in_table for ln in lines) else lines

    def tables(self, read: TableRead) -> int:
        format_year = spec.FORMAT_YEAR
        for table, index in ((spec.TABLE2, 1), (spec.TABLE3, 2), (spec.TABLE4, 3)):
            lines = self.table_lines(index)
            where = f"“{spec.SECTION_TITLES[index]}”一节中" if lines else \
                f"未找到“{spec.SECTION_TITLES[index]}”一节（或其中没有文字，表格可能是图片）；"
            if table is spec.TABLE2 and any(w in fold(ln.text) for ln in lines for w in _T2_2019):
                format_year = 2019
                self._table2_2019(read, lines, where)
                continue
            read_table(read, table, lines, where, row_slots(table) if table is not spec.TABLE4 else [])
        if format_year == 2019:
            self.notes.append("按 2019 年旧格式识别：表二取行政许可、行政处罚、行政强制的处理决定数量，"
                              "规章和规范性文件的“本年新制作数量”作本年制发件数、“对外公开总数量”作现行有效件数；其余各项留空。"
                              "表三“（六）其他处理”只有一行：为 0 时三个分项均为 0，否则分项留空。")
        return format_year

    def _table2_2019(self, read: TableRead, lines: list[Line], where: str) -> None:
        """The 2019 table 二, mapped where its figures mean today's: see :data:`_T2_2019_MAP`."""
        from gikxl.published.tables import Slot, match

        runs = runs_of(lines)
        for block, row, label, taken in _T2_2019_MAP:
            slot = Slot(block, row, tuple(c for _, c in taken), words(label))
            run = match(runs, [slot]).get(0)
            for at, col in taken:
                value, tok = run.values[at] if run is not None and len(run.values) > at else (None, None)
                key = (block.key, row, col)
                if value is not None and tok is not None and value >= 0:
                    read.figures[key], read.sources[key] = value, tok.source
                else:
                    read.missing.append(Missing(block.key, row, col, block.col_name(col),
                                                f"{where}2019年格式的“{label}”一行未读到这一项"))
        mapped = {(b.key, r, c) for b, r, _, taken in _T2_2019_MAP for _, c in taken}
        for block in (spec.T2_RULES, spec.T2_FEE):
            for r in block.rows:
                for c in block.cols:
                    if (block.key, r.key, c.key) not in mapped:
                        read.missing.append(Missing(block.key, r.key, c.key, c.label,
                                                    f"2019年格式的表二没有“{r.label}·{c.label}”这一项"))

    def frames(self, read: TableRead) -> tuple[dict[str, Any], set[tuple[str, str, str]]]:
        tables: dict[str, Any] = {}
        overridden: set[tuple[str, str, str]] = set()
        for key, block in spec.BLOCKS.items():
            given = {(r, c): v for (b, r, c), v in read.figures.items() if b == key}
            parts = {rc: v for rc, v in given.items() if not block.is_derived(*rc)}
            summed = table_from_figures(block, parts)
            keep = frozenset(rc for rc in given if block.is_derived(*rc))
            tables[key] = table_from_figures(block, given, keep)
            for r, c in keep:
                computed = summed[r, c]
                if computed is not None and computed != given[(r, c)]:
                    overridden.add((key, r, c))  # the total as published is not the sum of its parts
        return tables, overridden

    # Fields and prose -----------------------------------------------------------

    def fields(self) -> dict[str, Any]:
        parts = self.parts
        fields: dict[str, Any] = {k: ("" if f.kind == "prose" else None) for k, f in spec.FIELDS.items()}
        if parts.title is not None:
            title = self.lines[parts.title if parts.title_start is None else parts.title_start].source
            fields["org"], fields["year"] = parts.org, parts.year
            if parts.year not in spec.REPORT_YEARS:
                self.notes.append(f"报告年度 {parts.year} 不在现行格式适用的年度内。")
            for key in ("org", "year"):
                if fields[key] is not None:
                    self.sources[key] = title
            fields["level"] = level_of(parts.org)
        if parts.date is not None and parts.date_line is not None:
            fields["date"] = parts.date
            self.sources["date"] = self.lines[parts.date_line].source
        if parts.signer and parts.signer != fields["org"] and parts.signer_line is not None:
            fields["signer"] = parts.signer
            self.sources["signer"] = self.lines[parts.signer_line].source
        first = parts.headings.get(0, min(parts.headings.values(), default=len(self.lines)))
        begin = (parts.title if parts.title is not None else -1) + 1
        intro = self.prose(begin, first, "报告标题与“一、总体情况”之间")
        self.put(fields, "intro", intro)
        for index in (0, 4):
            self.subsections(fields, index)
        self.section6(fields)
        for index in (1, 2, 3):
            span = self.region(index)
            if span is None:
                continue
            text = [ln for ln in self.lines[span[0]:span[1]] if not ln.in_table and fold(ln.text) not in _HEADINGS]
            if any(ln.in_table for ln in self.lines[span[0]:span[1]]) and text:
                self.notes.append(f"“{spec.SECTION_TITLES[index]}”一节中表格以外的文字未导入："
                                  + "；".join(ln.text[:40] for ln in text[:3]))
        return fields

    def put(self, fields: dict[str, Any], key: str, lines: list[Line]) -> None:
        """Add the text of ``lines`` to prose field ``key``, the first line its source."""
        text = "\n".join(ln.text for ln in lines if ln.text)
        if text:
            fields[key] = (fields[key] + "\n" + text) if fields[key] else text
            self.sources.setdefault(key, next(ln.source for ln in lines if ln.text))

    def prose(self, start: int, end: int, where: str) -> list[Line]:
        """The text of lines ``start:end`` of a section that has no official table, as paragraphs.

        A table row of one cell is text in a frame (a box drawn round the page's prose is read as
        a table): its rows are the lines of paragraphs, joined where a line runs on. A lone mark
        of punctuation left outside the frame carries no text and is left out. Other tables are noted."""
        out: list[Line] = []
        tables: list[str] = []
        run_on = False
        for ln in self.lines[start:end]:
            if site_chrome(ln.text):
                continue
            if ln.in_table and not text_row(ln):
                if ln.text.strip():
                    tables.append(ln.text.replace("\t", " ")[:40])
                run_on = False
                continue
            text = ln.text.strip()
            if not text:
                continue
            if _PUNCTUATION.fullmatch(text):
                continue  # which line it was cut from is the PDF's geometry, not known here
            if out and run_on and ln.in_table and not numbering_kind(text):
                out[-1] = Line(out[-1].tokens + ln.tokens, out[-1].text + text, out[-1].source)
            else:
                out.append(Line(ln.tokens, text, ln.source))
            run_on = ln.in_table and not _ENDS.search(text)
        if tables:
            self.notes.append(f"{where}的表格未导入：" + "；".join(tables[:3]))
        return out

    def subsections(self, fields: dict[str, Any], index: int) -> None:
        """Section 一 or 五 into its sub-sections, by their headings; what stands before the first
        heading of 一 is its overview, kept with the intro (a note says so). A 五 written as one
        passage is split where it turns to the improvements."""
        span = self.region(index)
        if span is None:
            return
        where = f"“{spec.SECTION_TITLES[index]}”一节"
        lines = self.prose(*span, where)
        heading = self.lines[self.parts.headings[index]]
        if index in self.parts.rest:
            lines.insert(0, Line([], self.parts.rest[index], heading.source))
        names = SUBSECTIONS[index]
        found: dict[str, list[Line]] = {key: [] for key, _ in names}
        before: list[Line] = []
        current: str | None = None
        headed: set[str] = set()
        k, kind = 0, None
        for ln in lines:
            for j in range(k, len(names)):
                ok, rest = sub_heading(ln.text, names[j][1], kind)
                if ok:
                    current, k = names[j][0], j + 1
                    headed.add(current)
                    kind = numbering_kind(ln.text) if kind is None else kind
                    self.sources.setdefault(current, ln.source)
                    if rest:
                        found[current].append(Line(ln.tokens, rest, ln.source))
                    break
            else:
                (found[current] if current is not None else before).append(ln)
        # Only before a （一） that is found is there an overview; else the text is （一）'s own.
        if index == 0 and before and names[0][0] in headed:
            self.put(fields, "intro", before)
            self.notes.append(f"{where}在“（一）”之前的概述并入开头段落：{before[0].text[:30]}")
        else:
            found[names[0][0]][:0] = before
        if index == 4 and not found["s5_improve"]:
            found["s5_problems"], found["s5_improve"] = self.split_improvements(found["s5_problems"])
        for key, kept in found.items():
            self.put(fields, key, kept)

    def split_improvements(self, lines: list[Line]) -> tuple[list[Line], list[Line]]:
        """A 五 in one passage as its problems and its improvements, cut at the sentence where the
        improvements begin (针对存在问题, 下一步…); all problems where none does."""
        for i, ln in enumerate(lines):
            at = improvements_start(ln.text, self.parts.year)
            if at is None:
                continue
            head, tail = ln.text[:at].rstrip(), ln.text[at:]
            problems = lines[:i] + ([Line([], head, ln.source)] if head else [])
            return problems, [Line([], tail, ln.source), *lines[i + 1:]]
        return lines, []

    def section6(self, fields: dict[str, Any]) -> None:
        span = self.region(5)
        if span is None:
            return
        kept = self.prose(*span, f"“{spec.SECTION_TITLES[5]}”一节")
        if 5 in self.parts.rest:
            kept.insert(0, Line([], self.parts.rest[5], self.lines[self.parts.headings[5]].source))
        self.put(fields, "s6_other", kept)
        for ln in kept:
            fee = first_stated_fee(ln.text)
            if fee is not None:
                fields["info_fee"] = fee
                self.sources["info_fee"] = ln.source
                return
