"""Hostile and clumsy files around the input: read-only and aliased targets, crash logs in shared
folders, leftovers of killed runs, a full disk, and control characters in names and cells.

Each case ends in a Chinese message and exit 2 with the input unchanged and no partial output,
never a traceback.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import stat
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from gikxl import files
from gikxl.__main__ import main
from gikxl.text import escape_controls, safe_text
from hostile import assert_clean_failure, run_bounded

NAME = "青山县人民政府2025年政府信息公开工作年度报告"
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions and owners")
ROOT = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")

#: Characters that act on a terminal or reorder text: C1 (U+009B is CSI), bidi overrides and isolates.
#: (XML, and so a cell, cannot hold the C0 ones such as ESC; a file name can.)
CONTROLS = "\x9b\x85\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200f"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(files.TEMP_PREFIX)]


def has_controls(text: str) -> bool:
    return any(ch in text for ch in CONTROLS + "\x1b")


# 10. A read-only target ---------------------------------------------------------

@POSIX
def test_report_onto_a_read_only_file_is_refused(make_workbook, demo, tmp_path):
    """Renaming over it would succeed (the folder allows it), even for root: the file's own 只读 counts."""
    book = make_workbook(demo)
    before = digest(book)
    out = tmp_path / "r.docx"
    out.write_bytes(b"published")
    out.chmod(0o444)
    run = run_bounded(["report", str(book), "-o", str(out)], name="report onto a read-only file", tmp=tmp_path)
    assert_clean_failure(run, code=2)
    assert "只读" in run.err and "r.docx" in run.err
    assert out.read_bytes() == b"published" and stat.S_IMODE(out.stat().st_mode) == 0o444
    assert digest(book) == before and not leftovers(tmp_path)


@POSIX
def test_new_force_onto_a_read_only_file_is_refused(tmp_path):
    out = tmp_path / "年报.xlsm"
    out.write_bytes(b"a clerk's filled workbook")
    out.chmod(0o444)
    run = run_bounded(["new", "-o", str(out), "--force"], name="new --force onto a read-only file", tmp=tmp_path)
    assert_clean_failure(run, code=2)
    assert "只读" in run.err
    assert out.read_bytes() == b"a clerk's filled workbook" and not leftovers(tmp_path)


def test_a_file_we_may_not_write_is_read_only_too(tmp_path, monkeypatch):
    """An unprivileged clerk: the mode allows writing to its owner, os.access says no to us."""
    path = tmp_path / "r.md"
    path.write_text("old", encoding="utf-8")
    assert not files.is_read_only(path)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    assert files.is_read_only(path)
    with pytest.raises(files.OutputError, match="只读"):
        files.write_atomic(path, b"new")
    assert path.read_text("utf-8") == "old"


# 11. Crash logs ------------------------------------------------------------------

class _Frozen(dt.datetime):
    """A ``now`` that stays in one second, so that two crashes share it."""

    @classmethod
    def now(cls, tz=None):
        return cls(2026, 3, 20, 9, 30, 0)


STAMP = "gikxl-20260320-093000"


def crash_log(message: str = "boom") -> Path:
    try:
        raise RuntimeError(message)
    except RuntimeError:
        return files.write_crash_log()


@pytest.fixture
def shared_tmp(tmp_path, monkeypatch) -> Path:
    """A shared temporary folder, a frozen clock, and a home where no state folder can be made."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    tmp.chmod(0o1777)
    monkeypatch.setattr("tempfile.tempdir", str(tmp))
    monkeypatch.setattr(files, "dt", SimpleNamespace(datetime=_Frozen))
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    (tmp_path / "home").write_text("not a folder")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "home"))
    return tmp


def _private(folder: Path) -> None:
    st = folder.lstat()
    assert stat.S_ISDIR(st.st_mode) and not stat.S_ISLNK(st.st_mode)
    if os.name != "nt":
        assert st.st_uid == os.getuid() and not st.st_mode & 0o022, oct(st.st_mode)


def test_crash_logs_go_to_the_users_state_folder(tmp_path, monkeypatch, shared_tmp):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "state"))
    log = crash_log()
    assert log.parent == tmp_path / "state" / "gikxl" / "logs"
    _private(log.parent)
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")


def test_a_link_planted_at_the_old_place_is_not_followed(tmp_path, shared_tmp):
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    old = shared_tmp / "gikxl-logs"
    old.mkdir(mode=0o777)
    (old / f"{STAMP}.log").symlink_to(victim)
    log = crash_log()
    assert victim.read_text() == "someone else's file"
    assert old not in log.parents and "RuntimeError: boom" in log.read_text(encoding="utf-8")
    _private(log.parent)


def test_a_link_at_the_next_log_name_is_not_followed(tmp_path, shared_tmp, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = tmp_path / "state" / "gikxl" / "logs"
    folder.mkdir(parents=True, mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (folder / f"{STAMP}.log").symlink_to(victim)
    log = crash_log()
    assert victim.read_text() == "keep" and log.name == f"{STAMP}-2.log"


@POSIX
def test_a_planted_per_user_temp_folder_is_not_used(tmp_path, shared_tmp):
    """The fallback ``gikxl-logs-<uid>`` taken in advance by a link to another user's folder."""
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o777)
    (shared_tmp / f"gikxl-logs-{os.getuid()}").symlink_to(theirs)
    log = crash_log()
    assert list(theirs.iterdir()) == [] and theirs not in log.resolve().parents
    _private(log.parent)


@POSIX
@ROOT
def test_a_per_user_temp_folder_owned_by_another_user_is_not_used(shared_tmp):
    planted = shared_tmp / f"gikxl-logs-{os.getuid()}"
    planted.mkdir(mode=0o777)
    os.chown(planted, 12345, 12345)
    log = crash_log()
    assert log.parent != planted and list(planted.iterdir()) == []
    _private(log.parent)


@POSIX
def test_the_per_user_temp_folder_is_private(shared_tmp):
    log = crash_log()
    assert log.parent == shared_tmp / f"gikxl-logs-{os.getuid()}"
    _private(log.parent)
    assert not log.stat().st_mode & 0o077


def test_two_crashes_in_the_same_second_keep_both_logs(shared_tmp):
    first, second = crash_log("first"), crash_log("second")
    assert first != second and first.parent == second.parent
    assert "RuntimeError: first" in first.read_text(encoding="utf-8")
    assert "RuntimeError: second" in second.read_text(encoding="utf-8")


def test_the_command_line_names_the_private_log(make_workbook, demo, tmp_path, monkeypatch, capsys):
    from gikxl.checks import engine

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "run_checks", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "state"))
    assert main(["check", str(make_workbook(demo))]) == 3
    err = capsys.readouterr().err
    log = Path(err.split("日志：")[1].splitlines()[0])
    assert log.parent == tmp_path / "state" / "gikxl" / "logs" and "Traceback" not in err


def test_no_folder_for_a_log_is_still_a_message(make_workbook, demo, monkeypatch, capsys):
    from gikxl.checks import engine

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    def no_log():
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(engine, "run_checks", broken)
    monkeypatch.setattr("gikxl.cli.write_crash_log", no_log)
    assert main(["check", str(make_workbook(demo))]) == 3
    err = capsys.readouterr().err
    assert "程序内部出错" in err and "Traceback" not in err


# 12. Output onto the input --------------------------------------------------------

@pytest.mark.parametrize("case", ["same name", "other spelling", "through a link", "default name", "folder"])
def test_report_onto_its_own_input_is_refused(make_workbook, demo, tmp_path, case):
    """A workbook renamed with a report's suffix must not be replaced by its own report."""
    name = f"{NAME}.docx" if case in ("default name", "folder") else "x.docx"
    book = make_workbook(demo, name)
    before = digest(book)
    (tmp_path / "sub").mkdir()
    args = {
        "same name": ["report", name, "-o", name],
        "other spelling": ["report", str(book), "-o", f"./sub/../{name}"],
        "through a link": ["report", "link.docx", "-o", name],
        "default name": ["report", name],
        "folder": ["report", name, "-o", "."],
    }[case]
    if case == "through a link":
        if os.name == "nt":
            pytest.skip("symlinks need privileges on Windows")
        (tmp_path / "link.docx").symlink_to(book)
    run = run_bounded(args, name=f"report onto its own input ({case})", cwd=tmp_path, tmp=tmp_path)
    assert_clean_failure(run, code=2)
    assert "就是输入的工作簿" in run.err
    assert digest(book) == before and not leftovers(tmp_path)


def test_a_report_beside_a_docx_workbook_is_still_written(make_workbook, demo, tmp_path):
    """Only the same file is refused, not the same suffix."""
    book = make_workbook(demo, "x.docx")
    run = run_bounded(["report", str(book), "-o", str(tmp_path / "y.docx")], name="docx workbook, other output",
                      tmp=tmp_path)
    assert run.code == 0, run.err
    assert (tmp_path / "y.docx").read_bytes().startswith(b"PK")


# 13a. Leftovers of a killed run ------------------------------------------------------

@POSIX
def test_stale_temporary_files_are_cleaned_on_the_next_write(tmp_path):
    folder = tmp_path / "年报"
    folder.mkdir()
    hours_ago = time.time() - 2 * 3600

    def old(path: Path) -> Path:
        os.utime(path, (hours_ago, hours_ago), follow_symlinks=False)
        return path

    killed = folder / ".~gikxl-k1ll3d.docx"
    killed.write_bytes(b"half a report")
    old(killed)
    fresh = folder / ".~gikxl-wr1t1ng.docx"  # another run writing right now
    fresh.write_bytes(b"in progress")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    link = folder / ".~gikxl-l1nk.docx"
    link.symlink_to(victim)
    old(link)
    subdir = folder / ".~gikxl-d1r"
    subdir.mkdir()
    old(subdir)
    mine = folder / "报告.docx"  # not ours: no prefix
    mine.write_bytes(b"the clerk's")
    old(mine)
    keep = [fresh.name, link.name, subdir.name, mine.name]
    if os.geteuid() == 0:
        theirs = folder / ".~gikxl-th31rs.docx"
        theirs.write_bytes(b"another user's")
        os.chown(theirs, 12345, 12345)
        old(theirs)
        keep.append(theirs.name)

    run = run_bounded(["new", "-o", str(folder / "新.xlsm")], name="stale temporary files", tmp=tmp_path)
    assert run.code == 0, run.err
    assert not killed.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted([*keep, "新.xlsm"])
    assert victim.read_text() == "keep"


# 13b. A full disk -----------------------------------------------------------------

@pytest.mark.parametrize("code", [errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)], ids=["ENOSPC", "EDQUOT"])
def test_a_full_disk_is_called_a_full_disk(make_workbook, demo, tmp_path, monkeypatch, capsys, code, disk_full):
    book = make_workbook(demo)
    before = digest(book)
    out = tmp_path / "r.docx"
    out.write_bytes(b"previous")
    disk_full(code)
    assert main(["report", str(book), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "Word/Excel" not in err and "Traceback" not in err
    assert out.read_bytes() == b"previous" and digest(book) == before and not leftovers(tmp_path)


def test_no_room_for_even_the_temporary_file(demo, tmp_path, monkeypatch):
    """Out of inodes (ENOSPC at creation) is a full disk, not a missing permission."""
    import tempfile

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    with pytest.raises(files.OutputError, match="磁盘空间已满") as info:
        files.write_atomic(tmp_path / "r.md", b"report")
    assert "权限" not in str(info.value) and list(tmp_path.iterdir()) == []


# 13c. Control characters in names and cells -------------------------------------------

def test_safe_text_drops_display_controls():
    assert safe_text("青山县\u202e人民\x9b31m政府\x1b[2J\r\n\t第一") == "青山县人民31m政府[2J\n\t第一"
    assert safe_text("".join(chr(c) for c in range(0x80, 0xA0))) == ""
    assert safe_text("名\udcff") == "名\ufffd"  # a file name that is not UTF-8
    assert safe_text("普通文字 ABC 123") == "普通文字 ABC 123"
    text = "a\x9b\u202e\udc80b"
    assert json.loads(escape_controls(json.dumps(text, ensure_ascii=False))) == text


@pytest.mark.skipif(sys.platform != "linux", reason="control characters in file names")
def test_a_file_name_with_controls_is_not_echoed_raw(tmp_path):
    bad = tmp_path / f"年报{CONTROLS}\x1b[2J.xlsm"
    bad.write_bytes(b"not a workbook at all")
    run = run_bounded(["check", str(bad)], name="file name with control characters", tmp=tmp_path)
    assert_clean_failure(run, code=2)
    assert not has_controls(run.err + run.out) and "\x1b" not in run.err + run.out


def test_cell_text_with_controls_is_not_echoed_raw(make_workbook, demo, tmp_path):
    """The check table quotes what the clerk typed; so does ``report`` when it refuses."""
    demo["gik_t3"][0][1] = f"3{CONTROLS}件"
    book = make_workbook(demo)
    run = run_bounded(["check", str(book)], name="cell text with control characters", tmp=tmp_path)
    assert run.code == 1 and "CELL-TEXT" in run.out and "3件" in run.out
    assert not has_controls(run.out + run.err)
    run = run_bounded(["report", str(book), "-o", str(tmp_path / "r.docx")],
                      name="report refusal quoting control characters", tmp=tmp_path)
    assert run.code == 1 and "3件" in run.err and not has_controls(run.out + run.err)


def test_json_escapes_controls_without_losing_them(make_workbook, demo, tmp_path):
    demo["gik_t3"][0][1] = f"3{CONTROLS}件"
    run = run_bounded(["check", "--json", str(make_workbook(demo))], name="json with control characters",
                      tmp=tmp_path)
    assert run.code == 1 and not has_controls(run.out)
    [finding] = [f for f in json.loads(run.out) if f["code"] == "CELL-TEXT"]
    assert CONTROLS in finding["message"]


def test_the_default_report_name_has_no_controls(make_workbook, demo, tmp_path):
    demo["gik_org"] = f"青山县{CONTROLS}人民政府"
    book = make_workbook(demo, "年报.xlsm")
    run = run_bounded(["report", str(book)], name="机关名称 with control characters", tmp=tmp_path)
    assert run.code == 0, run.err
    assert (tmp_path / f"{NAME}.docx").is_file() and not has_controls(run.out)
    assert not any(has_controls(p.name) for p in tmp_path.iterdir())
