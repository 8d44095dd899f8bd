"""``gikxl audit``: every unit report in a folder checked at once, for the office that collects them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gikxl.text import safe_text

if TYPE_CHECKING:
    from gikxl.audit.worker import UnitResult


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("应为正整数")
    return value


_positive.__name__ = "正整数"  # argparse names the type in its message


def register(sub) -> None:
    p = sub.add_parser(
        "audit", help="审核一个文件夹中各单位的年报，生成汇总工作簿和网页",
        description="逐一校验文件夹（含子文件夹）中各单位的年报工作簿和已发布的报告，"
                    "生成 年报审核汇总.xlsx 和 年报审核汇总.html，并汇总三张统计表。各文件本身不会被修改。",
        epilog="退出码：0 全部通过；1 有单位有错误、无法读取、重复或未提交；2 文件夹或参数无法使用。",
    )
    p.add_argument("folder", type=Path, metavar="文件夹", help="存放各单位年报的文件夹")
    p.add_argument("-o", "--output", type=Path, metavar="输出文件夹", help="汇总文件的存放位置（默认：要审核的文件夹）")
    p.add_argument("--previous-dir", type=Path, metavar="上年文件夹",
                   help="上一年度各单位年报所在的文件夹，按机关名称配对，用于跨年度核对")
    p.add_argument("--expect", type=Path, metavar="应报单位名单",
                   help="应报单位名单（.xlsx 第一列，或 .txt 每行一个单位），未提交的单位单独列出")
    p.add_argument("--jobs", type=_positive, metavar="进程数", help="同时校验的进程数（默认：处理器核数）")
    p.add_argument("--timeout", type=_positive, default=60, metavar="秒", help="每个文件最长处理时间（默认 60 秒）")
    p.add_argument("--thresholds", type=Path, metavar="阈值文件",
                   help="标记单位的纠错率阈值（.txt 每行“红色 = 15%%”“黄色 = 10%%”，或同样键的 .json；"
                        "默认红色 15%%、黄色 10%%）")
    p.add_argument("--picture", action="store_true",
                   help="另生成汇总数字的“一图读懂”（一图读懂.svg 和 一图读懂.png），数字为三张统计表的汇总")
    p.add_argument("--json", action="store_true", help="以 JSON 输出审核结果（供其他程序使用）")
    p.set_defaults(run=run)


class _Progress:
    """A progress bar with the count and the file just done, on a terminal only (tqdm, on stderr)."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, total: int, result: UnitResult) -> None:
        if self.bar is None:
            if not sys.stderr.isatty():
                return
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: nothing runs behind the audit's back
            self.bar = tqdm(total=total, unit="份", desc="审核", file=sys.stderr, dynamic_ncols=True, leave=True)
        self.bar.set_postfix_str(safe_text(result.file)[-40:], refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(args: argparse.Namespace) -> int:
    from gikxl.runtime import resume_collector

    # A batch runs long and its rows add up: the garbage collector works as usual (paused by
    # gikxl.__main__ for one-off commands).
    resume_collector()
    from gikxl.audit.indicators import read_thresholds
    from gikxl.audit.pool import Limits
    from gikxl.audit.poster import has_poster
    from gikxl.audit.run import HTML_NAME, PICTURE_NAMES, XLSX_NAME, run_audit
    from gikxl.audit.summary import STATUSES
    from gikxl.cli.check import json_text

    out_dir = args.output or args.folder
    # Read before the batch: a bad file stops the command before minutes of checking.
    thresholds = read_thresholds(args.thresholds) if args.thresholds else None
    progress = _Progress()
    try:
        audit, _ = run_audit(args.folder, out_dir, previous_dir=args.previous_dir, expect=args.expect,
                             jobs=args.jobs, limits=Limits(seconds=args.timeout), progress=progress,
                             thresholds=thresholds, picture=args.picture)
    finally:
        progress.close()
    pictures = [out_dir / name for name in PICTURE_NAMES.values()] if args.picture and has_poster(audit) else []
    if args.json:
        data = audit.to_json()
        if args.picture:
            data["pictures"] = [str(p) for p in pictures]
        sys.stdout.write(json_text(data) + "\n")
    else:
        counts = "，".join(f"{s} {audit.number(s)}" for s in STATUSES if audit.number(s))
        print(f"审核了 {sum(1 for r in audit.rows if r.file)} 个文件：{counts}。")
        print(f"汇总：{safe_text(out_dir / XLSX_NAME)}")
        print(f"网页：{safe_text(out_dir / HTML_NAME)}")
        for path in pictures:
            print(f"一图读懂：{safe_text(path)}")
        if args.picture and not pictures:
            print("没有可以计入汇总的单位，未生成一图读懂。")
        marks = [audit.mark(r) for r in audit.rows]
        if any(marks):
            print(f"纠错率超过阈值的单位：红色 {marks.count('red')} 个，"
                  f"黄色 {marks.count('yellow')} 个（见“指标”表）。")
    return audit.exit_code
