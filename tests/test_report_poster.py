"""一图读懂: every figure the poster prints is the table's, read back from the SVG; it renders in
Chromium and as a PNG of the size asked; blanks, last year's changes, hostile names and an
office's own template."""

from __future__ import annotations

import copy
import re
import struct
import subprocess
import sys

import pytest
from lxml import etree

from gikxl.errors import TemplateError
from gikxl.report import render, write_report
from gikxl.report.poster import POSTER, WIDTH, poster_svg
from poster_helpers import SVG, all_texts, expected_figures, figures_in, printed
from report_helpers import model

GIKXL = [sys.executable, "-m", "gikxl"]


def variants(demo):
    """The demo and workbooks unlike it: blanks, zeros everywhere, large figures, amounts."""
    blanks = copy.deepcopy(demo)
    blanks["gik_t3"][0][0] = None  # 新收 of 自然人: 新收's total and the 勾稽 are unknown
    blanks["gik_t3"][2][1] = None  # one 予以公开 cell: the group, （七）总计 and every share
    blanks["gik_t2_rules"][1][2] = None
    blanks["gik_t4"][0][1] = None  # 复议 纠正
    blanks["gik_info_fee"] = None
    zeros = copy.deepcopy(demo)
    zeros["gik_t3"] = [[0] * 7 for _ in range(25)]
    zeros["gik_t4"] = [[0] * 15]
    big = copy.deepcopy(demo)
    big["gik_t2_permit"] = [[987654]]
    big["gik_t2_fee"] = [[12.3456]]
    big["gik_info_fee"] = 120.5
    big["gik_t3"][2][0] = 99999
    return {"demo": demo, "blanks": blanks, "zeros": zeros, "big": big}


@pytest.fixture(params=["demo", "blanks", "zeros", "big"])
def case(request, demo):
    return model(variants(demo)[request.param])


def test_every_figure_on_the_poster_is_the_tables(case):
    shown = figures_in(poster_svg(case))
    wanted = expected_figures(case)
    assert set(shown) == set(wanted)
    for key, (value, kind) in wanted.items():
        assert shown[key].value == printed(value, kind), key
        if value is not None and kind != "%":
            assert shown[key].unit == kind, key
        if value is None:
            assert shown[key].unit == "", key  # 未填报, never “未填报件”


def test_outcome_shares_and_bars_follow_the_total(case):
    shown = figures_in(poster_svg(case))
    total = case.value("t3", "total", "total")
    outcomes = {k: s for k, s in shown.items() if s.bar is not None}
    assert len(outcomes) == 6
    widths = {}
    for key, s in outcomes.items():
        count = None if s.value == "未填报" else int(s.value)
        share = None if count is None or total in (None, 0) else count / total
        assert s.share == ("—" if share is None else f"{share * 100:.1f}%"), key
        widths[key] = (share or 0, s.bar)
    longest = max(widths.values(), key=lambda p: p[0])
    for share, width in widths.values():
        assert width == pytest.approx(share / longest[0] * longest[1] if longest[0] else 0, abs=0.01)


def test_no_number_on_the_poster_is_left_unchecked(demo):
    """Digits appear only in figures, the year and the report's title: nothing else claims a number."""
    report = model(demo)
    svg = poster_svg(report)
    root = etree.fromstring(svg.encode())
    # The set keeps the elements alive, so lxml hands out the same proxies again below.
    figure_texts = {t for g in root.iter(SVG + "g") if "figure" in (g.get("class") or "").split()
                    for t in g.iter(SVG + "text")}
    for t in root.iter(SVG + "text"):
        if t in figure_texts:
            continue
        text = "".join(t.itertext())
        for number in re.findall(r"\d+", text):
            assert number in {"2025", "01", "02", "03", "04"}, text


def test_a_blank_is_never_shown_as_zero(demo):
    values = variants(demo)["blanks"]
    shown = figures_in(poster_svg(model(values)))
    t3 = "收到和处理政府信息公开申请情况"
    assert shown[(t3, "本年新收政府信息公开申请数量")].value == "未填报"
    assert shown[(t3, "本年度办理结果", "予以公开")].value == "未填报"
    assert shown[(t3, "本年度办理结果", "总计")].value == "未填报"
    assert shown[(t3, "本年度办理结果", "公开率")].value == "—"
    assert shown[("信息处理费", "信息处理费")].value == "未填报"
    # A part that is known stays itself beside its blank neighbours.
    assert shown[(t3, "本年度办理结果", "部分公开")].value == str(sum(values["gik_t3"][3][:6]))


def test_a_share_over_nothing_is_a_dash_not_zero_percent(demo):
    values = variants(demo)["zeros"]
    shown = figures_in(poster_svg(model(values)))
    assert shown[("收到和处理政府信息公开申请情况", "本年度办理结果", "公开率")].value == "—"
    assert shown[("政府信息公开行政复议、行政诉讼情况", "行政复议", "纠错率")].value == "—"
    assert "0.0%" not in " ".join(all_texts(poster_svg(model(values))))


# Last year ----------------------------------------------------------------------------

def _number(text: str) -> float:
    return float(re.search(r"\d+(\.\d+)?", text).group())


def test_changes_from_last_year_beside_each_figure(demo):
    before = copy.deepcopy(demo)
    before["gik_year"] = 2024
    before["gik_t3"][0][0] -= 5          # 新收 was 5 fewer
    before["gik_t2_permit"] = [[1300]]   # 许可 was 32 more
    before["gik_t4"][0][0] += 1          # 复议 维持 was 1 more
    now, last = model(demo), model(before)
    svg = poster_svg(now, last)
    shown = figures_in(svg)
    wanted_now, wanted_before = expected_figures(now), expected_figures(last)
    for key, (value, kind) in wanted_now.items():
        old = wanted_before[key][0]
        change = shown[key].change
        if kind == "%":
            points = round((value - old) * 100, 1) if value is not None and old is not None else None
            if points is None:
                assert change is None, key
            elif points == 0:
                assert change in ("与上年持平", "持平"), key
            else:
                assert ("上升" in change or change.startswith("+")) == (points > 0), key
                assert _number(change) == pytest.approx(abs(points)), key
            continue
        diff = value - old
        if diff == 0:
            assert change in ("与上年持平", "持平"), key
        else:
            assert ("增加" in change or change.startswith("+")) == (diff > 0), (key, change)
            assert _number(change) == pytest.approx(abs(diff)), key
    assert shown[("收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量")].change == "较上年增加5件"
    assert shown[("主动公开政府信息情况", "本年处理决定数量", "行政许可")].change == "较上年减少32件"
    assert "（增减均与2024年度报告相比）" in all_texts(svg)


def test_no_change_is_claimed_where_either_year_is_blank(demo):
    before = copy.deepcopy(demo)
    before["gik_t3"][0][0] = None
    shown = figures_in(poster_svg(model(variants(demo)["blanks"]), model(before)))
    assert shown[("收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量")].change is None
    assert shown[("信息处理费", "信息处理费")].change is None


def test_without_last_year_there_are_no_changes(demo):
    assert all(s.change is None for s in figures_in(poster_svg(model(demo))).values())


# Hostile names ----------------------------------------------------------------------

HOSTILE = [
    '<script>alert(1)</script>青山县"人民政府"&amp;',
    "青山县\x00\x07\x1b人民\u202e政府\r\n办公室",
    "青" * 10_000,
    "]]><svg onload=alert(1)><!--",
]


@pytest.mark.parametrize("org", HOSTILE)
def test_hostile_names_neither_break_nor_escape_the_svg(demo, org):
    demo["gik_org"] = org
    svg = poster_svg(model(demo))
    root = etree.fromstring(svg.encode())  # well-formed
    assert root.get("width") == str(WIDTH)
    assert not any(el.tag.endswith(("script", "foreignObject")) for el in root.iter() if isinstance(el.tag, str))
    assert not any(k.lower().startswith("on") for el in root.iter() for k in el.attrib)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", svg)
    titles = [t for t in root.iter(SVG + "text") if t.get("class") == "title"]
    assert 1 < len(titles) <= 3  # the name wraps onto at most two lines, then 政府信息公开工作年度报告
    assert all(sum(0.5 if ord(c) < 128 else 1 for c in "".join(t.itertext())) <= 21 for t in titles)
    assert len(svg) < 100_000  # a 10 000-character name is cut, not printed three times over
    figures_in(svg)  # the figures are all still where they belong


# Seen -------------------------------------------------------------------------------

def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_is_the_size_asked(demo):
    report = model(demo)
    svg = poster_svg(report)
    height = int(etree.fromstring(svg.encode()).get("height"))
    assert _png_size(render(report, "png")) == (WIDTH, height)
    assert 2000 < height < 4000  # a poster, not a banner or a scroll


def test_png_draws_the_chinese_text(demo):
    """With this machine's CJK font the text is drawn: the PNG carries far more than the same poster
    drawn with no font at all, where every glyph is left out."""
    import resvg_py

    from gikxl.report.poster import cjk_fonts, poster_png

    if not cjk_fonts():
        pytest.skip("no Noto CJK font here (fonts-noto-cjk, scripts/setup-tests.sh)")
    svg = poster_svg(model(demo))
    bare = bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True))
    assert len(poster_png(svg)) > 1.5 * len(bare)


def test_svg_renders_in_chromium_within_its_width(demo, tmp_path):
    from chromium import needs_chromium

    if needs_chromium.args[0]:
        pytest.skip(needs_chromium.kwargs["reason"])
    from devtools import Browser

    names = [*variants(demo), "changes"]
    for name, values in variants(demo).items():
        (tmp_path / f"{name}.svg").write_bytes(render(model(values), "svg"))
    before = copy.deepcopy(variants(demo)["big"])
    before["gik_t2_permit"] = [[12]]
    before["gik_t3"][2][0] = 3
    (tmp_path / "changes.svg").write_bytes(render(model(variants(demo)["big"]), "svg", previous=model(before)))
    page = tmp_path / "posters.html"
    page.write_text("<!doctype html><meta charset=utf-8>"
                    + "".join(f'<img id="{n}" src="{n}.svg">' for n in names), encoding="utf-8")
    b = Browser()
    try:
        # Loaded as an image (how a website shows it): a malformed SVG would not decode.
        b.go(page.as_uri())
        for name in names:
            b.wait_for(f"document.getElementById('{name}').complete", f"{name}.svg")
            assert b.eval(f"document.getElementById('{name}').naturalWidth") == WIDTH, name
        # Opened itself: no XML error, and every text inside the poster's width with the fonts Chromium has.
        for name in names:
            b.go((tmp_path / f"{name}.svg").as_uri())
            assert b.eval("document.getElementsByTagName('parsererror').length") == 0
            overflow = b.eval("""Array.from(document.querySelectorAll('text')).map(t => {
                const r = t.getBBox(); return [t.textContent, r.x, r.x + r.width]; })
                .filter(([s, a, b]) => a < 40 || b > 1040).map(([s]) => s)""")
            assert overflow == [], (name, overflow)
        assert b.console_errors() == []
    finally:
        b.close()


# The office's own template --------------------------------------------------------

def test_an_office_poster_template_replaces_the_bundled_one(demo, tmp_path):
    folder = tmp_path / "报告模板"
    folder.mkdir()
    (folder / POSTER).write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="400">'
        '<text x="10" y="50">{{ org }}：新收 {{ requests.new.text }} 件</text></svg>', encoding="utf-8")
    svg = poster_svg(model(demo), templates=folder)
    assert "青山县人民政府：新收 47 件" in svg


@pytest.mark.parametrize(("body", "said"), [
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="400"><script>x()</script></svg>', "<script>"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="400"><image href="file:///etc/passwd"/></svg>',
     "外部内容"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="400" onload="x()"></svg>', "事件属性"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="400"><style>@import url(http://x/a.css);'
     '</style></svg>', "外部内容"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="400"><text>{{ org }}</text>', "格式正确"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"></svg>', "1080"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="99999999"></svg>', "高度"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="400">{{ nosuch.thing }}</svg>', "nosuch"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="400">{% for x in y %}</svg>', "语法错误"),
])
def test_an_unfit_office_template_is_refused_by_name(demo, tmp_path, body, said):
    folder = tmp_path / "报告模板"
    folder.mkdir()
    (folder / POSTER).write_text(body, encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        render(model(demo), "png", templates=folder)
    assert said in e.value.message and POSTER in e.value.message


def test_a_value_cannot_inject_markup_through_an_office_template(demo, tmp_path):
    """Escaping is on for every printed value, the office's template included."""
    folder = tmp_path / "报告模板"
    folder.mkdir()
    (folder / POSTER).write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="400">'
                                 '<text>{{ org }}</text></svg>', encoding="utf-8")
    demo["gik_org"] = '</text><script>alert(1)</script><text>'
    svg = poster_svg(model(demo), templates=folder)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


# The command line -----------------------------------------------------------------

def test_report_picture_writes_png_and_svg_beside_the_report(make_workbook, demo, tmp_path):
    book = make_workbook(demo)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([*GIKXL, "report", str(book), "-o", str(out), "--picture"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    stem = "青山县人民政府2025年政府信息公开工作年度报告"
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{stem}.docx", f"{stem}一图读懂.png",
                                                            f"{stem}一图读懂.svg"])
    assert "已生成一图读懂" in proc.stdout
    assert _png_size((out / f"{stem}一图读懂.png").read_bytes())[0] == WIDTH


def test_report_o_svg_with_previous_gives_the_changes(make_workbook, demo, tmp_path):
    before = copy.deepcopy(demo)
    before["gik_year"] = 2024
    before["gik_t3"][0][0] -= 2
    book = make_workbook(demo)
    last = make_workbook(before, name="2024.xlsm")
    target = tmp_path / "图.svg"
    proc = subprocess.run([*GIKXL, "report", str(book), "-o", str(target), "--previous", str(last)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    shown = figures_in(target.read_text(encoding="utf-8"))
    assert shown[("收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量")].change == "较上年增加2件"
    assert "对比上年：2024.xlsm" in proc.stdout


def test_report_with_a_broken_office_poster_exits_2_in_chinese(make_workbook, demo, tmp_path):
    book = make_workbook(demo)
    folder = book.parent / "报告模板"
    folder.mkdir()
    (folder / POSTER).write_text("<svg>{{ </svg>", encoding="utf-8")
    proc = subprocess.run([*GIKXL, "report", str(book), "-o", str(tmp_path / "x.png")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "报告模板" in proc.stderr and POSTER in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_write_report_names_the_poster_formats(demo, tmp_path):
    path = write_report(model(demo), tmp_path / "a.SVG")
    assert etree.fromstring(path.read_bytes()).tag == SVG + "svg"


# Real files -----------------------------------------------------------------------

def test_a_workbook_read_back_gives_the_same_poster_figures(make_workbook, demo):
    from gikxl.workbook import read_report

    report = read_report(make_workbook(variants(demo)["blanks"]))
    shown = figures_in(poster_svg(report))
    for key, (value, kind) in expected_figures(report).items():
        assert shown[key].value == printed(value, kind), key


def _real_files() -> list[str]:
    from real_reports import real_files

    return real_files() or ["(absent)"]


@pytest.mark.parametrize("name", _real_files())
def test_a_real_published_report_gives_its_own_figures(name):
    """The poster of a report as published: its totals as printed, even where they are wrong."""
    from real_reports import REAL, expected

    expected()  # skips, saying why, where the real files are absent
    from gikxl.published import import_report

    report = import_report(REAL / name).report
    shown = figures_in(poster_svg(report))
    wanted = expected_figures(report)
    assert set(shown) == set(wanted)
    for key, (value, kind) in wanted.items():
        assert shown[key].value == printed(value, kind), (name, key)
    assert report.org in poster_svg(report)


def test_a_jiedu_named_web_page_is_refused_in_words(make_workbook, demo, tmp_path):
    """Only Word and Markdown make a 解读; a 一图解读.png is the poster."""
    book = make_workbook(demo)
    proc = subprocess.run([*GIKXL, "report", str(book), "-o", str(tmp_path / "解读.html")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "解读只能生成为 .docx 或 .md" in proc.stderr
    assert not (tmp_path / "解读.html").exists()
    poster = write_report(model(demo), tmp_path / "一图解读.png")
    assert _png_size(poster.read_bytes())[0] == WIDTH


def test_every_text_is_legible_at_phone_width(demo):
    """Shown 390 px wide on a phone (a 1080 px poster at about a third), no text may be drawn below
    22 px: about 8 px on the screen, the least a caption is read at."""
    svg = poster_svg(model(demo), model(demo))
    root = etree.fromstring(svg.encode())
    sizes = []
    for el in root.iter(SVG + "text", SVG + "tspan"):
        if el.get("font-size") is not None:
            sizes.append((float(el.get("font-size")), "".join(el.itertext())))
    assert sizes and min(sizes)[0] >= 22, min(sizes)
