"""The WPS 表格 add-in: ``gikxl/wps/main.js`` in Node, on a stand-in of the ET object model, against a running service.

Each click runs the add-in's own code (``tests/wps/click.js``) on a workbook built by
the real template builder and read into the stand-in as WPS would hold it; the
requests go over HTTP to a real ``gikxl serve``, with ``Origin: null`` and the add-in
key as WPS's page sends them. Afterwards every cell the clerk typed is compared
with before.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import as_cell_values
from gikxl.examples import demo_values
from gikxl.template.builder import build_workbook
from serve_helpers import ROOT, Served, free_port, standin_book

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed (scripts/setup-tests.sh)")
WPS = ROOT / "gikxl" / "wps"
OWN_SHEETS = ("校验结果", "gikxl_marks")


@pytest.fixture(scope="module")
def key() -> str:
    from gikxl.serve.addin import new_key

    return new_key()


@pytest.fixture(scope="module")
def served(tmp_path_factory, key):
    from gikxl.serve.addin import key_path

    config = tmp_path_factory.mktemp("config")
    path = key_path({"XDG_CONFIG_HOME": str(config)}, windows=False)
    path.parent.mkdir(parents=True)
    path.write_text(key, encoding="ascii")
    server = Served(tmp_path_factory.mktemp("wpstmp"), env={"XDG_CONFIG_HOME": str(config)}).wait_ready()
    yield server
    assert server.stop()[0] == 0
    assert server.left_behind() == []


def _workbook(folder: Path, name: str, change=None) -> Path:
    values = copy.deepcopy(demo_values())
    if change:
        change(values)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(build_workbook(as_cell_values(values)))
    return path


def _broken(values) -> None:
    values["gik_t3"][0][0] = -5
    values["gik_t3"][2][1] = "3件"


def click(tmp_path: Path, book: dict, button: str, served: Served | None, key: str | None, **settings) -> dict:
    book_file, out, settings_file = tmp_path / "book.json", tmp_path / "out.json", tmp_path / "settings.json"
    book_file.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    url = f"http://127.0.0.1:{served.port if served else free_port()}"
    settings_file.write_text(json.dumps({"url": url, "key": key, **settings}), encoding="utf-8")
    proc = subprocess.run([NODE or "node", str(ROOT / "tests" / "wps" / "click.js"), str(book_file), button,
                           str(out), str(settings_file)], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def typed(book: dict) -> dict:
    """Every value and formula of the template's own sheets: what the clerk typed (and the template holds)."""
    return {(s["name"], k): (c["v"], c["f"]) for s in book["sheets"] if s["name"] not in OWN_SHEETS
            for k, c in s["cells"].items()}


def fills(book: dict) -> dict:
    return {(s["name"], k): c["fill"] for s in book["sheets"] if s["name"] not in OWN_SHEETS
            for k, c in s["cells"].items()}


def sheet(book: dict, name: str) -> dict:
    return next(s for s in book["sheets"] if s["name"] == name)


def bgr(hex_colour: str) -> int:
    text = hex_colour.lstrip("#")
    return int(text[0:2], 16) + int(text[2:4], 16) * 256 + int(text[4:6], 16) * 65536


def test_validate_colours_lists_and_leaves_what_was_typed(tmp_path, served, key):
    from gikxl.checks.engine import run_checks
    from gikxl.excel import marks
    from gikxl.workbook import read_report

    path = _workbook(tmp_path / "单位", "白马镇2025年年报.xlsm", _broken)
    before = standin_book(path)
    after = click(tmp_path, before, "gikValidate", served, key)
    findings = run_checks(read_report(path))
    paint = marks.paint_colours(findings)
    assert after["alerts"] == [marks.alert_text(findings, len(paint))]
    assert typed(after["book"]) == typed(before)  # nothing the clerk typed changed
    now, then = fills(after["book"]), fills(before)
    assert {w: now[w] for w in paint} == {w: bgr(c) for w, c in paint.items()}
    assert {w: f for w, f in now.items() if w not in paint} == {w: f for w, f in then.items() if w not in paint}
    # 校验结果: the very rows the Excel button writes, the links as formulas, and it is shown.
    results = sheet(after["book"], marks.RESULTS_SHEET)
    content = marks.results_sheet(findings, __import__("datetime").datetime.now())
    first = content.first_row
    for r, row in enumerate(content.values[2:], start=3):
        for c, value in enumerate(row):
            cell = results["cells"].get(f"{'ABCDE'[c]}{r}", {})
            if r >= first and c == 1:
                assert cell["f"] == content.links[r - first]
            else:
                assert cell.get("v") == (value if value != "" else None), (r, c)
    assert after["book"]["active"] == marks.RESULTS_SHEET
    memory = sheet(after["book"], marks.MARKS_SHEET)
    assert memory["visible"] == 0
    assert {(memory["cells"][f"A{r}"]["v"], memory["cells"][f"B{r}"]["v"]) for r in range(3, 3 + len(paint))} \
        == set(paint)


def test_the_second_click_gives_fixed_cells_their_fill_back(tmp_path, served, key):
    bad = _workbook(tmp_path / "单位", "白马镇2025年年报.xlsm", _broken)
    first = click(tmp_path, standin_book(bad), "gikValidate", served, key)["book"]
    clean = standin_book(_workbook(tmp_path / "改正", "白马镇2025年年报.xlsm"))
    fixed = copy.deepcopy(first)
    for s in fixed["sheets"]:  # the clerk types the right figures; the marks' fills are still there
        if s["name"] in OWN_SHEETS:
            continue
        for k, c in sheet(clean, s["name"])["cells"].items():
            s["cells"].setdefault(k, dict(c)).update(v=c["v"], f=c["f"])
    second = click(tmp_path, fixed, "gikValidate", served, key)
    assert second["alerts"][0].startswith("校验完成，没有发现问题")
    assert fills(second["book"]) == fills(clean)
    assert typed(second["book"]) == typed(fixed)
    assert second["book"]["active"] != "校验结果"


def test_generate_report_writes_beside_the_workbook(tmp_path, served, key):
    from docx import Document

    path = _workbook(tmp_path / "青山县", "青山县2025年年报.xlsm")
    before = standin_book(path)
    after = click(tmp_path, before, "gikGenerateReport", served, key)
    written = sorted(p.name for p in path.parent.iterdir() if p != path)
    stem = "青山县人民政府2025年政府信息公开工作年度报告"
    assert written == sorted([f"{stem}.docx", f"{stem}.html", f"{stem}一图读懂.png", f"{stem}一图读懂.svg"])
    assert Document(str(path.parent / written[0])).paragraphs
    assert "工作簿所在的文件夹" in after["alerts"][0] and str(path.parent) in after["alerts"][0]
    assert typed(after["book"]) == typed(before) and fills(after["book"]) == fills(before)
    assert [s["name"] for s in after["book"]["sheets"]] == [s["name"] for s in before["sheets"]]


def test_generate_report_with_errors_asks_first(tmp_path, served, key):
    path = _workbook(tmp_path / "白马镇", "白马镇2025年年报.xlsm", _broken)
    no = click(tmp_path, standin_book(path), "gikGenerateReport", served, key, confirm=False)
    assert len(no["confirms"]) == 1 and "仍要生成报告吗" in no["confirms"][0] and no["alerts"] == []
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    yes = click(tmp_path, standin_book(path), "gikGenerateReport", served, key, confirm=True)
    assert "改正前请勿公开发布" in yes["alerts"][0]
    assert len(list(path.parent.glob("*.docx"))) == 1 and len(list(path.parent.glob("*.html"))) == 1


def test_import_previous_writes_only_the_carried_figures(tmp_path, served, key):
    from gikxl import spec
    from gikxl.published import read_any
    from gikxl.template.layout import PREVIOUS_IN_FORCE, block_cell, references
    from gikxl.workbook.carry import carried_over

    path = _workbook(tmp_path / "本年", "青山县2025年年报.xlsm")
    last = _workbook(tmp_path / "上年", "青山县2024年年报.xlsm", lambda v: v.update(gik_year=2024))
    before = standin_book(path)
    after = click(tmp_path, before, "gikImportPrevious", served, key, picked=str(last))
    assert after["alerts"][0].startswith(f"已从“{last.name}”")
    carry = carried_over(read_any(last))
    expected = {block_cell(spec.T3, "carried", c): v
                for c, v in zip(spec.T3_APPLICANT_COLS, carry.carried, strict=True)}
    anchor = references()[PREVIOUS_IN_FORCE]
    assert {w: typed(after["book"])[w][0] for w in expected} == expected and None not in expected.values()
    assert any(typed(before)[w][0] != v for w, v in expected.items())  # the import did write
    changed = {k: v for k, v in typed(after["book"]).items() if typed(before).get(k) != v}
    assert changed == {**{w: (v, None) for w, v in expected.items() if typed(before)[w][0] != v},
                       **{(anchor.sheet, anchor.cell(i)): (v, None) for i, v in enumerate(carry.in_force)}}
    assert sheet(after["book"], anchor.sheet)["protected"] == sheet(before, anchor.sheet)["protected"]
    cancelled = click(tmp_path, before, "gikImportPrevious", served, key)  # the dialog cancelled
    assert cancelled["alerts"] == [] and cancelled["sent"] == 0


def test_without_the_service_the_clerk_is_told_how_to_start_it(tmp_path, key):
    path = _workbook(tmp_path / "单位", "白马镇2025年年报.xlsm", _broken)
    before = standin_book(path)
    for button in ("gikValidate", "gikGenerateReport"):
        after = click(tmp_path, before, button, None, key)
        assert len(after["alerts"]) == 1 and "没有连接上本机的 gikxl 服务" in after["alerts"][0]
        assert "gikxl serve" in after["alerts"][0] and "年报校验" in after["alerts"][0]
        assert typed(after["book"]) == typed(before) and fills(after["book"]) == fills(before)
        assert [s["name"] for s in after["book"]["sheets"]] == [s["name"] for s in before["sheets"]]


def test_a_page_without_the_key_is_refused(tmp_path, served, key):
    book = standin_book(_workbook(tmp_path / "单位", "白马镇2025年年报.xlsm"))
    wrong = click(tmp_path, book, "gikValidate", served, "x" * 43)
    assert wrong["status"] == 403 and "gikxl install --wps" in wrong["alerts"][0]
    foreign = click(tmp_path, book, "gikValidate", served, key, origin="http://evil.example")
    assert foreign["status"] == 403 and "拒绝" in foreign["alerts"][0]


def test_the_preflight_is_answered_for_the_add_in_only(served):
    ask = {"Origin": "null", "Access-Control-Request-Method": "POST",
           "Access-Control-Request-Headers": "content-type,x-gikxl-addin"}
    answer = served.request("OPTIONS", "/api/book/check", headers=ask)
    assert answer.status == 204 and answer.headers["access-control-allow-origin"] == "null"
    assert "x-gikxl-addin" in answer.headers["access-control-allow-headers"]
    other = served.request("OPTIONS", "/api/book/check", headers={**ask, "Origin": "http://evil.example"})
    assert other.status == 403 and "access-control-allow-origin" not in other.headers


# The files ----------------------------------------------------------------------------

def test_the_ribbon_is_the_templates_own():
    from gikxl.template.vba.ribbon import BUTTONS, GROUP_LABEL, TAB_LABEL

    root = ElementTree.parse(WPS / "ribbon.xml").getroot()
    ns = {"ui": "http://schemas.microsoft.com/office/2006/01/customui"}
    tab = root.find(".//ui:tab", ns)
    group = root.find(".//ui:group", ns)
    assert tab is not None and group is not None
    assert tab.get("label") == TAB_LABEL and group.get("label") == GROUP_LABEL
    shown = [(b.get("id"), b.get("label"), b.get("imageMso"), b.get("screentip"), b.get("supertip"), b.get("onAction"))
             for b in root.iterfind(".//ui:button", ns)]
    assert shown == [(b.id, b.label, b.image_mso, b.screentip, b.supertip, "ribbon.OnAction")
                     for b in BUTTONS if b.id != "gikHelp"]
    script = (WPS / "main.js").read_text(encoding="utf-8")
    for button_id, *_ in shown:
        assert re.search(rf"\b{button_id}: \w+", script), button_id


def test_the_add_in_loads_nothing_from_outside():
    page = (WPS / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'src="([^"]+)"', page) == ["config.js", "main.js"]
    script = (WPS / "main.js").read_text(encoding="utf-8")
    assert re.findall(r"https?://[^\s\"']+", script) == ["http://127.0.0.1:8765"]
    assert "innerHTML" not in script and "eval(" not in script


# gikxl install --wps and gikxl doctor ----------------------------------------------------------

def _home(tmp_path: Path) -> dict[str, str]:
    import os

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    return {**env, "HOME": str(home)}


def _install(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    import sys

    return subprocess.run([sys.executable, "-m", "gikxl", "install", "--wps", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def _doctor_wps(env: dict[str, str]):
    from gikxl.cli.doctor import Machine, check_wps

    return check_wps(Machine(False, env))


def test_install_wps_writes_the_add_in_its_list_entry_key_and_start_up(tmp_path):
    import stat
    import sys

    from gikxl import __version__
    from gikxl.serve.addin import read_key

    env = _home(tmp_path)
    home = Path(env["HOME"])
    jsaddons = home / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons"
    jsaddons.mkdir(parents=True)
    (jsaddons / "gikxl_0.0.1").mkdir()  # an older version's files
    (jsaddons / "publish.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<jsplugins>\n  <jsplugin name="定密助手" type="wps" url="file:///x/" '
        'version="2.0"/>\n  <jsplugin name="gikxl" type="et" url="file:///old/" version="0.0.1"/>\n</jsplugins>\n',
        encoding="utf-8")
    assert _doctor_wps(env).status == "problem"  # listed, but this version's files are not there
    dry = _install(env, "--dry-run")
    assert dry.returncode == 0 and "未执行" in dry.stdout and not (jsaddons / f"gikxl_{__version__}").exists()
    done = _install(env)
    assert done.returncode == 0, done.stderr
    assert "JsApiPlugin=true" in done.stdout and "oem.ini" in done.stdout
    folder = jsaddons / f"gikxl_{__version__}"
    for name in ("ribbon.xml", "index.html", "main.js"):
        assert (folder / name).read_bytes() == (WPS / name).read_bytes()
    assert not (jsaddons / "gikxl_0.0.1").exists()
    key = read_key(home / ".config" / "gikxl" / "wps-addin.key")
    assert key is not None and f'key: "{key}"' in (folder / "config.js").read_text(encoding="utf-8")
    assert stat.S_IMODE((home / ".config" / "gikxl" / "wps-addin.key").stat().st_mode) == 0o600
    entries = ElementTree.parse(jsaddons / "publish.xml").getroot()
    assert [(e.get("name"), e.get("version")) for e in entries] == [("定密助手", "2.0"), ("gikxl", __version__)]
    assert entries[1].get("url") == folder.as_uri() + "/" and entries[1].get("type") == "et"
    autostart = (home / ".config" / "autostart" / "gikxl-serve.desktop").read_text(encoding="utf-8")
    assert f'Exec="{sys.executable}" -m gikxl serve\n' in autostart
    shortcut = (home / ".local" / "share" / "applications" / "gikxl-page.desktop").read_text(encoding="utf-8")
    assert "Name=年报校验" in shortcut and "serve --open" in shortcut
    assert _install(env).returncode == 0  # again: still one entry, a new key in both places
    assert [e.get("name") for e in ElementTree.parse(jsaddons / "publish.xml").getroot()] == ["定密助手", "gikxl"]
    assert read_key(home / ".config" / "gikxl" / "wps-addin.key") != key
    result = _doctor_wps(env)
    assert result.status == "ok" and folder.name in result.detail
    (folder / "config.js").write_text('var GIKXL_CONFIG = { url: "http://127.0.0.1:8765", key: "x" };\n')
    assert _doctor_wps(env).status == "problem" and "密钥" in _doctor_wps(env).detail
    (folder / "main.js").unlink()
    assert _doctor_wps(env).status == "problem" and "main.js" in _doctor_wps(env).detail


def test_doctor_notes_an_add_in_never_installed(tmp_path):
    result = _doctor_wps(_home(tmp_path))
    assert result.status == "note" and "gikxl install --wps" in result.detail


def test_the_installed_add_in_clicks_against_a_service_started_as_at_log_in(tmp_path):
    """End to end: install, start the service with the same environment, click the installed main.js."""
    from gikxl import __version__

    env = _home(tmp_path)
    assert _install(env).returncode == 0
    folder = Path(env["HOME"]) / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons" / f"gikxl_{__version__}"
    key = re.search(r'key: "([^"]+)"', (folder / "config.js").read_text(encoding="utf-8"))
    assert key is not None
    server = Served(tmp_path / "tmp", env=env).wait_ready()
    try:
        path = _workbook(tmp_path / "单位", "白马镇2025年年报.xlsm", _broken)
        before = standin_book(path)
        book_file, out, settings = tmp_path / "b.json", tmp_path / "o.json", tmp_path / "s.json"
        book_file.write_text(json.dumps(before, ensure_ascii=False), encoding="utf-8")
        settings.write_text(json.dumps({"url": f"http://127.0.0.1:{server.port}", "key": key.group(1)}))
        proc = subprocess.run([NODE or "node", str(ROOT / "tests" / "wps" / "click.js"), str(book_file),
                               "gikValidate", str(out), str(settings), str(folder)],
                              capture_output=True, text=True, timeout=180)
        assert proc.returncode == 0, proc.stderr
        after = json.loads(out.read_text(encoding="utf-8"))
        assert after["status"] == 200 and after["alerts"][0].startswith("校验完成")
        assert typed(after["book"]) == typed(before)
    finally:
        assert server.stop()[0] == 0


def test_the_windows_places():
    from gikxl.cli.wps import autostart_text, make_wps_plan, shortcut_text

    env = {"APPDATA": r"C:\Users\张三\AppData\Roaming", "USERPROFILE": r"C:\Users\张三"}
    plan = make_wps_plan(env, True, r"C:\Python312\pythonw.exe")
    assert str(plan.jsaddons).replace("/", "\\").endswith(r"AppData\Roaming\kingsoft\wps\jsaddons")
    assert str(plan.autostart).replace("/", "\\").endswith(r"Start Menu\Programs\Startup\gikxl-serve.cmd")
    assert plan.shortcut.name == "年报校验.cmd"
    assert 'start "" "C:\\Python312\\pythonw.exe" -m gikxl serve\r\n' in autostart_text(plan)
    assert "serve --open" in shortcut_text(plan) and "\r\n" in shortcut_text(plan)
