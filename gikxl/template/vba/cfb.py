"""A small [MS-CFB] compound file writer (version 3, 512-byte sectors).

Enough for ``xl/vbaProject.bin``: storages and streams given by path, streams
under 4096 bytes kept in the mini stream (2.6.3), the FAT located through the
109 DIFAT slots of the header only (about 7 MB of file), and a directory whose
sibling trees are properly ordered, balanced red-black trees (2.6.4).

Output is deterministic: the same streams give the same bytes. All CLSIDs,
state bits and timestamps are zero (2.6.3 allows zero times for storages and
requires them for streams).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["CFBError", "build_compound_file", "compare_names"]

# Special sector numbers (2.1).
FATSECT = 0xFFFFFFFD
ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF

SECTOR = 512
MINI_SECTOR = 64
MINI_STREAM_CUTOFF = 4096
_HEADER_DIFAT_SLOTS = 109
_FAT_PER_SECTOR = SECTOR // 4
_DIR_ENTRY = 128

# Object types and colours of a directory entry (2.6.1).
_UNALLOCATED, _STORAGE, _STREAM, _ROOT = 0, 1, 2, 5
_RED, _BLACK = 0, 1

_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


class CFBError(ValueError):
    """The streams cannot be written as a compound file by this writer."""


def _upper_unit(ch: str) -> str:
    """Simple (one-to-one) upper-casing of one UTF-16 code unit, as 2.6.4 asks."""
    up = ch.upper()
    return up if len(up) == 1 else ch


def _sort_key(name: str) -> tuple[int, tuple[int, ...]]:
    units = name.encode("utf-16-le")
    codes = tuple(
        ord(_upper_unit(chr(c))) if c < 0xD800 or c > 0xDFFF else c
        for c in struct.unpack(f"<{len(units) // 2}H", units)
    )
    return len(codes), codes


def compare_names(a: str, b: str) -> int:
    """Compare two directory entry names the way [MS-CFB] 2.6.4 orders siblings.

    Shorter names are less; names of equal length compare code unit by code
    unit after upper-casing. Returns -1, 0 or 1.
    """
    ka, kb = _sort_key(a), _sort_key(b)
    return (ka > kb) - (ka < kb)


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = -1
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _check_name(name: str) -> None:
    # 2.6.1: at most 31 UTF-16 code units plus the terminator; '/', '\', ':'
    # and '!' are not allowed.
    if not name or len(name.encode("utf-16-le")) > 62:
        raise CFBError(f"directory entry name must be 1-31 characters: {name!r}")
    if any(c in name for c in "/\\:!"):
        raise CFBError(f"directory entry name contains / \\ : or !: {name!r}")


def _build_tree(root: _Entry, streams: Mapping[str, bytes]) -> None:
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for i, part in enumerate(parts):
            _check_name(part)
            last = i == len(parts) - 1
            # Names are unique among siblings regardless of case (2.6.4).
            key = "".join(_upper_unit(c) for c in part)
            existing = node.children.get(key)
            if existing is None:
                existing = _Entry(part, _STREAM if last else _STORAGE, bytes(data) if last else b"")
                node.children[key] = existing
            elif last or existing.kind != _STORAGE:
                raise CFBError(f"duplicate or conflicting path: {path!r}")
            node = existing


def _link_siblings(entries: list[_Entry], depth: int, max_depth: int) -> int:
    """Make ``entries`` (sorted) a balanced binary search tree; return its root id.

    Splitting at the middle leaves every null link at depth ``max_depth`` or
    ``max_depth + 1`` (counting from 0 for the tree root). Nodes on the last
    level of an incomplete tree are coloured red, all others black, which
    meets the red-black rules of 2.6.4: the root is black, no red node has a
    red child (reds are leaves), and every path to a null link passes the
    same number of black nodes.
    """
    if not entries:
        return NOSTREAM
    mid = len(entries) // 2
    node = entries[mid]
    node.left = _link_siblings(entries[:mid], depth + 1, max_depth)
    node.right = _link_siblings(entries[mid + 1 :], depth + 1, max_depth)
    node.color = _RED if depth == max_depth and depth > 0 else _BLACK
    return node.sid


def _tree_height(n: int) -> int:
    """Depth of the deepest node of a middle-split tree of ``n`` nodes."""
    return n.bit_length() - 1


def _perfect(n: int) -> bool:
    return (n + 1) & n == 0


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat[start + i] = start + i + 1 if i < count - 1 else ENDOFCHAIN


def build_compound_file(streams: Mapping[str, bytes]) -> bytes:
    """Return a compound file holding ``streams`` (path -> bytes).

    Paths use ``/`` between storage names, e.g. ``"VBA/dir"``; storages are
    created as needed. Entries are numbered breadth-first with siblings in
    [MS-CFB] order, so the result does not depend on the mapping's order.
    """
    root = _Entry("Root Entry", _ROOT)
    _build_tree(root, streams)

    # Number the entries breadth-first; siblings in 2.6.4 order.
    order: list[_Entry] = [root]
    root.sid = 0
    i = 0
    while i < len(order):
        node = order[i]
        kids = sorted(node.children.values(), key=lambda e: _sort_key(e.name))
        for kid in kids:
            kid.sid = len(order)
            order.append(kid)
        i += 1
    for node in order:
        kids = sorted(node.children.values(), key=lambda e: _sort_key(e.name))
        if kids:
            height = _tree_height(len(kids))
            # A perfect tree has no partial last level: all black.
            max_depth = -1 if _perfect(len(kids)) else height
            node.child = _link_siblings(kids, 0, max_depth)

    # Streams under the cutoff live in the mini stream (2.6.3); others in sectors.
    mini_stream = bytearray()
    mini_fat: list[int] = []
    big: list[_Entry] = []
    for node in order:
        if node.kind != _STREAM:
            continue
        node.size = len(node.data)
        if node.size == 0:
            node.start = ENDOFCHAIN
        elif node.size < MINI_STREAM_CUTOFF:
            count = -(-node.size // MINI_SECTOR)
            node.start = len(mini_fat)
            mini_fat.extend([0] * count)
            _chain(mini_fat, node.start, count)
            mini_stream += node.data + b"\0" * (count * MINI_SECTOR - node.size)
        else:
            big.append(node)

    n_dir = -(-len(order) * _DIR_ENTRY // SECTOR)
    n_minifat = -(-len(mini_fat) * 4 // SECTOR)
    n_mini = -(-len(mini_stream) // SECTOR)
    n_big = sum(-(-n.size // SECTOR) for n in big)
    n_fat = 1
    while n_fat * _FAT_PER_SECTOR < n_fat + n_dir + n_minifat + n_mini + n_big:
        n_fat += 1
    if n_fat > _HEADER_DIFAT_SLOTS:
        raise CFBError(
            f"{n_fat} FAT sectors needed but only {_HEADER_DIFAT_SLOTS} fit in the "
            "header DIFAT; DIFAT sectors are not supported by this writer"
        )

    # Sector layout: FAT | directory | mini FAT | mini stream | large streams.
    fat = [FREESECT] * (n_fat * _FAT_PER_SECTOR)
    for s in range(n_fat):
        fat[s] = FATSECT
    dir_start = n_fat
    _chain(fat, dir_start, n_dir)
    minifat_start = dir_start + n_dir if n_minifat else ENDOFCHAIN
    if n_minifat:
        _chain(fat, minifat_start, n_minifat)
    next_free = dir_start + n_dir + n_minifat
    if n_mini:
        root.start, root.size = next_free, len(mini_stream)
        _chain(fat, next_free, n_mini)
        next_free += n_mini
    body = bytearray()
    for node in big:
        count = -(-node.size // SECTOR)
        node.start = next_free
        _chain(fat, next_free, count)
        next_free += count
        body += node.data + b"\0" * (count * SECTOR - node.size)

    header = bytearray(SECTOR)
    struct.pack_into(
        "<8s16sHHHHH6sIIIIIIIII",
        header,
        0,
        _SIGNATURE,
        b"\0" * 16,  # header CLSID
        0x003E,  # minor version
        0x0003,  # major version 3 -> 512-byte sectors
        0xFFFE,  # byte order: little-endian
        9,  # sector shift: 2**9
        6,  # mini sector shift: 2**6
        b"\0" * 6,
        0,  # number of directory sectors: MUST be 0 for version 3
        n_fat,
        dir_start,
        0,  # transaction signature
        MINI_STREAM_CUTOFF,
        minifat_start,
        n_minifat,
        ENDOFCHAIN,  # first DIFAT sector: none
        0,  # number of DIFAT sectors
    )
    difat = list(range(n_fat)) + [FREESECT] * (_HEADER_DIFAT_SLOTS - n_fat)
    struct.pack_into(f"<{_HEADER_DIFAT_SLOTS}I", header, 76, *difat)

    directory = bytearray()
    for node in order:
        directory += _pack_entry(node)
    unused = _Entry("", _UNALLOCATED, left=NOSTREAM, right=NOSTREAM, child=NOSTREAM)
    unused.color, unused.start = _RED, 0  # all-zero apart from the NOSTREAM links
    while len(directory) < n_dir * SECTOR:
        directory += _pack_entry(unused)

    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_bytes += struct.pack("<I", FREESECT) * (n_minifat * _FAT_PER_SECTOR - len(mini_fat))

    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    out += mini_fat_bytes
    out += mini_stream + b"\0" * (n_mini * SECTOR - len(mini_stream))
    out += body
    assert len(out) == SECTOR * (1 + next_free)
    return bytes(out)


def _pack_entry(node: _Entry) -> bytes:
    """One 128-byte directory entry (2.6.1)."""
    name = node.name.encode("utf-16-le")
    name_len = len(name) + 2 if node.name else 0  # includes the terminator
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        name_len,
        node.kind,
        node.color,
        node.left,
        node.right,
        node.child,
        b"\0" * 16,  # CLSID
        0,  # state bits
        0,  # creation time
        0,  # modified time
        node.start if node.kind != _STORAGE else 0,
        node.size,
    )
