"""The current user's Windows registry, behind one small door.

``gikxl doctor`` and ``gikxl install --trust-folder`` read and write Excel's
settings under ``HKEY_CURRENT_USER``. Everything goes through
:func:`registry`, which returns a :class:`Registry`; on Windows that is
:class:`WindowsRegistry` over :mod:`winreg`, and tests replace the function
with a dictionary-backed registry. Key names are relative to
``HKEY_CURRENT_USER`` and use backslashes, as regedit shows them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, Protocol

__all__ = ["Registry", "Value", "WindowsRegistry", "registry"]

#: A registry value as Excel's settings use them: REG_SZ or REG_DWORD.
Value = str | int


class Registry(Protocol):
    """What gikxl needs of the registry."""

    def values(self, key: str) -> dict[str, Value] | None:
        """The values of ``key`` by name, or None when the key does not exist."""

    def subkeys(self, key: str) -> list[str]:
        """The names of the keys directly under ``key`` (none when it does not exist)."""

    def write(self, key: str, values: Mapping[str, Value]) -> None:
        """Create ``key`` if needed and set ``values`` in it (other values are left alone)."""


def registry() -> Registry:
    """The current user's registry (Windows only: :mod:`winreg` does not exist elsewhere)."""
    return WindowsRegistry()


class WindowsRegistry:
    """:class:`Registry` over :mod:`winreg`, ``HKEY_CURRENT_USER``."""

    def __init__(self) -> None:
        self.winreg: Any = importlib.import_module("winreg")

    def values(self, key: str) -> dict[str, Value] | None:
        w = self.winreg
        try:
            handle = w.OpenKey(w.HKEY_CURRENT_USER, key)
        except OSError:
            return None
        out: dict[str, Value] = {}
        with handle:
            count = w.QueryInfoKey(handle)[1]
            for i in range(count):
                name, value, kind = w.EnumValue(handle, i)
                if kind in (w.REG_SZ, w.REG_EXPAND_SZ, w.REG_DWORD):
                    out[name] = value
        return out

    def subkeys(self, key: str) -> list[str]:
        w = self.winreg
        try:
            handle = w.OpenKey(w.HKEY_CURRENT_USER, key)
        except OSError:
            return []
        with handle:
            return [w.EnumKey(handle, i) for i in range(w.QueryInfoKey(handle)[0])]

    def write(self, key: str, values: Mapping[str, Value]) -> None:
        w = self.winreg
        with w.CreateKeyEx(w.HKEY_CURRENT_USER, key, 0, w.KEY_WRITE) as handle:
            for name, value in values.items():
                kind = w.REG_DWORD if isinstance(value, int) else w.REG_SZ
                w.SetValueEx(handle, name, 0, kind, value)
