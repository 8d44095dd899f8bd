"""The reports of the published-file corpus, as data: facts, prose and every table value.

``make_corpus.py`` renders each report into the files beside it (HTML pages, a Word file
and its PDF) and writes ``<file>.expected.json`` from the same data, so the expected
values and the rendered files cannot drift apart. Names of bodies are invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gikxl.spec import BLOCKS, T3_APPLICANT_COLS, T3_RESULT_ROWS

Cell = float | int | None


@dataclass
class Section:
    """One prose part: its heading as printed, its field key, and its paragraphs."""

    heading: str
    key: str
    paragraphs: list[str]


@dataclass
class Report:
    org: str
    year: int
    date: tuple[int, int, int]
    level: str | None
    signer: str | None
    intro: list[str]
    s1: list[Section]
    s5: list[Section]
    s6: list[str]
    info_fee: float | None
    tables: dict[str, list[list[Cell]]]
    #: Sub-sections the format does not name: heading -> field key it must be kept with.
    kept_with: dict[str, str] = field(default_factory=dict)

    @property
    def iso_date(self) -> str:
        y, m, d = self.date
        return f"{y:04d}-{m:02d}-{d:02d}"

    @property
    def cn_date(self) -> str:
        y, m, d = self.date
        return f"{y}年{m}月{d}日"

    @property
    def title(self) -> str:
        return f"{self.org}{self.year}年政府信息公开工作年度报告"


def t3_table(cells: dict[tuple[str, str], int], blank_zero: bool = False) -> list[list[Cell]]:
    """Table 三 with every total computed from the published figures (row/col keys of spec.py)."""
    block = BLOCKS["t3"]
    keys = {(r.key, c.key) for r in block.rows for c in block.cols}
    assert set(cells) <= keys, set(cells) - keys
    grid = {(r.key, c.key): cells.get((r.key, c.key), 0) for r in block.rows for c in block.cols}
    for col in T3_APPLICANT_COLS:
        grid["total", col] = sum(grid[r, col] for r in T3_RESULT_ROWS)
        grid["carry_next", col] = grid["new", col] + grid["carried", col] - grid["total", col]
        assert grid["carry_next", col] >= 0, col
    for row in block.rows:
        grid[row.key, "total"] = sum(grid[row.key, c] for c in T3_APPLICANT_COLS)
    return [[grid[r.key, c.key] for c in block.cols] for r in block.rows]


def t4_table(counts: dict[str, int]) -> list[list[Cell]]:
    """Table 四's one row, each group's 总计 computed."""
    row: list[Cell] = []
    for group in ("review", "suit_direct", "suit_after"):
        parts = [counts.get(f"{group}_{o}", 0) for o in ("upheld", "corrected", "other", "pending")]
        row += [*parts, sum(parts)]
    return [row]


def t2_tables(rules: list[list[Cell]], permit: Cell, penalty: Cell, coercion: Cell, fee: Cell) -> dict:
    return {
        "gik_t2_rules": rules,
        "gik_t2_permit": [[permit]],
        "gik_t2_enforce": [[penalty], [coercion]],
        "gik_t2_fee": [[fee]],
    }


def _long(pool: list[str], count: int, seed: int) -> list[str]:
    """``count`` paragraphs of four sentences each, drawn from ``pool`` in a fixed, varying order."""
    n = len(pool)
    return ["".join(pool[(seed + i * 5 + k * 7) % n] for k in range(4)) for i in range(count)]


# Report A: a town, published as a GBK page ---------------------------------------

BAIXI_2024 = Report(
    org="青石县白溪镇人民政府",
    year=2024,
    date=(2025, 1, 20),
    level="乡镇（街道）",
    signer=None,
    intro=[
        "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级政务公开工作部署编制。"
        "报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。如对本报告有疑问，请与白溪镇党政办公室联系。",
    ],
    s1=[
        Section("（一）主动公开", "s1_active", [
            "镇政府通过县政府门户网站白溪镇专栏、“白溪发布”微信公众号和村务公开栏发布信息。"
            "全年主动公开政府信息286条，其中财政预决算信息14条，惠农补贴信息37条，乡村振兴项目信息22条。",
        ]),
        Section("（二）依申请公开", "s1_request", [
            "严格执行受理、登记、审核、答复流程，全年收到政府信息公开申请4件，均在法定期限内答复。"
            "对申请人提出的问题，承办人员主动电话沟通，做好解释说明。",
        ]),
        Section("（三）政府信息管理", "s1_manage", [
            "坚持“先审查、后公开”和“一事一审”，拟公开信息经分管领导审签后发布。"
            "本年度对镇政府制发的行政规范性文件进行了集中清理，废止1件。",
        ]),
        Section("（四）政府信息公开平台建设", "s1_platform", [
            "完善白溪镇政务公开专区，在便民服务中心设置查阅点，配备自助查询终端一台。"
            "各村（社区）公开栏按季度更新。",
        ]),
        Section("（五）监督保障", "s1_oversight", [
            "将政务公开工作纳入各村（社区）年度目标考核，镇纪委对公开情况开展监督检查两次。",
        ]),
        Section("（六）教育培训", "s1_oversight", [
            "组织镇村两级信息员参加县政务公开培训三次，学习《条例》和公开目录编制要求。",
        ]),
    ],
    s5=[
        Section("（一）存在的主要问题", "s5_problems", [
            "一是部分村级公开栏更新不够及时；二是政策解读形式较为单一，图解、视频类解读偏少。",
        ]),
        Section("（二）改进情况", "s5_improve", [
            "下一步，镇政府将建立村级公开栏月度检查制度，增加图文解读，提高公开信息的可读性。",
        ]),
    ],
    s6=[
        "本年度未收取信息处理费。",
        "本镇按照县政务公开工作要点，完成基层政务公开标准目录的更新，并在政府网站公开。",
    ],
    info_fee=0,
    tables={
        **t2_tables([[None, None, None], [3, 1, 12]], permit=46, penalty=5, coercion=0, fee=0),
        "gik_t3": t3_table({
            ("new", "natural"): 3, ("new", "business"): 1,
            ("granted", "natural"): 2, ("unable_not_held", "natural"): 1,
            ("deny_third_party", "business"): 1,
        }),
        "gik_t4": t4_table({"review_upheld": 1}),
    },
    kept_with={"（六）教育培训": "s1_oversight"},
)


# Report B: a county department, UTF-8 page with the charset only in http-equiv ----

ZIRAN_2023 = Report(
    org="青石县自然资源局",
    year=2023,
    date=(2024, 1, 26),
    level="县级部门",
    signer=None,
    intro=[
        "根据《中华人民共和国政府信息公开条例》规定，现公布青石县自然资源局2023年政府信息公开工作年度报告。",
    ],
    s1=[
        Section("（一）主动公开", "s1_active", [
            "围绕国土空间规划、土地征收、矿产资源管理等重点领域，全年主动公开信息412条，"
            "发布征地预公告、征收土地公告共31批次。",
        ]),
        Section("（二）依申请公开", "s1_request", [
            "全年新收政府信息公开申请19件，上年结转2件，办结19件，结转下年度继续办理2件。",
        ]),
        Section("（三）政府信息管理", "s1_manage", [
            "落实公开属性源头认定，公文在拟稿时即明确主动公开、依申请公开或不予公开。",
        ]),
        Section("（四）政府信息公开平台建设", "s1_platform", [
            "依托县政府门户网站设置自然资源信息公开专栏，按目录归类发布，栏目更新及时。",
        ]),
        Section("（五）监督保障", "s1_oversight", [
            "局政务公开领导小组每季度听取工作汇报，对公开内容开展自查，发现问题即时整改。",
        ]),
    ],
    s5=[
        Section("（一）存在的主要问题", "s5_problems", [
            "依申请公开答复文书的规范性有待提高，个别答复援引条款不够准确。",
        ]),
        Section("（二）改进情况", "s5_improve", [
            "2024年将组织答复文书集中评查，编印常见申请答复参考样式，提高答复质量。",
        ]),
    ],
    s6=["本机关2023年度未收取信息处理费。无其他需要报告的事项。"],
    info_fee=0,
    tables={
        **t2_tables([[0, 0, 0], [2, 0, 7]], permit=128, penalty=17, coercion=2, fee=3.6),
        "gik_t3": t3_table({
            ("new", "natural"): 15, ("new", "business"): 3, ("new", "legal_service"): 1,
            ("carried", "natural"): 2,
            ("granted", "natural"): 6, ("partial", "natural"): 3, ("granted", "business"): 2,
            ("deny_process", "natural"): 1, ("unable_not_held", "natural"): 4,
            ("unable_not_held", "legal_service"): 1, ("ignore_repeat", "natural"): 1,
            ("other_no_amend", "business"): 1,
        }),
        "gik_t4": t4_table({"review_upheld": 2, "review_corrected": 1, "suit_direct_upheld": 1,
                            "suit_direct_pending": 1}),
    },
)


# Report C: a county government, GB18030 page with no meta at all -------------------

COUNTY_2024 = Report(
    org="青石县人民政府",
    year=2024,
    date=(2025, 3, 18),
    level="县级人民政府",
    signer="青石县人民政府办公室",
    intro=[
        "本报告由青石县人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制，"
        "内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。",
    ],
    s1=[
        Section("（一）主动公开", "s1_active", [
            "全县通过政府门户网站公开政府信息8641条，召开新闻发布会12场，"
            "㙟头村等28个行政村的村务信息实现网上公开。",
        ]),
        Section("（二）依申请公开", "s1_request", [
            "县政府本级全年新收政府信息公开申请36件，办理结果均已按时答复申请人。",
        ]),
        Section("（三）政府信息管理", "s1_manage", [
            "动态更新政府信息公开指南和目录，对县政府规范性文件实行统一登记、统一编号、统一发布。",
        ]),
        Section("（四）政府信息公开平台建设", "s1_platform", [
            "完成县政府门户网站集约化改造，政务新媒体纳入统一监管，关停整合账号5个。",
        ]),
        Section("（五）监督保障", "s1_oversight", [
            "将政务公开纳入县直部门和乡镇绩效考核，聘请社会评议员12名开展评议。",
        ]),
    ],
    s5=[
        Section("（一）存在的主要问题", "s5_problems", [
            "部分乡镇和部门对公开属性认定把握不准，重点领域信息公开的深度还不够。",
        ]),
        Section("（二）改进情况", "s5_improve", [
            "将开展公开属性认定专题培训，细化重点领域公开清单，加大督查通报力度。",
        ]),
    ],
    s6=[
        "本年度未收取信息处理费。",
        "县政府办公室按要求公开县人大代表建议和政协提案办理复文89件。",
    ],
    info_fee=0,
    tables={
        **t2_tables([[0, 0, 0], [11, 4, 63]], permit=2317, penalty=402, coercion=35, fee=126.42),
        "gik_t3": t3_table({
            ("new", "natural"): 29, ("new", "business"): 5, ("new", "nonprofit"): 1, ("new", "other"): 1,
            ("carried", "natural"): 3,
            ("granted", "natural"): 14, ("granted", "business"): 3, ("partial", "natural"): 4,
            ("deny_third_party", "natural"): 1, ("deny_internal", "business"): 1,
            ("unable_not_held", "natural"): 6, ("unable_unclear", "nonprofit"): 1,
            ("ignore_petition", "natural"): 2, ("ignore_publication", "other"): 1,
            ("other_other", "natural"): 1,
        }),
        "gik_t4": t4_table({"review_upheld": 3, "review_other": 1, "suit_after_upheld": 1}),
    },
)


# Report D: a county department, written in Word and saved as PDF ------------------

SCJG_2024 = Report(
    org="青石县市场监督管理局",
    year=2024,
    date=(2025, 1, 24),
    level="县级部门",
    signer=None,
    intro=[
        "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》编制，"
        "所列数据的统计期限为2024年1月1日至12月31日。",
    ],
    s1=[
        Section("（一）主动公开", "s1_active", ["".join([
            "本局坚持以公开为常态、不公开为例外，",
            "全年在县政府门户网站发布市场监管信息673条，",
            "公开行政处罚决定书等执法信息并按期撤下到期信息，",
            "食品安全抽检结果按批次在专栏公布。",
            "对涉企行政检查事项实行清单化管理，检查计划提前公示。",
            "围绕消费维权，定期发布消费提示和典型案例。",
        ])]),
        Section("（二）依申请公开", "s1_request", ["".join([
            "全年新收政府信息公开申请53件，",
            "申请内容主要涉及企业登记档案、行政处罚和投诉举报处理结果，",
            "对以申请信息公开名义进行投诉举报的，告知申请人通过相应渠道办理。",
            "办理中严格审查第三方权益，依法征求第三方意见。",
        ])]),
        Section("（三）政府信息管理", "s1_manage", ["".join([
            "完善信息发布保密审查制度，",
            "规范性文件出台前经合法性审核，",
            "全年清理行政规范性文件，废止2件。",
            "信息发布实行科室初审、办公室复审、分管领导终审。",
        ])]),
        Section("（四）政府信息公开平台建设", "s1_platform", ["".join([
            "优化县市场监管局信息公开专栏，",
            "“青石市场监管”微信公众号全年推送信息318条，",
            "在政务服务中心窗口设置政策查阅点。",
            "专栏栏目按法定主动公开内容设置。",
        ])]),
        Section("（五）监督保障", "s1_oversight", ["".join([
            "局党组定期研究政务公开工作，",
            "将公开工作纳入各股室年度考核，",
            "组织业务培训两次，参训人员86人次。",
            "对群众反映的信息更新不及时问题逐条核实整改。",
        ])]),
    ],
    s5=[
        Section("（一）存在的主要问题", "s5_problems", [
            "一是个别执法信息公开时间晚于规定时限；二是政策解读的针对性不强，企业群众获取政策仍不够便利。",
        ]),
        Section("（二）改进情况", "s5_improve", [
            "下一步，本局将建立执法信息公开台账，逐案跟踪公开时限；围绕经营主体关切开展政策解读，提高解读的实用性。",
        ]),
    ],
    s6=["全年收取信息处理费0元。本局按照县政务公开工作要点要求，完成各项重点任务。"],
    info_fee=0,
    tables={
        **t2_tables([[0, 0, 0], [4, 2, 21]], permit=5218, penalty=264, coercion=48, fee=0),
        "gik_t3": t3_table({
            ("new", "natural"): 41, ("new", "business"): 9, ("new", "research"): 1,
            ("new", "legal_service"): 2,
            ("carried", "natural"): 4, ("carried", "business"): 1,
            ("granted", "natural"): 12, ("granted", "business"): 4, ("granted", "legal_service"): 1,
            ("partial", "natural"): 5, ("partial", "business"): 2,
            ("deny_secret", "natural"): 0, ("deny_law", "natural"): 1, ("deny_third_party", "natural"): 3,
            ("deny_third_party", "business"): 1, ("deny_process", "natural"): 2, ("deny_case_file", "natural"): 1,
            ("deny_inquiry", "natural"): 2, ("unable_not_held", "natural"): 8,
            ("unable_not_held", "research"): 1, ("unable_needs_making", "natural"): 2,
            ("unable_unclear", "natural"): 1, ("ignore_petition", "natural"): 3,
            ("ignore_repeat", "natural"): 1, ("ignore_mass", "natural"): 1,
            ("other_no_amend", "natural"): 1, ("other_other", "business"): 1,
            ("unable_not_held", "legal_service"): 1,
        }),
        "gik_t4": t4_table({"review_upheld": 4, "review_corrected": 1, "review_pending": 1,
                            "suit_direct_upheld": 2, "suit_after_other": 1}),
    },
)


# Report F: a city government, ten pages of prose, for the benchmark --------------

_CITY_POOL = [
    "全市各级行政机关深入贯彻《中华人民共和国政府信息公开条例》，把政务公开作为建设人民满意政府的重要抓手。",
    "围绕稳增长、促改革、惠民生、防风险等重点工作，及时准确发布经济运行、项目建设和财政预决算信息。",
    "市政府常务会议审议的涉及公众利益的事项，会后及时通过门户网站发布会议信息和有关文件。",
    "重大行政决策事项在决策前公开征求意见，意见采纳情况在决策作出后集中反馈。",
    "各区县政府和市政府部门按季度报送公开工作进展，市政务公开办汇总分析后予以通报。",
    "政策解读坚持与文件同步起草、同步审签、同步发布，综合运用图文、音视频等形式提升可及性。",
    "基层政务公开标准化规范化工作持续推进，乡镇（街道）和村（社区）公开目录逐项完善。",
    "依申请公开实行统一受理、分类办理、集体研判，复杂疑难申请提交法律顾问审查。",
    "市政府门户网站完成适老化和无障碍改造，政务新媒体矩阵实现统一管理和内容协同。",
    "公开工作纳入市对区县和部门的年度绩效考核，考核结果与评先评优挂钩。",
    "政府信息发布前落实保密审查和个人信息保护要求，已公开信息定期开展回头看。",
    "人大代表建议和政协提案办理结果按照公开属性分类公开，公开率保持在较高水平。",
]

CITY_2024 = Report(
    org="青石市人民政府",
    year=2024,
    date=(2025, 3, 28),
    level=None,
    signer="青石市人民政府办公室",
    intro=_long(_CITY_POOL, 1, 5),
    s1=[
        Section("（一）主动公开", "s1_active", _long(_CITY_POOL, 7, 0)),
        Section("（二）依申请公开", "s1_request", _long(_CITY_POOL, 3, 3)),
        Section("（三）政府信息管理", "s1_manage", _long(_CITY_POOL, 3, 6)),
        Section("（四）政府信息公开平台建设", "s1_platform", _long(_CITY_POOL, 3, 9)),
        Section("（五）监督保障", "s1_oversight", _long(_CITY_POOL, 3, 2)),
    ],
    s5=[
        Section("（一）存在的主要问题", "s5_problems", _long(_CITY_POOL, 2, 4)),
        Section("（二）改进情况", "s5_improve", _long(_CITY_POOL, 2, 7)),
    ],
    s6=["本年度共收取信息处理费120元。", *_long(_CITY_POOL, 1, 1)],
    info_fee=120,
    tables={
        **t2_tables([[3, 1, 47], [38, 12, 406]], permit=18430, penalty=2291, coercion=317, fee=5210.5),
        "gik_t3": t3_table({
            ("new", "natural"): 612, ("new", "business"): 87, ("new", "research"): 3,
            ("new", "nonprofit"): 6, ("new", "legal_service"): 41, ("new", "other"): 12,
            ("carried", "natural"): 28, ("carried", "business"): 4,
            ("granted", "natural"): 231, ("granted", "business"): 38, ("granted", "legal_service"): 15,
            ("granted", "research"): 2, ("granted", "nonprofit"): 3, ("granted", "other"): 4,
            ("partial", "natural"): 52, ("partial", "business"): 9, ("partial", "legal_service"): 6,
            ("deny_secret", "natural"): 1, ("deny_law", "natural"): 4, ("deny_safety", "natural"): 2,
            ("deny_third_party", "natural"): 18, ("deny_third_party", "business"): 5,
            ("deny_internal", "natural"): 9, ("deny_process", "natural"): 14, ("deny_case_file", "natural"): 7,
            ("deny_inquiry", "natural"): 11, ("unable_not_held", "natural"): 143,
            ("unable_not_held", "business"): 22, ("unable_not_held", "legal_service"): 12,
            ("unable_not_held", "research"): 1, ("unable_not_held", "nonprofit"): 2,
            ("unable_not_held", "other"): 5,
            ("unable_needs_making", "natural"): 21, ("unable_unclear", "natural"): 16,
            ("ignore_petition", "natural"): 35, ("ignore_repeat", "natural"): 12,
            ("ignore_publication", "natural"): 3, ("ignore_mass", "natural"): 8,
            ("ignore_confirm", "natural"): 4, ("other_no_amend", "natural"): 19,
            ("other_no_amend", "business"): 6, ("other_no_fee", "natural"): 1,
            ("other_other", "natural"): 6, ("other_other", "legal_service"): 3,
            ("other_other", "other"): 1,
        }),
        "gik_t4": t4_table({"review_upheld": 21, "review_corrected": 4, "review_other": 3, "review_pending": 2,
                            "suit_direct_upheld": 9, "suit_direct_corrected": 1, "suit_direct_pending": 3,
                            "suit_after_upheld": 5, "suit_after_other": 1}),
    },
)


# Report E: a town in the 2019 format (before 国办公开办函〔2021〕30号) ----------------

#: Table 二 of the 2019 format as published: (heading, column labels, rows of (label, figures)).
BAIXI_2020_T2 = [
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
     [("规章", (0, 0, 0)), ("规范性文件", (2, 2, 9))]),
    ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     [("行政许可", (12, 0, 38)), ("其他对外管理服务事项", (21, 3, 164))]),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     [("行政处罚", (6, 0, 4)), ("行政强制", (2, 0, 0))]),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"),
     [("行政事业性收费", (0, 0))]),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"),
     [("政府集中采购", (3, 41.6))]),
]
#: The one （六）其他处理 row of the 2019 table 三, per applicant column and 总计.
BAIXI_2020_T3_OTHER = [1, 0, 0, 0, 0, 0, 1]


def _t3_2019() -> list[list[Cell]]:
    """Table 三 in 2021 rows: the three rows the 2019 （六） does not split stay blank (None)."""
    rows = t3_table({("new", "natural"): 5, ("new", "business"): 1, ("carried", "natural"): 1,
                     ("granted", "natural"): 3, ("partial", "business"): 1, ("unable_not_held", "natural"): 1,
                     ("other_other", "natural"): 1})
    block = BLOCKS["t3"]
    for i, row in enumerate(block.rows):
        if row.key.startswith("other_"):
            rows[i] = [None] * len(block.cols)
    return rows


BAIXI_2020 = Report(
    org="青石县白溪镇人民政府",
    year=2020,
    date=(2021, 1, 22),
    level="乡镇（街道）",
    signer=None,
    intro=[
        "根据新修订的《中华人民共和国政府信息公开条例》要求，白溪镇人民政府编制本年度报告，"
        "统计期限为2020年1月1日至2020年12月31日。",
    ],
    s1=[
        Section("（一）主动公开", "s1_active", [
            "全年通过县政府网站白溪镇专栏公开信息173条，其中疫情防控信息41条，脱贫攻坚信息26条。",
        ]),
        Section("（二）依申请公开", "s1_request", [
            "全年收到政府信息公开申请6件，上年结转1件，均已按期办结。",
        ]),
        Section("（三）政府信息管理", "s1_manage", [
            "按照新《条例》要求，对照县级公开目录梳理本镇主动公开事项。",
        ]),
        Section("（四）平台建设", "s1_platform", [
            "在便民服务中心设置政府信息查阅点，各村公开栏统一规范设置。",
        ]),
        Section("（五）监督保障", "s1_oversight", [
            "成立镇政务公开工作领导小组，党政办公室负责日常工作。",
        ]),
    ],
    s5=[
        Section("（一）存在问题", "s5_problems", [
            "新《条例》实施时间不长，工作人员对依申请公开办理程序还不够熟悉。",
        ]),
        Section("（二）改进措施", "s5_improve", [
            "加强业务学习，参照上级答复文书样式规范办理流程。",
        ]),
    ],
    s6=["无其他需要报告的事项。"],
    info_fee=None,
    tables={
        "gik_t2_rules": [[None, None, None], [None, None, None]],
        "gik_t2_permit": [[38]],
        "gik_t2_enforce": [[4], [0]],
        "gik_t2_fee": [[None]],
        "gik_t3": _t3_2019(),
        "gik_t4": t4_table({}),
    },
)
