"""The Excel buttons: thin entry points over the core, run by xlwings' ``RunPython``.

The ribbon of the template (see :mod:`gikxl.template.vba`) calls::

    import gikxl.excel; gikxl.excel.validate()
    import gikxl.excel; gikxl.excel.generate_report()
    import gikxl.excel; gikxl.excel.show_help()

Each acts on ``xlwings.Book.caller()``. They read the workbook through
:mod:`gikxl.workbook.xlbook`, check it with :func:`gikxl.checks.engine.run_checks`, and show
the findings with :mod:`gikxl.excel.marks` (cell colours, a 校验结果 sheet); they
never write into a cell the clerk fills. Whatever goes wrong ends in a
Chinese message box and, for an unexpected failure, a log file — never a
Python traceback window.

Everything here also runs on xlwings' remote engine (``xw.Book(json=...)``),
which the tests use: there, reads see the workbook as it was when the button
was pressed, cell fills cannot be read, and a message box cannot return the
button the clerk pressed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gikxl.excel import marks
from gikxl.template.vba.ribbon import TAB_LABEL

if TYPE_CHECKING:
    from gikxl.checks.findings import Report
    from gikxl.workbook.model import AnnualReport

__all__ = ["generate_report", "help_text", "output_folder", "show_help", "validate"]

TITLE_VALIDATE = "校验结果"
TITLE_REPORT = "生成报告"
TITLE_HELP = "使用帮助"
#: Folder made under the user's Documents when the workbook has no folder of its own.
FALLBACK_FOLDER = TAB_LABEL

#: Report formats written by 生成报告, in the order listed to the clerk; then the 一图读懂 beside them.
REPORT_FORMATS = ("docx", "html")
POSTER_FORMATS = ("png", "svg")


# Entry points ---------------------------------------------------------------

def validate() -> None:
    """校验: check the calling workbook, colour the cells with findings, list them on 校验结果."""
    with _entry(TITLE_VALIDATE) as run:
        book = run.book = _caller()
        outcome = _validate(book)
        text = marks.alert_text(outcome.findings, len(outcome.plan.paint) - outcome.unpainted)
        if outcome.unpainted:
            text += (f"\n\n有 {outcome.unpainted} 个单元格无法着色（工作表可能设置了密码保护），"
                     f"请以“{marks.RESULTS_SHEET}”工作表为准。")
        _alert(book, text, TITLE_VALIDATE)


def generate_report() -> None:
    """生成报告: validate, ask whether to go on when errors remain, write Word and HTML next to the workbook."""
    with _entry(TITLE_REPORT) as run:
        book = run.book = _caller()
        outcome = _validate(book)
        errors = outcome.findings.errors
        templates = _office_templates(book.fullname)  # named in both messages, as the CLI does
        if errors:
            answer = book.app.alert(_confirm_text(errors, templates), TITLE_REPORT, "yes_no", "critical")
            if answer is None:
                # The engine cannot wait for the clerk (xlwings Server/Lite): do not guess.
                _alert(book, f"发现 {errors} 个错误，报告未生成。\n请按“{marks.RESULTS_SHEET}”工作表逐条改正后，"
                             "再点“生成报告”。", TITLE_REPORT)
                return
            if answer != "yes":
                return
        folder, own = output_folder(book.fullname)
        paths = write_reports(outcome.report, folder, templates)
        _alert(book, _done_text(paths, folder, own, errors, templates), TITLE_REPORT)


def show_help() -> None:
    """帮助: a short guide in a message box."""
    with _entry(TITLE_HELP) as run:
        book = run.book = _caller()
        _alert(book, help_text(), TITLE_HELP)


# Validation -----------------------------------------------------------------

@dataclass
class Outcome:
    """What one validation found and did."""

    report: AnnualReport
    findings: Report
    plan: marks.Plan
    unpainted: int = 0
    """Cells whose fill could not be changed (a sheet protected against formatting)."""


def _validate(book: Any) -> Outcome:
    """Read, check, and show the findings in the workbook (colours, 校验结果, memory of marks)."""
    from gikxl.checks.engine import run_checks
    from gikxl.workbook.xlbook import report_from_book, sheet_values

    # Read everything first: on the remote engine reads never see this run's writes.
    report = report_from_book(book)
    findings = run_checks(report)
    sheets = {s.name: s for s in book.sheets}
    active = book.sheets.active.name
    previous = marks.read_marks(sheet_values(book, marks.MARKS_SHEET))
    remembered = {(s.sheet, s.cell) for s in previous}
    new_cells = [w for w in marks.paint_colours(findings) if w not in remembered]
    plan = marks.plan(findings, previous, _current_fills(book, new_cells))

    with _screen_frozen(book):
        unpainted = _apply_fills(book, plan)
        results = _write_results(book, sheets, findings)
        _write_memory(book, sheets, plan)
        (results if findings else book.sheets[active]).activate()
    return Outcome(report, findings, plan, unpainted)


def _current_fills(book: Any, cells: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Any] | None:
    """The cells' fills now, or ``None`` when the engine cannot read fills (remote)."""
    out = {}
    for sheet, cell in cells:
        try:
            out[(sheet, cell)] = book.sheets[sheet].range(cell).color
        except NotImplementedError:
            return None
        except Exception:  # noqa: BLE001 - unreadable: the template fill will do
            continue
    return out


def _apply_fills(book: Any, plan: marks.Plan) -> int:
    """Put back the fills of fixed cells and colour the cells with findings; the number of cells marked in vain."""
    for saved in plan.restore:
        _set_fill(book, saved.sheet, saved.cell, saved.restore)
    return sum(not _set_fill(book, sheet, cell, colour) for (sheet, cell), colour in plan.paint.items())


def _set_fill(book: Any, sheet: str, cell: str, colour: str | None) -> bool:
    """Whether the fill could be set (not on a sheet protected against formatting, or renamed)."""
    try:
        book.sheets[sheet].range(cell).color = colour
    except Exception:  # noqa: BLE001 - the 校验结果 sheet still lists the finding
        return False
    return True


def _write_results(book: Any, sheets: dict[str, Any], findings: Report) -> Any:
    """Create or clear the 校验结果 sheet and write the findings into it."""
    content = marks.results_sheet(findings, _now())
    sheet = sheets.get(marks.RESULTS_SHEET)
    if sheet is None:
        sheet = book.sheets.add(marks.RESULTS_SHEET, after=book.sheets[len(book.sheets) - 1])
    else:
        sheet.clear()
    sheet.range("A1").value = content.values
    header = marks.RESULTS_HEADER_ROW
    sheet.range((1, 1)).font.bold = True
    sheet.range((header, 1), (header, len(marks.RESULTS_HEADER))).font.bold = True
    sheet.range((header, 1), (header, len(marks.RESULTS_HEADER))).color = "#D9E1F2"
    if findings:
        first, last = content.first_row, content.first_row + len(findings) - 1
        sheet.range((first, 2), (last, 2)).formula = [[link] for link in content.links]
        for start, stop, colour in _runs(content.level_colours):
            sheet.range((first + start, 1), (first + stop - 1, 1)).color = colour
        sheet.range((first, 3), (last, 3)).wrap_text = True
        try:
            sheet.range((first, 1), (last, len(marks.RESULTS_HEADER))).vertical_alignment = "top"
        except NotImplementedError:  # clients without alignment (xlwings' Office Scripts client)
            pass
    for j, width in enumerate(marks.RESULTS_WIDTHS, start=1):
        sheet.range((1, j)).column_width = width
    if findings:
        sheet.range((first, 1), (last, len(marks.RESULTS_HEADER))).rows.autofit()  # wrapped messages
    return sheet


def _now() -> dt.datetime:
    """The time stamped on 校验结果 (a function, so pictures and tests can fix it)."""
    return dt.datetime.now()


def _runs(items: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, stop, item)`` of each run of equal items: one call per run, not per cell."""
    runs: list[tuple[int, int, str]] = []
    for i, item in enumerate(items):
        if runs and runs[-1][2] == item and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1, item)
        else:
            runs.append((i, i + 1, item))
    return runs


def _write_memory(book: Any, sheets: dict[str, Any], plan: marks.Plan) -> None:
    """Remember the coloured cells on the hidden marks sheet (created only when needed)."""
    sheet = sheets.get(marks.MARKS_SHEET)
    if sheet is None:
        if not plan.saved:
            return
        sheet = book.sheets.add(marks.MARKS_SHEET, after=book.sheets[len(book.sheets) - 1])
        sheet.visible = False
    else:
        sheet.clear_contents()
    sheet.range("A1").value = marks.marks_rows(plan.saved)


@contextlib.contextmanager
def _screen_frozen(book: Any) -> Iterator[None]:
    """Excel does not redraw while the marks are written (a no-op where unsupported)."""
    app = book.app
    try:
        app.screen_updating = False
    except Exception:  # noqa: BLE001
        pass
    try:
        yield
    finally:
        try:
            app.screen_updating = True
        except Exception:  # noqa: BLE001
            pass


# Reports ----------------------------------------------------------------------

def output_folder(fullname: str) -> tuple[Path, bool]:
    """Where 生成报告 writes: the workbook's folder, and whether it is that folder.

    A workbook that has never been saved, lives online (a URL, the remote
    engine's bare name) or was opened straight from an e-mail or browser
    (a temporary folder) gets the user's Documents folder instead:
    ``文档\\政务公开年报`` — or the temporary folder if there is no Documents.
    """
    own = own_folder(fullname)
    if own is not None:
        return own, True
    folder = documents_folder() / FALLBACK_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    return folder, False


def own_folder(fullname: str) -> Path | None:
    """The workbook's own folder, when 生成报告 may write there (see :func:`output_folder`)."""
    path = Path(fullname) if fullname and "://" not in fullname else None
    if (path is not None and path.is_absolute() and path.parent.is_dir() and not _is_temporary(path.parent)
            and _writable(path.parent)):
        return path.parent
    return None


def documents_folder() -> Path:
    """The user's Documents (文档) folder, else the home folder, else the temporary folder."""
    home = Path.home()
    for candidate in (home / "Documents", home / "文档", home):
        if candidate.is_dir() and _writable(candidate):
            return candidate
    return Path(tempfile.gettempdir())


def _is_temporary(folder: Path) -> bool:
    """A folder Windows deletes behind the clerk's back (attachments opened from Outlook, downloads caches)."""
    text = str(folder).lower()
    if any(part in text for part in ("content.outlook", "inetcache", "temporary internet files", "content.mso")):
        return True
    try:
        return folder.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())
    except OSError:
        return False


def _writable(folder: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _office_templates(fullname: str) -> Path | None:
    """The office's 报告模板 folder beside the workbook; only a workbook in a folder of its own has one."""
    from gikxl.report import office_templates

    return office_templates(Path(fullname)) if own_folder(fullname) is not None else None


def write_reports(report: AnnualReport, folder: Path, templates: Path | None) -> list[Path]:
    """What 生成报告 writes into ``folder`` (in Excel, WPS and the page alike): the report as Word
    and as a web page, and its 一图读懂 as PNG and SVG."""
    from gikxl.report import output_name, write_report

    return [write_report(report, folder / output_name(report, fmt), templates)
            for fmt in (*REPORT_FORMATS, *POSTER_FORMATS)]


def _templates_line(templates: Path) -> str:
    """Says that the office's own templates shape the report, in the words of ``gikxl report``."""
    return f"使用本单位报告模板：{templates}"


def _confirm_text(errors: int, templates: Path | None = None) -> str:
    lines = [
        f"校验发现 {errors} 个错误（见“{marks.RESULTS_SHEET}”工作表，已标红）。",
        "有错误的报告不能直接公开发布。",
        "",
        "仍要生成报告吗？",
        "选“是”：照现在的数据生成，供内部核对；",
        "选“否”：先去改正错误。",
    ]
    if templates is not None:
        lines += ["", _templates_line(templates)]
    return "\n".join(lines)


def _done_text(paths: Sequence[Path], folder: Path, own: bool, errors: int, templates: Path | None = None) -> str:
    if own:
        lines = ["报告已生成，保存在工作簿所在的文件夹：", str(folder), ""]
    else:
        lines = ["报告已生成，保存在：", str(folder),
                 ("（本工作簿没有保存在本机的普通文件夹中，例如尚未保存、在网络位置或从邮件中直接打开，"
                  "所以报告放在这里。）"), ""]
    lines += [f"  {p.name}" for p in paths]
    if templates is not None:
        lines += ["", _templates_line(templates)]
    lines += ["", "Word 文件（.docx）用于印发和存档；网页文件（.html）可粘贴到政府网站；"
                  "“一图读懂”图片（.png，另有可编辑的 .svg）可随报告一并发布。"]
    if errors:
        lines += ["", f"注意：仍有 {errors} 个错误未改正，改正前请勿公开发布。"]
    return "\n".join(lines)


# Help -------------------------------------------------------------------------

def help_text() -> str:
    """The 帮助 button's text (with the versions, for whoever supports the clerk)."""
    from gikxl import __version__

    return (
        "【校验】检查各表填写和表间勾稽关系。有问题的单元格会着色"
        "（红色为错误，橙色为警告，蓝色为提示），逐条说明列在“校验结果”工作表，"
        "点击“位置”可跳到对应单元格。\n\n"
        "【生成报告】先校验，再按国务院办公厅规定的格式生成年度报告："
        "Word 文件、网页文件和“一图读懂”图片，保存在工作簿所在的文件夹。有错误时会先询问是否继续。\n\n"
        "填写要点：只在浅黄色单元格中填写；没有的填 0，不要写“无”“/”或“件”；"
        "灰色的合计由公式自动计算，不要改写。\n\n"
        "完整说明见《Excel 使用指南》（gikxl 文档 docs/excel-guide.md），"
        "或联系本单位信息化工作人员。\n\n"
        f"版本：gikxl {__version__}；Python {sys.version.split()[0]}"
    )


# Plumbing -----------------------------------------------------------------------

def _caller() -> Any:
    """The workbook whose button was pressed.

    ``xw.Book.caller()`` reads the workbook's name from ``--wb=<name>`` with
    ``split("=")[1]``, so ``年报=2025.xlsm`` becomes ``年报``; and the name
    travels through ``cmd.exe``, which expands ``%OS%`` in ``a%OS%.xlsm``.
    When xlwings cannot find the book, it is looked up again with the whole
    name, and failing that, Excel's active workbook is taken: RunPython sends
    ``ActiveWorkbook.Name``, and Excel stays busy until Python returns, so
    the clerk cannot have switched to another workbook in between.
    """
    import xlwings as xw

    try:
        return xw.Book.caller()
    except Exception:
        called = excel_call(sys.argv)
        if called is None:
            raise
        name, hwnd = called
        app = next((a for a in xw.apps if a.hwnd == hwnd), None)
        if app is None:
            raise
        return pick_caller(name, list(app.books), app.books.active)


def excel_call(argv: Sequence[str]) -> tuple[str, int] | None:
    """(workbook name, Excel's window handle) from the arguments RunPython adds, or None when not called so."""
    args = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    if args.get("from_xl") != "1" or "wb" not in args:
        return None
    try:
        return args["wb"].strip(), int(args.get("hwnd", "").strip())
    except ValueError:
        return None


def pick_caller(name: str, books: Sequence[Any], active: Any) -> Any:
    """The open book called ``name`` (Excel compares names case-insensitively), else the active one."""
    wanted = name.casefold()
    return next((b for b in books if b.name.casefold() == wanted), active)


@dataclass
class _Run:
    title: str
    book: Any = None


@contextlib.contextmanager
def _entry(title: str) -> Iterator[_Run]:
    """Turn every failure into a Chinese message box (and a log for the unexpected ones).

    In the fresh process xlwings starts for a click, the garbage collector rests
    until the button is done (:func:`gikxl.runtime.collector_paused`).
    """
    from gikxl.errors import GikxlError
    from gikxl.runtime import collector_paused

    run = _Run(title)
    try:
        with collector_paused():
            yield run
    except GikxlError as exc:
        _alert(run.book, f"{exc.message}", title, mode="critical")
    except Exception:  # noqa: BLE001 - the last line of defence for a clerk
        try:
            where = f"详细信息已写入日志文件：\n{_crash_log(run)}\n\n请把该日志文件发给本单位信息化工作人员或技术支持。"
        except OSError:  # not even a log could be written: the clerk still gets words, not a traceback
            where = "出错详情也无法写入日志文件，请联系本单位信息化工作人员或技术支持。"
        _alert(run.book, f"程序内部出错，操作未完成。\n\n{where}您填写的数据没有被改动。", title, mode="critical")


def _crash_log(run: _Run) -> Path:
    from gikxl import __version__
    from gikxl.files import write_crash_log

    path = write_crash_log()
    try:
        import xlwings

        xlwings_version = xlwings.__version__
    except Exception:  # noqa: BLE001
        xlwings_version = "?"
    try:
        name = run.book.fullname if run.book is not None else "(无)"
    except Exception:  # noqa: BLE001
        name = "(无法读取)"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\n按钮：{run.title}\n工作簿：{name}\ngikxl {__version__}；xlwings {xlwings_version}；"
                 f"Python {sys.version.split()[0]}（{sys.executable}）；{sys.platform}\n")
    return path


def _alert(book: Any, text: str, title: str, mode: str = "info") -> None:
    """A message box: through the workbook's Excel when there is one, else the system's."""
    if book is not None:
        try:
            book.app.alert(text, title, "ok", mode)
            return
        except Exception:  # noqa: BLE001 - fall through to the system message box
            pass
    if sys.platform.startswith("win"):
        try:
            import ctypes

            ctypes.windll.user32.MessageBoxW(None, text, title, 0x30 if mode == "critical" else 0x40)
            return
        except Exception:  # noqa: BLE001
            pass
    print(f"{title}：{text}", file=sys.stderr)

