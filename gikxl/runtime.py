"""Whether this PC's processor can run the installed polars, found out without importing polars.

(Also here, for the same fresh process: its garbage collector paused while it
starts, :func:`collector_paused`.)

polars (≥ 1.34) is a Python package plus one of three compiled runtimes:
``polars-runtime-32`` (the default), ``polars-runtime-64`` and
``polars-runtime-compat``. The first two are built for processors with AVX2
and its companions (FMA, BMI1/2, LZCNT, MOVBE); many office PCs lack them.
polars itself compares each runtime's build flags with the CPU when it is
imported, warns in English ("Missing required CPU features") and goes on —
to crash with an illegal instruction at the first computation. This module
makes the same comparison first, from the runtime's own list of build flags
and the flags the operating system reports, and says in Chinese what to
install: ``polars-runtime-compat``, which polars prefers whenever it is
installed.

:func:`polars_advice` is the plain check (``None`` when fine, else the
advice); :func:`require_polars` raises it as a :class:`~gikxl.errors.GikxlError`
before the check path imports polars. ``python -m gikxl.runtime`` (:func:`main`)
tells the offline installers whether to add the compat runtime from their own wheels.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from gikxl.errors import GikxlError

#: polars' runtime modules and their distributions, in the order ``polars._plr`` tries them.
RUNTIMES = {
    "compat": ("_polars_runtime_compat", "polars-runtime-compat"),
    "64": ("_polars_runtime_64", "polars-runtime-64"),
    "32": ("_polars_runtime_32", "polars-runtime-32"),
}
#: The runtime for processors without AVX2: what to install when the one in use cannot run.
COMPAT = "compat"

#: polars' names of CPU features whose Linux ``/proc/cpuinfo`` flag is spelled otherwise.
CPUINFO_NAMES = {"sse3": "pni", "cmpxchg16b": "cx16", "lzcnt": "abm", "sse4.1": "sse4_1", "sse4.2": "sse4_2"}
#: ``IsProcessorFeaturePresent`` constants (winnt.h) of the features Windows can be asked about.
#: FMA, BMI1/2, LZCNT, MOVBE, POPCNT and PCLMULQDQ have none; every processor with AVX2 has
#: them all (Haswell, Excavator and later), so AVX2 is the one that tells an old PC.
WINDOWS_FEATURES = {"sse3": 13, "cmpxchg16b": 14, "ssse3": 36, "sse4.1": 37, "sse4.2": 38, "avx": 39, "avx2": 40}
#: The processors whose flags can be read: those polars checks (others have no such runtimes).
X86 = {"x86_64", "amd64", "x64", "i386", "i686", "x86"}
#: :func:`main`'s exit code when the compat runtime is to be installed (the offline installers test for it).
NEEDS_COMPAT = 10
#: The way back for a PC without internet: the offline bundle's installer adds the runtime itself.
OFFLINE = "不能上网、用离线安装包安装的电脑，请改为重新运行安装包中的“安装.bat”。"
#: Where Linux lists the processor's flags.
CPUINFO = Path("/proc/cpuinfo")
#: How much of /proc/cpuinfo to read at most: the first processor's lines come first.
CPUINFO_LIMIT = 64 * 1024


class UnfitRuntime(GikxlError):
    """The installed polars cannot run on this processor (or is missing): install the package named."""

    exit_code = 3


@dataclass(frozen=True)
class Runtime:
    """The polars runtime this Python would load."""

    key: str
    """``"32"``, ``"64"`` or ``"compat"``."""
    package: str
    """Its distribution, e.g. ``polars-runtime-32``."""
    flags: tuple[str, ...]
    """CPU features it was built for, in polars' names (``avx2``, ``sse4.2`` …)."""


# The runtime ---------------------------------------------------------------------

def build_flags(text: str) -> tuple[str, ...]:
    """The required features in a runtime's ``build_feature_flags.py`` (``"+sse3,+avx2,-foo"``)."""
    match = re.search(r'BUILD_FEATURE_FLAGS\s*=\s*"([^"\n]*)"', text)
    flags = match.group(1).split(",") if match else []
    # "ctr-static" is a build option, not a CPU feature (polars skips it too).
    return tuple(f.lstrip("+") for f in flags if f and not f.startswith("-") and f.lstrip("+") != "ctr-static")


def runtime_order(env: Mapping[str, str]) -> list[str]:
    """The runtimes in the order polars tries them, after its environment variables."""
    forced = env.get("POLARS_FORCE_PKG")
    if forced in RUNTIMES:
        return [forced]
    order = list(RUNTIMES)
    preferred = env.get("POLARS_PREFER_PKG")
    return [preferred, *order] if preferred in RUNTIMES else order


def installed_runtime(env: Mapping[str, str] | None = None) -> Runtime | None:
    """The runtime polars would load here, or ``None`` when none is installed. Nothing is imported."""
    for key in runtime_order(os.environ if env is None else env):
        module, package = RUNTIMES[key]
        found = find_spec(module)
        if found is None or not found.submodule_search_locations:
            continue
        flags_file = Path(next(iter(found.submodule_search_locations))) / "build_feature_flags.py"
        try:
            text = flags_file.read_text(encoding="utf-8")
        except OSError:
            text = ""  # an unusual build without the file: polars has nothing to compare either
        return Runtime(key, package, build_flags(text))
    return None


# The garbage collector -----------------------------------------------------------------

#: Where this process is: ``"fresh"`` (nothing paused yet), ``"paused"``, ``"done"`` (resumed, or
#: left alone because its host had switched the collector off itself).
_collector = "fresh"


def pause_collector() -> None:
    """Switch Python's cyclic garbage collector off for this process's start-up, once.

    A cold check imports polars, pandera and pydantic: several hundred thousand
    objects, none of them garbage. With the collector on, every 700 new objects
    set off a collection, the older generations are scanned again and again
    while the modules load, and at exit Python scans everything once more —
    some 100–150 ms of a cold check or button click that free nothing.
    Paused, none of it happens. Only a fresh process pauses: once
    :func:`resume_collector` has run (or the host had switched the collector
    off itself), later calls do nothing, so the button's server kept running
    between clicks collects as usual.
    """
    global _collector
    if _collector == "fresh":
        _collector = "paused" if gc.isenabled() else "done"
        gc.disable()


def resume_collector() -> None:
    """Switch the collector back on after :func:`pause_collector`, with what start-up built out of its sight.

    :func:`gc.freeze` first moves every object then alive (the modules, the
    checks' tables) to the permanent generation, which no later collection
    and not the one at exit scans. The cost: cycles left as garbage by the
    first job are kept for the life of the process (some 90 objects after a first click, once).
    """
    global _collector
    if _collector == "paused":
        _collector = "done"
        gc.freeze()
        gc.enable()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The collector paused while the body runs, in a fresh process (see :func:`pause_collector`)."""
    pause_collector()
    try:
        yield
    finally:
        resume_collector()


# The processor ---------------------------------------------------------------------

def cpuinfo_flags(text: str) -> frozenset[str]:
    """The features of the first processor in Linux's ``/proc/cpuinfo``, in polars' names."""
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "flags":
            present = set(value.split())
            known = {ours for ours, theirs in CPUINFO_NAMES.items() if theirs in present}
            return frozenset(present | known)
    return frozenset()


def windows_flags(present: Callable[[int], object], required: tuple[str, ...]) -> frozenset[str]:
    """The required features Windows does not deny: those it cannot be asked about are taken as present."""
    return frozenset(f for f in required if f not in WINDOWS_FEATURES or present(WINDOWS_FEATURES[f]))


def _windows_present() -> Callable[[int], object]:
    import ctypes

    return ctypes.windll.kernel32.IsProcessorFeaturePresent  # type: ignore[attr-defined]


def platform_machine() -> str:
    """``platform.machine()``, lower case, without importing :mod:`platform`."""
    if sys.platform.startswith("win"):
        # A 32-bit Python on 64-bit Windows sees x86 in the first; the processor is in the second.
        return (os.environ.get("PROCESSOR_ARCHITEW6432") or os.environ.get("PROCESSOR_ARCHITECTURE", "")).lower()
    return os.uname().machine.lower()


def cpu_flags(required: tuple[str, ...]) -> frozenset[str] | None:
    """The features this processor has, in polars' names; ``None`` when the system does not say."""
    if platform_machine() not in X86:
        return None
    if sys.platform.startswith("win"):
        try:
            return windows_flags(_windows_present(), required)
        except (OSError, AttributeError):
            return None
    try:
        with CPUINFO.open(encoding="utf-8", errors="replace") as f:
            return cpuinfo_flags(f.read(CPUINFO_LIMIT)) or None
    except OSError:
        return None  # macOS, BSD: no /proc; polars still checks with CPUID itself


# The advice ---------------------------------------------------------------------------

def missing_flags(runtime: Runtime, present: frozenset[str]) -> list[str]:
    """The features ``runtime`` was built for that the processor lacks."""
    return [f for f in runtime.flags if f not in present]


def _pip(package: str, version: str) -> str:
    """The command that installs ``package`` into this Python (the console one, not pythonw.exe)."""
    python = Path(sys.executable)
    if python.name.lower() == "pythonw.exe":
        python = python.with_name("python.exe")
    pin = f"=={version}" if version else ""
    return f'"{python}" -m pip install "{package}{pin}"'


def _polars_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("polars")
    except PackageNotFoundError:
        return ""


def advice_for(runtime: Runtime | None, present: frozenset[str] | None,
               polars_version: Callable[[], str] = _polars_version) -> str | None:
    """What to tell the clerk, given the runtime polars would load and the processor's features."""
    if runtime is None:
        version = polars_version()
        command = _pip(RUNTIMES["32"][1], version) if version else _pip("polars", "")
        return (f"本机的 Python 环境缺少 polars 的运行库（校验表格要用到它）。请在“命令提示符”中运行：{command}。"
                + OFFLINE)
    missing = missing_flags(runtime, present) if present is not None else []
    if not missing:
        return None
    names = "、".join(f.upper() for f in missing)
    if runtime.key == COMPAT:
        return (f"本机处理器缺少 polars 兼容版运行库所需的指令（{names}），无法运行表格校验。"
                "这台电脑的处理器过于老旧，请换一台较新的电脑使用 gikxl。")
    compat = RUNTIMES[COMPAT][1]
    return (f"本机处理器不支持 {names} 指令，当前安装的 polars 运行库（{runtime.package}）在这台电脑上无法运行，"
            f"校验和 Excel 按钮都会异常退出。请在“命令提示符”中运行：{_pip(compat, polars_version())}，"
            f"安装适用于较老处理器的兼容版运行库（装有它时 polars 会自动改用它），然后再试一次。{OFFLINE}")


def polars_advice() -> str | None:
    """``None`` when the installed polars can run on this processor, else advice in Chinese naming the package.

    Imports no polars: safe to call on a PC where importing it would crash.
    """
    if os.environ.get("POLARS_SKIP_CPU_CHECK"):
        return None  # whoever set polars' own switch has decided
    runtime = installed_runtime()
    return advice_for(runtime, cpu_flags(runtime.flags) if runtime else None)


def require_polars() -> None:
    """Raise :class:`UnfitRuntime` with the advice when polars cannot run here (see :func:`polars_advice`)."""
    advice = polars_advice()
    if advice:
        raise UnfitRuntime(advice)


def main() -> int:
    """``python -m gikxl.runtime``, for the offline installers: whether to add the compat runtime.

    Exit 0: the installed runtime runs here; :data:`NEEDS_COMPAT`: this processor lacks what the runtime
    in use was built for, install ``polars-runtime-compat``; 3: something else, with the advice on stderr.
    Imports no polars (the installers ask before anything does).
    """
    advice = polars_advice()
    if advice is None:
        print("本机处理器能运行已安装的 polars。")
        return 0
    runtime = installed_runtime()
    present = cpu_flags(runtime.flags) if runtime and runtime.key != COMPAT else None
    if runtime and present is not None:
        names = "、".join(f.upper() for f in missing_flags(runtime, present))
        print(f"本机处理器不支持 {names} 指令，需要改用 polars 的兼容版运行库（{RUNTIMES[COMPAT][1]}）。")
        return NEEDS_COMPAT
    print(advice, file=sys.stderr)
    return UnfitRuntime.exit_code


if __name__ == "__main__":
    sys.exit(main())
