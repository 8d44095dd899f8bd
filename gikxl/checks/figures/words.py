"""The grammar's parts: the words real sentences combine to state a table figure.

A sentence that restates a figure is made of a few kinds of parts, in a few orders
(:mod:`gikxl.checks.figures.patterns` holds the orders):

* a **subject** names the quantity: 政府信息公开申请, 依申请公开件, 行政复议, 规范性文件 ...;
* a **verb** says what happened to it: 收到, 受理, 办结, 答复, 结转, 顺延, 制发, 废止 ...;
* a **number** and a **counter**: “47件”, “１２份”, “三起”, “12.35万元”;
* **frames** place the figure: 共 / 全年 / 累计 (the whole), 其中 / 含 (a part of what came
  before), 另有 / 剩余 (the rest), 分别 / 均 (several kinds at once);
* **disqualifiers** make a figure no table quantity: approximate (约, 余, 多), another year
  (2024年, 上年 outside a carry-over, 同比, 较上年) or scope (全县, 全市, 各部门), a part of
  the applicants, the body as the reviewing organ;
* **denials** state a zero: 未, 无, 没有, 均未 over a subject.

Where the format names a thing (an outcome, a reason, an applicant, a case outcome, a
table-二 item), the words are taken from :mod:`gikxl.spec`; synonyms follow them.
Every alternation here is of literal words, so the expressions built from them stay
linear-time (see :mod:`gikxl.checks.figures.patterns`).
"""

from __future__ import annotations

import re

from gikxl import spec
from gikxl.checks.figures.numbers import num
from gikxl.checks.figures.quantities import T3_APPLICANTS, T3_OUTCOMES


def alt(words: tuple[str, ...] | list[str]) -> str:
    """An alternation of literal words, longest first (so that no word hides a longer one)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True)) + ")"


# Counters ---------------------------------------------------------------------

#: Counters of requests and outcomes: “12份”, “3项”, “2宗”, “5人次”, “12封”.
REQUEST_COUNTERS = ("件", "份", "项", "宗", "个", "条", "人次", "封", "次")
#: Counters of cases: “三起”, “1案”.
CASE_COUNTERS = ("件", "起", "宗", "个", "案", "次")
#: Counters of documents: “4部”.
DOCUMENT_COUNTERS = ("件", "个", "份", "条", "部", "项")
#: Counters of table 二's decisions.
DECISION_COUNTERS = ("件", "个", "条", "项", "宗", "起")
UNIT = alt(REQUEST_COUNTERS)
CASE_UNIT = alt(CASE_COUNTERS)
DOC_UNIT = alt(DOCUMENT_COUNTERS)

# Subjects ---------------------------------------------------------------------

#: The nouns that name the disclosure requests, longest first: 政府信息公开申请 ... 依申请公开件.
REQUEST_NOUNS = (
    "政府信息公开申请", "政府信息依申请公开申请", "信息公开申请", "公开政府信息申请", "依申请公开政府信息申请",
    "依申请公开申请", "依申请公开事项", "依申请公开件", "申请公开事项", "公开申请",
)
#: The same, and 依申请公开 alone (“共受理依申请公开9件”, “政府信息依申请公开1499件”).
REQUEST_SUBJECT = alt((*REQUEST_NOUNS, "政府信息依申请公开", "依申请公开政府信息", "依申请公开"))
#: A request subject a verb of receiving takes, 申请 or 事项 among them (“收到申请41件”).
RECEIVED_NOUN = alt((*REQUEST_NOUNS, "依申请公开", "申请", "事项"))
#: Words that say a text is about 政府信息公开 or 依申请公开.
GIK = re.compile(r"信息公开|依申请|申请公开")
#: Any naming of the requests: the subject said once for the sentences after it.
REQUESTS_NAMED = re.compile(r"信息公开申请|依申请公开|公开政府信息申请|申请公开事项|公开申请")

CASE_REVIEW, CASE_SUIT = "行政复议", "行政诉讼"
_BOTH_CASES_WORDS = r"行政复议(?:案件|案)?(?:和|、|及|与|以及|或)(?:被提起|提起|被)?行政诉讼"
BOTH_CASES = _BOTH_CASES_WORDS + r"(?:案件|案)?"
#: Which cases an outcome is about: both, one, or one kind of 行政诉讼 (a part of its sum); the
#: bare 复议 and 诉讼 once the other kind is named (“行政复议7件，诉讼9件”).
CASE_KIND = re.compile(rf"{_BOTH_CASES_WORDS}|行政复议|行政诉讼|复议后起诉|直接起诉")
ONE_SUIT_KIND = re.compile(r"复议后起诉|直接起诉")

NORMATIVE, REGULATION = r"(?:行政规范性文件|规范性文件)", r"(?:政府规章|规章)"
#: The documents a bare “废止1件” may refer back to.
DOCUMENTS = re.compile(r"规范性文件|规章")

# Verbs ------------------------------------------------------------------------

#: Verbs of receiving requests; 新收 counts the new ones alone.
RECEIVING_VERBS = ("新收", "收到", "受理", "接收", "接到", "收")
RECEIVING = alt(RECEIVING_VERBS)
#: The same without 收 alone, for orders without the subject right after the verb: “回收30份” is no request.
RECEIVING_WITHOUT_SUBJECT = alt(RECEIVING_VERBS[:-1])
#: Verbs of settling requests: the 办理结果 total.
DONE_VERBS = ("办结", "办理完毕", "处理完毕", "完成办理", "答复办结", "答复完毕", "答复", "办理答复", "已答复")
#: Verbs of carrying requests into next year, and how next year is said.
CARRY_VERBS = ("结转", "转入", "转", "顺延", "延期", "延续")


def next_year(group: str) -> str:
    """Next year, as 下年度 or as a year written out (in ``group``: “结转2026年”)."""
    return rf"(?:下一?年度?|(?P<{group}>20\d\d)\s*+年度?)"


#: Verbs of requests still open at the year's end: carried into next year.
PENDING_VERBS = ("正在办理", "正在处理", "尚在办理", "仍在办理", "尚在处理", "仍在处理", "办理中", "正在答复")
ISSUE = r"(?:制发|制定|印发|出台)(?:发布|印发|出台)?了?\s*+"
REPEAL_WORDS = ("废止", "作废", "废除")
REPEAL = rf"(?:{'|'.join(REPEAL_WORDS)})了?\s*+"
IN_FORCE = r"现行有效的?\s*+"
DOCUMENT_VERBS = r"(?:制定|制发|出台|印发|废止|废除|作废|修订|修改|更新|清理)"

# Frames -----------------------------------------------------------------------

#: Words allowed between a noun and its figure: "申请共计 47 件", "申请数量为 47 件".
THEN = r"(?:数量|总数|总量|件数)?\s*+(?:共计|合计|总计|累计|共|计|为|达到|达|是)?\s*+"
#: What may stand before a figure's phrase in its clause: a verb or a connective, not a
#: qualifier ("涉企行政处罚", "其中自然人新收38件" are parts of the whole).
LEADS = ("其中", "作出", "做出", "办理", "办结", "实施", "公开", "发布", "产生", "受理", "共计", "累计",
         "共", "全年", "本年度", "本年", "年度", "年", "此外", "另有", "另", "和", "及", "与", "、", "以及",
         "剩余", "尚有", "剩下", "还有", "其余")
#: Words that may stand before an outcome or an applicant in its clause besides :data:`LEADS`:
#: "因本机关不掌握等原因无法提供12件" (all the reasons of a group), "依法予以公开", "均已办结".
RESULT_LEADS = ("等原因", "等情形", "等情况", "依法", "答复", "决定", "已", "均", "按时")
#: A part of what came before: "（含上年结转3件）", "，包括上年结转信息公开申请30件".
FILL = r"[^，,。；;\d（）()]{0,8}?"
INCLUDING_CARRIED = (rf"\s*+[（(，,]?\s*+(?P<carried_words>(?:含|包括|其中)\s*+{FILL}(?:上年|上一年|去年)"
                     rf"{FILL}结转{FILL}{num('carried')}件)\s*+[）)]?")
#: Words that distribute one figure over several kinds, or several figures in order.
EACH = r"(?:均为|均是|均|各为|各)"
RESPECTIVELY = r"分别(?:为|是)?"
#: A share after a count: "，占44.7%", "，占比19.1%", "（占全部办结数的44.7%）".
#: Optional: without it the group is unset and the share is not claimed.
PCT = (r"(?:\s*+[，,（(]?\s*+(?:占(?:比)?(?:全部|总数|总量|办结总数|办理总数|申请总数|办结数|总件数)?(?:的)?"
       r"(?:比例|比重)?(?:为|是|达)?|比例为|占比为?)\s*+(?P<pct>\d++(?:\.\d++)?+)\s*+%)?")

# Disqualifiers ----------------------------------------------------------------

#: Words after a figure that make it round or bounded ("40余件", "50件左右").
APPROX_AFTER = re.compile(r"\s*+(?:余|多|来|左右|以上|以下|上下|(?:件|份|项|个|条|起|宗|人次)\s*+(?:左右|上下))")
#: Words before a figure that make it round or bounded ("约40件", "超过40件").
APPROX_BEFORE = ("约", "近", "超过", "超", "逾", "不足", "不到", "不少于", "至少", "多于", "少于",
                 "不超过", "上百", "近百", "若干", "大约", "将近")
#: Phrases that put a figure in a year: another (1), last year or earlier, or a comparison
#: with it (2), this one (3). The last one before the figure counts.
PERIOD = re.compile(r"(20\d\d)\s*年(?!\d)|(上一?年度?(?!度?结转)|去年|前年|同期|往年|历年|同比|较上年|比上年|环比)"
                    r"|(本年|今年|全年|年内)")
#: How far before a figure the end of the text changes a match of :data:`PERIOD`
#: (“上一年度” and its lookahead; “2024年” also reaches over the spaces before 年).
PERIOD_REACH, PERIOD_LOOKAHEAD = 8, 3
#: Phrases that put a figure on a wider or narrower scope than the body's own report.
SCOPE = re.compile(r"全县|全市|全区|全省|全州|全旗|全镇|全乡|各部门|各乡镇|各街道|各单位|各级|所属|下属|系统内")
#: Those of :data:`SCOPE` that hold for the rest of the sentence: “全区受理……255件，办结255件”
#: sums the offices twice; “各级领导高度重视，全年共收到申请5件” is the body's own figure.
WIDE_SCOPE = re.compile(r"全县|全市|全区|全省|全州|全旗|全镇|全乡|各部门|各乡镇|各街道|各职能部门")
#: Words of the reviewing body, or of one kind or outcome of the cases (see ``not_by_the_reviewer``).
REVIEWER = re.compile(
    r"办理|审理|受理|收到|接到|接收|办结|承办|复议机关|作为|起诉|复议后|维持|纠正|败诉|胜诉|撤销|审结|其他结果"
)
#: Words that make the body the reviewing body ("全年办理行政复议案件120件，其中维持100件").
REVIEWING = re.compile(r"办理|审理|受理|收到|接到|接收|办结|承办|复议机关|作为")
#: A count of published items: "公开信息 2 条", "发布政府信息139条".
ITEM_COUNT = re.compile(r"信息\s*+(?:\d++|[一二三四五六七八九十百千万两〇零]++)\s*+条")
#: Other things received than requests for information.
NOT_REQUESTS = re.compile(r"复议|诉讼|许可|信访|投诉|举报|建议|提案|咨询")
#: Other matters whose requests or cases a sentence may count ("收到行政复议申请2件，办结2件").
OTHER_MATTERS = re.compile(r"复议|诉讼|许可|信访|投诉|举报|建议|提案|咨询|政务服务|热线|留言|工单")
SOME_APPLICANTS = re.compile(r"自然人|公民|个人|法人|企业|组织|机构")
ALL_APPLICANTS = re.compile(r"(?:公民|自然人)[、，,和及与]*法人(?:和|或|及|、)其他组织")
#: Words that may stand between 收到 and 申请 without changing what is counted ...
REQUEST_WORDS = re.compile(
    r"政府信息公开|信息公开|依申请公开|依申请|政府信息|公开|并办理|和办理|并处理|和处理|办理|处理"
    r"|社会公众|群众|公众|各类|各种|有关|相关|书面|共计|共|了|的|\s"
)
#: ... and those that may stand there when the words do not say 信息公开 or 依申请.
BARE_WORDS = re.compile(r"并办理|和办理|并处理|和处理|共计|共|了|的|\s")

# Denials ----------------------------------------------------------------------

#: Denials of receiving: “未收到”, “没有受理”, “均未收到”, “尚未接到”.
NO_RECEIVING = r"(?:均未|尚未|未|没有)(?:收到|受理|接到|接收|收)"
#: Denials that cases happened: “未发生因……”, “无因……”, “没有因……”, “未因……引发”.
DENY_CASES = r"(?:未发生|没有发生|未出现|没有出现|未被|没有被|未因|无因|没有因|未有因|均未发生)"
NOT_ISSUING = ("未制定", "未制发", "未出台", "未印发", "没有制定", "未发布")
NOT_ISSUED = rf"(?:{'|'.join(NOT_ISSUING)})(?P<verbs>(?:\s*+[、和及或与]\s*+{DOCUMENT_VERBS})*+)\s*+(?:了)?\s*+"
#: After “未发生……行政诉讼”: an outcome, so the cases did happen ("未发生行政诉讼败诉").
OUTCOME_AFTER = re.compile(r"[^，,]{0,8}?(?:被|败诉|纠正|纠错|撤销|结果|中)")

# Outcomes, reasons, applicants (from the spec) ----------------------------------------


def _result_words(key: str) -> tuple[str, ...]:
    """How prose names an outcome of table 3: the spec's heading without its numbering and note."""
    row = spec.T3.row(T3_OUTCOMES[key][0])
    heading = row.path[1]
    return (heading.partition("）")[2].partition("（")[0],)


#: The outcomes, by quantity key: the spec's words first, then synonyms.
OUTCOME_WORDS: dict[str, tuple[str, ...]] = {key: _result_words(key) for key in T3_OUTCOMES}
OUTCOME_WORDS["granted"] += ("同意公开", "全部公开")
OUTCOME_WORDS["unable"] += ("不能提供",)
OUTCOME_WORDS["granted_and_partial"] = tuple(
    f"{a}{j}{b}" for a in OUTCOME_WORDS["granted"] for j in ("及", "和", "与", "、")
    for b in OUTCOME_WORDS["partial"]
)
#: The single outcomes a list may name (“予以公开、部分公开分别为21件、4件”).
SINGLE_OUTCOMES = tuple(k for k in OUTCOME_WORDS if k != "granted_and_partial")

#: Reasons prose names instead of an outcome's group, by table-三 row: the spec's label
#: without its numbering, then the ways reports shorten it (“信息不存在”, “重复申请”).
REASON_WORDS: dict[str, tuple[str, ...]] = {
    row.key: (row.path[2].partition(".")[2],)
    for rows in T3_OUTCOMES.values() if len(rows) > 1 for row in map(spec.T3.row, rows)
    if row.path[2].partition(".")[2] != "其他"
}
REASON_WORDS["unable_not_held"] += ("政府信息不存在", "信息不存在", "本机关不掌握", "不掌握相关政府信息")
REASON_WORDS["unable_needs_making"] += ("需要另行制作",)
REASON_WORDS["deny_safety"] += ("危及三安全一稳定",)
REASON_WORDS["other_no_amend"] += ("逾期不补正",)
REASON_WORDS["other_no_fee"] += ("逾期未缴纳费用", "逾期未按收费通知要求缴纳费用")

APPLICANT_WORDS: dict[str, tuple[str, ...]] = {
    key: (spec.T3.col(cols[0]).path[1] if len(cols) > 1 else spec.T3.col(key).label,)
    for key, cols in T3_APPLICANTS.items()
}
APPLICANT_WORDS["legal"] += tuple(APPLICANT_WORDS["legal"][0].replace("或", w) for w in ("和", "及"))
#: The outcomes of table 4, by key: the spec's label, the same without 结果, then synonyms.
CASE_OUTCOME_WORDS: dict[str, tuple[str, ...]] = {
    o: tuple(dict.fromkeys((label, label.removeprefix("结果")))) for o, label in spec.T4_OUTCOMES if o != "total"
}
CASE_OUTCOME_WORDS["corrected"] += ("被纠错", "纠错", "被纠正")
CASE_OUTCOME_WORDS["pending"] += ("未审结", "正在审理")

#: The verbs that say which requests a figure counts; the last one before an applicant names them.
REQUEST_VERB = re.compile(r"新收|收到|受理|接收|接到|结转|办结|办理完毕|答复|予以公开|部分公开|不予公开"
                          r"|无法提供|不予处理|其他处理")
RECEIVED_VERBS = frozenset(["新收", "收到", "受理", "接收", "接到"])
