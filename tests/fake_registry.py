"""A dictionary standing in for the Windows registry (``HKEY_CURRENT_USER``), for doctor and install tests.

This is the one simulated part of the Excel chain: Linux has no registry.
Keys are matched case-insensitively, as Windows matches them.
"""

from __future__ import annotations

from collections.abc import Mapping

Value = str | int

OFFICE = "Software\\Microsoft\\Office\\16.0"
SECURITY = OFFICE + "\\Excel\\Security"
LOCATIONS = SECURITY + "\\Trusted Locations"
POLICY_SECURITY = "Software\\Policies\\Microsoft\\Office\\16.0\\Excel\\Security"


class FakeRegistry:
    """``{key: {value name: value}}``; a key exists when it or a key below it is present."""

    def __init__(self, keys: Mapping[str, Mapping[str, Value]] | None = None) -> None:
        self.keys: dict[str, dict[str, Value]] = {k: dict(v) for k, v in (keys or {}).items()}

    def _find(self, key: str) -> str | None:
        return next((k for k in self.keys if k.casefold() == key.casefold()), None)

    def values(self, key: str) -> dict[str, Value] | None:
        found = self._find(key)
        if found is not None:
            return dict(self.keys[found])
        prefix = key.casefold() + "\\"
        return {} if any(k.casefold().startswith(prefix) for k in self.keys) else None

    def subkeys(self, key: str) -> list[str]:
        prefix = key.casefold() + "\\"
        out: list[str] = []
        for k in self.keys:
            if k.casefold().startswith(prefix):
                child = k[len(prefix):].split("\\")[0]
                if child not in out:
                    out.append(child)
        return out

    def write(self, key: str, values: Mapping[str, Value]) -> None:
        found = self._find(key) or key
        self.keys.setdefault(found, {}).update(values)


def excel_ran() -> FakeRegistry:
    """A user for whom Excel 2016+ has run once: the Excel key and Excel's own default Trusted Locations."""
    return FakeRegistry({
        OFFICE + "\\Excel\\Options": {"Font": "宋体,11"},
        LOCATIONS + "\\Location0": {"Path": "C:\\Program Files\\Microsoft Office\\Root\\Office16\\XLSTART\\",
                                    "Description": "Excel default location: Application Startup"},
        LOCATIONS + "\\Location2": {"Path": "C:\\Users\\张三\\AppData\\Roaming\\Microsoft\\Excel\\XLSTART\\",
                                    "Description": "Excel default location: User StartUp"},
    })
