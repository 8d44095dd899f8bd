"""Writing files safely, and crash logs.

Never a half-written output, never over a read-only file, a clear message when
a file is locked or the disk full; crash logs only where the user alone can
write, under names no one can plant a link at.

Shared by every stage that writes (the command line, the Excel buttons, the
report); it imports nothing of gikxl but :mod:`gikxl.errors`.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import time
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


#: Prefix of the temporary files :func:`write_atomic` renames into place.
TEMP_PREFIX = ".~gikxl-"

#: Age after which a temporary file of ours is left over from a killed run: no write takes an hour.
STALE_AFTER_S = 3600

#: Errors that mean the disk (or the user's quota on it) is full.
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_read_only(path: Path) -> bool:
    """Whether the existing file ``path`` must not be replaced: marked read-only, or not writable by us.

    The write bits are checked as well as :func:`os.access`, because for root
    (and an administrator) ``os.access`` says yes to any file, while a file
    nobody may write to (``chmod a-w``, Windows' 只读 attribute) is the owner's
    plain wish that it stays as it is. Replacing it by renaming a new file over
    it would succeed, since that needs only the folder's permission.
    """
    try:
        st = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    return not st.st_mode & 0o222 or not os.access(path, os.W_OK)


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one existing file: through a link, ``./``, another case or a hard link."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _sweep_stale(folder: Path) -> None:
    """Remove our temporary files that a killed run left in ``folder``.

    Only regular files (never a link, never followed) named with our prefix,
    older than :data:`STALE_AFTER_S` (so a write in progress elsewhere is safe)
    and, where the system has owners, owned by us: someone else's file in a
    shared folder is not ours to delete.
    """
    cutoff = time.time() - STALE_AFTER_S
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.startswith(TEMP_PREFIX):
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                    if (stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff
                            and (uid is None or st.st_uid == uid)):
                        os.unlink(entry.path)
                except OSError:
                    continue
    except OSError:
        pass


def _failure(path: Path, folder: Path, exc: OSError, creating: bool) -> str:
    """Why writing ``path`` failed, in words a clerk can act on."""
    if exc.errno in _DISK_FULL:
        return (f"无法写入“{path.name}”：磁盘空间已满（或已超出空间配额）。原有文件保持不变。"
                "请清理磁盘空间或换一个位置后重试。")
    if exc.errno == errno.EROFS:
        return f"无法写入“{path.name}”：文件夹“{folder}”所在的磁盘是只读的。请换一个文件夹。"
    if creating:
        return f"无法在文件夹“{folder}”中写入文件：没有写入权限。请换一个文件夹。"
    return f"无法写入“{path.name}”：文件可能正在 Word/Excel 中打开，或没有写入权限。请关闭该文件后重试。"


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    The file gets ordinary permissions (those of the file it replaces, or as the
    umask allows), not the private 0600 of a temporary file. A read-only
    ``path`` is refused, not replaced. Temporary files that killed runs left in
    the folder are cleaned up first.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"输出文件夹“{folder}”不存在。")
    if path.is_dir():
        raise OutputError(f"“{path}”是一个文件夹，不能写成文件。请换一个文件名。")
    if is_read_only(path):
        raise OutputError(f"“{path.name}”是只读文件，未覆盖。如要替换它，请先取消其只读属性，或换一个文件名。")
    _sweep_stale(folder)
    try:
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=folder)
    except OSError as exc:
        raise OutputError(_failure(path, folder, exc, creating=True)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if os.name != "nt":  # Windows has no modes to fix (and a read-only temp file could not be removed)
            os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(_failure(path, folder, exc, creating=False)) from None
    except BaseException:  # interrupted (Ctrl+C): leave no temporary file behind
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# Crash logs -------------------------------------------------------------------

def _private_folder(folder: Path) -> bool:
    """Make ``folder`` (and its parents) if needed, and say whether only we can write in it.

    A folder another user could have made or can write to (a planted
    ``gikxl-logs-<uid>`` in a shared temporary folder, a symlink to their
    folder) is refused: they could read our logs or swap links into them.
    """
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return False
    if os.name == "nt":  # %LOCALAPPDATA% is the user's own by its ACL
        return stat.S_ISDIR(st.st_mode)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        return False
    if st.st_mode & 0o022:  # our own folder, opened up since: close it again
        try:
            os.chmod(folder, 0o700)  # checked above to be our folder, not a link
        except OSError:
            return False
    return True


def _log_folders() -> list[Path]:
    """Where crash logs may go, best first: the user's own state folder, else a private temporary one."""
    import tempfile  # (imported where needed: a command that writes nothing does not pay for it)

    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return [Path(base) / "gikxl" / "logs", Path(tempfile.gettempdir()) / "gikxl-logs"]
    folders = []
    state = os.environ.get("XDG_STATE_HOME", "")
    if os.path.isabs(state):  # the XDG spec: a relative value is to be ignored
        folders.append(Path(state) / "gikxl" / "logs")
    home = os.path.expanduser("~")
    if os.path.isabs(home):
        folders.append(Path(home) / ".local" / "state" / "gikxl" / "logs")
    folders.append(Path(tempfile.gettempdir()) / f"gikxl-logs-{os.getuid()}")
    return folders


def _log_folder() -> Path:
    for folder in _log_folders():
        if _private_folder(folder):
            return folder
    # Every known place is unusable or taken by someone else: a fresh folder only we can open.
    import tempfile

    return Path(tempfile.mkdtemp(prefix="gikxl-logs-"))


def write_crash_log() -> Path:
    """Write the current exception's traceback to a new log file and return its path.

    The log goes into a folder only the user can write to, under a name no
    other log has: it is created with ``O_EXCL`` (and ``O_NOFOLLOW``), so a
    second crash in the same second gets ``…-2.log`` and a link planted under
    the expected name is never followed. Raises :class:`OSError` only when no
    folder at all can take it.
    """
    import tempfile
    import traceback

    folder = _log_folder()
    stem = f"gikxl-{dt.datetime.now():%Y%m%d-%H%M%S}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for n in range(1, 1000):
        path = folder / (f"{stem}.log" if n == 1 else f"{stem}-{n}.log")
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        break
    else:  # a thousand crashes in one second: let the system pick the name
        fd, name = tempfile.mkstemp(prefix=f"{stem}-", suffix=".log", dir=folder)
        path = Path(name)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(traceback.format_exc())
    return path
