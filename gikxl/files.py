"""Writing files safely: never a half-written output, a clear message when locked, and crash logs.

Shared by every stage that writes (the command line, the Excel buttons, the
report); it imports nothing of gikxl but :mod:`gikxl.errors`.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
import traceback
from pathlib import Path

from gikxl.errors import OutputError


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The permissions a new ``path`` gets: those of the file it replaces, else 0666 less the umask
    (what ``open(path, "w")`` would give; ``mkstemp`` alone would leave 0600)."""
    try:
        st = path.stat()
        if stat.S_ISREG(st.st_mode):
            return stat.S_IMODE(st.st_mode)
    except OSError:
        pass
    return 0o666 & ~_umask()


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    The file gets ordinary permissions (those of the file it replaces, or as the
    umask allows), not the private 0600 of a temporary file.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"输出文件夹“{folder}”不存在。")
    if path.is_dir():
        raise OutputError(f"“{path}”是一个文件夹，不能写成文件。请换一个文件名。")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~gikxl-", suffix=path.suffix, dir=folder)
    except OSError:
        raise OutputError(f"无法在文件夹“{folder}”中写入文件：没有写入权限。请换一个文件夹。") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if os.name != "nt":  # Windows has no modes to fix (and a read-only temp file could not be removed)
            os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(
            f"无法写入“{path.name}”：文件可能正在 Word/Excel 中打开，或没有写入权限。请关闭该文件后重试。"
        ) from None
    except BaseException:  # interrupted (Ctrl+C): leave no temporary file behind
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_crash_log() -> Path:
    """Write the current exception's traceback to a log file and return its path."""
    folder = Path(tempfile.gettempdir()) / "gikxl-logs"
    folder.mkdir(exist_ok=True)
    path = folder / f"gikxl-{dt.datetime.now():%Y%m%d-%H%M%S}.log"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    return path
