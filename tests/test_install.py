"""``gikxl install``: explains itself off Windows; on (simulated) Windows installs the add-in,
writes xlwings.conf, trusts a folder, and ends with the doctor's import check."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from fake_registry import LOCATIONS, FakeRegistry, excel_ran
from gikxl.__main__ import main
from gikxl.cli import install, registry, trust

REAL_PYTHON = sys.executable
REAL_RUN = subprocess.run


def launcher(path: Path, command: str) -> Path:
    """An executable ``path`` that runs ``command`` with its arguments (a real Python behind a Windows name)."""
    path.write_text(f'#!/bin/sh\nexec {command} "$@"\n', encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def windows(monkeypatch, tmp_path):
    """A Windows PC simulated around the real code: the platform, a Python folder and a user profile.

    python.exe and pythonw.exe start this test's real interpreter, so the final import check really runs.
    """
    python = tmp_path / "Python311" / "python.exe"
    python.parent.mkdir()
    launcher(python, f'"{REAL_PYTHON}"')
    launcher(python.parent / "pythonw.exe", f'"{REAL_PYTHON}"')
    profile = tmp_path / "Users" / "张三"
    profile.mkdir(parents=True)
    monkeypatch.setattr(install, "current_platform", lambda: "win32")
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setenv("USERPROFILE", str(profile))
    monkeypatch.delenv("CONDA_EXE", raising=False)
    return profile


@pytest.fixture
def reg(monkeypatch) -> FakeRegistry:
    fake = excel_ran()
    monkeypatch.setattr(registry, "registry", lambda: fake)
    return fake


class FakeXlwings:
    """Stands in for ``xlwings addin install`` (which needs Excel): records the command, answers like xlwings."""

    def __init__(self, stdout: str = "Successfully installed the xlwings add-in! Please restart Excel.\n",
                 returncode: int = 0) -> None:
        self.stdout, self.returncode, self.calls = stdout, returncode, []

    def __call__(self, cmd, **kwargs):
        if list(cmd[-2:]) != ["addin", "install"]:  # the final import check runs for real
            return REAL_RUN(cmd, **kwargs)
        self.calls.append(cmd)
        return subprocess.CompletedProcess(cmd, self.returncode, self.stdout, "")


def conf_of(profile: Path) -> bytes:
    return (profile / ".xlwings" / "xlwings.conf").read_bytes()


def test_off_windows_it_explains_and_changes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(install, "current_platform", lambda: "linux")
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    called = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: called.append(a))
    assert main(["install"]) == 0
    out = capsys.readouterr().out
    assert "本机不是 Windows" in out and "xlwings addin install" in out and '"INTERPRETER_WIN"' in out
    assert called == [] and not (tmp_path / ".xlwings").exists()


def test_dry_run_lists_the_plan_and_changes_nothing(windows, capsys, monkeypatch):
    called = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: called.append(a))
    assert main(["install", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "addin install" in out and str(windows / ".xlwings" / "xlwings.conf") in out
    assert f'"INTERPRETER_WIN","{Path(sys.executable).with_name("pythonw.exe")}"' in out
    assert "均未执行" in out
    assert called == [] and not (windows / ".xlwings").exists()


def test_install_runs_xlwings_with_this_python_and_writes_the_conf(windows, capsys, monkeypatch):
    fake = FakeXlwings()
    monkeypatch.setattr(subprocess, "run", fake)
    assert main(["install"]) == 0
    (cmd,) = fake.calls
    assert cmd[0] == sys.executable and cmd[-2:] == ["addin", "install"]
    # The -c program really starts xlwings' own command line.
    assert "from xlwings.cli import main" in cmd[2]
    pythonw = Path(sys.executable).with_name("pythonw.exe")
    assert conf_of(windows) == (f'"INTERPRETER_WIN","{pythonw}"\r\n"ADD_WORKBOOK_TO_PYTHONPATH","False"\r\n'
                                .encode(install.ansi_encoding()))
    out = capsys.readouterr().out
    assert "[正常] Python 能否运行 gikxl" in out and f"（{pythonw}）" in out and "安装完成" in out


def test_existing_settings_are_kept_and_ours_replaced(windows, monkeypatch):
    conf = windows / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir()
    # What `xlwings addin install` itself writes (python.exe), plus a licence key, with a stray blank line.
    conf.write_bytes(b'"INTERPRETER_WIN","C:\\old\\python.exe"\r\n\r\n"LICENSE_KEY","noncommercial"\r\n')
    monkeypatch.setattr(subprocess, "run", FakeXlwings())
    assert main(["install", "--keep-python-running"]) == 0
    lines = conf_of(windows).decode(install.ansi_encoding()).split("\r\n")
    pythonw = Path(sys.executable).with_name("pythonw.exe")
    assert lines == [f'"INTERPRETER_WIN","{pythonw}"', '"USE UDF SERVER","True"',
                     '"ADD_WORKBOOK_TO_PYTHONPATH","False"', '"LICENSE_KEY","noncommercial"', ""]


def test_conda_environments_are_activated_not_pointed_at(windows, monkeypatch, tmp_path):
    prefix = tmp_path / "miniconda3" / "envs" / "gik"
    (prefix / "conda-meta").mkdir(parents=True)
    monkeypatch.setattr(sys, "prefix", str(prefix))
    monkeypatch.setenv("CONDA_EXE", str(tmp_path / "miniconda3" / "Scripts" / "conda.exe"))
    monkeypatch.setenv("CONDA_DEFAULT_ENV", "gik")
    monkeypatch.setattr(subprocess, "run", FakeXlwings())
    # The environment's python.exe, where the add-in's conda activation finds it.
    launcher(prefix / "python.exe", f'"{REAL_PYTHON}"')
    assert main(["install"]) == 0
    text = conf_of(windows).decode(install.ansi_encoding())
    assert text == (f'"CONDA PATH","{tmp_path / "miniconda3"}"\r\n"CONDA ENV","gik"\r\n'
                    '"ADD_WORKBOOK_TO_PYTHONPATH","False"\r\n')


def test_a_failed_addin_install_writes_nothing_and_says_why(windows, capsys, monkeypatch):
    monkeypatch.setattr(subprocess, "run",
                        FakeXlwings("Error: Failed to install the add-in: If Excel is running ...\n"))
    assert main(["install"]) == 1
    err = capsys.readouterr().err
    assert "加载项安装失败" in err and "Failed to install" in err and "关闭所有 Excel" in err
    assert not (windows / ".xlwings" / "xlwings.conf").exists()


def test_python_elsewhere_than_pythonw_is_used_as_is(tmp_path):
    exe = tmp_path / "venv" / "Scripts" / "python.exe"
    assert install.windowless(str(exe)) == str(exe)  # no pythonw.exe beside it
    assert install.windowless("C:/Python311/python3.11.exe") == "C:/Python311/python3.11.exe"


def test_conf_format_matches_what_xlwings_reads(tmp_path, monkeypatch):
    """xlwings' own reader (``read_user_config``) reads back what we write."""
    import xlwings
    from xlwings import utils

    path = tmp_path / "xlwings.conf"
    path.write_text(install.conf_text("", {"INTERPRETER_WIN": r"C:\Py\pythonw.exe", "USE UDF SERVER": "True"}),
                    encoding="utf-8", newline="")
    monkeypatch.setattr(xlwings, "USER_CONFIG_FILE", str(path))
    assert utils.read_user_config() == {"interpreter_win": r"C:\Py\pythonw.exe", "use udf server": "True"}
    assert b"\r\n\r\n" not in path.read_bytes()


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["install", "--help"])
    out = capsys.readouterr().out
    assert "--dry-run" in out and "只列出将要执行的操作" in out


# The final import check ---------------------------------------------------------------


def test_install_fails_when_the_configured_python_cannot_import_gikxl(windows, capsys, monkeypatch):
    """pythonw.exe here is the machine's own Python started with -I: a Python without gikxl (or xlwings)."""
    base = getattr(sys, "_base_executable", REAL_PYTHON)
    launcher(Path(sys.executable).with_name("pythonw.exe"), f'"{base}" -I')
    monkeypatch.setattr(subprocess, "run", FakeXlwings())
    assert main(["install"]) == 1
    captured = capsys.readouterr()
    assert "[需处理] Python 能否运行 gikxl" in captured.out and "No module named" in captured.out
    assert "-m pip install gikxl" in captured.out and "按钮还不能用" in captured.err
    assert conf_of(windows)  # the configuration is written all the same: doctor can read it


# --trust-folder ---------------------------------------------------------------------------


def test_trust_folder_adds_a_location_after_the_existing_ones(windows, reg, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "年报"
    folder.mkdir()
    before = {k: dict(v) for k, v in reg.keys.items()}
    monkeypatch.setattr(subprocess, "run", FakeXlwings())
    assert main(["install", "--trust-folder", str(folder)]) == 0
    added = {k: v for k, v in reg.keys.items() if k not in before}
    # Location0 and Location2 exist (a gap at 1): the new one is numbered after the highest.
    assert list(added) == [LOCATIONS + "\\Location3"]
    values = added[LOCATIONS + "\\Location3"]
    # Written as Windows writes it: backslashes (this test's folder is a Linux one), one at the end.
    assert values["Path"] == str(folder).replace("/", "\\") + "\\" and values["AllowSubfolders"] == 1
    assert values["Description"] == install.trust_description()
    dt.datetime.strptime(str(values["Date"]), "%Y/%m/%d %H:%M")
    assert all(reg.keys[k] == v for k, v in before.items())  # nothing existing touched
    assert "[3/3]" in capsys.readouterr().out


def test_trust_folder_already_trusted_changes_nothing(windows, reg, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "年报" / "2025"
    folder.mkdir(parents=True)
    reg.write(LOCATIONS + "\\Location5", {"Path": str(folder.parent) + "\\", "AllowSubfolders": 1})
    before = {k: dict(v) for k, v in reg.keys.items()}
    monkeypatch.setattr(subprocess, "run", FakeXlwings())
    assert main(["install", "--trust-folder", str(folder)]) == 0
    assert reg.keys == before
    assert "已是受信任位置" in capsys.readouterr().out


def test_trust_network_folder_allows_network_locations():
    reg = excel_ran()
    location, added = trust.add_trusted_location(reg, "16.0", "\\\\fileserver\\办公室\\年报", "x",
                                                 dt.datetime(2026, 1, 5, 9, 7))
    assert added and location.key.endswith("\\Location3")
    assert reg.keys[LOCATIONS]["AllowNetworkLocations"] == 1
    assert reg.keys[location.key] == {"Path": "\\\\fileserver\\办公室\\年报\\", "AllowSubfolders": 1,
                                      "Description": "x", "Date": "2026/01/05 09:07"}


def test_trust_folder_numbering_starts_at_0_and_reads_every_number():
    reg = FakeRegistry({"Software\\Microsoft\\Office\\16.0\\Excel\\Options": {}})
    assert trust.add_trusted_location(reg, "16.0", "D:\\年报", "x")[0].key.endswith("\\Location0")
    reg.write(LOCATIONS + "\\Location12", {"Path": "E:\\other\\"})
    reg.write(LOCATIONS + "\\Location9", {"Path": "F:\\other\\"})
    assert trust.add_trusted_location(reg, "16.0", "D:\\年报2", "x")[0].key.endswith("\\Location13")


def test_trust_folder_without_excel_settings_says_to_open_excel_once(windows, tmp_path, capsys, monkeypatch):
    empty = FakeRegistry()
    monkeypatch.setattr(registry, "registry", lambda: empty)
    monkeypatch.setattr(subprocess, "run", FakeXlwings())
    assert main(["install", "--trust-folder", str(tmp_path)]) == 1
    assert "先打开一次 Excel" in capsys.readouterr().err and empty.keys == {}


def test_trust_folder_refused_by_policy_says_to_ask_it(windows, reg, tmp_path, capsys, monkeypatch):
    reg.write("Software\\Policies\\Microsoft\\Office\\16.0\\Excel\\Security\\Trusted Locations",
              {"AllLocationsDisabled": 1})
    before = {k: dict(v) for k, v in reg.keys.items()}
    monkeypatch.setattr(subprocess, "run", FakeXlwings())
    assert main(["install", "--trust-folder", str(tmp_path)]) == 1
    assert "组策略" in capsys.readouterr().err and reg.keys == before


def test_trust_folder_that_does_not_exist(windows, tmp_path, capsys):
    assert main(["install", "--trust-folder", str(tmp_path / "无此文件夹")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_newest_excel_version_is_used():
    reg = FakeRegistry({
        "Software\\Microsoft\\Office\\15.0\\Excel\\Options": {},
        "Software\\Microsoft\\Office\\16.0\\Excel\\Options": {},
        "Software\\Microsoft\\Office\\16.0\\Word\\Options": {},
        "Software\\Microsoft\\Office\\Common\\General": {},
    })
    assert trust.excel_version(reg) == "16.0"


# A processor the installed polars cannot run on ------------------------------------------------

@pytest.fixture
def sandy_bridge(monkeypatch):
    """This PC seen as an office PC without AVX2 (its real /proc/cpuinfo), the installed polars as it is."""
    from gikxl import runtime

    monkeypatch.delenv("POLARS_SKIP_CPU_CHECK", raising=False)
    monkeypatch.delenv("POLARS_FORCE_PKG", raising=False)
    monkeypatch.setattr(runtime, "CPUINFO", Path(__file__).parent / "data" / "cpuinfo" / "sandy-bridge-i5-2400.txt")
    monkeypatch.setattr(runtime, "X86", {runtime.platform_machine()})
    if runtime.installed_runtime() is None or "avx2" not in runtime.installed_runtime().flags:
        pytest.skip("the installed polars runtime needs no AVX2")


def test_install_names_the_polars_runtime_an_old_processor_needs_and_stops(windows, sandy_bridge, capsys,
                                                                          monkeypatch):
    called = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: called.append(a))
    assert main(["install"]) == 1
    assert called == [] and not (windows / ".xlwings").exists()  # xlwings would die of it: not started
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("请先处理：本机处理器不支持 AVX2") and '-m pip install "polars-runtime-compat==' in err
    assert "没有做任何改动" in err


def test_off_windows_the_advice_is_given_too(sandy_bridge, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(install, "current_platform", lambda: "linux")
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    assert main(["install"]) == 1
    assert "polars-runtime-compat" in capsys.readouterr().err
