"""``gikxl install --wps``: the WPS 表格 add-in on this PC, and ``gikxl doctor``'s check of it.

WPS has no VBA on Linux and xlwings does not drive it, so its buttons are a WPS
JS add-in (``gikxl/wps/``: ``ribbon.xml``, ``index.html``, ``main.js``) that calls
``gikxl serve``. Installing it means, for this user only:

1. the add-in's files in the jsaddons folder (``%APPDATA%\\kingsoft\\wps\\jsaddons``
   on Windows, ``~/.local/share/Kingsoft/wps/jsaddons`` on Linux), in
   ``gikxl_<version>``, with a ``config.js`` naming the service and a new key;
2. its entry in that folder's ``publish.xml`` (other add-ins' entries kept,
   an older gikxl's replaced);
3. the key where ``gikxl serve`` reads it (:mod:`gikxl.serve.addin`);
4. the service started at log-in (the choice made here, rather than a helper the
   add-in would call: a WPS add-in's page cannot start a program, and a service
   already running answers the first click at once): an XDG autostart entry on
   Linux (honoured by 麒麟's UKUI and 统信's DDE), a ``.cmd`` in the Startup folder
   on Windows; and a shortcut 年报校验 that opens the page (``gikxl serve --open``).

Where a unit's WPS loads no add-ins until IT allows them, the command says so:
``JsApiPlugin=true`` in the ``[Support]`` section of WPS's ``oem.ini``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gikxl import __version__

ADDIN_NAME = "gikxl"
FILES = ("ribbon.xml", "index.html", "main.js")
SERVICE_URL = "http://127.0.0.1:8765"
PUBLISH = "publish.xml"
SHORTCUT = "年报校验"
OEM_ADVICE = ("如果 WPS 表格中没有出现“政务公开年报”选项卡，请本单位信息化工作人员在 WPS 的配置文件 oem.ini"
              "（Windows：WPS 安装目录下 office6\\cfgs\\oem.ini；"
              "统信 UOS、麒麟：/opt/kingsoft/wps-office/office6/cfgs/oem.ini）"
              "的 [Support] 节中加入一行 JsApiPlugin=true，然后重新打开 WPS。")


def jsaddons_folder(env: Mapping[str, str], windows: bool) -> Path:
    """Where WPS looks for this user's JS add-ins."""
    if windows:
        appdata = env.get("APPDATA") or str(Path(env.get("USERPROFILE") or Path.home()) / "AppData" / "Roaming")
        return Path(appdata) / "kingsoft" / "wps" / "jsaddons"
    data = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "share")
    return Path(data) / "Kingsoft" / "wps" / "jsaddons"


@dataclass(frozen=True)
class WpsPlan:
    """Every file ``gikxl install --wps`` writes, and what goes into it."""

    jsaddons: Path
    key_file: Path
    autostart: Path
    shortcut: Path
    python: str
    windows: bool

    @property
    def folder(self) -> Path:
        return self.jsaddons / f"{ADDIN_NAME}_{__version__}"

    @property
    def publish(self) -> Path:
        return self.jsaddons / PUBLISH


def make_wps_plan(env: Mapping[str, str], windows: bool, python: str) -> WpsPlan:
    from gikxl.serve.addin import key_path

    if windows:
        appdata = Path(env.get("APPDATA") or Path(env.get("USERPROFILE") or Path.home()) / "AppData" / "Roaming")
        programs = appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs"
        autostart, shortcut = programs / "Startup" / "gikxl-serve.cmd", programs / f"{SHORTCUT}.cmd"
    else:
        home = Path(env.get("HOME") or Path.home())
        config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        data = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
        autostart, shortcut = config / "autostart" / "gikxl-serve.desktop", data / "applications" / "gikxl-page.desktop"
    return WpsPlan(jsaddons_folder(env, windows), key_path(env, windows), autostart, shortcut, python, windows)


# The files' contents ----------------------------------------------------------------

def config_js(url: str, key: str) -> str:
    return ("// Written by gikxl install --wps: the service main.js calls, and this PC's add-in key.\n"
            f'var GIKXL_CONFIG = {{ url: "{url}", key: "{key}" }};\n')


def publish_xml(existing: bytes | None, folder: Path) -> bytes:
    """``publish.xml`` with this add-in's entry: other add-ins' entries as they were, an older gikxl's replaced."""
    from xml.etree import ElementTree as ET

    from defusedxml import ElementTree as SafeET

    root = None
    if existing:
        try:
            root = SafeET.fromstring(existing)
        except Exception:  # noqa: BLE001 - a damaged list: WPS could not read it either; start a new one
            root = None
    if root is None or root.tag != "jsplugins":
        root = ET.Element("jsplugins")
    for entry in [e for e in root if e.get("name") == ADDIN_NAME]:
        root.remove(entry)
    ET.SubElement(root, "jsplugin", {"name": ADDIN_NAME, "type": "et", "url": folder.as_uri() + "/",
                                     "version": __version__, "enable": "enable_dev", "install": "null"})
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _command(plan: WpsPlan, *args: str) -> str:
    if plan.windows:
        return f'start "" "{plan.python}" -m gikxl serve {" ".join(args)}'.rstrip()
    return f'"{plan.python}" -m gikxl serve {" ".join(args)}'.rstrip()


def autostart_text(plan: WpsPlan) -> str:
    if plan.windows:
        return f"@echo off\r\nrem gikxl：登录时启动年报服务（供 WPS 加载项和浏览器页面使用）\r\n{_command(plan)}\r\n"
    return ("[Desktop Entry]\nType=Application\nName=gikxl 年报服务\nComment=供 WPS 加载项和浏览器页面使用的本机服务\n"
            f"Exec={_command(plan)}\nTerminal=false\nX-GNOME-Autostart-enabled=true\nNoDisplay=true\n")


def shortcut_text(plan: WpsPlan) -> str:
    if plan.windows:
        return f"@echo off\r\nrem gikxl：在浏览器中打开年报校验页面\r\n{_command(plan, '--open')}\r\n"
    return (f"[Desktop Entry]\nType=Application\nName={SHORTCUT}\nComment=在浏览器中校验年报、生成报告、审核多个单位\n"
            f"Exec={_command(plan, '--open')}\nTerminal=false\nCategories=Office;\n")


# Installing ----------------------------------------------------------------------------

def _write(path: Path, data: bytes, private: bool = False) -> None:
    from gikxl.files import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    if private and os.name == "posix":
        path.chmod(0o600)


def plan_lines(plan: WpsPlan) -> list[str]:
    return [f"  WPS 加载项：{plan.folder}（{'、'.join(FILES)}、config.js）",
            f"  加载项列表：{plan.publish}",
            f"  加载项密钥：{plan.key_file}（只有本用户可读）",
            f"  登录时启动服务：{plan.autostart}",
            f"  快捷方式“{SHORTCUT}”：{plan.shortcut}"]


def install_wps(plan: WpsPlan, dry_run: bool = False) -> int:
    """Write the add-in and its surroundings; 0 when done."""
    import shutil
    from importlib import resources

    from gikxl.serve.addin import new_key

    print("安装 WPS 表格加载项“政务公开年报”：")
    print("\n".join(plan_lines(plan)))
    if dry_run:
        print("\n（--dry-run：以上操作均未执行。）")
        return 0
    key = new_key()
    source = resources.files("gikxl").joinpath("wps")
    for old in plan.jsaddons.glob(f"{ADDIN_NAME}_*") if plan.jsaddons.is_dir() else ():
        if old.is_dir() and not old.is_symlink() and old != plan.folder:
            shutil.rmtree(old)  # an older version's files: WPS would list both
    for name in FILES:
        _write(plan.folder / name, source.joinpath(name).read_bytes())
    _write(plan.folder / "config.js", config_js(SERVICE_URL, key).encode("utf-8"), private=True)
    _write(plan.key_file, key.encode("ascii"), private=True)
    existing = plan.publish.read_bytes() if plan.publish.is_file() else None
    _write(plan.publish, publish_xml(existing, plan.folder))
    _write(plan.autostart, autostart_text(plan).encode("utf-8"))
    _write(plan.shortcut, shortcut_text(plan).encode("utf-8"))
    print("\n已安装。请重新打开 WPS 表格，功能区上会出现“政务公开年报”选项卡。")
    print("下次登录时年报服务会自动启动；现在就要使用，请运行 gikxl serve（或打开“年报校验”）。")
    print(OEM_ADVICE)
    return 0


def run_install(args) -> int:
    from gikxl.cli.launcher import windowless

    windows = sys.platform == "win32"
    python = windowless(sys.executable) if windows else sys.executable
    return install_wps(make_wps_plan(os.environ, windows, python), args.dry_run)
