"""Which Python program a button or a log-in entry starts: shared by ``install`` and ``install --wps``."""

from __future__ import annotations

from pathlib import Path


def windowless(executable: str) -> str:
    """``pythonw.exe`` beside ``python.exe`` (no console window flashes up on each click)."""
    path = Path(executable)
    if path.name.lower() == "python.exe" and path.with_name("pythonw.exe").exists():
        return str(path.with_name("pythonw.exe"))
    return executable
