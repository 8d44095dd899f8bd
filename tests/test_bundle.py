"""The release files and the offline bundle (``scripts/make-offline-bundle``).

The tests marked ``bundle`` build the wheel and sdist once per session (``python -m build`` on a copy of
the repository), install the wheel into a fresh virtual environment outside the source tree, and build
the Linux bundle and install it with pip cut off from the network. They need PyPI (pip's cache is reused);
``-m 'not bundle'`` leaves them out. The others check the installers' text and the resolution, offline.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType

import pytest

import gikxl

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make-offline-bundle"
PYTHON_VERSION = "{}.{}".format(*sys.version_info[:2])
#: Not copied into the tree the release is built from.
JUNK = (".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".mypy_cache", ".ruff_cache",
        ".pytest_cache", "gikxl-demo", "*.log")


def load_script() -> ModuleType:
    loader = SourceFileLoader("make_offline_bundle", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[loader.name] = module  # dataclasses look their module up there
    loader.exec_module(module)
    return module


bundle = load_script()


def clean_env(**changes: str) -> dict[str, str]:
    """This process's environment without the virtualenv it runs in, plus ``changes``."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env.update(changes)
    return env


def offline_env(**changes: str) -> dict[str, str]:
    """pip cut off from every index: no configuration files, no index, proxies that lead nowhere."""
    env = {k: v for k, v in clean_env().items() if not k.startswith("PIP_") and not k.lower().endswith("_proxy")}
    unreachable = "http://127.0.0.1:9"
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", http_proxy=unreachable, https_proxy=unreachable,
               HTTP_PROXY=unreachable, HTTPS_PROXY=unreachable, **changes)
    return env


def run(cmd: list[str | Path], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{cmd} failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


def assert_demo_runs(gikxl_exe: Path, python: Path, cwd: Path) -> None:
    """``gikxl demo`` from the installed package (not the source tree) writes the workbook and the reports."""
    where = run([python, "-c", "import gikxl; print(gikxl.__file__)"], cwd=cwd, env=clean_env()).stdout
    assert Path(where.strip()).is_relative_to(python.parent.parent), where
    run([gikxl_exe, "demo", "-o", "out"], cwd=cwd, env=clean_env())
    written = {p.suffix for p in (cwd / "out").iterdir() if p.stat().st_size > 0}
    assert written >= {".xlsm", ".docx", ".html", ".md"}, written


# Release files --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The wheel and the sdist, built once per session from a copy of the repository."""
    tmp = tmp_path_factory.mktemp("release")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(*JUNK))
    run([sys.executable, "-m", "build", "--outdir", tmp / "dist", src], env=clean_env())
    (wheel,) = (tmp / "dist").glob("gikxl-*.whl")
    (sdist,) = (tmp / "dist").glob("gikxl-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_the_version_is_declared_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "gikxl.__version__"}


@pytest.mark.bundle
def test_the_wheel_carries_the_package_and_its_data(dist):
    assert dist["wheel"].name == f"gikxl-{gikxl.__version__}-py3-none-any.whl"
    assert dist["sdist"].name == f"gikxl-{gikxl.__version__}.tar.gz"
    with zipfile.ZipFile(dist["wheel"]) as zf:
        names = set(zf.namelist())
    package = ROOT / "gikxl"
    shipped = {p.relative_to(ROOT).as_posix() for p in package.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert shipped - names == set(), "files of the package missing from the wheel (pyproject's package-data?)"
    for data in ("gikxl/examples/demo.json", "gikxl/report/templates/section1.j2",
                 "gikxl/template/vba/src/GikxlRibbon.bas"):
        assert data in names


@pytest.mark.bundle
def test_the_wheel_installs_into_a_fresh_venv_and_runs_the_demo(dist, tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], env=clean_env())
    # --no-compile: the byte-code is not what this test is about, and compiling polars takes a while.
    run([venv / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "--no-compile",
         dist["wheel"]], cwd=tmp_path, env=clean_env())
    assert_demo_runs(venv / "bin" / "gikxl", venv / "bin" / "python", tmp_path)


# The offline bundle ----------------------------------------------------------------------------------

@pytest.mark.bundle
def test_the_linux_bundle_installs_offline_and_runs_the_demo(dist, tmp_path):
    run([sys.executable, SCRIPT, "--platform", "linux", "--wheel", dist["wheel"], "--output", tmp_path / "out"],
        env=clean_env())
    (archive,) = (tmp_path / "out").glob("gikxl-*-offline-linux-x86_64.zip")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "unzipped")
    (folder,) = (tmp_path / "unzipped").iterdir()
    assert {p.name for p in folder.iterdir()} == {"install.sh", "说明.txt", "wheels"}
    assert (folder / "wheels" / dist["wheel"].name).is_file()

    venv = tmp_path / "venv"
    done = run(["sh", folder / "install.sh", venv], cwd=tmp_path, env=offline_env(PYTHON=sys.executable))
    assert "Looking in indexes" not in done.stdout and "Downloading" not in done.stdout, done.stdout
    assert f"gikxl {gikxl.__version__}" in done.stdout and "安装完成" in done.stdout
    assert_demo_runs(venv / "bin" / "gikxl", venv / "bin" / "python", tmp_path)


@pytest.mark.bundle
def test_the_windows_bundle_holds_a_wheel_for_every_requirement_on_windows(dist, tmp_path):
    """One Python version (this one's), to keep the download small: pywin32, which pip would leave out
    on Linux (xlwings wants it only on Windows), is there, and every wheel is one Windows installs."""
    path = bundle.make_bundle("windows", [PYTHON_VERSION], dist["wheel"], tmp_path)
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        folder = f"gikxl-{gikxl.__version__}-windows-x64"
        names = {i.filename.removeprefix(folder + "/") for i in infos}
        bat = zf.read(f"{folder}/安装.bat").decode("utf-8")
        wheels = [bundle.Wheel.read(Path(zf.extract(i, tmp_path / "x")))
                  for i in infos if i.filename.endswith(".whl")]
    assert {"安装.bat", "卸载.bat", "说明.txt"} <= names
    assert all(i.flag_bits & 0x800 for i in infos if not i.filename.isascii()), "names not marked UTF-8"
    target = bundle.Target("windows", PYTHON_VERSION)
    assert all(w.tags & target.tags() for w in wheels)
    names_of_wheels = {w.name for w in wheels}
    assert {"pywin32", "xlwings", "polars", "pandera", "gikxl"} <= names_of_wheels
    assert not {"pandas", "numpy"} & names_of_wheels  # pandera's polars backend needs neither
    needed, missing = bundle.resolve(bundle.Requirement(f"gikxl=={gikxl.__version__}"), wheels, target)
    assert missing == [] and needed == set(wheels)
    assert f"({PYTHON_VERSION})" in bat


# The installers' text (offline) ----------------------------------------------------------------------

@pytest.fixture
def windows_files() -> dict[str, bytes]:
    return bundle.windows_files("0.1.0", "gikxl-0.1.0-py3-none-any.whl", ["3.13", "3.12", "3.11"], 30)


@pytest.mark.parametrize("name", ["安装.bat", "卸载.bat"])
def test_the_bat_files_are_utf8_with_chcp_65001_first_and_crlf(windows_files, name):
    data = windows_files[name]
    assert not data.startswith(b"\xef\xbb\xbf"), "a BOM would spoil the first line"
    assert data.count(b"\n") == data.count(b"\r\n"), "every line must end in CRLF"
    lines = data.decode("utf-8").split("\r\n")
    assert lines[:2] == ["@echo off", "chcp 65001 >nul"]
    text = "\n".join(lines)
    labels = set(re.findall(r"^:(\w+)$", text, re.M))
    jumps = set(re.findall(r"\b(?:goto|call) :?(\w+)", text))
    assert jumps <= labels, f"goto/call to a missing label: {jumps - labels}"
    for line in lines:
        # cmd.exe ends a parenthesised block at the first ")": the scripts use goto, not blocks.
        assert not line.rstrip().endswith("("), line
    for pip in re.findall(r"-m pip install[^\n]*(?:\^\n[^\n]*)*", text):
        assert "--no-index" in pip and "--find-links" in pip, pip


def test_the_install_bat_finds_a_64_bit_python_and_names_the_one_to_install(windows_files):
    text = windows_files["安装.bat"].decode("utf-8")
    assert "for %%V in (3.13 3.12 3.11)" in text and 'py -%1-64 -c "import sys"' in text
    assert "请先安装 Python 3.13（64 位）" in text
    assert "gikxl==0.1.0" in text and "-m gikxl install" in text
    assert "gikxl doctor --help" in text, "doctor runs only where it exists"
    readme = windows_files["说明.txt"]
    assert readme.startswith(b"\xef\xbb\xbf") and readme.count(b"\n") == readme.count(b"\r\n")
    assert "安装.bat" in readme.decode("utf-8-sig")


def test_the_install_sh_is_valid_shell_and_stays_offline():
    files = bundle.linux_files("0.1.0", "gikxl-0.1.0-py3-none-any.whl", ["3.11"], 23)
    script = files["install.sh"].decode("utf-8")
    assert script.startswith("#!/bin/sh\n") and "\r" not in script
    assert "--no-index" in script and "PIP_NO_INDEX=1" in script
    subprocess.run(["sh", "-n"], input=script, text=True, check=True)


def test_the_windows_bundle_carries_the_python_versions_requires_python_admits():
    spec = bundle.requires_python()
    assert bundle.supported(bundle.WINDOWS_PYTHONS, spec) == list(bundle.WINDOWS_PYTHONS)
    assert bundle.supported(["3.10", "3.11"], spec) == ["3.11"]


def make_wheel(folder: Path, name: str, version: str, requires: list[str], tag: str = "py3-none-any") -> Path:
    path = folder / f"{name}-{version}-{tag}.whl"
    meta = "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}-{version}.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {name}\n"
                                                            f"Version: {version}\n{meta}")
    return path


def test_resolution_evaluates_markers_for_the_target_not_this_machine(tmp_path):
    """pip evaluates ``; platform_system == "Windows"`` on the machine it runs on; the script does not."""
    paths = [
        make_wheel(tmp_path, "app", "1.0", ['lib>=2', 'winonly; platform_system == "Windows"',
                                            'old; python_version < "3.12"', 'extra-dep; extra == "x"']),
        make_wheel(tmp_path, "lib", "2.1", []),
        make_wheel(tmp_path, "lib", "1.0", []),
        make_wheel(tmp_path, "unused", "1.0", []),
    ]
    wheels = [bundle.Wheel.read(p) for p in paths]
    root = bundle.Requirement("app==1.0")

    needed, missing = bundle.resolve(root, wheels, bundle.Target("linux", "3.12"))
    assert {(w.name, str(w.version)) for w in needed} == {("app", "1.0"), ("lib", "2.1")} and missing == []

    needed, missing = bundle.resolve(root, wheels, bundle.Target("windows", "3.11"))
    assert sorted(r.name for r in missing) == ["old", "winonly"]

    conflicting = bundle.Wheel.read(make_wheel(tmp_path, "pinned", "1.0", ["lib<2"]))
    wants_both = bundle.Wheel.read(make_wheel(tmp_path, "both", "1.0", ["lib>=2", "pinned"]))
    _, missing = bundle.resolve(bundle.Requirement("both"), [*wheels, conflicting, wants_both],
                                bundle.Target("linux", "3.12"))
    assert [r.name for r in missing] == ["lib"], "lib>=2 and lib<2 cannot both be met: one is reported"


def test_the_guide_shows_what_the_install_bat_prints():
    """docs/excel-guide.md starts from the zip: its name, the steps and the success lines are the real ones."""
    guide = (ROOT / "docs" / "excel-guide.md").read_text(encoding="utf-8")
    version = gikxl.__version__
    assert f"gikxl-{version}-offline-windows-x64.zip" in guide and f"gikxl-{version}-py3-none-any.whl" in guide
    assert "pip install gikxl\n" not in guide and "pip install gikxl " not in guide, "gikxl is on no package index"
    files = bundle.windows_files(version, f"gikxl-{version}-py3-none-any.whl", list(bundle.WINDOWS_PYTHONS), 30)
    echoed = {line.removeprefix("echo").strip() for line in files["安装.bat"].decode("utf-8").splitlines()
              if line.startswith("echo")}
    section = guide.split("## 二、", 1)[1].split("\n## ", 1)[0]
    shown = [line.strip() for block in re.findall(r"```\n(.*?)```", section, re.S) for line in block.splitlines()]
    printed = [line for line in shown if line.startswith(("[", "安装完成", "请关闭", "在“"))]
    assert len(printed) == 7 and set(printed) <= echoed, set(printed) - echoed
