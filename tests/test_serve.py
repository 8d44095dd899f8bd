"""``gikxl serve`` over real HTTP: the answers match the command line, and every refusal leaves nothing behind."""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from conftest import as_cell_values
from gikxl.examples import demo_values
from gikxl.template.builder import build_workbook
from serve_helpers import ROOT, Served, book_body, form, free_port

PUBLISHED = ROOT / "tests" / "data" / "published"


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """The demo workbook, one with errors, last year's (its 结转 does not carry: an error against it),
    and last year's that carries, with fewer 行政许可."""
    folder = tmp_path_factory.mktemp("books")
    good = demo_values()
    bad = copy.deepcopy(good)
    bad["gik_t3"][0][0] = -5  # a negative count
    bad["gik_t3"][2][1] = "3件"  # a count with its unit, as clerks type it
    before = copy.deepcopy(good)
    before["gik_year"] = 2024
    fewer = copy.deepcopy(before)
    fewer["gik_t2_permit"] = [[good["gik_t2_permit"][0][0] - 68]]
    fewer["gik_t3"][24] = list(good["gik_t3"][1])  # 结转下年度 as this year's 上年结转: no YEAR-CARRY-OVER
    out = {}
    for key, values, name in (("demo", good, "青山县2025年年报.xlsm"), ("bad", bad, "有错误的年报.xlsx"),
                              ("previous", before, "青山县2024年年报.xlsm"),
                              ("fewer", fewer, "青山县2024年年报（许可较少）.xlsm")):
        out[key] = folder / name
        out[key].write_bytes(build_workbook(as_cell_values(values)))
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = Served(tmp_path_factory.mktemp("servetmp")).wait_ready()
    yield server
    code, out, err = server.stop()
    assert code == 0, err
    assert "服务已停止" in out and "Traceback" not in err


@pytest.fixture(autouse=True)
def nothing_left(request):
    """After every request of a test, the service's temporary folder is empty again."""
    yield
    if "served" in request.fixturenames:
        assert request.getfixturevalue("served").left_behind() == []


def cli_json(*args: Path) -> list:
    proc = subprocess.run([sys.executable, "-m", "gikxl", "check", "--json", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def upload(path: Path, field: str = "file") -> tuple[str, str, bytes]:
    return field, path.name, path.read_bytes()


# The answers ------------------------------------------------------------------------

def test_health_names_the_version(served):
    from gikxl import __version__

    answer = served.get("/api/health")
    assert answer.status == 200 and answer.json() == {"gikxl": __version__}
    assert answer.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("key", ["demo", "bad"])
def test_check_of_a_workbook_is_what_the_command_line_says(served, books, key):
    answer = served.post_form("/api/check", [upload(books[key])])
    assert answer.status == 200  # even with errors
    assert answer.json() == cli_json(books[key])
    if key == "bad":
        assert any(f["severity"] == "error" for f in answer.json())


def test_check_against_last_year(served, books):
    answer = served.post_form("/api/check", [upload(books["demo"]), upload(books["previous"], "previous")])
    assert answer.status == 200
    assert answer.json() == cli_json(books["demo"], "--previous", books["previous"])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["2023-马山口镇.txt", "2020-白溪镇-2019格式.pdf", "2023-自然资源局-utf8.html",
                                  "2020-白溪镇-2019格式.docx"])
def test_check_of_a_published_report_is_what_the_command_line_says(served, name):
    path = PUBLISHED / name
    answer = served.post_form("/api/check", [upload(path)])
    assert answer.status == 200
    found = answer.json()
    assert found == cli_json(path)
    # Pointed at the place in the file, never at a template cell the clerk cannot see.
    assert all(not re.fullmatch(r"[A-Z]{1,3}\d+", f["cell"]) for f in found)


def test_report_arrives_as_word_with_its_chinese_name(served, books):
    from docx import Document

    from gikxl.report import default_report_name
    from gikxl.workbook import read_report

    answer = served.post_form("/api/report", [upload(books["demo"])], {"format": "docx"})
    assert answer.status == 200, answer.body[:300]
    disposition = answer.headers["content-disposition"]
    name = unquote(disposition.split("filename*=UTF-8''", 1)[1])
    assert name == default_report_name(read_report(books["demo"]), "docx") and name.endswith("年度报告.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(answer.body)).paragraphs)
    assert "青山县人民政府" in text


def test_report_as_html_and_markdown(served, books):
    html = served.post_form("/api/report", [upload(books["demo"])], {"format": "html"})
    assert html.status == 200 and html.headers["content-type"].startswith("text/html")
    assert "青山县人民政府" in html.body.decode("utf-8")
    md = served.post_form("/api/report", [upload(books["demo"])], {"format": "md"})
    assert md.status == 200 and md.body.decode("utf-8").lstrip().startswith("#")
    wrong = served.post_form("/api/report", [upload(books["demo"])], {"format": "exe"})
    assert wrong.status == 400 and "不支持的报告格式“exe”" in wrong.json()["error"]
    # The message names every format the service makes, the poster's included.
    assert "docx、html、md、svg 或 png" in wrong.json()["error"]


def test_report_with_errors_is_refused_unless_forced(served, books):
    refused = served.post_form("/api/report", [upload(books["bad"])], {"format": "docx"})
    assert refused.status == 422
    assert "未生成报告" in refused.json()["error"] and refused.json()["findings"] == cli_json(books["bad"])
    forced = served.post_form("/api/report", [upload(books["bad"])], {"format": "docx", "force": "1"})
    assert forced.status == 200 and forced.body[:2] == b"PK"


def test_report_of_a_published_report(served):
    answer = served.post_form("/api/report", [upload(PUBLISHED / "2023-马山口镇.txt")],
                              {"format": "html", "force": "1"})
    assert answer.status == 200 and "马山口镇" in answer.body.decode("utf-8")


# The 一图读懂 ------------------------------------------------------------------------

def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, read by hand."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _svg(data: bytes):
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _texts(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_poster_arrives_as_a_png_1080_wide_with_its_chinese_name(served, books):
    from gikxl.report import POSTER_SUFFIX, default_report_name
    from gikxl.workbook import read_report

    answer = served.post_form("/api/report", [upload(books["demo"])], {"format": "png"})
    assert answer.status == 200, answer.body[:300]
    assert answer.headers["content-type"] == "image/png"
    width, height = _png_size(answer.body)
    assert width == 1080 and height > width  # a vertical poster
    name = unquote(answer.headers["content-disposition"].split("filename*=UTF-8''", 1)[1])
    assert name == default_report_name(read_report(books["demo"]), "png", POSTER_SUFFIX)
    assert name.endswith("一图读懂.png") and answer.headers["content-disposition"].startswith("attachment")


def test_poster_as_svg_is_an_attachment_that_could_run_nothing(served, books):
    answer = served.post_form("/api/report", [upload(books["demo"])], {"format": "svg"})
    assert answer.status == 200, answer.body[:300]
    assert answer.headers["content-type"].startswith("image/svg+xml")
    assert answer.headers["content-disposition"].startswith("attachment")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "script-src" not in policy
    root = _svg(answer.body)
    assert root.get("width") == "1080"
    texts = _texts(root)
    assert any("青山县人民政府" in t for t in texts)
    assert "1268件" in texts  # 行政许可, as the demo workbook holds it
    assert not any("较上年" in t for t in texts)  # no last year's file, no change


def test_poster_gives_the_change_from_last_years_file(served, books):
    answer = served.post_form("/api/report", [upload(books["demo"]), upload(books["fewer"], "previous")],
                              {"format": "svg"})
    assert answer.status == 200, answer.body[:300]
    texts = _texts(_svg(answer.body))
    assert "较上年增加68件" in texts  # 行政许可: 1268 against 1200
    assert any("2024年度" in t for t in texts)  # what the changes are against
    assert "与上年持平" in texts  # 行政处罚, as last year
    # Last year's file with the same figures gives no increase anywhere (forced past its 结转 errors).
    same = served.post_form("/api/report", [upload(books["demo"]), upload(books["previous"], "previous")],
                            {"format": "svg", "force": "1"})
    same_texts = _texts(_svg(same.body))
    assert "与上年持平" in same_texts and not any("较上年增加" in t for t in same_texts)


def test_report_against_last_year_is_refused_for_what_the_check_against_it_finds(served, books):
    """The report route checks against last year's file as /api/check does: the same findings refuse."""
    checked = cli_json(books["demo"], "--previous", books["previous"])  # type: ignore[arg-type]
    assert any(f["code"] == "YEAR-CARRY-OVER" for f in checked)
    answer = served.post_form("/api/report", [upload(books["demo"]), upload(books["previous"], "previous")],
                              {"format": "png"})
    assert answer.status == 422 and answer.json()["findings"] == checked
    alone = served.post_form("/api/report", [upload(books["demo"])], {"format": "png"})
    assert alone.status == 200  # the errors are against last year's file only


def test_an_unusable_file_gets_the_readers_chinese_message(served, tmp_path):
    answer = served.post_form("/api/check", [("file", "年报.xlsx", b"not a zip at all")])
    assert answer.status == 422
    assert "年报.xlsx" in answer.json()["error"] and "不是 Excel 工作簿" in answer.json()["error"]
    wrong_kind = served.post_form("/api/check", [("file", "年报.exe", b"MZ")])
    assert wrong_kind.status == 422 and "既不是年报工作簿" in wrong_kind.json()["error"]
    nothing = served.post_form("/api/check", [], {"format": "docx"})
    assert nothing.status == 400 and "请选择" in nothing.json()["error"]


def test_a_file_name_cannot_reach_outside_the_folder(served, books):
    answer = served.post_form("/api/check", [("file", "../../..\\..\\evil/年报.xlsm", books["demo"].read_bytes())])
    assert answer.status == 200 and answer.json() == []


# The audit --------------------------------------------------------------------------

def test_audit_of_several_files_and_its_outputs(served, books):
    answer = served.post_form("/api/audit", [upload(books["demo"]), upload(books["bad"]),
                                             upload(PUBLISHED / "2023-马山口镇.txt")])
    assert answer.status == 200, answer.body[:300]
    data = answer.json()
    assert sorted(u["file"] for u in data["units"]) == sorted(
        [books["demo"].name, books["bad"].name, "2023-马山口镇.txt"])
    assert sum(data["counts"].values()) == 3
    page = served.get(data["outputs"]["html"])
    assert page.status == 200 and "default-src 'none'" in page.headers["content-security-policy"]
    assert "年报审核汇总" in page.body.decode("utf-8") or "审核" in page.body.decode("utf-8")
    book = served.get(data["outputs"]["xlsx"])
    assert book.status == 200 and book.body[:2] == b"PK"
    assert "filename*=UTF-8''" in book.headers["content-disposition"]
    gone = served.get(f"/api/audit/{'0' * 32}/{quote('年报审核汇总.xlsx')}")
    assert gone.status == 404 and "过期" in gone.json()["error"]


def test_audit_offers_the_countys_poster(served, books):
    answer = served.post_form("/api/audit", [upload(books["demo"]), upload(PUBLISHED / "2023-马山口镇.txt")])
    assert answer.status == 200, answer.body[:300]
    outputs = answer.json()["outputs"]
    png = served.get(outputs["png"])
    assert png.status == 200 and png.headers["content-type"] == "image/png"
    assert _png_size(png.body)[0] == 1080 and png.headers["content-disposition"].startswith("attachment")
    svg = served.get(outputs["svg"])
    assert "sandbox" in svg.headers["content-security-policy"]
    title = "".join(_svg(svg.body).find("{http://www.w3.org/2000/svg}title").itertext())
    # Named for the county the one government's report names, not for the service's upload folder.
    assert title.startswith("青山县各单位汇总") and "上传" not in title
    # Nothing to count, no poster.
    nothing = served.post_form("/api/audit", [("file", "坏.xlsx", b"not a workbook")])
    assert nothing.status == 200 and set(nothing.json()["outputs"]) == {"html", "xlsx"}


class _GbkName(zipfile.ZipInfo):
    """A member name as Chinese Windows packs it: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own name
        return self.filename.encode("gbk"), self.flag_bits


def _zip(members: dict[str, bytes], utf8: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name) if utf8 else _GbkName(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def test_audit_of_a_zip_with_gbk_names(served, books):
    archive = _zip({"乡镇/白马镇.xlsm": books["demo"].read_bytes(), "说明.odt": b"x"}, utf8=False)
    answer = served.post_form("/api/audit", [("file", "各单位年报.zip", archive)])
    assert answer.status == 200, answer.body[:300]
    assert [u["file"] for u in answer.json()["units"]] == ["乡镇/白马镇.xlsm"]


# Refusals -----------------------------------------------------------------------------

def _bomb(name: str = "xl/worksheets/sheet1.xml", size: int = 300 * 1024 * 1024) -> bytes:
    """A zip whose one member unpacks from a few hundred kB to ``size`` bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, \
            zf.open(name, "w", force_zip64=True) as fh:
        block = b"\0" * (1024 * 1024)
        for _ in range(size // len(block)):
            fh.write(block)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb()


def test_a_zip_bomb_workbook_is_refused_with_413(served, bomb):
    answer = served.post_form("/api/check", [("file", "年报.xlsx", bomb)])
    assert answer.status == 413 and "解压后过大" in answer.json()["error"]


def test_a_zip_bomb_in_an_audit_is_refused_with_413(served, bomb):
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, \
            zf.open("大.xlsm", "w", force_zip64=True) as fh:
        for _ in range(60):
            fh.write(b"\0" * (1024 * 1024))
    answer = served.post_form("/api/audit", [("file", "各单位.zip", nested.getvalue())])
    assert answer.status == 413 and "过大" in answer.json()["error"]


def test_a_path_traversal_name_in_a_zip_is_refused(served, books):
    for evil in ("../../逃出.xlsm", "/etc/逃出.xlsm", "C:/Windows/逃出.xlsm", "a/../../逃出.xlsm"):
        archive = _zip({"好的.xlsm": books["demo"].read_bytes(), evil: books["demo"].read_bytes()})
        answer = served.post_form("/api/audit", [("file", "各单位.zip", archive)])
        assert answer.status == 400, evil
        assert "压缩包以外" in answer.json()["error"]
    assert not (served.tmp.parent / "逃出.xlsm").exists()


def test_a_200_mb_upload_is_refused_before_it_is_sent(served):
    """``Content-Length`` says 200 MB: refused at once, without reading the body."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=20) as sock:
        body_start, kind = form([("file", "大.pdf", b"%PDF-1.7\n")])
        sock.sendall((f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nContent-Type: {kind}\r\n"
                      f"Content-Length: {200 * 1024 * 1024}\r\n\r\n").encode() + body_start[:200])
        reply = b""
        for _ in range(1000):  # until the head and the body it announces are in
            head, _, rest = reply.partition(b"\r\n\r\n")
            length = re.search(rb"(?i)content-length: *(\d+)", head)
            if length and len(rest) >= int(length.group(1)):
                break
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    head, _, rest = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head
    assert "过大" in rest.decode("utf-8", "replace")


def test_a_file_beyond_its_readers_size_is_refused_while_streaming(served):
    """No ``Content-Length`` trick: a 31 MB PDF in a body within the form's bound is stopped at the reader's 30 MB."""
    from gikxl.published.document import MAX_BYTES

    answer = served.post_form("/api/check", [("file", "大.pdf", b"%PDF-1.7\n" + b"0" * MAX_BYTES)])
    assert answer.status == 413 and "大.pdf" in answer.json()["error"] and "MB" in answer.json()["error"]


def test_a_pdf_beyond_the_readers_pages_is_413(served, tmp_path):
    from gikxl.published.document import MAX_PAGES

    pdf = _blank_pdf(MAX_PAGES + 1)
    answer = served.post_form("/api/check", [("file", "很多页.pdf", pdf)])
    assert answer.status == 413 and f"上限 {MAX_PAGES} 页" in answer.json()["error"]


def _blank_pdf(pages: int) -> bytes:
    """A valid PDF of ``pages`` empty pages, written by hand (no PDF library needed)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /Kids [" + " ".join(f"{3 + i} 0 R" for i in range(pages)) + f"] /Count {pages} >>"]
    objects += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_a_foreign_origin_is_refused(served, books):
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Origin": f"http://127.0.0.1:{served.port + 1}"}, {"Sec-Fetch-Site": "cross-site"}):
        answer = served.post_form("/api/check", [upload(books["demo"])], headers=headers)
        assert answer.status == 403, headers
        assert "拒绝" in answer.json()["error"]
    own = served.post_form("/api/check", [upload(books["demo"])],
                           headers={"Origin": f"http://127.0.0.1:{served.port}", "Sec-Fetch-Site": "same-origin"})
    assert own.status == 200


def test_a_rebound_host_name_is_refused(served):
    answer = served.get("/api/health", headers={"Host": f"evil.example:{served.port}"})
    assert answer.status == 403 and "地址" in answer.json()["error"]
    assert served.get("/api/health", headers={"Host": f"localhost:{served.port}"}).status == 200


def test_a_json_route_wants_json(served):
    answer = served.request("POST", "/api/book/check", b"names=1",
                            {"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 415
    broken = served.request("POST", "/api/book/check", b"{", {"Content-Type": "application/json"})
    assert broken.status == 422 and "JSON" in broken.json()["error"]
    unknown = served.get("/api/nothing")
    assert unknown.status == 404 and unknown.json()["error"] == "没有这个地址。"


# The add-in's route ------------------------------------------------------------------

def test_book_check_answers_what_the_excel_button_would_do(served, books):
    from gikxl.checks.engine import run_checks
    from gikxl.excel import marks
    from gikxl.workbook import read_report

    answer = served.post_json("/api/book/check", book_body(books["bad"]))
    assert answer.status == 200, answer.body[:300]
    data = answer.json()
    findings = run_checks(read_report(books["bad"]))
    assert data["findings"] == json.loads(json.dumps(findings.to_json(), ensure_ascii=False, default=str))
    plan = marks.plan(findings)
    assert {(c["sheet"], c["cell"]): c["color"] for c in data["paint"]} == plan.paint
    assert data["restore"] == []
    assert data["results"]["values"][marks.RESULTS_HEADER_ROW - 1] == list(marks.RESULTS_HEADER)
    assert data["message"].startswith("校验完成")
    # The second click, once the errors are fixed: the marks remembered are put back.
    fixed = book_body(books["demo"])
    fixed["marks"] = data["marks"]["values"]
    again = served.post_json("/api/book/check", fixed).json()
    assert again["paint"] == []
    assert {(c["sheet"], c["cell"]) for c in again["restore"]} == set(plan.paint)


def test_book_check_refuses_what_is_not_our_template(served, books):
    body = book_body(books["demo"])
    body["names"] = [n for n in body["names"] if n["name"] != "gik_t3"]
    answer = served.post_json("/api/book/check", body)
    assert answer.status == 422 and "gik_t3" in answer.json()["error"]
    foreign = served.post_json("/api/book/check", {"name": "别的.xlsx", "names": []})
    assert foreign.status == 422 and "不是用 gikxl 年报模板制作的" in foreign.json()["error"]
    junk = served.post_json("/api/book/check", {"names": [{"name": 3}]})
    assert junk.status == 422 and "加载项" in junk.json()["error"]


def test_book_report_writes_beside_the_workbook(served, books, tmp_path):
    book = tmp_path / "单位" / books["demo"].name
    book.parent.mkdir()
    shutil.copy(books["demo"], book)
    answer = served.post_json("/api/book/report", {**book_body(book), "fullName": str(book)})
    assert answer.status == 200, answer.body[:300]
    written = sorted(p.name for p in book.parent.iterdir())
    assert any(n.endswith(".docx") for n in written) and any(n.endswith(".html") for n in written)
    assert "工作簿所在的文件夹" in answer.json()["message"]
    bad = tmp_path / "错" / books["bad"].name
    bad.parent.mkdir()
    shutil.copy(books["bad"], bad)
    refused = served.post_json("/api/book/report", {**book_body(bad), "fullName": str(bad)})
    assert refused.status == 422 and refused.json()["confirm"] is True
    assert sorted(p.name for p in bad.parent.iterdir()) == [bad.name]


# Starting and stopping ----------------------------------------------------------------

def test_a_second_serve_on_a_busy_port_says_so(served):
    proc = subprocess.run([sys.executable, "-m", "gikxl", "serve", "--port", str(served.port)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and "已被占用" in proc.stderr and "Traceback" not in proc.stderr


def test_beyond_loopback_needs_a_token():
    proc = subprocess.run([sys.executable, "-m", "gikxl", "serve", "--host", "0.0.0.0", "--port", str(free_port())],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and "--token" in proc.stderr
    short = subprocess.run([sys.executable, "-m", "gikxl", "serve", "--token", "口令", "--port", str(free_port())],
                           capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert short.returncode == 2 and "访问口令" in short.stderr


def test_with_a_token_every_request_carries_it(tmp_path):
    server = Served(tmp_path / "tmp", "--token", "s3cret-token").wait_ready(token="s3cret-token")
    try:
        missing = server.get("/api/health")
        assert missing.status == 401 and "口令" in missing.json()["error"]
        wrong = server.get("/api/health", headers={"X-Gikxl-Token": "guess"})
        assert wrong.status == 401
        assert server.get("/?token=s3cret-token").status == 200
        assert server.get("/api/health", headers={"X-Gikxl-Token": "s3cret-token"}).status == 200
    finally:
        code, out, _ = server.stop()
    assert code == 0 and "token=" in out


def test_the_shortcut_opens_the_page_of_the_service_already_running(served):
    """``gikxl serve --open`` (the shortcut 年报校验) on the port of a running service: opens the page, exits 0."""
    import os

    proc = subprocess.run([sys.executable, "-m", "gikxl", "serve", "--open", "--port", str(served.port)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "BROWSER": "true"})  # the browser: a command that does nothing
    assert proc.returncode == 0 and "已在运行" in proc.stdout, proc.stderr
    with socket.socket() as other:  # a port some other program holds is still said to be busy
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        busy = subprocess.run([sys.executable, "-m", "gikxl", "serve", "--open", "--port",
                               str(other.getsockname()[1])], capture_output=True, text=True, cwd=ROOT, timeout=60,
                              env={**os.environ, "BROWSER": "true"})
    assert busy.returncode == 2 and "已被占用" in busy.stderr
