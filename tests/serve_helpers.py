"""A real ``gikxl serve`` in a subprocess, and plain HTTP to it (no test client).

:class:`Served` starts the command on a free loopback port with a temporary
folder of its own (``TMPDIR``), so a test can see that nothing is left behind;
it stops it with Ctrl+C (SIGINT) as a clerk would. :func:`form` builds a
multipart body the way a browser does; :func:`book_body` reads a workbook's
``gik_*`` names the way the WPS add-in posts them (``Value2``: totals computed,
dates as Excel serial numbers).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Served:
    """``gikxl serve`` running; ``tmp`` is its temporary folder."""

    def __init__(self, tmp: Path, *args: str, port: int | None = None, env: dict[str, str] | None = None) -> None:
        self.port = port or free_port()
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        self.args = ["--port", str(self.port), *args]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gikxl", "serve", *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "TMPDIR": str(tmp), **(env or {})})

    def wait_ready(self, token: str | None = None) -> Served:
        headers = {"X-Gikxl-Token": token} if token else {}
        for _ in range(200):  # 20 s at most
            if self.proc.poll() is not None:
                raise AssertionError(f"serve ended: {self.proc.communicate()}")
            try:
                if self.get("/api/health", headers=headers).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError("serve did not answer within 20 s")

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 120) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return Answer(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            conn.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, files: Iterable[tuple[str, str, bytes]] = (),
                  fields: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> Answer:
        body, kind = form(files, fields)
        return self.request("POST", path, body, {"Content-Type": kind, **(headers or {})})

    def post_json(self, path: str, data: Any, headers: dict[str, str] | None = None) -> Answer:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return self.request("POST", path, body, {"Content-Type": "application/json", **(headers or {})})

    def left_behind(self) -> list[str]:
        """What the service left in its temporary folder."""
        return sorted(str(p.relative_to(self.tmp)) for p in self.tmp.rglob("*"))

    def stop(self) -> tuple[int, str, str]:
        """Ctrl+C, then the exit code and what it printed."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            out, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        return self.proc.returncode, out, err


def form(files: Iterable[tuple[str, str, bytes]], fields: dict[str, str] | None = None) -> tuple[bytes, str]:
    """A multipart/form-data body of ``(field, file name, bytes)`` files and plain fields, as a browser sends it."""
    boundary = "----gikxltest" + uuid.uuid4().hex
    out = bytearray()
    for name, value in (fields or {}).items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").encode()
    for field, filename, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


_EPOCH = dt.datetime(1899, 12, 30)


def _value2(value: Any) -> Any:
    """A cell as WPS's ``Range.Value2`` gives it: dates as serial numbers, blanks as null."""
    if value == "" or value is None:
        return None
    if isinstance(value, str) and value.endswith("Z") and value[:4].isdigit() and "T" in value:
        day = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.000Z")
        return (day - _EPOCH).days
    return value


def book_body(path: Path) -> dict[str, Any]:
    """The body the add-in posts for the workbook at ``path``: every defined name, as the ET API reads it."""
    import openpyxl
    from openpyxl.utils.cell import range_boundaries

    from remote_book import _Evaluated

    wb = openpyxl.load_workbook(path)
    sheets = {ws.title: _Evaluated(ws) for ws in wb.worksheets}
    names = []
    for name, dn in wb.defined_names.items():
        destinations = list(dn.destinations)
        if len(destinations) != 1:
            names.append({"name": name, "refersTo": "=" + dn.attr_text})
            continue
        sheet, ref = destinations[0]
        c1, r1, c2, r2 = range_boundaries(ref.replace("$", ""))
        ws = wb[sheet]
        values = [[_value2(sheets[sheet].value(r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        formulas = [[ws.cell(r, c).value if isinstance(ws.cell(r, c).value, str) else "" for c in range(c1, c2 + 1)]
                    for r in range(r1, r2 + 1)]
        names.append({"name": name, "refersTo": "=" + dn.attr_text, "sheet": sheet, "address": ref,
                      "value2": values, "formula": formulas})
    return {"name": path.name, "fullName": str(path), "names": names, "marks": None}


def _bgr(rgb: str) -> int:
    """``FFRRGGBB`` (openpyxl) as the BGR number ``Interior.Color`` holds."""
    r, g, b = int(rgb[2:4], 16), int(rgb[4:6], 16), int(rgb[6:8], 16)
    return r + g * 256 + b * 65536


def standin_book(path: Path) -> dict[str, Any]:
    """The workbook at ``path`` as ``tests/wps/et_standin.js`` builds it: every cell's ``Value2``
    (totals computed, dates as serial numbers), formula, fill and lock, each sheet's protection,
    and the defined names."""
    import openpyxl

    from remote_book import _Evaluated

    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        evaluated = _Evaluated(ws)
        cells: dict[str, Any] = {}
        for row in ws.iter_rows():
            for c in row:
                fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
                if c.value is None and fill is None:
                    continue
                formula = c.value if isinstance(c.value, str) and c.value.startswith("=") else None
                cells[c.coordinate] = {
                    "v": _value2(evaluated.value(c.row, c.column)), "f": formula,
                    "fill": _bgr(fill) if isinstance(fill, str) and len(fill) == 8 else None,
                    "locked": bool(c.protection.locked)}
        sheets.append({"name": ws.title, "cells": cells, "protected": bool(ws.protection.sheet),
                       "visible": -1 if ws.sheet_state == "visible" else 0})
    names = [{"name": name, "refersTo": "=" + dn.attr_text} for name, dn in wb.defined_names.items()]
    return {"name": path.name, "fullName": str(path), "sheets": sheets, "names": names}
