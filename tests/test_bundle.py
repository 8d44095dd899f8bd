"""The release files and the offline bundle (``scripts/make-offline-bundle``).

The tests marked ``bundle`` build the wheel and sdist once per session (``python -m build`` on a copy of
the repository), install the wheel into a fresh virtual environment outside the source tree, and build
the Linux bundle and install it with pip cut off from the network. They need PyPI (pip's cache is reused);
``-m 'not bundle'`` leaves them out. The others check the installers' text and the resolution, offline.

There is no Windows here: 安装.bat's commands are run by a small interpreter of the few cmd.exe forms it
uses (:func:`run_bat`), with ``py -3.x-64`` standing for this Python, against the Linux bundle's wheels.
The processor without AVX2 is simulated as in tests/test_runtime.py, by the /proc/cpuinfo gikxl reads.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
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
from gikxl import runtime

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make-offline-bundle"
PYTHON_VERSION = "{}.{}".format(*sys.version_info[:2])
CPUINFO = Path(__file__).parent / "data" / "cpuinfo"
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

@pytest.fixture(scope="session")
def linux_bundle(dist, tmp_path_factory) -> Path:
    """The Linux bundle for this Python, made by the script and unzipped: its folder."""
    tmp = tmp_path_factory.mktemp("linux-bundle")
    run([sys.executable, SCRIPT, "--platform", "linux", "--wheel", dist["wheel"], "--output", tmp / "out"],
        env=clean_env())
    (archive,) = (tmp / "out").glob("gikxl-*-offline-linux-x86_64.zip")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp / "unzipped")
    (folder,) = (tmp / "unzipped").iterdir()
    return folder


def installed(python: Path, name: str) -> bool:
    done = subprocess.run([python, "-m", "pip", "show", "-q", name], capture_output=True, env=clean_env())
    return done.returncode == 0


@pytest.mark.bundle
def test_the_linux_bundle_installs_offline_and_runs_the_demo(dist, linux_bundle, tmp_path):
    folder = linux_bundle
    assert {p.name for p in folder.iterdir()} == {"install.sh", "说明.txt", "wheels"}
    assert (folder / "wheels" / dist["wheel"].name).is_file()
    assert list((folder / "wheels").glob("polars_runtime_compat-*.whl")), "the compat runtime is bundled"

    venv = tmp_path / "venv"
    home = tmp_path / "home"  # install.sh also installs the WPS add-in and the shortcut: into a home of its own
    home.mkdir()
    env = {k: v for k, v in offline_env(PYTHON=sys.executable, HOME=str(home)).items() if not k.startswith("XDG_")}
    done = run(["sh", folder / "install.sh", venv], cwd=tmp_path, env=env)
    assert "Looking in indexes" not in done.stdout and "Downloading" not in done.stdout, done.stdout
    assert f"gikxl {gikxl.__version__}" in done.stdout and "安装完成" in done.stdout
    # This machine's processor runs the default runtime: the compat one is bundled but left out.
    fits = runtime.polars_advice() is None
    assert ("本机处理器能运行已安装的 polars" in done.stdout) == fits, done.stdout
    assert installed(venv / "bin" / "python", "polars-runtime-compat") == (not fits)
    assert_demo_runs(venv / "bin" / "gikxl", venv / "bin" / "python", tmp_path)
    # The service and the WPS add-in came with it: installed, started at log-in by this venv's Python.
    jsaddons = home / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons"
    assert (jsaddons / f"gikxl_{gikxl.__version__}" / "main.js").is_file() and (jsaddons / "publish.xml").is_file()
    autostart = (home / ".config" / "autostart" / "gikxl-serve.desktop").read_text(encoding="utf-8")
    assert f'Exec="{venv / "bin" / "python"}" -m gikxl serve' in autostart
    assert "Name=年报校验" in (home / ".local" / "share" / "applications" / "gikxl-page.desktop").read_text("utf-8")
    probe = run([venv / "bin" / "python", "-c", "import starlette, uvicorn, python_multipart, gikxl.serve.app"],
                cwd=tmp_path, env=env)
    assert probe.returncode == 0
    assert "[正常] WPS 加载项" in done.stdout


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
    needed, missing = bundle.resolve(bundle.Requirement(f"gikxl=={gikxl.__version__}"), wheels, target,
                                     [bundle.Requirement(r) for r in bundle.ALONGSIDE])
    assert missing == [] and needed == set(wheels)
    bundled = re.search(r"for %%V in \(([^)]*)\)", bat).group(1).split()
    assert bundled == [PYTHON_VERSION]
    (polars,) = (w for w in wheels if w.name == "polars")
    for python in bundled:
        # The runtime for processors without AVX2, of polars' own version, for each Python the .bat may pick.
        tags = bundle.Target("windows", python).tags()
        assert [w for w in wheels if w.name == "polars-runtime-compat" and w.tags & tags
                and w.version == polars.version], f"no compat runtime for Python {python}"


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
    assert len(printed) == 8 and set(printed) <= echoed, set(printed) - echoed


# The installers' question: python -m gikxl.runtime ------------------------------------------------------

#: ``python -m gikxl.runtime`` on a PC whose /proc/cpuinfo is ``sys.argv[1]`` (the one simulated part).
RUNTIME_ON = ("import sys; from pathlib import Path; from gikxl import runtime; "
              "runtime.CPUINFO = Path(sys.argv[1]); runtime.X86 = {runtime.platform_machine()}; "
              "code = runtime.main(); print('polars imported' if 'polars' in sys.modules else '-'); sys.exit(code)")


def runtime_on(python: Path | str, cpu: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in clean_env(**env).items() if k != "POLARS_SKIP_CPU_CHECK"}
    return subprocess.run([str(python), "-c", RUNTIME_ON, str(CPUINFO / f"{cpu}.txt")], capture_output=True,
                          text=True, cwd=ROOT, env=environ, timeout=120)


def test_the_installers_exit_code_is_the_one_gikxl_gives():
    assert bundle.NEEDS_COMPAT == runtime.NEEDS_COMPAT


@pytest.mark.parametrize("cpu", ["sandy-bridge-i5-2400", "celeron-j1900"])
def test_a_processor_without_avx2_asks_for_the_compat_runtime_without_importing_polars(cpu):
    done = runtime_on(sys.executable, cpu)
    assert done.returncode == runtime.NEEDS_COMPAT, done.stderr
    first, last = done.stdout.splitlines()
    assert first.startswith("本机处理器不支持 ") and "AVX2" in first and "polars-runtime-compat" in first
    assert last == "-" and done.stderr == ""


def test_a_processor_with_avx2_needs_nothing_more():
    done = runtime_on(sys.executable, "haswell-i5-4590")
    assert (done.returncode, done.stdout) == (0, "本机处理器能运行已安装的 polars。\n-\n")


def test_a_processor_too_old_for_the_compat_runtime_is_told_so_not_sent_round_again(tmp_path):
    """With the compat runtime installed (laid out as pip does) and still missing features: exit 3, advice."""
    package = tmp_path / "_polars_runtime_compat"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "build_feature_flags.py").write_text(
        'BUILD_FEATURE_FLAGS = "+sse3,+ssse3,+sse4.1,+sse4.2,+popcnt,+cmpxchg16b"\n', encoding="utf-8")
    done = runtime_on(sys.executable, "phenom-ii-x4-955", PYTHONPATH=str(tmp_path))
    assert done.returncode == 3 and "过于老旧" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == "-\n"
    assert runtime_on(sys.executable, "sandy-bridge-i5-2400", PYTHONPATH=str(tmp_path)).returncode == 0


def test_python_m_gikxl_runtime_imports_no_polars():
    """The real entry on this machine (no simulation): ``-X importtime`` lists every module imported."""
    env = {k: v for k, v in os.environ.items() if k != "POLARS_SKIP_CPU_CHECK"}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "gikxl.runtime"], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "import time:" in line]
    assert "gikxl.runtime" not in imported and "gikxl.errors" in imported  # run as __main__, not imported twice
    assert not [m for m in imported if m.split(".")[0] in {"polars", "xlwings", "pandera", "_polars_runtime_32"}]
    expected = 0 if runtime.polars_advice() is None else runtime.NEEDS_COMPAT
    assert done.returncode == expected and done.stdout.strip().startswith("本机处理器")


def test_the_advice_names_the_offline_route():
    cpu = runtime.cpuinfo_flags((CPUINFO / "sandy-bridge-i5-2400.txt").read_text(encoding="utf-8"))
    rt32 = runtime.Runtime("32", "polars-runtime-32", ("sse3", "avx", "avx2"))
    for advice in (runtime.advice_for(rt32, cpu, lambda: "2.1.0"), runtime.advice_for(None, None, lambda: "2.1.0")):
        assert advice is not None and advice.endswith(runtime.OFFLINE) and "安装.bat" in advice
        assert "pip install" in advice  # the online route stays first
    compat = runtime.Runtime("compat", "polars-runtime-compat", ("ssse3",))
    too_old = runtime.advice_for(compat, frozenset({"sse3"}), lambda: "2.1.0")
    assert too_old is not None and "安装.bat" not in too_old, "re-running the installer would not help"


# 安装.bat's compat step ----------------------------------------------------------------------------------

def bat_lines(text: str) -> list[str]:
    """The .bat's logical lines: ``^`` continuations joined, CRLF gone."""
    return text.replace("^\r\n", " ").replace("^\n", " ").splitlines()


def test_the_install_bat_asks_gikxl_after_the_base_wheels_and_before_anything_imports_polars(windows_files):
    lines = [line.strip() for line in bat_lines(windows_files["安装.bat"].decode("utf-8"))]
    steps = [line for line in lines if re.match(r"echo \[\d/5\]", line)]
    assert [s[6:9] for s in steps] == ["1/5", "2/5", "3/5", "4/5", "5/5"]
    base = next(i for i, line in enumerate(lines) if "gikxl==0.1.0" in line and "pip install" in line)
    ask = lines.index("py -%PYVER%-64 -m gikxl.runtime")
    compat = next(i for i, line in enumerate(lines) if '"polars[rtcompat]"' in line)
    excel = lines.index("py -%PYVER%-64 -m gikxl install")
    assert base < ask < compat < excel
    # Nothing that imports polars (xlwings, gikxl's commands) runs before the question is answered.
    assert not [line for line in lines[:ask] if line.startswith("py ") and "-m gikxl" in line]
    assert lines[ask + 1:ask + 3] == ["if errorlevel 11 goto configure_excel", "if errorlevel 10 goto compat_runtime"]
    assert '--no-index --find-links "%WHEELS%" --only-binary=:all:' in lines[compat]
    assert "[1/5] 到 [5/5]" in windows_files["说明.txt"].decode("utf-8-sig")


def run_bat(text: str, start: str, stop: str, python: Path, wheels: Path, cpu: str) -> list[tuple[str, int]]:
    """Run the .bat's lines from the one starting with ``start`` to the one starting with ``stop``: the few
    forms it uses there (echo, rem, labels, goto, ``if errorlevel N``, ``py -%PYVER%-64 …``, redirections
    to nul), with this
    Python for ``py`` and ``python -m gikxl.runtime`` on the simulated processor. The commands run and
    their exit codes."""
    lines = [line.strip() for line in bat_lines(text)]
    lines = lines[next(i for i, x in enumerate(lines) if x.startswith(start)):]
    lines = lines[:next(i for i, x in enumerate(lines) if x.startswith(stop))]
    labels = {line[1:]: i for i, line in enumerate(lines) if line.startswith(":")}
    env = offline_env(PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("POLARS_SKIP_CPU_CHECK", None)
    ran: list[tuple[str, int]] = []
    errorlevel, pc = 0, 0
    for _ in range(200):  # bounded: the block has no loops
        if pc >= len(lines):
            return ran
        line, pc = lines[pc], pc + 1
        if match := re.fullmatch(r"if errorlevel (\d+) (.*)", line):
            if errorlevel < int(match.group(1)):
                continue
            line = match.group(2)
        if line.startswith("goto "):
            pc = labels[line[5:]]
        elif line.startswith("py -%PYVER%-64 "):
            words = shlex.split(line.removeprefix("py -%PYVER%-64 ").replace("%WHEELS%", str(wheels)))
            args = [w for w in words if not re.match(r"\d?>", w)]  # ">nul 2>nul": output is captured anyway
            if args == ["-m", "gikxl.runtime"]:
                args = ["-c", RUNTIME_ON, str(CPUINFO / f"{cpu}.txt")]
            done = subprocess.run([str(python), *args], capture_output=True, text=True, env=env, timeout=600)
            assert "Downloading" not in done.stdout and "Looking in indexes" not in done.stdout, done.stdout
            errorlevel = done.returncode
            ran.append((line, errorlevel))
        else:
            assert line.startswith(("echo", "rem", ":")) or not line, f"not interpreted: {line}"
    raise AssertionError("the block did not end")


@pytest.mark.bundle
def test_the_install_bat_adds_the_compat_runtime_on_a_processor_without_avx2(linux_bundle, tmp_path):
    """Steps 2 and 3 of 安装.bat, run here against the Linux bundle's wheels in a fresh venv, offline."""
    version = gikxl.__version__
    (wheel,) = (linux_bundle / "wheels").glob("gikxl-*.whl")
    bat = bundle.windows_files(version, wheel.name, [PYTHON_VERSION], 30)["安装.bat"].decode("utf-8")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], env=clean_env())
    python = venv / "bin" / "python"

    ran = run_bat(bat, "echo [2/5]", "echo [4/5]", python, linux_bundle / "wheels", "sandy-bridge-i5-2400")
    assert [(line.split()[3:5], code) for line, code in ran] == [
        (["pip", "--version"], 0), (["pip", "install"], 0), (["gikxl.runtime"], 10), (["pip", "install"], 0)]
    assert installed(python, "polars-runtime-compat")
    # Asked again, gikxl finds the compat runtime in use and content; polars really runs on it.
    assert runtime_on(python, "sandy-bridge-i5-2400").returncode == 0
    code = ("import sys, polars as pl; total = pl.DataFrame({'a': [1, 2]})['a'].sum(); "
            "print(*sorted({m.split('.')[0] for m in sys.modules if m.startswith('_polars_runtime')}), total)")
    assert run([python, "-c", code], cwd=tmp_path, env=clean_env()).stdout.split() == ["_polars_runtime_compat", "3"]

    # Run again on a processor with AVX2: nothing is added, and the installer goes on to gikxl install.
    ran = run_bat(bat, "echo [2/5]", "echo [4/5]", python, linux_bundle / "wheels", "haswell-i5-4590")
    assert [code for _line, code in ran] == [0, 0, 0]


def test_the_compat_runtime_is_resolved_through_polars_extra_at_polars_version(tmp_path):
    """``polars[rtcompat]`` alongside gikxl: the runtime of the polars gikxl gets, not merely the newest."""
    paths = [
        make_wheel(tmp_path, "gikxl", "1.0", ["polars>=1.34"]),
        make_wheel(tmp_path, "polars", "2.1.0", ["polars-runtime-32==2.1.0",
                                                 'polars-runtime-compat==2.1.0; extra == "rtcompat"']),
        make_wheel(tmp_path, "polars_runtime_32", "2.1.0", []),
        make_wheel(tmp_path, "polars_runtime_compat", "2.2.0", [], "cp39-abi3-win_amd64"),
    ]
    wheels = [bundle.Wheel.read(p) for p in paths]
    target = bundle.Target("windows", "3.12")
    alongside = [bundle.Requirement(r) for r in bundle.ALONGSIDE]
    _, missing = bundle.resolve(bundle.Requirement("gikxl==1.0"), wheels, target, alongside)
    assert [str(r) for r in missing] == ['polars-runtime-compat==2.1.0; extra == "rtcompat"']
    right = bundle.Wheel.read(make_wheel(tmp_path, "polars_runtime_compat", "2.1.0", [], "cp39-abi3-win_amd64"))
    needed, missing = bundle.resolve(bundle.Requirement("gikxl==1.0"), [*wheels, right], target, alongside)
    assert missing == [] and right in needed and len(needed) == 4
    # Without it alongside, the compat runtime is not needed at all (pip installs it only when asked).
    needed, _ = bundle.resolve(bundle.Requirement("gikxl==1.0"), [*wheels, right], target)
    assert right not in needed


def test_the_installers_install_the_wps_add_in(windows_files):
    """安装.bat adds the WPS add-in where WPS has run, after Excel's step and without failing it; install.sh always."""
    lines = bat_lines(windows_files["安装.bat"].decode("utf-8"))
    wps = lines.index('if exist "%APPDATA%\\kingsoft\\wps" py -%PYVER%-64 -m gikxl install --wps')
    assert lines.index("if errorlevel 1 goto excel_failed") < wps < lines.index("echo [5/5] 检查安装 ……")
    assert not lines[wps + 1].startswith("if errorlevel")
    script = bundle.linux_files("0.1.0", "gikxl-0.1.0-py3-none-any.whl", ["3.11"], 23)["install.sh"].decode("utf-8")
    assert script.index('gikxl" install --wps ||') < script.index('gikxl" doctor')
