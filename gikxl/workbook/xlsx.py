"""Read the defined names of an .xlsx/.xlsm file into raw cell grids.

A small, bounded OOXML reader rather than openpyxl: files come from other
units and are untrusted, and 校验 must feel instant. It opens the zip with
limits on size, member count and expansion; parses XML with defusedxml (no
DTDs, no entities); streams the worksheets and the shared strings, keeping
only the cells the defined names cover and stopping once past the last of
them; never touches ``vbaProject.bin``. It tells formulas from typed
constants, which a values-only reader cannot.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import TreeBuilder

from defusedxml import ElementTree

from gikxl import spec
from gikxl.errors import UnusableWorkbook
from gikxl.template.layout import column_index, column_letter
from gikxl.workbook import contract
from gikxl.workbook.raw import NOT_CALCULATED, ErrorValue, Grid, RawCell, plain_number

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_SHEETS = 255

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_M = f"{{{_NS['m']}}}"
_R_ID = f"{{{_NS['r']}}}id"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Excel's "Strict Open XML" save format uses other namespaces throughout.
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
#: A sheet-qualified reference as a defined name stores it: ``'三、依申请公开'!$B$4:$H$28``.
_REF = re.compile(rf"^(?:'((?:[^']|'')+)'|([^'!]+))!({contract.A1_RANGE})$")
_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: ECMA-376 Part 1 §22.9.2.19 (ST_Xstring): a character XML cannot carry as it is
#: (a carriage return from text pasted out of Word, a control character) is
#: written ``_xHHHH_``; ``_x005F_`` escapes the underscore of a literal ``_x``.
_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MISSING_STRING = ErrorValue("#共享字符串缺失")
#: A cell the worksheet does not hold (RawCell is frozen: one serves all).
_BLANK = RawCell(None)
#: Bytes of a zip member handed to the parser at a time.
_CHUNK = 16 * 1024


@dataclass(frozen=True)
class _SharedString:
    """A cell's index into the shared strings, until the strings it needs are read."""

    index: int


def read_grids(path: str | Path) -> dict[str, Grid]:
    """Raw cells of every defined name of the contract in the workbook at ``path``."""
    with _open_zip(Path(path)) as zf:
        book = _Package(zf, Path(path).name)
        return book.grids()


def _open_zip(path: Path) -> zipfile.ZipFile:
    name = path.name
    if path.is_dir():
        raise UnusableWorkbook(f"“{path}”是文件夹，不是工作簿文件。请指定 .xlsm 或 .xlsx 文件。")
    if not path.is_file():
        raise UnusableWorkbook(f"找不到文件“{name}”。请检查文件名和路径。")
    size = path.stat().st_size
    if size == 0:
        raise UnusableWorkbook(f"文件“{name}”是空文件（0 字节），可能保存时出错。请重新保存或重新下载。")
    if size > MAX_FILE_BYTES:
        raise UnusableWorkbook(f"文件“{name}”过大（{size // 1024 // 1024} MB），不像年报工作簿。")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        raise UnusableWorkbook(
            f"无法读取文件“{name}”：没有读取权限，或文件正被其他程序独占。请关闭该文件或复制一份后再试。"
        ) from None
    if head == _OLE_MAGIC:
        raise UnusableWorkbook(
            f"文件“{name}”已加密（设置了打开密码）或是旧版 .xls 格式。"
            "请在 Excel 中取消密码，或另存为 .xlsm/.xlsx 后再试。"
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UnusableWorkbook(
            f"文件“{name}”不是 Excel 工作簿（.xlsx/.xlsm），或文件已损坏。"
        ) from None
    _check_bounds(zf, name)
    return zf


def _check_bounds(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_MEMBERS or total > MAX_TOTAL_BYTES or any(
        i.file_size > MAX_PART_BYTES or i.file_size > MAX_RATIO * max(i.compress_size, 1024) for i in infos
    ):
        zf.close()
        raise UnusableWorkbook(f"文件“{name}”的内部结构异常（压缩比或体积超出正常范围），为安全起见不予读取。")


class _Package:
    """The parts of one workbook package that the reader needs."""

    def __init__(self, zf: zipfile.ZipFile, name: str) -> None:
        self.zf = zf
        self.name = name
        self.source = contract.Source.file(name)
        self.members = set(zf.namelist())

    # Parts ------------------------------------------------------------------

    def part(self, member: str) -> bytes:
        if member not in self.members:
            raise UnusableWorkbook(f"文件“{self.name}”缺少部件 {member}，不是完整的 Excel 工作簿。")
        info = self.zf.getinfo(member)
        with self.zf.open(info) as fh:
            data = fh.read(MAX_PART_BYTES + 1)
        if len(data) > MAX_PART_BYTES:
            raise self._too_large()
        return data

    def xml(self, member: str):
        try:
            return next(_elements([self.part(member)], ()))
        except UnusableWorkbook:
            raise
        except Exception:  # noqa: BLE001 - bad XML, encoding, zip data: all mean a damaged part
            raise self._damaged(member) from None

    def stream(self, member: str, *path: str) -> Iterator[Any]:
        """The elements at ``path`` below the root of ``member`` (``"sheetData", "row"``),
        each once it is complete, parsed as a stream.

        A worksheet may hold far more than the template (600,000 rows pasted
        below a table): the part is never held whole, only the elements at
        ``path`` are built (and dropped once passed), and the caller stops
        reading when it has what it needs.
        """
        if member not in self.members:
            raise UnusableWorkbook(f"文件“{self.name}”缺少部件 {member}，不是完整的 Excel 工作簿。")
        try:
            with self.zf.open(self.zf.getinfo(member)) as raw:
                fh = _Capped(raw, MAX_PART_BYTES, self._too_large())
                yield from _elements(iter(lambda: fh.read(_CHUNK), b""), path)
        except UnusableWorkbook:
            raise
        except Exception:  # noqa: BLE001 - bad XML, encoding, zip data: all mean a damaged part
            raise self._damaged(member) from None

    def _too_large(self) -> UnusableWorkbook:
        return UnusableWorkbook(f"文件“{self.name}”的内部结构异常，为安全起见不予读取。")

    def _damaged(self, member: str) -> UnusableWorkbook:
        return UnusableWorkbook(f"文件“{self.name}”的部件 {member} 已损坏，无法读取。")

    def rels(self, member: str) -> dict[str, str]:
        """Relationship id → target member path, for the part ``member``."""
        folder, base = posixpath.split(member)
        rels_member = posixpath.join(folder, "_rels", base + ".rels")
        if rels_member not in self.members:
            return {}
        out = {}
        for rel in self.xml(rels_member):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id")] = path
        return out

    # Workbook -------------------------------------------------------------

    def grids(self) -> dict[str, Grid]:
        main = self._main_part()
        wb = self.xml(main)
        if wb.tag == f"{{{_STRICT_MAIN}}}workbook":
            raise UnusableWorkbook(
                f"文件“{self.name}”是“Strict Open XML”格式，无法读取。"
                "请在 Excel 中“另存为”“Excel 启用宏的工作簿(*.xlsm)”后再试。"
            )
        if wb.tag != f"{_M}workbook":
            raise UnusableWorkbook(f"文件“{self.name}”不是 Excel 工作簿（workbook 部件内容不对）。")
        rels = self.rels(main)
        sheets = {
            s.get("name"): rels.get(s.get(_R_ID))
            for s in wb.iterfind("m:sheets/m:sheet", _NS)
        }
        if len(sheets) > MAX_SHEETS:
            raise UnusableWorkbook(f"文件“{self.name}”的工作表数量异常（{len(sheets)} 个），为安全起见不予读取。")
        names = {
            d.get("name"): (d.text or "").strip()
            for d in wb.iterfind("m:definedNames/m:definedName", _NS)
            if d.get("localSheetId") is None
        }
        self._check_template(names)
        date1904 = any(p.get("date1904") in ("1", "true") for p in wb.iterfind("m:workbookPr", _NS))
        # Sheets whose worksheet part the workbook's relationships name; only these can be read.
        members = {sheet: member for sheet, member in sheets.items() if member is not None}
        # An optional name an older template lacks is left out; the model reads it as blank.
        refs = {n.name: self._ref(n, names.get(n.name), members) for n in spec.defined_names()
                if not (n.optional and not names.get(n.name))}
        wanted: dict[str, set[str]] = {}
        for sheet, addresses in refs.values():
            wanted.setdefault(sheet, set()).update(a for row in addresses for a in row)
        values = {sheet: self._cells(members[sheet], want) for sheet, want in wanted.items()}
        values = self._with_shared_strings(values, rels)
        grids = {}
        for name, (sheet, addresses) in refs.items():
            cells = [[values[sheet].get(a, _BLANK) for a in row] for row in addresses]
            if date1904 and name == spec.FIELDS["date"].name:
                cells = [[_shift_1904(c) for c in row] for row in cells]
            grids[name] = Grid(sheet, cells, addresses)
        return grids

    def _main_part(self) -> str:
        root = self.rels("")  # package relationships live in _rels/.rels
        for rel_target in root.values():
            if rel_target.endswith(".xml") and "workbook" in rel_target.rsplit("/", 1)[-1]:
                return rel_target
        if "xl/workbook.xml" in self.members:
            return "xl/workbook.xml"
        raise UnusableWorkbook(f"文件“{self.name}”不是 Excel 工作簿（找不到 workbook 部件）。")

    def _check_template(self, names: dict[str, str]) -> None:
        """Return when the template marker names this version; raise otherwise."""
        version = names.get(spec.TEMPLATE_NAME, "").strip('"')
        contract.check_template(self.source, version or None)

    def _ref(self, name: spec.Name, text: str | None, sheets: dict[str, str]) -> tuple[str, list[list[str]]]:
        """(sheet, addresses row by row) that ``name`` points at, its reference being ``text``."""
        if not text:
            raise contract.name_error(self.source, name, contract.Failure.MISSING)
        m = _REF.match(text)
        if not m or "#REF!" in text:
            raise contract.name_error(self.source, name, contract.Failure.BROKEN, text)
        sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
        if sheet not in sheets:
            raise contract.name_error(self.source, name, contract.Failure.NO_SHEET, sheet)
        return sheet, _addresses(self.source, name, m.group(3))

    def _with_shared_strings(
        self, values: dict[str, dict[str, RawCell]], rels: dict[str, str]
    ) -> dict[str, dict[str, RawCell]]:
        """``values`` with each shared-string index replaced by its text."""
        needed = {c.value.index for cells in values.values() for c in cells.values()
                  if isinstance(c.value, _SharedString)}
        if not needed:
            return values
        strings = self._shared_strings(rels, needed)

        def text(cell: RawCell) -> RawCell:
            if not isinstance(cell.value, _SharedString):
                return cell
            return RawCell(strings.get(cell.value.index, _MISSING_STRING), cell.formula)

        return {sheet: {ref: text(c) for ref, c in cells.items()} for sheet, cells in values.items()}

    def _shared_strings(self, rels: dict[str, str], needed: set[int]) -> dict[int, str]:
        """The shared strings at the indexes ``needed``, read up to the last of them."""
        member = next((t for t in rels.values() if t.endswith("sharedStrings.xml")), None)
        if not needed or not member or member not in self.members:
            return {}
        out, last = {}, max(needed)
        for i, si in enumerate(self.stream(member, "si")):
            if i in needed:
                out[i] = _text_of(si)
            if i >= last:
                break
        return out

    def _cells(self, member: str, want: set[str]) -> dict[str, RawCell]:
        """The cells ``want`` of a worksheet (absent ones are blank and left out).

        Rows come in order, so reading stops at the row of the last wanted cell:
        the rest of the part is never parsed.
        """
        if member not in self.members:
            raise UnusableWorkbook(f"文件“{self.name}”缺少部件 {member}，不是完整的 Excel 工作簿。")
        scan = _SheetScan(want)
        try:
            with self.zf.open(self.zf.getinfo(member)) as raw:
                fh = _Capped(raw, MAX_PART_BYTES, self._too_large())
                expat = ElementTree.DefusedXMLParser(forbid_dtd=True).parser
                expat.StartElementHandler, expat.EndElementHandler = scan.start, scan.end
                expat.CharacterDataHandler = scan.data
                for chunk in iter(lambda: fh.read(_CHUNK), b""):
                    expat.Parse(chunk, False)
                expat.Parse(b"", True)
        except _Enough:
            pass
        except UnusableWorkbook:
            raise
        except Exception:  # noqa: BLE001 - bad XML, encoding, zip data: all mean a damaged part
            raise self._damaged(member) from None
        return scan.out


#: The addresses of a name's range, by (name, range): every workbook from the template has the
#: same ranges. Bounded, as ranges come from untrusted files; a range that fails is not kept.
_ADDRESSES: dict[tuple[str, str], list[list[str]]] = {}
_MAX_ADDRESSES = 1024


def _addresses(source: contract.Source, name: spec.Name, a1: str) -> list[list[str]]:
    """:func:`contract.name_addresses`, remembered."""
    key = (name.name, a1)
    found = _ADDRESSES.get(key)
    if found is None:
        found = contract.name_addresses(source, name, a1)
        if len(_ADDRESSES) >= _MAX_ADDRESSES:
            _ADDRESSES.clear()
        _ADDRESSES[key] = found
    return found


class _Enough(Exception):
    """Raised by a handler to stop parsing: the cells wanted are read."""


_SHEET_DATA, _ROW, _C = (f"{_NS['m']}}}{t}" for t in ("sheetData", "row", "c"))
_F, _V, _IS, _T, _RUN = (f"{_NS['m']}}}{t}" for t in ("f", "v", "is", "t", "r"))


class _Cell:
    """What a wanted ``<c>`` element holds, gathered as it is parsed."""

    __slots__ = ("formula", "has_is", "kind", "ref", "runs", "t", "v")

    def __init__(self, ref: str, kind: str) -> None:
        self.ref, self.kind = ref, kind
        self.formula = self.has_is = False
        self.v: list[str] | None = None
        """Text of the first ``<v>``, in pieces."""
        self.t: list[str] | None = None
        """Text of the first ``<t>`` directly in ``<is>``."""
        self.runs: list[list[str]] | None = None
        """Texts of the rich-text runs (``<is><r><t>``)."""

    def raw(self) -> RawCell:
        text = "".join(self.v) if self.v else None
        inline = None
        if self.has_is:
            if self.t is not None and self.runs is None:
                inline = unescape("".join(self.t))
            else:
                inline = "".join(unescape("".join(run)) for run in self.runs or ())
        return _raw(self.kind, self.formula, text, self.has_is, inline)


class _SheetScan:
    """The expat handlers that read the wanted cells of a worksheet as it is parsed.

    No element is built: a worksheet is a few thousand elements, and an object
    for each costs more than the parse. ``r`` is optional on rows and cells:
    without it a row follows the previous one and a cell its left neighbour
    (some writers omit it).
    """

    def __init__(self, want: set[str]) -> None:
        self.want = want
        self.last_row = max(int(a.lstrip(_LETTERS)) for a in want)
        self.out: dict[str, RawCell] = {}
        self.depth = 0
        self.in_data = self.in_row = self.in_is = self.in_run = False
        self.row_no = self.col_no = 0
        self.col_of = ""
        """The address of the last cell when ``col_no`` is -1 (not worked out yet)."""
        self.cell: _Cell | None = None
        self.sink: list[str] | None = None
        """Where the text being parsed goes: the pieces of a ``<v>`` or ``<t>``, else nowhere."""

    def start(self, name: str, attrs: list[str]) -> None:
        self.depth += 1
        self.sink = None  # an element's text ends where a child starts
        depth, cell = self.depth, self.cell
        if cell is not None:
            if depth == 5:
                self.in_is = False
                if name == _F:
                    cell.formula = True
                elif name == _V and cell.v is None:
                    self.sink = cell.v = []
                elif name == _IS and not cell.has_is:
                    cell.has_is = self.in_is = True
            elif depth == 6 and self.in_is:
                self.in_run = name == _RUN
                if self.in_run:
                    cell.runs = cell.runs if cell.runs is not None else []
                elif name == _T and cell.t is None:
                    self.sink = cell.t = []
            elif depth == 7 and self.in_run and name == _T and cell.runs is not None:
                self.sink = []
                cell.runs.append(self.sink)
        elif depth == 4:
            if self.in_row and name == _C:
                self._cell(attrs)
        elif depth == 3:
            if self.in_data and name == _ROW:
                self.in_row = True
                self.row_no = _int_or(_attr(attrs, "r"), self.row_no + 1)
                self.col_no = 0
        elif depth == 2:
            self.in_data = name == _SHEET_DATA

    def _cell(self, attrs: list[str]) -> None:
        given = attrs[1] if attrs and attrs[0] == "r" else _attr(attrs, "r")  # ``r`` comes first as a rule
        if given is not None and given in self.want:  # a wanted address is well-formed: no need to check it
            ref, self.col_no, self.col_of = given, -1, given
        else:
            if self.col_no < 0:  # the column of the wanted cell before, worked out only now that it is needed
                self.col_no = column_index(self.col_of.rstrip("0123456789"))
            m = _CELL.match(given or "")
            self.col_no = column_index(m.group(1)) if m else self.col_no + 1
            ref = m.group(0) if m else f"{column_letter(self.col_no)}{self.row_no}"
        if ref in self.want:
            kind = _attr(attrs, "t")
            self.cell = _Cell(ref, "n" if kind is None else kind)

    def end(self, name: str) -> None:
        depth = self.depth
        self.depth -= 1
        self.sink = None
        if depth == 4:
            if self.cell is not None:
                self.out[self.cell.ref] = self.cell.raw()
                self.cell = None
        elif depth == 3:
            if self.in_row:
                self.in_row = False
                if self.row_no >= self.last_row or len(self.out) == len(self.want):
                    raise _Enough
        elif depth == 2:
            self.in_data = False

    def data(self, text: str) -> None:
        if self.sink is not None:
            self.sink.append(text)


def _attr(attrs: list[str], name: str) -> str | None:
    """An attribute's value from expat's ordered list (name, value, name, value …)."""
    for i in range(0, len(attrs), 2):
        if attrs[i] == name:
            return attrs[i + 1]
    return None


def _elements(chunks: Iterable[bytes], path: tuple[str, ...]) -> Iterator[Any]:
    """The elements at ``path`` below the root (the root itself when ``path`` is empty) of the
    XML document in ``chunks``, each once complete, as ``xml.etree`` elements.

    The parser is defusedxml's (no DTD, no entity declarations, no external
    references: its handlers refuse them) with our own element handlers: only
    the elements at ``path`` and below are built, by the C tree builder; the
    rest of the document passes without a Python object per element (the
    pure-Python handlers behind defusedxml's ``iterparse`` cost four times the parse).
    """
    wanted = [f"{_NS['m']}}}{p}" for p in path]  # expat's names: "namespace}local"
    depth = len(path) + 1
    opened: list[str] = []
    done: list[Any] = []
    builder: list[Any] = []  # the tree builder of the element being built, if any

    def start(name: str, attrs: list[str]) -> None:
        opened.append(name)
        if builder:
            builder[0].start(_tag(name), _attrib(attrs))
        elif len(opened) == depth and opened[1:] == wanted:
            builder.append(TreeBuilder())
            builder[0].start(_tag(name), _attrib(attrs))

    def end(name: str) -> None:
        if builder:
            builder[0].end(_tag(name))
            if len(opened) == depth:
                done.append(builder.pop().close())
        opened.pop()

    def data(text: str) -> None:
        if builder:
            builder[0].data(text)

    expat = ElementTree.DefusedXMLParser(forbid_dtd=True).parser
    expat.StartElementHandler, expat.EndElementHandler, expat.CharacterDataHandler = start, end, data
    for chunk in chunks:
        expat.Parse(chunk, False)
        yield from done
        done.clear()
    expat.Parse(b"", True)
    yield from done


def _tag(name: str) -> str:
    """An expat name (``namespace}local``) as ``xml.etree`` spells it (``{namespace}local``)."""
    return "{" + name if "}" in name else name


def _attrib(attrs: list[str]) -> dict[str, str]:
    """Attributes as expat hands them (ordered: name, value, name, value …), by ``xml.etree`` name."""
    return {_tag(attrs[i]): attrs[i + 1] for i in range(0, len(attrs), 2)} if attrs else {}


class _Capped:
    """A zip member's stream that refuses to yield more than ``limit`` bytes."""

    def __init__(self, fh: IO[bytes], limit: int, error: UnusableWorkbook) -> None:
        self.fh, self.left, self.error = fh, limit, error

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size if size >= 0 else self.left + 1)
        self.left -= len(data)
        if self.left < 0:
            raise self.error
        return data


def _raw(kind: str, formula: bool, text: str | None, has_is: bool, inline: str | None) -> RawCell:
    """A cell of type ``kind`` (its ``t``) from its parts: whether it has a formula, the text of its
    ``<v>`` (``None`` without one) and, with an ``<is>``, that inline string's text."""
    if kind == "inlineStr":
        return RawCell(inline if has_is else None, formula)
    if formula and not text and kind != "str":
        # No stored result (openpyxl writes an empty <v/>); ``t="str"`` with an
        # empty value is a formula that returned "" and is read as blank.
        return RawCell(NOT_CALCULATED, formula)
    if text is None:
        return RawCell(None, formula)
    if kind == "s":
        try:
            return RawCell(_SharedString(int(text)), formula)
        except ValueError:
            return RawCell(_MISSING_STRING, formula)
    if kind in ("str",):
        return RawCell(unescape(text), formula)
    if kind == "e":
        return RawCell(ErrorValue(text), formula)
    if kind == "b":
        return RawCell(text == "1", formula)
    if kind == "d":
        try:
            return RawCell(dt.datetime.fromisoformat(text), formula)
        except ValueError:
            return RawCell(text, formula)
    try:
        number = float(text)
    except ValueError:
        return RawCell(text, formula)
    return RawCell(plain_number(number), formula)


def _text_of(node) -> str:
    """Text of a shared or inline string, rich-text runs joined, phonetic runs skipped."""
    t = node.find(f"{_M}t")
    if t is not None and node.find(f"{_M}r") is None:
        return unescape(t.text or "")
    return "".join(unescape(t.text or "") for t in _iter_run_texts(node))


def unescape(text: str) -> str:
    """``text`` with its ``_xHHHH_`` escapes decoded: ``第一段_x000D_`` → ``第一段\\r``,
    ``_x005F_x000D_`` → ``_x000D_``."""
    if "_x" not in text:
        return text
    decoded = _XSTRING_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if any("\ud800" <= ch <= "\udfff" for ch in decoded):
        # A character beyond U+FFFF is escaped as its two UTF-16 halves; pair them,
        # and let a half without its partner become U+FFFD rather than break the output.
        decoded = decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return decoded


def _iter_run_texts(node) -> Iterable:
    for r in node.iterfind(f"{_M}r"):
        yield from r.iterfind(f"{_M}t")


def _shift_1904(cell: RawCell) -> RawCell:
    # Serial numbers count from 1904-01-01 in such books; the parser reads
    # numbers in a date cell as 1900-based serials.
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        return RawCell(cell.value + 1462, cell.formula)
    return cell


def _int_or(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default
