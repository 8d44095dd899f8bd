"""The workbook's ribbon: ``customUI/customUI14.xml`` (Office 2010+ schema).

One tab, 政务公开年报, with large buttons whose ``onAction`` callbacks are the
``Public Sub ...(control As IRibbonControl)`` procedures of
``src/GikxlRibbon.bas``. Icons are Office built-ins (``imageMso``), so the
package carries no images. The part is UTF-8: labels are Chinese here and
never in the VBA source.

The tab's name, :data:`TAB_LABEL`, is also the title of the VBA's message
boxes and of the folder reports go to; the Excel buttons import it, so this
module imports nothing costly at load time.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BUTTONS",
    "CUSTOMUI_NS",
    "CUSTOMUI_PART",
    "CUSTOMUI_RELTYPE",
    "TAB_LABEL",
    "RibbonButton",
    "ribbon_callbacks",
    "ribbon_xml",
]

#: Namespace of customUI14.xml (Office 2010 and later).
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2009/07/customui"
#: Package part name; linked from ``_rels/.rels`` with :data:`CUSTOMUI_RELTYPE`.
CUSTOMUI_PART = "customUI/customUI14.xml"
#: Relationship type of a customUI14 part (the 2006 type is for customUI.xml).
CUSTOMUI_RELTYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"

#: The ribbon tab, named after the product as the clerk knows it.
TAB_LABEL = "政务公开年报"
GROUP_LABEL = "年度报告"


@dataclass(frozen=True)
class RibbonButton:
    """A large ribbon button calling one VBA procedure."""

    id: str
    label: str
    on_action: str
    image_mso: str
    screentip: str
    supertip: str


BUTTONS: tuple[RibbonButton, ...] = (
    RibbonButton(
        id="gikValidate",
        label="校验",
        on_action="GikValidate",
        image_mso="DataValidation",
        screentip="校验填报数据",
        supertip="检查各表的填写和表间勾稽关系，在有问题的单元格上给出说明。",
    ),
    RibbonButton(
        id="gikGenerateReport",
        label="生成报告",
        on_action="GikGenerateReport",
        # An Excel command's icon (Excel's own "save as PDF or XPS"): an
        # imageMso Excel does not have leaves the button blank.
        image_mso="FileSaveAsPdfOrXps",
        screentip="生成年度报告",
        supertip="按国务院办公厅规定的格式，用本工作簿的数据生成政府信息公开工作年度报告。",
    ),
    RibbonButton(
        id="gikImportPrevious",
        label="从上年报告导入",
        on_action="GikImportPrevious",
        image_mso="FileOpen",
        screentip="从上年的年报导入",
        supertip="选择上一年的年报工作簿或已发布的年度报告（Word、PDF、网页或文本），"
                 "把其中的“结转下年度继续办理”填入本表的上年结转，不改动您填写的其他内容。",
    ),
    RibbonButton(
        id="gikHelp",
        label="帮助",
        on_action="GikHelp",
        image_mso="Help",
        screentip="使用帮助",
        supertip="查看填报说明和常见问题的处理方法。",
    ),
)


def ribbon_callbacks() -> tuple[str, ...]:
    """Names of the VBA procedures the ribbon calls (every ``onAction``)."""
    return tuple(b.on_action for b in BUTTONS)


def ribbon_xml() -> bytes:
    """The customUI14.xml part, UTF-8, byte-for-byte the same on every call."""
    from xml.sax.saxutils import quoteattr  # loads urllib.request: not at import time

    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f"<customUI xmlns={quoteattr(CUSTOMUI_NS)}>",
        "  <ribbon>",
        "    <tabs>",
        f'      <tab id="gikTab" label={quoteattr(TAB_LABEL)}>',
        f'        <group id="gikReport" label={quoteattr(GROUP_LABEL)}>',
    ]
    for b in BUTTONS:
        lines.append(
            f"          <button id={quoteattr(b.id)} label={quoteattr(b.label)}"
            f' size="large" imageMso={quoteattr(b.image_mso)}'
            f" screentip={quoteattr(b.screentip)} supertip={quoteattr(b.supertip)}"
            f" onAction={quoteattr(b.on_action)}/>"
        )
    lines += [
        "        </group>",
        "      </tab>",
        "    </tabs>",
        "  </ribbon>",
        "</customUI>",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
