"""``gikxl doctor``: every check, with its failure made real where it can be, simulated where only Windows has it.

Real here: the interpreters (throw-away venvs with and without gikxl, started
with xlwings' own flags and its ``prepare_sys_path``), xlwings.conf files,
the add-in file shipped with xlwings. Simulated: the platform name and the
registry (:mod:`fake_registry`), which Linux does not have.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import gikxl
from fake_registry import LOCATIONS, POLICY_SECURITY, SECURITY, FakeRegistry, excel_ran
from gikxl.__main__ import main
from gikxl.cli import doctor, registry

# xlwings is not imported here: it decides at import whether the remote engine's licence key is set,
# which tests/test_excel.py sets first.
SHIPPED_ADDIN = Path(importlib.util.find_spec("xlwings").origin).parent / "addin" / "xlwings.xlam"
XLWINGS_VERSION = importlib.metadata.version("xlwings")


def make_venv(where: Path, *paths: Path) -> Path:
    """A real venv (no pip) whose site-packages also sees ``paths``; returns its interpreter."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(where), "platbase": str(where)}))
    (purelib / "gikxl_test.pth").write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    return where / "bin" / "python"


@pytest.fixture(scope="module")
def venvs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("venvs")
    site = Path(sysconfig.get_path("purelib"))  # xlwings and the rest, but not the editable gikxl
    repo = Path(gikxl.__file__).resolve().parents[1]
    return {"good": make_venv(root / "good", site, repo), "no_gikxl": make_venv(root / "no_gikxl", site)}


class PC:
    """A simulated Windows user: profile, XLSTART, xlwings.conf, registry, a folder for 年报 workbooks."""

    def __init__(self, tmp_path: Path, interpreter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.profile = tmp_path / "Users" / "张三"
        self.xlstart = self.profile / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART"
        self.xlstart.mkdir(parents=True)
        shutil.copyfile(SHIPPED_ADDIN, self.xlstart / "xlwings.xlam")
        self.folder = tmp_path / "年报"
        self.folder.mkdir()
        self.conf = self.profile / ".xlwings" / "xlwings.conf"
        self.write_conf({"INTERPRETER_WIN": str(interpreter), "ADD_WORKBOOK_TO_PYTHONPATH": "False"})
        self.reg = excel_ran()
        self.reg.write(LOCATIONS + "\\Location3", {"Path": str(self.folder) + "\\", "AllowSubfolders": 1})
        monkeypatch.setattr(registry, "registry", lambda: self.reg)
        monkeypatch.setattr(doctor, "current_platform", lambda: "win32")
        monkeypatch.setenv("USERPROFILE", str(self.profile))
        monkeypatch.setenv("APPDATA", str(self.profile / "AppData" / "Roaming"))

    def write_conf(self, settings: dict[str, str]) -> None:
        self.conf.parent.mkdir(parents=True, exist_ok=True)
        self.conf.write_bytes("".join(f'"{k}","{v}"\r\n' for k, v in settings.items()).encode("utf-8"))

    def results(self, folder: Path | None = None) -> dict[str, doctor.Result]:
        import os

        machine = doctor.Machine(True, os.environ, self.folder if folder is None else folder)
        return {r.name: r for r in (check(machine) for check in doctor.CHECKS)}


@pytest.fixture
def pc(tmp_path, venvs, monkeypatch) -> PC:
    return PC(tmp_path, venvs["good"], monkeypatch)


def status(results: dict[str, doctor.Result]) -> dict[str, str]:
    return {name: r.status for name, r in results.items()}


def test_a_working_pc_is_all_ok_and_exits_0(pc, capsys):
    assert main(["doctor", str(pc.folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"gikxl {gikxl.__version__}（Python ")
    # Every check ok but the WPS add-in's, which an Excel PC need not have: a note, not a problem.
    assert out.count("[正常]") == len(doctor.CHECKS) - 1 and "[提示] WPS 加载项：未安装" in out
    assert "[需处理]" not in out and "全部正常" in out
    assert f"gikxl {gikxl.__version__}，xlwings {XLWINGS_VERSION}" in out


def test_a_workbook_path_means_its_folder(pc, capsys):
    book = pc.folder / "青山县2025年报.xlsm"
    book.write_bytes(b"")
    assert main(["doctor", str(book)]) == 0


def test_wrong_interpreter_path(pc, capsys, tmp_path):
    missing = tmp_path / "Python311" / "pythonw.exe"
    pc.write_conf({"INTERPRETER_WIN": str(missing), "ADD_WORKBOOK_TO_PYTHONPATH": "False"})
    assert main(["doctor", str(pc.folder)]) == 1
    out = capsys.readouterr().out
    assert f"[需处理] Python 位置：xlwings 要启动的 {missing} 不存在" in out and "Could not find Interpreter!" in out
    assert "[提示] Python 能否运行 gikxl：先解决“Python 位置”一项。" in out
    assert "发现 1 个需要处理的问题" in out


def test_interpreter_without_gikxl(pc, venvs):
    pc.write_conf({"INTERPRETER_WIN": str(venvs["no_gikxl"]), "ADD_WORKBOOK_TO_PYTHONPATH": "False"})
    got = pc.results()
    result = got["Python 能否运行 gikxl"]
    assert result.status == "problem"
    assert "No module named 'gikxl'" in result.detail and f'"{venvs["no_gikxl"]}" -m pip install gikxl' in result.advice
    assert got["加载项与 xlwings 版本"].status == "note"


def test_isolated_base_python_with_a_pythonpath_lacking_gikxl(pc, tmp_path, monkeypatch):
    """The machine's own Python, started with -I (PYTHONPATH ignored) as a stripped-down install would be."""
    base = getattr(sys, "_base_executable", sys.executable)
    wrapper = tmp_path / "isolated" / "pythonw.exe"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec "{base}" -I "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PYTHONPATH", str(Path(sysconfig.get_path("purelib"))))  # would have xlwings: ignored
    pc.write_conf({"INTERPRETER_WIN": str(wrapper), "ADD_WORKBOOK_TO_PYTHONPATH": "False"})
    result = pc.results()["Python 能否运行 gikxl"]
    assert result.status == "problem"
    assert "No module named 'xlwings'" in result.detail  # xlwings' own start-up line fails first, as in Excel


def test_a_stray_gikxl_beside_the_workbooks_is_caught_unless_the_folder_is_kept_off_the_path(pc, venvs):
    stray = pc.folder / "gikxl"
    stray.mkdir()
    (stray / "__init__.py").write_text("__version__ = 'stray'\n", encoding="utf-8")
    (stray / "excel.py").write_text("", encoding="utf-8")
    pc.write_conf({"INTERPRETER_WIN": str(venvs["good"])})  # as `xlwings addin install` leaves it
    got = pc.results()
    assert got["xlwings 配置"].status == "problem" and "ADD_WORKBOOK_TO_PYTHONPATH" in got["xlwings 配置"].detail
    assert got["Python 能否运行 gikxl"].status == "problem"
    assert str(stray / "__init__.py") in got["Python 能否运行 gikxl"].detail
    # What gikxl install writes keeps the folder off sys.path: the real gikxl is imported.
    pc.write_conf({"INTERPRETER_WIN": str(venvs["good"]), "ADD_WORKBOOK_TO_PYTHONPATH": "False"})
    assert pc.results()["Python 能否运行 gikxl"].status == "ok"


@pytest.mark.parametrize("settings, words", [
    ({"ADD_WORKBOOK_TO_PYTHONPATH": "False"}, ["没有 INTERPRETER_WIN"]),
    ({"INTERPRETER_WIN": "{good}"}, ["ADD_WORKBOOK_TO_PYTHONPATH"]),
    ({"LICENSE_KEY": "x"}, ["没有 INTERPRETER_WIN", "ADD_WORKBOOK_TO_PYTHONPATH"]),
])
def test_missing_conf_keys(pc, venvs, settings, words):
    pc.write_conf({k: v.format(good=venvs["good"]) for k, v in settings.items()})
    result = pc.results()["xlwings 配置"]
    assert result.status == "problem" and all(w in result.detail for w in words)
    assert "gikxl install" in result.advice


def test_no_conf_file(pc):
    pc.conf.unlink()
    result = pc.results()["xlwings 配置"]
    assert result.status == "problem" and str(pc.conf) in result.detail


def test_conda_settings_count_as_an_interpreter(pc, tmp_path):
    env = tmp_path / "miniconda3" / "envs" / "gik"
    env.mkdir(parents=True)
    (env / "python.exe").write_bytes(b"")
    pc.write_conf({"CONDA PATH": str(tmp_path / "miniconda3"), "CONDA ENV": "gik",
                   "ADD_WORKBOOK_TO_PYTHONPATH": "False"})
    got = pc.results()
    assert got["xlwings 配置"].status == "ok"
    assert got["Python 位置"].detail == str(env / "python.exe")


def test_no_addin(pc):
    (pc.xlstart / "xlwings.xlam").unlink()
    got = pc.results()
    assert got["xlwings 加载项"].status == "problem" and "gikxl install" in got["xlwings 加载项"].advice
    assert got["加载项与 xlwings 版本"].status == "note"


def test_addin_of_another_xlwings_version(pc):
    other = SHIPPED_ADDIN.parent.parent / "quickstart_addin.xlam"  # a real add-in, but not this version's xlwings.xlam
    shutil.copyfile(other, pc.xlstart / "xlwings.xlam")
    result = pc.results()["加载项与 xlwings 版本"]
    assert result.status == "problem" and f"xlwings {XLWINGS_VERSION}" in result.detail


def test_udf_server_needs_the_version_named_dll(pc, tmp_path):
    root = tmp_path / "udfvenv"
    python = make_venv(root, Path(sysconfig.get_path("purelib")), Path(gikxl.__file__).resolve().parents[1])
    pc.write_conf({"INTERPRETER_WIN": str(python), "ADD_WORKBOOK_TO_PYTHONPATH": "False", "USE UDF SERVER": "True"})
    result = pc.results()["加载项与 xlwings 版本"]
    dll = f"xlwings64-{XLWINGS_VERSION}.dll"
    assert result.status == "problem" and dll in result.detail
    # pip puts the DLL in the environment's root: the interpreter's parent folder for a venv.
    (root / dll).write_bytes(b"MZ")
    assert pc.results()["加载项与 xlwings 版本"].status == "ok"
    # Named after an older add-in's version, it does not count.
    (root / dll).rename(root / "xlwings64-0.30.0.dll")
    assert pc.results()["加载项与 xlwings 版本"].status == "problem"


@pytest.mark.parametrize("key, value, trusted, expected", [
    (SECURITY, 3, False, "problem"),
    (POLICY_SECURITY, 4, False, "problem"),
    (SECURITY, 3, True, "ok"),
    (SECURITY, 2, False, "ok"),
    (SECURITY, 1, False, "note"),
])
def test_macro_security(pc, key, value, trusted, expected):
    pc.reg.write(key, {"VBAWarnings": value})
    if not trusted:
        del pc.reg.keys[LOCATIONS + "\\Location3"]
    result = pc.results()["宏安全设置"]
    assert result.status == expected
    if expected == "problem":
        assert "不要降低宏安全级别" in result.advice and "--trust-folder" in result.advice
        assert ("组策略" in result.detail) == (key == POLICY_SECURITY)


def test_excel_never_ran(pc):
    pc.reg = FakeRegistry()
    got = pc.results()
    assert got["宏安全设置"].status == got["受信任位置"].status == "note"


def test_folder_not_trusted(pc):
    del pc.reg.keys[LOCATIONS + "\\Location3"]
    result = pc.results()["受信任位置"]
    assert result.status == "problem" and f'gikxl install --trust-folder "{pc.folder}"' in result.advice


def test_trust_through_a_parent_needs_allow_subfolders(pc):
    del pc.reg.keys[LOCATIONS + "\\Location3"]
    pc.reg.write(LOCATIONS + "\\Location7", {"Path": str(pc.folder.parent).upper() + "\\", "AllowSubfolders": 0})
    assert pc.results()["受信任位置"].status == "problem"
    pc.reg.write(LOCATIONS + "\\Location7", {"AllowSubfolders": 1})
    assert pc.results()["受信任位置"].status == "ok"  # and Windows compares without case


def test_policy_can_disable_the_users_own_locations(pc):
    pc.reg.write("Software\\Policies\\Microsoft\\Office\\16.0\\Excel\\Security\\Trusted Locations",
                 {"AllLocationsDisabled": 1})
    result = pc.results()["受信任位置"]
    assert result.status == "problem" and "组策略" in result.detail and "组策略" in result.advice


def test_network_folder_needs_network_locations_allowed(pc):
    share = "\\\\fileserver\\办公室\\年报"
    pc.reg.write(LOCATIONS + "\\Location9", {"Path": share + "\\", "AllowSubfolders": 1})
    result = pc.results(folder=Path(share))["受信任位置"]
    assert result.status == "problem" and "网络" in result.detail
    pc.reg.write(LOCATIONS, {"AllowNetworkLocations": 1})
    assert pc.results(folder=Path(share))["受信任位置"].status == "ok"


def test_without_a_folder_trust_is_not_guessed(pc, capsys):
    assert main(["doctor"]) == 0
    assert "[提示] 受信任位置：没有指定年报文件夹" in capsys.readouterr().out


@pytest.mark.parametrize("platform, shown", [("linux", "Linux"), ("darwin", "macOS"), ("freebsd14", "freebsd14")])
def test_off_windows_the_buttons_cannot_run_and_it_exits_1(capsys, monkeypatch, platform, shown):
    monkeypatch.setattr(doctor, "current_platform", lambda: platform)
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "全部正常" not in out
    # Every check of Excel's side is marked as not made; the processor check runs anywhere (polars runs
    # anywhere), and so does the WPS add-in's (WPS runs on Linux too).
    assert out.count("[未检查]") == len(doctor.CHECKS) - 2
    assert "WPS 加载项" in out
    assert "[正常] 处理器与 polars" in out
    verdict = out.rstrip().split("\n\n")[-1]
    assert verdict.startswith(f"这台电脑不是 Windows（是 {shown}），Excel 按钮（校验、生成报告、帮助）无法在此使用")
    assert f"上面 {len(doctor.CHECKS) - 2} 项“未检查”只能在 Windows 上检查" in verdict
    assert "命令行" in verdict and "gikxl check 年报.xlsm" in verdict
    # The web page is offered only by a gikxl that has the command.
    assert ("gikxl serve" in verdict) == (importlib.util.find_spec("gikxl.cli.serve") is not None)


def test_off_windows_a_problem_is_still_counted(capsys, monkeypatch):
    monkeypatch.setattr(doctor, "current_platform", lambda: "linux")
    problem = doctor.Result("处理器", "problem", "不支持", "换一台电脑")
    monkeypatch.setattr(doctor, "CHECKS", [lambda m: problem, *doctor.CHECKS[1:]])
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "发现 1 个需要处理的问题" in out and "这台电脑不是 Windows（是 Linux）" in out


def test_on_the_real_platform_of_this_machine(capsys):
    """No simulation: the doctor as it runs here. On Windows the chain is checked; elsewhere it cannot be."""
    code = main(["doctor"])
    out = capsys.readouterr().out
    if sys.platform.startswith("win"):
        pytest.skip("this machine is Windows: the chain's own tests above cover it")
    assert code == 1 and "这台电脑不是 Windows" in out and "全部正常" not in out


def test_one_more_check_is_one_more_line(pc, capsys, monkeypatch):
    def check_cpu(m: doctor.Machine) -> doctor.Result:
        return doctor.Result("处理器", "problem", "不支持", "换一台电脑")

    monkeypatch.setattr(doctor, "CHECKS", [*doctor.CHECKS, check_cpu])
    assert main(["doctor", str(pc.folder)]) == 1
    assert "[需处理] 处理器：不支持\n    处理方法：换一台电脑" in capsys.readouterr().out


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["doctor", "--help"])
    assert "受信任" in capsys.readouterr().out


def test_a_processor_without_avx2_is_a_problem_named_with_its_package(pc, capsys, monkeypatch):
    """The PC's /proc/cpuinfo as an office PC's without AVX2, the installed polars runtime as it is."""
    from gikxl import runtime

    monkeypatch.delenv("POLARS_SKIP_CPU_CHECK", raising=False)
    monkeypatch.delenv("POLARS_FORCE_PKG", raising=False)
    monkeypatch.setattr(runtime, "CPUINFO", Path(__file__).parent / "data" / "cpuinfo" / "sandy-bridge-i5-2400.txt")
    monkeypatch.setattr(runtime, "X86", {runtime.platform_machine()})
    installed = runtime.installed_runtime()
    if installed is None or "avx2" not in installed.flags:
        pytest.skip("the installed polars runtime needs no AVX2")
    assert main(["doctor", str(pc.folder)]) == 1
    out = capsys.readouterr().out
    assert "[需处理] 处理器与 polars" in out and "polars-runtime-compat" in out
    assert out.count("[需处理]") == 1  # the rest of the chain is as fine as before
