"""Print, as JSON, what LibreOffice sees of a workbook's VBA project.

Run with the system interpreter (the one that has ``uno``)::

    /usr/bin/python3 tests/uno_probe.py PORT /path/to/book.xlsm

against ``soffice --headless --accept=socket,host=127.0.0.1,port=PORT;urp;``.
Output: ``{"libraries": [...], "modules": {name: text}, "codenames":
{sheet: codeName}}``. The document is loaded hidden with macro execution
off (MacroExecutionMode NEVER_EXECUTE = 0): the probe only reads source.
"""

from __future__ import annotations

import json
import sys
import time

import uno  # also sets up the bridge for the com.sun.star imports
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(port: int, timeout: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main(argv: list[str]) -> int:
    port, path = int(argv[1]), argv[2]
    timeout = float(argv[3]) if len(argv) > 3 else 60.0
    ctx = _connect(port, timeout)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    url = uno.systemPathToFileUrl(path)
    doc = desktop.loadComponentFromURL(
        url, "_blank", 0, (_prop("Hidden", True), _prop("MacroExecutionMode", 0), _prop("ReadOnly", True))
    )
    try:
        libs = doc.BasicLibraries
        result = {"libraries": list(libs.getElementNames()), "modules": {}, "codenames": {}}
        if libs.hasByName("VBAProject"):
            libs.loadLibrary("VBAProject")
            lib = libs.getByName("VBAProject")
            for name in lib.getElementNames():
                result["modules"][name] = lib.getByName(name)
        sheets = doc.Sheets
        for name in sheets.getElementNames():
            result["codenames"][name] = sheets.getByName(name).CodeName
        json.dump(result, sys.stdout, ensure_ascii=False)
    finally:
        doc.close(True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
