"""The per-user ``xlwings.conf`` as the xlwings add-in's VBA reads it: ``"KEY","VALUE"`` lines in the ANSI code page.

Read by ``gikxl doctor`` and written by ``gikxl install``; both import it from
here, so that neither command imports the other's module for it.
"""

from __future__ import annotations

from pathlib import Path


def parse_conf(text: str) -> dict[str, str]:
    """Settings of an xlwings.conf, in file order (keys as written)."""
    import re

    out = {}
    for line in text.splitlines():
        values = re.findall(r'"([^"]*)"', line)
        if len(values) >= 2:
            out[values[0]] = values[1]
    return out


def read_conf(path: Path) -> dict[str, str]:
    """Settings of the xlwings.conf at ``path`` (empty when it is missing or unreadable)."""
    try:
        return parse_conf(path.read_text(encoding=ansi_encoding())) if path.is_file() else {}
    except (OSError, UnicodeDecodeError):
        return {}


def ansi_encoding() -> str:
    """The code page the add-in's VBA reads files in (``mbcs`` = the system's ANSI code page)."""
    import codecs
    import locale

    try:
        codecs.lookup("mbcs")
        return "mbcs"
    except LookupError:
        return locale.getpreferredencoding(False)
