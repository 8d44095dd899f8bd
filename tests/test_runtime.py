"""Whether polars can run on this processor, told in Chinese before polars itself is imported.

The processors are real ones' ``/proc/cpuinfo`` (tests/data/cpuinfo) and, on
Windows, what ``IsProcessorFeaturePresent`` answers for them; the runtimes are
the one installed here and runtime packages laid out as pip installs them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gikxl import runtime
from gikxl.runtime import (
    WINDOWS_FEATURES,
    Runtime,
    UnfitRuntime,
    advice_for,
    build_flags,
    cpuinfo_flags,
    installed_runtime,
    windows_flags,
)

ROOT = Path(__file__).resolve().parent.parent
CPUINFO = Path(__file__).parent / "data" / "cpuinfo"
#: What polars-runtime-32 and -64 2.1 are built for, and polars-runtime-compat 2.1 (their build_feature_flags.py).
AVX2_FLAGS = "+sse3,+ssse3,+sse4.1,+sse4.2,+popcnt,+cmpxchg16b,+avx,+avx2,+fma,+bmi1,+bmi2,+lzcnt,+pclmulqdq,+movbe"
COMPAT_FLAGS = "+sse3,+ssse3,+sse4.1,+sse4.2,+popcnt,+cmpxchg16b"
RT32 = Runtime("32", "polars-runtime-32", build_flags(f'BUILD_FEATURE_FLAGS = "{AVX2_FLAGS}"\n'))
COMPAT = Runtime("compat", "polars-runtime-compat", build_flags(f'BUILD_FEATURE_FLAGS = "{COMPAT_FLAGS}"\n'))


def cpu(name: str) -> frozenset[str]:
    return cpuinfo_flags((CPUINFO / f"{name}.txt").read_text(encoding="utf-8"))


def version() -> str:
    return "2.1.0"


# The runtime's needs ------------------------------------------------------------------

def test_build_flags_are_read_as_polars_reads_them():
    assert build_flags('BUILD_FEATURE_FLAGS = "+sse3,+avx2,-avx512f,+ctr-static"\n') == ("sse3", "avx2")
    assert build_flags("") == ()


def test_the_installed_runtime_is_found_without_importing_polars():
    code = "import sys; from gikxl.runtime import installed_runtime as f; print(f().package, 'polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    package, imported = out.split()
    assert package.startswith("polars-runtime-") and imported == "False"
    found = installed_runtime()
    assert found is not None and found.flags and all("+" not in f for f in found.flags)


def _runtime_package(site: Path, key: str, flags: str) -> None:
    """A runtime package as pip lays it out (its compiled module left out: nothing here imports it)."""
    package = site / f"_polars_runtime_{key}"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "build_feature_flags.py").write_text(f'BUILD_FEATURE_FLAGS = "{flags}"\n', encoding="utf-8")


def test_the_compat_runtime_wins_once_installed_as_polars_prefers_it(tmp_path, monkeypatch):
    _runtime_package(tmp_path, "compat", COMPAT_FLAGS)
    monkeypatch.syspath_prepend(str(tmp_path))
    found = installed_runtime({})
    assert found == Runtime("compat", "polars-runtime-compat", tuple(COMPAT_FLAGS.replace("+", "").split(",")))
    # polars' own switches are followed: forcing the default runtime brings its needs back.
    assert installed_runtime({"POLARS_FORCE_PKG": "32"}).package == "polars-runtime-32"
    assert "avx2" in installed_runtime({"POLARS_FORCE_PKG": "32"}).flags


# The processor ----------------------------------------------------------------------------

def test_cpuinfo_flags_are_named_as_polars_names_them():
    haswell = cpu("haswell-i5-4590")
    assert {"sse3", "cmpxchg16b", "lzcnt", "sse4.1", "sse4.2", "avx2", "fma", "bmi2", "movbe"} <= haswell
    assert "avx2" not in cpu("sandy-bridge-i5-2400") and "avx" in cpu("sandy-bridge-i5-2400")
    assert cpuinfo_flags("processor\t: 0\nmodel name\t: ARMv8\n") == frozenset()


def test_this_machines_flags_are_read(monkeypatch):
    if not Path("/proc/cpuinfo").is_file():
        pytest.skip("no /proc/cpuinfo here")
    found = runtime.cpu_flags(RT32.flags)
    assert found is None or "sse2" in found


def test_windows_answers_for_the_features_it_knows():
    sandy = {WINDOWS_FEATURES[f] for f in ("sse3", "cmpxchg16b", "ssse3", "sse4.1", "sse4.2", "avx")}
    flags = windows_flags(lambda pf: pf in sandy, RT32.flags)
    assert "avx2" not in flags and "avx" in flags
    assert "fma" in flags  # no constant for it: taken as present, AVX2 decides
    assert advice_for(RT32, flags, version) is not None
    haswell = sandy | {WINDOWS_FEATURES["avx2"]}
    assert advice_for(RT32, windows_flags(lambda pf: pf in haswell, RT32.flags), version) is None


# The advice --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["sandy-bridge-i5-2400", "celeron-j1900"])
def test_an_office_pc_without_avx2_is_told_to_install_the_compat_runtime(name):
    advice = advice_for(RT32, cpu(name), version)
    assert advice is not None and "AVX2" in advice
    assert 'pip install "polars-runtime-compat==2.1.0"' in advice and "polars-runtime-32" in advice
    assert advice.isascii() is False and "Missing" not in advice


def test_a_pc_with_avx2_needs_nothing():
    assert advice_for(RT32, cpu("haswell-i5-4590"), version) is None


@pytest.mark.parametrize("name", ["sandy-bridge-i5-2400", "celeron-j1900", "haswell-i5-4590"])
def test_the_compat_runtime_runs_on_every_office_pc(name):
    assert advice_for(COMPAT, cpu(name), version) is None


def test_a_processor_too_old_even_for_the_compat_runtime_is_named_so():
    advice = advice_for(COMPAT, cpu("phenom-ii-x4-955"), version)
    assert advice is not None and "SSSE3" in advice and "过于老旧" in advice and "pip" not in advice


def test_unknown_flags_or_no_runtime():
    assert advice_for(RT32, None, version) is None  # not x86 or not said: polars decides
    advice = advice_for(None, cpu("haswell-i5-4590"), version)
    assert advice is not None and 'pip install "polars-runtime-32==2.1.0"' in advice
    assert "pip install \"polars\"" in advice_for(None, None, lambda: "")


def test_polars_advice_reads_the_real_runtime_and_a_simulated_cpuinfo(monkeypatch):
    monkeypatch.delenv("POLARS_SKIP_CPU_CHECK", raising=False)
    monkeypatch.setattr(runtime, "CPUINFO", CPUINFO / "sandy-bridge-i5-2400.txt")
    monkeypatch.setattr(runtime, "X86", {runtime.platform_machine()})
    advice = runtime.polars_advice()
    assert advice is not None and "AVX2" in advice
    with pytest.raises(UnfitRuntime) as raised:
        runtime.require_polars()
    assert raised.value.exit_code == 3 and raised.value.message == advice
    monkeypatch.setenv("POLARS_SKIP_CPU_CHECK", "1")
    assert runtime.polars_advice() is None
    monkeypatch.delenv("POLARS_SKIP_CPU_CHECK")
    monkeypatch.setattr(runtime, "CPUINFO", CPUINFO / "haswell-i5-4590.txt")
    assert runtime.polars_advice() is None


# The check path ------------------------------------------------------------------------------

#: ``gikxl check`` as a clerk runs it, on a PC whose /proc/cpuinfo is the one given.
CHECK_ON = (
    "import sys; from pathlib import Path; from gikxl import runtime; "
    "runtime.CPUINFO = Path(sys.argv[1]); runtime.X86 = {runtime.platform_machine()}; "
    "from gikxl.__main__ import main; code = main(['check', sys.argv[2]]); "
    "print('polars imported' if 'polars' in sys.modules else 'polars not imported'); sys.exit(code)"
)


def _check_on(cpuinfo: str, workbook: Path, *prefix: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "POLARS_SKIP_CPU_CHECK"}
    return subprocess.run([*prefix, sys.executable, "-c", CHECK_ON, str(CPUINFO / f"{cpuinfo}.txt"), str(workbook)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)


def test_check_on_a_pc_without_avx2_gives_the_advice_before_polars(make_workbook, demo):
    done = _check_on("sandy-bridge-i5-2400", make_workbook(demo))
    assert done.returncode == 3
    assert done.stderr.startswith("错误：本机处理器不支持 AVX2") and "polars-runtime-compat" in done.stderr
    assert "Missing required CPU features" not in done.stderr and "Traceback" not in done.stderr
    assert done.stdout.strip().endswith("polars not imported")


def test_check_on_a_pc_with_avx2_runs(make_workbook, demo):
    done = _check_on("haswell-i5-4590", make_workbook(demo))
    assert done.returncode == 0, done.stderr
    assert "没有发现问题" in done.stdout and done.stdout.strip().endswith("polars imported")


@pytest.mark.skipif(not shutil.which("qemu-x86_64") or runtime.platform_machine() != "x86_64",
                    reason="needs qemu-user on x86-64 (scripts/setup-tests.sh installs it)")
def test_on_an_emulated_sandy_bridge_the_clerk_reads_the_advice_not_a_crash(make_workbook, demo):
    """qemu runs the real check on a processor without AVX2: polars alone warns in English and dies
    of an illegal instruction; the check path stops before that with the advice. (qemu shows the host's
    /proc/cpuinfo, so the emulated processor's own is given, as on a real Sandy Bridge.)"""
    workbook = make_workbook(demo)
    crash = subprocess.run(
        ["qemu-x86_64", "-cpu", "SandyBridge", sys.executable, "-c",
         "import polars as pl; print(pl.DataFrame({'a': [1.5, 2.0]}).select(pl.col('a').sum()).item())"],
        capture_output=True, text=True, timeout=600,
        env={k: v for k, v in os.environ.items() if k != "POLARS_SKIP_CPU_CHECK"},
    )
    assert crash.returncode != 0 and "Missing required CPU features" in crash.stderr  # what we spare the clerk
    # xlwings imports polars whenever it is installed: why gikxl install stops before running it.
    xlwings = subprocess.run(["qemu-x86_64", "-cpu", "SandyBridge", sys.executable, "-W", "ignore", "-c",
                              "import xlwings"], capture_output=True, text=True, timeout=600)
    assert xlwings.returncode != 0
    done = _check_on("sandy-bridge-i5-2400", workbook, "qemu-x86_64", "-cpu", "SandyBridge")
    assert done.returncode == 3 and "错误：本机处理器不支持 AVX2" in done.stderr
    assert "Missing required CPU features" not in done.stderr


def test_the_check_button_on_a_pc_without_avx2_shows_the_advice(make_workbook, demo, tmp_path):
    """The 校验 button in a fresh Python, as xlwings starts it per click, on xlwings' remote engine.

    (On a real such PC xlwings 0.37 imports polars itself, when it is installed, and the process dies
    there before gikxl runs: ``gikxl install`` refuses to set the buttons up until the runtime is
    fixed. This is the guard for an xlwings that does not, and for the UDF server.)"""
    from remote_book import payload_of

    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps(payload_of(make_workbook(demo))), encoding="utf-8")
    code = (
        "import json, sys; from pathlib import Path; from gikxl import runtime; "
        "runtime.CPUINFO = Path(sys.argv[1]); runtime.X86 = {runtime.platform_machine()}; "
        "import xlwings as xw; book = xw.Book(json=json.load(open(sys.argv[2], encoding='utf-8'))); "
        "book.set_mock_caller(); import gikxl.excel; gikxl.excel.validate(); "
        "print(json.dumps([a['args'] for a in book.json()['actions'] if a['func'] == 'alert']))"
    )
    env = {k: v for k, v in os.environ.items() if k != "POLARS_SKIP_CPU_CHECK"}
    env.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    done = subprocess.run([sys.executable, "-c", code, str(CPUINFO / "sandy-bridge-i5-2400.txt"), str(payload)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=600, check=True)
    (args,) = json.loads(done.stdout.splitlines()[-1])
    assert args[0].startswith("本机处理器不支持 AVX2") and "polars-runtime-compat" in args[0] and "critical" in args


# The garbage collector ------------------------------------------------------------------

def _gc_states(code: str, *args: str) -> list:
    """What ``code`` prints as JSON on its last line, run in a fresh Python."""
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          check=True, timeout=600)
    return json.loads(done.stdout.splitlines()[-1])


def test_a_fresh_process_pauses_the_collector_once_and_freezes_what_it_built():
    code = (
        "import gc, json; from gikxl.runtime import collector_paused as paused\n"
        "states = [gc.isenabled()]\n"
        "with paused():\n"
        "    states.append(gc.isenabled()); build = [[i] for i in range(1000)]\n"
        "states += [gc.isenabled(), gc.get_freeze_count() >= 1000]\n"
        "with paused():\n"  # a second job (the button's server kept running): collected as usual
        "    states.append(gc.isenabled())\n"
        "print(json.dumps(states))"
    )
    assert _gc_states(code) == [True, False, True, True, True]


def test_a_host_that_switched_the_collector_off_keeps_it_off():
    code = ("import gc, json; gc.disable(); from gikxl.runtime import collector_paused as paused\n"
            "with paused(): pass\n"
            "print(json.dumps([gc.isenabled(), gc.get_freeze_count()]))")
    assert _gc_states(code) == [False, 0]


def test_a_check_from_the_command_line_runs_paused_and_ends_with_the_collector_on(make_workbook, demo):
    code = (
        "import gc, json, sys; from gikxl import runtime; from gikxl.__main__ import entrypoint\n"
        "seen = []; run = runtime.require_polars\n"
        "runtime.require_polars = lambda: seen.append(gc.isenabled()) or run()\n"  # called as the check starts
        "sys.argv = ['gikxl', 'check', sys.argv[1]]\n"
        "try:\n    entrypoint()\nexcept SystemExit as exc:\n    seen.append(exc.code)\n"
        "print(json.dumps(seen + [gc.isenabled(), gc.get_freeze_count() > 0]))"
    )
    assert _gc_states(code, str(make_workbook(demo))) == [False, 0, True, True]


def test_an_audit_from_the_command_line_collects_as_usual(make_workbook, demo, tmp_path):
    """A batch runs long: the command line resumes the collector when an audit starts."""
    units = tmp_path / "units"
    units.mkdir()
    make_workbook(demo).rename(units / "a.xlsm")
    code = (
        "import gc, json, sys; from gikxl.__main__ import entrypoint\n"
        "runs = []; gc.callbacks.append(lambda phase, info: phase == 'stop' and runs.append(info['generation']))\n"
        "sys.argv = ['gikxl', 'audit', sys.argv[1], '--jobs', '1']\n"
        "try:\n    entrypoint()\nexcept SystemExit as exc:\n    status = exc.code\n"
        "print(json.dumps([status, len(runs) > 0]))"
    )
    assert _gc_states(code, str(units)) == [0, True]
