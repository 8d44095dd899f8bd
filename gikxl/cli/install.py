"""``gikxl install``: make the workbook's buttons work in this PC's Excel.

On Windows only:

1. install the xlwings add-in (``xlwings.xlam``) into Excel's start-up
   folder, by running ``xlwings addin install`` with this Python;
2. write the per-user xlwings configuration
   ``%USERPROFILE%\\.xlwings\\xlwings.conf`` so that the add-in starts *this*
   Python (``pythonw.exe``, which opens no console window) — or, in a conda
   environment, activates that environment — and does not put the
   workbook's folder on Python's import path;
3. with ``--trust-folder DIR``, add DIR as a per-user Trusted Location of
   Excel (:mod:`gikxl.cli.trust`), leaving existing locations alone;
4. run ``gikxl doctor``'s import check with the interpreter and flags
   xlwings will use, so a Python without gikxl is caught here, not at the
   clerk's first click.

The configuration is per user on purpose, not a ``xlwings.conf`` sheet in the
workbook: the workbook travels between units' PCs, each with Python in a
different place, while the per-user file describes the PC it sits on.

Before either step it asks :func:`gikxl.runtime.polars_advice` whether this
PC's processor can run the installed polars: on an older PC without AVX2 it
names the package to install and stops, changing nothing (xlwings imports
polars whenever it is installed, so there neither its installer nor a button
could even start).

The file is read by the add-in's VBA (``Input #``): one ``"KEY","VALUE"``
pair per line, CRLF line ends, no blank lines, in the system's ANSI code page.
Other settings already in the file (a licence key, say) are kept.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gikxl.cli.launcher import windowless
from gikxl.cli.xlwings_conf import ansi_encoding, parse_conf

if TYPE_CHECKING:
    import subprocess

#: Run xlwings' own command line with this interpreter: ``xlwings addin install``.
ADDIN_COMMAND = "import sys; from xlwings.cli import main; sys.argv[0] = 'xlwings'; sys.exit(main())"
ADDIN_ARGS = ("addin", "install")
#: What ``xlwings addin install`` prints when the add-in was copied.
ADDIN_SUCCESS = "Successfully installed"
#: Keys this command owns in xlwings.conf; the others are kept as they are.
OWN_KEYS = ("INTERPRETER_WIN", "CONDA PATH", "CONDA ENV", "USE UDF SERVER", "ADD_WORKBOOK_TO_PYTHONPATH")
#: Written always: by default xlwings puts the workbook's folder on sys.path, so a stray
#: ``gikxl/`` or ``pandas.py`` beside a workbook would be imported instead of the real one.
NO_WORKBOOK_FOLDER = {"ADD_WORKBOOK_TO_PYTHONPATH": "False"}


def trust_description() -> str:
    """Description of the Trusted Location ``--trust-folder`` adds (shown in Excel's Trust Center)."""
    from gikxl.template.vba.ribbon import TAB_LABEL

    return f"{TAB_LABEL}（gikxl install 添加）"


def register(sub) -> None:
    p = sub.add_parser(
        "install", help="在本机 Excel 中安装“校验”“生成报告”按钮所需的 xlwings 加载项和配置（Windows）",
        description="安装 xlwings 加载项，并写入 xlwings 配置文件，使工作簿上的“校验”“生成报告”按钮"
                    "能调用本机的 Python。只需在每台电脑上运行一次；换了 Python 后重新运行。",
        epilog="退出码：0 完成（或非 Windows 系统上仅作说明）；1 安装失败，或本机还需补装一个程序包（会说明怎样装）。",
    )
    p.add_argument("--dry-run", action="store_true", help="只列出将要执行的操作，不做任何改动")
    p.add_argument("--keep-python-running", action="store_true",
                   help="让 Python 在两次点击之间保持运行（xlwings 的 UDF 服务器），第二次起按钮响应更快")
    p.add_argument("--trust-folder", metavar="文件夹",
                   help="把存放年报工作簿的文件夹（含子文件夹）设为本用户的 Excel 受信任位置，"
                        "宏安全设置为“禁用无数字签署的所有宏”时按钮也能使用；不改动已有的受信任位置")
    p.add_argument("--wps", action="store_true",
                   help="改为安装 WPS 表格加载项（Windows 和 Linux：统信 UOS、麒麟），并设置登录时启动年报服务")
    p.set_defaults(run=run)


# Plan -------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """What ``gikxl install`` does on one PC."""

    python: str
    """The interpreter running now (runs xlwings' command line)."""
    conf: Path
    """The per-user xlwings.conf."""
    settings: dict[str, str] = field(default_factory=dict)
    """The lines this command writes into it."""
    trust_folder: Path | None = None
    """The folder to make a Trusted Location, if asked."""

    @property
    def addin_command(self) -> list[str]:
        return [self.python, "-c", ADDIN_COMMAND, *ADDIN_ARGS]


def make_plan(executable: str, env: Mapping[str, str], home: str, prefix: str,
              keep_running: bool = False, trust_folder: Path | None = None) -> Plan:
    """The plan for a Windows PC whose Python is ``executable`` (``sys.executable``)."""
    settings: dict[str, str] = {}
    conda = _conda(env, prefix)
    if conda:
        settings["CONDA PATH"], settings["CONDA ENV"] = conda
    else:
        settings["INTERPRETER_WIN"] = windowless(executable)
    if keep_running:
        settings["USE UDF SERVER"] = "True"
    settings.update(NO_WORKBOOK_FOLDER)
    profile = env.get("USERPROFILE") or home
    return Plan(executable, Path(profile) / ".xlwings" / "xlwings.conf", settings, trust_folder)


def _conda(env: Mapping[str, str], prefix: str) -> tuple[str, str] | None:
    """(conda installation, environment) when this Python lives in a conda environment."""
    conda_exe = env.get("CONDA_EXE")
    if not conda_exe or not (Path(prefix) / "conda-meta").is_dir():
        return None
    root = Path(conda_exe).parent.parent
    return str(root), env.get("CONDA_DEFAULT_ENV") or "base"


# xlwings.conf -----------------------------------------------------------------

def conf_text(existing: str, settings: Mapping[str, str]) -> str:
    """The new xlwings.conf: ``settings`` first, other existing settings kept, CRLF, no blank lines."""
    kept = {k: v for k, v in parse_conf(existing).items() if k.upper() not in OWN_KEYS}
    lines = [f'"{k}","{v}"' for k, v in {**settings, **kept}.items()]
    return "".join(line + "\r\n" for line in lines)


# Running ------------------------------------------------------------------------

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


def current_platform() -> str:
    return sys.platform


def run(args: argparse.Namespace) -> int:
    if getattr(args, "wps", False):  # WPS: its own add-in, no xlwings (gikxl/cli/wps.py)
        from gikxl.cli.wps import run_install

        return run_install(args)
    from gikxl.runtime import polars_advice

    home = str(Path.home())
    trust_folder = Path(args.trust_folder).absolute() if args.trust_folder else None
    if trust_folder is not None and not trust_folder.is_dir():
        from gikxl.errors import GikxlError

        raise GikxlError(f"文件夹“{args.trust_folder}”不存在，请先建好存放年报工作簿的文件夹。")
    plan = make_plan(sys.executable, os.environ, home, sys.prefix, args.keep_python_running, trust_folder)
    # First: xlwings imports polars whenever it is installed, so on a processor the polars
    # runtime cannot use, xlwings' own add-in installer and every button click would die of
    # an illegal instruction before gikxl could say a word.
    advice = polars_advice()
    if advice:
        print(f"请先处理：{advice}\n处理后重新运行 gikxl install。本次没有做任何改动。", file=sys.stderr)
        return 1
    if not current_platform().startswith("win"):
        print(not_windows_text(plan))
        return 0
    print(plan_text(plan))
    if args.dry_run:
        print("\n（--dry-run：以上操作均未执行。）")
        return 0
    import subprocess  # here, not at start-up: building the parser of every command stays light

    return execute(plan, subprocess.run)


def execute(plan: Plan, runner: Runner) -> int:
    """Install the add-in, then write the configuration; 0 on success, 1 with advice otherwise."""
    import subprocess

    steps = 3 if plan.trust_folder is not None else 2
    print(f"\n[1/{steps}] 正在安装 xlwings 加载项（可能会在后台启动一次 Excel，请稍候）……")
    try:
        done = runner(plan.addin_command, capture_output=True, text=True, timeout=300)
        output = (done.stdout or "") + (done.stderr or "")
    except (OSError, subprocess.SubprocessError) as exc:
        done, output = None, str(exc)
    if done is None or done.returncode != 0 or ADDIN_SUCCESS not in output:
        print(f"xlwings 加载项安装失败。xlwings 的输出：\n{output.strip()}\n", file=sys.stderr)
        print("常见原因：本机没有安装桌面版 Excel；Excel 正在打开且加载项被占用（请关闭所有 Excel 窗口后重试）；"
              "或公司策略禁止写入 Excel 启动文件夹。也可以在“命令提示符”中运行 xlwings addin install 查看详细信息。",
              file=sys.stderr)
        return 1
    print("      已安装。")
    print(f"[2/{steps}] 正在写入配置文件 {plan.conf} ……")
    path = plan.conf
    try:
        existing = path.read_text(encoding=ansi_encoding()) if path.is_file() else ""
    except (OSError, UnicodeDecodeError):
        existing = ""
    text = conf_text(existing, plan.settings)
    try:
        data = text.encode(ansi_encoding())
    except UnicodeEncodeError:
        print("写入失败：Python 的安装路径中含有系统编码无法表示的字符，Excel 无法读取。"
              "请把 Python 安装到只含英文字母的路径（如 C:\\Python311）后重新运行 gikxl install。", file=sys.stderr)
        return 1
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        print(f"写入失败：{exc}。请检查对该文件夹是否有写入权限。", file=sys.stderr)
        return 1
    print("      已写入。")
    if plan.trust_folder is not None:
        print(f"[3/{steps}] 正在把 {plan.trust_folder} 设为 Excel 受信任位置 ……")
        if trust_folder(plan.trust_folder) != 0:
            return 1
    print("\n最后检查：用 xlwings 将要启动的 Python，按它启动的方式导入 gikxl ……")
    return final_check(plan)


def trust_folder(folder: Path) -> int:
    """Add ``folder`` as a per-user Trusted Location of Excel; 0 when it is (or already was) trusted."""
    from gikxl.cli import registry, trust

    reg = registry.registry()
    version = trust.excel_version(reg)
    if version is None:
        print("没有找到本用户的 Excel 设置：请先打开一次 Excel 再关闭，然后重新运行本命令。", file=sys.stderr)
        return 1
    if trust.locations_disabled(reg, version):
        print("组策略禁止了用户自己设置的受信任位置，本机无法添加。请联系信息化工作人员用组策略添加"
              "（见《Excel 使用指南》“给信息化工作人员”一节）。", file=sys.stderr)
        return 1
    location, added = trust.add_trusted_location(reg, version, str(folder), trust_description())
    if added:
        print(f"      已添加（{location.key.rsplit(chr(92), 1)[-1]}，包括子文件夹）。")
        if trust.is_network(str(folder)):
            print("      这是网络文件夹：已同时打开 Excel 的“允许网络上的受信任位置”。")
    else:
        print(f"      该文件夹已是受信任位置（{location.path}），未做改动。")
    return 0


def final_check(plan: Plan) -> int:
    """The doctor's import check with the interpreter just configured; 0 when gikxl.excel imports."""
    from gikxl.cli import doctor
    from gikxl.template.vba.ribbon import TAB_LABEL

    env = {**os.environ, "USERPROFILE": str(plan.conf.parent.parent)}
    result = doctor.check_import(doctor.Machine(True, env, plan.trust_folder))
    print(result.text())
    if result.status == "problem":
        print("\n加载项和配置已写好，但按钮还不能用：请按上面的处理方法操作，然后运行 gikxl doctor 检查。",
              file=sys.stderr)
        return 1
    print(f"\n安装完成。请关闭所有 Excel 窗口后重新打开年报工作簿，在“{TAB_LABEL}”选项卡中点击“校验”试一试。")
    return 0


# Messages -------------------------------------------------------------------------

def _settings_lines(plan: Plan) -> str:
    return "\n".join(f'     "{k}","{v}"' for k, v in plan.settings.items())


def plan_text(plan: Plan) -> str:
    import subprocess

    return (
        "gikxl install 将执行以下操作：\n"
        "  1. 安装 xlwings 加载项（xlwings.xlam）到 Excel 的启动文件夹（XLSTART），命令：\n"
        f"     {subprocess.list2cmdline(plan.addin_command)}\n"
        f"  2. 写入 xlwings 配置文件 {plan.conf}（保留其中已有的其他设置），内容：\n"
        f"{_settings_lines(plan)}"
        + (f"\n  3. 把 {plan.trust_folder} （含子文件夹）设为本用户的 Excel 受信任位置" if plan.trust_folder else "")
        + "\n  最后用 xlwings 将要启动的 Python 试导入 gikxl。"
    )


def not_windows_text(plan: Plan) -> str:
    return (
        f"本机不是 Windows（{current_platform()}），gikxl install 不做任何改动。\n"
        "“校验”“生成报告”按钮需要 Windows 上的桌面版 Excel 和 xlwings 加载项；"
        "在本机可以改用命令行：gikxl check 年报.xlsm、gikxl report 年报.xlsm -o 年报.docx。\n\n"
        "在 Windows 上，gikxl install 会：\n"
        "  1. 用当前的 Python 运行 xlwings addin install，把 xlwings 加载项（xlwings.xlam）"
        "复制到 Excel 的启动文件夹（XLSTART）；\n"
        "  2. 写入 %USERPROFILE%\\.xlwings\\xlwings.conf，指明 Excel 要启动的 Python，例如：\n"
        '     "INTERPRETER_WIN","C:\\Users\\<用户名>\\AppData\\Local\\Programs\\Python\\Python311\\pythonw.exe"\n'
        "     （conda 环境则写 \"CONDA PATH\" 和 \"CONDA ENV\" 两行）。\n\n"
        "手动安装的方法相同：在 Windows 的“命令提示符”中运行 xlwings addin install，"
        "再用记事本按上面的格式编辑该配置文件（每行一项，不要留空行）。"
    )
