"""Writing files safely: never a half-written output, a clear message when locked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gikxl.errors import OutputError


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"输出文件夹“{folder}”不存在。")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~gikxl-", suffix=path.suffix, dir=folder)
    except OSError:
        raise OutputError(f"无法在文件夹“{folder}”中写入文件：没有写入权限。请换一个文件夹。") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(
            f"无法写入“{path.name}”：文件可能正在 Word/Excel 中打开，或没有写入权限。请关闭该文件后重试。"
        ) from None
    return path
