"""The Chinese text the ribbon module shows, and its ASCII spelling in VBA.

VBA source is stored in the project's legacy code page, so
``src/GikxlRibbon.bas`` stays ASCII and spells Chinese with ``ChrW``. The
text is kept here; :func:`vba_assignment` prints the VBA lines to paste into
the .bas (``python -m gikxl.template.vba.messages``). The .bas is the source of truth;
a test checks that its ``ChrW`` codes decode to :data:`ADDIN_MISSING_MESSAGE`.
"""

from __future__ import annotations

from gikxl.template.vba.ribbon import TAB_LABEL

__all__ = ["ADDIN_MISSING_MESSAGE", "ADDIN_MISSING_TITLE", "RUN_FAILED_MESSAGE", "vba_assignment", "vba_pieces"]

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
    "请确认本机已运行过 gikxl install，并且 Python 中已安装 gikxl；\n"
    "仍不能解决时，请把本提示截图发给本单位信息化工作人员。"
)


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


if __name__ == "__main__":  # pragma: no cover - a maintainer's helper
    for text in (ADDIN_MISSING_MESSAGE, RUN_FAILED_MESSAGE, ADDIN_MISSING_TITLE):
        print("\n".join(vba_assignment("s", text)), end="\n\n")
