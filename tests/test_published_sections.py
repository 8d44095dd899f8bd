"""Sections and the fee as published: every heading form, a 五 in one passage, the fee's
phrasings, their look-alikes — in every kind of file — and the two real reports.

The variants are written at test time (``section_variants``), and their Word files printed
to PDF by LibreOffice where it is installed; the real reports are read
from ``../shared/real/`` when it is there (they are public data, never committed).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from gikxl.fees import stated_fee
from gikxl.published import import_report
from gikxl.published.document import fold
from gikxl.published.importer import paragraphs, read_document
from gikxl.published.sections import find_parts, improvements_start, section_heading, sub_heading
from lo import needs_soffice, soffice
from real_reports import REAL, expected
from section_variants import FEES, IMPROVE, KINDS, PROBLEMS, S1, VARIANTS, Variant, write


def _check(variant: Variant, path: Path) -> None:
    imported = import_report(path)
    fields = imported.report.fields
    for key, start in variant.starts.items():
        got = fold(fields[key] or "")
        if start:
            assert got.startswith(fold(start)), (key, got[:40])
            assert key in imported.sources, key  # and it says where it was read
        else:
            assert got == "", (key, got[:40])
    for key, texts in variant.holds.items():
        for text in texts:
            assert fold(text) in fold(fields[key] or ""), (key, text)
    assert fields["info_fee"] == variant.fee
    if variant.fee is not None:
        assert "信息处理费" in imported.sources["info_fee"].snippet
    # nothing lost: each text the body holds is in some field
    everything = fold("".join(str(v) for v in fields.values() if isinstance(v, str)))
    printed = fold("".join(variant.paragraphs))
    for text in [*S1.values(), PROBLEMS, IMPROVE]:
        if fold(text) in printed:
            assert fold(text) in everything, text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_sections_and_fee_as_published(variant, kind, tmp_path):
    _check(variant, write(variant, kind, tmp_path))


@pytest.fixture(scope="module")
def variant_pdfs(tmp_path_factory) -> Path:
    """Every variant's Word file printed to PDF by LibreOffice, in one run (as Word users print)."""
    folder = tmp_path_factory.mktemp("variants")
    sources = [write(v, "docx", folder) for v in VARIANTS]
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, sources)],
                       capture_output=True, timeout=600, check=True)
    return folder / "pdf"


@needs_soffice
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_sections_and_fee_as_printed_to_pdf(variant, variant_pdfs):
    _check(variant, variant_pdfs / f"{variant.name}.pdf")


@pytest.mark.parametrize("kind", ("txt", "docx"))
def test_typod_and_shortened_official_headings_are_found(kind, tmp_path):
    (variant,) = [v for v in VARIANTS if v.name == "official-typos"]
    lines = paragraphs(read_document(write(variant, kind, tmp_path)).lines)
    parts = find_parts(lines)
    assert sorted(parts.headings) == [0, 1, 2, 3, 4, 5]
    assert "行政法复议" in lines[parts.headings[3]].text


@pytest.mark.parametrize(("text", "index", "rest"), [
    ("四、政府信息公开行政法复议、行政诉讼情况", 3, ""),
    ("三、收到和处理政府信息申请情况", 2, ""),
    ("一、总体情况。2024年，全县", 0, "2024年，全县"),
    ("五、存在的主要问题及改进情况 对照上级要求", 4, "对照上级要求"),
    ("六、其他需要报告的事项本年度未收取信息处理费。", 5, "本年度未收取信息处理费。"),
    ("六、其他事项", 5, ""),
])
def test_official_headings_as_printed(text, index, rest):
    assert section_heading(text, index) == (True, rest)


@pytest.mark.parametrize(("text", "index"), [
    ("二、依申请公开情况", 1),  # section 一's own sub-heading, numbered like the official 二
    ("二、主动公开情况", 1),
    ("四、政府信息公开平台建设情况", 3),
    ("五、政府信息公开监督保障及教育培训情况", 4),
    ("（二）主动公开政府信息情况", 1),  # a sub-heading's numbering
    ("主动公开政府信息情况", 1),
])
def test_look_alikes_of_official_headings(text, index):
    assert section_heading(text, index)[0] is False


@pytest.mark.parametrize(("text", "kind", "rest"), [
    ("（一）主动公开情况。全年公开", None, "全年公开"),
    ("（一）主动公开方面 全年公开", None, "全年公开"),
    ("（一）主动公开方面全年公开", None, "全年公开"),
    ("（一） 主动公开", None, ""),
    ("(一)主动公开：全年公开", None, "全年公开"),
    ("法定主动公开方面：", None, ""),
    ("法定主动公开方面：全年公开", None, "全年公开"),
    ("一、主动公开情况", "cn", ""),
])
def test_sub_headings_as_printed(text, kind, rest):
    assert sub_heading(text, ("主动公开",), kind) == (True, rest)


@pytest.mark.parametrize(("text", "kind"), [
    ("主动公开政府信息1136条。", None),  # body text that mentions 主动公开
    ("主动公开方面，重点公开财政预决算信息。", None),
    ("2.主动公开信息100条，其中政策解读20条。", None),  # an item, not a heading
    ("2.主动公开", "paren"),  # numbered unlike the section's sub-headings
    ("法定主动公开方面：", "paren"),
    ("全年主动公开情况良好：", None),
])
def test_look_alikes_of_sub_headings(text, kind):
    assert sub_heading(text, ("主动公开",), kind)[0] is False


@pytest.mark.parametrize(("text", "turn"), [
    ("仍有差距。针对存在问题，下一步将抓好", "针对存在问题"),
    ("仍有差距。\n下一步，我县将", "下一步"),
    ("仍有差距。我们将采取以下措施加以改进：一是", "我们将采取以下措施"),
    ("仍有差距。改进措施：一是", "改进措施"),
    ("仍有差距。针对上述不足，整改措施如下", "针对上述不足"),
    ("仍有差距；2025年，我县将", "2025年"),
])
def test_where_a_one_passage_five_turns_to_its_improvements(text, turn):
    at = improvements_start(text, 2024)
    assert at is not None and text[at:].startswith(turn)


@pytest.mark.parametrize("text", [
    "部分栏目有待改进，为下一步工作打下基础。",
    "对照上级新要求和公众新期待，还有一些需要加强和改进的地方。",
    "2024年，我县将政务公开纳入考核。",  # the report's own year: what was done, not what will be
])
def test_problems_that_only_mention_improvement_do_not_turn(text):
    assert improvements_start(text, 2024) is None


@pytest.mark.parametrize("name", sorted(FEES))
def test_fee_phrasings(name):
    s6, fee = FEES[name]
    assert next((f for s in s6 if (f := stated_fee(s)) is not None), None) == fee


# The real reports ------------------------------------------------------------------------

def _real(name: str) -> tuple[Path, dict]:
    want = expected()  # skips, saying why, where the real files are absent
    return REAL / name, want[name]


def _sections_as_expected(name: str) -> None:
    path, want = _real(name)
    imported = import_report(path)
    fields = imported.report.fields
    for key, start in want["sections"].items():
        assert fold(fields[key] or "").startswith(fold(start)), (key, (fields[key] or "")[:40])
        assert imported.sources[key].snippet
    assert fields["info_fee"] == want["info_fee"]
    assert (fields["org"], fields["year"]) == (want["org"], want["year"])


def test_huaian_2024_every_section_and_the_fee():
    _sections_as_expected("2024-淮安市人民政府.pdf")


def test_hongze_2023_every_section_and_the_fee():
    _sections_as_expected("2023-洪泽区人民政府.pdf")


def test_hongze_2023_one_passage_five_is_split_at_its_improvements():
    path, want = _real("2023-洪泽区人民政府.pdf")
    fields = import_report(path).report.fields
    assert fold(fields["s5_improve"]).startswith(fold(want["sections"]["s5_improve"]))
    assert "针对存在问题" not in fields["s5_problems"]
