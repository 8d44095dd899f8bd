"""Run functions of a workbook's VBA module in LibreOffice and print their results as JSON.

Run with the system interpreter (the one that has ``uno``)::

    /usr/bin/python3 tests/uno_call.py PORT /path/to/book.xlsm MODULE CALLS_JSON

against a headless ``soffice`` listening on PORT. ``CALLS_JSON`` is a list of
``[function, [args...]]``; the output is a list of ``{"value": ...}`` or
``{"error": ...}`` in the same order. LibreOffice compiles the module's VBA
(``Option VBASupport``) and runs it: an independent interpreter for the pure
string logic of the ribbon module. The document is opened read-only with
macros allowed (MacroExecutionMode ALWAYS_EXECUTE_NO_WARN = 4) because the
test calls them; on opening, that also runs the template's Workbook_Open,
which only marks the workbook as saved.
"""

from __future__ import annotations

import json
import os
import sys

import uno

from uno_probe import _connect, _prop


def main(argv: list[str]) -> int:
    port, path, module, calls = int(argv[1]), argv[2], argv[3], json.loads(argv[4])
    ctx = _connect(port, 60.0)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(path), "_blank", 0,
        (_prop("Hidden", True), _prop("MacroExecutionMode", 4), _prop("ReadOnly", True)),
    )
    out = []
    try:
        provider = doc.getScriptProvider()
        for function, args in calls:
            url = f"vnd.sun.star.script:VBAProject.{module}.{function}?language=Basic&location=document"
            try:
                value = provider.getScript(url).invoke(tuple(args), (), ())[0]
                out.append({"value": value})
            except Exception as exc:  # noqa: BLE001 - reported to the test, which decides
                out.append({"error": str(exc)[:500]})
    finally:
        doc.close(True)
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    # Skip the interpreter's teardown: tearing down the UNO bridge now and then dies of
    # SIGSEGV after the results are written, which would fail a test that passed.
    os._exit(code)
