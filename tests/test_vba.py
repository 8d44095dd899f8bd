"""The VBA project and ribbon of the template, checked with independent readers.

oletools' ``decompress_stream`` checks the [MS-OVBA] compressor, ``olefile``
the [MS-CFB] container, ``olevba`` the project as a whole.
"""

from __future__ import annotations

import io
import itertools
import random
import re
import struct
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
from defusedxml import ElementTree as SafeET

# oletools 0.60 uses pyparsing names that newer pyparsing deprecates: ignored in pyproject.toml's filterwarnings.
from oletools.olevba import VBA_Parser, VBA_Project, decompress_stream, filter_vba

from gikxl.spec import CODENAMES
from gikxl.template.vba import cfb, messages, ovba, package, project, ribbon

BAS = Path(project.__file__).parent / "src" / "GikxlRibbon.bas"


# Helpers ---------------------------------------------------------------------


def xlsx_parts(sheet_names) -> dict[str, bytes]:
    """The zip members of a small openpyxl workbook with these sheets."""
    wb = openpyxl.Workbook()
    wb.active.title = sheet_names[0]
    for name in sheet_names[1:]:
        wb.create_sheet(name)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def xlsm_parts() -> dict[str, bytes]:
    return package.make_macro_enabled(xlsx_parts(list(CODENAMES)), CODENAMES)


@pytest.fixture(scope="module")
def xlsm_path(tmp_path_factory, xlsm_parts) -> Path:
    path = tmp_path_factory.mktemp("vba") / "template.xlsm"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in xlsm_parts.items():
            z.writestr(name, data)
    return path


def expected_sources() -> dict[str, bytes]:
    """Module name -> the exact bytes we mean to store."""
    out = {m.name: m.source.encode("ascii") for m in project.project_modules(CODENAMES.values())}
    assert out["GikxlRibbon"] == BAS.read_bytes()  # the repo file, unchanged
    return out


def chunks(container: bytes):
    """(header, chunk bytes) of each CompressedChunk (2.4.1.1.4)."""
    cur = 1
    while cur < len(container):
        (header,) = struct.unpack_from("<H", container, cur)
        size = (header & 0x0FFF) + 3
        yield header, container[cur : cur + size]
        cur += size


# [MS-OVBA] 2.4.1 compression -------------------------------------------------

_rng = random.Random(20210530)
_TEXT = "".join(
    f"Sub Proc{i}()\r\n    Range(\"A{i}\").Value = {_rng.randrange(10**6)}"
    f" ' {_rng.choice(['x', 'yy', 'zzz'])}\r\nEnd Sub\r\n"
    for i in range(400)
).encode("ascii")[:20480]

COMPRESSION_CASES = {
    "empty": b"",
    "one byte": b"A",
    "4096 text": (b"Attribute VB_Name = \"M\"\r\n" * 200)[:4096],
    "4096 random": _rng.randbytes(4096),  # incompressible: a raw chunk
    "4097": (b"0123456789" * 410)[:4097],
    "run 100k": b"\x20" * 100_000,
    "run across chunk": b"a" * 4095 + b"b" * 4098,
    "20 KB text": _TEXT,
    "random + tail": _rng.randbytes(3 * 4096 + 1000),
    "3640 random tail": _rng.randbytes(4096 + 3640),
}


@pytest.mark.parametrize("data", COMPRESSION_CASES.values(), ids=COMPRESSION_CASES.keys())
def test_compress_round_trips_through_oletools(data):
    packed = ovba.compress(data)
    assert decompress_stream(bytearray(packed)) == data
    assert packed[0] == 0x01
    n = 0
    for header, chunk in chunks(packed):
        n += 1
        assert (header >> 12) & 0b111 == 0b011  # CompressedChunkSignature
        assert len(chunk) <= 4098
        if not header & 0x8000:  # raw chunk: always 4096 bytes
            assert len(chunk) == 4098
    assert n == -(-len(data) // 4096)


def test_compress_uses_raw_chunk_only_when_tokens_do_not_fit():
    (header, _), = chunks(ovba.compress(_rng.randbytes(4096)))
    assert not header & 0x8000
    for header, _ in chunks(ovba.compress(_TEXT)):
        assert header & 0x8000


def test_compress_refuses_inexact_final_raw_chunk():
    with pytest.raises(ValueError, match="no exact"):
        ovba.compress(_rng.randbytes(4096 + 3641 + 200))


def test_compress_is_deterministic_and_compresses_source():
    source = BAS.read_bytes()
    assert ovba.compress(source) == ovba.compress(source)
    assert len(ovba.compress(source)) < len(source) * 0.8


# [MS-CFB] container -----------------------------------------------------------


def _walk_tree(entries, sid, depth=0):
    """Yield (entry, black depth of path) for in-order traversal, check RB rules."""
    if sid == olefile.NOSTREAM:
        return [], [0]
    e = entries[sid]
    left, lb = _walk_tree(entries, e.sid_left, depth + 1)
    right, rb = _walk_tree(entries, e.sid_right, depth + 1)
    if e.color == 0:  # red: children must be black
        for child in (e.sid_left, e.sid_right):
            assert child == olefile.NOSTREAM or entries[child].color == 1
    black = 1 if e.color == 1 else 0
    return [*left, e, *right], [b + black for b in lb + rb]


def _check_directory(ole):
    """Every storage's children: ordered per 2.6.4 and a valid red-black tree."""
    entries = ole.direntries
    for e in entries:
        if e is None or e.entry_type not in (olefile.STGTY_STORAGE, olefile.STGTY_ROOT):
            continue
        if e.sid_child == olefile.NOSTREAM:
            continue
        assert entries[e.sid_child].color == 1  # the tree's root is black
        ordered, black_depths = _walk_tree(entries, e.sid_child)
        names = [c.name for c in ordered]
        for a, b in itertools.pairwise(names):
            assert cfb.compare_names(a, b) < 0, (a, b)
        assert len(set(black_depths)) == 1, f"unequal black heights under {e.name}"


def test_compare_names_length_first_then_uppercase():
    assert cfb.compare_names("B", "AA") < 0
    assert cfb.compare_names("dir", "VBA") < 0  # D < V, case-insensitive
    assert cfb.compare_names("abc", "ABC") == 0
    assert cfb.compare_names("ThisWorkbook", "_VBA_PROJECT") < 0  # 'T' (0x54) < '_' (0x5F)
    assert cfb.compare_names("shT2", "SHS1") > 0


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 40])
def test_cfb_directory_trees_are_ordered_red_black_trees(count):
    names = [f"S{i}" * (1 + i % 3) for i in range(count)]
    streams = {f"Store/{n}": n.encode() * 10 for n in names}
    streams["Top"] = b"x"
    ole = olefile.OleFileIO(cfb.build_compound_file(streams), raise_defects=olefile.DEFECT_UNSURE)
    assert ole.parsing_issues == []
    _check_directory(ole)
    for path, data in streams.items():
        assert ole.openstream(path).read() == data


def test_cfb_stream_sizes_around_the_mini_stream_cutoff():
    streams = {
        "empty": b"",
        "tiny": b"t",
        "mini64": bytes(range(64)),
        "mini4095": _rng.randbytes(4095),
        "big4096": _rng.randbytes(4096),
        "big70k": _rng.randbytes(70_000),  # needs a second FAT sector
        "S/inner": _rng.randbytes(5000),
    }
    data = cfb.build_compound_file(streams)
    assert data == cfb.build_compound_file(dict(reversed(list(streams.items()))))
    assert len(data) % 512 == 0
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_UNSURE)
    assert ole.parsing_issues == []
    _check_directory(ole)
    for path, content in streams.items():
        assert ole.openstream(path).read() == content
    assert struct.unpack_from("<I", data, 44)[0] == 2  # number of FAT sectors


def test_cfb_refuses_what_it_cannot_write():
    with pytest.raises(cfb.CFBError, match="DIFAT"):
        cfb.build_compound_file({"huge": bytes(110 * 128 * 512)})
    with pytest.raises(cfb.CFBError):
        cfb.build_compound_file({"x" * 32: b""})
    with pytest.raises(cfb.CFBError):
        cfb.build_compound_file({"a": b"", "A": b""})


# [MS-OVBA] 2.4.3 data encryption: the example of [MS-OVBA] 3.1.6 ---------------

_SPEC_ID = "{917DED54-440B-4FD1-A5C1-74ACF261E600}"
_SPEC_VALUES = {
    "CMG": ("0705D8E3D8EDDBF1DBF1DBF1DBF1", bytes(4)),
    "DPB": ("0E0CD1ECDFF4E7F5E7F5E7", b"\x00"),
    "GC": ("1517CAF1D6F9D7F9D706", b"\xff"),
}


@pytest.mark.parametrize("key", _SPEC_VALUES)
def test_encryption_matches_the_spec_example(key):
    hexed, plain = _SPEC_VALUES[key]
    blob = bytes.fromhex(hexed)
    assert project.decrypt(blob, _SPEC_ID) == plain
    # Recover the example's arbitrary ignored bytes, then re-encrypt exactly.
    seed = blob[0]
    unenc1, enc1, enc2 = blob[0] ^ blob[2], blob[2], blob[1]
    ignored = bytearray()
    for enc in blob[3 : 3 + (seed & 6) // 2]:
        byte = enc ^ ((enc2 + unenc1) & 0xFF)
        ignored.append(byte)
        enc2, enc1, unenc1 = enc1, enc, byte
    assert project.encrypt(plain, seed, _SPEC_ID, bytes(ignored)) == blob


# The VBA source ----------------------------------------------------------------


def _bas_text() -> str:
    return BAS.read_bytes().decode("ascii")


def test_bas_is_ascii_with_crlf_line_ends():
    raw = BAS.read_bytes()
    assert raw.isascii()
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")
    assert raw.startswith(b'Attribute VB_Name = "GikxlRibbon"\r\n')


def _decode_vba_string_function(source: str, function: str) -> str:
    """Evaluate the ``s = ...`` lines of a VBA function built from literals/ChrW."""
    body = re.search(
        rf"Private Function {function}\(\) As String\r\n(.*?)\r\nEnd Function", source, re.S
    ).group(1)
    value = None
    token = re.compile(
        r'\s*(?:(?P<lit>"(?:[^"]|"")*")|ChrW\(&H(?P<hex>[0-9A-F]{1,4})&?\)|(?P<crlf>vbCrLf)|(?P<var>s))'
        r"\s*(?P<amp>&)?"
    )
    for line in body.split("\r\n"):
        line = line.strip()
        if line.startswith(("Dim ", f"{function} = s")):
            continue
        lhs, rhs = line.split(" = ", 1)
        assert lhs == "s", line
        parts, pos = [], 0
        while pos < len(rhs):
            m = token.match(rhs, pos)
            assert m, f"cannot read {rhs[pos:]!r}"
            if m["lit"]:
                parts.append(m["lit"][1:-1].replace('""', '"'))
            elif m["hex"]:
                parts.append(chr(int(m["hex"], 16)))
            elif m["crlf"]:
                parts.append("\n")
            else:
                assert value is not None, "s used before assignment"
                parts.append(value)
            pos = m.end()
            assert m["amp"] or pos == len(rhs), f"missing & in {rhs!r}"
        value = "".join(parts)
    return value


def test_chrw_codes_decode_to_the_intended_chinese():
    source = _bas_text()
    for function, text in messages.VBA_FUNCTIONS.items():
        assert _decode_vba_string_function(source, function) == text, function
    assert "gikxl install" in messages.ADDIN_MISSING_MESSAGE
    assert "xlwings addin install" in messages.ADDIN_MISSING_MESSAGE
    for text in (messages.RUN_FAILED_MESSAGE, messages.INTERPRETER_MISSING_MESSAGE, messages.PYTHON_FAILED_MESSAGE):
        assert "gikxl doctor" in text  # every break names the next step


def test_bas_matches_the_generated_functions():
    """Keeps the .bas and messages.py in step (regenerate with python -m gikxl.template.vba.messages)."""
    source = _bas_text()
    for function, text in messages.VBA_FUNCTIONS.items():
        assert messages.vba_function(function, text) in source, function


def _procedure(source: str, head: str) -> str:
    return re.search(rf"{re.escape(head)}.*?\r\nEnd (?:Sub|Function)", source, re.S).group(0)


def test_bas_runs_python_late_bound_through_xlwings_and_reads_what_it_returns():
    source = _bas_text()
    assert 'Private Const GIK_RUN_PYTHON As String = "xlwings.xlam!RunPython"' in source
    assert 'Private Const GIK_GET_CONFIG As String = "xlwings.xlam!GetConfig"' in source
    assert "Private Const GIK_PYTHON_FAILED As Long = -1" in source
    # The add-in is looked up before it is run: a missing add-in and a failing one get their own advice.
    assert 'Private Const GIK_ADDIN As String = "xlwings.xlam"' in source
    assert "Set book = Application.Workbooks(GIK_ADDIN)" in source
    run = _procedure(source, "Private Sub GikRunPython(")
    order = [
        "If Not GikAddinOpen() Then", "GikSay GikAddinMissingMessage()",
        "interpreter = GikMissingInterpreter()", "GikSay GikInterpreterMissingMessage() & interpreter",
        "On Error GoTo RunFailed", "result = Application.Run(GIK_RUN_PYTHON, pythonCommand)",
        "If result = GIK_PYTHON_FAILED Then", "GikSay GikPythonFailedMessage()",
        "RunFailed:", "GikSay GikRunFailedMessage()",
    ]
    assert [run.index(step) for step in order] == sorted(run.index(step) for step in order)
    assert "MsgBox" not in run  # every box goes through GikSay (code page fallback)
    for call in ("validate()", "generate_report()", "show_help()"):
        assert f'GikRunPython "import gikxl.excel; gikxl.excel.{call}"' in source


def test_interpreter_is_looked_up_as_runpython_looks_it_up():
    """xlwings reads INTERPRETER_WIN, then the legacy INTERPRETER (default python); conda is activated instead."""
    lookup = _procedure(_bas_text(), "Private Function GikMissingInterpreter(")
    assert lookup.index('GIK_GET_CONFIG, "CONDA PATH"') < lookup.index('GIK_GET_CONFIG, "INTERPRETER_WIN"') \
        < lookup.index('GIK_GET_CONFIG, "INTERPRETER", "python"')
    assert 'If interpreter = "python" Or interpreter = "pythonw" Then Exit Function' in lookup
    assert 'CreateObject("Scripting.FileSystemObject").FileExists(interpreter)' in lookup
    assert "On Error GoTo Unknown" in lookup  # an add-in without GetConfig: leave it to xlwings


def test_message_boxes_fall_back_to_english_off_chinese_code_pages():
    source = _bas_text()
    assert 'Private Declare PtrSafe Function GetACP Lib "kernel32" () As Long' in source
    assert "#If VBA7 Then" in source
    code_page = _procedure(source, "Private Function GikChineseCodePage(")
    assert "Case 936, 950, 54936, 65001" in code_page
    say = _procedure(source, "Private Sub GikSay(")
    assert "MsgBox chinese, style, GikTitle()" in say and 'MsgBox english, style, "gikxl"' in say
    for english in messages.ENGLISH.values():
        assert english.isascii() and f'"{english}"' in source
    # Outside GikSay, MsgBox is never called: no box can show question marks.
    assert len(re.findall(r"^\s*MsgBox ", source, re.M)) == 2


def test_import_previous_picks_a_file_and_hands_it_over_safely():
    source = _bas_text()
    sub = _procedure(source, "Public Sub GikImportPrevious(control As IRibbonControl)")
    assert "Application.GetOpenFilename(GikImportFilter(), 1, GikImportTitle())" in sub
    assert "If VarType(picked) = vbBoolean Then Exit Sub" in sub  # cancelled: False comes back
    steps = ["If Not GikUsablePath(CStr(picked)) Then", "statement = GikImportCommand(CStr(picked))",
             "GikRunPython statement"]
    assert [sub.index(step) for step in steps] == sorted(sub.index(step) for step in steps)
    command = _procedure(source, "Private Function GikImportCommand(")
    assert "encoded = GikHexUtf16(path)" in command
    assert ("\"import gikxl.excel; gikxl.excel.import_previous(bytes.fromhex('\" & encoded & "
            "\"').decode('utf-16-be'))\"") in command
    usable = _procedure(source, "Private Function GikUsablePath(")
    assert "Case 0 To 31, 34, 127" in usable  # control characters and the double quote
    assert 'Right$("000" & Hex$(AscW(Mid$(text, i, 1)) And &HFFFF&), 4)' in source
    # The filter offers the 年报 workbooks and every published form issue 12 reads.
    pairs = messages.IMPORT_FILTER.split(",")
    assert len(pairs) == 4 and "," not in "".join(pairs)
    assert pairs[1] == "*.xlsm;*.xlsx" and pairs[3] == "*.docx;*.pdf;*.html;*.htm;*.txt"


def _hex_utf16(text: str) -> str:
    """What GikHexUtf16 computes: AscW of each UTF-16 code unit, four hex digits."""
    units = text.encode("utf-16-be")
    return "".join(f"{int.from_bytes(units[i:i + 2], 'big'):04X}" for i in range(0, len(units), 2))


@pytest.mark.parametrize("path", [
    r"D:\年报\2024\青山县人民政府2024年政府信息公开工作年度报告.docx",
    r"\\srv\共享\R&D %TEMP% ^x\it's (2) 100%.xlsm",
    "C:\\Users\\张三\\𠀋文件.pdf",  # outside the BMP: a surrogate pair, two AscW units
])
def test_hex_path_survives_the_command_line_and_decodes_back(path, tmp_path):
    """The Python statement the VBA builds, run as xlwings runs it (``python -B -c``), gets the path back."""
    import subprocess
    import sys

    statement = f"import sys; sys.stdout.buffer.write(bytes.fromhex('{_hex_utf16(path)}').decode('utf-16-be')" \
                ".encode('utf-8'))"
    assert statement.isascii() and '"' not in statement and "%" not in statement and "&" not in statement
    done = subprocess.run([sys.executable, "-B", "-c", statement], capture_output=True, timeout=60, check=True)
    assert done.stdout.decode("utf-8") == path


def test_every_ribbon_action_is_a_ribbon_sub():
    subs = set(re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)\r$", _bas_text(), re.M))
    root = SafeET.fromstring(ribbon.ribbon_xml())
    actions = [el.get("onAction") for el in root.iter() if el.get("onAction")]
    assert actions == list(ribbon.ribbon_callbacks()) \
        == ["GikValidate", "GikGenerateReport", "GikImportPrevious", "GikHelp"]
    assert set(actions) <= subs


def test_workbook_open_clears_the_changed_flag_of_the_untouched_template():
    """Excel calculates the template's totals on opening; without this, closing it asks "save changes?"."""
    this = next(m for m in project.project_modules(CODENAMES.values()) if m.name == "ThisWorkbook")
    body = this.source.split("Option Explicit\r\n", 1)[1]
    assert "Private Sub Workbook_Open()\r\n    Me.Saved = True\r\nEnd Sub\r\n" in body
    assert this.kind == "document"


#: imageMso names of Excel's own commands (Excel's control-ID list); an unknown name leaves the button blank.
EXCEL_IMAGE_MSO = {"DataValidation", "FileSaveAsPdfOrXps", "FileOpen", "Help"}


def test_icons_are_excel_commands():
    assert {b.image_mso for b in ribbon.BUTTONS} <= EXCEL_IMAGE_MSO
    assert "ExportWord" not in ribbon.ribbon_xml().decode("utf-8")  # Access's command, not Excel's


def test_ribbon_xml():
    raw = ribbon.ribbon_xml()
    assert raw == ribbon.ribbon_xml()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"')
    root = SafeET.fromstring(raw)
    ns = "{http://schemas.microsoft.com/office/2009/07/customui}"
    assert root.tag == ns + "customUI"
    tab = root.find(f"{ns}ribbon/{ns}tabs/{ns}tab")
    assert tab.get("label") == "政务公开年报"
    buttons = {b.get("label"): b for b in tab.iter(ns + "button")}
    assert list(buttons) == ["校验", "生成报告", "从上年报告导入", "帮助"]
    for b in buttons.values():
        assert b.get("size") == "large" and b.get("imageMso")
        assert b.get("screentip") and b.get("supertip")


# The VBA project through olevba ------------------------------------------------


@pytest.mark.parametrize("which", ["minimal", "template"])
def test_olevba_extracts_every_module_byte_for_byte(which, request):
    from gikxl.template.builder import TEMPLATE_PATH

    path = request.getfixturevalue("xlsm_path") if which == "minimal" else TEMPLATE_PATH
    expected = expected_sources()
    parser = VBA_Parser(str(path), relaxed=False)
    try:
        assert parser.detect_vba_macros()
        got = {Path(stream).name: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()
    assert set(got) == set(expected)
    for name, source in expected.items():
        assert got[name] == source.decode("ascii"), name
        # olevba's display filter drops the leading Attribute lines only.
        body = [line for line in source.decode("ascii").splitlines() if not line.startswith("Attribute VB_")]
        assert filter_vba(got[name]) == "\n".join(body)


def test_project_records(xlsm_parts):
    data = xlsm_parts["xl/vbaProject.bin"]
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_UNSURE)
    assert ole.parsing_issues == []
    _check_directory(ole)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000100")

    vba = VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
    vba.parse_project_stream()
    for _ in vba.parse_modules():
        pass
    assert vba.codepage == 1252
    kinds = {m.name: m.type for m in vba.modules}
    assert kinds.pop("GikxlRibbon") == 0x0021
    assert kinds == dict.fromkeys(["ThisWorkbook", *CODENAMES.values()], 0x0022)
    assert all(m.textoffset == 0 for m in vba.modules)
    for m in vba.modules:  # a module stream is its compressed source alone
        assert decompress_stream(bytearray(ole.openstream(f"VBA/{m.name}").read())) == m.code_raw

    dir_stream = decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
    assert b"{00020430-0000-0000-C000-000000000046}#2.0#0#" in dir_stream  # stdole
    assert b"{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#" in dir_stream  # Office
    assert b"xlwings" not in dir_stream.lower()

    text = ole.openstream("PROJECT").read().decode("ascii")
    assert "xlwings" not in text.lower()
    lines = text.split("\r\n")
    assert lines[0] == f'ID="{project.PROJECT_ID}"'
    assert lines[1] == "Document=ThisWorkbook/&H00000000"
    assert [f"Document={c}/&H00000000" for c in CODENAMES.values()] == lines[2 : 2 + len(CODENAMES)]
    assert "Module=GikxlRibbon" in lines and 'Name="VBAProject"' in lines
    values = dict(line.split("=", 1) for line in lines if line.startswith(("CMG=", "DPB=", "GC=")))
    assert project.decrypt(bytes.fromhex(values["CMG"].strip('"'))) == bytes(4)  # unprotected
    assert project.decrypt(bytes.fromhex(values["DPB"].strip('"'))) == b"\x00"  # no password
    assert project.decrypt(bytes.fromhex(values["GC"].strip('"'))) == b"\xff"  # visible
    assert "[Host Extender Info]" in lines and "[Workspace]" in lines

    wm = ole.openstream("PROJECTwm").read()
    for name in expected_sources():
        assert name.encode() + b"\0" + name.encode("utf-16-le") + b"\0\0" in wm
    assert wm.endswith(b"\0\0")


# The package ---------------------------------------------------------------------

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def test_package_parts(xlsm_parts):
    ct = SafeET.fromstring(xlsm_parts["[Content_Types].xml"])
    ctns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    overrides = {o.get("PartName"): o.get("ContentType") for o in ct.iter(ctns + "Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in ct.iter(ctns + "Default")}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
    assert defaults["xml"] == "application/xml"  # covers customUI/customUI14.xml

    rns = "{http://schemas.openxmlformats.org/package/2006/relationships}"

    def rels(part):
        root = SafeET.fromstring(xlsm_parts[part])
        items = [(r.get("Id"), r.get("Type"), r.get("Target")) for r in root.iter(rns + "Relationship")]
        assert len({i for i, _, _ in items}) == len(items)  # unique Ids
        return {t: target for _, t, target in items}

    assert rels("xl/_rels/workbook.xml.rels")[package.VBA_PROJECT_RELTYPE] == "vbaProject.bin"
    assert rels("_rels/.rels")[ribbon.CUSTOMUI_RELTYPE] == "customUI/customUI14.xml"
    assert xlsm_parts["customUI/customUI14.xml"] == ribbon.ribbon_xml()

    wb = SafeET.fromstring(xlsm_parts["xl/workbook.xml"])
    assert wb.find(_NS + "workbookPr").get("codeName") == "ThisWorkbook"
    found = {}
    for i, sheet in enumerate(wb.iter(_NS + "sheet"), 1):
        ws = SafeET.fromstring(xlsm_parts[f"xl/worksheets/sheet{i}.xml"])
        assert ws[0].tag == _NS + "sheetPr"
        found[sheet.get("name")] = ws[0].get("codeName")
    assert found == CODENAMES


def test_package_is_deterministic_and_keeps_other_parts():
    parts = xlsx_parts(list(CODENAMES))
    a = package.make_macro_enabled(parts, CODENAMES)
    b = package.make_macro_enabled(dict(parts), dict(CODENAMES))
    assert a == b and list(a) == list(b)
    assert list(a)[: len(parts)] == list(parts)
    for name in ("xl/styles.xml", "docProps/app.xml", "xl/theme/theme1.xml"):
        assert a[name] == parts[name]


def test_package_inserts_missing_sheetpr_and_workbookpr():
    parts = xlsx_parts(["A", "B"])
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb"<sheetPr>.*?</sheetPr>", b"", parts["xl/worksheets/sheet1.xml"])
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<workbookPr/>", b"")
    out = package.make_macro_enabled(parts, {"A": "shA", "B": "shB"})
    ws = SafeET.fromstring(out["xl/worksheets/sheet1.xml"])
    assert ws[0].tag == _NS + "sheetPr" and ws[0].get("codeName") == "shA"
    wb = SafeET.fromstring(out["xl/workbook.xml"])
    assert wb[0].tag == _NS + "workbookPr" and wb[0].get("codeName") == "ThisWorkbook"


def test_package_replaces_an_existing_codename():
    parts = xlsx_parts(["A"])
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<sheetPr>", b'<sheetPr codeName="Sheet1">'
    )
    out = package.make_macro_enabled(parts, {"A": "shA"})
    assert b'codeName="shA"' in out["xl/worksheets/sheet1.xml"]
    assert b"Sheet1" not in out["xl/worksheets/sheet1.xml"]


@pytest.mark.parametrize(
    "codenames",
    [{"A": "shA"}, {"A": "shA", "B": "shB", "C": "shC"}, {"A": "shA", "B": "2bad"}, {"A": "x", "B": "X"}],
    ids=["sheet without codename", "codename without sheet", "bad identifier", "duplicate"],
)
def test_package_rejects_mismatched_codenames(codenames):
    with pytest.raises(ValueError):
        package.make_macro_enabled(xlsx_parts(["A", "B"]), codenames)


def test_package_refuses_a_second_vba_project(xlsm_parts):
    with pytest.raises(ValueError):
        package.make_macro_enabled(xlsm_parts, CODENAMES)
