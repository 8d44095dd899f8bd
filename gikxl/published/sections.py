"""The report's parts found in its lines: title, the six official sections, their sub-sections, signature.

Sections are found by their official headings in order (a heading names its
section's key words after its numeral, so a sub-heading such as
``二、依申请公开情况`` inside section 一 is not taken for section 二). Text
before 一、 is the intro; a sub-section the format does not name stays with
the sub-section before it, never dropped.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from gikxl import spec
from gikxl.published.document import Line, fold

_NUMERALS = "一二三四五六七八九十"
#: Words any of which an official section's heading holds after its numeral (四's heading is
#: published with typos such as 行政法复议, so either half of it will do).
_SECTION_WORDS = (("总体情况", "概述"), ("主动公开政府信息",), ("政府信息公开申请", "依申请公开政府信息"),
                  ("行政复议", "行政诉讼"), ("问题",), ("其他需要报告", "其他事项"))
#: How close a heading without those words must be to the official one (a typo or a word left out).
_SIMILAR = 0.85
_HEADING_MAX = 40
_SUB_HEADING_MAX = 30
#: Sub-sections of 一 and 五 and the words that name their headings, in order.
SUBSECTIONS = {
    0: (("s1_active", ("主动公开",)), ("s1_request", ("依申请",)), ("s1_manage", ("管理",)),
        ("s1_platform", ("平台", "载体")), ("s1_oversight", ("监督", "保障"))),
    4: (("s5_problems", ("问题", "不足")), ("s5_improve", ("改进", "整改", "下一步", "打算", "措施", "计划"))),
}
#: A heading's numbering, as written (full- or half-width, spaces allowed); its group names the kind.
_NUMBERING = (
    ("paren", r"[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]"),
    ("cn", r"[一二三四五六七八九十]{1,3}\s*[、.,．，]"),
    ("digit", r"\d{1,2}\s*[.、．](?!\d)"),
    ("paren_digit", r"[（(]\s*\d{1,2}\s*[)）]"),
)
_NUMBERED = re.compile(r"^\s*(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _NUMBERING) + r")\s*")
#: Where a heading may end and its text begin: a full stop, a colon, a space.
_HEAD_END = re.compile(r"[。：:]|\s+")
#: The last word of a heading run into its text (（一）主动公开方面正文).
_HEAD_WORD = re.compile(r"(?:情况|方面|工作|事项)+")
#: What a heading does not hold: a clause break (2.主动公开信息100条，其中… is an item, not a heading).
_CLAUSE = re.compile(r"[，,；;]")
#: An unnumbered heading such as 法定主动公开方面：
_BARE_HEAD = re.compile(r"^\s*([^，,。；;：:\d]{2,16}?(?:方面|情况|工作))\s*(?:[：:]\s*(.*)|$)", re.S)
_TITLE = re.compile(r"(\d{4})年度?(?:政府信息公开|政务公开)")
#: A title with the year before the body's name: the name is what stands between them.
_YEAR_FIRST = re.compile(
    r"(?:^|[>›»：:《“])(\d{4})年度?([^\d年>›»：:《》“”]{2,40}?)(?:政府信息公开|政务公开)工作年度报告")
_DATE = re.compile(
    r"^(\d{4}|[〇零○Ｏ一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日$")
_SITE = re.compile(
    r"(发布时间|发布日期|来源[:：]|浏览次数|点击数|字号|【打印】|关闭窗口|分享到|索引号|文号[:：]|当前位置)")


@dataclass
class Parts:
    title: int | None = None
    """Line index of the title's last line (the text after it is the intro)."""
    title_start: int | None = None
    """Line index of the title's first line (where its org and year are read)."""
    org: str | None = None
    year: int | None = None
    headings: dict[int, int] = field(default_factory=dict)
    """Line index of each official section's heading found (0..5)."""
    rest: dict[int, str] = field(default_factory=dict)
    """Text on a heading's line after the heading."""
    date_line: int | None = None
    date: dt.date | None = None
    signer: str | None = None
    signer_line: int | None = None


def section_heading(text: str, index: int) -> tuple[bool, str]:
    """Whether ``text`` heads official section ``index``, and any text on its line after the heading.

    The heading is the numeral and the section's words (or a close spelling of its official
    title); what follows a full stop, colon or space after it, or the heading's last word, is text."""
    m = _NUMBERED.match(text)
    if not m or m.group("cn") is None or fold(m.group("cn"))[0] != _NUMERALS[index]:
        return False, ""
    title = fold(spec.SECTION_TITLES[index])[2:]
    for head, rest in _heads(text[m.end():], _HEADING_MAX):
        folded = fold(head)
        if any(w in folded for w in _SECTION_WORDS[index]) or _close(folded, title):
            return True, rest
    return False, ""


def _close(folded: str, title: str) -> bool:
    return abs(len(folded) - len(title)) <= 4 and difflib.SequenceMatcher(None, folded, title).ratio() >= _SIMILAR


def _heads(body: str, limit: int) -> list[tuple[str, str]]:
    """Ways to read ``body`` (a line after its numbering) as a heading and the text after it,
    nearest cut first: at a full stop, colon or space, or after the heading's last words
    (情况, 方面…) where the text runs on without a break; then the whole of a short line."""
    cuts: list[tuple[int, str, str]] = []
    for m in _HEAD_END.finditer(body):
        if len(fold(body[:m.start()])) > limit:
            break
        if body[:m.start()].strip():
            cuts.append((m.start(), body[:m.start()], body[m.end():].strip()))
    for m in _HEAD_WORD.finditer(body):
        if len(fold(body[:m.end()])) > limit:
            break
        cuts.append((m.end(), body[:m.end()], body[m.end():].lstrip("。：:，, ")))
    out = [(head, rest) for _, head, rest in sorted(cuts, key=lambda c: c[0])]
    if len(fold(body)) <= limit:
        out.append((body, ""))
    return out


def text_row(line: Line) -> bool:
    """Whether a table row holds text, not figures: a frame drawn round prose, one cell a row."""
    if not line.in_table:
        return False
    cells = [c for c in line.text.split("\t") if c.strip()]
    return len(cells) == 1 and re.search(r"[^\d\s.,%/\-]", cells[0]) is not None


def find_parts(lines: list[Line]) -> Parts:
    parts = Parts()
    _title(lines, parts)
    start = (parts.title or -1) + 1
    for index in range(len(spec.SECTION_TITLES)):
        for i in range(start, len(lines)):
            if lines[i].in_table and not text_row(lines[i]):
                continue
            ok, rest = section_heading(lines[i].text, index)
            if ok:
                parts.headings[index] = i
                if rest:
                    parts.rest[index] = rest
                start = i + 1
                break
    _signature(lines, parts)
    return parts


def _title(lines: list[Line], parts: Parts) -> None:
    """The title: one line naming the report and its year; else two or three short lines read
    together (a title set over several lines, or broken by a narrow page). Single lines are
    tried first, so a site's navigation above the title never joins it."""
    head = lines[:80]
    for size in (1, 2, 3):
        for i in range(len(head) - size + 1):
            window = head[i:i + size]
            if any(ln.in_table for ln in window):
                continue
            folded = fold("".join(ln.text for ln in window))
            if "年度报告" not in folded or len(folded) > 80:
                continue
            first = _YEAR_FIRST.search(folded)
            if first:  # "2020年上海市人民政府办公厅政府信息公开工作年度报告"
                parts.title, parts.title_start = i + size - 1, i
                parts.org, parts.year = first.group(2), int(first.group(1))
                return
            m = _TITLE.search(folded)
            if not m:
                continue
            org = re.split(r"[>›»：:]", folded[: m.start()])[-1].strip("《》“”\"")
            if not org and i > 0 and len(fold(lines[i - 1].text)) <= 40 and not lines[i - 1].in_table:
                org = fold(lines[i - 1].text)  # the title set on two lines: the body's name above the year
            parts.title, parts.title_start = i + size - 1, i
            parts.org, parts.year = org or None, int(m.group(1))
            return


def _signature(lines: list[Line], parts: Parts) -> None:
    start = parts.headings.get(5, parts.headings.get(4, parts.title or 0))
    for i in range(start, len(lines)):
        d = date_of(fold(lines[i].text))
        if d is None:
            continue
        parts.date_line, parts.date = i, d
        previous = lines[i - 1] if i > start + 1 else None
        if previous is not None and not previous.in_table:
            name = fold(previous.text)
            if len(name) <= 40 and not name.endswith(("。", "；", "：")):
                parts.signer, parts.signer_line = name, i - 1
        return


_CN_DIGITS = {
    ch: n for n, chars in enumerate(("〇零○Ｏ", "一", "二", "三", "四", "五", "六", "七", "八", "九")) for ch in chars
}


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGITS[ch]) for ch in text))


def date_of(folded: str) -> dt.date | None:
    """The date a line consisting of one date spells (``2024年1月16日``, ``二〇二四年一月十六日``)."""
    m = _DATE.match(folded)
    if not m:
        return None
    try:
        return dt.date(_cn_number(m.group(1)), _cn_number(m.group(2)), _cn_number(m.group(3)))
    except (ValueError, KeyError):
        return None


def site_chrome(text: str) -> bool:
    """Whether a short line is the website's, not the report's (发布时间, 字号, 打印…)."""
    return len(text) <= 80 and bool(_SITE.search(text))


def numbering_kind(text: str) -> str:
    """How a line is numbered: ``paren`` （一）, ``cn`` 一、, ``digit`` 1., ``paren_digit`` (1); ``""``."""
    m = _NUMBERED.match(text)
    return next((k for k, _ in _NUMBERING if m.group(k)), "") if m else ""


def sub_heading(text: str, names: tuple[str, ...], kind: str | None = None) -> tuple[bool, str]:
    """Whether a line heads a sub-section named by ``names``, and the text after the heading on that line.

    Headings are numbered (（一）主动公开情况。…, （一）主动公开方面 …, （一）主动公开方面…), or
    stand alone ending in 方面/情况/工作, followed by a colon or nothing (法定主动公开方面：).
    ``kind`` is the numbering of the section's first sub-heading: later ones are numbered
    alike, so an item 2.加强信息管理 inside （一） is not taken for （三）."""
    m = _NUMBERED.match(text)
    if m is None:
        bare = _BARE_HEAD.match(text) if kind in (None, "") else None
        if bare and any(n in bare.group(1) for n in names):
            return True, (bare.group(2) or "").strip()
        return False, ""
    if kind and numbering_kind(text) != kind:
        return False, ""
    for head, rest in _heads(text[m.end():], _SUB_HEADING_MAX):
        if any(n in fold(head) for n in names) and not _CLAUSE.search(head):
            return True, rest
    return False, ""


#: Where a 五 written as one passage turns from its problems to what will be done: at the start
#: of a sentence 针对存在问题, 对上述问题, 下一步, 为此, 今后, 整改措施…; anywhere in one, 将采取以下措施.
_IMPROVE_START = re.compile(
    r"^(?:[一二三四五六七八九十\d]{1,2}[、.．]\s*)?(?:(?:针对|对于|对|就)(?:上述|以上|前述|上面|这些|存在的?|以上存在的?)"
    r"(?:主要)?(?:问题|不足)|下一步|今后|为此|新的一年|明年|(?:改进|整改)(?:措施|情况|方向|计划|方面)?[：:])")
_IMPROVE_ANY = re.compile(r"(?:将|拟)?采取(?:以下|如下)(?:几项)?措施"
                          r"|从以下(?:[一二三四五六七八九十\d]{1,2}个)?方面(?:进行|加以)?(?:改进|整改)"
                          r"|(?:改进|整改)措施(?:如下|[：:])")
_SENTENCE_START = re.compile(r"(?:^|(?<=[。！？；!?;\n]))\s*")


def improvements_start(text: str, year: int | None = None) -> int | None:
    """Where in ``text`` (one 五 written as one passage) the improvements begin, at a sentence's
    start; ``None`` where no sentence turns to them."""
    next_year = re.compile(rf"^{year + 1}\s*年[，,]?[^。，,]{{0,12}}将") if year else None
    for m in _SENTENCE_START.finditer(text):
        start = m.end()
        if start >= len(text):
            break
        head = text[start:start + 80]
        end = re.search(r"[。！？；!?;]", head)
        sentence = head[:end.start()] if end else head
        if (_IMPROVE_START.match(fold(sentence)) or _IMPROVE_ANY.search(fold(sentence))
                or (next_year is not None and next_year.match(fold(sentence)))):
            return start
    return None


def level_of(org: str | None) -> str | None:
    """The body's level where its name tells it; ``None`` where it does not."""
    if not org:
        return None
    if re.search(r"(镇|乡|街道|街道办事处)(人民政府)?$", org) or org.endswith(("镇人民政府", "乡人民政府")):
        return "乡镇（街道）"
    if re.search(r"(省|自治区)人民政府(办公厅)?$", org):
        return "省级人民政府"
    # A district (区, not 自治区) of a city is of county level, like a 县 or 旗.
    if re.search(r"(县|旗|(?<!自治)区)人民政府(办公室)?$", org):
        return "县级人民政府"
    if re.search(r"(县|旗|(?<!自治)区)[^县旗区]+(局|委员会|委|办公室|中心)$", org):
        return "县级部门"
    return None
