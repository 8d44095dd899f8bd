"""The 2021 official format of the annual report, declared once.

Everything else — the template builder, the reader, the schemas and checks,
the Word/HTML/Markdown tables — is derived from the objects in this module.
Labels are the official ones from 国办公开办函〔2021〕30号; nothing outside
this file types a label, a row count or a defined name of a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FORMAT_YEAR = 2021
#: Bumped whenever the workbook layout changes; stored in every workbook as
#: the defined name ``gik_template`` so the reader refuses foreign layouts.
TEMPLATE_VERSION = "gikxl-2021.1"
TEMPLATE_NAME = "gik_template"
#: Report years the template accepts: the 2021 format applies from report year 2021 on.
REPORT_YEARS = range(FORMAT_YEAR, 2101)
#: The report's name; its title is ``<机关名称><年度>年`` followed by it.
REPORT_NAME = "政府信息公开工作年度报告"
#: Key of the 总计 row or column of a block (table 四: the last part of each group's key).
_TOTAL = "total"


# Axes -------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One row or column of a table: a stable ASCII key and its official label path.

    The path runs from the outermost header to the item's own label, e.g.
    ``("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")``. Header
    cells, merges, rowspans and colspans are all derived from these paths.
    """

    key: str
    path: tuple[str, ...]

    @property
    def label(self) -> str:
        """The item's own (innermost) label."""
        return self.path[-1]


@dataclass(frozen=True)
class Total:
    """A derived item: ``target`` is the sum of ``parts`` along one axis."""

    axis: Literal["row", "col"]
    target: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A rectangular block of figures with its own defined name ``gik_<key>``."""

    key: str
    rows: tuple[Item, ...]
    cols: tuple[Item, ...]
    kind: Literal["count", "money"] = "count"
    totals: tuple[Total, ...] = ()
    #: A heading row printed above the block (table 2's 第二十条第（X）项).
    heading: str = ""

    @property
    def name(self) -> str:
        """The workbook-scoped defined name of the block."""
        return f"gik_{self.key}"

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.cols)

    def row(self, key: str) -> Item:
        return next(r for r in self.rows if r.key == key)

    def col(self, key: str) -> Item:
        return next(c for c in self.cols if c.key == key)

    def col_name(self, key: str) -> str:
        """A column as a sentence names it: its own label where no other column of the
        block has that label (``商业企业``), else its whole label path joined by ``·``
        (``行政诉讼·复议后起诉·结果维持``)."""
        col = self.col(key)
        if sum(c.label == col.label for c in self.cols) == 1:
            return col.label
        return "·".join(col.path)

    def is_derived(self, row: str, col: str) -> bool:
        """Whether a cell is a total (a formula in the template)."""
        return any(
            (t.axis == "row" and t.target == row) or (t.axis == "col" and t.target == col)
            for t in self.totals
        )


@dataclass(frozen=True)
class Table:
    """One of the official tables (二, 三, 四): a title, a note and its blocks."""

    number: int
    title: str
    blocks: tuple[Block, ...]
    sheet: str
    codename: str
    #: The official note printed in the corner above the row labels (table 三's 勾稽关系).
    note: str = ""
    #: Number of label columns on the left (0 for table 4).
    label_cols: int = 1

    @property
    def numeral(self) -> str:
        """The table's Chinese numeral (二, 三, 四), which begins its title."""
        return self.title.partition("、")[0]

    @property
    def stacked(self) -> bool:
        """Whether the table is several blocks one under another, each under its heading (table 二)."""
        return len(self.blocks) > 1

    @property
    def has_row_labels(self) -> bool:
        """Whether rows are labelled on the left (not table 四: its one row of figures is named by its columns)."""
        return self.label_cols > 0

    @property
    def nested_row_labels(self) -> bool:
        """Whether row labels nest over several columns (table 三); the innermost read left to right."""
        return self.label_cols > 1


# Table 2 ----------------------------------------------------------------

_CONTENT = "信息内容"
_DECISIONS = "本年处理决定数量"

T2_RULES = Block(
    key="t2_rules",
    heading="第二十条第（一）项",
    rows=(Item("regulation", ("规章",)), Item("normative", ("行政规范性文件",))),
    cols=(
        Item("issued", ("本年制发件数",)),
        Item("repealed", ("本年废止件数",)),
        Item("in_force", ("现行有效件数",)),
    ),
)
T2_PERMIT = Block(
    key="t2_permit",
    heading="第二十条第（五）项",
    rows=(Item("permit", ("行政许可",)),),
    cols=(Item("decisions", (_DECISIONS,)),),
)
T2_ENFORCE = Block(
    key="t2_enforce",
    heading="第二十条第（六）项",
    rows=(Item("penalty", ("行政处罚",)), Item("coercion", ("行政强制",))),
    cols=(Item("decisions", (_DECISIONS,)),),
)
T2_FEE = Block(
    key="t2_fee",
    heading="第二十条第（八）项",
    rows=(Item("fee", ("行政事业性收费",)),),
    cols=(Item("amount", ("本年收费金额（单位：万元）",)),),
    kind="money",
)
T2_CONTENT_LABEL = _CONTENT

TABLE2 = Table(
    number=2,
    title="二、主动公开政府信息情况",
    blocks=(T2_RULES, T2_PERMIT, T2_ENFORCE, T2_FEE),
    sheet="二、主动公开",
    codename="shT2",
)


# Table 3 ----------------------------------------------------------------

_RESULT = "三、本年度办理结果"
_DENY = "（三）不予公开"
_UNABLE = "（四）无法提供"
_IGNORE = "（五）不予处理"
_OTHER = "（六）其他处理"


def _rows3() -> tuple[Item, ...]:
    def grp(group: str, items: list[tuple[str, str]]) -> list[Item]:
        return [Item(k, (_RESULT, group, f"{i}.{label}")) for i, (k, label) in enumerate(items, 1)]

    return (
        Item("new", ("一、本年新收政府信息公开申请数量",)),
        Item("carried", ("二、上年结转政府信息公开申请数量",)),
        Item("granted", (_RESULT, "（一）予以公开")),
        Item("partial", (_RESULT, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
        *grp(_DENY, [
            ("deny_secret", "属于国家秘密"),
            ("deny_law", "其他法律行政法规禁止公开"),
            ("deny_safety", "危及“三安全一稳定”"),
            ("deny_third_party", "保护第三方合法权益"),
            ("deny_internal", "属于三类内部事务信息"),
            ("deny_process", "属于四类过程性信息"),
            ("deny_case_file", "属于行政执法案卷"),
            ("deny_inquiry", "属于行政查询事项"),
        ]),
        *grp(_UNABLE, [
            ("unable_not_held", "本机关不掌握相关政府信息"),
            ("unable_needs_making", "没有现成信息需要另行制作"),
            ("unable_unclear", "补正后申请内容仍不明确"),
        ]),
        *grp(_IGNORE, [
            ("ignore_petition", "信访举报投诉类申请"),
            ("ignore_repeat", "重复申请"),
            ("ignore_publication", "要求提供公开出版物"),
            ("ignore_mass", "无正当理由大量反复申请"),
            ("ignore_confirm", "要求行政机关确认或重新出具已获取信息"),
        ]),
        *grp(_OTHER, [
            ("other_no_amend", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other_no_fee", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other_other", "其他"),
        ]),
        Item(_TOTAL, (_RESULT, "（七）总计")),
        Item("carry_next", ("四、结转下年度继续办理",)),
    )


_APPLICANT = "申请人情况"
_LEGAL = "法人或其他组织"
T3_ROWS = _rows3()
T3_COLS = (
    Item("natural", (_APPLICANT, "自然人")),
    Item("business", (_APPLICANT, _LEGAL, "商业企业")),
    Item("research", (_APPLICANT, _LEGAL, "科研机构")),
    Item("nonprofit", (_APPLICANT, _LEGAL, "社会公益组织")),
    Item("legal_service", (_APPLICANT, _LEGAL, "法律服务机构")),
    Item("other", (_APPLICANT, _LEGAL, "其他")),
    Item(_TOTAL, (_APPLICANT, "总计")),
)
#: The 21 results of 三、本年度办理结果 whose sum is its （七）总计.
T3_RESULT_ROWS = tuple(r.key for r in T3_ROWS if r.path[0] == _RESULT and r.key != _TOTAL)
#: The six kinds of applicant whose sum is the 总计 column.
T3_APPLICANT_COLS = tuple(c.key for c in T3_COLS if c.key != _TOTAL)
#: The five kinds of 法人或其他组织 among them.
T3_LEGAL_COLS = tuple(c.key for c in T3_COLS if _LEGAL in c.path)

T3 = Block(
    key="t3",
    rows=T3_ROWS,
    cols=T3_COLS,
    totals=(
        Total("row", _TOTAL, T3_RESULT_ROWS),
        Total("col", _TOTAL, T3_APPLICANT_COLS),
    ),
)
#: The official 勾稽关系, per column: row 1 + row 2 = row 24 + row 25.
T3_BALANCE = (("new", "carried"), (_TOTAL, "carry_next"))
#: The 勾稽关系 as the official note words it.
T3_BALANCE_RULE = "第一项加第二项之和，等于第三项加第四项之和"

TABLE3 = Table(
    number=3,
    title="三、收到和处理政府信息公开申请情况",
    blocks=(T3,),
    sheet="三、依申请公开",
    codename="shT3",
    note=f"（本列数据的勾稽关系为：{T3_BALANCE_RULE}）",
    label_cols=3,
)


# Table 4 ----------------------------------------------------------------

T4_OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    (_TOTAL, "总计"),
)
#: The four outcomes whose sum is each group's 总计.
T4_OUTCOME_PARTS = tuple(o for o, _ in T4_OUTCOMES if o != _TOTAL)
#: The outcomes of the cases decided, the whole a 纠错率 is taken over (尚未审结 has no result yet).
T4_DECIDED = ("upheld", "corrected", "other")
_REVIEW = "行政复议"
_SUIT = "行政诉讼"
#: The three groups of five: (key prefix, label path above the outcomes).
T4_GROUPS = (
    ("review", (_REVIEW,)),
    ("suit_direct", (_SUIT, "未经复议直接起诉")),
    ("suit_after", (_SUIT, "复议后起诉")),
)
#: The group of 行政复议, and the groups of 行政诉讼 (未经复议直接起诉, 复议后起诉).
T4_REVIEW_GROUPS = tuple(g for g, path in T4_GROUPS if path[0] == _REVIEW)
T4_SUIT_GROUPS = tuple(g for g, path in T4_GROUPS if path[0] == _SUIT)
T4_COLS = tuple(
    Item(f"{g}_{o}", (*path, label)) for g, path in T4_GROUPS for o, label in T4_OUTCOMES
)
T4 = Block(
    key="t4",
    rows=(Item("count", ("件数",)),),
    cols=T4_COLS,
    totals=tuple(
        Total("col", f"{g}_{_TOTAL}", tuple(f"{g}_{o}" for o in T4_OUTCOME_PARTS))
        for g, _ in T4_GROUPS
    ),
)

TABLE4 = Table(
    number=4,
    title="四、政府信息公开行政复议、行政诉讼情况",
    blocks=(T4,),
    sheet="四、复议诉讼",
    codename="shT4",
    label_cols=0,
)

TABLES = (TABLE2, TABLE3, TABLE4)
BLOCKS: dict[str, Block] = {b.key: b for t in TABLES for b in t.blocks}
#: The same blocks by their defined name (``gik_t3``), as readers and findings meet them.
BLOCKS_BY_NAME: dict[str, Block] = {b.name: b for b in BLOCKS.values()}


# Basic facts and prose ----------------------------------------------------

LEVELS = (
    "乡镇（街道）",
    "县级人民政府",
    "县级部门",
    "设区的市级人民政府",
    "设区的市级部门",
    "省级人民政府",
    "省级部门",
    "其他",
)
#: Levels whose own rules may include 规章 (设区的市 and above).
LEVELS_MAKING_RULES = ("设区的市级人民政府", "省级人民政府")
#: Levels whose report is due by 31 March (a government's own report);
#: every other body publishes by 31 January.
LEVELS_DUE_MARCH = ("县级人民政府", "设区的市级人民政府", "省级人民政府")


@dataclass(frozen=True)
class Field:
    """One single-cell input: its defined name key, label, kind and hint."""

    key: str
    label: str
    kind: Literal["text", "level", "year", "date", "prose", "money"]
    hint: str = ""
    required: bool = True

    @property
    def name(self) -> str:
        return f"gik_{self.key}"


@dataclass(frozen=True)
class Sheet:
    """An input sheet that is not an official table: a list of fields."""

    name: str
    codename: str
    title: str
    fields: tuple[Field, ...]


INFO_SHEET = Sheet(
    name="基本信息",
    codename="shInfo",
    title="基本信息",
    fields=(
        Field("org", "机关名称", "text", "填写机关全称，如“××县××镇人民政府”。"),
        Field("level", "机关层级", "level", "从下拉列表中选择。"),
        Field("year", "报告年度", "year", "填写四位年份，如 2025。"),
        Field("date", "成文日期", "date", "报告落款日期，如 2026-01-20。"),
        Field(
            "intro", "开头段落（可选）", "prose",
            "报告标题下的引言，如依据《条例》编制本报告、数据统计期限等。可留空。",
            required=False,
        ),
        # Added after the layout's version was set, so older workbooks lack its name
        # (OPTIONAL_NAMES): the readers take a missing one as blank.
        Field(
            "signer", "落款单位（可选）", "text",
            "报告落款的发文机关，与机关名称不同时填写，如县政府的报告由“××县人民政府办公室”落款。留空则落款为机关名称。",
            required=False,
        ),
    ),
)

S1_SHEET = Sheet(
    name="一、总体情况",
    codename="shS1",
    title="一、总体情况",
    fields=(
        Field("s1_active", "（一）主动公开", "prose", "本年主动公开的渠道、数量和重点领域。"),
        Field("s1_request", "（二）依申请公开", "prose",
              "办理机制和特点。申请数量、办理结果等数字由表三自动生成，此处不必重复。"),
        Field("s1_manage", "（三）政府信息管理", "prose", "信息发布审核、规范性文件管理等。"),
        Field("s1_platform", "（四）政府信息公开平台建设", "prose", "网站、政务新媒体、公开专栏等平台建设。"),
        Field("s1_oversight", "（五）监督保障", "prose", "考核、培训、社会评议、责任追究等。"),
    ),
)

S5_SHEET = Sheet(
    name="五、问题改进",
    codename="shS5",
    title="五、存在的主要问题及改进情况",
    fields=(
        Field("s5_problems", "存在的主要问题", "prose", "本年度工作中存在的主要问题。"),
        Field("s5_improve", "改进情况", "prose", "针对上述问题的改进措施和下一步打算。"),
    ),
)

S6_SHEET = Sheet(
    name="六、其他事项",
    codename="shS6",
    title="六、其他需要报告的事项",
    fields=(
        Field("info_fee", "信息处理费（元）", "money",
              "本年度依《政府信息公开信息处理费管理办法》收取的信息处理费，单位为元；未收取填 0。"
              "注意：不是表二的行政事业性收费。"),
        Field("s6_other", "其他需要报告的事项", "prose",
              "如落实年度政务公开工作要点、人大代表建议和政协提案办理结果公开等情况。", required=False),
    ),
)

FORM_SHEETS = (INFO_SHEET, S1_SHEET, S5_SHEET, S6_SHEET)
FIELDS: dict[str, Field] = {f.key: f for s in FORM_SHEETS for f in s.fields}
#: The same fields by their defined name (``gik_year``).
FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS.values()}

#: The six official section titles, in order.
SECTION_TITLES = (
    S1_SHEET.title,
    TABLE2.title,
    TABLE3.title,
    TABLE4.title,
    S5_SHEET.title,
    S6_SHEET.title,
)

#: Sheet order in the workbook: facts, then the report's sections in order.
SHEET_ORDER: tuple[str, ...] = (
    INFO_SHEET.name, S1_SHEET.name, TABLE2.sheet, TABLE3.sheet, TABLE4.sheet,
    S5_SHEET.name, S6_SHEET.name,
)
CODENAMES: dict[str, str] = {
    **{s.name: s.codename for s in FORM_SHEETS},
    **{t.sheet: t.codename for t in TABLES},
}


@dataclass(frozen=True)
class Name:
    """A defined name of the contract (DESIGN.md) with its shape."""

    name: str
    shape: tuple[int, int]
    sheet: str
    optional: bool = False
    """A workbook may lack it (see :data:`OPTIONAL_NAMES`); its cells then read as blank."""


#: Defined names added to the layout without a new :data:`TEMPLATE_VERSION`: a workbook made
#: from an earlier template lacks them and is still read, the missing name as a blank cell.
#: Bumping the version would refuse every workbook already filled in for a field that is optional.
OPTIONAL_NAMES = frozenset({"gik_signer"})


def table_numbered(number: int) -> Table:
    """The official table ``number`` (2, 3 or 4)."""
    return next(t for t in TABLES if t.number == number)


def table_of(block: Block) -> Table:
    return next(t for t in TABLES if block in t.blocks)


def sheet_of_field(key: str) -> Sheet:
    return next(s for s in FORM_SHEETS if any(f.key == key for f in s.fields))


def defined_names() -> tuple[Name, ...]:
    """Every defined name of the contract, in a stable order."""
    names = [Name(f.name, (1, 1), sheet_of_field(f.key).name, f.name in OPTIONAL_NAMES) for f in FIELDS.values()]
    names += [Name(b.name, b.shape, table_of(b).sheet) for b in BLOCKS.values()]
    return tuple(names)
