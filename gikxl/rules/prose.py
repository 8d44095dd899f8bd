"""The text: required sections, figures that contradict the tables, and slips.

Slips are the ones seen in published reports (FORMAT.md): a private mobile or
ID-card number, English words left in Chinese sentences, a character doubled
across a line break, the report's own section numbering restarted inside a
section.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from gikxl import spec
from gikxl.findings import Finding, Severity
from gikxl.rules import Context, cell_label, check, field_cell, finding, number, rule, table_cell

E, W = Severity.ERROR, Severity.WARNING

PROSE_SECTION_EMPTY = rule(
    "PROSE-SECTION-EMPTY", "required-section-empty", E, "必填的正文为空",
    what=(
        "必填的正文段落（一、总体情况的（一）至（五），五、存在的主要问题和改进情况）为空，"
        "或只写了“无”“/”之类。"
    ),
    why="《年度报告格式》规定了报告的六个部分，缺少任何一段，报告都不完整。",
    example="“（五）监督保障”一格为空。请写明考核、培训、社会评议、责任追究等情况。",
)
S6_INFO_FEE_MISSING = rule(
    "S6-INFO-FEE-MISSING", "information-fee-not-stated", E, "未填写信息处理费",
    what="“六、其他事项”表的“信息处理费（元）”为空。",
    why=(
        "按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），年度报告第六部分必须说明本年度"
        "收取信息处理费的情况，没有收取也要写明。报告中的这句话由此格生成。"
    ),
    example="信息处理费一格为空。未收取请填 0，报告会写“本年度未收取信息处理费”。",
)
PROSE_FIGURE_MISMATCH = rule(
    "PROSE-FIGURE-MISMATCH", "prose-figure-differs-from-table", E, "正文数字与表格不符",
    what=(
        "正文中提到表格里的数量时，数字必须与表格一致：收到（新收）政府信息公开申请件数（表三），"
        "因政府信息公开被申请行政复议、提起行政诉讼的件数（表四），制发、废止、现行有效的规范性文件"
        "和规章件数，行政许可、行政处罚、行政强制的件数（表二）。能识别“共收到申请41件（含上年度结转3件）”"
        "这类含上年结转的写法；“40余件”“约40件”等约数不检查。"
    ),
    why="同一份报告里正文和表格数字打架，是公众和上级最容易发现的错误，也说明其中之一是错的。",
    example="正文写“全年共收到政府信息公开申请45件”，表三“一、本年新收”总计为 47。请改正文或表格。",
)
PROSE_MOBILE = rule(
    "PROSE-MOBILE", "mobile-number-in-prose", E, "正文含手机号码",
    what="正文中出现 11 位手机号码（1 开头，第二位为 3–9）。",
    why=(
        "年度报告要在网上公开；个人手机号属于个人信息，公开会侵犯隐私。"
        "公布咨询电话请用办公座机或 12345 热线。"
    ),
    example="“联系人：张××，13812345678”。请删除手机号，改为办公电话。",
)
PROSE_ID_CARD = rule(
    "PROSE-ID-CARD", "id-card-number-in-prose", E, "正文含身份证号码",
    what="正文中出现 18 位居民身份证号码（出生日期有效、校验位正确）。",
    why="身份证号是敏感个人信息，公开发布违反《个人信息保护法》。",
    example="正文举例时写出了申请人的身份证号。请删除，必要时只写“申请人”。",
)
PROSE_LATIN = rule(
    "PROSE-LATIN", "english-word-in-chinese-text", W, "中文正文夹杂英文单词",
    what=(
        "中文句子中夹有英文单词（全大写的常见缩写如 APP、PDF、WPS，网址、邮箱、计量单位不算）。"
    ),
    why="多半是机器翻译或从别处复制时留下的残片（如“具体要求和 workflows”），发布出去显得不严谨。",
    example="“明确受理、审查、答复等各环节的具体要求和 workflows”。请改为“工作流程”。",
)
PROSE_DOUBLED_CHAR = rule(
    "PROSE-DOUBLED-CHAR", "character-doubled-at-line-break", W, "换行处字符重复",
    what="某行末尾的汉字与下一行开头的汉字相同，如“监\\n监督检查”。",
    why="这是从 PDF 或 Word 分页处复制文字时常见的残留，发布后就成了错别字。",
    example="“加强日常工作落实情况的监\\n\\n监督检查”。请删去多余的“监”和换行。",
)
PROSE_NUMBERING = rule(
    "PROSE-NUMBERING", "section-numbering-restarted", W, "正文自带的编号与报告编号冲突",
    what=(
        "正文中出现“一、”“二、”这样的一级标题（在“一、总体情况”各段中还包括“（一）”“（二）”），"
        "与报告固定的六个部分及总体情况的五个小标题的编号重复。"
    ),
    why="报告已有“一、总体情况”至“六、其他需要报告的事项”的编号，正文再从“一、”开始编号，层次就乱了。",
    example=(
        "在“一、总体情况”中写“一、主动公开情况……二、依申请公开情况……”。"
        "这些内容分别填入（一）至（五）各格；段内分点请用“1.”“（1）”或“一是、二是”。"
    ),
)

_PROSE = tuple(k for k, f in spec.FIELDS.items() if f.kind == "prose")
#: Texts that say nothing; a required section holding only one of them is empty.
_EMPTY_WORDS = frozenset("无 暂无 没有 略 / ／ — —— - 空 不适用 不涉及".split())


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# Sections -------------------------------------------------------------------

@check
def sections(ctx: Context) -> Iterator[Finding]:
    for key in _PROSE:
        f = spec.FIELDS[key]
        text = ctx.report.prose(key).strip()
        if f.required and (not text or _normal(text).strip(" 。.") in _EMPTY_WORDS):
            shown = f"只写了“{text}”" if text else "为空"
            yield finding(PROSE_SECTION_EMPTY, field_cell(key),
                          f"“{f.label}”{shown}；这是报告的必备内容，请填写（{f.hint}）")
    if ctx.report.fields.get("info_fee") is None and not ctx.field_faulted("info_fee"):
        yield finding(S6_INFO_FEE_MISSING, field_cell("info_fee"),
                      "信息处理费为空；报告第六部分必须说明收取情况，未收取请填 0", expected=0)


# Figures in prose ------------------------------------------------------------

Cell = tuple[str, str, str]


@dataclass(frozen=True)
class Quantity:
    """A table quantity that prose may restate: the sum of some cells."""

    cells: tuple[Cell, ...]

    def value(self, ctx: Context) -> int | float | None:
        values = [ctx.report.value(*c) for c in self.cells]
        return None if any(v is None for v in values) else sum(values)

    @property
    def where(self) -> str:
        return "、".join(f"{table_cell(*c)[0]}!{table_cell(*c)[1]}" for c in self.cells)

    @property
    def label(self) -> str:
        return "与".join(cell_label(*c) for c in self.cells)


def _t4_total(group: str) -> Cell:
    return ("t4", "count", f"{group}_total")


Q = {
    "new": Quantity((("t3", "new", "total"),)),
    "new_and_carried": Quantity((("t3", "new", "total"), ("t3", "carried", "total"))),
    "carried": Quantity((("t3", "carried", "total"),)),
    "review": Quantity((_t4_total(spec.T4_GROUPS[0][0]),)),
    "suit": Quantity(tuple(_t4_total(g) for g, _ in spec.T4_GROUPS[1:])),
    "normative_issued": Quantity((("t2_rules", "normative", "issued"),)),
    "normative_repealed": Quantity((("t2_rules", "normative", "repealed"),)),
    "normative_in_force": Quantity((("t2_rules", "normative", "in_force"),)),
    "regulation_issued": Quantity((("t2_rules", "regulation", "issued"),)),
    "regulation_repealed": Quantity((("t2_rules", "regulation", "repealed"),)),
    "regulation_in_force": Quantity((("t2_rules", "regulation", "in_force"),)),
    "permit": Quantity((("t2_permit", "permit", "decisions"),)),
    "penalty": Quantity((("t2_enforce", "penalty", "decisions"),)),
    "coercion": Quantity((("t2_enforce", "coercion", "decisions"),)),
}


@dataclass(frozen=True)
class Claim:
    """A figure the prose states: ``figure`` should equal one of the ``accept`` quantities."""

    text: str
    figure: int
    accept: tuple[str, ...]


_GAP = r"[^，,。；;：:、\d（）()]"
_NUM = r"(\d+)\s*"
_APPROX_AFTER = re.compile(r"^\s*(?:余|多|来|左右|以上|以下)")
_APPROX_BEFORE = re.compile(r"(?:约|近|超过|超|逾|不足|不到|上百|近百)\s*$")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")

_RECEIVED = re.compile(
    rf"(新收|收到|受理|接收|接到)({_GAP}{{0,20}}?)(?:申请|事项){_GAP}{{0,6}}?{_NUM}(?:件|个|宗|份|条)"
)
_NOT_REQUESTS = re.compile(r"复议|诉讼|许可|信访|投诉|举报|建议|提案|咨询")
_INCLUDING_CARRIED = re.compile(
    rf"^\s*[（(]?\s*(?:含|包括|其中)\s*{_GAP}{{0,4}}?(?:上年|上一年|去年)"
    rf"{_GAP}{{0,4}}?结转{_GAP}{{0,4}}?{_NUM}件"
)
_NONE_RECEIVED = re.compile(
    r"(?:未|没有)(?:收到|受理|接到|接收)[^。；;，,]{0,30}?(?:信息公开|依申请)[^。；;，,]{0,10}?申请"
)
_GIK_CONTEXT = re.compile(r"信息公开|依申请|被申请|被提起|被起诉|被诉")
_REVIEW = re.compile(rf"行政复议(?:案件|申请)?{_GAP}{{0,4}}?{_NUM}(?:件|起|宗|个)")
_SUIT = re.compile(rf"行政诉讼(?:案件)?{_GAP}{{0,4}}?{_NUM}(?:件|起|宗|个)")
_DOC_UNIT = r"(?:件|个|份|条|部)"
_DOC_NOUN = r"(行政规范性文件|规范性文件|政府规章|规章)"
_ISSUED = re.compile(rf"(?:制发|制定|印发|出台)了?\s*{_DOC_NOUN}{_GAP}{{0,4}}?{_NUM}{_DOC_UNIT}")
_REPEALED = re.compile(rf"(?:废止|作废|废除)了?\s*{_DOC_NOUN}?{_GAP}{{0,4}}?{_NUM}{_DOC_UNIT}")
_IN_FORCE = re.compile(rf"现行有效的?\s*{_DOC_NOUN}{_GAP}{{0,4}}?{_NUM}{_DOC_UNIT}")
_NONE_ISSUED = re.compile(r"未(?:制定|制发|出台|印发)([^。；;，,\d]{0,12}?)(行政规范性文件|规范性文件|规章)")
_DECISIONS = re.compile(
    rf"(行政许可|行政处罚|行政强制)(?:决定|案件|办件)?(?:数量)?(?:共|为|达|计)?\s*{_NUM}(?:件|个|条)"
)


def _approximate(sentence: str, m: re.Match, group: int) -> bool:
    """Whether the figure in ``group`` is a round or bounded one ("约40件", "40余件")."""
    before, after = sentence[:m.start(group)], sentence[m.end(group):]
    return bool(_APPROX_BEFORE.search(before) or _APPROX_AFTER.match(after))


def claims(text: str, about_requests: bool = False) -> list[Claim]:
    """Figures the text states about table quantities (``about_requests``: the whole text
    is about 依申请公开, so "收到申请 N 件" needs no further context)."""
    out: list[Claim] = []
    for s in (m.group(0) for m in _SENTENCE.finditer(_normal(text))):
        out += _request_claims(s, about_requests)
        out += _review_claims(s)
        out += _document_claims(s)
        for m in _DECISIONS.finditer(s):
            if not _approximate(s, m, 2):
                key = {"行政许可": "permit", "行政处罚": "penalty", "行政强制": "coercion"}[m.group(1)]
                out.append(Claim(m.group(0), int(m.group(2)), (key,)))
    return out


def _request_claims(s: str, about_requests: bool) -> list[Claim]:
    out = []
    if not (about_requests or "公开" in s):
        return out
    for m in _RECEIVED.finditer(s):
        if _NOT_REQUESTS.search(m.group(2)) or _approximate(s, m, 3):
            continue
        n = int(m.group(3))
        rest = s[m.end():]
        inc = _INCLUDING_CARRIED.match(rest)
        if inc:
            out.append(Claim(m.group(0) + inc.group(0), n, ("new_and_carried",)))
            out.append(Claim(inc.group(0).strip(" （()"), int(inc.group(1)), ("carried",)))
        elif m.group(1) == "新收":
            out.append(Claim(m.group(0), n, ("new",)))
        else:
            out.append(Claim(m.group(0), n, ("new", "new_and_carried")))
    for m in _NONE_RECEIVED.finditer(s):
        if not _NOT_REQUESTS.search(m.group(0)):
            out.append(Claim(m.group(0), 0, ("new",)))
    return out


def _review_claims(s: str) -> list[Claim]:
    if not _GIK_CONTEXT.search(s):
        return []
    out = []
    for pattern, key in ((_REVIEW, "review"), (_SUIT, "suit")):
        for m in pattern.finditer(s):
            if not _approximate(s, m, 1):
                out.append(Claim(m.group(0), int(m.group(1)), (key,)))
    return out


def _kind(noun: str | None) -> str:
    return "regulation" if noun and "规章" in noun else "normative"


_DOCUMENTS = re.compile(r"规范性文件|规章")


def _document_claims(s: str) -> list[Claim]:
    out = []
    for m in _ISSUED.finditer(s):
        if not _approximate(s, m, 2):
            out.append(Claim(m.group(0), int(m.group(2)), (f"{_kind(m.group(1))}_issued",)))
    for m in _IN_FORCE.finditer(s):
        if not _approximate(s, m, 2):
            out.append(Claim(m.group(0), int(m.group(2)), (f"{_kind(m.group(1))}_in_force",)))
    for m in _REPEALED.finditer(s):
        noun = m.group(1)
        if noun is None:
            # "……规范性文件4件，废止1件": a bare "废止N件" refers to the documents named before it
            earlier = _DOCUMENTS.search(s[:m.start()])
            if earlier is None:
                continue
            noun = earlier.group(0)
        if not _approximate(s, m, 2):
            out.append(Claim(m.group(0), int(m.group(2)), (f"{_kind(noun)}_repealed",)))
    for m in _NONE_ISSUED.finditer(s):
        kind = _kind(m.group(2))
        out.append(Claim(m.group(0), 0, (f"{kind}_issued",)))
        if "废" in m.group(1):
            out.append(Claim(m.group(0), 0, (f"{kind}_repealed",)))
    return out


@check
def figures(ctx: Context) -> Iterator[Finding]:
    for key in _PROSE:
        text = ctx.report.prose(key)
        if not text:
            continue
        for claim in claims(text, about_requests=key == "s1_request"):
            values = [Q[k].value(ctx) for k in claim.accept]
            if any(v is None for v in values) or claim.figure in values:
                continue
            q = Q[claim.accept[0]]
            yield finding(
                PROSE_FIGURE_MISMATCH, field_cell(key),
                f"正文写“{claim.text}”，但{q.label}为 {number(values[0])}（{q.where}）；"
                f"请核对正文或表格",
                expected=values[0], actual=claim.figure,
            )


# Slips ----------------------------------------------------------------------

_MOBILE = re.compile(r"(?<![\d.])(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
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
    total = sum(int(d) * w for d, w in zip(number_[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == number_[17].upper()


@check
def privacy(ctx: Context) -> Iterator[Finding]:
    for key in _PROSE:
        text = _normal(ctx.report.prose(key))
        for m in _MOBILE.finditer(text):
            masked = f"{m.group(1)}****{m.group(3)}"
            yield finding(PROSE_MOBILE, field_cell(key),
                          f"“{spec.FIELDS[key].label}”中有手机号码 {masked}；"
                          "报告要公开发布，请删除或改为办公电话")
        for m in _ID_CARD.finditer(text):
            if valid_id_card(m.group(1)):
                masked = f"{m.group(1)[:6]}********{m.group(1)[-4:]}"
                yield finding(PROSE_ID_CARD, field_cell(key),
                              f"“{spec.FIELDS[key].label}”中有身份证号码 {masked}；报告要公开发布，请删除")


_WEB = re.compile(
    r"(?:https?://|www\.)[^\s，。；、）)“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    re.ASCII,
)
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_CJK = re.compile(r"[\u3400-\u9fff]")
#: Latin words a Chinese government text may use (compared in lower case); all-capital acronyms pass anyway.
ALLOWED_WORDS = frozenset(
    "app apps wifi wi-fi ios android iphone ipad pc email e-mail excel word windows wps pdf ofd html h "
    "qq wechat weibo vr ar ai ok km kg cm mm ml kw kwh mw ha mb gb tb".split()
)


@check
def latin_words(ctx: Context) -> Iterator[Finding]:
    for key in _PROSE:
        text = _WEB.sub(lambda m: " " * len(m.group(0)), _normal(ctx.report.prose(key)))
        words = []
        for m in _WORD.finditer(text):
            w = m.group(0)
            if len(w) < 2 or w.isupper() or w.lower() in ALLOWED_WORDS:
                continue
            around = text[max(0, m.start() - 4):m.start()] + text[m.end():m.end() + 4]
            if _CJK.search(around) and w not in words:
                words.append(w)
        if words:
            shown = "”“".join(words[:3]) + ("”等" if len(words) > 3 else "”")
            yield finding(PROSE_LATIN, field_cell(key),
                          f"“{spec.FIELDS[key].label}”的中文句子里夹有英文单词“{shown}，请改为中文")


_DOUBLED = re.compile(r"([\u3400-\u9fff])[ \t\u3000]*(?:\r?\n[ \t\u3000]*)+\1")


@check
def doubled_chars(ctx: Context) -> Iterator[Finding]:
    for key in _PROSE:
        text = ctx.report.prose(key)
        for m in _DOUBLED.finditer(text):
            before = text[max(0, m.start() - 6):m.start()].split("\n")[-1]
            after = text[m.end():m.end() + 6].split("\n")[0]
            ch = m.group(1)
            yield finding(
                PROSE_DOUBLED_CHAR, field_cell(key),
                f"“{spec.FIELDS[key].label}”中“{before}{ch}”换行后又以“{ch}{after}”开头，“{ch}”重复了；"
                f"应为“{before}{ch}{after}”",
                expected=f"{before}{ch}{after}",
            )


_NUMERAL = "一二三四五六七八九十"
_LINE_START = r"(?:^|(?<=[\n。：:；;]))[ \t\u3000]*"
_HEADING_TEXT = r"[^\n。，,；;：:]{0,16}"
_TOP_HEADING = re.compile(rf"{_LINE_START}([{_NUMERAL}]{{1,3}}、{_HEADING_TEXT})")
_SUB_HEADING = re.compile(rf"{_LINE_START}([（(][{_NUMERAL}]{{1,3}}[）)]{_HEADING_TEXT})")


@check
def numbering(ctx: Context) -> Iterator[Finding]:
    for key in _PROSE:
        text = ctx.report.prose(key)
        headings = [m.group(1).strip() for m in _TOP_HEADING.finditer(text)]
        if key.startswith("s1_"):
            headings += [m.group(1).strip() for m in _SUB_HEADING.finditer(text)]
        if not headings:
            continue
        shown = "”“".join(headings[:2])
        own = "“一、总体情况”至“六、其他需要报告的事项”" if not key.startswith("s1_") else (
            "“一、总体情况”等六个部分和（一）至（五）小标题")
        yield finding(
            PROSE_NUMBERING, field_cell(key),
            f"“{spec.FIELDS[key].label}”正文自带了“{shown}”{'等' if len(headings) > 2 else ''}标题，"
            f"与报告固定的{own}编号冲突；分点请用“1.”“（1）”或“一是、二是”",
        )
