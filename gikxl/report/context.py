"""The template context: the report as plain data for the narrative templates.

Templates never see model objects (tables, frames), only dicts, lists, strings and
numbers built here, so an office's own template works on a documented set of
variables (``docs/report.md``) and cannot reach into the program. Figures are
ints (or floats for money) and :data:`~gikxl.report.numbers.BLANK` (the text
``—``) where the workbook left them blank;
labels come from :mod:`gikxl.spec`, never re-typed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from gikxl import spec
from gikxl.errors import GikxlError
from gikxl.fees import sentences, stated_fee
from gikxl.report.numbers import BLANK, cn_date
from gikxl.text import safe_text

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

#: Lines of template output that the narrative reads as directives; a clerk's
#: paragraph that happens to start like one is escaped with a backslash.
DIRECTIVE_PREFIXES = ("#", "::", "\\")

_NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
_NOTE = re.compile(r"（[^（）]*）$")
_SPACES = " \t\u3000\u00a0"
#: Characters no document may hold (XML 1.0 forbids them); the line breaks among the
#: control characters (Word's manual line break \v, form feed \f) end a line instead.
UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
#: What ``str.splitlines`` breaks at, with the spaces around: in a one-line field such as
#: 机关名称 these come from text pasted out of Word (\v is its manual line break).
_LINE_BREAKS = re.compile("[ \t\u3000]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t\u3000]*")
#: The most a text field may hold: Excel's limit for a cell (32 767 characters), so only a
#: file not written by Excel can exceed it.
MAX_FIELD_CHARS = 32_767
#: Paragraphs (lines) one text field may bring into the report: a real one has a few dozen.
MAX_PARAGRAPHS = 2_000


def paragraphs(text: str | None) -> list[str]:
    """A clerk's text split into paragraphs: one per line (any line break, Word's \\v
    included), blank lines, indenting spaces (the clerk's "　　") and unprintable
    characters dropped."""
    if not text:
        return []
    out = []
    for line in str(text).splitlines():
        line = UNPRINTABLE.sub("", line).strip(_SPACES)
        if line:
            out.append("\\" + line if line.startswith(DIRECTIVE_PREFIXES) else line)
    return out


def one_line(text: str | None) -> str:
    """A clerk's one-line text (机关名称) on one line, unprintable characters dropped.

    A line break between two Chinese characters (a name broken to fit its cell) is
    dropped; elsewhere (``Qingshan\\vCounty``) it becomes a space. Display controls are dropped.
    """
    if not text:
        return ""

    def join(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1: m.start()], m.string[m.end(): m.end() + 1]
        return "" if before > "\x7f" and after > "\x7f" else " "

    # Display controls too (U+202E turns a name around on screen): no 机关名称 holds one.
    return safe_text(_LINE_BREAKS.sub(join, UNPRINTABLE.sub("", str(text)))).strip(_SPACES)


def field_text(report: AnnualReport, key: str) -> str:
    """A text field's text, refused (naming the field and its cell) when no report could hold it."""
    text = report.fields.get(key) or ""
    if not isinstance(text, str):
        text = str(text)
    problem = ""
    if len(text) > MAX_FIELD_CHARS:
        problem = (f"中的文字有 {len(text)} 字，超过 Excel 单元格最多能容纳的 {MAX_FIELD_CHARS} 字"
                   "（这样的文字不是在 Excel 中录入的）")
    elif spec.FIELDS[key].kind == "prose" and (n := len(paragraphs(text))) > MAX_PARAGRAPHS:
        problem = f"中的文字分成了 {n} 段（每个换行算一段），超过报告能容纳的 {MAX_PARAGRAPHS} 段"
    if problem:
        from gikxl.template.layout import cell_of

        sheet, cell = cell_of(spec.FIELDS[key].name)
        raise GikxlError(f"“{spec.FIELDS[key].label}”（'{sheet}'!{cell}）{problem}，无法生成报告。请删减后重试。")
    return text


def short_label(label: str) -> str:
    """``（二）部分公开（区分处理的…）`` → ``部分公开``; ``1.属于国家秘密`` → ``属于国家秘密``;
    ``一、本年新收…`` → ``本年新收…``."""
    label = _NUMBERING.sub("", label)
    return _NOTE.sub("", label)


def _figure(value: Any) -> Any:
    return BLANK if value is None else value


def _figures(report: AnnualReport, block: spec.Block) -> dict[str, dict[str, Any]]:
    return {r.key: {c.key: _figure(report.value(block.key, r.key, c.key)) for c in block.cols} for r in block.rows}


def _sum(values: list[Any]) -> Any:
    return BLANK if any(v is BLANK for v in values) else sum(values)


def _requests(t3: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Table 3 summed up for sentences: totals of the 总计 column and the six outcomes."""
    outcomes: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for row in spec.T3_ROWS:
        if row.key not in spec.T3_RESULT_ROWS:
            continue
        total = t3[row.key]["total"]
        if len(row.path) == 2:
            outcomes.append({"key": row.key, "label": short_label(row.label), "total": total, "items": []})
            continue
        group = groups.get(row.path[1])
        if group is None:
            group = groups[row.path[1]] = {
                "key": row.key.split("_")[0], "label": short_label(row.path[1]), "total": 0, "items": [],
            }
            outcomes.append(group)
        group["items"].append({"key": row.key, "label": short_label(row.label), "total": total})
    for group in groups.values():
        group["total"] = _sum([i["total"] for i in group["items"]])
    new = t3["new"]
    return {
        "new": new["total"],
        "carried": t3["carried"]["total"],
        "handled": t3["total"]["total"],
        "carry_next": t3["carry_next"]["total"],
        "new_natural": new["natural"],
        "new_legal": _sum([new[c] for c in spec.T3_LEGAL_COLS]),
        "outcomes": outcomes,
    }


def _lawsuits(t4: dict[str, Any]) -> dict[str, Any]:
    """Table 4 by group: ``review``, ``suit_direct``, ``suit_after`` and both suits summed as ``suit``."""
    groups = {g: {o: t4[f"{g}_{o}"] for o, _ in spec.T4_OUTCOMES} for g, _ in spec.T4_GROUPS}
    groups["suit"] = {o: _sum([groups[g][o] for g in spec.T4_SUIT_GROUPS]) for o, _ in spec.T4_OUTCOMES}
    return groups


#: The prose that may already say what a generated sentence says, by the sentence: the
#: requests of 一（二） by section 一's prose; 四's 复议诉讼 by any prose (section 四 has none
#: of its own, and clerks state those cases in 一 or 六); 六's fee by section 六's prose.
_SECTION1_PROSE = tuple(f.key for f in spec.S1_SHEET.fields if f.kind == "prose")
_ALL_PROSE = tuple(k for k, f in spec.FIELDS.items() if f.kind == "prose")


def _states_table(report: AnnualReport, keys: tuple[str, ...], block: str) -> bool:
    """Whether the prose of ``keys`` states figures of table ``block`` (``t3``, ``t4``) and
    none of them differs from a filled-in figure: the generated sentence would say it again.

    A figure that differs (the error PROSE-FIGURE-MISMATCH, printed only under ``--force``)
    keeps the generated sentence, so the report still says what the table holds.
    """
    from gikxl.checks.figures import QUANTITIES, claims

    stated = False
    for key in keys:
        text = field_text(report, key)
        if not text:
            continue
        for claim in claims(text, about_requests=key == "s1_request", year=report.year):
            if {cell[0] for k in claim.accept for cell in QUANTITIES[k].cells} != {block}:
                continue
            if not any(_may_agree(QUANTITIES[k], claim, report) for k in claim.accept):
                return False
            stated = True
    return stated


def _may_agree(q: Any, claim: Any, report: AnnualReport) -> bool:
    """Whether the table agrees with ``claim`` about ``q`` or its blanks leave it open, as the
    check PROSE-FIGURE-MISMATCH judges it."""
    from gikxl.checks.figures import verdict

    return verdict(q, claim, report.value) is not False


def _states_fee(report: AnnualReport, fee: Any) -> bool:
    """Whether section 六's prose states the 信息处理费 and none of what it says differs from
    the “信息处理费（元）” cell (a blank cell cannot be contradicted)."""
    stated = False
    for line in paragraphs(field_text(report, "s6_other")):
        for sentence in sentences(line):
            said = stated_fee(sentence)
            if said is None:
                continue
            if fee is not None and abs(said - fee) >= 0.005:
                return False
            stated = True
    return stated


def build_context(report: AnnualReport) -> dict[str, Any]:
    """Every variable the narrative templates may use (documented in ``docs/report.md``)."""
    t2: dict[str, dict[str, Any]] = {}
    for block in spec.TABLE2.blocks:
        t2.update(_figures(report, block))
    t3 = _figures(report, spec.T3)
    t4 = _figures(report, spec.T4)["count"]
    org = one_line(field_text(report, "org"))
    year = report.year
    return {
        "org": org,
        "level": one_line(field_text(report, "level")),
        "year": year,
        "date": cn_date(report.date),
        "date_iso": report.date.isoformat() if report.date else "",
        "title": f"{org}{year if year is not None else ''}年{spec.REPORT_NAME}",
        "sections": list(spec.SECTION_TITLES),
        "labels": {k: f.label for k, f in spec.FIELDS.items()},
        "prose": {k: paragraphs(field_text(report, k)) for k, f in spec.FIELDS.items() if f.kind == "prose"},
        "signer": one_line(field_text(report, "signer")) or org,
        "info_fee": _figure(report.fields.get("info_fee")),
        "restated": {
            "requests": _states_table(report, _SECTION1_PROSE, "t3"),
            "lawsuits": _states_table(report, _ALL_PROSE, "t4"),
            "info_fee": _states_fee(report, report.fields.get("info_fee")),
        },
        "t2": t2,
        "t3": t3,
        "t4": _lawsuits(t4),
        "requests": _requests(t3),
        "outcomes4": [{"key": k, "label": label} for k, label in spec.T4_OUTCOMES if k in spec.T4_OUTCOME_PARTS],
    }
