"""The [MS-OVBA] 2.4.1 compression used by VBA for the ``dir`` stream and source.

A *CompressedContainer* (2.4.1.1.1) is the signature byte ``0x01`` followed by
one *CompressedChunk* (2.4.1.1.4) per 4096 bytes of input. Each chunk has a
2-byte header (12-bit size - 3, signature ``0b011``, compressed flag) and
either *TokenSequences* (2.4.1.1.7: a flag byte then up to 8 literal bytes or
2-byte copy tokens) or, when compression does not pay, the 4096 raw bytes.

Only the compressor is here; tests check it with an independent reader
(oletools).
"""

from __future__ import annotations

import struct

__all__ = ["compress"]

#: Bytes of decompressed data per chunk (2.4.1.1.3).
CHUNK_SIZE = 4096
#: Largest CompressedChunkData (2.4.1.3.7: above this the raw form is used).
_MAX_CHUNK_DATA = 4096
_MIN_MATCH = 3
#: How many earlier positions with the same 3-byte prefix are tried per match.
#: Bounds the work on degenerate input; any valid match is a valid encoding.
_MAX_CANDIDATES = 256


def _copy_token_help(position_in_chunk: int) -> tuple[int, int]:
    """(bit_count, maximum_length) for a copy token at this chunk offset (2.4.1.3.19.1).

    The offset field is as wide as needed to reach back to the chunk start
    (at least 4 bits); the remaining bits of the 16 hold ``length - 3``.
    """
    bit_count = max((position_in_chunk - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + _MIN_MATCH


def _compress_chunk(chunk: bytes) -> bytes:
    """Encode one DecompressedChunk as TokenSequences (2.4.1.3.7 - 2.4.1.3.9).

    Matches are found with a table of 3-byte prefixes (nearest first, longest
    wins), which yields the same kind of tokens as the spec's exhaustive
    Matching procedure (2.4.1.3.19.4) in a fraction of the time. Copy tokens
    only reach back within the chunk, and may overlap the bytes they produce.
    """
    out = bytearray()
    n = len(chunk)
    heads: dict[bytes, list[int]] = {}
    pos = 0

    def remember(start: int, stop: int) -> None:
        for p in range(start, min(stop, n - _MIN_MATCH + 1)):
            heads.setdefault(chunk[p : p + _MIN_MATCH], []).append(p)

    while pos < n:
        flag_index = len(out)
        out.append(0)  # FlagByte, filled in below (2.4.1.3.8)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            best_len = 0
            best_offset = 0
            if pos > 0 and n - pos >= _MIN_MATCH:
                bit_count, max_len = _copy_token_help(pos)
                limit = min(max_len, n - pos)
                candidates = heads.get(chunk[pos : pos + _MIN_MATCH], ())
                for tried, cand in enumerate(reversed(candidates)):
                    if tried >= _MAX_CANDIDATES:
                        break
                    length = _MIN_MATCH
                    while length < limit and chunk[cand + length] == chunk[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_offset = length, pos - cand
                        if length == limit:
                            break
            if best_len >= _MIN_MATCH:
                # CopyToken (2.4.1.3.19.3 Pack CopyToken): offset-1 in the high
                # bit_count bits, length-3 in the low 16-bit_count bits.
                token = ((best_offset - 1) << (16 - bit_count)) | (best_len - _MIN_MATCH)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                remember(pos, pos + best_len)
                pos += best_len
            else:
                out.append(chunk[pos])  # LiteralToken
                remember(pos, pos + 1)
                pos += 1
        out[flag_index] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Return ``data`` as an [MS-OVBA] CompressedContainer (2.4.1.3.6).

    A chunk whose tokens would exceed 4096 bytes is stored raw
    (2.4.1.3.10, header size field 0xFFF). A raw chunk always holds 4096 bytes,
    so a *final* chunk longer than 3640 bytes (the most that always fits as
    literals: n + ceil(n/8) <= 4096) with no 3-byte repeats has no exact
    encoding; that raises :class:`ValueError` instead of padding with zeros.
    VBA source text never comes near this.
    """
    data = bytes(data)
    out = bytearray(b"\x01")  # SignatureByte (2.4.1.1.1)
    for start in range(0, len(data), CHUNK_SIZE):
        chunk = data[start : start + CHUNK_SIZE]
        body = _compress_chunk(chunk)
        if len(body) <= _MAX_CHUNK_DATA:
            # CompressedChunkHeader (2.4.1.1.5): size-3 | 0b011 << 12 | flag 1.
            header = (len(body) + 2 - 3) | (0b011 << 12) | 0x8000
        elif len(chunk) == CHUNK_SIZE:
            body = chunk
            header = 0x0FFF | (0b011 << 12)  # raw chunk, flag 0
        else:
            raise ValueError(
                f"final chunk of {len(chunk)} incompressible bytes has no exact "
                "[MS-OVBA] encoding (a raw chunk always decodes to 4096 bytes)"
            )
        out += struct.pack("<H", header)
        out += body
    return bytes(out)

