"""The Chinese text the ribbon module shows, and its ASCII spelling in VBA.

VBA source is stored in the project's legacy code page, so
``src/GikxlRibbon.bas`` stays ASCII and spells Chinese with ``ChrW``. The
text is kept here, one ``Private Function <name>() As String`` per entry of
:data:`VBA_FUNCTIONS`; ``python -m gikxl.template.vba.messages`` prints those
functions to paste into the .bas. The .bas is the source of truth; a test
checks that each function's ``ChrW`` codes decode to its text here, and that
each :data:`ENGLISH` line (what a message box says on a Windows whose code
page has no Chinese) is in the .bas.
"""

from __future__ import annotations

from gikxl.template.vba.ribbon import TAB_LABEL

__all__ = [
    "ADDIN_MISSING_MESSAGE",
    "ADDIN_MISSING_TITLE",
    "BAD_PATH_MESSAGE",
    "ENGLISH",
    "IMPORT_FILTER",
    "IMPORT_TITLE",
    "INTERPRETER_MISSING_MESSAGE",
    "PYTHON_FAILED_MESSAGE",
    "RUN_FAILED_MESSAGE",
    "VBA_FUNCTIONS",
    "vba_assignment",
    "vba_function",
    "vba_pieces",
]

#: Title of the message box (the ribbon tab's name).
ADDIN_MISSING_TITLE = TAB_LABEL

#: Shown when ``xlwings.xlam!RunPython`` cannot be run (add-in not installed).
ADDIN_MISSING_MESSAGE = (
    "无法运行 Python：Excel 中没有找到 xlwings 加载项。\n"
    "\n"
    "请按以下步骤处理：\n"
    "1. 安装 Python 和 gikxl；\n"
    "2. 打开“命令提示符”，运行：gikxl install\n"
    "   （也可以运行 xlwings addin install 安装 xlwings 加载项）；\n"
    "3. 关闭并重新打开 Excel，再点一次按钮。\n"
    "\n"
    "如需帮助，请联系本单位信息化工作人员。"
)

#: Shown when the add-in is loaded but ``RunPython`` itself fails (Excel's error follows it).
RUN_FAILED_MESSAGE = (
    "调用 Python 时出错，操作未完成。您填写的数据没有被改动。\n"
    "\n"
    "请打开“命令提示符”运行 gikxl doctor，按它的提示处理；\n"
    "仍不能解决时，请把本提示截图发给本单位信息化工作人员。"
)

#: Shown instead of xlwings' "Could not find Interpreter!" (the path follows it).
INTERPRETER_MISSING_MESSAGE = (
    "找不到 xlwings 设置要启动的 Python，操作未完成。您填写的数据没有被改动。\n"
    "\n"
    "可能是 Python 被卸载、升级或移动了位置。请打开“命令提示符”运行 gikxl doctor 检查，\n"
    "再运行 gikxl install 重新设置；仍不能解决时，请把本提示截图发给本单位信息化工作人员。\n"
    "\n"
    "设置中的 Python："
)

#: Shown after xlwings' own (English) error window when Python started but failed before gikxl could speak.
PYTHON_FAILED_MESSAGE = (
    "Python 已启动，但没能运行 gikxl，操作未完成。您填写的数据没有被改动。\n"
    "（前一个英文窗口是 xlwings 显示的出错详情。）\n"
    "\n"
    "常见原因：xlwings 启动的 Python 中没有安装 gikxl，或安装不完整。\n"
    "请打开“命令提示符”运行 gikxl doctor，按它的提示处理；\n"
    "仍不能解决时，请把本提示和前一个窗口截图发给本单位信息化工作人员。"
)

#: Shown when the file picked for 从上年报告导入 has a name no real Windows file has.
BAD_PATH_MESSAGE = "所选文件的路径中含有不能使用的字符（引号或控制字符），请把文件改名或换一个文件夹后再试。"

#: Title of the file dialog of 从上年报告导入 (Excel's dialog is Unicode: no English twin needed).
IMPORT_TITLE = "选择上一年的年报工作簿或已发布的年度报告"

#: ``Application.GetOpenFilename`` filter: description, patterns; pairs separated by commas.
IMPORT_FILTER = (
    "年报工作簿 (*.xlsm;*.xlsx),*.xlsm;*.xlsx,"
    "已发布的年度报告 (*.docx;*.pdf;*.html;*.htm;*.txt),*.docx;*.pdf;*.html;*.htm;*.txt"
)

#: What a message box says on a Windows whose code page cannot show Chinese (MsgBox is not Unicode).
ENGLISH = {
    "GikAddinMissingMessage": "The xlwings add-in is not loaded in Excel. Please run: gikxl install",
    "GikRunFailedMessage": "Calling Python failed; nothing was changed. Please run: gikxl doctor",
    "GikInterpreterMissingMessage": "The Python that xlwings is set to start was not found. Please run: gikxl doctor",
    "GikPythonFailedMessage": "Python started but could not run gikxl; nothing was changed. Please run: gikxl doctor",
    "GikBadPathMessage": "The file path contains characters that cannot be used. Please rename the file.",
}

#: VBA function name -> the text it returns (``Private Function <name>() As String`` in the .bas).
VBA_FUNCTIONS = {
    "GikAddinMissingMessage": ADDIN_MISSING_MESSAGE,
    "GikRunFailedMessage": RUN_FAILED_MESSAGE,
    "GikInterpreterMissingMessage": INTERPRETER_MISSING_MESSAGE,
    "GikPythonFailedMessage": PYTHON_FAILED_MESSAGE,
    "GikBadPathMessage": BAD_PATH_MESSAGE,
    "GikImportTitle": IMPORT_TITLE,
    "GikImportFilter": IMPORT_FILTER,
    "GikTitle": ADDIN_MISSING_TITLE,
}


def vba_pieces(text: str) -> list[str]:
    """``text`` as VBA expression pieces: string literals, ``ChrW(...)``, ``vbCrLf``.

    Printable ASCII runs become literals (quotes doubled); each other
    character becomes ``ChrW(&Hxxxx)``, with the Long suffix ``&`` from
    0x8000 up so the literal is not read as a negative Integer.
    """
    pieces: list[str] = []
    run = ""
    for ch in text:
        if " " <= ch <= "~":
            run += ch
            continue
        if run:
            pieces.append('"' + run.replace('"', '""') + '"')
            run = ""
        if ch == "\n":
            pieces.append("vbCrLf")
        else:
            code = ord(ch)
            if code > 0xFFFF:
                raise ValueError(f"ChrW cannot spell {ch!r} (outside the BMP)")
            pieces.append(f"ChrW(&H{code:04X}{'&' if code >= 0x8000 else ''})")
    if run:
        pieces.append('"' + run.replace('"', '""') + '"')
    return pieces


def vba_assignment(var: str, text: str, per_line: int = 6, indent: str = "    ") -> list[str]:
    """VBA statements building ``text`` into the String variable ``var``.

    One statement per line (no line continuations, which VBA limits to 24 per
    statement): ``var = a & b ...`` then ``var = var & c & d ...``.
    """
    pieces = vba_pieces(text)
    lines = []
    for i in range(0, len(pieces), per_line):
        head = f"{var} = " if i == 0 else f"{var} = {var} & "
        lines.append(indent + head + " & ".join(pieces[i : i + per_line]))
    return lines


def vba_function(name: str, text: str) -> str:
    """The whole ``Private Function name() As String`` returning ``text`` (CRLF lines)."""
    lines = [f"Private Function {name}() As String", "    Dim s As String"]
    lines += vba_assignment("s", text)
    lines += [f"    {name} = s", "End Function"]
    return "\r\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a maintainer's helper
    for name, text in VBA_FUNCTIONS.items():
        print(f"' {name}: gikxl/template/vba/messages.py\n{vba_function(name, text)}", end="\n\n")
