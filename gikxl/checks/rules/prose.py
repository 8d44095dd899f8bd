"""The text: required sections, figures that contradict the tables, and slips.

Figures are read from the prose by the grammar of :mod:`gikxl.checks.figures`;
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
from gikxl.checks.figures import QUANTITIES, Quantity, Share, claims, figure_of, verdict
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


#: The （二）依申请公开 paragraph, whose figures gikxl writes from table 3: empty, it is only a hint.
_REQUEST = "s1_request"


def format_applies(ctx: Context) -> bool:
    """Whether the report is of a year the 2021 format covers (or of an unknown year).

    A report of an earlier year gets one finding, META-YEAR-IMPLAUSIBLE, saying the format does
    not apply; what only this format requires (its sections, the 信息处理费 statement) is not asked.
    """
    year = ctx.report.year
    return year is None or year >= spec.FORMAT_YEAR



# Sections -------------------------------------------------------------------

@rule(
    "PROSE-SECTION-EMPTY", E, "必填的正文为空",
    what=(
        f"必填的正文段落（{_OVERALL}的{_S1_RANGE}，{_PROBLEMS}）为空，"
        "或只写了“无”“/”之类。“（二）依申请公开”为空只是提示（PROSE-REQUEST-SECTION-EMPTY）；"
        "2021 年度以前的报告不适用现行格式，不检查。"
    ),
    why="《年度报告格式》规定了报告的六个部分，缺少任何一段，报告都不完整。",
    example="“（五）监督保障”一格为空。请写明考核、培训、社会评议、责任追究等情况。",
    messages={
        "blank": "“{label}”为空；这是报告的必备内容，请填写（{hint}）",
        "nothing": "“{label}”只写了“{text}”；这是报告的必备内容，请填写（{hint}）",
    },
)
def required_section_empty(ctx: Context, r: Rule) -> Iterator[Finding]:
    if not format_applies(ctx):
        return  # (the sections are the 2021 format's; META-YEAR-IMPLAUSIBLE says it does not apply)
    for key in _PROSE:
        f = spec.FIELDS[key]
        if f.required and key != _REQUEST and (said := _says_nothing(ctx.report.prose(key))) is not None:
            yield r.at(field_cell(key), "nothing" if said else "blank", label=f.label, text=said, hint=f.hint)


def _says_nothing(prose: str) -> str | None:
    """``""`` for an empty text, the text itself when it is only “无” or the like, else ``None``."""
    text = prose.strip()
    return text if not text or _normal(text).strip(" 。.") in _EMPTY_WORDS else None


@rule(
    "PROSE-REQUEST-SECTION-EMPTY", Severity.INFO, "“（二）依申请公开”正文为空",
    what=(
        f"“{_OVERALL}”的“{spec.FIELDS['s1_request'].label}”一段为空，或只写了“无”“/”之类。"
        "这一段的申请数量和办理结果由表三自动生成，所以只是提示，不是错误。"
    ),
    why=(
        "报告中这一段的数字由 gikxl 根据表三写出，留空也不缺数字；但办理机制、答复质量等情况"
        "只有机关自己能写，写上几句报告更完整。"
    ),
    example="“（二）依申请公开”一格为空。可写明受理渠道、办理流程、按时答复等情况；数字不必重复。",
    messages={
        "blank": "“{label}”为空；申请数量和办理结果会由表三自动写入报告，可再写几句办理机制和特点（{hint}）",
        "nothing": "“{label}”只写了“{text}”；申请数量和办理结果会由表三自动写入报告，"
                   "可再写几句办理机制和特点（{hint}）",
    },
)
def request_section_empty(ctx: Context, r: Rule) -> Iterator[Finding]:
    f = spec.FIELDS[_REQUEST]
    if format_applies(ctx) and (said := _says_nothing(ctx.report.prose(_REQUEST))) is not None:
        yield r.at(field_cell(_REQUEST), "nothing" if said else "blank", label=f.label, text=said, hint=f.hint)


@rule(
    "S6-INFO-FEE-MISSING", E, "未填写信息处理费",
    what=(
        "“六、其他事项”表的“信息处理费（元）”为空。信息处理费自 2021 年起收取，"
        "2021 年度以前的报告不要求这句说明。"
    ),
    why=(
        "按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），年度报告第六部分必须说明本年度"
        "收取信息处理费的情况，没有收取也要写明。报告中的这句话由此格生成。"
    ),
    example="信息处理费一格为空。未收取请填 0，报告会写“本年度未收取信息处理费”。",
    messages={"": "信息处理费为空；报告第六部分必须说明收取情况，未收取请填 0"},
)
def information_fee_not_stated(ctx: Context, r: Rule) -> Iterator[Finding]:
    if ctx.blank_field("info_fee") and format_applies(ctx):
        yield r.at(field_cell("info_fee"), expected=0)


# Figures in prose ------------------------------------------------------------

def _where(q: Quantity | Share) -> str:
    """``'三、依申请公开'!J5、J6``."""
    places = [table_cell(*c) for c in q.cells]
    sheet = places[0][0]
    if all(s == sheet for s, _ in places):
        return f"'{sheet}'!" + "、".join(a for _, a in places)
    return "、".join(f"'{s}'!{a}" for s, a in places)


def _label(q: Quantity | Share) -> str:
    """``表三“一、本年新收……”“总计”``; several cells: ``…与…之和``; a share: ``…占…的比例``."""
    if isinstance(q, Share):
        return f"{_label(q.part)}占{_label(q.whole)}的比例"
    text = "与".join(cell_label(*c) for c in q.cells)
    return f"{text}之和" if len(q.cells) > 1 else text


def _also(key: str) -> str:
    """How the message names a second quantity a figure may also equal."""
    return "计入上年结转后为" if key.startswith("new_and_carried") else "或为"


def _shown(value: float | int, decimals: int | None, q: Quantity | Share) -> str:
    """A quantity as the claim writes it: a count, or a share or amount with the claim's decimals."""
    if decimals is None:
        return number(value)
    return f"{value:.{decimals}f}" + ("%" if isinstance(q, Share) else "")


@rule(
    "PROSE-FIGURE-MISMATCH", E, "正文数字与表格不符",
    what=(
        "正文中提到表格里的数量时，数字必须与表格一致：收到（新收）政府信息公开申请件数、上年结转、"
        "办结和结转下年度（“剩余3件正在办理”）件数，予以公开、部分公开、不予公开、无法提供、不予处理、"
        "其他处理的件数及其所占比例（“占44.7%”，按正文的小数位数核对），自然人、法人或其他组织等申请人"
        "的件数（表三）；因政府信息公开被申请行政复议、提起行政诉讼的件数和结果维持、结果纠正、尚未审结"
        "的件数，以及“均获维持”“无被纠错”“均已审结”（表四）；制发、废止、现行有效的规范性文件和规章"
        "件数，行政许可、行政处罚、行政强制的件数，行政事业性收费的万元金额（按正文的小数位数核对）（表二）。"
        "按申请、案件、文件的名称（“政府信息公开申请”“依申请公开件”“行政复议”“规范性文件”）、动词（收到、受理、"
        "办结、答复、结转、顺延）、数字和量词（“12份”“三起”“４７件”）的各种组合识别，名称在同一段前文已说过的"
        "（“共收到37件”）也算；能识别“答复120件（含上年度结转申请8件，另有15件顺延到下年度答复）”这类一句多个数字、"
        "“予以公开、部分公开分别为21件、4件”“均为0件”、按原因写的办理结果（“本机关不掌握相关政府信息5件”，"
        "对表三相应一行），以及“未收到……申请”“无因……提出的行政复议”这类零的写法；繁体字页面先转为简体再识别。"
        "表格有空格时，空格按“未知但不小于0”对待："
        "已填的格之和已大于正文数字的，同样报错，其余不检查。“40余件”“约40件”等约数，"
        "写明是其他年度（“2024年”“上年”“同比”）或全县、全区各部门等其他范围的数字，“涉企行政处罚”“自然人予以公开”"
        "这类部分数字，以及“公开行政许可信息356条”这类公开信息的条数不检查。"
    ),
    why="同一份报告里正文和表格数字打架，是公众和上级最容易发现的错误，也说明其中之一是错的。",
    example="正文写“全年共收到政府信息公开申请45件”，表三“一、本年新收”总计为 47。请改正文或表格。",
    messages={
        "": "正文写“{text}”，但{label}为 {value}{also}（{where}）；请核对正文或表格",
        "floor": "正文写“{text}”，但{label}中已填的格之和已为 {value}（{where}，另有空格）；"
                 "正文的数字不可能这么小，请核对正文或表格，并补填空格",
    },
)
def prose_figure_differs_from_table(ctx: Context, r: Rule) -> Iterator[Finding]:
    read = ctx.report.value
    for key in _PROSE:
        text = ctx.report.prose(key)
        if not text:
            continue
        for claim in claims(text, about_requests=key == "s1_request", year=ctx.report.year):
            quantities = [QUANTITIES[k] for k in claim.accept]
            if any(verdict(q, claim, read) is not False for q in quantities):  # agrees, or blanks leave it open
                continue
            q, first = quantities[0], quantities[0].value(read)
            shown = claim.figure if claim.decimals is None else _shown(claim.figure, claim.decimals, q)
            if first is None:  # a count whose filled cells already exceed the figure
                floor = q.floor(read) if isinstance(q, Quantity) else 0
                yield r.at(field_cell(key), "floor", expected=f"≥{number(floor)}", actual=shown,
                           text=claim.text, label=_label(q), value=number(floor), where=_where(q))
                continue
            also = "".join(f"（{_also(k)} {_shown(v, claim.decimals, other)}）"
                           for k, other, v in zip(claim.accept[1:], quantities[1:],
                                                  (other.value(read) for other in quantities[1:]), strict=True)
                           if v is not None)
            expected = first if claim.decimals is None else round(first, claim.decimals)
            yield r.at(field_cell(key), expected=expected, actual=shown, text=claim.text, label=_label(q),
                       value=_shown(first, claim.decimals, q), also=also, where=_where(q))


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


#: Common official terms of 政务公开 besides the format's own labels (:func:`_vocabulary`): words a
#: report uses all the time and a doubled character inside of which is a slip, never a word.
OFFICIAL_TERMS = (
    "政府信息公开", "政务公开", "主动公开", "依申请公开", "监督检查", "行政复议", "行政诉讼",
    "规范性文件", "过程性信息", "信息处理费", "政府信息", "政府门户网站", "政务新媒体", "政府公报",
    "政策解读", "年度报告", "公开指南", "公开目录", "保密审查", "工作要点", "政务服务",
)
#: Ordinary reduplicated words: a doubled character that is one of these is the word, not a slip.
REDUPLICATED = frozenset([
    "常常", "人人", "一一", "层层", "天天", "年年", "处处", "时时", "事事", "个个", "各各", "件件",
    "项项", "条条", "家家", "户户", "月月", "日日", "步步", "点点", "渐渐", "刚刚", "往往", "仅仅",
    "默默", "紧紧", "牢牢", "好好", "多多", "深深", "实实", "在在", "面面", "道道", "关关", "环环",
    "节节", "声声", "代代", "村村", "区区", "级级", "人人", "次次", "回回", "样样", "桩桩", "块块",
])
#: Characters that end or start no word with a term's first or last character: a doubled character
#: at a term's edge is a slip only when its other copy stands next to one of these (or to a
#: punctuation mark, a digit, a space, or the end of the text). "推行行政复议" and "公开开展" are words.
_PARTICLES = frozenset("的了和与及并等对将把被在从向于之其或即均已也都")
#: How far around a doubled character the format's terms are looked for.
_SPAN = range(4, 8)
_PAIR = re.compile(r"([\u3400-\u9fff])\1")
#: At most this many doubled characters are looked at in one cell. A real paragraph holds a handful
#: (叠词 included); a cell of thousands is garbage, which would otherwise cost seconds.
MAX_PAIRS = 1000


def _terms() -> tuple[str, ...]:
    """The format's own words: every label of the spec (rows, columns, sections, fields), its
    numbering taken off and cut at punctuation, plus :data:`OFFICIAL_TERMS`."""
    labels = {part for b in spec.BLOCKS.values() for item in (*b.rows, *b.cols) for part in item.path}
    labels |= {*spec.SECTION_TITLES, *(t.title for t in spec.TABLES), *(f.label for f in spec.FIELDS.values())}
    pieces = {p for label in labels for p in _CUT.split(_NUMBERING.sub("", label))}
    return tuple(sorted({p for p in pieces if len(p) >= 3} | set(OFFICIAL_TERMS)))


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+\.)")
_CUT = re.compile(r"[、，,（）()“”：:；;]")


class _Vocabulary:
    """The terms, indexed for constant-time look-ups around each doubled character."""

    def __init__(self, terms: tuple[str, ...]) -> None:
        self.inside = {t[i:i + n] for t in terms for n in _SPAN for i in range(len(t) - n + 1)}
        self.pairs = {t[i:i + 2] for t in terms for i in range(len(t) - 1)}
        self.starting: dict[str, list[str]] = {}
        self.ending: dict[str, list[str]] = {}
        for t in terms:
            if len(t) >= 4:
                self.starting.setdefault(t[0], []).append(t)
                self.ending.setdefault(t[-1], []).append(t)


_VOCABULARY: list[_Vocabulary] = []


def _vocabulary() -> _Vocabulary:
    """Built on first use: importing the rules stays quick."""
    if not _VOCABULARY:
        _VOCABULARY.append(_Vocabulary(_terms()))
    return _VOCABULARY[0]


def _free(ch: str) -> bool:
    """Whether a character next to a copy leaves that copy alone: no word joins them."""
    return not _has_cjk(ch) or ch in _PARTICLES


def _term_broken(text: str, i: int, v: _Vocabulary) -> str | None:
    """The term the doubled character at ``i``, ``i + 1`` breaks, if any.

    Inside a term (``过程性性信息``): some stretch of 4–7 characters around the character, with one
    copy taken out, is part of a term, while with both copies it is not. At a term's edge
    (``的监监督检查``) the term is whole after the second copy (or before the first), so the other
    copy must stand alone: next to a punctuation mark, a particle or the end of the text.
    """
    ch = text[i]
    if text[i:i + 2] in REDUPLICATED:
        return None
    # Inside: first two look-ups that rule out nearly every pair (a full cell of pairs stays quick).
    if i and text[i - 1:i + 1] in v.pairs and text[i + 1:i + 3] in v.pairs:
        merged = text[max(0, i - _SPAN[-1]):i + 1] + text[i + 2:i + 1 + _SPAN[-1]]  # (one copy taken out)
        at = min(i, _SPAN[-1])
        for n in reversed(_SPAN):  # (the longest stretch first)
            for start in range(max(0, at - n + 2), min(at, len(merged) - n + 1)):  # (``at`` strictly inside)
                if merged[start:start + n] in v.inside and \
                        (merged[start:at + 1] + merged[at:start + n - 1]) not in v.inside:
                    return merged[start:start + n]
    if _free(text[i - 1] if i else ""):
        for term in v.starting.get(ch, ()):
            if text.startswith(term, i + 1):
                return term
    if _free(text[i + 2:i + 3]):
        for term in v.ending.get(ch, ()):
            if i + 1 >= len(term) and text.startswith(term, i + 1 - len(term)):
                return term
    return None


@rule(
    "PROSE-DOUBLED-IN-TERM", W, "术语中字符重复",
    what=(
        "正文中某个汉字紧挨着重复，去掉一个后正好是年度报告格式中的用语（表格的行列名称、各部分标题、"
        f"填报项名称），或“{'”“'.join(OFFICIAL_TERMS[:7])}”等政务公开常用语，如“过程性性信息”"
        "“监监督检查”。“常常”“人人”“一一”“层层”等叠词，以及“公开开展”“推行行政复议”这类"
        f"前后两个词恰好相接的写法不算。每格最多列出 {MAX_PER_CELL} 处，"
        f"最多查看前 {MAX_PAIRS} 处紧挨着的重复字。"
    ),
    why="多是输入或复制时多打了一个字；出现在规范用语里格外显眼，发布后就是错别字。",
    example="“不予公开的主要是过程性性信息”。请删去多余的“性”，改为“过程性信息”。",
    messages={
        "": "“{label}”中“{shown}”的“{ch}”重复了；应为“{fixed}”",
    },
)
def character_doubled_in_term(ctx: Context, r: Rule) -> Iterator[Finding]:
    v = _vocabulary()
    for key in _PROSE:
        text = ctx.report.prose(key)
        slips = ((m.start(), term) for m in islice(_PAIR.finditer(text), MAX_PAIRS)
                 if (term := _term_broken(text, m.start(), v)) is not None)
        for i, term in islice(slips, MAX_PER_CELL):
            # (a few characters either side, within the line, so the clerk can find the place)
            start = max(0, i - 3, text.rfind("\n", 0, i) + 1)
            end = text.find("\n", i + 2, i + 6)
            end = min(len(text), i + 6) if end < 0 else end
            fixed = text[start:i] + text[i + 1:end]
            yield r.at(field_cell(key), expected=term, label=spec.FIELDS[key].label,
                       shown=text[start:end], ch=text[i], fixed=fixed, term=term)


#: "六部分", "6个部分": a number of parts; whether the sentence announces the report's is decided around it.
_PART_COUNT = re.compile(r"([0-9零〇一二两三四五六七八九十]{1,3})[ \u3000]*个?部分")
#: Words that announce the parts: right before the number ("由六部分", "分为6个部分", "共六个部分"),
#: or anywhere in the clause when the number follows "等" ("包括总体情况……等六个部分").
_ANNOUNCING = ("由", "分为", "分成", "共", "包括", "包含")
_CLAUSE_ENDS = "，,。；;\n"
#: How far back the clause of "…等六部分" is searched for an announcing word (the six titles fit).
_CLAUSE_CHARS = 160


def _announced_parts(text: str) -> Iterator[re.Match[str]]:
    """Where ``text`` announces how many parts the report has: "由N部分组成", "分为N个部分", "共N个部分"."""
    for m in _PART_COUNT.finditer(text):
        before = text[max(0, m.start() - _CLAUSE_CHARS):m.start()].rstrip(" \u3000")
        clause = before[max(before.rfind(c) for c in _CLAUSE_ENDS) + 1:]
        if before.endswith(_ANNOUNCING) or text.startswith(("组成", "构成"), m.end()) or (
                before.endswith("等") and any(w in clause for w in _ANNOUNCING)):
            yield m


@rule(
    "PROSE-INTRO-PARTS", W, "开头段落所说的部分数与报告不符",
    what=(
        f"开头段落说报告“由N部分组成”“分为N个部分”或“共N个部分”（阿拉伯数字或汉字），"
        f"而报告按格式共有 {len(spec.SECTION_TITLES)} 个部分（“{_OVERALL}”至“{_LAST}”）。"
    ),
    why="开头段落常从往年或别的报告照抄，部分数对不上，读者一眼就能看出文不对题。",
    example=(
        f"开头段落写“本报告由总体情况……等五部分组成”，而报告共 {len(spec.SECTION_TITLES)} 个部分。"
        f"请改为“{len(spec.SECTION_TITLES)}”。"
    ),
    messages={
        "": "“{label}”说报告有 {said} 个部分（“{text}”），但报告共 {parts} 个部分（“{first}”至“{last}”）；"
            "请改为 {parts} 个部分",
    },
)
def intro_miscounts_parts(ctx: Context, r: Rule) -> Iterator[Finding]:
    text = _normal(ctx.report.prose("intro"))
    parts = len(spec.SECTION_TITLES)
    for m in _announced_parts(text):
        said = figure_of(m.group(1))
        if said is not None and said != parts:
            yield r.at(field_cell("intro"), expected=parts, actual=said, label=spec.FIELDS["intro"].label,
                       said=said, text=m.group(0), parts=parts, first=_OVERALL, last=_LAST)
            return


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
