"""The service: a Starlette application over the checks, the report, the audit and the add-in's route.

Every route goes through :func:`_served`: the guard first (:mod:`gikxl.serve.guard`),
then a temporary folder of the request's own, removed once the answer is made
(the answer is built in memory before); refusals become their status with a
Chinese ``{"error": …}``, a reader's refusal 422 (413 for a bound), anything
unexpected 500 with a crash log — never a traceback. The work itself runs in a
worker thread, at most :data:`PARALLEL` at a time, so the service keeps
answering while a long audit runs.
"""

from __future__ import annotations

import json
import secrets
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gikxl import __version__
from gikxl.errors import GikxlError
from gikxl.serve.guard import Guard
from gikxl.serve.limits import Refused, TooLarge, is_bound
from gikxl.serve.uploads import Form, read_form
from gikxl.text import escape_controls

__all__ = ["make_app"]

#: Requests doing work at once: the PC is a clerk's, with other programs running.
PARALLEL = 2
#: How long an audit's outputs can be fetched, and how many audits are kept.
AUDIT_SECONDS = 3600
AUDIT_KEPT = 16
#: A JSON body from the add-in: every text of a report, with room for JSON's escapes.
BOOK_BYTES = 16 * 1024 * 1024

#: The page's policy: its own script and style only, calls to this service only, no frames, no forms elsewhere.
#: ``blob:`` images: the 一图读懂 preview is the downloaded PNG itself, shown through an object URL.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
#: The audit dashboard's: it has no script, and its styles and charts are inline.
DASHBOARD_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"
#: A 一图读懂 SVG's, should a browser open it from our origin in spite of the attachment: it
#: has no script (``checked_svg`` refuses one) and this policy, sandboxed, would run none anyway.
PICTURE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox"
_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
            "Cross-Origin-Resource-Policy": "same-origin", "X-Frame-Options": "DENY"}

_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml", "png": "image/png",
}
_PAGE_FILES = {"/": ("index.html", "text/html; charset=utf-8"),
               "/page.js": ("page.js", "text/javascript; charset=utf-8"),
               "/page.css": ("page.css", "text/css; charset=utf-8")}


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """JSON as ``gikxl check --json`` writes it: Chinese as is, display controls escaped."""
    body = escape_controls(json.dumps(data, ensure_ascii=False)).encode("utf-8")
    return Response(body, status, headers={**_HEADERS, **(headers or {})}, media_type="application/json")


def _error(message: str, status: int) -> Response:
    return _json({"error": message}, status)


def attachment(name: str, fallback: str) -> str:
    """``Content-Disposition`` for a Chinese file name: RFC 6266's ``filename*``, an ASCII name for the rest."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


# Audit outputs kept for an hour --------------------------------------------------

@dataclass
class _Outputs:
    made: float
    files: dict[str, bytes]


@dataclass
class _Kept:
    """Audits' outputs in memory: nothing of them stays on disk after the request."""

    audits: dict[str, _Outputs] = field(default_factory=dict)

    def add(self, files: dict[str, bytes]) -> str:
        self.expire()
        while len(self.audits) >= AUDIT_KEPT:
            self.audits.pop(next(iter(self.audits)))
        key = secrets.token_hex(16)
        self.audits[key] = _Outputs(time.monotonic(), files)
        return key

    def get(self, key: str, name: str) -> bytes | None:
        self.expire()
        outputs = self.audits.get(key)
        return outputs.files.get(name) if outputs else None

    def expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, o in self.audits.items() if now - o.made > AUDIT_SECONDS]:
            del self.audits[key]


# The application --------------------------------------------------------------------

Handler = Callable[[Request, Path], Awaitable[Response]]


def make_app(guard: Guard, jobs: int | None = None) -> Starlette:
    """The service for ``guard``'s address; ``jobs`` bounds an audit's worker processes."""
    limiter = anyio.CapacityLimiter(PARALLEL)
    kept = _Kept()
    page = {path: (resources.files("gikxl.serve").joinpath("page", name).read_bytes(), kind)
            for path, (name, kind) in _PAGE_FILES.items()}

    def served(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            response = await answered(request)
            response.headers.update(guard.cors(request.headers))
            return response

        async def answered(request: Request) -> Response:
            try:
                guard.check(request.method, request.headers, request.query_params)
                if request.method == "OPTIONS":  # the add-in's preflight: the headers say it all
                    return Response(status_code=204, headers=_HEADERS)
                with tempfile.TemporaryDirectory(prefix="gikxl-serve-") as folder:
                    return await handler(request, Path(folder))
            except Refused as exc:
                return _error(exc.message, exc.status)
            except GikxlError as exc:
                return _error(exc.message, 413 if is_bound(exc.message) else 422)
            except Exception:  # noqa: BLE001 - the last line of defence: a message, a log, never a traceback
                return _error(_crash_message(), 500)
        return endpoint

    async def work(fn: Callable[..., Any], *args: Any) -> Any:
        return await anyio.to_thread.run_sync(lambda: fn(*args), limiter=limiter)

    async def show_page(request: Request, _: Path) -> Response:
        body, kind = page[request.url.path]
        return Response(body, headers={**_HEADERS, "Content-Security-Policy": PAGE_CSP}, media_type=kind)

    async def health(request: Request, _: Path) -> Response:
        return _json({"gikxl": __version__})

    async def check(request: Request, folder: Path) -> Response:
        form = await read_form(request, folder, max_files=2)
        source, previous = _required(form, "file"), form.file("previous")
        result = await work(_checked, source, previous)
        return _json(result.findings.to_json())

    async def report(request: Request, folder: Path) -> Response:
        from gikxl.report import FORMATS

        form = await read_form(request, folder, max_files=2)
        source, previous = _required(form, "file"), form.file("previous")
        fmt = form.fields.get("format", "docx").lower().lstrip(".")
        formats = list(dict.fromkeys(FORMATS.values()))
        if fmt not in formats:
            raise Refused(f"不支持的报告格式“{fmt[:20]}”：请选 {'、'.join(formats[:-1])} 或 {formats[-1]}。")
        # Checked against last year's file as /api/check was: the findings the page showed are those that refuse.
        result = await work(_checked, source, previous)
        if result.findings.has_errors and form.fields.get("force") not in ("1", "true"):
            return _json({"error": f"“{source.name}”中有 {result.findings.errors} 个错误，未生成报告。"
                                   "请改正后重试；如确需先生成报告供内部核对，可选择“仍然生成”。",
                          "findings": result.findings.to_json()}, 422)
        name, data = await work(_rendered, result.report, fmt, result.previous)
        headers = {**_HEADERS, "Content-Disposition": attachment(name, f"gikxl-report.{fmt}")}
        if fmt == "svg":
            headers["Content-Security-Policy"] = PICTURE_CSP
        return Response(data, headers=headers, media_type=_TYPES[fmt])

    async def audit(request: Request, folder: Path) -> Response:
        from gikxl.audit.discover import MAX_FILES

        uploads = folder / "upload"
        uploads.mkdir()
        form = await read_form(request, uploads, MAX_FILES)
        files = form.all("file")
        if not files:
            raise Refused("请选择要审核的文件（各单位的年报，或一个 zip 压缩包）。")
        data, files_out = await work(_audited, files, folder, jobs)
        key = kept.add(files_out)
        data["id"] = key
        data["outputs"] = {kind: f"/api/audit/{key}/{quote(name)}" for kind, name in _audit_names().items()
                           if name in files_out}
        return _json(data)

    async def audit_output(request: Request, _: Path) -> Response:
        key, name = request.path_params["key"], request.path_params["name"]
        data = kept.get(key, name)
        if data is None:
            raise Refused("审核结果已过期（保留一小时）或不存在，请重新审核。", 404)
        kind = Path(name).suffix.lstrip(".")
        headers = {**_HEADERS}
        if kind == "html":
            headers["Content-Security-Policy"] = DASHBOARD_CSP
        else:
            headers["Content-Disposition"] = attachment(name, f"gikxl-audit.{kind}")
        if kind == "svg":
            headers["Content-Security-Policy"] = PICTURE_CSP
        return Response(data, headers=headers, media_type=_TYPES[kind])

    async def book_check(request: Request, _: Path) -> Response:
        from gikxl.serve.book import check_answer

        return _json(await work(check_answer, await _json_body(request)))

    async def book_report(request: Request, _: Path) -> Response:
        from gikxl.serve.book import report_answer

        status, answer = await work(report_answer, await _json_body(request))
        return _json(answer, status)

    async def book_previous(request: Request, folder: Path) -> Response:
        from gikxl.serve.book import previous_answer

        return _json(await work(previous_answer, await _json_body(request), folder))

    routes = [
        Route("/", served(show_page), methods=["GET"]),
        Route("/page.js", served(show_page), methods=["GET"]),
        Route("/page.css", served(show_page), methods=["GET"]),
        Route("/api/health", served(health), methods=["GET", "OPTIONS"]),
        Route("/api/check", served(check), methods=["POST"]),
        Route("/api/report", served(report), methods=["POST"]),
        Route("/api/audit", served(audit), methods=["POST"]),
        Route("/api/audit/{key:str}/{name:str}", served(audit_output), methods=["GET"]),
        Route("/api/book/check", served(book_check), methods=["POST", "OPTIONS"]),
        Route("/api/book/report", served(book_report), methods=["POST", "OPTIONS"]),
        Route("/api/book/previous", served(book_previous), methods=["POST", "OPTIONS"]),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        return _error("没有这个地址。" if status == 404 else "请求方式不对。", status)

    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})


# The work, in a worker thread ----------------------------------------------------------

def _required(form: Form, name: str) -> Any:
    upload = form.file(name)
    if upload is None:
        raise Refused("请选择要处理的文件（年报工作簿 .xlsm/.xlsx，或已发布的报告 .docx/.pdf/.html/.txt）。")
    return upload


def _checked(source: Any, previous: Any) -> Any:
    from gikxl.serve.checking import checked
    from gikxl.serve.limits import check_package

    for upload in (source, previous):
        if upload is not None:
            check_package(upload.path, upload.name)
    return checked(source.path, previous.path if previous is not None else None)


def _rendered(report: Any, fmt: str, previous: Any) -> tuple[str, bytes]:
    """The report (or with ``svg``/``png`` its 一图读懂, each figure's change from ``previous``) and its file name."""
    from gikxl.report import output_name, render

    return output_name(report, fmt), render(report, fmt, previous=previous)


def _audit_names() -> dict[str, str]:
    """The audit's outputs by kind: the dashboard, the workbook, and the county's 一图读懂 (svg, png)."""
    from gikxl.audit.run import HTML_NAME, PICTURE_NAMES, XLSX_NAME

    return {"html": HTML_NAME, "xlsx": XLSX_NAME, **PICTURE_NAMES}


#: The folder the uploaded reports are audited in; its name is what the dashboard calls the batch.
UNITS_FOLDER = "上传的年报"


def _audited(files: list[Any], folder: Path, jobs: int | None) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Audit the uploaded files (or the one zip's): the audit JSON and the outputs' bytes."""
    from gikxl.audit.run import HTML_NAME, XLSX_NAME, picture_files, run_audit
    from gikxl.serve.unzip import unpack

    units = folder / UNITS_FOLDER
    units.mkdir()
    if len(files) == 1 and files[0].path.suffix.lower() == ".zip":
        if unpack(files[0].path, files[0].name, units) == 0:
            raise Refused(f"压缩包“{files[0].name}”中没有年报文件（.xlsx、.xlsm、.docx、.pdf、.html、.txt）。", 422)
    else:
        for upload in files:
            _place(upload, units)
    out = folder / "out"
    audit, _ = run_audit(units, out, jobs=jobs)
    written = {name: (out / name).read_bytes() for name in (HTML_NAME, XLSX_NAME)}
    # The poster names no folder: the uploads' is ours (上传的年报), not the office's.
    return audit.to_json(), {**written, **picture_files(audit, fallback="")}


def _place(upload: Any, units: Path) -> None:
    """Move one upload into the audited folder; a name sent twice gets a number, as Windows does."""
    from gikxl.serve.limits import check_package

    if upload.path.suffix.lower() == ".zip":
        raise Refused("zip 压缩包请单独上传（一次一个），不要与其他文件一起选择。")
    check_package(upload.path, upload.name)
    target, n = units / upload.name, 1
    while target.exists():
        n += 1
        target = units / f"{Path(upload.name).stem}（{n}）{Path(upload.name).suffix}"
    upload.path.rename(target)


async def _json_body(request: Request) -> Any:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise Refused("请以 JSON 方式发送（Content-Type: application/json）。", 415)
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > BOOK_BYTES):
        raise TooLarge("工作簿的内容过大，不像一份年报，未予处理。")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > BOOK_BYTES:
            raise TooLarge("工作簿的内容过大，不像一份年报，未予处理。")
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise Refused("加载项发来的内容不是有效的 JSON，请重新安装 WPS 加载项后再试。", 422) from None


def _crash_message() -> str:
    from gikxl.files import write_crash_log

    try:
        return f"程序内部出错，操作未完成。详细信息已写入日志：{write_crash_log()}。请把该日志文件发给技术支持人员。"
    except OSError:
        return "程序内部出错，操作未完成（出错详情也无法写入日志文件）。请联系技术支持人员。"
