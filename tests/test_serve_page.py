"""The page of ``gikxl serve`` in Debian's headless Chromium, against a running service.

Files are chosen through the DevTools protocol as a clerk would drop them; the
findings, the downloads and the audit come through the real service. The
console must stay free of errors (a CSP violation is one).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from chromium import needs_chromium
from gikxl.examples import demo_values
from gikxl.template.builder import build_workbook
from serve_helpers import ROOT, Served

pytestmark = needs_chromium

#: The one error the console may show: the browser logs the 422 of a report refused for its errors.
REFUSED = "status of 422"


def _book(path: Path, change=None) -> Path:
    values = demo_values()
    values["gik_date"] = dt.date.fromisoformat(values["gik_date"])
    if change:
        change(values)
    path.write_bytes(build_workbook(values))
    return path


def _broken(values) -> None:
    values["gik_t3"][0][0] = -5
    values["gik_t3"][2][1] = "3件"
    values["gik_s1_active"] = ""


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pagebooks")
    return {
        "demo": _book(folder / "青山县2025年年报.xlsm"),
        "bad": _book(folder / "白马镇2025年年报.xlsm", _broken),
        "previous": _book(folder / "青山县2024年年报.xlsm", lambda v: v.update(gik_year=2024)),
    }


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = Served(tmp_path_factory.mktemp("pagetmp")).wait_ready()
    yield server
    assert server.stop()[0] == 0


@pytest.fixture
def browser(tmp_path):
    from devtools import Browser

    downloads = tmp_path / "下载"
    downloads.mkdir()
    b = Browser(downloads=downloads)
    b.downloads = downloads  # type: ignore[attr-defined]
    yield b
    b.close()


def cli_json(*args: Path) -> list:
    proc = subprocess.run([sys.executable, "-m", "gikxl", "check", "--json", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    return json.loads(proc.stdout)


def _checked(browser, served, path: Path) -> None:
    browser.go(f"http://127.0.0.1:{served.port}/")
    browser.choose_files("#file", path)
    browser.wait_for("!document.getElementById('summary').hidden && document.getElementById('summary')"
                     ".textContent.includes(" + json.dumps(path.name) + ")", "the findings")


def _download(browser, button: str) -> Path:
    seen = len(browser.events)
    before = set(browser.downloads.iterdir())
    browser.eval(f"document.getElementById({json.dumps(button)}).click()")
    browser.wait(lambda: browser.downloaded(seen), f"the download of {button}")
    new = set(browser.downloads.iterdir()) - before
    assert len(new) == 1, new
    return new.pop()


def test_the_demo_workbook_checks_clean_and_both_reports_download(browser, served, books):
    from docx import Document

    _checked(browser, served, books["demo"])
    assert "没有发现问题" in browser.eval("document.getElementById('summary').textContent")
    assert browser.eval("document.querySelectorAll('tr.finding').length") == 0
    word = _download(browser, "download-docx")
    assert word.name == "青山县人民政府2025年政府信息公开工作年度报告.docx"
    assert any("青山县人民政府" in p.text for p in Document(str(word)).paragraphs)
    page = _download(browser, "download-html")
    assert page.suffix == ".html" and "青山县人民政府" in page.read_text(encoding="utf-8")
    assert "已生成" in browser.eval("document.getElementById('notice').textContent")
    assert browser.eval("document.getElementById('version').textContent")
    assert browser.console_errors() == []


def test_findings_are_grouped_by_sheet_with_cell_message_and_expected(browser, served, books):
    _checked(browser, served, books["bad"])
    expected = cli_json(books["bad"])
    rows = browser.eval("""Array.from(document.querySelectorAll('#findings section')).map(s => [
        s.querySelector('h2').textContent,
        Array.from(s.querySelectorAll('tr.finding')).map(r => Array.from(r.cells).map(c => c.textContent))])""")
    # Grouped by sheet, the sheets in the order their first finding comes (errors first), as the service lists them.
    groups: dict[str, list] = {}
    for f in expected:
        groups.setdefault(f["sheet"], []).append(f)
    assert [heading for heading, _ in rows] == [f"{sheet}（{len(items)}）" for sheet, items in groups.items()]
    for (_, shown), items in zip(rows, groups.values(), strict=True):
        assert shown == [[{"error": "错误", "warning": "警告", "info": "提示"}[f["severity"]], f["cell"], f["message"],
                          "" if f["expected"] is None else str(f["expected"]), f["code"]] for f in items]
    assert len(expected) == 3
    assert "3 个错误" in browser.eval("document.getElementById('summary').textContent")
    assert browser.console_errors() == []


def test_a_report_with_errors_is_asked_about_then_forced(browser, served, books):
    from docx import Document

    _checked(browser, served, books["bad"])
    browser.eval("document.getElementById('download-docx').click()")
    browser.wait_for("!document.getElementById('force').hidden", "the question")
    assert "未生成报告" in browser.eval("document.getElementById('force-text').textContent")
    word = _download(browser, "force-yes")
    assert word.suffix == ".docx" and Document(str(word)).paragraphs
    assert "请勿公开发布" in browser.eval("document.getElementById('notice').textContent")
    assert [e for e in browser.console_errors() if REFUSED not in e] == []


def test_last_years_file_is_checked_against(browser, served, books):
    _checked(browser, served, books["demo"])
    browser.eval("document.getElementById('summary').textContent = ''")
    browser.choose_files("#previous", books["previous"])
    browser.wait_for("document.getElementById('summary').textContent !== ''", "the check against last year")
    count = browser.eval("document.querySelectorAll('tr.finding').length")
    assert count == len(cli_json(books["demo"], "--previous", books["previous"]))  # type: ignore[arg-type]
    assert browser.eval("document.getElementById('previous-name').textContent") == books["previous"].name


def _png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big")


def _preview(browser) -> dict:
    browser.wait_for("document.getElementById('poster-image').complete && "
                     "document.getElementById('poster-image').naturalWidth > 0", "the poster's preview")
    return browser.eval("""(() => { const img = document.getElementById('poster-image');
        return {hidden: document.getElementById('poster').hidden, src: img.src, natural: img.naturalWidth,
                shown: img.getBoundingClientRect().width,
                caption: document.getElementById('poster-caption').textContent}; })()""")


def test_the_poster_downloads_as_png_and_is_previewed(browser, served, books):
    _checked(browser, served, books["demo"])
    assert browser.eval("document.getElementById('download-png').disabled") is False
    poster = _download(browser, "download-png")
    assert poster.name == "青山县人民政府2025年政府信息公开工作年度报告一图读懂.png"
    assert _png_width(poster.read_bytes()) == 1080
    preview = _preview(browser)
    # The very PNG, through an object URL (the page's policy allows blob: images), drawn small.
    assert preview["hidden"] is False and preview["src"].startswith("blob:") and preview["natural"] == 1080
    assert 0 < preview["shown"] < 400 and poster.name in preview["caption"]
    assert "已生成" in browser.eval("document.getElementById('notice').textContent")
    assert browser.console_errors() == []
    # Another file hides it again.
    browser.eval("document.getElementById('clear').click()")
    assert browser.eval("document.getElementById('poster').hidden") is True
    assert browser.eval("document.getElementById('download-png').disabled") is True


def test_the_poster_of_a_report_with_errors_is_asked_about_then_forced(browser, served, books):
    _checked(browser, served, books["bad"])
    browser.eval("document.getElementById('download-png').click()")
    browser.wait_for("!document.getElementById('force').hidden", "the question")
    assert browser.eval("document.getElementById('poster').hidden") is True  # nothing drawn before the answer
    poster = _download(browser, "force-yes")
    assert poster.suffix == ".png" and _png_width(poster.read_bytes()) == 1080
    assert "请勿公开发布" in _preview(browser)["caption"]
    assert [e for e in browser.console_errors() if REFUSED not in e] == []


def test_the_poster_gives_the_change_from_last_years_file_chosen(browser, served, books, tmp_path):
    """Last year's file on the page goes with the poster's request: the changes it gives are drawn.

    The PNG's pixels cannot be read back as text, so the same request's SVG, made by the service
    from the same two files, is compared: the PNG downloaded is that SVG drawn."""
    from gikxl.report.poster import poster_png, poster_svg
    from gikxl.workbook import read_report

    _checked(browser, served, books["demo"])
    browser.eval("document.getElementById('summary').textContent = ''")
    browser.choose_files("#previous", books["previous"])
    browser.wait_for("document.getElementById('summary').textContent !== ''", "the check against last year")
    browser.eval("document.getElementById('download-png').click()")
    browser.wait_for("!document.getElementById('force').hidden", "the question about last year's 结转")
    poster = _download(browser, "force-yes")
    svg = poster_svg(read_report(books["demo"]), read_report(books["previous"]))
    assert "与上年持平" in svg
    assert poster.read_bytes() == poster_png(svg)


def test_auditing_many_files_shows_the_units_and_its_outputs(browser, served, books):
    browser.go(f"http://127.0.0.1:{served.port}/")
    browser.eval("document.getElementById('tab-audit').click()")
    assert browser.eval("document.getElementById('panel-check').hidden") is True
    browser.choose_files("#audit-files", books["demo"], books["bad"])
    # The click shows the progress at once (the upload's, then the work's), before any answer can come.
    assert browser.eval("document.getElementById('run-audit').click(); "
                        "!document.getElementById('progress-audit').hidden") is True
    browser.wait_for("!document.getElementById('audit-result').hidden", "the audit", 120)
    units = browser.eval("Array.from(document.querySelectorAll('#audit-units tr')).map(r => r.cells[0].textContent)")
    assert sorted(units) == sorted([books["demo"].name, books["bad"].name])
    href = browser.eval("document.getElementById('audit-dashboard').href")
    assert href.startswith(f"http://127.0.0.1:{served.port}/api/audit/")
    assert served.get(href.split(str(served.port), 1)[1]).status == 200
    book = _download(browser, "audit-xlsx")
    assert book.suffix == ".xlsx" and book.read_bytes()[:2] == b"PK"
    # Both files are 青山县人民政府's of 2025: 重复, counted in no sum, so there is no poster to offer.
    assert browser.eval("document.getElementById('audit-png').hidden") is True
    assert browser.console_errors() == []


def test_an_audit_with_units_counted_offers_the_countys_poster(browser, served, books):
    browser.go(f"http://127.0.0.1:{served.port}/")
    browser.eval("document.getElementById('tab-audit').click()")
    browser.choose_files("#audit-files", books["demo"], books["previous"])  # 2025 counted, 2024 not
    browser.eval("document.getElementById('run-audit').click()")
    browser.wait_for("!document.getElementById('audit-result').hidden", "the audit", 120)
    assert browser.eval("document.getElementById('audit-png').hidden") is False
    poster = _download(browser, "audit-png")
    assert poster.name == "一图读懂.png" and _png_width(poster.read_bytes()) == 1080
    assert browser.console_errors() == []


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_usable_at_office_screen_sizes(tmp_path, served, books, size):
    from devtools import Browser

    b = Browser(*size)
    try:
        _checked(b, served, books["bad"])
        width = b.eval("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], "the page scrolls sideways"
        # The file zones, the buttons and the first findings are on the first screen.
        bottom = b.eval("document.querySelector('#findings tr.finding').getBoundingClientRect().bottom")
        assert bottom <= size[1]
        assert b.eval("document.getElementById('download-docx').getBoundingClientRect().right") <= size[0]
        assert b.console_errors() == []
    finally:
        b.close()


def test_the_page_sends_a_strict_policy_and_loads_nothing_from_outside(served):
    answer = served.get("/")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    page = answer.body.decode("utf-8")
    assert "http://" not in page and "https://" not in page and "style=" not in page
    script = served.get("/page.js").body.decode("utf-8")
    assert "innerHTML" not in script and "http" not in script.replace("XMLHttpRequest", "")
