"""Hostile and broken sources for ``gikxl import``, written at test time.

Every maker takes a folder and returns ``(path, description)``: the file it wrote there and
what it is, in a few English words. Nothing here is committed as a file: a 3 GiB zip bomb
or a 100 MB page is made in milliseconds from a few lines, and the repository stays small.
``HOSTILE`` lists them as ``(name, maker)`` for ``pytest.mark.parametrize``; each one should
end the import with exit 2, a clear message and bounded time and memory. ``MISLABELLED`` lists
real reports whose declared encoding is wrong: read exactly, or refused, never garbled.

The real-looking published reports they are measured against are committed beside them in
``tests/data/published/`` (see its README).
"""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

PUBLISHED = Path(__file__).resolve().parent / "data" / "published"
#: A real-looking published page in GBK and one in UTF-8 (tests/data/published/README.md).
GBK_PAGE = PUBLISHED / "2024-白溪镇-gbk.html"
UTF8_PAGE = PUBLISHED / "2023-自然资源局-utf8.html"
WORD_PDF = PUBLISHED / "2024-市场监管局-word.pdf"

Made = tuple[Path, str]
Maker = Callable[[Path], Made]


# PDF written by hand ----------------------------------------------------------------

def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file from its numbered objects (1-based, object 1 the catalog), with a valid xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _scan_image(width: int, height: int, seed: int) -> bytes:
    """A grey page as a scanner sees one: lines of "text" blobs, a ruled table, speckle noise."""
    rng = random.Random(seed)
    page = bytearray(b"\xf4" * (width * height))

    def box(x0: int, y0: int, x1: int, y1: int, shade: int) -> None:
        for y in range(max(y0, 0), min(y1, height)):
            page[y * width + max(x0, 0):y * width + min(x1, width)] = bytes([shade]) * (min(x1, width) - max(x0, 0))

    y = 90
    while y < height * 0.45:
        x = 90 + (30 if rng.random() < 0.3 else 0)
        end = rng.randint(width // 2, width - 90)
        while x < end:
            glyph = rng.randint(12, 16)
            box(x, y, x + glyph, y + 15, rng.randint(20, 70))
            x += glyph + rng.randint(3, 6)
        y += 34
    top, left, right = int(height * 0.5), 90, width - 90
    for row in range(12):
        box(left, top + row * 28, right, top + row * 28 + 2, 30)
    for col in range(6):
        x = left + (right - left) * col // 5
        box(x, top, x + 2, top + 11 * 28 + 2, 30)
    for _ in range(width * height // 400):
        page[rng.randrange(width * height)] = rng.randint(90, 200)
    return bytes(page)


def scanned_pdf(tmp: Path) -> Made:
    """Two pages, each one grey image and no text layer at all (no font, no text operator)."""
    width, height = 620, 877
    pages, objects = [], [b"", b""]
    for n in range(2):
        image = zlib.compress(_scan_image(width, height, n), 6)
        objects.append(_stream(image, b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                                      b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode " % (
                                          width, height)))
        content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
        objects.append(_stream(content))
        pages.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (len(objects), len(objects) - 1))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % p for p in pages), len(pages))
    path = tmp / "scanned.pdf"
    path.write_bytes(_pdf(objects))
    return path, "scanned PDF: page images only, no text layer"


# The standard security handler, revision 2 (RC4, 40-bit key), as in the PDF 1.4 reference.
_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(password: bytes) -> bytes:
    return (password + _PAD)[:32]


def encrypted_pdf(tmp: Path, password: bytes = b"x") -> Made:
    """A one-page PDF whose content opens only with the user password ``password``."""
    doc_id = hashlib.md5(b"gikxl encrypted sample").digest()
    permissions = -44  # print and copy allowed, changes and notes denied
    owner = _rc4(hashlib.md5(_padded(b"owner")).digest()[:5], _padded(password))
    key = hashlib.md5(_padded(password) + owner + struct.pack("<i", permissions) + doc_id).digest()[:5]
    user = _rc4(key, _PAD)

    def sealed(number: int, data: bytes) -> bytes:
        object_key = hashlib.md5(key + struct.pack("<i", number)[:3] + b"\x00\x00").digest()[:10]
        return _rc4(object_key, data)

    text = b"BT /F1 18 Tf 72 760 Td (2024 Annual Report on Government Information Disclosure) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(sealed(4, text)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            owner.hex().encode(), user.hex().encode(), permissions),
    ]
    ids = b"<%s>" % doc_id.hex().encode()
    path = tmp / "encrypted.pdf"
    path.write_bytes(_pdf(objects, b"/Encrypt 6 0 R /ID [%s %s] " % (ids, ids)))
    return path, "encrypted PDF: RC4 standard security handler, user password required"


def truncated_pdf(tmp: Path) -> Made:
    """The first 40 % of a real report's PDF: no xref, no trailer, objects cut off mid-stream."""
    data = WORD_PDF.read_bytes()
    path = tmp / "truncated.pdf"
    path.write_bytes(data[: len(data) * 2 // 5])
    return path, "PDF cut off at 40 percent of its bytes (download broken off)"


# Zip files written by hand --------------------------------------------------------------

def _crc_shift(crc: int, length: int) -> int:
    """``crc`` carried over ``length`` zero bytes without the bytes (zlib's crc32_combine, matrix form)."""

    def times(matrix: list[int], vector: int) -> int:
        total, i = 0, 0
        while vector:
            if vector & 1:
                total ^= matrix[i]
            vector >>= 1
            i += 1
        return total

    def square(matrix: list[int]) -> list[int]:
        return [times(matrix, matrix[n]) for n in range(32)]

    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = square(odd)  # two bits
    odd = square(even)  # four bits
    while length:
        even = square(odd)
        if length & 1:
            crc = times(even, crc)
        length >>= 1
        if not length:
            break
        odd = square(even)
        if length & 1:
            crc = times(odd, crc)
        length >>= 1
    return crc


def _crc_concat(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of ``a + b`` from the CRC of each and the length of ``b``."""
    return _crc_shift(crc1, len2) ^ crc2


def _crc_repeat(crc: int, length: int, times: int) -> int:
    """The CRC-32 of a block repeated ``times`` times, by doubling."""
    total, total_len = 0, 0
    block, block_len = crc, length
    while times:
        if times & 1:
            total = _crc_concat(total, block, block_len) if total_len else block
            total_len += block_len
        block = _crc_concat(block, block, block_len)
        block_len *= 2
        times >>= 1
    return total


def _segment(data: bytes, final: bool = False) -> bytes:
    """Raw deflate of ``data`` ending on a full flush: self-contained, so segments can be repeated."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    return z.compress(data) + z.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive from (name, raw deflate data, CRC-32, uncompressed size) members."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        raw = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
        out += raw + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0, 0x21, crc, len(data), size,
                               len(raw), 0, 0, 0, 0, 0, offset)
        central += raw
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0)
    return bytes(out)


def _member(name: str, text: str) -> tuple[str, bytes, int, int]:
    data = text.encode()
    return name, _segment(data, final=True), zlib.crc32(data), len(data)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def zip_bomb_docx(tmp: Path, gib: int = 3) -> Made:
    """A well-formed docx whose word/document.xml inflates to ``gib`` GiB from about 3 MB on disk.

    The zip headers state the true sizes and CRC, so only a reader that checks the stated size
    (or bounds what it inflates) is safe; one that trusts the member and reads it is not.
    """
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'
            "<w:p><w:r><w:t>政府信息公开工作年度报告").encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    block = "报告".encode() * (1 << 20)  # 6 MiB of text inside one run
    repeats = (gib << 30) // len(block)
    data = _segment(head) + _segment(block) * repeats + _segment(tail, final=True)
    size = len(head) + len(block) * repeats + len(tail)
    crc = _crc_repeat(zlib.crc32(block), len(block), repeats)
    crc = _crc_concat(_crc_concat(zlib.crc32(head), crc, len(block) * repeats), zlib.crc32(tail), len(tail))
    path = tmp / "bomb.docx"
    path.write_bytes(_zip([_member("[Content_Types].xml", _CONTENT_TYPES), _member("_rels/.rels", _RELS),
                           ("word/document.xml", data, crc, size)]))
    return path, f"zip bomb docx: word/document.xml inflates to {size >> 30} GiB"


def odt_named_docx(tmp: Path) -> Made:
    """An OpenDocument text renamed to .docx: a valid zip with no [Content_Types].xml or word/ part."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               "<text:p>青石县某局2024年政府信息公开工作年度报告</text:p></office:text></office:body>"
               "</office:document-content>")
    path = tmp / "renamed-odt.docx"
    path.write_bytes(_zip([_member("mimetype", "application/vnd.oasis.opendocument.text"),
                           _member("content.xml", content)]))
    return path, "docx that is really a zip of an OpenDocument text"


def photos_zip_docx(tmp: Path) -> Made:
    """A zip of two images and a note saved as .docx (an e-mail attachment renamed)."""
    members = [_member("scan-1.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
               _member("scan-2.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
               _member("说明.txt", "扫描件两页")]
    path = tmp / "photos.docx"
    path.write_bytes(_zip(members))
    return path, "docx that is really a zip of images and a note"


def docx_not_zip(tmp: Path) -> Made:
    """An old binary Word file (OLE compound document signature) with a .docx name."""
    path = tmp / "old-word.docx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + b"\xff" * 1024)
    return path, "docx that is really an OLE compound file (.doc renamed)"


# Web pages -------------------------------------------------------------------------------

_HEAD = ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>政府信息公开工作年度报告</title></head>'
         '<body><div class="main"><div class="article">\n')


def html_100mb(tmp: Path, megabytes: int = 100) -> Made:
    """A page of ``megabytes`` MB: the report's headings followed by endless navigation-like markup."""
    path = tmp / "huge.html"
    filler = ('<div class="item"><p style="text-indent:2em"><span>全年主动公开政府信息&nbsp;'
              '<a href="/zwgk/list.html">更多</a></span></p></div>\n').encode() * 2000
    with path.open("wb") as out:
        out.write(_HEAD.encode())
        out.write("<h1>青石县某镇人民政府2024年政府信息公开工作年度报告</h1><p>一、总体情况</p>\n".encode())
        while out.tell() < megabytes * 1_000_000:
            out.write(filler)
        out.write(b"</div></div></body></html>\n")
    return path, f"HTML page of {megabytes} MB"


def html_10000_tables(tmp: Path, count: int = 10_000) -> Made:
    """A page with ``count`` small tables that each look like a piece of table two."""
    table = ('<table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>'
             "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
             "<tr><td>行政规范性文件</td><td>{n}</td><td>0</td><td>{n}</td></tr></table>\n")
    body = "".join(table.format(n=i % 97) for i in range(count))
    path = tmp / "tables.html"
    page = _HEAD + "<p>二、主动公开政府信息情况</p>\n" + body + "</div></div></body></html>\n"
    path.write_text(page, encoding="utf-8")
    return path, f"HTML page with {count} tables"


def html_deep_nesting(tmp: Path, depth: int = 200_000) -> Made:
    """A page whose report sits under ``depth`` nested divs (a recursive walk overflows the stack)."""
    path = tmp / "deep.html"
    path.write_text(_HEAD + "<div>" * depth + "<p>一、总体情况</p>" + "</div>" * depth + "</div></div></body></html>",
                    encoding="utf-8")
    return path, f"HTML page with {depth} nested div elements"


def gbk_declared_utf8(tmp: Path) -> Made:
    """The GBK page of the corpus with its meta charset changed to utf-8: the bytes do not decode."""
    data = GBK_PAGE.read_bytes().replace(b'<meta charset="gbk"/>', b'<meta charset="utf-8"/>')
    assert b'charset="utf-8"' in data
    path = tmp / "gbk-says-utf8.html"
    path.write_bytes(data)
    return path, "GBK bytes declared as UTF-8 in the meta charset"


def utf8_declared_gb2312(tmp: Path) -> Made:
    """The UTF-8 page of the corpus with a meta charset of gb2312, as old CMS templates keep saying."""
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
    data = UTF8_PAGE.read_bytes()
    assert meta in data
    path = tmp / "utf8-says-gb2312.html"
    path.write_bytes(data.replace(meta, meta.replace(b"utf-8", b"gb2312")))
    return path, "UTF-8 bytes declared as gb2312 in the meta charset"


def utf16_no_bom(tmp: Path) -> Made:
    """The UTF-8 page of the corpus re-encoded as UTF-16LE without a byte order mark."""
    path = tmp / "utf16.html"
    path.write_bytes(UTF8_PAGE.read_text(encoding="utf-8").encode("utf-16-le"))
    return path, "HTML page in UTF-16LE with no byte order mark"


def utf16_no_bom_txt(tmp: Path) -> Made:
    """Text copied from a report, saved by Notepad as UTF-16BE without a byte order mark."""
    text = "青石县某镇人民政府2024年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息286条。\n"
    path = tmp / "utf16.txt"
    path.write_bytes(text.encode("utf-16-be"))
    return path, "text file in UTF-16BE with no byte order mark"


# Files that are not a report --------------------------------------------------------

def txt_not_report(tmp: Path) -> Made:
    """A government text with numbered sections and figures that is a budget report, not the annual report."""
    text = (
        "青石县农业农村局2024年部门决算公开说明\n\n"
        "一、部门基本情况\n本部门内设机构6个，下属事业单位2个。\n\n"
        "二、收入支出决算总体情况说明\n2024年度收入总计1286.35万元，支出总计1279.60万元。\n\n"
        "三、财政拨款“三公”经费支出决算情况说明\n公务接待费支出2.14万元，公务用车运行维护费4.80万元。\n\n"
        "四、政府采购支出情况\n政府采购支出总额86.20万元。\n\n"
        "五、国有资产占用情况\n截至2024年12月31日，本部门共有车辆3辆。\n\n"
        "六、名词解释\n财政拨款收入：指本年度从本级财政部门取得的财政拨款。\n"
    )
    path = tmp / "budget.txt"
    path.write_text(text, encoding="utf-8")
    return path, "text file that is a budget report, not an information disclosure report"


def empty(suffix: str) -> Maker:
    """A maker of an empty file with the given suffix."""

    def make(tmp: Path) -> Made:
        path = tmp / f"empty{suffix}"
        path.write_bytes(b"")
        return path, f"empty {suffix} file"

    make.__name__ = f"empty_{suffix.lstrip('.')}"
    return make


HOSTILE: list[tuple[str, Maker]] = [
    ("scanned-pdf", scanned_pdf),
    ("encrypted-pdf", encrypted_pdf),
    ("truncated-pdf", truncated_pdf),
    ("zip-bomb-docx", zip_bomb_docx),
    ("odt-named-docx", odt_named_docx),
    ("photos-zip-docx", photos_zip_docx),
    ("ole-named-docx", docx_not_zip),
    ("html-100mb", html_100mb),
    ("html-10000-tables", html_10000_tables),
    ("html-deep-nesting", html_deep_nesting),
    ("utf16-no-bom-html", utf16_no_bom),
    ("utf16-no-bom-txt", utf16_no_bom_txt),
    ("txt-not-report", txt_not_report),
    *[(f"empty-{s.lstrip('.')}", empty(s)) for s in (".pdf", ".docx", ".html", ".txt")],
]

#: Real reports under a wrong label, as (name, maker, expected json): the bytes are a report of the
#: corpus, only the declared encoding lies. A careful reader either reads every value exactly as
#: the expected file says (the declared charset fails to decode, another one succeeds) or refuses
#: with exit 2; it never imports mojibake.
MISLABELLED: list[tuple[str, Maker, Path]] = [
    ("gbk-declared-utf8", gbk_declared_utf8, GBK_PAGE.with_name(GBK_PAGE.name + ".expected.json")),
    ("utf8-declared-gb2312", utf8_declared_gb2312, UTF8_PAGE.with_name(UTF8_PAGE.name + ".expected.json")),
]
