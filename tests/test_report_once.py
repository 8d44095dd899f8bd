"""The report says a thing once, never asserts what is unknown, and signs as the clerk says.

- A sentence gikxl generates from the tables (一（二）'s requests, 四's 复议诉讼, 六's
  信息处理费) is left out when the clerk's prose already states those figures and agrees
  with the tables; when the prose differs (PROSE-FIGURE-MISMATCH, printed only under
  ``--force``) the generated sentence stays, so the report still says what the table holds.
- A blank figure (a report forced out with errors) is said to be 未填写, never printed as
  “—件” inside a sentence that asserts an event.
- ``gik_signer`` (落款单位) signs the report; a workbook from before it existed is read.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile

import docx
import pytest

from gikxl import spec
from gikxl.checks.engine import run_checks
from gikxl.report import render
from gikxl.report.narrative import build_narrative
from gikxl.workbook import read_report
from report_helpers import model

FORMATS = ("docx", "html", "md")
GENERATED_REQUESTS = "本年度办理完毕47件"
GENERATED_LAWSUITS = "其中结果维持2件、结果纠正1件、尚未审结1件"


def text_of(values, fmt: str) -> str:
    """The report's text in ``fmt``: the docx's paragraphs, the HTML without tags, the Markdown as is."""
    return report_text(model(values), fmt)


def report_text(report, fmt: str) -> str:
    data = render(report, fmt)
    if fmt == "docx":
        return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    text = data.decode("utf-8")
    return re.sub(r"<[^>]+>", "", text) if fmt == "html" else text


def paras(values) -> list[str]:
    return [b.text for b in build_narrative(model(values)).body if b.kind == "para"]


def mismatches(values) -> list[str]:
    return [f.message for f in run_checks(model(values)).findings if f.code == "PROSE-FIGURE-MISMATCH"]


# Said once -------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_request_figures_the_prose_states_are_not_generated_again(demo, fmt):
    stated = "本年度共收到政府信息公开申请47件，上年结转3件，结转下年度继续办理3件。"
    demo["gik_s1_request"] = stated + "\n" + demo["gik_s1_request"]
    assert mismatches(demo) == []
    text = text_of(demo, fmt)
    assert text.count("收到政府信息公开申请47件") == 1
    assert GENERATED_REQUESTS not in text
    assert "严格落实依申请公开" in text  # the clerk's own words stay


@pytest.mark.parametrize("fmt", FORMATS)
def test_lawsuit_figures_the_prose_states_are_not_generated_again(demo, fmt):
    demo["gik_s1_oversight"] += "\n本年度因政府信息公开工作被申请行政复议4件，被提起行政诉讼3件。"
    assert mismatches(demo) == []
    text = text_of(demo, fmt)
    assert text.count("行政复议4件") == 1 and GENERATED_LAWSUITS not in text
    assert GENERATED_REQUESTS in text  # the prose said nothing of table 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_requests_and_no_cases_are_said_once(demo, fmt):
    demo["gik_t3"] = [[0] * 7 for _ in range(25)]
    demo["gik_t4"] = [[0] * 15]
    demo["gik_s1_request"] = "本年度未收到政府信息公开申请。"
    demo["gik_s6_other"] = "本年度未发生政府信息公开行政复议和行政诉讼案件。"
    assert mismatches(demo) == []
    text = text_of(demo, fmt)
    assert text.count("未收到政府信息公开申请") == 1
    assert text.count("行政诉讼") == text_of({**demo, "gik_s6_other": ""}, fmt).count("行政诉讼")  # only the table's


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("fee", "prose"), [
    (0, "本年度未收取信息处理费。"), (0, "本年度没有收取任何信息处理费。"), (0, "信息处理费为0元。"),
    (350, "本年度共收取信息处理费350元。"), (12000, "依申请公开收取信息处理费1.2万元。"),
])
def test_the_information_fee_is_said_once(demo, fmt, fee, prose):
    demo["gik_info_fee"] = fee
    demo["gik_s6_other"] = prose + demo["gik_s6_other"]
    assert text_of(demo, fmt).count("信息处理费") == 1


def test_a_fee_the_prose_gets_wrong_keeps_the_generated_sentence(demo):
    demo["gik_s6_other"] = "本年度收取信息处理费350元。"  # the cell says 0
    assert paras(demo).count("本年度未收取信息处理费。") == 1


def test_a_fee_stated_in_another_section_does_not_replace_section_six(demo):
    demo["gik_s1_request"] += "依申请公开未收取信息处理费。"
    assert "本年度未收取信息处理费。" in paras(demo)


@pytest.mark.parametrize("fmt", FORMATS)
def test_prose_that_differs_from_the_table_keeps_the_generated_sentence(demo, fmt):
    """Forced out with PROSE-FIGURE-MISMATCH, the report prints the clerk's words as written and
    the table's figures beside them: gikxl never rewrites the clerk's text, and never lets it
    stand alone against the table it prints."""
    demo["gik_s1_request"] = "本年度共收到政府信息公开申请45件。"
    assert len(mismatches(demo)) == 1
    text = text_of(demo, fmt)
    assert "收到政府信息公开申请45件" in text and "本年度共收到政府信息公开申请47件" in text


def test_one_differing_figure_is_enough_to_keep_the_sentence(demo):
    demo["gik_s1_request"] = "本年度共收到政府信息公开申请47件，结转下年度继续办理5件。"
    assert len(mismatches(demo)) == 1
    assert any(p.startswith("本年度共收到政府信息公开申请47件，其中自然人") for p in paras(demo))


def test_figures_of_other_tables_or_years_do_not_drop_the_sentence(demo):
    demo["gik_s1_request"] = "2024年共收到政府信息公开申请40件。本年度制发行政规范性文件4件。"
    assert any(GENERATED_REQUESTS in p for p in paras(demo))


# Blanks never asserted ---------------------------------------------------------

def _input_cells(block: spec.Block) -> list[tuple[int, int]]:
    return [(i, j) for i, r in enumerate(block.rows) for j, c in enumerate(block.cols)
            if not block.is_derived(r.key, c.key)]


def _zeroed(values):
    values = copy.deepcopy(values)
    values["gik_t3"] = [[0] * 7 for _ in range(25)]
    values["gik_t4"] = [[0] * 15]
    return values


@pytest.mark.parametrize("base", ["demo", "zero"])
@pytest.mark.parametrize("block", [spec.T3, spec.T4], ids=["t3", "t4"])
def test_a_blank_figure_is_never_inside_an_asserting_sentence(demo, base, block):
    """Every input cell of tables 三 and 四 left blank in turn: the sentences say the figure was
    not filled in, and no sentence holds “—” (only the tables keep that mark)."""
    start = demo if base == "demo" else _zeroed(demo)
    assert not any("—" in p for p in paras(start))
    for i, j in _input_cells(block):
        values = copy.deepcopy(start)
        values[block.name][i][j] = None
        got = paras(values)
        where = f"{block.rows[i].label} / {block.cols[j].label}"
        assert not any("—" in p or "None" in p for p in got), where
        if base == "zero" and block is spec.T3 and block.rows[i].key not in ("new", "carried"):
            # 新收 0 and 结转 0 are known: "未收到申请" is true whatever the blank outcome cell holds
            assert "本年度未收到政府信息公开申请。" in got, where
        else:
            assert any("未填写" in p for p in got), where


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_blank_fee_is_said_unfilled(demo, fmt):
    demo["gik_info_fee"] = None
    text = text_of(demo, fmt)
    assert "信息处理费的金额未填写" in text and "信息处理费—" not in text and "未收取" not in text


def test_blank_review_figures_read_as_unfilled(demo):
    demo["gik_t4"][0][0] = None  # 行政复议 结果维持
    got = " ".join(paras(demo))
    assert "行政复议的件数未填写。" in got and "被申请行政复议" not in got
    assert "本年度因政府信息公开工作被提起行政诉讼3件" in got


# 落款 ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_the_signer_signs_the_report(demo, fmt):
    demo["gik_signer"] = "青山县人民政府办公室"
    assert build_narrative(model(demo)).signature == ["青山县人民政府办公室", "2026年3月20日"]
    text = text_of(demo, fmt)
    title, _, rest = text.partition("2025年政府信息公开工作年度报告")
    assert "青山县人民政府" in title and "办公室" not in title  # the title names the body
    assert rest.rstrip().endswith("青山县人民政府办公室\n2026年3月20日") or fmt != "docx"
    assert "青山县人民政府办公室" in rest


@pytest.mark.parametrize("signer", [None, "", "　"])
def test_without_a_signer_the_body_signs(demo, signer):
    demo["gik_signer"] = signer
    assert build_narrative(model(demo)).signature == ["青山县人民政府", "2026年3月20日"]


def test_the_signer_is_optional_on_the_info_sheet():
    (signer,) = [n for n in spec.defined_names() if n.name == "gik_signer"]
    assert signer.optional and signer.sheet == spec.INFO_SHEET.name and signer.shape == (1, 1)
    assert spec.INFO_SHEET.fields[-1].key == "signer" and not spec.FIELDS["signer"].required
    assert [n.name for n in spec.defined_names() if n.optional] == ["gik_signer"]


def _without_signer(path):
    """The workbook at ``path`` as a template from before ``gik_signer`` made it."""
    old = path.with_name("old.xlsm")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(old, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data, n = re.subn(rb'<definedName name="gik_signer">[^<]*</definedName>', b"", data)
                assert n == 1
            dst.writestr(item, data)
    return old


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_older_workbook_without_the_signer_name_reads_and_reports(demo, make_workbook, fmt):
    old = _without_signer(make_workbook(demo))
    report = read_report(old)
    assert report.fields["signer"] is None
    assert report.fields["org"] == "青山县人民政府"
    assert not run_checks(report).errors
    assert build_narrative(report).signature == ["青山县人民政府", "2026年3月20日"]
    assert "2026年3月20日" in report_text(report, fmt)


def test_an_older_workbook_open_in_excel_reads(demo, make_workbook, monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")  # as tests/test_excel.py: the remote engine
    import xlwings as xw

    from gikxl.workbook.xlbook import report_from_book
    from remote_book import payload_of

    path = make_workbook({**demo, "gik_signer": "青山县人民政府办公室"})
    payload = payload_of(path)
    assert report_from_book(xw.Book(json=copy.deepcopy(payload))).fields["signer"] == "青山县人民政府办公室"
    payload["names"] = [n for n in payload["names"] if n["name"] != "gik_signer"]
    report = report_from_book(xw.Book(json=payload))
    assert report.fields["signer"] is None and report.fields["org"] == "青山县人民政府"


def test_a_present_but_broken_signer_name_is_still_refused(demo, make_workbook):
    from gikxl.errors import UnusableWorkbook

    path = make_workbook(demo)
    broken = path.with_name("broken.xlsm")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace("'基本信息'!$B$8</definedName>".encode(), b"#REF!</definedName>")
            dst.writestr(item, data)
    with pytest.raises(UnusableWorkbook, match="gik_signer"):
        read_report(broken)
