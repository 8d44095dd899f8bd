"""The 解读: every figure the tables hold is stated, changes from last year in words, never a blank.

The figures a text must state are computed here from ``report.value(...)`` and the
workbook's values, not from :mod:`gikxl.report.highlights`, so that a wrong sum or
share there shows up as a sentence the text lacks.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from typing import Any

import docx
import pytest

from gikxl.errors import OutputError, TemplateError
from gikxl.report.explainer import render_explainer
from lo import convert, needs_soffice
from report_helpers import model

FORMATS = ("md", "docx")
#: Table 三's six outcomes by the first part of their rows' keys, as the 解读 names them.
OUTCOMES = {"granted": "予以公开", "partial": "部分公开", "deny": "不予公开",
            "unable": "无法提供", "ignore": "不予处理", "other": "其他处理"}
T3_RESULT_ROWS = ("granted", "partial", "deny_secret", "deny_law", "deny_safety", "deny_third_party",
                  "deny_internal", "deny_process", "deny_case_file", "deny_inquiry", "unable_not_held",
                  "unable_needs_making", "unable_unclear", "ignore_petition", "ignore_repeat",
                  "ignore_publication", "ignore_mass", "ignore_confirm", "other_no_amend", "other_no_fee",
                  "other_other")
LAWSUITS = {"行政复议": ("review",), "行政诉讼": ("suit_direct", "suit_after")}
T4_OUTCOMES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结"}
DOCS = {"regulation": "规章", "normative": "行政规范性文件"}
DECISIONS = (("t2_permit", "permit", "行政许可"), ("t2_enforce", "penalty", "行政处罚"),
             ("t2_enforce", "coercion", "行政强制"))


# Reading the output ---------------------------------------------------------------

def paragraphs(data: bytes, fmt: str) -> list[str]:
    """The 解读's title, headings and paragraphs as a reader sees them."""
    if fmt == "docx":
        return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]
    blocks = data.decode("utf-8").split("\n\n")
    return [re.sub(r"\\(.)", r"\1", re.sub(r"^#+ ", "", b.strip())) for b in blocks if b.strip()]


def explain(report, fmt: str, previous=None, templates=None) -> list[str]:
    return paragraphs(render_explainer(report, fmt, previous, templates), fmt)


def paragraph_with(paras: list[str], text: str) -> str:
    found = [p for p in paras if text in p]
    assert found, f"no paragraph with “{text}”"
    return found[0]


# What the text must say, computed from the tables ---------------------------------

def _sum(values: list[Any]) -> Any:
    return None if None in values else sum(values)


def change(now: Any, before: Any, unit: str = "件", said_zero: bool = False) -> str:
    """The bracketed change after a figure; a 0 said in words (未收到…) drops 与上年持平."""
    if now is None or before is None:
        return ""
    d = now - before
    if d == 0:
        return "" if said_zero else "（与上年持平）"
    size = f"{abs(d):g}" if isinstance(d, float) else str(abs(d))
    return f"（较上年{'增加' if d > 0 else '减少'}{size}{unit}）"


def points(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return ""
    d = round((now - before) * 100, 1)
    return "（与上年持平）" if d == 0 else f"（较上年{'上升' if d > 0 else '下降'}{abs(d):.1f}个百分点）"


def pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%"


class Tables:
    """One year's figures as the test reads them from the report."""

    def __init__(self, report) -> None:
        v = report.value
        self.new = v("t3", "new", "total")
        self.carried = v("t3", "carried", "total")
        self.carry_next = v("t3", "carry_next", "total")
        self.outcomes = {key: _sum([v("t3", r, "total") for r in T3_RESULT_ROWS if r.split("_")[0] == key])
                         for key in OUTCOMES}
        self.handled = _sum(list(self.outcomes.values()))
        self.lawsuits = {label: {o: _sum([v("t4", "count", f"{g}_{o}") for g in groups]) for o in T4_OUTCOMES}
                         for label, groups in LAWSUITS.items()}
        self.docs = {key: [v("t2_rules", key, c) for c in ("issued", "repealed", "in_force")] for key in DOCS}
        self.decisions = [v(block, row, "decisions") for block, row, _ in DECISIONS]
        self.fee = v("t2_fee", "fee", "amount")
        self.info_fee = report.fields["info_fee"]

    def disclosed(self) -> float | None:
        g, p, h = self.outcomes["granted"], self.outcomes["partial"], self.handled
        return None if None in (g, p, h) or h == 0 else (g + p) / h

    def decided(self, label: str) -> Any:
        return _sum([self.lawsuits[label][o] for o in ("upheld", "corrected", "other")])

    def corrected(self, label: str) -> float | None:
        c, d = self.lawsuits[label]["corrected"], self.decided(label)
        return None if c is None or d is None or d == 0 else c / d


def said(now: Tables, before: Tables | None = None) -> list[tuple[str, str]]:
    """(where, what): each ``what`` must be in the paragraph holding ``where`` ("" for anywhere).

    ``what`` is a regular expression; most are literal text (:func:`re.escape`)."""
    b = before
    out: list[tuple[str, str]] = []

    def count(value, before_value, some: str, zero: str, where: str = "") -> None:
        if value is None:
            return
        if value == 0:
            out.append((where, re.escape(zero + change(value, before_value, said_zero=True))))
        else:
            out.append((where, re.escape(f"{some}{value}件{change(value, before_value)}")))

    count(now.new, b and b.new, "本年度新收政府信息公开申请", "本年度未收到新的政府信息公开申请")
    count(now.carried, b and b.carried, "上年结转申请", "没有上年结转的申请")
    count(now.carry_next, b and b.carry_next, "结转下年度继续办理", "没有结转下年度继续办理的申请")
    h = now.handled
    if h:
        out.append(("", re.escape(f"本年度办理完毕政府信息公开申请{h}件{change(h, b and b.handled)}")))
        for key, label in OUTCOMES.items():
            n = now.outcomes[key]
            if n is not None:
                out.append(("", re.escape(f"{label}{n}件{change(n, b and b.outcomes[key])}，占{pct(n, h)}")))
        if (share := now.disclosed()) is not None:
            shown = now.outcomes["granted"] + now.outcomes["partial"]
            out.append(("", re.escape(f"比例）为{share * 100:.1f}%{points(share, b and b.disclosed())}")))
            out.append(("", f"办理完毕的{h}件申请中，有{shown}件全部或部分公开" if shown
                        else "没有予以公开或部分公开的"))
    elif h == 0:
        out.append(("", "不计算各类办理结果的占比和公开率"))
    else:  # a blank among the outcomes: each known one without a share, no 公开率
        for key, label in OUTCOMES.items():
            if (n := now.outcomes[key]) is not None:
                out.append(("", f"{label}{n}件{re.escape(change(n, b and b.outcomes[key]))}[；。]"))
    for key, label in DOCS.items():
        issued, repealed, in_force = now.docs[key]
        # the document's name is said once, in the first clause
        if issued is not None:
            out.append((label, f"未制发{label}" if issued == 0 else f"制发{label}{issued}件"))
        if repealed is not None:
            out.append((label, f"未废止{label}" if repealed == 0 else f"废止({label})?{repealed}件"))
        if in_force is not None:
            out.append((label, f"没有现行有效的{label}" if in_force == 0 else f"现行有效({label})?{in_force}件"))
    for i, (_, _, label) in enumerate(DECISIONS):
        n = now.decisions[i]
        if n is not None:
            out.append(("", re.escape(f"{label}处理决定{n}件{change(n, b and b.decisions[i])}")))
    if now.fee is not None:
        amount = re.escape(f"行政事业性收费金额为{now.fee:g}万元")
        out.append(("", "本年度未收取行政事业性收费" if now.fee == 0 else amount))
    for label in LAWSUITS:
        figures = now.lawsuits[label]
        total = _sum(list(figures.values()))
        if total == 0:
            out.append(("", f"本年度没有因政府信息公开工作引起的{label}案件"))
            continue
        if total is not None:
            before_total = _sum(list(b.lawsuits[label].values())) if b else None
            out.append(("", re.escape(f"{label}案件{total}件{change(total, before_total)}")))
        where = f"{label}案件"
        for key, outcome in T4_OUTCOMES.items():
            if figures[key] is not None:
                out.append((where, re.escape(f"{outcome}{figures[key]}件"
                                             f"{change(figures[key], b and b.lawsuits[label][key])}")))
        rate, decided = now.corrected(label), now.decided(label)
        if rate is not None:
            out.append(("", re.escape(f"{label}的纠错率（结果纠正的件数占已审结件数的比例）为{rate * 100:.1f}%"
                                      f"{points(rate, b and b.corrected(label))}，即已审结的{decided}件中")))
        elif decided == 0:
            out.append(("", f"{label}案件均尚未审结，不计算纠错率"))
    fee = now.info_fee
    if fee is not None:
        out.append(("", "本年度未收取信息处理费" if fee == 0 else re.escape(f"本年度收取信息处理费{fee:g}元")))
    return out


def assert_states(paras: list[str], report, previous=None) -> None:
    expected = said(Tables(report), Tables(previous) if previous is not None else None)
    assert expected
    text = "\n".join(paras)
    for where, what in expected:
        scope = paragraph_with(paras, where) if where else text
        assert re.search(what, scope), f"missing “{what}”" + (f" in “{scope}”" if where else "")


# The demo and its variants ---------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_the_demo_states_every_figure_of_its_tables(demo, fmt):
    report = model(demo)
    paras = explain(report, fmt)
    assert paras[0] == "《青山县人民政府2025年政府信息公开工作年度报告》解读"
    assert_states(paras, report)
    text = "".join(paras)
    assert "未填报" not in text and "较上年" not in text and "—" not in text
    assert "行政复议的纠错率" in text and "公开率（" in text  # the demo has both shares


@pytest.mark.parametrize("fmt", FORMATS)
def test_changes_from_last_year_have_their_sign_and_size(demo, fmt):
    before = {k: (v.copy() if isinstance(v, list) else v) for k, v in demo.items()}
    before["gik_year"] = 2024
    before["gik_t3"] = [row.copy() for row in demo["gik_t3"]]
    before["gik_t3"][0][0] -= 9  # 新收 up by 9
    before["gik_t3"][2][0] -= 9  # 予以公开 up by 9, so 公开率 goes up
    before["gik_t3"][12][0] += 2  # 无法提供 down by 2 …
    before["gik_t3"][0][0] += 2  # … with 新收 balancing it
    before["gik_t4"] = [[5, 0, 1, 0, 6, 0, 0, 0, 0, 0, 1, 1, 0, 0, 2]]  # 复议 fewer, 诉讼 more corrected
    before["gik_t2_rules"] = [[0, 0, 0], [9, 1, 20]]
    before["gik_t2_permit"] = [[1300]]
    before["gik_info_fee"] = 350
    report, previous = model(demo), model(before)
    paras = explain(report, fmt, previous)
    assert_states(paras, report, previous)
    text = "".join(paras)
    assert "文中“较上年”均指与2024年度报告的同一数据相比" in text
    # spot checks written out, so that a wrong sign in both the test and the code still fails
    assert "本年度新收政府信息公开申请47件（较上年增加7件）" in text
    assert "予以公开21件（较上年增加9件）" in text
    assert "无法提供11件（较上年减少2件）" in text
    assert "上年结转申请3件（与上年持平）" in text
    assert "行政许可处理决定1268件（较上年减少32件）" in text
    assert "本年度未收取信息处理费（较上年减少350元）" in text
    assert re.search(r"公开率（[^）]*）为53\.2%（较上年上升\d+\.\d个百分点）", text)
    assert re.search(r"行政诉讼的纠错率（[^）]*）为0\.0%（较上年下降50\.0个百分点）", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_blank_is_never_stated_and_named_once(demo, fmt):
    demo["gik_t3"][0][0] = None  # 新收 (its 总计 column is a sum) is blank
    demo["gik_t4"][0][1] = None  # 行政复议 结果纠正
    demo["gik_t2_permit"] = [[None]]
    demo["gik_info_fee"] = None
    report = model(demo)
    assert report.value("t3", "new", "total") is None
    previous = model(demo)
    paras = explain(report, fmt, previous)
    assert_states(paras, report, previous)
    (note,) = [p for p in paras if "未填报" in p]
    assert note.startswith("表中以下数据未填报，本解读不作说明：")
    named = note.split("：", 1)[1].rstrip("。").split("、")
    assert named == ["行政许可处理决定数量", "本年新收政府信息公开申请数量", "行政复议结果纠正", "行政复议总计",
                     "信息处理费"]
    others = [p for p in paras if p is not note]
    for p in others:
        assert "新收" not in p and "行政许可" not in p and "信息处理费" not in p, p
        assert "—" not in p and not re.search(r"\b0件", p.replace("其他结果0件", "")), p
    assert "行政复议的纠错率" not in "".join(paras)  # its part is blank, so no rate
    assert "行政复议案件中，结果维持2件" in "".join(paras)  # the known outcomes still are


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_blank_outcome_leaves_the_others_without_shares(demo, fmt):
    """A blank row of 不予公开 blanks its group and （七）总计: no share and no 公开率 can be given."""
    demo["gik_t3"][4][0] = None  # 不予公开 › 属于国家秘密, 自然人
    demo["gik_t2_rules"] = [[0, None, 0], [None, 1, 23]]
    report = model(demo)
    assert report.value("t3", "total", "total") is None
    paras = explain(report, fmt)
    assert_states(paras, report)
    requests = paragraph_with(paras, "从办理结果看，")
    assert "%" not in requests and "公开率" not in "".join(paras)
    assert "本年度废止行政规范性文件1件，现行有效23件。" in paras
    assert "本年度未制发规章，目前没有现行有效的规章。" in paras
    note = paragraph_with(paras, "未填报")
    for name in ("规章本年废止件数", "行政规范性文件本年制发件数", "本年度办理结果“不予公开”", "本年度办理结果“总计”"):
        assert name in note


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_figure_blank_last_year_has_no_change(demo, fmt):
    before = {**demo, "gik_t3": [row.copy() for row in demo["gik_t3"]]}
    before["gik_t3"][0][0] = None
    paras = explain(model(demo), fmt, previous=model(before))
    text = "".join(paras)
    assert "本年度新收政府信息公开申请47件，" in text
    assert "上年结转申请3件（与上年持平）" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_all_zeros_are_said_as_none_and_no_share_is_zero_percent(demo, fmt):
    demo["gik_t3"] = [[0] * 7 for _ in demo["gik_t3"]]
    demo["gik_t4"] = [[0] * 15]
    demo["gik_t2_rules"] = [[0, 0, 0], [0, 0, 0]]
    report = model(demo)
    paras = explain(report, fmt)
    assert_states(paras, report)
    text = "".join(paras)
    assert "%" not in text and "纠错率" not in text and "公开率为" not in text
    assert not re.search(r"(新收|结转|办理完毕)[^。，]*0件", text)
    assert "本年度没有因政府信息公开工作引起的行政诉讼案件" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_total_of_zero_gives_no_share(demo, fmt):
    """Five applications all carried into next year; two reviews all pending."""
    demo["gik_t3"] = [[0] * 7 for _ in demo["gik_t3"]]
    demo["gik_t3"][0] = [5, 0, 0, 0, 0, 0, 5]
    demo["gik_t3"][-1] = [5, 0, 0, 0, 0, 0, 5]
    demo["gik_t4"] = [[0, 0, 0, 2, 2] + [0] * 10]
    report = model(demo)
    paras = explain(report, fmt)
    assert_states(paras, report)
    text = "".join(paras)
    assert "本年度新收政府信息公开申请5件" in text and "结转下年度继续办理5件" in text
    assert "%" not in text
    assert "行政复议案件均尚未审结，不计算纠错率" in text
    assert "尚未审结2件" in paragraph_with(paras, "行政复议案件2件")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_amount_keeps_its_decimals(demo, fmt):
    demo["gik_t2_fee"] = [[12.5]]
    demo["gik_info_fee"] = 350.5
    report = model(demo)
    text = "".join(explain(report, fmt))
    assert "本年度行政事业性收费金额为12.5万元" in text and "本年度收取信息处理费350.5元" in text


def test_nothing_filled_gives_the_opening_and_the_list_of_blanks(demo):
    for name in ("gik_t3", "gik_t4", "gik_t2_rules", "gik_t2_permit", "gik_t2_enforce", "gik_t2_fee"):
        demo[name] = []
    demo["gik_info_fee"] = None
    demo["gik_year"] = None
    paras = explain(model(demo), "md")
    assert paras[0] == "《青山县人民政府政府信息公开工作年度报告》解读"
    assert len(paras) == 3  # title, opening, the blanks: no heading without a sentence under it
    assert paras[2].count("、") == 30 and not re.search(r"\d", paras[2])


# Hostile names -------------------------------------------------------------------

HOSTILE = "::table 3\n# 青山\n县<script>alert(1)</script>&lt;**粗**_[链接](http://x)_`c`|~~\x00\x07\x1b\u202e"


@pytest.mark.parametrize("tail", ["", "县" * 10_000])
def test_a_hostile_name_stays_text_in_both_formats(demo, tail):
    demo["gik_org"] = HOSTILE + tail
    report = model(demo)
    shown = "::table 3 # 青山县<script>alert(1)</script>&lt;**粗**_[链接](http://x)_`c`|~~" + tail
    md = render_explainer(report, "md").decode("utf-8")
    assert "<script>" not in md and "\x00" not in md and "\x07" not in md
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert len(headings) == 5  # the title and the four parts, nothing from the name
    for fmt in FORMATS:
        paras = explain(report, fmt)
        assert shown in paras[0] and shown in paras[1], fmt
    document = docx.Document(io.BytesIO(render_explainer(report, "docx")))
    assert len(document.core_properties.author) <= 255


# Office templates ------------------------------------------------------------------

def test_an_office_template_replaces_its_part_only(demo, tmp_path):
    (tmp_path / "jiedu_fee.j2").write_text(
        "# 四、收费情况\n本单位{{ year }}年度收取信息处理费{{ info_fee.text }}{{ info_fee.unit }}。\n",
        encoding="utf-8")
    paras = explain(model(demo), "md", templates=tmp_path)
    assert "四、收费情况" in paras and "本单位2025年度收取信息处理费0元。" in paras
    assert "本年度未收取信息处理费。" not in paras
    assert "一、主动公开政府信息情况" in paras  # the bundled parts stay


def test_an_office_body_can_include_a_bundled_part(demo, tmp_path):
    (tmp_path / "jiedu.j2").write_text(
        '本单位的解读。\n{% include "default/jiedu_requests.j2" %}\n', encoding="utf-8-sig")
    (tmp_path / "jiedu_title.j2").write_text("{{ org }}\n解读\n", encoding="gb18030")
    document = docx.Document(io.BytesIO(render_explainer(model(demo), "docx", templates=tmp_path)))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "青山县人民政府\n解读"
    assert texts[1] == "本单位的解读。" and "本年度新收政府信息公开申请47件" in "".join(texts)
    assert not any("主动公开" in t for t in texts)


@pytest.mark.parametrize(("name", "source", "reason"), [
    ("jiedu_lawsuits.j2", "# 三、\n{% for g in lawsuits %}\n{{ g.label }}\n", "endfor"),
    ("jiedu.j2", "开头。\n{{ requests.nwe.text }}\n", "nwe"),
    ("jiedu_fee.j2", "# 四、\n{{ info_fee.value / 0 }}\n", "ZeroDivisionError"),
])
def test_a_broken_office_template_names_its_file_and_line(demo, tmp_path, name, source, reason):
    (tmp_path / name).write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render_explainer(model(demo), "md", templates=tmp_path)
    message = str(info.value)
    assert name in message and reason in message
    if name != "jiedu_lawsuits.j2":  # a block never closed is found at the end of the file
        assert re.search(r"第 \d 行", message)


def test_an_office_template_stays_within_the_bounds(demo, tmp_path):
    (tmp_path / "jiedu.j2").write_text("{% for i in range(1000) %}\n::table 3\n{% endfor %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="表格过多"):
        render_explainer(model(demo), "md", templates=tmp_path)


def test_an_unknown_format_is_refused_in_chinese(demo):
    with pytest.raises(OutputError, match="不支持的解读格式“html”"):
        render_explainer(model(demo), "html")
    assert render_explainer(model(demo), ".DOCX")[:2] == b"PK"


# A third-party reader --------------------------------------------------------------

@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_converts_the_docx(demo, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    src = tmp_path / "解读.docx"
    src.write_bytes(render_explainer(model(demo), "docx", previous=model(demo)))
    pdf = convert(src, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "《青山县人民政府2025年政府信息公开工作年度报告》解读" in flat
    assert "本年度新收政府信息公开申请47件（与上年持平）" in flat
    assert "三、政府信息公开行政复议、行政诉讼情况" in flat
