"""一图读懂: the report's figures as a vertical poster, SVG from a template and PNG from the SVG.

The SVG comes from ``templates/poster.svg.j2`` run in the report's bounded sandbox with
every printed value escaped; an office's own ``poster.svg.j2`` in ``报告模板`` replaces it.
Its variables are those of :func:`gikxl.report.highlights.highlights`. Whatever template
made it, the SVG is checked (:func:`checked_svg`) before it is written or drawn: well-formed,
one ``<svg>`` 1080 px wide, and nothing that runs or fetches (scripts, event handlers,
``foreignObject``, links to other files or sites). A poster goes onto a government website
and is opened in browsers; a template that came with a workbook must not put anything there.

The PNG is drawn by resvg (through ``resvg_py``): one self-contained wheel for Windows,
Linux and macOS, no Cairo or other native library to install on an offline office PC, and
exact with CJK text. It is given the Chinese fonts it needs (:func:`cjk_fonts`) instead of
scanning every font of the system, which would cost more than drawing.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gikxl.errors import OutputError, TemplateError

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

POSTER = "poster.svg.j2"
#: The poster's width in pixels: what 一图读懂 on government websites and WeChat are drawn at.
WIDTH = 1080
#: The tallest poster drawn: the bundled one is about 3 000 px; more is no poster.
MAX_HEIGHT = 20_000
_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK = "{http://www.w3.org/1999/xlink}href"
#: Elements that run code or pull in other documents.
_FORBIDDEN = frozenset({"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "use"})
#: ``url(...)`` and ``@import`` in style text that point anywhere but into the poster itself.
_EXTERNAL_CSS = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
#: Font files tried for Chinese text, in order: Linux (Noto CJK from fonts-noto-cjk,
#: WenQuanYi), then Windows (微软雅黑, 黑体), then macOS.
_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
_WINDOWS_FONTS = ("msyh.ttc", "msyhbd.ttc", "simhei.ttf")
_MAC_FONTS = ("/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Medium.ttc")


def poster_svg(report: AnnualReport, previous: AnnualReport | None = None,
               templates: Path | None = None, org: str | None = None) -> str:
    """The poster of ``report`` as SVG text; with ``previous``, each figure's change from last year.

    ``org`` names the body where the report's field does not (an audit's summed tables).
    A template that fails, or makes an SVG :func:`checked_svg` refuses, raises
    :class:`~gikxl.errors.TemplateError`.
    """
    from gikxl.report.highlights import highlights
    from gikxl.report.narrative import render_text

    context = highlights(report, previous, org)
    context["width"] = WIDTH
    svg = render_text(POSTER, context, templates, markup=True)
    return checked_svg(svg, _template_name(templates))


def _template_name(templates: Path | None) -> str:
    if templates is not None and (Path(templates) / POSTER).is_file():
        return str(Path(templates) / POSTER)
    return POSTER


def checked_svg(svg: str, source: str = POSTER) -> str:
    """``svg`` when it is a poster a website may publish; otherwise a :class:`TemplateError`
    naming ``source`` and what is wrong."""
    from lxml import etree

    def refuse(reason: str) -> TemplateError:
        return TemplateError(f"一图读懂模板“{source}”生成的图片有误：{reason}。请改正该模板，或删除它以使用内置模板。")

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(svg.strip().encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise refuse(f"不是格式正确的 SVG（第 {exc.lineno} 行：{exc.msg}）") from None
    if root.tag != f"{{{_SVG_NS}}}svg":
        raise refuse("最外层不是 <svg> 元素")
    if root.get("width") != str(WIDTH):
        raise refuse(f"宽度应为 {WIDTH} 像素（width=\"{WIDTH}\"）")
    height = _number(root.get("height"))
    if height is None or not 0 < height <= MAX_HEIGHT:
        raise refuse(f"高度应为 1 到 {MAX_HEIGHT} 像素之间的数")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        problem = _unsafe(el)
        if problem:
            raise refuse(problem)
    return svg


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _unsafe(el) -> str:
    """What makes one element unfit for a published picture, or ``""``."""
    local = el.tag.rpartition("}")[2]
    if local in _FORBIDDEN:
        return f"含有不允许的元素 <{local}>（图片中不能有脚本、嵌入的网页或对其他内容的引用）"
    for name, value in el.attrib.items():
        attr = name.rpartition("}")[2].lower()
        if attr.startswith("on"):
            return f"元素 <{local}> 带有事件属性 {attr}（图片中不能有脚本）"
        if (name == _XLINK or attr == "href") and not value.strip().startswith("#"):
            return f"元素 <{local}> 引用了外部内容“{value[:60]}”（只能引用图片内部的元素）"
        if attr == "style" and _EXTERNAL_CSS.search(value):
            return f"元素 <{local}> 的样式引用了外部内容"
    if local == "style" and _EXTERNAL_CSS.search(el.text or ""):
        return "样式表引用了外部内容（@import 或 url）"
    return ""


@functools.lru_cache(maxsize=1)
def cjk_fonts() -> tuple[str, ...]:
    """The Chinese font files found on this machine, for the PNG (empty: use the system's)."""
    candidates = list(_FONT_FILES)
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        candidates = [os.path.join(windir, "Fonts", name) for name in _WINDOWS_FONTS]
    elif sys.platform == "darwin":
        candidates = list(_MAC_FONTS)
    return tuple(p for p in candidates if os.path.isfile(p))


def poster_png(svg: str) -> bytes:
    """The PNG of a checked poster SVG, at its own size (1080 px wide)."""
    import resvg_py

    fonts = cjk_fonts()
    try:
        data = resvg_py.svg_to_bytes(
            svg_string=svg,
            font_files=list(fonts) or None, skip_system_fonts=bool(fonts),
        )
    except ValueError as exc:
        raise OutputError(f"无法把一图读懂绘制为 PNG 图片（{exc}）。") from None
    return bytes(data)


def render_poster(report: AnnualReport, fmt: str, previous: AnnualReport | None = None,
                  templates: Path | None = None, org: str | None = None) -> bytes:
    """The poster as ``svg`` or ``png`` bytes."""
    svg = poster_svg(report, previous, templates, org)
    if fmt == "png":
        return poster_png(svg)
    return svg.encode("utf-8")
