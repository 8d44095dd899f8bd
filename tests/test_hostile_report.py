"""Hostile and clumsy input to 生成报告: report templates that would hang the machine, fill its
memory or read files they should not (point 4), text that breaks Word (point 6) and prose that
breaks Markdown (point 9).

Each refusal is a Chinese message naming the template file or the workbook cell, exit 2, no
output file and the workbook unchanged; text that can be cleaned is cleaned and the report made.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import re
import time
import zipfile
from pathlib import Path

import docx
import pytest

from gikxl.__main__ import main
from gikxl.errors import GikxlError, TemplateError
from gikxl.report import render
from gikxl.report import sandbox as sandbox_module
from gikxl.report.context import MAX_FIELD_CHARS, MAX_PARAGRAPHS, build_context, one_line
from gikxl.report.markdown import md_escape
from gikxl.report.narrative import OFFICE_FOLDER, build_narrative
from gikxl.template.layout import cell_of
from hostile import assert_clean_failure, run_bounded
from report_helpers import HtmlTables, model

NAME = "青山县人民政府2025年政府信息公开工作年度报告"
POSIX = pytest.mark.skipif(os.name == "nt", reason="symbolic links and FIFOs as POSIX makes them")
#: Stands for a cell's text in a built workbook until :func:`with_cell_xml` puts the real one in.
MARK = "GIKXLMARKQQ"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_cell_xml(make_workbook, demo, key: str, xml_text: str, name: str = "filled.xlsm") -> Path:
    """A workbook whose field ``key`` holds ``xml_text`` as the file stores it: openpyxl refuses
    control characters (Excel writes them as ``_x000B_``) and cuts text at 32 767 characters."""
    demo[f"gik_{key}"] = MARK
    book = make_workbook(demo, name)
    source = zipfile.ZipFile(io.BytesIO(book.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info, source.read(info).replace(MARK.encode(), xml_text.encode()))
    book.write_bytes(out.getvalue())
    return book


def office_folder(book: Path, files: dict[str, str]) -> Path:
    folder = book.parent / OFFICE_FOLDER
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def refused_template(run, template: str = "section6.j2") -> None:
    assert_clean_failure(run, code=2)
    assert template in run.err and "报告模板" in run.err, run.err


# 4. Hostile report templates, through the command line -------------------------------------

CLI_CASES = {
    "template: 10 ** (10 ** 9)": ("{{ 10 ** (10 ** 9) }}\n", "乘方"),
    "template: 'x' * 10**9": ("{{ 'x' * 10**9 }}\n", "过长"),
    # Ten billion turns: the clock or the count of what the ranges yield stops it, whichever is first.
    "template: nested loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n", "秒|运算量"),
    "template: ::table 3 100,000 times": ("{% for i in range(100000) %}\n::table 3\n{% endfor %}\n", "表格过多"),
}


@pytest.mark.parametrize(("case", "given"), [
    *((case, "next to the workbook") for case in CLI_CASES),
    ("template: 10 ** (10 ** 9)", "--templates"),
])
def test_a_hostile_template_is_refused_in_bounded_time_and_memory(make_workbook, demo, tmp_path, case, given):
    source, reason = CLI_CASES[case]
    book = make_workbook(demo)
    before = digest(book)
    if given == "--templates":
        folder = tmp_path / "模板"
        folder.mkdir()
        (folder / "section6.j2").write_text(source, encoding="utf-8")
        extra = ["--templates", str(folder)]
    else:
        office_folder(book, {"section6.j2": source})
        extra = []
    out = tmp_path / "报告.docx"
    run = run_bounded(["report", str(book), "-o", str(out), *extra], name=f"{case} ({given})", tmp=tmp_path)
    refused_template(run)
    assert re.search(reason, run.err), run.err
    assert not out.exists() and not (tmp_path / f"{NAME}.docx").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~gikxl")]
    assert digest(book) == before


@POSIX
def test_a_template_linked_to_a_system_file_is_refused(make_workbook, demo, tmp_path):
    book = make_workbook(demo)
    before = digest(book)
    folder = book.parent / OFFICE_FOLDER
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:秘密\n", encoding="utf-8")
    (folder / "section6.j2").symlink_to(secret)
    out = tmp_path / "报告.md"
    run = run_bounded(["report", str(book), "-o", str(out)], name="template: link to a system file", tmp=tmp_path)
    refused_template(run)
    assert "链接" in run.err and "秘密" not in run.err + run.out
    assert not out.exists() and digest(book) == before


# 4. Hostile report templates, in process (each would take minutes or gigabytes unguarded) ----

IN_PROCESS = {
    "doubling with ~": "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
                       "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "doubling with +": "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
                       "{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "squaring an integer": "{% set ns = namespace(n=10) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}"
                           "{% endfor %}",
    "a long list": "{{ [0] * 100000000 }}",
    "replace": "{{ ('x' * 10000)|replace('x', 'x' * 10000) }}",
    "str.replace": "{{ ('x' * 10000).replace('x', 'x' * 10000) }}",
    "center": "{{ 'x'|center(100000000) }}",
    "% with a width": "{{ '%100000000d' % 1 }}",
    "% with a width argument": "{{ '%*d' % (100000000, 1) }}",
    "format with a width": "{{ '{:>100000000}'.format(1) }}",
    "format filter with a width": "{{ '%100000000s'|format('x') }}",
    "batch with a filler": "{{ [1]|batch(10000000, 'x')|list }}",
    "map center": "{{ range(100000)|map('center', 1000)|list }}",
    "indent": "{{ ('a\\n' * 100000)|indent(1000) }}",
    "expandtabs": "{{ ('\\t' * 100000).expandtabs(1000) }}",
    "join with a long separator": "{{ range(10000)|join('x' * 10000) }}",
    "join of a lazy map": "{{ range(100000)|map('string')|join('x' * 1000) }}",
    "str.join of a lazy map": "{{ ('x' * 1000).join(range(100000)|map('string')) }}",
    "join of dictionary items": "{{ dict.fromkeys(range(100000), 'x').items()|join('y' * 1000) }}",
    "a format field used again and again": "{{ ('{0}' * 1000).format('x' * 100000) }}",
    "a % field used again and again": "{{ ('%(a)s' * 1000) % {'a': 'x' * 100000} }}",
    "output held in a block": "{% set b %}{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}{% endset %}",
    "output printed": "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    "a macro doubling its output": "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% else %}x{% endif %}"
                                   "{% endmacro %}{{ f(40) }}",
    "a macro calling itself": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "a template including itself": '{% include "section6.j2" %}',
    "loops over a list": "{% set l = range(100000)|list %}{% for i in l %}{% for j in l %}{% endfor %}{% endfor %}",
    "a huge range": "{{ range(10**9)|list }}",
    "lipsum": "{{ lipsum(100000) }}",
    "paragraphs": "{% for i in range(100000) %}\nx\n{% endfor %}",
}


@pytest.mark.parametrize("case", list(IN_PROCESS))
def test_hostile_template_operations_are_refused(demo, tmp_path, monkeypatch, case):
    monkeypatch.setattr(sandbox_module, "RENDER_SECONDS", 1.0)  # the real 10 s is shown through the CLI above
    (tmp_path / "section6.j2").write_text(f"# 六、\n{IN_PROCESS[case]}\n", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(TemplateError) as info:
        build_narrative(model(demo), tmp_path)
    assert time.perf_counter() - start < 10
    message = str(info.value)
    assert "section6.j2" in message and "报告模板" in message, message


def test_bounds_leave_ordinary_template_code_alone(demo, tmp_path):
    """Loops, macros, ~, set blocks, formatting and filters work as before inside the bounds."""
    (tmp_path / "section6.j2").write_text(
        '{% macro m(x) %}[{{ x ~ "!" }}]{% endmacro %}\n# {{ sections[5] }}\n'
        "{% set ns = namespace(s='') %}{% for p in prose.s1_active %}{% set ns.s = ns.s ~ p[:2] %}{% endfor %}\n"
        '{{ ns.s }}{{ m(org) }}{{ "%s-%d" % (org, year) }}{{ year * 2 }}{{ year ** 2 }}{{ "{}年".format(year) }}\n'
        '{% set b %}块{{ org|replace("人民", "") }}{% endset %}{{ b }}{{ "x"|center(5) }}|\n'
        "{% for k in outcomes4 %}{{ k.label }}{% if not loop.last %}、{% endif %}{% endfor %}\n\n"
        "::table 3\n", encoding="utf-8")
    body = build_narrative(model(demo), tmp_path).body
    texts = [b.text for b in body]
    assert "20[青山县人民政府!]青山县人民政府-2025405041006252025年" in texts  # 2025·2, 2025², "{}年"
    assert "块青山县政府  x  |" in texts
    assert "结果维持、结果纠正、其他结果、尚未审结" in texts
    assert body[-1].kind == "table" and body[-1].table == 3


def test_the_bundled_templates_stay_far_inside_the_bounds(demo):
    """Every text field at Excel's limit, in many paragraphs: still a report, in every format."""
    for key in ("intro", "s1_active", "s1_request", "s1_manage", "s1_platform", "s1_oversight",
                "s5_problems", "s5_improve", "s6_other"):
        line = "本机关" * 21 + "。"
        demo[f"gik_{key}"] = "\n".join([line] * (MAX_FIELD_CHARS // (len(line) + 1)))
    start = time.perf_counter()
    for fmt in ("docx", "html", "md"):
        assert render(model(demo), fmt)
    assert time.perf_counter() - start < 60


# 4. The template folder holds plain files only ---------------------------------------------

@POSIX
def test_a_link_even_to_a_file_inside_the_folder_is_refused(demo, tmp_path):
    (tmp_path / "mine.txt").write_text("# 六、\n", encoding="utf-8")
    (tmp_path / "section6.j2").symlink_to(tmp_path / "mine.txt")
    with pytest.raises(TemplateError, match=r"section6\.j2.*链接"):
        build_narrative(model(demo), tmp_path)


@POSIX
def test_an_include_through_a_linked_folder_is_refused(demo, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "etc").symlink_to(outside, target_is_directory=True)
    (folder / "section6.j2").write_text('# 六、\n{% include "etc/passwd" %}\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="链接"):
        build_narrative(model(demo), folder)


@POSIX
def test_a_folder_junction_that_leads_outside_is_refused(demo, tmp_path, monkeypatch):
    """A Windows directory junction is no symbolic link to ``islink``; the real path still tells."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "section6.j2").write_text("# 六、\n外面的文件\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    (folder / "section6.j2").write_text('{% include "sub/section6.j2" %}\n', encoding="utf-8")
    monkeypatch.setattr(os.path, "islink", lambda path: False)
    with pytest.raises(TemplateError, match="模板文件夹之外"):
        build_narrative(model(demo), folder)


def test_a_drive_letter_in_an_include_does_not_escape(demo, tmp_path):
    """On Windows ``os.path.join(folder, "C:", …)`` starts again at drive C:; no piece with a colon
    is a template name (here a folder called "C:" stands in for the drive)."""
    (tmp_path / "C:").mkdir()
    (tmp_path / "C:" / "win.ini").write_text("[fonts]\n", encoding="utf-8")
    (tmp_path / "section6.j2").write_text('# 六、\n{% include "C:/win.ini" %}\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="找不到被引用的模板"):
        build_narrative(model(demo), tmp_path)


@pytest.mark.parametrize("name", ["../section6.j2", "sub/../../section6.j2", r"sub\\..\\section6.j2"])
def test_no_template_name_leaves_the_folder(demo, tmp_path, name):
    folder = tmp_path / "templates"
    folder.mkdir()
    (tmp_path / "section6.j2").write_text("外面的文件\n", encoding="utf-8")
    (folder / "section6.j2").write_text(f'# 六、\n{{% include "{name}" %}}\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="找不到被引用的模板"):
        build_narrative(model(demo), folder)


@POSIX
def test_a_fifo_in_place_of_a_template_is_refused_without_waiting(demo, tmp_path):
    os.mkfifo(tmp_path / "section6.j2")
    start = time.perf_counter()
    with pytest.raises(TemplateError, match=r"section6\.j2.*不是普通文件"):
        build_narrative(model(demo), tmp_path)
    assert time.perf_counter() - start < 5


def test_an_oversized_template_is_refused(demo, tmp_path):
    (tmp_path / "section6.j2").write_text("# 六、\n" + "很长的模板。\n" * 20000, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"section6\.j2.*文件过大"):
        build_narrative(model(demo), tmp_path)


# 6. Characters that break Word -------------------------------------------------------------

def _reports(book: Path, tmp_path: Path) -> tuple[docx.document.Document, str, str]:
    """The report of ``book`` as Word (through the bounded command line), HTML and Markdown."""
    before = digest(book)
    out = tmp_path / "报告.docx"
    run = run_bounded(["report", str(book), "--force", "-o", str(out)], name="report: " + book.stem, tmp=tmp_path)
    assert run.code == 0 and "Traceback" not in run.err, run.err
    texts = []
    for suffix in ("html", "md"):
        assert main(["report", str(book), "--force", "-o", str(tmp_path / f"报告.{suffix}")]) == 0
        texts.append((tmp_path / f"报告.{suffix}").read_text("utf-8"))
    assert digest(book) == before
    return docx.Document(out), texts[0], texts[1]


def test_an_org_name_with_words_line_break_and_control_characters(make_workbook, demo, tmp_path):
    """Pasted out of Word: its manual line break (\\v, stored as _x000B_) and a control character."""
    book = with_cell_xml(make_workbook, demo, "org", "青山县_x000B_人民政府_x0001_", "org-with-controls.xlsm")
    document, html, md = _reports(book, tmp_path)
    props = document.core_properties
    assert props.author == props.last_modified_by == "青山县人民政府"
    assert props.title == NAME
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0].replace("\n", "") == NAME and "青山县人民政府" in paragraphs  # the title breaks after the name
    page = HtmlTables()
    page.feed(html)
    assert page.headings[0] == ("h1", NAME) and "青山县人民政府" in page.paragraphs
    assert md.startswith(f"# {NAME}\n") and "\x0b" not in md and "\x01" not in md + html


def test_an_org_name_too_long_for_a_document_property(make_workbook, demo, tmp_path):
    org = "青山县" * 100 + "人民政府"  # 304 characters: python-docx takes at most 255 in a property
    book = with_cell_xml(make_workbook, demo, "org", org, "long-org.xlsm")
    document, html, md = _reports(book, tmp_path)
    props = document.core_properties
    assert len(props.title) == len(props.author) == 255
    assert props.title.endswith("…") and org.startswith(props.author[:-1])
    assert document.paragraphs[0].text.replace("\n", "") == f"{org}2025年政府信息公开工作年度报告"
    assert org in html and md.startswith(f"# {org}2025年")


def test_a_prose_paragraph_over_10_mb_is_refused_naming_its_cell(make_workbook, demo, tmp_path):
    """More than any Excel cell holds (32 767 characters): the file was not written by Excel."""
    rnd = random.Random(6)  # random characters: a zip-bomb check would refuse a repeated one
    text = "".join(map(chr, rnd.choices(range(0x4E00, 0x9FA5), k=3_500_000)))  # 10.5 MB in UTF-8
    book = with_cell_xml(make_workbook, demo, "s1_active", text, "huge-prose.xlsm")
    before = digest(book)
    out = tmp_path / "报告.docx"
    run = run_bounded(["report", str(book), "--force", "-o", str(out)], name="report: 10 MB paragraph",
                      tmp=tmp_path)
    assert_clean_failure(run, code=2)
    sheet, cell = cell_of("gik_s1_active")
    assert "（一）主动公开" in run.err and f"'{sheet}'!{cell}" in run.err and str(MAX_FIELD_CHARS) in run.err
    assert not out.exists() and digest(book) == before


def test_too_many_paragraphs_in_one_field_are_refused_naming_its_cell(demo):
    demo["gik_s5_problems"] = "\n".join(["问题。"] * (MAX_PARAGRAPHS + 1))
    with pytest.raises(GikxlError) as info:
        build_context(model(demo))
    sheet, cell = cell_of("gik_s5_problems")
    assert "存在的主要问题" in str(info.value) and f"'{sheet}'!{cell}" in str(info.value)


@pytest.mark.parametrize(("text", "line"), [
    ("青山县\v人民政府", "青山县人民政府"),
    ("青山县 \r\n 人民政府\x07", "青山县人民政府"),
    ("Qingshan\vCounty", "Qingshan County"),
    ("\v青山县人民政府\u2028", "青山县人民政府"),
    ("青山县人民政府", "青山县人民政府"),
])
def test_one_line_fields(text, line):
    assert one_line(text) == line


# 9. Markdown -------------------------------------------------------------------------------

HOSTILE_PROSE = ["~~~", "```", "~~~~ python", "&lt;b&gt; 与 &amp; 及 &#60;", "<div>", "1.", "2) 第二",
                 "~~删除线~~", "<!-- 注释", "| 竖线 |", "* * *", "[链接]: /url"]


def _hostile_md(demo) -> tuple[str, list[str]]:
    demo["gik_s1_active"] = "\n".join(HOSTILE_PROSE)
    return render(model(demo), "md").decode("utf-8"), HOSTILE_PROSE


def test_markdown_prose_never_opens_a_block(demo):
    """Without a parser: no line of prose starts a fence, an HTML block, a list or an entity."""
    md, _ = _hostile_md(demo)
    lines = md.splitlines()
    rules = [i for i, line in enumerate(lines) if re.match(r"\| -{3}", line)]
    assert len(rules) == 6 and lines.index("\\~\\~\\~") < rules[0]  # 表二's four blocks, 表三, 表四
    for line in lines:
        assert not re.match(r" {0,3}(```|~~~)", line), line
        assert not re.match(r" {0,3}(<|\d{1,9}[.)](\s|$)|[-*+](\s|$))", line), line
    assert not re.search(r"(?<!\\)&", md)  # every & escaped: "&lt;" is shown as written


def test_markdown_prose_shows_literally_and_tables_survive(demo):
    """With a real CommonMark parser: each hostile line is one paragraph of its own text,
    and every official table after it is still a table."""
    markdown_it = pytest.importorskip("markdown_it")
    md, lines = _hostile_md(demo)
    parser = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough")
    page = HtmlTables()
    page.feed(parser.render(md))
    for line in lines:
        assert line in page.paragraphs, (line, page.paragraphs[:20])
    assert len(page.tables) == 6  # 表二's four blocks, 表三, 表四


@pytest.mark.parametrize(("text", "escaped"), [
    ("1. 加强", "1\\. 加强"),
    ("1.5亿元", "1.5亿元"),
    ("~~~", "\\~\\~\\~"),
    ("&lt;", "\\&lt;"),
    ("    缩进", "缩进"),
    ("青山县人民政府", "青山县人民政府"),
])
def test_md_escape(text, escaped):
    assert md_escape(text) == escaped


def test_html_drops_c1_and_bidi_controls(make_workbook, demo, tmp_path):
    """U+009B (CSI) and U+202E (right-to-left override) could reorder or hide what a page shows."""
    demo["gik_s1_active"] = "本年主动公开\u202e信息\u009b123条。"
    demo["gik_org"] = "青山县\u202e人民政府"
    book = make_workbook(demo)
    out = tmp_path / "r.html"
    run = run_bounded(["report", str(book), "-o", str(out), "--force"], name="html bidi", tmp=tmp_path)
    assert run.code == 0, run.err
    page = out.read_text(encoding="utf-8")
    assert "\u202e" not in page and "\u009b" not in page
    assert "本年主动公开信息123条。" in page and "青山县人民政府" in page


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_word_and_markdown_drop_bidi_controls_from_the_name(demo, fmt):
    """A 机关名称 with U+202E would show reversed in the title and the signature."""
    from gikxl.report import render
    from report_helpers import model

    demo["gik_org"] = "青山县\u202e人民政府"
    data = render(model(demo), fmt)
    text = data.decode("utf-8") if fmt == "md" else _docx_text(data)
    assert "\u202e" not in text and "青山县人民政府" in text


def _docx_text(data: bytes) -> str:
    import io

    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
