"""The dashboard in a real headless Chromium: no console errors, the table and the charts drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from audit_helpers import HOSTILE_ORG, build_folder, write
from bad_files import UNUSABLE
from chromium import dump_dom, needs_chromium, screenshot
from gikxl.audit.run import HTML_NAME, run_audit
from gikxl.audit.summary import STATUSES

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("dash")
    scratch = root / "scratch"
    scratch.mkdir()

    def make_unusable(case: str) -> Path:
        make, _words = UNUSABLE[case]
        return make(scratch, lambda values=None, name="filled.xlsm": write(scratch / name, values or {}))

    build_folder(root / "units", make_unusable)
    audit, _ = run_audit(root / "units", root / "out", jobs=2)
    return root / "out" / HTML_NAME, audit


def test_console_messages_are_caught():
    """The check below could fail: a page that logs an error is seen to."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "bad.html"
        bad.write_text('<!DOCTYPE html><html><body><script>console.error("坏了")</script></body></html>',
                       encoding="utf-8")
        _dom, console = dump_dom(bad)
    assert any("坏了" in line for line in console)


def test_dashboard_renders_without_console_messages_with_its_table_and_charts(page):
    path, audit = page
    dom, console = dump_dom(path)
    assert console == []
    tree = lxml_html.fromstring(dom)
    assert tree.xpath("//script") == []
    rows = tree.xpath('//table[contains(@class,"overview")]/tbody/tr')
    assert len(rows) == len(audit.rows)
    statuses = [r.xpath("string(td[5])") for r in rows]
    assert statuses == [r.status for r in audit.rows]
    charts = tree.xpath('//svg[contains(@class,"chart")]')
    assert len(charts) == 3
    bars = charts[0].xpath(".//*[local-name()='rect']")
    assert [b.xpath("string(*[local-name()='title'])") for b in bars] == [
        f"{s}：{audit.number(s)}" for s in STATUSES]
    widths = [float(b.get("width")) for b in bars]
    assert max(widths) > 0 and all(w >= 0 for w in widths)
    # The hostile name is text on the page, not markup.
    assert any(HOSTILE_ORG.replace("\u202e", "") == r.xpath("string(td[2])") for r in rows)
    assert len(tree.xpath('//table[contains(@class,"gikxl-t3")]')) == 1


def test_dashboard_screenshot_shows_something(page, tmp_path):
    import struct

    path, _ = page
    data = screenshot(path, tmp_path / "dash.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1280, 1600)
    assert len(data) > 40_000  # text, bars and fills; a blank page of this size compresses to a few kB
