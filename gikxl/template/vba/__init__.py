"""The Excel side of the template: its VBA project and ribbon, written by our code.

- :mod:`gikxl.template.vba.ovba` — [MS-OVBA] 2.4.1 compression.
- :mod:`gikxl.template.vba.cfb` — [MS-CFB] compound file writer.
- :mod:`gikxl.template.vba.project` — ``xl/vbaProject.bin`` from module source.
- :mod:`gikxl.template.vba.ribbon` — ``customUI/customUI14.xml``.
- :mod:`gikxl.template.vba.package` — ``.xlsx`` parts -> ``.xlsm`` parts.

The public functions are re-exported lazily so that importing this package
costs nothing until one is used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_vba_project", "make_macro_enabled", "ribbon_callbacks", "ribbon_xml"]

_HOMES = {
    "build_vba_project": "gikxl.template.vba.project",
    "make_macro_enabled": "gikxl.template.vba.package",
    "ribbon_callbacks": "gikxl.template.vba.ribbon",
    "ribbon_xml": "gikxl.template.vba.ribbon",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'gikxl.template.vba' has no attribute {name!r}")
