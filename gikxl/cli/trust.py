"""Excel's Trust Center settings for the current user: macro security and Trusted Locations.

The template's macros are unsigned. Under "disable all macros except
digitally signed macros" its buttons are dead, and lowering that setting is
the wrong advice: a folder the clerks keep their 年报 workbooks in is made a
Trusted Location instead, where Excel runs macros whatever the setting.

Registry keys (under ``HKEY_CURRENT_USER``; ``<ver>`` is ``16.0`` for
Excel 2016, 2019, 2021, 2024 and Microsoft 365)::

    Software\\Microsoft\\Office\\<ver>\\Excel\\Security
        VBAWarnings  DWORD 1 enable all, 2 disable with notification (default),
                           3 disable except digitally signed, 4 disable all
    Software\\Microsoft\\Office\\<ver>\\Excel\\Security\\Trusted Locations
        AllowNetworkLocations  DWORD 1: network folders may be trusted
        LocationN  Path (REG_SZ, ends in a backslash), AllowSubfolders (DWORD 1),
                   Description (REG_SZ), Date (REG_SZ)

Group policy writes the same names under ``Software\\Policies\\Microsoft\\Office``,
and wins; its ``Trusted Locations\\AllLocationsDisabled`` = 1 makes Excel
ignore every location but the policy's own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gikxl.cli.registry import Registry

__all__ = [
    "DISABLE_EXCEPT_SIGNED",
    "Location",
    "add_trusted_location",
    "excel_version",
    "is_trusted",
    "macro_setting",
    "trusted_locations",
]

ENABLE_ALL, NOTIFY, DISABLE_EXCEPT_SIGNED, DISABLE_ALL = 1, 2, 3, 4
#: What Excel does when VBAWarnings is absent.
DEFAULT_SETTING = NOTIFY

_OFFICE = "Software\\Microsoft\\Office"
_POLICY = "Software\\Policies\\Microsoft\\Office"
_VERSION = re.compile(r"\d+\.0\Z")


@dataclass(frozen=True)
class Location:
    """One Trusted Location."""

    key: str
    """Its registry key (relative to HKEY_CURRENT_USER)."""
    path: str
    subfolders: bool
    policy: bool
    """Set by group policy (not editable by the user)."""


def excel_version(reg: Registry) -> str | None:
    """The newest Office version with Excel settings for this user (``16.0``), or None if Excel never ran."""
    versions = [v for v in reg.subkeys(_OFFICE) if _VERSION.match(v) and "Excel" in reg.subkeys(f"{_OFFICE}\\{v}")]
    return max(versions, key=lambda v: float(v), default=None)


def _security(root: str, version: str) -> str:
    return f"{root}\\{version}\\Excel\\Security"


def macro_setting(reg: Registry, version: str) -> tuple[int, bool]:
    """(VBAWarnings in force, whether group policy sets it)."""
    for root, policy in ((_POLICY, True), (_OFFICE, False)):
        value = (reg.values(_security(root, version)) or {}).get("VBAWarnings")
        if isinstance(value, int):
            return value, policy
    return DEFAULT_SETTING, False


def locations_disabled(reg: Registry, version: str) -> bool:
    """Group policy has Excel ignore the user's own Trusted Locations."""
    values = reg.values(_security(_POLICY, version) + "\\Trusted Locations") or {}
    return values.get("AllLocationsDisabled") == 1


def network_allowed(reg: Registry, version: str) -> bool:
    for root in (_POLICY, _OFFICE):
        value = (reg.values(_security(root, version) + "\\Trusted Locations") or {}).get("AllowNetworkLocations")
        if isinstance(value, int):
            return value == 1
    return False


def trusted_locations(reg: Registry, version: str) -> list[Location]:
    """The policy's locations, then the user's (unless policy disables those)."""
    out = []
    roots = [(_POLICY, True)] + ([] if locations_disabled(reg, version) else [(_OFFICE, False)])
    for root, policy in roots:
        parent = _security(root, version) + "\\Trusted Locations"
        for name in reg.subkeys(parent):
            values = reg.values(f"{parent}\\{name}") or {}
            path = values.get("Path")
            if isinstance(path, str) and path.strip():
                out.append(Location(f"{parent}\\{name}", path, values.get("AllowSubfolders") == 1, policy))
    return out


def _norm(path: str) -> str:
    """A folder as Windows compares it: backslashes, no trailing one, case folded."""
    return path.replace("/", "\\").rstrip("\\").casefold()


def is_network(path: str) -> bool:
    return path.replace("/", "\\").startswith("\\\\")


def is_trusted(folder: str, locations: list[Location]) -> Location | None:
    """The location that trusts ``folder`` (itself, or a parent allowing subfolders), if any."""
    target = _norm(folder)
    for loc in locations:
        base = _norm(loc.path)
        if target == base or (loc.subfolders and target.startswith(base + "\\")):
            return loc
    return None


def add_trusted_location(reg: Registry, version: str, folder: str, description: str,
                         now: dt.datetime | None = None) -> tuple[Location, bool]:
    """Trust ``folder`` and its subfolders for this user: (the location, whether it was added).

    A folder already trusted is left as it is. Otherwise a new ``LocationN``
    is written, N one more than the highest in use, so no existing location
    is touched. A network folder also needs ``AllowNetworkLocations``.
    """
    existing = is_trusted(folder, trusted_locations(reg, version))
    if existing is not None:
        return existing, False
    parent = _security(_OFFICE, version) + "\\Trusted Locations"
    numbers = [int(m.group(1)) for k in reg.subkeys(parent) if (m := re.fullmatch(r"Location(\d+)", k))]
    key = f"{parent}\\Location{max(numbers, default=-1) + 1}"
    stamp = (now or dt.datetime.now()).strftime("%Y/%m/%d %H:%M")
    path = folder.replace("/", "\\").rstrip("\\") + "\\"
    reg.write(key, {"Path": path, "AllowSubfolders": 1, "Description": description, "Date": stamp})
    if is_network(folder) and not network_allowed(reg, version):
        reg.write(parent, {"AllowNetworkLocations": 1})
    return Location(key, path, True, False), True
