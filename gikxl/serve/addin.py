"""The WPS add-in's key: what lets the add-in's page, and no other, call the service.

The add-in runs as a page WPS opens from the jsaddons folder (``file://``), so
its requests come with ``Origin: null`` — as do a sandboxed frame's on any web
site. ``gikxl install --wps`` therefore writes a random key into the add-in's
``config.js`` and into :func:`key_path`, readable by this user only; the service
reads it at start, and takes a request from origin ``null`` only with that key
in ``X-Gikxl-Addin``. No web page can know it.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["KEY_HEADER", "key_path", "new_key", "read_key"]

KEY_HEADER = "x-gikxl-addin"
_KEY_FILE = "wps-addin.key"


def key_path(env: Mapping[str, str] | None = None, windows: bool | None = None) -> Path:
    """``%APPDATA%\\gikxl\\wps-addin.key`` on Windows, ``~/.config/gikxl/wps-addin.key`` (XDG) elsewhere."""
    env = os.environ if env is None else env
    windows = sys.platform == "win32" if windows is None else windows
    if windows:
        base = Path(env.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(env.get("XDG_CONFIG_HOME") or Path(env.get("HOME") or Path.home()) / ".config")
    return base / "gikxl" / _KEY_FILE


def new_key() -> str:
    return secrets.token_urlsafe(32)


def read_key(path: Path | None = None) -> str | None:
    """The installed add-in's key, or ``None`` when no add-in was installed (or the file is not one)."""
    try:
        text = (path or key_path()).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if 32 <= len(text) <= 128 and text.replace("-", "").replace("_", "").isalnum() else None
