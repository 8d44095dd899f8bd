"""The Excel buttons on real xlwings objects (the remote engine, ``xw.Book(json=...)``).

A workbook is built by the real template builder, turned into the payload an
xlwings client sends (``tests/remote_book.py``), and the button is pressed
with ``Book.set_mock_caller()``. The actions xlwings records
(``book.json()["actions"]``) are what Excel would be told to do.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import docx
import xlwings as xw
from xlwings.pro import _xlremote

from checks_helpers import cell_findings
from gikxl import excel, spec
from gikxl.checks.findings import Finding, Severity
from gikxl.excel import marks
from gikxl.template import layout
from gikxl.workbook.xlbook import report_from_book
from remote_book import apply_actions, carry_sheets, payload_of, set_cell

#: Each test forgets its mock caller and writes fallback reports into a private home.
pytestmark = pytest.mark.usefixtures("no_mock_caller", "home")

TEMPLATE_SHEETS = len(spec.SHEET_ORDER)
T3_SHEET, T4_SHEET = spec.TABLE3.sheet, spec.TABLE4.sheet
#: The cells the broken example breaks: table 3's balance of 自然人 (pinned at 结转下年度) and a blank in table 4.
BALANCE_CELL = layout.block_cell(spec.T3, "carry_next", "natural")
BLANK_CELL = layout.block_cell(spec.T4, "count", "review_corrected")







@pytest.fixture
def broken(demo):
    """The example with one broken 勾稽关系 (one more 予以公开 from a 自然人) and one blank cell."""
    demo["gik_t3"][2][0] += 1
    demo["gik_t4"][0][1] = None
    return demo


def press(payload: dict, button) -> xw.Book:
    """Open ``payload`` as the calling workbook and press ``button``; returns the book."""
    book = xw.Book(json=copy.deepcopy(payload))  # xlwings mirrors some actions into its payload
    book.set_mock_caller()
    button()
    return book


def actions(book: xw.Book, func: str | None = None) -> list[dict]:
    return [a for a in book.json()["actions"] if func is None or a["func"] == func]


def a1(action: dict) -> str:
    return layout.column_letter(action["start_column"] + 1) + str(action["start_row"] + 1)


def names_of(book: xw.Book) -> list[str]:
    """Sheet names by position after the run (sheets added by the run included)."""
    return [s.name for s in book.sheets]


def coloured(book: xw.Book) -> dict[tuple[str, str], str]:
    """(sheet, A1) → colour of every cell coloured on the template's sheets."""
    names = names_of(book)
    return {
        (names[a["sheet_position"]], a1(a)): a["args"][0]
        for a in actions(book, "setRangeColor")
        if names[a["sheet_position"]] in spec.SHEET_ORDER
    }


def written(book: xw.Book, sheet: str) -> dict[str, object]:
    """A1 → value of every cell written on ``sheet`` (values and formulas)."""
    names = names_of(book)
    out = {}
    for a in actions(book):
        if a["func"] in ("setValues", "setFormula") and names[a["sheet_position"]] == sheet:
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    out[layout.column_letter(a["start_column"] + j + 1) + str(a["start_row"] + i + 1)] = v
    return out


def alerts(book: xw.Book) -> list[list]:
    return [a["args"] for a in actions(book, "alert")]


def test_validate_colours_exactly_the_cells_with_findings(make_workbook, broken):
    book = press(payload_of(make_workbook(broken)), excel.validate)
    assert coloured(book) == {BALANCE_CELL: "#FF9C9C", BLANK_CELL: "#FF9C9C"}


def test_validate_never_writes_into_the_template_sheets(make_workbook, broken):
    book = press(payload_of(make_workbook(broken)), excel.validate)
    names = names_of(book)
    writes = [a for a in actions(book) if a["func"] in (
        "setValues", "setFormula", "rangeClearContents", "rangeClear", "sheetClear", "sheetClearContents",
        "rangeClearFormats", "setNumberFormat", "addNote", "addComment")]
    assert writes
    assert {names[a["sheet_position"]] for a in writes} <= {marks.RESULTS_SHEET, marks.MARKS_SHEET}
    on_template = {a["func"] for a in actions(book)
                   if a["sheet_position"] is not None and names[a["sheet_position"]] in spec.SHEET_ORDER}
    assert on_template == {"setRangeColor"}


def test_validate_lists_the_findings_on_the_results_sheet(make_workbook, broken):
    book = press(payload_of(make_workbook(broken)), excel.validate)
    assert [a["args"][1] for a in actions(book, "addSheet")] == [marks.RESULTS_SHEET, marks.MARKS_SHEET]
    cells = written(book, marks.RESULTS_SHEET)
    assert cells["A1"].startswith("校验时间：") and cells["A1"].endswith("共发现 2 个错误、0 个警告")
    assert [cells[f"{c}3"] for c in "ABCDE"] == list(marks.RESULTS_HEADER)
    rows = {cells[f"E{r}"]: [cells[f"{c}{r}"] for c in "ABCD"] for r in (4, 5)}
    assert set(rows) == {"T3-BALANCE", "CELL-BLANK"}
    level, place, message, expected = rows["T3-BALANCE"]
    assert (level, expected) == ("错误", 1)
    assert "勾稽关系不平衡" in message and "自然人" in message
    sheet, cell = BALANCE_CELL
    assert place == f'=HYPERLINK("#\'{sheet}\'!{cell}","{sheet}!{cell}")'  # the formula came last
    assert rows["CELL-BLANK"][0] == "错误" and rows["CELL-BLANK"][1].endswith(f"!{BLANK_CELL[1]}\")")
    fills = [(a["start_row"], a["row_count"], a["args"][0]) for a in actions(book, "setRangeColor")
             if names_of(book)[a["sheet_position"]] == marks.RESULTS_SHEET and a["start_column"] == 0]
    assert (3, 2, "#FF9C9C") in fills  # the 级别 cells of both findings, in one run
    # The results sheet is shown, the marks sheet hidden.
    names = names_of(book)
    assert names[actions(book, "activateSheet")[-1]["sheet_position"]] == marks.RESULTS_SHEET
    hidden = actions(book, "setSheetVisibility")
    assert [(names[a["sheet_position"]], a["args"]) for a in hidden] == [(marks.MARKS_SHEET, ["Hidden"])]


def test_validate_says_what_it_found(make_workbook, broken):
    book = press(payload_of(make_workbook(broken)), excel.validate)
    (prompt, title, buttons, _, _), = alerts(book)
    assert title == "校验结果" and buttons == "ok"
    assert prompt.startswith("校验完成：共发现 2 个错误、0 个警告。")
    assert "2 个单元格" in prompt and "“校验结果”工作表" in prompt


def test_second_run_restores_the_cells_that_were_fixed_and_nothing_else(make_workbook, broken):
    """Run, let the clerk fix a cell (Excel recalculates the totals), run again, and so on."""
    first = payload_of(make_workbook(broken, "1.xlsm"))
    book = press(first, excel.validate)
    broken["gik_t4"][0][1] = 0  # the clerk fills the blank cell
    second = carry_sheets(payload_of(make_workbook(broken, "2.xlsm")), apply_actions(first, book.json()["actions"]))
    book = press(second, excel.validate)
    assert coloured(book) == {BLANK_CELL: marks.INPUT_COLOUR, BALANCE_CELL: "#FF9C9C"}
    assert not actions(book, "addSheet")
    names = names_of(book)
    assert {names[a["sheet_position"]] for a in actions(book, "sheetClear")} == {marks.RESULTS_SHEET}
    memory = written(book, marks.MARKS_SHEET)
    assert (memory["A3"], memory["B3"], memory["C3"]) == (*BALANCE_CELL, marks.INPUT_COLOUR)
    assert "A4" not in memory
    assert written(book, marks.RESULTS_SHEET)["A1"].endswith("共发现 1 个错误、0 个警告")

    # Fixed completely: the last mark goes, the memory is emptied, nothing else is touched.
    broken["gik_t3"][2][0] -= 1
    third = carry_sheets(payload_of(make_workbook(broken, "3.xlsm")), apply_actions(second, book.json()["actions"]))
    book = press(third, excel.validate)
    assert coloured(book) == {BALANCE_CELL: marks.INPUT_COLOUR}
    assert written(book, marks.MARKS_SHEET) == {
        "A1": marks.MARKS_TITLE, "B1": "", "C1": "", "A2": "工作表", "B2": "单元格", "C2": "原填充色"}
    assert alerts(book)[0][0].startswith("校验完成，没有发现问题")


def test_clean_workbook_colours_nothing(make_workbook, demo):
    payload = payload_of(make_workbook(demo), active_sheet=3)
    book = press(payload, excel.validate)
    assert coloured(book) == {}
    assert [a["args"][1] for a in actions(book, "addSheet")] == [marks.RESULTS_SHEET]  # no marks sheet
    cells = written(book, marks.RESULTS_SHEET)
    assert cells["A1"].endswith("共发现 0 个错误、0 个警告") and "没有发现问题" in cells["A2"]
    names = names_of(book)
    assert names[actions(book, "activateSheet")[-1]["sheet_position"]] == spec.SHEET_ORDER[3]
    assert alerts(book)[0][0].startswith("校验完成，没有发现问题")


def test_book_reads_like_the_file(make_workbook, broken):
    """The xlwings reader gives the same model as the file reader (dates, blanks, figures).

    Totals differ by design where a part is blank: Excel sends the value its
    ``=SUM`` shows (blank counts as 0), the file reader recomputes it as unknown.
    """
    from gikxl.workbook import read_report

    path = make_workbook(broken)
    from_file = read_report(path)
    from_book = report_from_book(xw.Book(json=payload_of(path)))
    assert from_book.fields == from_file.fields
    assert from_book.date == dt.date(2026, 3, 20)
    for key, block in spec.BLOCKS.items():
        for r in block.rows:
            for c in block.cols:
                if not block.is_derived(r.key, c.key):
                    assert from_book.value(key, r.key, c.key) == from_file.value(key, r.key, c.key)
    assert from_book.to_dict()["tables"]["t3"] == from_file.to_dict()["tables"]["t3"]
    assert [(f.code, f.cell) for f in cell_findings(from_book)] == [("CELL-BLANK", BLANK_CELL[1])]


def test_formulas_are_told_where_the_engine_can_read_them():
    """Excel on the desktop reads formulas: a total typed over becomes a typed constant, as in a file."""
    from gikxl.workbook.xlbook import formula_flags

    class DesktopRange:
        formula = (("=SUM(A1:B1)", "3"), ("", "=A1"))

    class RemoteRange:
        @property
        def formula(self):
            raise NotImplementedError

    assert formula_flags(DesktopRange(), (2, 2)) == [[True, False], [False, True]]
    assert formula_flags(RemoteRange(), (2, 2)) is None
    assert formula_flags(DesktopRange(), (1, 2)) is None  # not the shape asked for: cannot tell


def test_error_values_and_typed_text_keep_their_own_messages(make_workbook, demo):
    payload = payload_of(make_workbook(demo))
    sheet, cell = layout.block_cell(spec.T3, "new", "business")
    set_cell(payload, sheet, cell, "#REF!")
    sheet2, cell2 = layout.block_cell(spec.T3, "new", "research")
    set_cell(payload, sheet2, cell2, "3件")
    faults = {f.cell: f.code for f in cell_findings(report_from_book(xw.Book(json=payload)))}
    assert faults == {cell: "CELL-ERROR", cell2: "CELL-UNIT"}


def test_cells_that_cannot_be_coloured_are_owned_up_to(make_workbook, broken, monkeypatch):
    """A sheet protected with a password and no formatting rights: the list still holds every finding."""
    original = _xlremote.Range.color

    def refuse_on_table4(self, value):
        if self.sheet.name == T4_SHEET:
            raise RuntimeError("protected")
        original.fset(self, value)

    monkeypatch.setattr(_xlremote.Range, "color", property(original.fget, refuse_on_table4))
    book = press(payload_of(make_workbook(broken)), excel.validate)
    assert coloured(book) == {BALANCE_CELL: "#FF9C9C"}
    prompt = alerts(book)[0][0]
    assert "已在 1 个单元格上着色" in prompt and "有 1 个单元格无法着色" in prompt
    assert written(book, marks.RESULTS_SHEET)["E5"] in ("CELL-BLANK", "T3-BALANCE")


def test_unusable_workbook_gets_a_clear_message_and_no_changes(make_workbook, demo):
    payload = payload_of(make_workbook(demo))
    payload["names"] = [n for n in payload["names"] if n["name"] != spec.T3.name]
    book = press(payload, excel.validate)
    assert [a["func"] for a in actions(book)] == ["alert"]
    prompt, title, _, mode, _ = alerts(book)[0]
    assert "缺少定义名称 gik_t3" in prompt and mode == "critical" and title == "校验结果"


def test_a_name_stretched_over_the_whole_sheet_is_refused_at_once(make_workbook, demo):
    # The shape must come from the range's corners: listing the addresses of
    # A1:XFD1048576 first would mean some 17 billion of them.
    import time

    from gikxl.errors import UnusableWorkbook

    path = make_workbook(demo)
    payload = payload_of(path)
    (t3,) = [n for n in payload["names"] if n["name"] == spec.T3.name]
    t3.update(address="A1:XFD1048576", refers_to=f"='{T3_SHEET}'!$A$1:$XFD$1048576")
    start = time.perf_counter()
    with pytest.raises(UnusableWorkbook) as info:
        report_from_book(xw.Book(json=payload))
    assert time.perf_counter() - start < 0.5
    rows, cols = spec.T3.shape
    assert str(info.value) == (
        f"工作簿“{path.name}”的定义名称 gik_t3 范围是 1048576×16384，应为 {rows}×{cols}。"
        "模板可能被改动过，请用新模板重新填报。"
    )


def test_unexpected_failure_ends_in_a_message_and_a_log(make_workbook, demo, monkeypatch, tmp_path):
    import tempfile

    from gikxl.checks import engine

    def broken_checks(report, previous=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "run_checks", broken_checks)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the user's own log folder
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "state"))
    book = press(payload_of(make_workbook(demo)), excel.validate)
    prompt, _, _, mode, _ = alerts(book)[0]
    assert prompt.startswith("程序内部出错") and mode == "critical"
    log = Path(prompt.split("日志文件：\n")[1].split("\n")[0])
    assert log.is_file() and log.parent == tmp_path / "state" / "gikxl" / "logs"
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: boom" in text and "按钮：校验结果" in text
    assert not any(a["func"] == "setRangeColor" for a in actions(book))


# 生成报告 ---------------------------------------------------------------------

@pytest.fixture
def answer(monkeypatch):
    """Make the remote engine's message box answer like a clerk on the desktop would."""
    original = _xlremote.App.alert

    def set_answer(reply: str):
        def alert(self, prompt, title, buttons, mode, callback):
            original(self, prompt, title, buttons, mode, callback)  # still recorded as an action
            return reply if buttons == "yes_no" else "ok"

        monkeypatch.setattr(_xlremote.App, "alert", alert)

    return set_answer


def reports_in(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.suffix in (".docx", ".html", ".png", ".svg"))


def test_report_with_errors_answered_no_writes_nothing(make_workbook, broken, answer, home):
    answer("no")
    book = press(payload_of(make_workbook(broken)), excel.generate_report)
    (prompt, title, buttons, _, _), = alerts(book)
    assert (title, buttons) == ("生成报告", "yes_no")
    assert "发现 2 个错误" in prompt and "仍要生成报告吗" in prompt
    assert reports_in(home) == []
    assert coloured(book) == {BALANCE_CELL: "#FF9C9C", BLANK_CELL: "#FF9C9C"}  # it validated first


def test_report_with_errors_answered_yes_writes_and_warns(make_workbook, broken, answer, home):
    answer("yes")
    book = press(payload_of(make_workbook(broken)), excel.generate_report)
    assert sorted(p.suffix for p in reports_in(home)) == [".docx", ".html", ".png", ".svg"]
    done = alerts(book)[-1][0]
    assert done.startswith("报告已生成") and "仍有 2 个错误未改正" in done


def test_report_with_errors_where_no_answer_can_come_back(make_workbook, broken, home):
    """The remote engine returns no button: nothing is written, and the clerk is told why."""
    book = press(payload_of(make_workbook(broken)), excel.generate_report)
    assert [a[2] for a in alerts(book)] == ["yes_no", "ok"]
    assert "报告未生成" in alerts(book)[-1][0]
    assert reports_in(home) == []


def test_clean_workbook_report_is_written_to_documents(make_workbook, demo, home):
    book = press(payload_of(make_workbook(demo)), excel.generate_report)
    folder = home / "Documents" / excel.FALLBACK_FOLDER
    title = "青山县人民政府2025年政府信息公开工作年度报告"
    assert reports_in(home) == sorted([folder / f"{title}.docx", folder / f"{title}.html",
                                       folder / f"{title}一图读懂.png", folder / f"{title}一图读懂.svg"])
    assert (folder / f"{title}一图读懂.png").read_bytes().startswith(b"\x89PNG")
    document = docx.Document(str(folder / f"{title}.docx"))
    assert document.paragraphs[0].text.replace("\n", "") == title
    assert title in (folder / f"{title}.html").read_text(encoding="utf-8")
    (prompt, title_, buttons, _, _), = alerts(book)
    assert (title_, buttons) == ("生成报告", "ok")
    assert str(folder) in prompt and f"{title}.docx" in prompt and "仍有" not in prompt
    assert f"{title}一图读懂.png" in prompt


def test_report_that_cannot_be_written_says_so(make_workbook, demo, home, monkeypatch):
    import gikxl.report
    from gikxl.errors import OutputError

    def locked(report, path, templates=None):
        raise OutputError(f"无法写入“{Path(path).name}”：文件可能正在 Word/Excel 中打开。")

    monkeypatch.setattr(gikxl.report, "write_report", locked)
    book = press(payload_of(make_workbook(demo)), excel.generate_report)
    prompt, title, _, mode, _ = alerts(book)[-1]
    assert prompt.startswith("无法写入") and mode == "critical" and title == "生成报告"


# Where reports go -----------------------------------------------------------

@pytest.fixture
def office(tmp_path, monkeypatch) -> Path:
    """A folder outside the temporary folder, like a clerk's 桌面 or a file share."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    folder = tmp_path / "单位" / "年报"
    folder.mkdir(parents=True)
    return folder


def test_reports_go_next_to_a_saved_workbook(office):
    assert excel.output_folder(str(office / "年报.xlsm")) == (office, True)


@pytest.mark.parametrize("fullname", [
    "年报.xlsm",  # the remote engine, or a workbook never saved (工作簿1)
    "https://d.docs.live.net/abc/年报.xlsm",  # OneDrive
    "{office}/Content.Outlook/X1Y2Z3/年报.xlsm",  # opened straight from an e-mail
    "{tmp}/年报.xlsm",  # a download opened from the browser's temporary folder
    "{office}/已删除/年报.xlsm",  # a folder that is gone
])
def test_reports_go_to_documents_otherwise(fullname, office, home, tmp_path):
    (office / "Content.Outlook" / "X1Y2Z3").mkdir(parents=True)
    name = fullname.format(office=office, tmp=tmp_path / "tmp")
    folder, own = excel.output_folder(name)
    assert (folder, own) == (home / "Documents" / excel.FALLBACK_FOLDER, False)
    assert folder.is_dir()


def test_without_documents_the_home_folder_is_used(home, office):
    (home / "Documents").rmdir()
    assert excel.output_folder("年报.xlsm") == (home / excel.FALLBACK_FOLDER, False)


def test_help_names_the_buttons(make_workbook, demo):
    book = press(payload_of(make_workbook(demo)), excel.show_help)
    (prompt, title, _, _, _), = alerts(book)
    assert title == "使用帮助" and "【校验】" in prompt and "【生成报告】" in prompt and "excel-guide" in prompt
    assert len(prompt) < 1000  # a message box, not a manual
    assert [a["func"] for a in actions(book)] == ["alert"]


# The pure part -----------------------------------------------------------------

def finding(severity: Severity, where: tuple[str, str], code: str = "X") -> Finding:
    return Finding(code, severity, where[0], where[1], "说明")


def test_most_severe_finding_decides_the_colour():
    cell = BALANCE_CELL
    colours = marks.paint_colours([finding(Severity.WARNING, cell), finding(Severity.ERROR, cell),
                                   finding(Severity.INFO, BLANK_CELL)])
    assert colours == {cell: marks.MARK_COLOURS[Severity.ERROR], BLANK_CELL: marks.MARK_COLOURS[Severity.INFO]}
    assert len(set(marks.MARK_COLOURS.values())) == 3


def test_cells_outside_the_tables_are_never_coloured():
    outside = [finding(Severity.ERROR, (T3_SHEET, "A1")), finding(Severity.ERROR, ("", "")),
               finding(Severity.ERROR, (T3_SHEET, f"D{layout.balance_check_row()}")),
               finding(Severity.ERROR, ("别的表", "B3"))]
    assert marks.paint_colours(outside) == {}


def test_totals_go_back_to_grey_and_inputs_to_yellow():
    fills = marks.template_fills()
    total = layout.block_cell(spec.T3, "total", "natural")
    assert fills[total] == marks.TOTAL_COLOUR and fills[BALANCE_CELL] == marks.INPUT_COLOUR
    assert fills[layout.cell_of("gik_org")] == marks.INPUT_COLOUR
    assert len(fills) == sum(n.shape[0] * n.shape[1] for n in spec.defined_names())


def test_own_fills_are_remembered_where_they_can_be_read():
    """On the desktop the cell's own fill is kept, unless it is a mark left from a lost memory."""
    own, stale = BALANCE_CELL, BLANK_CELL
    p = marks.plan([finding(Severity.ERROR, own), finding(Severity.WARNING, stale)], (),
                   {own: (255, 255, 0), stale: (0xFF, 0x9C, 0x9C)})
    assert {(s.sheet, s.cell): s.restore for s in p.saved} == {own: "#FFFF00", stale: marks.INPUT_COLOUR}
    none = marks.plan([finding(Severity.ERROR, own)], (), {own: None})
    assert none.saved[0].restore is None
    assert marks.marks_rows(none.saved)[2] == [*own, marks.NO_FILL]
    assert marks.read_marks(marks.marks_rows(none.saved)) == list(none.saved)


def test_a_damaged_memory_never_points_outside_the_tables():
    rows = [["垃圾"], [T3_SHEET, "A1", "#FFFFFF"], [*BALANCE_CELL, "not a colour"], [None, None, None],
            [*BLANK_CELL, "#ffc966"]]
    assert marks.read_marks(rows) == [marks.Saved(*BALANCE_CELL, marks.INPUT_COLOUR),
                                      marks.Saved(*BLANK_CELL, "#FFC966")]


def test_hyperlink_formula_quotes_sheet_names():
    f = Finding("X", Severity.ERROR, "张's 表", "B2", "m")
    assert marks.hyperlink_formula(f) == '=HYPERLINK("#\'张\'\'s 表\'!B2","张\'s 表!B2")'
    assert marks.hyperlink_formula(Finding("X", Severity.ERROR, "", "", "m")) == '="整个工作簿"'


def test_ribbon_picture_is_labelled_a_sketch_and_uses_the_ribbon_labels():
    import importlib.util

    from gikxl.template.vba.ribbon import BUTTONS, TAB_LABEL

    path = Path(__file__).resolve().parent.parent / "scripts" / "render_excel_pictures.py"
    module_spec = importlib.util.spec_from_file_location("render_excel_pictures", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    svg = module.ribbon_sketch()
    assert "示意图" in svg and TAB_LABEL in svg and all(f">{b.label}<" in svg for b in BUTTONS)
    committed = module.RIBBON_SVG
    assert committed.read_text(encoding="utf-8") == svg
