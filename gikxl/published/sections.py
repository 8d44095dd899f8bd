"""The report's parts found in its lines: title, the six official sections, their sub-sections, signature.

Sections are found by their official headings in order (a heading names its
section's key words after its numeral, so a sub-heading such as
``二、依申请公开情况`` inside section 一 is not taken for section 二). Text
before 一、 is the intro; a sub-section the format does not name stays with
the sub-section before it, never dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gikxl import spec
from gikxl.published.document import Line, fold

_NUMERALS = "一二三四五六七八九十"
#: Words each official section's heading holds after its numeral.
_SECTION_WORDS = ("总体情况", "主动公开政府信息", "政府信息公开申请", "行政复议", "问题", "其他需要报告")
_HEADING_MAX = 40
#: Sub-sections of 一 and 五 and the words that name their headings, in order.
SUBSECTIONS = {
    0: (("s1_active", ("主动公开",)), ("s1_request", ("依申请",)), ("s1_manage", ("管理",)),
        ("s1_platform", ("平台",)), ("s1_oversight", ("监督", "保障"))),
    4: (("s5_problems", ("问题",)), ("s5_improve", ("改进", "整改"))),
}
_MARKER = re.compile(r"^(\(?[一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}[、.,]|\d{1,2}[.、]|\(\d{1,2}\))")
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
    """Whether ``text`` heads official section ``index``, and any text on its line after the heading."""
    folded = fold(text)
    numeral = _NUMERALS[index]
    if not re.match(rf"^{numeral}[、.,．]", folded) or _SECTION_WORDS[index] not in folded:
        return False, ""
    title = fold(spec.SECTION_TITLES[index])
    if len(folded) <= _HEADING_MAX:
        return True, ""
    if folded.startswith(title):
        pattern = r"\s*".join(re.escape(ch) for ch in spec.SECTION_TITLES[index])
        m = re.search(pattern, text)
        return True, text[m.end():].lstrip("：:。 ") if m else ""
    return False, ""


def find_parts(lines: list[Line]) -> Parts:
    parts = Parts()
    _title(lines, parts)
    start = (parts.title or -1) + 1
    for index in range(len(spec.SECTION_TITLES)):
        for i in range(start, len(lines)):
            if lines[i].in_table:
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


def sub_heading(text: str, names: tuple[str, ...]) -> tuple[bool, str]:
    """Whether a line heads a sub-section named by ``names``, and the text after the heading on that line."""
    folded = fold(text)
    if not _MARKER.match(folded):
        return False, ""
    pieces = re.split(r"([。：:])", text, maxsplit=1)
    head, sep, rest = pieces if len(pieces) == 3 else (text, "", "")
    if len(fold(head)) > 30 or not any(n in fold(head) for n in names):
        return False, ""
    return True, rest.strip() if sep else ""


def level_of(org: str | None) -> str | None:
    """The body's level where its name tells it; ``None`` where it does not."""
    if not org:
        return None
    if re.search(r"(镇|乡|街道|街道办事处)(人民政府)?$", org) or org.endswith(("镇人民政府", "乡人民政府")):
        return "乡镇（街道）"
    if re.search(r"(省|自治区)人民政府(办公厅)?$", org):
        return "省级人民政府"
    if re.search(r"(县|旗)人民政府(办公室)?$", org):
        return "县级人民政府"
    if re.search(r"(县|旗)[^县旗]+(局|委员会|委|办公室|中心)$", org):
        return "县级部门"
    return None
