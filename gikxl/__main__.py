"""The ``gikxl`` command line: ``main(argv) -> int``.

Each command lives in ``gikxl/cli/<command>.py`` with ``register(subparsers)``
and ``run(args) -> int``. Command modules import their heavy dependencies
inside ``run`` so that ``gikxl --help`` and every start stay quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from gikxl import __version__
from gikxl.cli import chinese_argparse, handle_errors
from gikxl.runtime import collector_paused

#: Command modules in the order ``gikxl --help`` lists them (``imports`` holds ``gikxl import``).
COMMANDS = ("new", "imports", "check", "report", "audit", "serve", "demo", "checks", "install", "doctor")


def command_module(name: str) -> str | None:
    """The module of command ``name`` (``None`` if there is none): ``gikxl import`` is in ``imports``."""
    module = "imports" if name == "import" else name
    return module if module in COMMANDS else None


def main_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command in module ``only`` alone.

    ``gikxl --help`` and a mistyped command need them all (to list them); a
    run needs its own, and leaves the other commands' modules unimported.
    """
    chinese_argparse()
    parser = argparse.ArgumentParser(
        prog="gikxl",
        description="政府信息公开工作年度报告：生成模板、校验、生成报告。",
        epilog="退出码：0 正常；1 发现错误；2 文件无法使用或参数有误。",
    )
    parser.add_argument("--version", action="version", version=f"gikxl {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMANDS if only is None else (only,):
        try:
            module = importlib.import_module(f"gikxl.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"gikxl.cli.{name}":
                raise
            continue  # a command still being built
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = main_parser(command_module(argv[0]) if argv else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    with handle_errors() as status:
        status.code = args.run(args)
    return status.code


def entrypoint() -> None:
    # One command, then the process ends: no garbage collection while it imports and runs
    # (gikxl.runtime.pause_collector says why; a long ``gikxl audit`` resumes it).
    with collector_paused():
        status = main()
    sys.exit(status)


if __name__ == "__main__":
    entrypoint()
