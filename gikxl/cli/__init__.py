"""The command line: one module per command, and what they share.

Each command lives in ``gikxl/cli/<command>.py`` with ``register(subparsers)``
and ``run(args) -> int``; this module holds Chinese argparse and the error
handling that turns every failure into a Chinese message and an exit code.

May import: every other stage (it is the top, beside :mod:`gikxl.excel`),
always lazily inside ``run`` so that ``gikxl --help`` stays quick.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from gikxl.errors import GikxlError
from gikxl.files import write_crash_log
from gikxl.text import safe_text

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个参数值",
    "%(prog)s: error: %(message)s\n": "%(prog)s：参数有误：%(message)s\n",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
}


def chinese_argparse() -> None:
    """Make argparse speak Chinese: it looks its messages up through ``argparse._``."""
    argparse._ = lambda text: _ZH.get(text, text)  # type: ignore[attr-defined]


@dataclass
class Status:
    code: int = 0


@contextlib.contextmanager
def handle_errors() -> Iterator[Status]:
    """Turn exceptions into a Chinese message and an exit code, never a traceback."""
    status = Status()
    try:
        yield status
    except GikxlError as exc:
        # The message quotes file names and cell text: no terminal controls from them.
        print(f"错误：{safe_text(exc.message)}", file=sys.stderr)
        status.code = exc.exit_code
    except BrokenPipeError:
        # Output piped into `head`: stop quietly, and keep Python's final
        # flush of stdout from complaining about the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        status.code = 130
    except Exception:  # noqa: BLE001 - the last line of defence for a clerk
        try:
            said = (f"程序内部出错，已中止。详细信息已写入日志：{safe_text(write_crash_log())}\n"
                    "请把该日志文件发给技术支持人员。")
        except OSError:  # not even a log could be written: still no traceback
            said = "程序内部出错，已中止（出错详情也无法写入日志文件）。请联系技术支持人员。"
        print(said, file=sys.stderr)
        status.code = 3
