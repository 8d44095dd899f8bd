"""The text: required sections, figures that contradict the tables, and slips.

Figures are read from the prose by the pattern table of :mod:`gikxl.checks.figures`;
the rule here compares them with the tables. Slips are the ones seen in published
reports (FORMAT.md): a private mobile or ID-card number, English words left in
Chinese sentences, a character doubled across a line break, the report's own
section numbering restarted inside a section.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from itertools import islice

from gikxl import spec
from gikxl.checks.context import Context, cell_label, field_cell, number, table_cell
from gikxl.checks.figures import QUANTITIES, Quantity, claims
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.rule import Rule, rule

E, W = Severity.ERROR, Severity.WARNING

#: The report's own headings, as the official format words them.
_OVERALL, _PROBLEMS, _LAST = spec.SECTION_TITLES[0], spec.SECTION_TITLES[4], spec.SECTION_TITLES[-1]
_S1_LABELS = [f.label for f in spec.S1_SHEET.fields]
_S1_RANGE = f"{_S1_LABELS[0][:3]}至{_S1_LABELS[-1][:3]}"
_PROSE = tuple(k for k, f in spec.FIELDS.items() if f.kind == "prose")
#: Texts that say nothing; a required section holding only one of them is empty.
_EMPTY_WORDS = frozenset(["无", "暂无", "没有", "略", "/", "／", "—", "——", "-", "空", "不适用", "不涉及"])
#: At most this many slips of one kind are listed for one cell: a text holding more (a pasted list,
#: garbage) is told about by these already, and the 校验结果 sheet stays readable and quick to write.
MAX_PER_CELL = 20


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)



# Sections -------------------------------------------------------------------

@rule(
    "PROSE-SECTION-EMPTY", E, "必填的正文为空",
    what=(
        f"必填的正文段落（{_OVERALL}的{_S1_RANGE}，{_PROBLEMS}）为空，"
        "或只写了“无”“/”之类。"
    ),
    why="《年度报告格式》规定了报告的六个部分，缺少任何一段，报告都不完整。",
    example="“（五）监督保障”一格为空。请写明考核、培训、社会评议、责任追究等情况。",
    messages={
        "blank": "“{label}”为空；这是报告的必备内容，请填写（{hint}）",
        "nothing": "“{label}”只写了“{text}”；这是报告的必备内容，请填写（{hint}）",
    },
)
def required_section_empty(ctx: Context, r: Rule) -> Iterator[Finding]:
    for key in _PROSE:
        f = spec.FIELDS[key]
        text = ctx.report.prose(key).strip()
        if f.required and (not text or _normal(text).strip(" 。.") in _EMPTY_WORDS):
            yield r.at(field_cell(key), "nothing" if text else "blank", label=f.label, text=text, hint=f.hint)


@rule(
    "S6-INFO-FEE-MISSING", E, "未填写信息处理费",
    what="“六、其他事项”表的“信息处理费（元）”为空。",
    why=(
        "按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），年度报告第六部分必须说明本年度"
        "收取信息处理费的情况，没有收取也要写明。报告中的这句话由此格生成。"
    ),
    example="信息处理费一格为空。未收取请填 0，报告会写“本年度未收取信息处理费”。",
    messages={"": "信息处理费为空；报告第六部分必须说明收取情况，未收取请填 0"},
)
def information_fee_not_stated(ctx: Context, r: Rule) -> Iterator[Finding]:
    if ctx.blank_field("info_fee"):
        yield r.at(field_cell("info_fee"), expected=0)


# Figures in prose ------------------------------------------------------------

def _where(q: Quantity) -> str:
    """``'三、依申请公开'!J5、J6``."""
    places = [table_cell(*c) for c in q.cells]
    sheet = places[0][0]
    if all(s == sheet for s, _ in places):
        return f"'{sheet}'!" + "、".join(a for _, a in places)
    return "、".join(f"'{s}'!{a}" for s, a in places)


def _label(q: Quantity) -> str:
    """``表三“一、本年新收……”“总计”``; several cells: ``…与…之和``."""
    text = "与".join(cell_label(*c) for c in q.cells)
    return f"{text}之和" if len(q.cells) > 1 else text


#: How the message names a second quantity a figure may also equal.
_ALSO = {"new_and_carried": "计入上年结转后为"}


@rule(
    "PROSE-FIGURE-MISMATCH", E, "正文数字与表格不符",
    what=(
        "正文中提到表格里的数量时，数字必须与表格一致：收到（新收）政府信息公开申请件数、上年结转和"
        "结转下年度件数（表三），因政府信息公开被申请行政复议、提起行政诉讼的件数（表四），制发、废止、"
        "现行有效的规范性文件和规章件数，行政许可、行政处罚、行政强制的件数（表二）。"
        "能识别“共收到申请41件（含上年度结转3件）”这类含上年结转的写法、汉字数字（“三件”）和"
        "“未收到……申请”“未发生……行政复议”这类零的写法。“40余件”“约40件”等约数，"
        "写明是其他年度（“2024年”“上年”）或全县、各部门等其他范围的数字，以及“涉企行政处罚”"
        "这类部分数字不检查。"
    ),
    why="同一份报告里正文和表格数字打架，是公众和上级最容易发现的错误，也说明其中之一是错的。",
    example="正文写“全年共收到政府信息公开申请45件”，表三“一、本年新收”总计为 47。请改正文或表格。",
    messages={
        "": "正文写“{text}”，但{label}为 {value}{also}（{where}）；请核对正文或表格",
    },
)
def prose_figure_differs_from_table(ctx: Context, r: Rule) -> Iterator[Finding]:
    for key in _PROSE:
        text = ctx.report.prose(key)
        if not text:
            continue
        for claim in claims(text, about_requests=key == "s1_request", year=ctx.report.year):
            values = [QUANTITIES[k].value(ctx.report.value) for k in claim.accept]
            if any(v is None for v in values) or claim.figure in values:
                continue
            q = QUANTITIES[claim.accept[0]]
            also = "".join(f"（{_ALSO[k]} {number(v)}）" for k, v in zip(claim.accept[1:], values[1:], strict=True))
            yield r.at(field_cell(key), expected=values[0], actual=claim.figure,
                       text=claim.text, label=_label(q), value=number(values[0]), also=also, where=_where(q))


# Slips ----------------------------------------------------------------------

#: An 11-digit mobile number, not part of a longer number or a document number ("〔2025〕…号").
_MOBILE = re.compile(r"(?<![\d.〕\]])(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)(?!号(?!码))")
_ID_CARD = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def valid_id_card(number_: str) -> bool:
    """Whether an 18-character text is a resident ID number.

    It must hold a real birth date and the GB 11643 check digit.
    """
    try:
        born = dt.date(int(number_[6:10]), int(number_[10:12]), int(number_[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2100:
        return False
    total = sum(int(d) * w for d, w in zip(number_[:17], _ID_WEIGHTS, strict=False))
    return "10X98765432"[total % 11] == number_[17].upper()


@rule(
    "PROSE-MOBILE", E, "正文含手机号码",
    what=f"正文中出现 11 位手机号码（1 开头，第二位为 3–9）。每格最多列出 {MAX_PER_CELL} 个。",
    why=(
        "年度报告要在网上公开；个人手机号属于个人信息，公开会侵犯隐私。"
        "公布咨询电话请用办公座机或 12345 热线。"
    ),
    example="“联系人：张××，13812345678”。请删除手机号，改为办公电话。",
    messages={"": "“{label}”中有手机号码 {masked}；报告要公开发布，请删除或改为办公电话"},
)
def mobile_number_in_prose(ctx: Context, r: Rule) -> Iterator[Finding]:
    for key in _PROSE:
        for m in islice(_MOBILE.finditer(_normal(ctx.report.prose(key))), MAX_PER_CELL):
            yield r.at(field_cell(key), label=spec.FIELDS[key].label, masked=f"{m.group(1)}****{m.group(3)}")


@rule(
    "PROSE-ID-CARD", E, "正文含身份证号码",
    what=f"正文中出现 18 位居民身份证号码（出生日期有效、校验位正确）。每格最多列出 {MAX_PER_CELL} 个。",
    why="身份证号是敏感个人信息，公开发布违反《个人信息保护法》。",
    example="正文举例时写出了申请人的身份证号。请删除，必要时只写“申请人”。",
    messages={"": "“{label}”中有身份证号码 {masked}；报告要公开发布，请删除"},
)
def id_card_number_in_prose(ctx: Context, r: Rule) -> Iterator[Finding]:
    for key in _PROSE:
        numbers = (m for m in _ID_CARD.finditer(_normal(ctx.report.prose(key))) if valid_id_card(m.group(1)))
        for m in islice(numbers, MAX_PER_CELL):
            yield r.at(field_cell(key), label=spec.FIELDS[key].label,
                       masked=f"{m.group(1)[:6]}********{m.group(1)[-4:]}")


#: Web and e-mail addresses and dotted names (file names, domains), blanked before words are looked
#: for. Linear on any text: quantifiers are possessive (their classes never hold the character that
#: follows, so nothing is lost), and an e-mail address or a dotted name starts only where a run of
#: its characters starts, not again at every letter of a run that failed (quadratic on a long run).
_WEB = re.compile(
    r"(?:https?://|www\.)[^\s，。；、）)“”]++"
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++"
    r"|(?<![A-Za-z0-9-])[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++",
    re.ASCII,
)
_WORD = re.compile(r"[A-Za-z]++(?:['’-][A-Za-z]++)*+")


def _has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character (a test, not a regex: a class this wide
    costs milliseconds to compile in every process)."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)
#: Lower-case Latin words a Chinese government text may use. Words with a capital letter
#: pass anyway: acronyms (APP, PDF), brands and products (DeepSeek, WeChat, iOS).
ALLOWED_WORDS = frozenset(
    [
        "app", "apps", "wifi", "wi-fi", "ios", "android", "iphone", "ipad", "pc", "email", "e-mail", "excel",
        "word", "windows", "wps", "pdf", "ofd", "html", "h",
        "qq", "wechat", "weibo", "vr", "ar", "ai", "ok", "km", "kg", "cm", "mm", "ml", "kw", "kwh", "mw", "ha",
        "mb", "gb", "tb",
        "doc", "docx", "xls", "xlsx", "csv", "txt", "jpg", "jpeg", "png", "zip", "rar", "www", "http", "https",
    ]
)


@rule(
    "PROSE-LATIN", W, "中文正文夹杂英文单词",
    what=(
        "中文句子中夹有小写的英文单词。带大写字母的缩写、品牌和产品名（如 APP、PDF、DeepSeek、iOS），"
        "网址、邮箱、文件扩展名和计量单位不算。"
    ),
    why="多半是机器翻译或从别处复制时留下的残片（如“具体要求和 workflows”），发布出去显得不严谨。",
    example="“明确受理、审查、答复等各环节的具体要求和 workflows”。请改为“工作流程”。",
    messages={"": "“{label}”的中文句子里夹有英文单词“{shown}，请改为中文"},
)
def english_word_in_chinese_text(ctx: Context, r: Rule) -> Iterator[Finding]:
    for key in _PROSE:
        words = _stray_words(ctx.report.prose(key))
        if words:
            shown = "”“".join(words[:3]) + ("”等" if len(words) > 3 else "”")
            yield r.at(field_cell(key), label=spec.FIELDS[key].label, shown=shown)


def _stray_words(prose: str) -> list[str]:
    """Lower-case Latin words standing among Chinese characters, each once, in order."""
    text = _WEB.sub(lambda m: " " * len(m.group(0)), _normal(prose))
    words: dict[str, None] = {}  # (a dict: ordered, and looked up in constant time)
    for m in _WORD.finditer(text):
        w = m.group(0)
        if len(w) < 2 or not w.islower() or w in ALLOWED_WORDS or w in words:
            continue
        around = text[max(0, m.start() - 4):m.start()] + text[m.end():m.end() + 4]
        if _has_cjk(around):
            words[w] = None
    return list(words)


#: A character repeated across line breaks; only Chinese characters count (see :func:`_has_cjk`).
#: Possessive, so a long run of blank lines is crossed once (what it could give back is blank, never the
#: character sought).
_DOUBLED = re.compile(r"(\S)[ \t\u3000]*+(?:\r?\n[ \t\u3000]*+)++\1")


@rule(
    "PROSE-DOUBLED-CHAR", W, "换行处字符重复",
    what=f"某行末尾的汉字与下一行开头的汉字相同，如“监\\n监督检查”。每格最多列出 {MAX_PER_CELL} 处。",
    why="这是从 PDF 或 Word 分页处复制文字时常见的残留，发布后就成了错别字。",
    example="“加强日常工作落实情况的监\\n\\n监督检查”。请删去多余的“监”和换行。",
    messages={
        "": "“{label}”中“{before}{ch}”换行后又以“{ch}{after}”开头，“{ch}”重复了；应为“{before}{ch}{after}”",
    },
)
def character_doubled_at_line_break(ctx: Context, r: Rule) -> Iterator[Finding]:
    for key in _PROSE:
        text = ctx.report.prose(key)
        doubled = (m for m in _DOUBLED.finditer(text) if _has_cjk(m.group(1)))
        for m in islice(doubled, MAX_PER_CELL):
            before = text[max(0, m.start() - 6):m.start()].split("\n")[-1]
            after = text[m.end():m.end() + 6].split("\n")[0]
            ch = m.group(1)
            yield r.at(field_cell(key), expected=f"{before}{ch}{after}",
                       label=spec.FIELDS[key].label, before=before, ch=ch, after=after)


_NUMERAL = "一二三四五六七八九十"
_LINE_START = r"(?:^|(?<=[\n。：:；;]))[ \t\u3000]*+"
_HEADING_TEXT = r"[^\n。，,；;：:]{0,16}"
_TOP_HEADING = re.compile(rf"{_LINE_START}([{_NUMERAL}]{{1,3}}、{_HEADING_TEXT})")
_SUB_HEADING = re.compile(rf"{_LINE_START}([（(][{_NUMERAL}]{{1,3}}[）)]{_HEADING_TEXT})")


@rule(
    "PROSE-NUMBERING", W, "正文自带的编号与报告编号冲突",
    what=(
        f"正文中出现“一、”“二、”这样的一级标题（在“{_OVERALL}”各段中还包括“（一）”“（二）”），"
        "与报告固定的六个部分及总体情况的五个小标题的编号重复。"
    ),
    why=f"报告已有“{_OVERALL}”至“{_LAST}”的编号，正文再从“一、”开始编号，层次就乱了。",
    example=(
        f"在“{_OVERALL}”中写“一、主动公开情况……二、依申请公开情况……”。"
        f"这些内容分别填入{_S1_RANGE}各格；段内分点请用“1.”“（1）”或“一是、二是”。"
    ),
    messages={
        "": "“{label}”正文自带了“{shown}”{more}标题，与报告固定的“{first}”至“{last}”编号冲突；"
            "分点请用“1.”“（1）”或“一是、二是”",
        "overall": "“{label}”正文自带了“{shown}”{more}标题，与报告固定的“{first}”等六个部分和{s1}小标题编号冲突；"
                   "分点请用“1.”“（1）”或“一是、二是”",
    },
)
def section_numbering_restarted(ctx: Context, r: Rule) -> Iterator[Finding]:
    for key in _PROSE:
        text = ctx.report.prose(key)
        overall = spec.sheet_of_field(key) is spec.S1_SHEET
        headings = [m.group(1).strip() for m in _TOP_HEADING.finditer(text)]
        if overall:
            headings += [m.group(1).strip() for m in _SUB_HEADING.finditer(text)]
        if headings:
            yield r.at(field_cell(key), "overall" if overall else "", label=spec.FIELDS[key].label,
                       shown="”“".join(headings[:2]), more="等" if len(headings) > 2 else "",
                       first=_OVERALL, last=_LAST, s1=_S1_RANGE)
