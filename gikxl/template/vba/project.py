"""``xl/vbaProject.bin`` written from module source per [MS-OVBA].

The project is *source only*: ``VBA/_VBA_PROJECT`` says version 0xFFFF with
no performance cache (2.3.4.1), every MODULEOFFSET is 0 and each module
stream holds nothing but its compressed source (2.3.4.3), so Office compiles
the modules when it opens the workbook. Layout of the compound file (2.2)::

    PROJECT          project properties, text (2.3.1)
    PROJECTwm        module name map, MBCS + UTF-16 (2.3.3)
    VBA/
      _VBA_PROJECT   7 bytes (2.3.4.1)
      dir            compressed project information (2.3.4.2)
      <module>       compressed source, one stream per module (2.3.4.3)

The only references are the always-registered ``stdole`` and ``Office`` type
libraries (``IRibbonControl`` lives in the latter). Nothing refers to
xlwings: the ribbon module reaches it late-bound, so no reference can go
MISSING on a machine without it.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from gikxl.template.vba.cfb import build_compound_file
from gikxl.template.vba.ovba import compress

__all__ = [
    "CODE_PAGE",
    "PROJECT_ID",
    "Module",
    "build_vba_project",
    "decrypt",
    "document_module",
    "encrypt",
    "project_modules",
    "ribbon_module",
]

#: Windows-1252 (PROJECTCODEPAGE, 2.3.4.2.1.5). Sources are kept ASCII, so the
#: stored bytes are the same in any code page a Chinese Excel might assume.
CODE_PAGE = 1252
_CODEC = "cp1252"
#: A fixed project CLSID (2.3.1.2) so that builds are reproducible.
PROJECT_ID = "{6A1C3E52-7B0D-4F38-9E21-5C4D8B7A9F03}"
PROJECT_NAME = "VBAProject"
_LCID = 0x0409  # PROJECTLCID / PROJECTLCIDINVOKE MUST be 0x409 (2.3.4.2.1.3-4)

#: VB_Base of document modules: the Workbook and Worksheet coclasses of Excel.
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
WORKBOOK_MODULE = "ThisWorkbook"
RIBBON_MODULE = "GikxlRibbon"

#: (name, LibidRegistered) of the REFERENCEREGISTERED records (2.3.4.2.2.5).
#: Libid syntax (2.1.1.8): *\G{guid}#major.minor#lcid#path#description.
#: Versions are low on purpose: a registered type library resolves to the
#: newest installed minor version of the same major.
REFERENCES: tuple[tuple[str, str], ...] = (
    (
        "stdole",
        r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0"
        r"#C:\Windows\System32\stdole2.tlb#OLE Automation",
    ),
    (
        "Office",
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0"
        r"#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL"
        r"#Microsoft Office 16.0 Object Library",
    ),
)

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}\Z")


@dataclass(frozen=True)
class Module:
    """One VBA module: its name, CRLF source, and kind.

    ``procedural`` is a standard module (MODULETYPE 0x0021); ``document`` is
    the code-behind of the workbook or a sheet (0x0022), whose name must equal
    the ``codeName`` of that object in the workbook XML.
    """

    name: str
    source: str
    kind: Literal["procedural", "document"]

    def __post_init__(self) -> None:
        if not _IDENTIFIER.match(self.name):
            raise ValueError(f"not a VBA module name (letter, then letters/digits/_; max 31): {self.name!r}")
        if not self.source.isascii():
            raise ValueError(f"VBA source of {self.name} must be ASCII (use ChrW for other text)")
        if self.kind not in ("procedural", "document"):
            raise ValueError(f"unknown module kind {self.kind!r}")
        # VBA stores CRLF line ends; normalise whatever the checkout did.
        crlf = self.source.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        object.__setattr__(self, "source", crlf)


def document_module(name: str, base: str, body: str = "") -> Module:
    """The source-only document module ``name`` with the attributes Excel expects.

    ``base`` is the VB_Base of the host object (:data:`WORKBOOK_BASE` or
    :data:`WORKSHEET_BASE`); ``body`` is code after ``Option Explicit``.
    """
    lines = [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "{base}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
        "Option Explicit",
    ]
    return Module(name, "\r\n".join(lines) + "\r\n" + body, "document")


def _source(name: str) -> str:
    raw = resources.files(__package__).joinpath("src", f"{name}.bas").read_bytes()
    return raw.decode("ascii")


def ribbon_source() -> str:
    """The repository source of the ribbon module (``src/GikxlRibbon.bas``)."""
    return _source(RIBBON_MODULE)


def workbook_source() -> str:
    """The code of the ThisWorkbook module (``src/ThisWorkbook.bas``, without the attribute lines)."""
    return _source(WORKBOOK_MODULE)


def ribbon_module() -> Module:
    """The procedural module holding the ribbon callbacks."""
    return Module(RIBBON_MODULE, ribbon_source(), "procedural")


def project_modules(sheet_codenames: Iterable[str]) -> list[Module]:
    """ThisWorkbook, one document module per sheet codename, then the ribbon module."""
    modules = [document_module(WORKBOOK_MODULE, WORKBOOK_BASE, workbook_source())]
    modules += [document_module(c, WORKSHEET_BASE) for c in sheet_codenames]
    modules.append(ribbon_module())
    return modules


# Data encryption of the PROJECT stream's CMG/DPB/GC values (2.4.3) ----------


def _project_key(project_id: str) -> int:
    return sum(project_id.encode("ascii")) & 0xFF


def encrypt(data: bytes, seed: int, project_id: str = PROJECT_ID, ignored: bytes | None = None) -> bytes:
    """Obfuscate ``data`` as an Encrypted Data Structure (2.4.3.1, 2.4.3.2).

    The algorithm is a keyed XOR chain; it hides nothing and only has to be
    reproduced exactly. ``seed`` is normally random; a fixed seed keeps the
    output deterministic. ``ignored`` are the (seed & 6) / 2 arbitrary bytes
    the algorithm interleaves; zeros unless given.
    """
    version = 2
    key = _project_key(project_id)
    out = bytearray([seed, seed ^ version, seed ^ key])
    unencrypted1, encrypted1, encrypted2 = key, seed ^ key, seed ^ version
    n_ignored = (seed & 6) // 2
    plain = (ignored if ignored is not None else bytes(n_ignored))
    if len(plain) != n_ignored:
        raise ValueError(f"seed {seed:#04x} needs {n_ignored} ignored bytes")
    for byte in plain + struct.pack("<I", len(data)) + bytes(data):
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    return bytes(out)


def decrypt(blob: bytes, project_id: str = PROJECT_ID) -> bytes:
    """Inverse of :func:`encrypt` (2.4.3.3); checks version and project key."""
    seed, version_enc, key_enc = blob[0], blob[1], blob[2]
    if seed ^ version_enc != 2:
        raise ValueError("encrypted data: version is not 2")
    key = seed ^ key_enc
    if key != _project_key(project_id):
        raise ValueError("encrypted data: project key does not match the project id")
    unencrypted1, encrypted1, encrypted2 = key, key_enc, version_enc
    plain = bytearray()
    for enc in blob[3:]:
        byte = enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    n_ignored = (seed & 6) // 2
    (length,) = struct.unpack_from("<I", plain, n_ignored)
    data = bytes(plain[n_ignored + 4 :])
    if len(data) != length:
        raise ValueError("encrypted data: length does not match")
    return data


# The streams ------------------------------------------------------------------


def _hex(blob: bytes) -> str:
    return blob.hex().upper()


def _project_stream(modules: Sequence[Module]) -> bytes:
    """The PROJECT stream (2.3.1): properties, host extenders, workspace."""
    lines = [f'ID="{PROJECT_ID}"']
    for m in modules:
        # ProjectDocModule (2.3.1.4) carries the document's version (0 here);
        # ProjectStdModule (2.3.1.5) just the name.
        lines.append(f"Document={m.name}/&H00000000" if m.kind == "document" else f"Module={m.name}")
    lines += [
        f'Name="{PROJECT_NAME}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        # Unprotected and visible (2.3.1.15-17): CMG = protection state 0
        # (4 bytes), DPB = no password (one 0x00 byte), GC = visible (0xFF).
        f'CMG="{_hex(encrypt(bytes(4), 0x2A))}"',
        f'DPB="{_hex(encrypt(bytes(1), 0x3C))}"',
        f'GC="{_hex(encrypt(bytes([0xFF]), 0x51))}"',
        "",
        # HostExtenders (2.3.1.18): the built-in VBA extender.
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        # ProjectWorkspace (2.3.1.19): every code window closed.
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode(_CODEC)


def _projectwm_stream(modules: Sequence[Module]) -> bytes:
    """PROJECTwm (2.3.3): each module name as MBCS and UTF-16, NUL-terminated."""
    out = bytearray()
    for m in modules:
        out += m.name.encode(_CODEC) + b"\0"
        out += m.name.encode("utf-16-le") + b"\0\0"
    out += b"\0\0"  # Terminator
    return bytes(out)


def _rec(record_id: int, payload: bytes) -> bytes:
    """Id (2 bytes), Size (4 bytes), then the payload."""
    return struct.pack("<HI", record_id, len(payload)) + payload


def _rec_pair(record_id: int, text: str, reserved: int) -> bytes:
    """A record with an MBCS string then, after ``reserved``, its UTF-16 twin."""
    unicode = text.encode("utf-16-le")
    return _rec(record_id, text.encode(_CODEC)) + struct.pack("<HI", reserved, len(unicode)) + unicode


def _dir_stream(modules: Sequence[Module]) -> bytes:
    """The decompressed ``dir`` stream (2.3.4.2)."""
    out = bytearray()
    # PROJECTINFORMATION (2.3.4.2.1).
    out += _rec(0x0001, struct.pack("<I", 0x00000001))  # PROJECTSYSKIND: 32-bit Windows
    out += _rec(0x0002, struct.pack("<I", _LCID))  # PROJECTLCID
    out += _rec(0x0014, struct.pack("<I", _LCID))  # PROJECTLCIDINVOKE
    out += _rec(0x0003, struct.pack("<H", CODE_PAGE))  # PROJECTCODEPAGE
    out += _rec(0x0004, PROJECT_NAME.encode(_CODEC))  # PROJECTNAME
    out += _rec_pair(0x0005, "", 0x0040)  # PROJECTDOCSTRING
    # PROJECTHELPFILEPATH: HelpFile1, Reserved 0x003D, HelpFile2 (both MBCS, equal).
    out += _rec(0x0006, b"") + struct.pack("<HI", 0x003D, 0)
    out += _rec(0x0007, struct.pack("<I", 0))  # PROJECTHELPCONTEXT
    out += _rec(0x0008, struct.pack("<I", 0))  # PROJECTLIBFLAGS
    # PROJECTVERSION: Reserved (=4, in the Size position), VersionMajor, VersionMinor.
    out += struct.pack("<HIIH", 0x0009, 0x00000004, 1, 0)
    out += _rec_pair(0x000C, "", 0x003C)  # PROJECTCONSTANTS

    # PROJECTREFERENCES (2.3.4.2.2): REFERENCENAME + REFERENCEREGISTERED each.
    for name, libid in REFERENCES:
        out += _rec_pair(0x0016, name, 0x003E)
        lib = libid.encode(_CODEC)
        # Size, SizeOfLibid, Libid, Reserved1 (4 bytes 0), Reserved2 (2 bytes 0).
        out += _rec(0x000D, struct.pack("<I", len(lib)) + lib + struct.pack("<IH", 0, 0))

    # PROJECTMODULES (2.3.4.2.3).
    out += _rec(0x000F, struct.pack("<H", len(modules)))
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        out += _rec(0x0019, m.name.encode(_CODEC))  # MODULENAME
        out += _rec(0x0047, m.name.encode("utf-16-le"))  # MODULENAMEUNICODE
        out += _rec_pair(0x001A, m.name, 0x0032)  # MODULESTREAMNAME = the name
        out += _rec_pair(0x001C, "", 0x0048)  # MODULEDOCSTRING
        out += _rec(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: no p-code cache
        out += _rec(0x001E, struct.pack("<I", 0))  # MODULEHELPCONTEXT
        out += _rec(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
        # MODULETYPE: Id, then Reserved (4 bytes 0).
        out += struct.pack("<HI", 0x0021 if m.kind == "procedural" else 0x0022, 0)
        out += struct.pack("<HI", 0x002B, 0)  # module Terminator
    out += struct.pack("<HI", 0x0010, 0)  # dir stream Terminator
    return bytes(out)


def build_vba_project(modules: Sequence[Module]) -> bytes:
    """Return ``vbaProject.bin`` for ``modules`` (see :func:`project_modules`)."""
    modules = list(modules)
    names = [m.name.upper() for m in modules]
    if len(set(names)) != len(names):
        raise ValueError("VBA module names must be unique (case-insensitive)")
    if not modules:
        raise ValueError("a VBA project needs at least one module")
    streams = {
        "PROJECT": _project_stream(modules),
        "PROJECTwm": _projectwm_stream(modules),
        # _VBA_PROJECT (2.3.4.1): Reserved1 0x61CC, Version 0xFFFF (forces
        # recompilation from source), Reserved2 0x00, Reserved3 0x0001.
        "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x01\x00",
        "VBA/dir": compress(_dir_stream(modules)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.source.encode(_CODEC))
    return build_compound_file(streams)
