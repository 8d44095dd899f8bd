"""The Excel side of the template: its VBA project and ribbon, written by our code.

- :mod:`gikxl.vba.ovba` — [MS-OVBA] 2.4.1 compression.
- :mod:`gikxl.vba.cfb` — [MS-CFB] compound file writer.
- :mod:`gikxl.vba.project` — ``xl/vbaProject.bin`` from module source.
- :mod:`gikxl.vba.ribbon` — ``customUI/customUI14.xml``.
- :mod:`gikxl.vba.package` — ``.xlsx`` parts -> ``.xlsm`` parts.

The public functions are re-exported lazily so that importing this package
costs nothing until one is used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_vba_project", "make_macro_enabled", "ribbon_callbacks", "ribbon_xml"]

_HOMES = {
    "build_vba_project": "gikxl.vba.project",
    "make_macro_enabled": "gikxl.vba.package",
    "ribbon_callbacks": "gikxl.vba.ribbon",
    "ribbon_xml": "gikxl.vba.ribbon",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'gikxl.vba' has no attribute {name!r}")
