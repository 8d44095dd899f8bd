"""The grammar's productions: the orders in which real sentences combine its parts.

Each :class:`Pattern` is one production: an order of parts from
:mod:`gikxl.checks.figures.words` (a verb, a subject, a frame, a number and its
counter), what a match says (:class:`~gikxl.checks.figures.conditions.Says`: the group
holding the figure and the quantities it may equal), the conditions a match must meet
to count, and its priority. A new phrasing is a new word in a part far more often than
a new production: “共收到12份……申请” is the counter 份, “全年收……申请” the verb 收,
“收到依申请公开件40件” the subject 依申请公开件.

The orders
    * verb, subject, figure: “收到政府信息公开申请41件”, “办结申请47件”, “结转上年度申请3件”;
    * verb, figure, subject: “收到1件政府信息公开申请”;
    * verb and figure, the subject said before (in the sentence, the paragraph or the
      section): “……依申请公开工作。共收到37件”;
    * subject, figure: “依申请公开政府信息共4件”, “上年结转3件”;
    * figure, verb: “3件结转下年度”, “21件予以公开”;
    * a whole and its parts in brackets or after a comma: “答复120件（含上年度结转申请8件，
      另有15件顺延到下年度答复）”;
    * several kinds, then 分别 and as many figures, or 均 and one: “予以公开、部分公开分别为
      21件、4件”, “行政复议、行政诉讼均为0件”;
    * a denial over a subject: “未收到依申请公开件”, “无因政府信息公开申请提出的行政复议”.

Every expression runs in linear time on long text: its alternations are of literal
words, its gaps are bounded ({0,20}), quantifiers next to one another never match the
same characters (numbers and spaces are possessive, and a number is never started
inside a run of digits), and what a condition asks about the text before a figure is
answered from one scan of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from gikxl import spec
from gikxl.checks.figures.conditions import (
    Condition,
    Says,
    a_whole_result,
    after_normative,
    after_regulation,
    after_review,
    after_suit,
    also_repealed,
    counts_requests,
    disclosure_said,
    disclosure_said_by_end,
    every_applicant,
    in_request_text,
    names_review,
    names_suit,
    names_the_requests,
    next_year_is_next,
    no_other_matters,
    no_outcome_after,
    not_after_all_applicants,
    not_by_the_reviewer,
    not_published_items,
    not_the_reviewers_cases,
    of_requests_received,
    only_disclosure_requests,
    requests_in_context,
    review_named,
    review_named_before,
    says_new,
    says_received,
    slot_names,
    suit_named,
    unqualified,
)
from gikxl.checks.figures.numbers import num
from gikxl.checks.figures.words import (
    APPLICANT_WORDS,
    BOTH_CASES,
    CARRY_VERBS,
    CASE_OUTCOME_WORDS,
    CASE_UNIT,
    DENY_CASES,
    DOC_UNIT,
    DONE_VERBS,
    EACH,
    IN_FORCE,
    INCLUDING_CARRIED,
    ISSUE,
    NO_RECEIVING,
    NORMATIVE,
    NOT_ISSUED,
    NOT_ISSUING,
    OUTCOME_WORDS,
    PCT,
    PENDING_VERBS,
    REASON_WORDS,
    RECEIVED_NOUN,
    RECEIVING,
    RECEIVING_VERBS,
    RECEIVING_WITHOUT_SUBJECT,
    REGULATION,
    REPEAL,
    REPEAL_WORDS,
    REQUEST_SUBJECT,
    RESPECTIVELY,
    SINGLE_OUTCOMES,
    THEN,
    UNIT,
    alt,
    next_year,
)

# Priorities, lower first. The families rank requests, cases, documents, decisions (so
# “行政复议共3件结转下年度” is read as requests carried over). A family's denials rank after
# its figures, so that a figure written inside “未收到……申请” or “未发生……行政复议” is read
# as written. (“未制定……” needs no rank of its own: it starts before, so wins over, the
# “制定……N件” inside it.)
REQUESTS, NO_REQUESTS, CASES, NO_CASES, DOCUMENTS, DECISIONS = range(6)


@dataclass(frozen=True)
class Pattern:
    """One phrasing family: how it is written, what it says, and when it counts."""

    name: str
    priority: int
    """Lower wins an overlap: :data:`REQUESTS` ... :data:`DECISIONS`."""
    example: str
    """A phrase it reads, stating every figure of :attr:`says`."""
    regex: str
    says: tuple[Says, ...]
    conditions: tuple[Condition, ...] = ()
    """All must hold for a match to count."""
    words: tuple[str, ...] = ()
    """Words one of which every match holds (``tests/test_checks_words.py`` proves it from the
    expression): a sentence with none of them is not searched. ``()``: every sentence is."""

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """:attr:`regex`, compiled (once: the table is built at import, compiled on first use)."""
        return re.compile(self.regex)

    def may_match(self, text: str) -> bool:
        """Whether ``text`` holds one of :attr:`words`: else it holds no match.

        Compiling the expressions is most of what reading costs in a fresh
        process (a set of Chinese characters takes Python's compiler long);
        the expression of a family a text never writes is not compiled at all.
        """
        return not self.words or any(w in text for w in self.words)



#: What may follow a figure whose subject was said before: the end of a clause, not a noun
#: the figure would count instead (“收到248条网民留言”).
_CLAUSE_END = r"(?=[，,。；;、:：（()）\s]|$)"
_RECEIVED = (rf"(?P<verb>{RECEIVING})(?P<gap>[^，,。；;、:：\d（）()]{{0,20}}?)(?P<noun>{RECEIVED_NOUN})"
             rf"{THEN}{num()}{UNIT}")
_DOC_FIGURE = rf"{THEN}{num()}{DOC_UNIT}"
_DONE = alt(DONE_VERBS)
_CARRY = rf"{alt(CARRY_VERBS)}(?:至|到)?"


def _decisions(word: str) -> str:
    return rf"{word}(?:决定|案件|办件|措施)?(?:数量)?(?:共|为|达|计)?\s*+{num()}(?:件|个|条)"


def _list_of(words: str, count: int) -> str:
    """``count`` to three kinds named by ``words``, in groups ``k1`` ...: “予以公开、部分公开、不予公开”."""
    more = "".join(rf"(?:[、和及与]\s*+(?P<k{i}>{words}))" + ("?" if i > count else "") for i in range(2, 4))
    return rf"(?P<k1>{words}){more}"


def _slots(keys: tuple[str, ...], words: dict[str, tuple[str, ...]], each: bool) -> tuple[Says, ...]:
    """What a list says: the kind in slot ``ki`` equals figure ``ni`` (or, after 均, ``n1``)."""
    return tuple(Says((key,), figure="n1" if each else f"n{i}", when=slot_names(f"k{i}", key, words[key]))
                 for i in range(1, 4) for key in keys)


_OUTCOME_LIST = _list_of(alt([w for k in SINGLE_OUTCOMES for w in OUTCOME_WORDS[k]]), 2)
_RESULTS = (in_request_text, a_whole_result, no_other_matters)
_REQUESTS = (in_request_text, counts_requests)
_REQUEST_PARTS = (in_request_text, unqualified)
_CASES = (disclosure_said, not_by_the_reviewer)

#: Every production, one entry per order of parts (and per outcome, applicant, case outcome).
PATTERNS: tuple[Pattern, ...] = (
    # 收到申请 -----------------------------------------------------------------
    Pattern(
        "received-including-carried", REQUESTS,
        example="全年共收到政府信息公开申请41件（含上年结转3件）",
        regex=_RECEIVED + INCLUDING_CARRIED,
        words=RECEIVING_VERBS,
        says=(Says(("new_and_carried",)), Says(("carried",), figure="carried", words="carried_words")),
        conditions=(*_REQUESTS, says_received),
    ),
    Pattern(
        "received-new", REQUESTS,
        example="本年新收政府信息公开申请38件",
        regex=_RECEIVED,
        words=RECEIVING_VERBS,
        says=(Says(("new",)),),
        conditions=(*_REQUESTS, says_new),
    ),
    Pattern(  # without 新收 or 上年结转 the figure may count the carried requests too
        "received", REQUESTS,
        example="全年共收到政府信息公开申请45件",
        regex=_RECEIVED,
        words=RECEIVING_VERBS,
        says=(Says(("new", "new_and_carried")),),
        conditions=(*_REQUESTS, says_received),
    ),
    Pattern(  # the figure before the subject
        "received-figure-first", REQUESTS,
        example="本年度收到1件政府信息公开申请",
        regex=rf"(?P<verb>{RECEIVING_WITHOUT_SUBJECT})了?{THEN}{num()}{UNIT}(?:的)?(?P<noun>{RECEIVED_NOUN})",
        words=RECEIVING_VERBS,
        says=(Says(("new", "new_and_carried")),),
        conditions=(in_request_text, unqualified, no_other_matters, names_the_requests),
    ),
    Pattern(  # the subject said before: in the sentence, the paragraph or the section
        "received-subject-before", REQUESTS,
        example="依申请公开方面，本年度共收到37件",
        regex=rf"(?P<verb>{RECEIVING_WITHOUT_SUBJECT}){THEN}{num()}{UNIT}{_CLAUSE_END}",
        words=RECEIVING_VERBS,
        says=(Says(("new", "new_and_carried")),),
        conditions=(requests_in_context, unqualified, no_other_matters),
    ),
    Pattern(  # the subject, then the figure
        "requests-stated", REQUESTS,
        example="依申请公开政府信息共4件",
        regex=rf"{REQUEST_SUBJECT}{THEN}{num()}{UNIT}{_CLAUSE_END}",
        words=("申请",),
        says=(Says(("new", "new_and_carried")),),
        conditions=(in_request_text, unqualified, no_other_matters, not_published_items),
    ),
    Pattern(
        "new", REQUESTS,
        example="依申请公开方面，本年新收47件",
        regex=rf"(?:本年|本年度)?新收{THEN}{num()}件",
        words=("新收",),
        says=(Says(("new",)),),
        conditions=_REQUEST_PARTS,
    ),
    Pattern(  # either word order: 上年结转 …, 结转上年度 …
        "carried", REQUESTS,
        example="本年度新收政府信息公开申请47件，上年结转3件",
        regex=(rf"(?:(?:上一?年度?|去年)结转|结转(?:的)?(?:上一?年度?|去年))(?:的)?(?:{REQUEST_SUBJECT}|申请)?"
               rf"{THEN}{num()}件"),
        words=("结转",),
        says=(Says(("carried",)),),
        conditions=_REQUEST_PARTS,
    ),
    Pattern(  # either word order in one expression: a match in one order hides the other
        "carry-next", REQUESTS,
        example="共收到申请50件，办结47件，3件结转下年度办理",
        regex=(rf"{_CARRY}{next_year('year')}(?:继续办理|办理|答复)?(?:的)?(?:申请)?{THEN}{num()}件"
               rf"|{num('n_before')}件(?:申请)?{_CARRY}{next_year('year_after')}"),
        words=("转", "顺延", "延期", "延续"),
        says=(Says(("carry_next",), figure=("n", "n_before")),),
        conditions=(*_REQUEST_PARTS, next_year_is_next),
    ),
    Pattern(
        "none-received", NO_REQUESTS,
        example="本年度未收到政府信息公开申请",
        regex=(rf"{NO_RECEIVING}[^。；;，,]{{0,30}}?(?:信息公开|依申请|申请公开|公开政府信息)[^。；;，,]{{0,10}}?"
               r"(?:申请|事项|件|公开(?=[。；;，,]|$))"),
        words=("未", "没有"),
        says=(Says(("new",), figure=0),),
        conditions=(in_request_text, only_disclosure_requests, every_applicant),
    ),
    # 行政复议、行政诉讼 ----------------------------------------------------------
    Pattern(
        "review-and-suit-each", CASES,
        example="政府信息公开行政复议、行政诉讼各0件",
        regex=rf"{BOTH_CASES}{EACH}\s*+{num()}{CASE_UNIT}",
        words=("行政复议",),
        says=(Says(("review",)), Says(("suit",))),
        conditions=_CASES,
    ),
    Pattern(
        "review-and-suit-respectively", CASES,
        example="因政府信息公开被申请行政复议和行政诉讼分别为2件、1件",
        regex=rf"{BOTH_CASES}{RESPECTIVELY}\s*+{num('review')}{CASE_UNIT}[、和,，]\s*+{num('suit')}{CASE_UNIT}",
        words=("行政复议",),
        says=(Says(("review",), figure="review"), Says(("suit",), figure="suit")),
        conditions=_CASES,
    ),
    Pattern(
        "review", CASES,
        example="因政府信息公开工作被申请行政复议三起",
        regex=rf"行政复议(?:案件|申请)?{THEN}{num()}{CASE_UNIT}",
        words=("行政复议",),
        says=(Says(("review",)),),
        conditions=_CASES,
    ),
    Pattern(
        "suit", CASES,
        example="因政府信息公开被提起行政诉讼1件",
        regex=rf"行政诉讼(?:案件)?{THEN}{num()}{CASE_UNIT}",
        words=("行政诉讼",),
        says=(Says(("suit",)),),
        conditions=_CASES,
    ),
    Pattern(  # the second kind named bare: 行政复议7件，诉讼9件
        "suit-bare", CASES,
        example="因政府信息公开被申请行政复议7件，诉讼9件",
        regex=rf"(?<!行政)(?<!复议后)(?:诉讼|起诉)(?:案件)?{THEN}{num()}{CASE_UNIT}",
        words=("诉讼", "起诉"),
        says=(Says(("suit",)),),
        conditions=(*_CASES, review_named_before),
    ),
    Pattern(
        "no-review-or-suit", NO_CASES,
        example="全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况",
        regex=(rf"{DENY_CASES}[^。；;，,\d]{{0,20}}?(?P<kind>行政复议|行政诉讼)"
               r"(?:(?:案件|案)?(?:和|、|及|与|或|以及)(?:被申请|被提起|提起|被|引发|引起)?"
               r"(?P<other>行政复议|行政诉讼))?"),
        words=("行政复议", "行政诉讼"),
        says=(Says(("review",), figure=0, when=names_review), Says(("suit",), figure=0, when=names_suit)),
        conditions=(disclosure_said_by_end, no_outcome_after),
    ),
    # 规范性文件、规章 ----------------------------------------------------------
    Pattern(
        "normative-none-issued", DOCUMENTS,
        example="本年度未制定、废止行政规范性文件",
        regex=NOT_ISSUED + NORMATIVE,
        words=NOT_ISSUING,
        says=(Says(("normative_issued",), figure=0),
              Says(("normative_repealed",), figure=0, when=also_repealed)),
    ),
    Pattern(
        "regulation-none-issued", DOCUMENTS,
        example="本年度未制定、废止政府规章",
        regex=NOT_ISSUED + REGULATION,
        words=NOT_ISSUING,
        says=(Says(("regulation_issued",), figure=0),
              Says(("regulation_repealed",), figure=0, when=also_repealed)),
    ),
    Pattern(
        "normative-issued", DOCUMENTS,
        example="本年度制发行政规范性文件4件",
        regex=ISSUE + NORMATIVE + _DOC_FIGURE,
        words=("规范性文件",),
        says=(Says(("normative_issued",)),),
    ),
    Pattern(
        "regulation-issued", DOCUMENTS,
        example="本年度制定政府规章1件",
        regex=ISSUE + REGULATION + _DOC_FIGURE,
        words=("规章",),
        says=(Says(("regulation_issued",)),),
    ),
    Pattern(
        "normative-in-force", DOCUMENTS,
        example="现行有效行政规范性文件23件",
        regex=IN_FORCE + NORMATIVE + _DOC_FIGURE,
        words=("现行有效",),
        says=(Says(("normative_in_force",)),),
    ),
    Pattern(
        "regulation-in-force", DOCUMENTS,
        example="现行有效的政府规章5件",
        regex=IN_FORCE + REGULATION + _DOC_FIGURE,
        words=("现行有效",),
        says=(Says(("regulation_in_force",)),),
    ),
    Pattern(
        "normative-repealed", DOCUMENTS,
        example="废止规范性文件2件",
        regex=REPEAL + NORMATIVE + _DOC_FIGURE,
        words=("规范性文件",),
        says=(Says(("normative_repealed",)),),
    ),
    Pattern(
        "regulation-repealed", DOCUMENTS,
        example="废止规章1件",
        regex=REPEAL + REGULATION + _DOC_FIGURE,
        words=("规章",),
        says=(Says(("regulation_repealed",)),),
    ),
    Pattern(  # a bare “废止1件” refers to the documents named before it
        "normative-repealed-after", DOCUMENTS,
        example="本年度制发规范性文件四件，废止一件",
        regex=REPEAL + _DOC_FIGURE,
        words=REPEAL_WORDS,
        says=(Says(("normative_repealed",)),),
        conditions=(after_normative,),
    ),
    Pattern(
        "regulation-repealed-after", DOCUMENTS,
        example="本年度制定规章2件，废止1件",
        regex=REPEAL + _DOC_FIGURE,
        words=REPEAL_WORDS,
        says=(Says(("regulation_repealed",)),),
        conditions=(after_regulation,),
    ),
    # 行政许可、行政处罚、行政强制 ------------------------------------------------
    Pattern(
        "permit", DECISIONS,
        example="全年作出行政许可决定1268件",
        regex=_decisions(spec.T2_PERMIT.row("permit").label),
        words=(spec.T2_PERMIT.row("permit").label,),
        says=(Says(("permit",)),),
        conditions=(unqualified, not_published_items),
    ),
    Pattern(
        "penalty", DECISIONS,
        example="全年作出行政处罚决定三百五十六件",
        regex=_decisions(spec.T2_ENFORCE.row("penalty").label),
        words=(spec.T2_ENFORCE.row("penalty").label,),
        says=(Says(("penalty",)),),
        conditions=(unqualified, not_published_items),
    ),
    Pattern(
        "coercion", DECISIONS,
        example="全年实施行政强制措施12件",
        regex=_decisions(spec.T2_ENFORCE.row("coercion").label),
        words=(spec.T2_ENFORCE.row("coercion").label,),
        says=(Says(("coercion",)),),
        conditions=(unqualified, not_published_items),
    ),
    Pattern(  # table 二's amount is in 万元; a figure in 元 is another unit and not read
        "fee-amount", DECISIONS,
        example="本年度收取行政事业性收费12.35万元",
        regex=(spec.T2_FEE.row("fee").label + r"(?:金额|收入|总额)?(?:共计|合计|共|为|计|达)?\s*+"
               r"(?P<n>\d++(?:\.\d++)?+)\s*+万元"),
        words=(spec.T2_FEE.row("fee").label,),
        says=(Says(("fee_amount",), amount=True),),
    ),
    # 办理结果 -----------------------------------------------------------------
    *(Pattern(
        f"result-{key}", REQUESTS,
        example=f"办结政府信息公开申请47件，其中{OUTCOME_WORDS[key][0]}21件，占44.7%",
        regex=(rf"{alt(OUTCOME_WORDS[key])}(?:答复)?(?:的|了)?(?:申请)?{THEN}{num()}{UNIT}{PCT}"
               rf"|{num('n_before')}{UNIT}(?:申请)?(?:依法|被)?{alt(OUTCOME_WORDS[key])}"),
        words=OUTCOME_WORDS[key],
        says=(Says((key,), figure=("n", "n_before")), Says((f"{key}_share",), figure="pct", percent=True)),
        conditions=_RESULTS,
    ) for key in OUTCOME_WORDS),
    *(Pattern(  # a reason instead of its group: one row of table 三
        f"reason-{key}", REQUESTS,
        example=f"办结申请47件，其中{REASON_WORDS[key][0]}2件",
        regex=(rf"(?:因|对|由于)?{alt(REASON_WORDS[key])}(?!等)(?:的|原因)?(?:{alt(OUTCOME_WORDS[group])})?(?:的)?"
               rf"(?:申请)?{THEN}{num()}{UNIT}"),
        words=REASON_WORDS[key],
        says=(Says((key,)),),
        conditions=(in_request_text, unqualified, no_other_matters),
    ) for group in ("deny", "unable", "ignore", "other_handling") for key in REASON_WORDS
      if key.startswith(group.partition("_")[0])),
    Pattern(
        "results-respectively", REQUESTS,
        example="办结申请50件，予以公开、部分公开分别为21件、4件",
        regex=(rf"{_OUTCOME_LIST}(?:的)?(?:申请)?{RESPECTIVELY}\s*+{num('n1')}{UNIT}[、，,和]\s*+{num('n2')}{UNIT}"
               rf"(?:[、，,和]\s*+{num('n3')}{UNIT})?"),
        words=("分别",),
        says=_slots(SINGLE_OUTCOMES, OUTCOME_WORDS, each=False),
        conditions=_RESULTS,
    ),
    Pattern(
        "results-each", REQUESTS,
        example="办结申请5件，不予公开、无法提供均为0件",
        regex=rf"{_OUTCOME_LIST}(?:的)?(?:申请)?{EACH}\s*+{num('n1')}{UNIT}",
        words=("均", "各"),
        says=_slots(SINGLE_OUTCOMES, OUTCOME_WORDS, each=True),
        conditions=_RESULTS,
    ),
    Pattern(  # a total, maybe with the carried requests in brackets after it
        "done", REQUESTS,
        example="共收到申请50件，办结47件（含上年结转3件），3件结转下年度办理",
        regex=(rf"{_DONE}(?:的)?(?:{REQUEST_SUBJECT}|申请)?{THEN}{num()}件"
               rf"(?:{INCLUDING_CARRIED})?"),
        words=("办结", "办理完毕", "处理完毕", "完成办理", "答复"),
        says=(Says(("done",)), Says(("carried",), figure="carried", words="carried_words")),
        conditions=_RESULTS,
    ),
    Pattern(
        "carry-next-pending", REQUESTS,
        example="共收到申请50件，办结47件，剩余3件正在办理",
        regex=(rf"(?:剩余|尚有|剩下|还有|其余)\s*+{num()}件(?:申请)?(?:正在|仍在|尚在|在|正|仍)(?:办理|处理|答复期)"
               rf"|{alt(PENDING_VERBS)}(?:的)?(?:申请)?{THEN}{num('n_after')}件"),
        words=("剩余", "尚有", "剩下", "还有", "其余", "办理", "处理", "答复"),
        says=(Says(("carry_next",), figure=("n", "n_after")),),
        conditions=(in_request_text, unqualified, no_other_matters),
    ),
    # 申请人 -------------------------------------------------------------------
    *(Pattern(
        f"applicant-{key}", REQUESTS,
        example=f"本年度新收政府信息公开申请47件，其中{APPLICANT_WORDS[key][0]}申请9件，占19.1%",
        regex=(rf"{alt(APPLICANT_WORDS[key])}(?:提出(?:的)?|的)?(?:申请)?{THEN}{num()}件{PCT}"),
        words=APPLICANT_WORDS[key],
        says=(Says((f"new_{key}", f"new_and_carried_{key}")),
              Says((f"new_{key}_share", f"new_and_carried_{key}_share"), figure="pct", percent=True)),
        conditions=(in_request_text, unqualified, no_other_matters, of_requests_received, not_after_all_applicants),
    ) for key in APPLICANT_WORDS),
    # 行政复议、行政诉讼的结果 ------------------------------------------------------
    *(Pattern(
        f"{case}-{o}", CASES,
        example=f"因政府信息公开被{verb}{word}4件，其中{CASE_OUTCOME_WORDS[o][0]}1件",
        regex=(rf"(?:{'|'.join(CASE_OUTCOME_WORDS[o])})(?:原(?:具体)?行政行为|原决定)?(?:的)?(?:案件)?"
               rf"{THEN}{num()}{CASE_UNIT}"),
        words=CASE_OUTCOME_WORDS[o],
        says=(Says((f"{case}_{o}",)),),
        conditions=(not_the_reviewers_cases, after_review if case == "review" else after_suit),
    ) for case, verb, word in (("review", "申请", "行政复议"), ("suit", "提起", "行政诉讼"))
      for o in spec.T4_OUTCOME_PARTS),
    Pattern(
        "all-upheld", CASES,
        example="因政府信息公开被申请行政复议、提起行政诉讼各1件，均获维持",
        regex=r"(?:均|全部|都)(?:获|被|予以|已|为|已被)?(?:法院|复议机关)?(?:判决|决定)?维持",
        words=("维持",),
        says=(Says(("review_not_upheld",), figure=0, when=review_named),
              Says(("suit_not_upheld",), figure=0, when=suit_named)),
        conditions=(not_the_reviewers_cases,),
    ),
    Pattern(
        "none-corrected", CASES,
        example="因政府信息公开被申请行政复议、提起行政诉讼各1件，均无被纠错",
        regex=r"(?:均无|均未|无|没有|未)被?(?:纠错|纠正)",
        words=("纠错", "纠正"),
        says=(Says(("review_corrected",), figure=0, when=review_named),
              Says(("suit_corrected",), figure=0, when=suit_named)),
        conditions=(not_the_reviewers_cases,),
    ),
    Pattern(  # nothing corrected, said as a denial: the cases may have happened, none was lost
        "none-corrected-denied", CASES,
        example="因政府信息公开未发生行政复议和行政诉讼被纠错的情况",
        regex=(r"(?:未发生|没有发生|未出现|没有出现)[^。；;，,\d]{0,20}?(?P<kind>行政复议|行政诉讼)"
               r"(?:[^。；;，,\d]{0,4}?(?P<other>行政复议|行政诉讼))?[^。；;，,\d]{0,12}?"
               r"(?:被纠错|被纠正|败诉|被撤销)"),
        words=("行政复议", "行政诉讼"),
        says=(Says(("review_corrected",), figure=0, when=names_review),
              Says(("suit_corrected",), figure=0, when=names_suit)),
        conditions=(disclosure_said_by_end,),
    ),
    Pattern(
        "all-settled", CASES,
        example="因政府信息公开被申请行政复议、提起行政诉讼各1件，均已审结",
        regex=r"(?:均已|已全部|全部|均)审结|无尚未审结",
        words=("审结",),
        says=(Says(("review_pending",), figure=0, when=review_named),
              Says(("suit_pending",), figure=0, when=suit_named)),
        conditions=(not_the_reviewers_cases,),
    ),
)
