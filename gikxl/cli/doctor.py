"""``gikxl doctor``: check the chain from Excel's button to gikxl on this PC, and say what to fix.

The chain: Excel runs the workbook's macros (macro security, Trusted
Location) → the xlwings add-in is loaded (``xlwings.xlam`` in XLSTART) and
matches the xlwings package → the add-in reads ``xlwings.conf`` → starts the
interpreter named there → which imports ``gikxl.excel``.

Each link is one small function in :data:`CHECKS` taking a :class:`Machine`
and returning a :class:`Result`; adding a check is adding a function to that
list. The exit code is 0 only when no check found a problem and none had to
be skipped: off Windows the Excel side cannot be checked (nor the buttons
run), and the doctor says so in one plain sentence and exits 1 rather than
calling a chain it never looked at 全部正常.

Windows-only facts come from the registry through
:func:`gikxl.cli.registry.registry`, which tests replace with a dictionary.
The import check starts the interpreter exactly as the add-in's
``RunPython`` does (``-B -c "import xlwings.utils;
xlwings.utils.prepare_sys_path(...); ..."`` in the interpreter's folder), so
a stray ``gikxl`` or ``pandas.py`` beside the workbooks shows up here too;
``gikxl install`` ends with the same check.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from gikxl.cli import registry as registry_module
from gikxl.cli import trust
from gikxl.cli.xlwings_conf import read_conf

__all__ = ["CHECKS", "Machine", "Result", "check_import", "register", "run"]

Status = Literal["ok", "problem", "note", "skipped"]
MARKS: dict[Status, str] = {"ok": "[正常]", "problem": "[需处理]", "note": "[提示]", "skipped": "[未检查]"}

#: The statement the probe runs after xlwings' own start-up line: what a button imports, then facts for later checks.
PROBE = (
    "import json, os, sys, gikxl, gikxl.excel, xlwings; "
    "open(sys.argv[-1], 'w', encoding='utf-8').write(json.dumps({"
    "'gikxl': gikxl.__version__, 'gikxl_file': gikxl.__file__, "
    "'xlwings': xlwings.__version__, 'xlwings_dir': os.path.dirname(xlwings.__file__), "
    "'executable': sys.executable}))"
)
PROBE_TIMEOUT = 180  # seconds: a first start on a slow PC compiles nothing (-B) but imports pandas


@dataclass(frozen=True)
class Result:
    """What one check found: ok, a problem (with advice), a note, or that this platform cannot be checked."""

    name: str
    status: Status
    detail: str
    advice: str = ""

    def text(self) -> str:
        lines = [f"{MARKS[self.status]} {self.name}：{self.detail}"]
        if self.advice:
            lines += ["    处理方法：" + line for line in self.advice.splitlines()[:1]]
            lines += ["    " + line for line in self.advice.splitlines()[1:]]
        return "\n".join(lines)


@dataclass(frozen=True)
class Probe:
    """The outcome of starting the configured interpreter as RunPython does."""

    ok: bool
    facts: dict[str, Any]
    error: str


# The machine --------------------------------------------------------------------

class Machine:
    """The PC as the checks see it; every fact is looked up once, when a check first asks."""

    def __init__(self, windows: bool, env: Mapping[str, str], folder: Path | None = None,
                 runner: Callable[..., subprocess.CompletedProcess[str]] | None = None) -> None:
        self.windows = windows
        self.env = env
        self.folder = folder
        # Looked up when used, not when this module is imported.
        self.runner = runner or (lambda *args, **kwargs: subprocess.run(*args, **kwargs))

    @property
    def profile(self) -> Path:
        return Path(self.env.get("USERPROFILE") or Path.home())

    @property
    def conf_path(self) -> Path:
        return self.profile / ".xlwings" / "xlwings.conf"

    @functools.cached_property
    def settings(self) -> dict[str, str]:
        """xlwings settings by upper-case key: the user's file, overridden by one in the workbooks' folder."""
        out = {k.upper(): v for k, v in read_conf(self.conf_path).items()}
        if self.folder is not None:
            out.update({k.upper(): v for k, v in read_conf(self.folder / "xlwings.conf").items()})
        return out

    @functools.cached_property
    def interpreter(self) -> str:
        """The interpreter RunPython starts, resolved as the add-in resolves it ("" when not found on PATH)."""
        s = self.settings
        name = s.get("INTERPRETER_WIN") or s.get("INTERPRETER") or "python"
        conda, env = s.get("CONDA PATH", ""), s.get("CONDA ENV", "")
        if name.lower() in ("python", "pythonw"):
            if conda and env:
                base = Path(conda) if env == "base" else Path(env) if "\\" in env else Path(conda) / "envs" / env
                return str(base / f"{name}.exe")
            return shutil.which(name, path=self.env.get("PATH", "")) or ""
        return name

    @functools.cached_property
    def probe(self) -> Probe:
        return run_probe(self.interpreter, self.settings, self.folder, self.runner, self.env)

    @functools.cached_property
    def registry(self) -> registry_module.Registry:
        return registry_module.registry()

    @functools.cached_property
    def excel_version(self) -> str | None:
        return trust.excel_version(self.registry)

    @property
    def xlstart(self) -> Path:
        appdata = self.env.get("APPDATA") or str(self.profile / "AppData" / "Roaming")
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"


def probe_command(interpreter: str, settings: Mapping[str, str], folder: Path | None, out: Path) -> list[str]:
    """The command RunPython runs (without cmd.exe), with :data:`PROBE` as the button's statement."""
    add_folder = settings.get("ADD_WORKBOOK_TO_PYTHONPATH", "true")
    workbook = str(folder / "年报.xlsm") if folder is not None else ""
    # AddExcelDir;ActiveFullName;ThisFullName;OneDrive consumer;OneDrive commercial;SharePoint;PYTHONPATH
    path_arg = ";".join([add_folder, workbook, "", "", "", "", settings.get("PYTHONPATH", "")])
    path_arg = path_arg.replace("\\", "\\\\")  # as the add-in escapes it into a Python string literal
    statement = f'import xlwings.utils;xlwings.utils.prepare_sys_path("{path_arg}"); {PROBE}'
    return [interpreter, "-B", "-c", statement, f"--wb={Path(workbook).name}", "--from_xl=1", str(out)]


def run_probe(interpreter: str, settings: Mapping[str, str], folder: Path | None,
              runner: Callable[..., subprocess.CompletedProcess[str]], env: Mapping[str, str]) -> Probe:
    """Start ``interpreter`` with RunPython's flags and start-up line, then import gikxl.excel."""
    if not interpreter or not Path(interpreter).is_file():
        return Probe(False, {}, f"找不到 Python：{interpreter or '（PATH 中没有 python）'}")
    with tempfile.TemporaryDirectory(prefix="gikxl-doctor-") as tmp:
        out = Path(tmp) / "probe.json"
        cmd = probe_command(interpreter, settings, folder, out)
        try:
            done = runner(cmd, capture_output=True, text=True, timeout=PROBE_TIMEOUT,
                          cwd=str(Path(interpreter).parent), env=dict(env))
        except (OSError, subprocess.SubprocessError) as exc:
            return Probe(False, {}, str(exc))
        if done.returncode != 0 or not out.is_file():
            lines = [line for line in (done.stderr or "").strip().splitlines() if line.strip()]
            return Probe(False, {}, lines[-1] if lines else f"退出码 {done.returncode}")
        return Probe(True, json.loads(out.read_text(encoding="utf-8")), "")


# Checks ---------------------------------------------------------------------------

Check = Callable[[Machine], Result]


def windows_only(check: Check) -> Check:
    """A check of Excel's side: off Windows it is skipped (and the doctor's verdict says why)."""

    @functools.wraps(check)
    def wrapped(m: Machine) -> Result:
        if not m.windows:
            return Result(NAMES.get(check.__name__, check.__name__), "skipped", "本机不是 Windows，无法检查。")
        return check(m)

    return wrapped


NAMES = {
    "check_processor": "处理器与 polars",
    "check_conf": "xlwings 配置",
    "check_interpreter": "Python 位置",
    "check_import": "Python 能否运行 gikxl",
    "check_addin": "xlwings 加载项",
    "check_addin_version": "加载项与 xlwings 版本",
    "check_macro_security": "宏安全设置",
    "check_trusted_folder": "受信任位置",
    "check_wps": "WPS 加载项",
}

_RERUN = "在“命令提示符”中运行 gikxl install（会保留配置文件中的其他设置）。"


@windows_only
def check_conf(m: Machine) -> Result:
    name = NAMES["check_conf"]
    if not m.conf_path.is_file():
        return Result(name, "problem", f"没有找到配置文件 {m.conf_path}。", _RERUN)
    s = m.settings
    missing = []
    if not s.get("INTERPRETER_WIN") and not (s.get("CONDA PATH") and s.get("CONDA ENV")):
        missing.append("没有 INTERPRETER_WIN（也没有 CONDA PATH 和 CONDA ENV），xlwings 会启动 PATH 中随便哪个 python")
    if s.get("ADD_WORKBOOK_TO_PYTHONPATH", "true").lower() != "false":
        missing.append("没有关闭 ADD_WORKBOOK_TO_PYTHONPATH，"
                       "工作簿所在文件夹中名为 gikxl、pandas 等的文件会被 Python 误用")
    if missing:
        return Result(name, "problem", "；".join(missing) + "。", _RERUN)
    return Result(name, "ok", f"{m.conf_path}")


@windows_only
def check_interpreter(m: Machine) -> Result:
    name = NAMES["check_interpreter"]
    if m.interpreter and Path(m.interpreter).is_file():
        return Result(name, "ok", m.interpreter)
    shown = m.interpreter or m.settings.get("INTERPRETER_WIN") or "python（PATH 中没有找到）"
    return Result(name, "problem",
                  f"xlwings 要启动的 {shown} 不存在（按钮会显示 “Could not find Interpreter!”）。",
                  "Python 可能被卸载、升级或移动了。请用现在的 Python 重新运行 gikxl install；\n"
                  "如果 gikxl 命令也不能用，先按《Excel 使用指南》重新安装 Python 和 gikxl。")


@windows_only
def check_import(m: Machine) -> Result:
    """The interpreter xlwings starts can import gikxl.excel, and not from the workbooks' folder."""
    name = NAMES["check_import"]
    if not (m.interpreter and Path(m.interpreter).is_file()):
        return Result(name, "note", "先解决“Python 位置”一项。")
    probe = m.probe
    if not probe.ok:
        return Result(name, "problem", f"{m.interpreter} 不能导入 gikxl.excel：{probe.error}",
                      f"在“命令提示符”中运行：\"{m.interpreter}\" -m pip install gikxl"
                      "（离线安装包请双击其中的 安装.bat），\n"
                      "然后重新运行 gikxl install。")
    source = Path(probe.facts["gikxl_file"]).resolve()
    if m.folder is not None and source.is_relative_to(m.folder.resolve()):
        return Result(name, "problem", f"Python 导入的是工作簿文件夹中的 {source}，不是安装的 gikxl。",
                      "请把该文件或文件夹移出年报所在的文件夹，并运行 gikxl install。")
    return Result(name, "ok", f"gikxl {probe.facts['gikxl']}，xlwings {probe.facts['xlwings']}（{m.interpreter}）")


@windows_only
def check_addin(m: Machine) -> Result:
    name = NAMES["check_addin"]
    path = m.xlstart / "xlwings.xlam"
    if path.is_file():
        return Result(name, "ok", str(path))
    return Result(name, "problem",
                  f"Excel 的启动文件夹中没有 xlwings.xlam（{m.xlstart}），按钮会提示“没有找到 xlwings 加载项”。",
                  "关闭所有 Excel 窗口后运行 gikxl install。")


@windows_only
def check_addin_version(m: Machine) -> Result:
    """The add-in is the one of the xlwings package the interpreter imports; with the UDF server, its DLL too."""
    name = NAMES["check_addin_version"]
    installed = m.xlstart / "xlwings.xlam"
    if not installed.is_file() or not m.probe.ok:
        return Result(name, "note", "先解决“xlwings 加载项”和“Python 能否运行 gikxl”两项。")
    version = m.probe.facts["xlwings"]
    shipped = Path(m.probe.facts["xlwings_dir"]) / "addin" / "xlwings.xlam"
    if not shipped.is_file() or installed.read_bytes() != shipped.read_bytes():
        return Result(name, "problem", f"已安装的加载项不是 Python 中 xlwings {version} 自带的那一个（版本不一致）。",
                      "关闭所有 Excel 窗口后运行 gikxl install，用同一版本的加载项替换它。")
    if m.settings.get("USE UDF SERVER", "").lower() == "true":
        folder = Path(m.interpreter).parent
        dlls = [f"xlwings64-{version}.dll", f"xlwings32-{version}.dll"]
        if not any((d / dll).is_file() for d in (folder, folder.parent) for dll in dlls):
            return Result(name, "problem",
                          f"设置了 USE UDF SERVER，但 {folder} 及其上一级文件夹中没有 {dlls[0]}，按钮会报错。",
                          "用该 Python 重新安装 xlwings（\"" + m.interpreter + "\" -m pip install --force-reinstall "
                          f"xlwings=={version}），\n或运行 gikxl install（不加 --keep-python-running）关闭该设置。")
    return Result(name, "ok", f"xlwings {version}")


@windows_only
def check_macro_security(m: Machine) -> Result:
    name = NAMES["check_macro_security"]
    if m.excel_version is None:
        return Result(name, "note", "本用户还没有运行过 Excel，没有可检查的设置。")
    setting, policy = trust.macro_setting(m.registry, m.excel_version)
    by = "（由组策略设定）" if policy else ""
    trusted = m.folder is not None and _trusted(m) is not None
    if setting in (trust.DISABLE_EXCEPT_SIGNED, trust.DISABLE_ALL) and not trusted:
        words = "禁用无数字签署的所有宏" if setting == trust.DISABLE_EXCEPT_SIGNED else "禁用所有宏，并且不通知"
        return Result(name, "problem", f"宏设置为“{words}”{by}，年报工作簿的按钮不会有任何反应。",
                      "不要降低宏安全级别。请把存放年报工作簿的文件夹设为受信任位置：\n"
                      "gikxl doctor 文件夹 检查；gikxl install --trust-folder 文件夹 设置"
                      + ("（组策略设定时请联系信息化工作人员按《Excel 使用指南》统一设置）。" if policy else "。"))
    if setting == trust.ENABLE_ALL:
        return Result(name, "note", f"宏设置为“启用所有宏”{by}：按钮可用，但任何文件中的宏都会运行，不安全。",
                      "建议改回“禁用所有宏，并发出通知”，并把年报文件夹设为受信任位置。")
    if setting == trust.NOTIFY and not trusted:
        return Result(name, "ok", f"禁用宏并发出通知{by}：打开工作簿后点“启用内容”即可。")
    return Result(name, "ok", "年报文件夹是受信任位置，宏可以运行。" if trusted else f"VBAWarnings={setting}{by}")


def _trusted(m: Machine) -> trust.Location | None:
    assert m.folder is not None and m.excel_version is not None
    return trust.is_trusted(str(m.folder), trust.trusted_locations(m.registry, m.excel_version))


@windows_only
def check_trusted_folder(m: Machine) -> Result:
    name = NAMES["check_trusted_folder"]
    if m.folder is None:
        return Result(name, "note", "没有指定年报文件夹，未检查。",
                      "运行 gikxl doctor 文件夹，检查该文件夹是否受信任。")
    if m.excel_version is None:
        return Result(name, "note", "本用户还没有运行过 Excel，没有可检查的设置。")
    location = _trusted(m)
    if location is None:
        if trust.locations_disabled(m.registry, m.excel_version):
            return Result(name, "problem", f"{m.folder} 不是受信任位置（组策略禁止了用户自己设置的受信任位置）。",
                          "请联系信息化工作人员用组策略添加受信任位置（见《Excel 使用指南》）。")
        return Result(name, "problem", f"{m.folder} 不是受信任位置。",
                      f"运行 gikxl install --trust-folder \"{m.folder}\"")
    if trust.is_network(str(m.folder)) and not trust.network_allowed(m.registry, m.excel_version):
        return Result(name, "problem", f"{m.folder} 在网络上，而 Excel 不允许网络位置作为受信任位置。",
                      f"运行 gikxl install --trust-folder \"{m.folder}\"（会打开“允许网络上的受信任位置”）。")
    return Result(name, "ok", f"{m.folder}（{location.path}" + ("，由组策略设定）" if location.policy else "）"))


def check_processor(m: Machine) -> Result:
    """Whether this processor runs the installed polars: without AVX2 the default runtime dies on import,
    and xlwings imports polars whenever it is installed, so no button could even start (on any platform)."""
    from gikxl.runtime import polars_advice

    advice = polars_advice()
    name = NAMES["check_processor"]
    if advice:
        return Result(name, "problem", "本机处理器不能运行已安装的 polars 程序包。", advice)
    return Result(name, "ok", "本机处理器能运行已安装的 polars。")


def check_wps(m: Machine) -> Result:
    """Whether the WPS add-in is installed whole, for this version, with the key the service reads."""
    from gikxl.cli.wps import ADDIN_NAME, FILES, make_wps_plan
    from gikxl.serve.addin import read_key

    name = "WPS 加载项"
    plan = make_wps_plan(m.env, m.windows, sys.executable)
    listed = plan.publish.is_file() and f'name="{ADDIN_NAME}"' in plan.publish.read_text("utf-8", "replace")
    if not listed:
        return Result(name, "note", "未安装（只用 Excel 时不需要；用 WPS 表格时运行 gikxl install --wps）。")
    redo = "运行 gikxl install --wps 重新安装，然后重新打开 WPS 表格。"
    missing = [f for f in (*FILES, "config.js") if not (plan.folder / f).is_file()]
    if missing:
        return Result(name, "problem", f"加载项文件不全或不是本版本（{plan.folder} 缺少 {'、'.join(missing)}）。", redo)
    key = read_key(plan.key_file)
    if key is None or key not in (plan.folder / "config.js").read_text("utf-8", "replace"):
        return Result(name, "problem", "加载项的密钥与 gikxl serve 读取的不一致，按钮的请求会被拒绝。", redo)
    if not plan.autostart.is_file():
        return Result(name, "problem", f"登录时启动年报服务的设置不见了（{plan.autostart}）。", redo)
    return Result(name, "ok", f"已安装 {plan.folder.name}，登录时自动启动年报服务。{_running()}")


def _running() -> str:
    import urllib.request

    from gikxl.cli.wps import SERVICE_URL

    # No proxy: an office PC's proxy setting must not send a loopback request to the proxy.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(SERVICE_URL + "/api/health", timeout=2) as answer:
            return "年报服务正在运行。" if b'"gikxl"' in answer.read(200) else ""
    except OSError:
        return "年报服务现在没有运行（可运行 gikxl serve 启动）。"


#: The checks, in the order of the chain; one more check is one more line.
CHECKS: list[Check] = [
    check_processor,
    check_conf,
    check_interpreter,
    check_import,
    check_addin,
    check_addin_version,
    check_macro_security,
    check_trusted_folder,
    check_wps,
]


# The command ------------------------------------------------------------------------

def register(sub) -> None:
    p = sub.add_parser(
        "doctor", help="检查本机 Excel 按钮所需的一切（Python、xlwings 加载项和配置、宏安全、受信任位置）",
        description="逐项检查 Excel 上的“校验”“生成报告”等按钮能否调用 gikxl，并用中文说明如何处理。",
        epilog="退出码：0 全部正常；1 有需要处理的问题，或本机不是 Windows（按钮无法使用）。",
    )
    p.add_argument("folder", nargs="?", metavar="文件夹",
                   help="存放年报工作簿的文件夹（或其中一个工作簿），检查它是否受信任")
    p.set_defaults(run=run)


def current_platform() -> str:
    return sys.platform


#: How a clerk calls the systems ``sys.platform`` names.
PLATFORM_NAMES = {"linux": "Linux", "darwin": "macOS", "cygwin": "Cygwin"}


def not_windows_text(skipped: int) -> str:
    """The verdict off Windows: the buttons cannot run here, what can, and that ``skipped`` checks were not made."""
    platform = current_platform()
    name = PLATFORM_NAMES.get(platform, platform) or "未知系统"
    # The web page is named only when this gikxl has it (looked up by name, not imported).
    web = "和网页（gikxl serve）" if importlib.util.find_spec("gikxl.cli.serve") is not None else ""
    return (f"这台电脑不是 Windows（是 {name}），Excel 按钮（校验、生成报告、帮助）无法在此使用；"
            f"上面 {skipped} 项“未检查”只能在 Windows 上检查。\n"
            f"在这台电脑上可以使用命令行{web}：例如 gikxl check 年报.xlsm、gikxl report 年报.xlsm -o 年报.docx。")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder).absolute() if args.folder else None
    if folder is not None and folder.is_file():
        folder = folder.parent
    machine = Machine(current_platform().startswith("win"), os.environ, folder)
    from gikxl import __version__

    # Who is asking: the versions and the Python this command runs in (not necessarily the one Excel starts).
    print(f"gikxl {__version__}（Python {sys.version.split()[0]}，{sys.executable}）\n")
    results = [check(machine) for check in CHECKS]
    print("\n".join(r.text() for r in results))
    problems = sum(r.status == "problem" for r in results)
    skipped = sum(r.status == "skipped" for r in results)
    if problems:
        print(f"\n发现 {problems} 个需要处理的问题。处理后请再运行一次 gikxl doctor；"
              "仍不能解决时，请把以上全部文字发给本单位信息化工作人员。")
    if skipped:
        print("\n" + not_windows_text(skipped))
    if problems or skipped:
        return 1
    print("\n全部正常。")
    return 0
