"""Turn the parts of an ``.xlsx`` into those of an ``.xlsm`` with our VBA and ribbon.

:func:`make_macro_enabled` adds ``xl/vbaProject.bin`` and
``customUI/customUI14.xml`` with their relationships and content types,
switches the workbook's content type to the macro-enabled one, and writes the
``codeName`` of the workbook and of every worksheet, which must equal the
names of the VBA document modules.

XML is read with defusedxml to find things, and changed by small string
edits rather than re-serialised: an ElementTree round trip would rename
namespace prefixes (``ns0:``), which Excel rejects. Every edited part is
parsed again to check the edit. Same input, same output bytes.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from defusedxml import ElementTree as SafeET

from gikxl.template.vba.project import WORKBOOK_MODULE, build_vba_project, project_modules
from gikxl.template.vba.ribbon import CUSTOMUI_PART, CUSTOMUI_RELTYPE, ribbon_xml

__all__ = ["VBA_PROJECT_PART", "make_macro_enabled"]

VBA_PROJECT_PART = "xl/vbaProject.bin"
VBA_PROJECT_RELTYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VBA_PROJECT_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"

_CT = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
#: Macro-free main content type -> its macro-enabled twin.
_MACRO_ENABLED = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml":
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
}

# A start tag: name (maybe prefixed), quoted attributes, optional "/".
_ATTRS = r"""(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?P<empty>/?)>"""


def _start_tag(local: str) -> re.Pattern[str]:
    return re.compile(r"<(?P<name>(?:[A-Za-z_][\w.-]*:)?" + re.escape(local) + r")" + _ATTRS)


def _set_attribute(xml: str, match: re.Match[str], attr: str, value: str) -> str:
    """Set ``attr="value"`` on the start tag ``match`` found in ``xml``."""
    attrs = match.group("attrs")
    existing = re.compile(r"(\s" + re.escape(attr) + r"\s*=\s*)(\"[^\"]*\"|'[^']*')")
    if existing.search(attrs):
        attrs = existing.sub(lambda m: f'{m.group(1)}"{value}"', attrs, count=1)
    else:
        attrs += f' {attr}="{value}"'
    tag = f"<{match.group('name')}{attrs}{match.group('empty')}>"
    return xml[: match.start()] + tag + xml[match.end() :]


def _root_tag(xml: str) -> re.Match[str]:
    """The root element's start tag (after any declaration, comments, PIs)."""
    match = re.compile(r"<(?P<name>[A-Za-z_][\w.:-]*)" + _ATTRS).search(xml)
    if match is None:
        raise ValueError("no root element")
    return match


def _prefix(tag_name: str) -> str:
    return tag_name.split(":")[0] + ":" if ":" in tag_name else ""


def _resolve(source_part: str, target: str) -> str:
    """Part name of a relationship target, relative to ``source_part`` (OPC)."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relationships(parts: Mapping[str, bytes], rels_part: str) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of each relationship in ``rels_part``."""
    root = SafeET.fromstring(parts[rels_part])
    return [(r.get("Id", ""), r.get("Type", ""), r.get("Target", "")) for r in root.iter(_REL_NS + "Relationship")]


def _add_relationship(xml: str, rel_type: str, target: str) -> str:
    """Append a relationship with the next free ``rIdN`` (string edit)."""
    used = set(re.findall(r"""\sId\s*=\s*["']([^"']*)["']""", xml))
    n = 1
    while f"rId{n}" in used:
        n += 1
    root = _root_tag(xml)
    element = f'<{_prefix(root.group("name"))}Relationship Id="rId{n}" Type="{rel_type}" Target="{target}"/>'
    if root.group("empty"):  # <Relationships .../>: open it up
        name = root.group("name")
        return xml[: root.start()] + f"<{name}{root.group('attrs')}>{element}</{name}>" + xml[root.end() :]
    close = xml.rindex("</")
    return xml[:close] + element + xml[close:]


def _set_content_types(xml: str, workbook_part: str) -> str:
    root = SafeET.fromstring(xml.encode("utf-8"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in root.iter(_CT_NS + "Override")}
    defaults = {(d.get("Extension") or "").lower(): d.get("ContentType") for d in root.iter(_CT_NS + "Default")}

    # 1. The workbook part becomes macro-enabled.
    current = overrides.get("/" + workbook_part)
    if current not in _MACRO_ENABLED:
        raise ValueError(f"workbook content type is not a macro-free workbook: {current!r}")
    override = re.compile(
        r"<(?:[\w.-]+:)?Override\b[^>]*?PartName\s*=\s*[\"']" + re.escape("/" + workbook_part) + r"[\"'][^>]*>"
    )
    match = override.search(xml)
    assert match is not None
    tag = match.group(0).replace(current, _MACRO_ENABLED[current])
    xml = xml[: match.start()] + tag + xml[match.end() :]

    # 2. vbaProject.bin by its extension, 3. customUI as plain XML.
    prefix = _prefix(_root_tag(xml).group("name"))
    additions = []
    if defaults.get("bin") is None:
        additions.append(f'<{prefix}Default Extension="bin" ContentType="{VBA_PROJECT_CONTENT_TYPE}"/>')
    elif defaults["bin"] != VBA_PROJECT_CONTENT_TYPE:
        raise ValueError(f"'bin' parts already have content type {defaults['bin']!r}")
    if defaults.get("xml") != "application/xml" and "/" + CUSTOMUI_PART not in overrides:
        additions.append(f'<{prefix}Override PartName="/{CUSTOMUI_PART}" ContentType="application/xml"/>')
    close = xml.rindex("</")
    return xml[:close] + "".join(additions) + xml[close:]


def _set_workbook_codename(xml: str) -> str:
    match = _start_tag("workbookPr").search(xml)
    if match is not None:
        return _set_attribute(xml, match, "codeName", WORKBOOK_MODULE)
    # CT_Workbook order: fileVersion, fileSharing, workbookPr, ...
    root = _root_tag(xml)
    insert_at = root.end()
    for earlier in ("fileSharing", "fileVersion"):
        found = re.search(
            r"<(?:[\w.-]+:)?" + earlier + r"\b(?:[^>]*/>|.*?</(?:[\w.-]+:)?" + earlier + r">)", xml, re.S
        )
        if found:
            insert_at = found.end()
            break
    element = f'<{_prefix(root.group("name"))}workbookPr codeName="{WORKBOOK_MODULE}"/>'
    return xml[:insert_at] + element + xml[insert_at:]


def _set_sheet_codename(xml: str, codename: str) -> str:
    root = _root_tag(xml)
    if root.group("empty"):
        raise ValueError("empty worksheet element")
    match = _start_tag("sheetPr").search(xml, root.end())
    if match is not None:
        return _set_attribute(xml, match, "codeName", codename)
    # sheetPr is the first child of CT_Worksheet.
    element = f'<{_prefix(root.group("name"))}sheetPr codeName="{codename}"/>'
    return xml[: root.end()] + element + xml[root.end() :]


def _check_codename(xml: bytes, element: str, expected: str, first_child: bool) -> None:
    root = SafeET.fromstring(xml)
    children = list(root)
    node = root.find(_MAIN_NS + element)
    if node is None or node.get("codeName") != expected:
        raise AssertionError(f"codeName edit of <{element}> failed")
    if first_child and children[0] is not node:
        raise AssertionError(f"<{element}> is not the first child")


def make_macro_enabled(parts: Mapping[str, bytes], codenames: Mapping[str, str]) -> dict[str, bytes]:
    """Return the parts of an ``.xlsm``: ``parts`` plus our VBA project and ribbon.

    ``parts`` maps zip member names to bytes of an ``.xlsx`` (as openpyxl
    writes it). ``codenames`` maps each worksheet's name to its VBA codename
    (``gikxl.spec.CODENAMES``); ``ThisWorkbook`` is implied. Every worksheet
    needs a codename, and every codename a worksheet: a document module
    without its sheet, or a sheet Excel would give a fresh ``Sheet1`` module,
    is a mistake in the spec. Raises :class:`ValueError` on any mismatch.

    Part order is kept; the two new parts come last.
    """
    out = dict(parts)
    if VBA_PROJECT_PART in out or CUSTOMUI_PART in out:
        raise ValueError("the workbook already has a VBA project or a customUI14 part")

    # The workbook part, from the package relationships.
    office_docs = [t for _, ty, t in _relationships(out, "_rels/.rels") if ty == _OFFICE_DOCUMENT]
    if len(office_docs) != 1:
        raise ValueError("package has no single officeDocument relationship")
    workbook_part = _resolve("", office_docs[0])
    workbook_rels = _rels_name(workbook_part)

    # Sheet name -> worksheet part, through workbook.xml and its relationships.
    rel_targets = {
        rid: _resolve(workbook_part, target)
        for rid, ty, target in _relationships(out, workbook_rels)
        if ty == _WORKSHEET
    }
    if any(ty == VBA_PROJECT_RELTYPE for _, ty, _ in _relationships(out, workbook_rels)):
        raise ValueError("the workbook already has a vbaProject relationship")
    sheets: dict[str, str] = {}
    for sheet in SafeET.fromstring(out[workbook_part]).iter(_MAIN_NS + "sheet"):
        rid = sheet.get(_R_ID)
        if rid in rel_targets:  # worksheets only; chartsheets have no cells
            sheets[sheet.get("name", "")] = rel_targets[rid]

    missing = [s for s in sheets if s not in codenames]
    unknown = [s for s in codenames if s not in sheets]
    if missing or unknown:
        raise ValueError(f"codenames do not match the worksheets: no codename for {missing}, no sheet for {unknown}")

    # Build the project first: it checks the codenames are VBA identifiers,
    # unique, and clash with neither ThisWorkbook nor the ribbon module.
    vba_project = build_vba_project(project_modules(codenames[s] for s in sheets))

    # codeName on each worksheet and on the workbook.
    for name, part in sheets.items():
        edited = _set_sheet_codename(out[part].decode("utf-8"), codenames[name]).encode("utf-8")
        _check_codename(edited, "sheetPr", codenames[name], first_child=True)
        out[part] = edited
    edited = _set_workbook_codename(out[workbook_part].decode("utf-8")).encode("utf-8")
    _check_codename(edited, "workbookPr", WORKBOOK_MODULE, first_child=False)
    out[workbook_part] = edited

    # Relationships: workbook -> vbaProject.bin, package -> customUI14.xml.
    vba_target = posixpath.relpath(VBA_PROJECT_PART, posixpath.dirname(workbook_part))
    out[workbook_rels] = _add_relationship(
        out[workbook_rels].decode("utf-8"), VBA_PROJECT_RELTYPE, vba_target
    ).encode("utf-8")
    out["_rels/.rels"] = _add_relationship(
        out["_rels/.rels"].decode("utf-8"), CUSTOMUI_RELTYPE, CUSTOMUI_PART
    ).encode("utf-8")
    out[_CT] = _set_content_types(out[_CT].decode("utf-8"), workbook_part).encode("utf-8")
    for part in (workbook_rels, "_rels/.rels", _CT):
        SafeET.fromstring(out[part])  # still well-formed

    out[VBA_PROJECT_PART] = vba_project
    out[CUSTOMUI_PART] = ribbon_xml()
    return out
