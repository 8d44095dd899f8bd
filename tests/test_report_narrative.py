"""Generated sentences, Chinese conventions, and office templates (override, errors, sandbox)."""

from __future__ import annotations

import datetime as dt

import pytest

from gikxl.errors import TemplateError
from gikxl.report import render
from gikxl.report.context import paragraphs
from gikxl.report.narrative import TEMPLATE_NAMES, build_narrative
from gikxl.report.numbers import amount, cn_date
from report_helpers import model


def texts(values, templates=None) -> list[str]:
    return [b.text for b in build_narrative(model(values), templates).body if b.kind == "para"]


def zero_t3(values):
    values["gik_t3"] = [[0] * 7 for _ in range(25)]


# Chinese conventions ---------------------------------------------------------

@pytest.mark.parametrize(("day", "text"), [(dt.date(2026, 1, 20), "2026年1月20日"),
                                           (dt.date(2025, 12, 3), "2025年12月3日"),
                                           (None, "")])
def test_chinese_dates(day, text):
    assert cn_date(day) == text


@pytest.mark.parametrize(("value", "places", "text"), [
    (0, 4, "0"), (0.0, 4, "0"), (12.5, 4, "12.5"), (12.50001, 4, "12.5"), (3.1400, 4, "3.14"), (1268, 4, "1268"),
    (0.00004, 4, "0"), (120.456, 2, "120.46"), (100.0, 2, "100"), (None, 2, "—"),
])
def test_amounts_without_trailing_zeros(value, places, text):
    assert amount(value, places) == text


def test_paragraphs_split_on_any_line_break_and_drop_indent_spaces():
    assert paragraphs("　　一是……。\r\n\n  二是……。\r三是") == ["一是……。", "二是……。", "三是"]
    assert paragraphs("") == [] and paragraphs(None) == []
    assert paragraphs("#话题") == ["\\#话题"]  # escaped so it is never read as a heading


# Title, intro, signature -------------------------------------------------------

def test_title_and_signature(demo):
    n = build_narrative(model(demo))
    assert n.title == ["青山县人民政府2025年政府信息公开工作年度报告"]
    assert n.signature == ["青山县人民政府", "2026年3月20日"]


def test_clerks_intro_is_used_and_a_standard_one_is_generated_when_blank(demo):
    assert texts(demo)[0] == demo["gik_intro"]
    demo["gik_intro"] = "  "
    first = texts(demo)[0]
    assert first.startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert "自2025年1月1日起至2025年12月31日止" in first


# 一（二）依申请公开 --------------------------------------------------------------

def test_request_sentence_from_table3(demo):
    assert (
        "本年度共收到政府信息公开申请47件，其中自然人申请38件，法人或其他组织申请9件；上年结转政府信息公开申请3件。"
        "本年度办理完毕47件，其中予以公开21件、部分公开4件、不予公开4件、无法提供11件、不予处理6件、其他处理1件；"
        "结转下年度继续办理3件。"
    ) in texts(demo)


def test_request_sentence_when_there_were_none(demo):
    zero_t3(demo)
    body = build_narrative(model(demo)).body
    i = next(i for i, b in enumerate(body) if b.text == "（二）依申请公开")
    assert body[i + 1].text == "本年度未收到政府信息公开申请。"
    assert not any("0件" in t for t in texts(demo))


def test_request_sentence_with_only_carried_over(demo):
    zero_t3(demo)
    t3 = demo["gik_t3"]
    t3[1][0] = 2   # 上年结转 2 (自然人)
    t3[2][0] = 2   # 予以公开 2
    t3[23][0] = 2  # （七）总计
    sentence = next(t for t in texts(demo) if "上年结转" in t)
    assert sentence == ("本年度未收到新的政府信息公开申请；上年结转政府信息公开申请2件。"
                        "本年度办理完毕2件，其中予以公开2件。")


# 四、行政复议、行政诉讼 -----------------------------------------------------------

def section4(values) -> str:
    body = build_narrative(model(values)).body
    i = next(i for i, b in enumerate(body) if b.text.startswith("四、"))
    return body[i + 1].text


def test_review_and_litigation_sentence(demo):
    assert section4(demo) == (
        "本年度因政府信息公开工作被申请行政复议4件，其中结果维持2件、结果纠正1件、尚未审结1件。"
        "因政府信息公开工作被提起行政诉讼3件（未经复议直接起诉2件，复议后起诉1件），其中结果维持2件、尚未审结1件。"
    )


def test_no_review_no_litigation(demo):
    demo["gik_t4"] = [[0] * 15]
    assert section4(demo) == "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"


def test_review_only(demo):
    demo["gik_t4"] = [[0, 1, 0, 0, 1] + [0] * 10]
    assert section4(demo) == (
        "本年度因政府信息公开工作被申请行政复议1件，其中结果纠正1件。未发生因政府信息公开工作被提起行政诉讼的情况。"
    )


def test_litigation_only(demo):
    demo["gik_t4"] = [[0] * 5 + [0] * 5 + [0, 0, 1, 0, 1]]
    assert section4(demo) == (
        "本年度未发生因政府信息公开工作被申请行政复议的情况。本年度因政府信息公开工作被提起行政诉讼1件（复议后起诉1件），"
        "其中其他结果1件。"
    )


# 六、信息处理费 ------------------------------------------------------------------

@pytest.mark.parametrize(("fee", "sentence"), [
    (0, "本年度未收取信息处理费。"), (0.0, "本年度未收取信息处理费。"),
    (350, "本年度共收取信息处理费350元。"), (120.5, "本年度共收取信息处理费120.5元。"),
    (None, "本年度信息处理费的金额未填写。"),  # blank (forced out): said unknown, never "未收取" nor "收取—元"
])
def test_information_fee_sentence(demo, fee, sentence):
    demo["gik_info_fee"] = fee
    body = build_narrative(model(demo)).body
    i = next(i for i, b in enumerate(body) if b.text.startswith("六、"))
    assert body[i + 1].text == sentence


# Office templates -----------------------------------------------------------------

def test_every_bundled_template_exists():
    """The report's templates, the 一图读懂's and the 解读's, and no other."""
    from importlib import resources

    from gikxl.report import explainer, poster

    folder = resources.files("gikxl.report") / "templates"
    found = sorted(p.name for p in folder.iterdir() if p.name.endswith(".j2"))
    assert found == sorted((*TEMPLATE_NAMES, poster.POSTER, *explainer.TEMPLATE_NAMES))


def test_an_office_template_overrides_the_bundled_one(demo, tmp_path):
    (tmp_path / "section6.j2").write_text(
        "# {{ sections[5] }}\n本单位{{ year }}年未收取任何费用（{{ info_fee | amount(2) }}元）。\n", encoding="utf-8")
    got = texts(demo, tmp_path)
    assert "本单位2025年未收取任何费用（0元）。" in got
    assert "本年度未收取信息处理费。" not in got
    assert any(t.startswith("本年度共收到政府信息公开申请47件") for t in got)  # other sections unchanged


def test_an_office_template_can_extend_the_bundled_one(demo, tmp_path):
    (tmp_path / "signature.j2").write_text('{% include "default/signature.j2" %}\n（联系电话见政府网站）\n',
                                           encoding="utf-8")
    assert build_narrative(model(demo), tmp_path).signature == [
        "青山县人民政府", "2026年3月20日", "（联系电话见政府网站）"
    ]


def test_syntax_error_names_file_and_line(demo, tmp_path):
    (tmp_path / "section5.j2").write_text("# 五、\n正文\n{% if prose.s5_problems %}\n没有结束\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(model(demo), "html", tmp_path)
    message = str(info.value)
    assert "section5.j2" in message and str(tmp_path) in message and "语法错误" in message
    assert "第 4 行" in message or "第 5 行" in message  # jinja reports the end of the unclosed block


def test_undefined_variable_names_file_and_line(demo, tmp_path):
    (tmp_path / "section2.j2").write_text("# {{ sections[1] }}\n\n本年共{{ t2.permit.decisons }}件。\n::table 2\n",
                                          encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(model(demo), "docx", tmp_path)
    message = str(info.value)
    assert "section2.j2" in message and "第 3 行" in message and "decisons" in message


def test_undefined_top_level_variable(demo, tmp_path):
    (tmp_path / "title.j2").write_text("{{ orgname }}年报\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"title\.j2.*第 1 行.*orgname"):
        render(model(demo), "md", tmp_path)


def test_unknown_directive(demo, tmp_path):
    (tmp_path / "section3.j2").write_text("# {{ sections[2] }}\n::table 5\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"section3\.j2.*::table 5"):
        render(model(demo), "md", tmp_path)


def test_templates_are_sandboxed(demo, tmp_path):
    (tmp_path / "intro.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"intro\.j2.*第 1 行"):
        render(model(demo), "md", tmp_path)


def test_missing_template_folder(demo, tmp_path):
    with pytest.raises(TemplateError, match="找不到报告模板文件夹"):
        render(model(demo), "md", tmp_path / "nope")


def test_a_blank_figure_is_said_unfilled_not_none(demo):
    demo["gik_t3"][0][0] = None  # 本年新收 自然人 blank → totals unknown
    got = " ".join(texts(demo))
    assert "None" not in got and "—" not in got  # never "收到申请—件" (tests/test_report_once.py)
    assert "本年度新收政府信息公开申请的件数未填写" in got


def test_request_sentence_when_only_natural_persons_applied(demo):
    zero_t3(demo)
    t3 = demo["gik_t3"]
    t3[0][0] = t3[0][6] = 5    # 本年新收 5, all 自然人
    t3[2][0] = t3[2][6] = 5    # 予以公开 5
    t3[23][0] = t3[23][6] = 5  # （七）总计
    assert "本年度共收到政府信息公开申请5件，均为自然人提出。本年度办理完毕5件，其中予以公开5件。" in texts(demo)


def test_request_sentence_when_only_organisations_applied(demo):
    zero_t3(demo)
    t3 = demo["gik_t3"]
    t3[0][1] = t3[0][6] = 2
    t3[24][1] = t3[24][6] = 2  # 结转下年度 2, none handled yet
    assert ("本年度共收到政府信息公开申请2件，均为法人或其他组织提出。"
            "本年度暂无办理完毕的申请；结转下年度继续办理2件。") in texts(demo)


@pytest.mark.parametrize("expression", [
    "''.__class__",
    "''.__class__.__mro__[1].__subclasses__()",
    "prose.__class__.__init__.__globals__",
    "range.__self__",
])
def test_sandbox_violations_name_file_and_line(demo, tmp_path, expression):
    source = f"# {{{{ sections[5] }}}}\n\n{{{{ {expression} }}}}\n"
    (tmp_path / "section6.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(model(demo), "docx", tmp_path)
    message = str(info.value)
    assert "section6.j2" in message and "第 3 行" in message and "报告模板" in message


@pytest.mark.parametrize(("encoding", "prefix"), [("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")])
def test_office_templates_saved_by_windows_notepad(demo, tmp_path, encoding, prefix):
    """UTF-8 with a byte-order mark (the BOM must not reach the title) and the legacy GBK code page."""
    (tmp_path / "title.j2").write_bytes(prefix + "{{ org }}{{ year }}年度政务公开报告\n".encode(encoding))
    (tmp_path / "section6.j2").write_bytes(prefix + "# {{ sections[5] }}\n本单位未收取任何费用。\n".encode(encoding))
    n = build_narrative(model(demo), tmp_path)
    assert n.title == ["青山县人民政府2025年度政务公开报告"]
    assert "本单位未收取任何费用。" in [b.text for b in n.body]


def test_an_undecodable_template_names_file_and_line(demo, tmp_path):
    (tmp_path / "section5.j2").write_bytes("# 五、\n正文\n".encode() + b"\xff\xfe\xff\n")
    with pytest.raises(TemplateError, match=r"section5\.j2.*第 3 行.*UTF-8"):
        render(model(demo), "md", tmp_path)


def test_an_unreadable_template_is_a_clear_error(demo, tmp_path, monkeypatch):
    from pathlib import Path

    (tmp_path / "section5.j2").write_text("# 五、\n", encoding="utf-8")
    real = Path.read_bytes

    def denied(self):
        if self.name == "section5.j2":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(TemplateError, match=r"无法读取报告模板.*section5\.j2"):
        render(model(demo), "md", tmp_path)


def test_control_characters_in_prose_never_break_a_document(demo):
    """Text pasted from Word may carry its manual line break (\\v) and other control characters."""
    demo["gik_s6_other"] = "第一行\v# 第二行\x07响铃\x00\n第三行\x1f"
    for fmt in ("docx", "html", "md"):
        render(model(demo), fmt)  # XML would reject \x07 and \x00
    got = texts(demo)
    assert got[-3:] == ["第一行", "# 第二行响铃", "第三行"]  # "#" after \v is text, not a heading
    assert not any(b.kind == "heading1" and "第二行" in b.text for b in build_narrative(model(demo)).body)


@pytest.mark.parametrize(("source", "hint"), [
    ("# 六、\n{% if info_fee %}\n有费用\n", "缺少 {% endif %}"),
    ("# 六、\n{% for p in prose.s6_other %}\n{{ p }}\n{% endif %}\n", "应为 {% endfor %}"),
    ("# 六、\n{{ info_fee + }}\n", "此处不应出现“}}”"),
])
def test_syntax_errors_are_explained_in_chinese(demo, tmp_path, source, hint):
    (tmp_path / "section6.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(model(demo), "md", tmp_path)
    assert hint in str(info.value) and "section6.j2" in str(info.value)


def test_a_template_cannot_change_what_the_others_see(demo, tmp_path):
    """One context serves every template: the sandbox is immutable too."""
    source = '{% include "default/section1.j2" %}\n{{ prose.s6_other.clear() }}\n'
    (tmp_path / "section1.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"section1\.j2.*第 2 行.*不允许"):
        render(model(demo), "md", tmp_path)
