"""Reports written at test time the way bodies print their sections: the heading forms, a 五
in one passage, the fee phrasings — and their look-alikes.

A variant is the paragraphs of a whole report (title to date) and what a careful reader takes
from it. :func:`write` puts it into a file of each kind a site attaches: plain text, a Word
file, a Word file whose body is drawn in a frame (a one-column table), and a page pasted from
Word (``MsoNormal`` paragraphs, ``<o:p>``, a heading split over spans). The bodies and their
text are invented; the forms are those of real published reports.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("txt", "docx", "framed.docx", "html")

TITLE = "青山县人民政府2024年政府信息公开工作年度报告"
INTRO = "本报告依据《中华人民共和国政府信息公开条例》编制，所列数据统计期限自2024年1月1日至2024年12月31日。"
TABLES = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
END = ["青山县人民政府", "2025年1月20日"]

#: The text of each sub-section of 一, opening with its first characters as the reader must find them.
S1 = {
    "s1_active": "全年通过县政府门户网站主动公开政府信息1204条，发布政策解读36篇。",
    "s1_request": "全年新收政府信息公开申请12件，均在法定期限内答复。",
    "s1_manage": "落实公开属性源头认定，全年清理行政规范性文件5件。",
    "s1_platform": "县政府网站完成适老化改造，政务新媒体统一纳入监管。",
    "s1_oversight": "将政务公开纳入年度绩效考核，全年开展业务培训2次。",
}
PROBLEMS = "本年度工作仍有不足：政策解读形式较单一，部分栏目更新不够及时。"
IMPROVE = "丰富解读形式，建立栏目更新台账，按月通报。"


@dataclass
class Variant:
    name: str
    paragraphs: list[str]
    #: Field key → the first characters the field must start with ("" : must be empty).
    starts: dict[str, str]
    #: Field key → text the field must hold somewhere (a look-alike kept where it belongs).
    holds: dict[str, list[str]] = field(default_factory=dict)
    fee: float | None = 0.0


def report(s1: list[str], s5: list[str], s6: list[str], *, headings: dict[int, str] | None = None) -> list[str]:
    """The paragraphs of a whole report around the given sections; ``headings`` replaces an
    official heading as printed (0 for 一 … 5 for 六)."""
    heads = ["一、总体情况", *TABLES, "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    for index, text in (headings or {}).items():
        heads[index] = text
    return [TITLE, INTRO, heads[0], *s1, heads[1], heads[2], heads[3], heads[4], *s5, heads[5], *s6, *END]


def section_one(form: str) -> list[str]:
    """Section 一 with its five sub-headings written in ``form`` (``{n}`` the numeral, ``{h}`` the words)."""
    words = [("一", "主动公开情况"), ("二", "依申请公开情况"), ("三", "政府信息管理情况"),
             ("四", "平台载体建设情况"), ("五", "政府信息公开监督保障情况")]
    out: list[str] = []
    for (n, h), text in zip(words, S1.values(), strict=True):
        out += form.format(n=n, h=h, t=text).split("\n")
    return out


ONE_HEADED = ["（一）存在的主要问题", PROBLEMS, "（二）改进情况", IMPROVE]
FEE_NONE = ["本年度未收取信息处理费。"]
ALL_S1 = {k: v[:12] for k, v in S1.items()}
HEADED_S5 = {"s5_problems": PROBLEMS[:12], "s5_improve": IMPROVE[:12]}


def _heading_variants() -> list[Variant]:
    forms = {
        # 「（一）主动公开情况。正文…」
        "stop": "（{n}）{h}。{t}",
        # 「（一）主动公开方面 正文」
        "space": "（{n}）{h} {t}",
        # 「（一）主动公开方面正文」, no separator at all
        "run-on": "（{n}）{h}{t}",
        # the heading alone on its line, 「（五）政府信息公开监督保障情况。」
        "own-line": "（{n}）{h}。\n{t}",
        # a colon, half-width brackets
        "colon": "({n}){h}：{t}",
    }
    out = [Variant(f"heading-{k}", report(section_one(f), ONE_HEADED, FEE_NONE), {**ALL_S1, **HEADED_S5})
           for k, f in forms.items()]
    # 「（四）平台载体建设方面」「（一）主动公开方面 正文」: 方面 in place of 情况
    fangmian = [line.replace("情况", "方面") for line in section_one("（{n}）{h}\n{t}")]
    out.append(Variant("heading-fangmian", report(fangmian, ONE_HEADED, FEE_NONE), {**ALL_S1, **HEADED_S5}))
    # 「法定主动公开方面：」: no numbering at all
    bare = ["法定主动公开方面：", S1["s1_active"], "依申请公开方面：" + S1["s1_request"],
            "政府信息管理方面：" + S1["s1_manage"], "平台建设方面：", S1["s1_platform"],
            "监督保障方面：" + S1["s1_oversight"]]
    out.append(Variant("heading-bare", report(bare, ONE_HEADED, FEE_NONE), {**ALL_S1, **HEADED_S5}))
    # Section 一 restarts 一、…五、 (a look-alike of the official 二、…五、), and opens with an
    # overview before its first sub-heading: the overview joins the intro.
    overview = "2024年，我县坚持以公开为常态、不公开为例外，全面推进政务公开。"
    cn = [overview, *section_one("{n}、{h}\n{t}")]
    out.append(Variant("heading-cn-inside-one", report(cn, ONE_HEADED, FEE_NONE),
                       {**ALL_S1, **HEADED_S5, "intro": INTRO[:12]}, {"intro": [overview]}))
    # Look-alikes inside a sub-section: body text that begins with 主动公开, a numbered item
    # naming 管理 inside （一）: neither is a heading.
    inner = ["主动公开方面，重点公开财政预决算和重大建设项目信息。", "2.加强政府信息管理，规范发布审核流程。"]
    lines = section_one("（{n}）{h}。{t}")
    lines[1:1] = inner
    out.append(Variant("heading-look-alikes", report(lines, ONE_HEADED, FEE_NONE), {**ALL_S1, **HEADED_S5},
                       {"s1_active": inner}))
    # Official headings as printed: 四 with a typo, 三 with a word left out, 五 and 六 with their text inline.
    typo = report(section_one("（{n}）{h}。{t}"), [PROBLEMS, "针对存在问题，下一步将" + IMPROVE],
                  ["本年度未产生信息处理费。"],
                  headings={2: "三、收到和处理政府信息申请情况", 3: "四、政府信息公开行政法复议、行政诉讼情况"})
    out.append(Variant("official-typos", typo, {**ALL_S1, "s5_problems": PROBLEMS[:12], "s5_improve": "针对存在问题"}))
    inline = report(section_one("（{n}）{h}。{t}"), [], [], headings={
        4: "五、存在的主要问题及改进情况。" + PROBLEMS + "下一步，我县将" + IMPROVE,
        5: "六、其他需要报告的事项：本年度不收取信息处理费。"})
    starts = {**ALL_S1, "s5_problems": PROBLEMS[:12], "s5_improve": "下一步，我县将",
              "s6_other": "本年度不收取信息处理费"}
    out.append(Variant("official-inline", inline, starts))
    return out


def _one_passage_variants() -> list[Variant]:
    """A 五 written as one passage, split where the improvements begin."""
    turns = {
        "针对存在问题": "针对存在问题，下一步将",
        "下一步": "下一步，我县将",
        "将采取以下措施": "我们将采取以下措施加以改进：一是",
        "改进措施": "改进措施：一是",
        "整改措施": "针对上述不足，整改措施如下：一是",
        "为此": "为此，我县将",
        "2025年将": "2025年，我县将",
    }
    out = []
    for name, turn in turns.items():
        for joined in (True, False):  # in one paragraph, or the improvements a paragraph of their own
            s5 = [PROBLEMS + turn + IMPROVE] if joined else [PROBLEMS, turn + IMPROVE]
            out.append(Variant(f"five-{name}-{'joined' if joined else 'paragraph'}",
                               report(section_one("（{n}）{h}。{t}"), s5, FEE_NONE),
                               {**ALL_S1, "s5_problems": PROBLEMS[:12], "s5_improve": turn}))
    # Look-alike: the problems say 改进 and 下一步 inside their sentences; nothing turns.
    plain = "部分栏目有待改进，信息更新仍需加强，为下一步工作打下基础。"
    out.append(Variant("five-no-turn", report(section_one("（{n}）{h}。{t}"), [PROBLEMS + plain], FEE_NONE),
                       {**ALL_S1, "s5_problems": PROBLEMS[:12], "s5_improve": ""}, {"s5_problems": [plain]}))
    return out


#: Section 六 as bodies write the fee, and the fee it states (``None``: it states none).
FEES: dict[str, tuple[list[str], float | None]] = {
    "amount-zero": (["2024年，县政府严格落实《政府信息公开信息处理费管理办法》，"
                     "全年收取政府信息公开信息处理费 0 元。"], 0.0),
    "amount": (["本年度共收取信息处理费 3940 元，均按规定开具票据。"], 3940.0),
    "amount-wan": (["全年共收取信息处理费0.15万元。"], 1500.0),
    "amount-thousands": (["全年收取信息处理费1,280元。"], 1280.0),
    "none-qingkuang": (["无收取信息处理费情况。"], 0.0),
    "none-weichansheng": (["本年度未产生信息处理费。"], 0.0),
    "none-bushouqu": (["本机关不收取信息处理费。"], 0.0),
    "none-yiju": (["本年度我单位无依据《政府信息公开信息处理费管理办法》收取信息处理费的情况。"], 0.0),
    "none-colon": (["信息处理费收取情况：无。"], 0.0),
    "full-width": (["全年收取信息处理费０元。"], 0.0),
    "after-other-text": (["本年度办理人大代表建议3件。", "本年度未收取信息处理费。"], 0.0),
    # look-alikes: the fee's regulation named, a denial of wrong charges, table 二's fees
    "only-the-regulation": (["严格落实《政府信息公开信息处理费管理办法》。"], None),
    "no-wrong-charges": (["未发现违规收取信息处理费的情况。"], None),
    "table-two-fee": (["本年度行政事业性收费7730.28万元。"], None),
}


def _fee_variants() -> list[Variant]:
    return [Variant(f"fee-{name}", report(section_one("（{n}）{h}。{t}"), ONE_HEADED, s6),
                    {**ALL_S1, **HEADED_S5, "s6_other": s6[0][:10]}, fee=fee)
            for name, (s6, fee) in FEES.items()]


VARIANTS = _heading_variants() + _one_passage_variants() + _fee_variants()


def write(variant: Variant, kind: str, folder: Path) -> Path:
    path = folder / f"{variant.name}.{kind}"
    if kind == "txt":
        path.write_text("\n\n".join(variant.paragraphs) + "\n", encoding="utf-8")
    elif kind == "html":
        path.write_text(_word_html(variant.paragraphs), encoding="utf-8")
    else:
        _docx(variant.paragraphs, path, framed=kind == "framed.docx")
    return path


def _docx(paragraphs: list[str], path: Path, framed: bool) -> None:
    """A Word file; ``framed``: the body below the title drawn in a one-cell table, as a box."""
    import docx

    document = docx.Document()
    document.add_paragraph(paragraphs[0])
    if framed:
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        cell.paragraphs[0].text = paragraphs[1]
        for text in paragraphs[2:]:
            cell.add_paragraph(text)
    else:
        for text in paragraphs[1:]:
            document.add_paragraph(text)
    document.save(str(path))


def _word_html(paragraphs: list[str]) -> str:
    """A page pasted from Word: MsoNormal paragraphs, spans with inline styles, ``<o:p>``; a
    sub-heading's numbering, words and text in spans of their own."""
    body = []
    for text in paragraphs:
        parts = [text]
        if text.startswith(("（", "(")) and "）" in text[:4]:
            cut = text.index("）") + 1
            parts = [text[:cut], text[cut:cut + 4], text[cut + 4:]]
        spans = "".join(f"<span style='font-size:16.0pt;font-family:仿宋_GB2312'>{html.escape(p)}</span>"
                        for p in parts if p)
        body.append(f"<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>{spans}<o:p></o:p></p>")
    return ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=\"utf-8\">"
            "<title>年报</title></head><body lang=ZH-CN><div class=WordSection1>"
            + "\n".join(body) + "</div></body></html>")
