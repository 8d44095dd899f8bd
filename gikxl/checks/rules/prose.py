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
from gikxl.checks.findings import Finding, Severity
from gikxl.checks.rules import Context, cell_label, check, field_cell, finding, number, rule, table_cell

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
        "中文句子中夹有小写的英文单词。带大写字母的缩写、品牌和产品名（如 APP、PDF、DeepSeek、iOS），"
        "网址、邮箱、文件扩展名和计量单位不算。"
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
        """``'三、依申请公开'!J5、J6``."""
        places = [table_cell(*c) for c in self.cells]
        sheet = places[0][0]
        if all(s == sheet for s, _ in places):
            return f"'{sheet}'!" + "、".join(a for _, a in places)
        return "、".join(f"'{s}'!{a}" for s, a in places)

    @property
    def label(self) -> str:
        """``表三“一、本年新收……”“总计”``; several cells: ``…与…之和``."""
        text = "与".join(cell_label(*c) for c in self.cells)
        return f"{text}之和" if len(self.cells) > 1 else text


def _t4_total(group: str) -> Cell:
    return ("t4", "count", f"{group}_total")


Q = {
    "new": Quantity((("t3", "new", "total"),)),
    "new_and_carried": Quantity((("t3", "new", "total"), ("t3", "carried", "total"))),
    "carried": Quantity((("t3", "carried", "total"),)),
    "carry_next": Quantity((("t3", "carry_next", "total"),)),
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
    """The words that state it, as written."""
    figure: int
    accept: tuple[str, ...]


# Chinese numerals: 三, 十二, 一百零五, 两千 (not 三四 or 十几: those are approximate).
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "万"


def figure_of(text: str) -> int | None:
    """The integer written as ``text`` in Arabic or Chinese numerals; ``None`` if malformed."""
    if text.isdigit():
        return int(text)
    if text in ("零", "〇"):
        return 0
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in "零〇":
            if section == 0 and total == 0:
                return None
            digit = None
        elif ch in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            if digit is None:
                if ch != "十" or section or total:
                    return None
                digit = 1
            section += digit * _CN_UNITS[ch]
            digit = None
        else:  # 万
            section += digit or 0
            if section == 0 or total:
                return None
            total, section, digit = section * 10000, 0, None
    return total + section + (digit or 0)


# A length-preserving fold of full-width ASCII (digits, parentheses, punctuation) and
# the ideographic space, so that spans found in the folded text quote the original.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_NUM = rf"(\d+|[{_CN_CHARS}]+)\s*"
#: Words allowed between a noun and its figure: "申请共计 47 件", "申请数量为 47 件".
_THEN = r"(?:数量|总数|总量)?\s*(?:共计|合计|总计|累计|共|计|为|达到|达|是)?\s*"
_APPROX_AFTER = re.compile(r"^\s*(?:余|多|来|左右|以上|以下|上下)")
_APPROX_BEFORE = re.compile(r"(?:约|近|超过|超|逾|不足|不到|不少于|至少|多于|少于|不超过|上百|近百|若干)\s*$")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE_START = re.compile(r"[，,：:（(]")

#: Phrases that put a figure in another year (the last one before the figure counts).
_PERIOD = re.compile(r"(20\d\d)\s*年(?!\d)|(上一?年度?(?!度?结转)|去年|前年|同期|往年|历年)|(本年|今年|全年|年内)")
#: Phrases that put a figure on a wider or narrower scope than the body's own report.
_SCOPE = re.compile(r"全县|全市|全区|全省|全州|全旗|全镇|全乡|各部门|各乡镇|各街道|各单位|各级|所属|下属|系统内")
#: What may stand before 行政许可/行政处罚/行政强制 in its clause: a verb or a connective,
#: not a qualifier ("涉企行政处罚", "简易程序行政处罚" are parts of the whole).
_LEAD_OK = re.compile(
    r"(?:^|其中|作出|做出|办理|办结|实施|公开|发布|产生|受理|共计|累计|共|全年|本年度|本年|年度|年|此外|另有|另|和|及|与|、|以及)\s*$"
)


def _approximate(s: str, start: int, end: int) -> bool:
    """Whether the figure at ``s[start:end]`` is a round or bounded one ("约40件", "40余件")."""
    return bool(_APPROX_BEFORE.search(s[:start]) or _APPROX_AFTER.match(s[end:]))


def _clause(s: str, at: int) -> str:
    """The text of ``s`` from the start of the clause holding ``at`` up to ``at``."""
    starts = [m.end() for m in _CLAUSE_START.finditer(s, 0, at)]
    return s[starts[-1] if starts else 0:at]


def _elsewhere(s: str, at: int, year: int | None) -> bool:
    """Whether a figure at ``s[at]`` is about another year or another scope, not this report."""
    last = None
    for m in _PERIOD.finditer(s, 0, at):
        last = m
    if last is not None:
        if last.group(2):
            return True
        if last.group(1) and year is not None and int(last.group(1)) != year:
            return True
    return bool(_SCOPE.search(_clause(s, at)))


class _Sentence:
    """One sentence of the folded text, with its offset in the original and the claims found."""

    def __init__(self, original: str, folded: str, start: int, year: int | None) -> None:
        self.original, self.s, self.start, self.year = original, folded, start, year
        self.claims: list[Claim] = []
        self.taken: list[tuple[int, int]] = []

    def quote(self, start: int, end: int) -> str:
        return self.original[self.start + start:self.start + end].strip()

    def add(self, m: re.Match, group: int, accept: tuple[str, ...], *, begin: int | None = None,
            end: int | None = None, figure: int | None = None, reserve: bool = True) -> None:
        """A claim of the figure in ``m.group(group)`` (or ``figure``), unless approximate or elsewhere.

        The words ``m`` spans are then taken (unless not ``reserve``): no later pattern
        makes a second claim of them.
        """
        start = begin if begin is not None else m.start()
        stop = end if end is not None else m.end()
        if any(a < stop and start < b for a, b in self.taken):
            return
        if figure is None:
            if _approximate(self.s, m.start(group), m.end(group)):
                return
            figure = figure_of(m.group(group))
            if figure is None:
                return
        if _elsewhere(self.s, start, self.year):
            return
        if reserve:
            self.taken.append((start, stop))
        self.claims.append(Claim(self.quote(start, stop), figure, accept))


def claims(text: str, about_requests: bool = False, year: int | None = None) -> list[Claim]:
    """Figures the text states about table quantities.

    ``about_requests``: the whole text is about 依申请公开, so "收到申请 N 件" needs no
    further context. ``year``: the report year; figures said to be of another year
    (or of last year, or of the whole county) are not claims about this report.
    """
    folded = text.translate(_FOLD)
    out: list[Claim] = []
    for m in _SENTENCE.finditer(folded):
        s = _Sentence(text, m.group(0), m.start(), year)
        _request_claims(s, about_requests)
        _review_claims(s, about_requests)
        _document_claims(s)
        _decision_claims(s)
        out += s.claims
    return out


# 收到申请 --------------------------------------------------------------------

_RECEIVED = re.compile(
    rf"(新收|收到|受理|接收|接到)([^，,。；;、:：\d（）()]{{0,20}}?)(申请|事项){_THEN}{_NUM}(?:件|个|宗|份|条)"
)
_NEW_BARE = re.compile(rf"(?:本年|本年度)?新收{_THEN}{_NUM}件")
#: Words that may stand between 收到 and 申请 without changing what is counted ...
_REQUEST_WORDS = re.compile(
    r"政府信息公开|信息公开|依申请公开|依申请|政府信息|公开|并办理|和办理|并处理|和处理|办理|处理"
    r"|社会公众|群众|公众|各类|各种|有关|相关|书面|共计|共|了|的|\s"
)
#: ... and those that may stand there when the text does not say 信息公开 or 依申请.
_BARE_WORDS = re.compile(r"并办理|和办理|并处理|和处理|共计|共|了|的|\s")
_GIK = re.compile(r"信息公开|依申请")
_INCLUDING_CARRIED = re.compile(
    rf"\s*[（(]?\s*(?:含|包括|其中)\s*[^，,。；;\d（）()]{{0,4}}?(?:上年|上一年|去年)"
    rf"[^，,。；;\d（）()]{{0,4}}?结转[^，,。；;\d（）()]{{0,4}}?{_NUM}件\s*[）)]?"
)
_CARRIED = re.compile(
    rf"(?:上一?年度?|去年)结转(?:的)?(?:政府信息公开|依申请公开)?(?:申请)?{_THEN}{_NUM}件"
)
_CARRY_NEXT = re.compile(
    rf"结转(?:至|到)?下一?年度?(?:继续办理|办理)?(?:的)?(?:申请)?{_THEN}{_NUM}件"
    rf"|{_NUM}件(?:申请)?(?:结转|转入|转)(?:至|到)?下一?年度?"
)
_NONE_RECEIVED = re.compile(
    r"(?:未|没有)(?:收到|受理|接到|接收)[^。；;，,]{0,30}?(?:信息公开|依申请)[^。；;，,]{0,10}?申请"
)
_SOME_APPLICANTS = re.compile(r"自然人|公民|个人|法人|企业|组织|机构")
_ALL_APPLICANTS = re.compile(r"(?:公民|自然人)[、，,和及与]*法人(?:和|或|及|、)其他组织")


def _request_claims(s: _Sentence, about_requests: bool) -> None:
    if not (about_requests or "申请" in s.s):
        return
    for m in _RECEIVED.finditer(s.s):
        gap, noun = m.group(2), m.group(3)
        # "受理政务服务事项", "收到法人申请": another count, or a part of it
        if _GIK.search(gap):
            if _REQUEST_WORDS.sub("", gap):
                continue
        elif not (about_requests and noun == "申请" and not _BARE_WORDS.sub("", gap)):
            continue
        inc = _INCLUDING_CARRIED.match(s.s, m.end())
        if inc and m.group(1) != "新收":
            words = inc.group(0)
            s.add(m, 4, ("new_and_carried",), end=inc.end(), reserve=False)
            s.add(inc, 1, ("carried",), reserve=False,  # quoted without the brackets
                  begin=inc.start() + len(words) - len(words.lstrip(" （(")),
                  end=inc.end() - len(words) + len(words.rstrip(" ）)")))
            s.taken.append((m.start(), inc.end()))
        else:
            s.add(m, 4, ("new",) if m.group(1) == "新收" else ("new", "new_and_carried"))
    # "其中自然人新收38件", "商业企业结转下年度1件": one column, not the 总计
    for m in _NEW_BARE.finditer(s.s):
        if _LEAD_OK.search(_clause(s.s, m.start())):
            s.add(m, 1, ("new",))
    for m in _CARRIED.finditer(s.s):
        if _LEAD_OK.search(_clause(s.s, m.start())):
            s.add(m, 1, ("carried",))
    for m in _CARRY_NEXT.finditer(s.s):
        if _LEAD_OK.search(_clause(s.s, m.start())):
            s.add(m, 1 if m.group(1) is not None else 2, ("carry_next",))
    for m in _NONE_RECEIVED.finditer(s.s):
        words = m.group(0)
        if _NOT_REQUESTS.search(words):
            continue
        if _SOME_APPLICANTS.search(words) and not _ALL_APPLICANTS.search(words):
            continue  # "未收到法人或其他组织提出的申请": some applicants only
        s.add(m, 0, ("new",), figure=0)


_NOT_REQUESTS = re.compile(r"复议|诉讼|许可|信访|投诉|举报|建议|提案|咨询")


# 行政复议、行政诉讼 ------------------------------------------------------------

_CASE_UNIT = r"(?:件|起|宗|个|案)"
_REVIEW = re.compile(rf"行政复议(?:案件|申请)?{_THEN}{_NUM}{_CASE_UNIT}")
_SUIT = re.compile(rf"行政诉讼(?:案件)?{_THEN}{_NUM}{_CASE_UNIT}")
_BOTH = re.compile(
    rf"行政复议(?:案件)?(?:和|、|及|与|以及)(?:被提起|提起|被)?行政诉讼(?:案件)?"
    rf"(?:(?:各|均为|均)\s*{_NUM}{_CASE_UNIT}|分别为?\s*{_NUM}{_CASE_UNIT}[、和,，]\s*{_NUM}{_CASE_UNIT})"
)
_NONE_CASES = re.compile(
    r"(?:未发生|没有发生|未出现|没有出现|未被|没有被)([^。；;，,\d]{0,20}?)(行政复议|行政诉讼)"
    r"(?:(?:案件)?(?:和|、|及|与|或|以及)(?:被申请|被提起|提起|被)?(行政复议|行政诉讼))?"
)
#: After "未发生……行政诉讼": an outcome, so the cases did happen ("未发生行政诉讼败诉").
_OUTCOME_AFTER = re.compile(r"^[^，,]{0,8}?(?:被|败诉|纠正|纠错|撤销|结果|中)")
#: In the clause before a figure: this body decides or handles cases (it is the reviewing body),
#: or the figure is one kind or outcome of the cases ("直接起诉的行政诉讼1件"), not their total.
_REVIEWER = re.compile(r"办理|审理|受理|收到|接到|接收|办结|承办|复议机关|作为|起诉|复议后|维持|纠正|败诉|胜诉|撤销|审结|其他结果")


def _review_claims(s: _Sentence, about_requests: bool) -> None:
    def about_disclosure(at: int) -> bool:  # not the body's other cases
        return about_requests or bool(_GIK.search(s.s, 0, at))

    for m in _BOTH.finditer(s.s):
        if about_disclosure(m.start()) and not _REVIEWER.search(_clause(s.s, m.start())):
            each = m.group(1) is not None
            s.add(m, 1 if each else 2, ("review",), reserve=False)
            s.add(m, 1 if each else 3, ("suit",))
    for pattern, key in ((_REVIEW, "review"), (_SUIT, "suit")):
        for m in pattern.finditer(s.s):
            if about_disclosure(m.start()) and not _REVIEWER.search(_clause(s.s, m.start())):
                s.add(m, 1, (key,))
    for m in _NONE_CASES.finditer(s.s):
        if not about_disclosure(m.end()) or _OUTCOME_AFTER.match(s.s[m.end():]):
            continue
        for kind in dict.fromkeys(k for k in (m.group(2), m.group(3)) if k):
            s.add(m, 0, ("review" if kind == "行政复议" else "suit",), figure=0, reserve=False)
        s.taken.append((m.start(), m.end()))


# 规范性文件、规章 ------------------------------------------------------------

_DOC_UNIT = r"(?:件|个|份|条|部)"
_DOC_NOUN = r"(行政规范性文件|规范性文件|政府规章|规章)"
_ISSUED = re.compile(rf"(?:制发|制定|印发|出台)了?\s*{_DOC_NOUN}{_THEN}{_NUM}{_DOC_UNIT}")
_REPEALED = re.compile(rf"(?:废止|作废|废除)了?\s*{_DOC_NOUN}?{_THEN}{_NUM}{_DOC_UNIT}")
_IN_FORCE = re.compile(rf"现行有效的?\s*{_DOC_NOUN}{_THEN}{_NUM}{_DOC_UNIT}")
_VERBS = r"(?:制定|制发|出台|印发|废止|废除|作废|修订|修改|更新|清理)"
_NONE_ISSUED = re.compile(
    rf"未(?:制定|制发|出台|印发)((?:\s*[、和及或与]\s*{_VERBS})*)\s*(?:了)?\s*(行政规范性文件|规范性文件|政府规章|规章)"
)
_DOCUMENTS = re.compile(r"规范性文件|规章")


def _kind(noun: str | None) -> str:
    return "regulation" if noun and "规章" in noun else "normative"


def _document_claims(s: _Sentence) -> None:
    for m in _NONE_ISSUED.finditer(s.s):
        kind = _kind(m.group(2))
        s.add(m, 0, (f"{kind}_issued",), figure=0, reserve=False)
        if "废" in m.group(1):
            s.add(m, 0, (f"{kind}_repealed",), figure=0, reserve=False)
        s.taken.append((m.start(), m.end()))
    for m in _ISSUED.finditer(s.s):
        s.add(m, 2, (f"{_kind(m.group(1))}_issued",))
    for m in _IN_FORCE.finditer(s.s):
        s.add(m, 2, (f"{_kind(m.group(1))}_in_force",))
    for m in _REPEALED.finditer(s.s):
        noun = m.group(1)
        if noun is None:
            # "……规范性文件4件，废止1件": a bare "废止N件" refers to the documents named before it
            earlier = None
            for earlier in _DOCUMENTS.finditer(s.s, 0, m.start()):
                pass
            if earlier is None:
                continue
            noun = earlier.group(0)
        s.add(m, 2, (f"{_kind(noun)}_repealed",))


# 行政许可、行政处罚、行政强制 ------------------------------------------------

_DECISIONS = re.compile(
    rf"(行政许可|行政处罚|行政强制)(?:决定|案件|办件|措施)?(?:数量)?(?:共|为|达|计)?\s*{_NUM}(?:件|个|条)"
)
_DECISION_KEYS = {"行政许可": "permit", "行政处罚": "penalty", "行政强制": "coercion"}


def _decision_claims(s: _Sentence) -> None:
    for m in _DECISIONS.finditer(s.s):
        if _LEAD_OK.search(_clause(s.s, m.start())):
            s.add(m, 2, (_DECISION_KEYS[m.group(1)],))


#: How the message names a second quantity a figure may also equal.
_ALSO = {"new_and_carried": "计入上年结转后为"}


@check
def figures(ctx: Context) -> Iterator[Finding]:
    for key in _PROSE:
        text = ctx.report.prose(key)
        if not text:
            continue
        for claim in claims(text, about_requests=key == "s1_request", year=ctx.report.year):
            values = [Q[k].value(ctx) for k in claim.accept]
            if any(v is None for v in values) or claim.figure in values:
                continue
            q = Q[claim.accept[0]]
            also = "".join(f"（{_ALSO[k]} {number(v)}）" for k, v in zip(claim.accept[1:], values[1:]))
            yield finding(
                PROSE_FIGURE_MISMATCH, field_cell(key),
                f"正文写“{claim.text}”，但{q.label}为 {number(values[0])}{also}（{q.where}）；"
                f"请核对正文或表格",
                expected=values[0], actual=claim.figure,
            )


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
def _has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character (a test, not a regex: a class this wide
    costs milliseconds to compile in every process)."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)
#: Lower-case Latin words a Chinese government text may use. Words with a capital letter
#: pass anyway: acronyms (APP, PDF), brands and products (DeepSeek, WeChat, iOS).
ALLOWED_WORDS = frozenset(
    "app apps wifi wi-fi ios android iphone ipad pc email e-mail excel word windows wps pdf ofd html h "
    "qq wechat weibo vr ar ai ok km kg cm mm ml kw kwh mw ha mb gb tb "
    "doc docx xls xlsx csv txt jpg jpeg png zip rar www http https".split()
)


@check
def latin_words(ctx: Context) -> Iterator[Finding]:
    for key in _PROSE:
        text = _WEB.sub(lambda m: " " * len(m.group(0)), _normal(ctx.report.prose(key)))
        words = []
        for m in _WORD.finditer(text):
            w = m.group(0)
            if len(w) < 2 or not w.islower() or w in ALLOWED_WORDS:
                continue
            around = text[max(0, m.start() - 4):m.start()] + text[m.end():m.end() + 4]
            if _has_cjk(around) and w not in words:
                words.append(w)
        if words:
            shown = "”“".join(words[:3]) + ("”等" if len(words) > 3 else "”")
            yield finding(PROSE_LATIN, field_cell(key),
                          f"“{spec.FIELDS[key].label}”的中文句子里夹有英文单词“{shown}，请改为中文")


#: A character repeated across line breaks; only Chinese characters count (see :func:`_has_cjk`).
_DOUBLED = re.compile(r"(\S)[ \t\u3000]*(?:\r?\n[ \t\u3000]*)+\1")


@check
def doubled_chars(ctx: Context) -> Iterator[Finding]:
    for key in _PROSE:
        text = ctx.report.prose(key)
        for m in _DOUBLED.finditer(text):
            if not _has_cjk(m.group(1)):
                continue
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
