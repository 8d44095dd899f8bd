"""The narrative: the report's text from jinja2 templates an office can replace.

Each part of the report has one template in ``gikxl/templates`` (``title.j2``,
``intro.j2``, ``section1.j2`` … ``section6.j2``, ``signature.j2``). A folder
of an office's own templates overrides them file by file; its templates can
still reach the bundled ones as ``default/<name>`` (e.g. to ``{% extends %}``).

Templates run sandboxed with strict undefined variables. Their output is
plain text read line by line (see ``docs/report.md``)::

    # 一级标题            → 一、… heading
    ## 二级标题           → （一）… heading
    ::table 3            → the official table 三 here
    \\# 文字              → a paragraph that starts with "#" (backslash dropped)
    any other line       → one paragraph; blank lines are ignored

A broken template raises :class:`~gikxl.errors.TemplateError` naming the file
and line; so does one that goes beyond the bounds of :mod:`gikxl.report.sandbox`
(time, output, sizes) or places more than :data:`MAX_TABLES` tables, and a file
of the office's folder that is a link or lies outside it (:class:`OfficeLoader`).
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from gikxl import spec
from gikxl.errors import TemplateError
from gikxl.report.numbers import MISSING, Blank, amount, text_width, wrapped
from gikxl.report.sandbox import BoundedSandbox, Budget, Refused, bounded, bounded_environment

if TYPE_CHECKING:
    from gikxl.workbook.model import AnnualReport

TITLE = "title.j2"
INTRO = "intro.j2"
SECTIONS = tuple(f"section{i}.j2" for i in range(1, len(spec.SECTION_TITLES) + 1))
SIGNATURE = "signature.j2"
#: Every template of a report, in the order the parts are printed.
TEMPLATE_NAMES = (TITLE, INTRO, *SECTIONS, SIGNATURE)
#: The folder next to a workbook whose templates override the bundled ones.
OFFICE_FOLDER = "报告模板"
TABLE_NUMBERS = tuple(t.number for t in spec.TABLES)
#: The largest template file read: the bundled ones have 1 to 3 KB.
MAX_TEMPLATE_BYTES = 256 * 1024
#: Tables a report may place: each official table three times over is more than any office needs.
MAX_TABLES = 3 * len(TABLE_NUMBERS)
#: Headings, paragraphs and title and signature lines a report may have. A report has about a
#: hundred; the workbook's text fields may bring at most ``MAX_PARAGRAPHS`` each (``context``).
MAX_BLOCKS = 20_000


@dataclass(frozen=True)
class Block:
    """One piece of the report body."""

    kind: str
    """``heading1``, ``heading2``, ``para`` or ``table``."""
    text: str = ""
    table: int = 0
    """The official table's number (2, 3 or 4) for ``table`` blocks."""


@dataclass
class Narrative:
    """The report's text, ready for a renderer."""

    title: list[str]
    """Title lines (usually one)."""
    body: list[Block]
    """Intro paragraphs, then the six sections."""
    signature: list[str]
    """发文机关署名 and 成文日期 lines."""
    context: dict[str, Any] = field(default_factory=dict)


# Environment --------------------------------------------------------------

class OfficeLoader(jinja2.BaseLoader):
    """An office's template folder. Files are UTF-8, with or without the byte-order mark
    that Windows Notepad writes; a file saved in the legacy Chinese code page (GBK /
    GB18030, older Notepad's "ANSI") is read as such rather than refused.

    Only plain files inside the folder are read: a template that is a link (or sits in a
    linked subfolder) or resolves outside the folder is refused, so a folder that came
    with a workbook cannot put ``/etc/passwd`` or another user's files into a report.
    Names are joined as jinja2's own ``FileSystemLoader`` joins them, with ``/`` only
    and no ``..``; a piece with a colon (a Windows drive ``C:`` or an NTFS stream
    ``a.j2:x``) is no template name."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = os.fspath(folder)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = jinja2.loaders.split_template_path(template)
        if not pieces or any(":" in piece for piece in pieces):
            raise jinja2.TemplateNotFound(template)
        filename = posixpath.join(self.folder, *pieces)
        if not os.path.lexists(filename):
            raise jinja2.TemplateNotFound(template)
        shown = os.path.normpath(filename)
        try:
            self._check_plain_file_inside(pieces, shown)
            size = os.stat(filename).st_size
            if size > MAX_TEMPLATE_BYTES:
                raise TemplateError(_message(shown, None, f"文件过大（{size // 1024} KB，模板最大 "
                                                          f"{MAX_TEMPLATE_BYTES // 1024} KB，通常只有几 KB）"))
            data = Path(filename).read_bytes()
            mtime = os.path.getmtime(filename)
        except OSError as exc:
            raise TemplateError(f"无法读取报告模板“{shown}”（{exc.strerror or exc}）。") from None
        text = decode_template(data, shown)
        return text, shown, lambda: _unchanged(filename, mtime)

    def _check_plain_file_inside(self, pieces: list[str], shown: str) -> None:
        path = self.folder
        for piece in pieces:
            path = posixpath.join(path, piece)
            if os.path.islink(path):
                raise TemplateError(_message(shown, None, "它是指向别处文件的符号链接，出于安全考虑不予读取"
                                                          "（请把模板文件本身复制到模板文件夹中）"))
        root = os.path.normcase(os.path.realpath(self.folder))
        real = os.path.normcase(os.path.realpath(path))
        try:
            inside = os.path.commonpath([root, real]) == root
        except ValueError:  # on another drive
            inside = False
        if not inside:
            raise TemplateError(_message(shown, None,
                                         "它实际位于模板文件夹之外（经由链接或目录联接），出于安全考虑不予读取"))
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise TemplateError(_message(shown, None, "它不是普通文件"))


def _unchanged(filename: str, mtime: float) -> bool:
    try:
        return os.path.getmtime(filename) == mtime
    except OSError:
        return False


def decode_template(data: bytes, filename: str) -> str:
    """A template file's text: UTF-8 (a leading BOM dropped), else GB18030; otherwise a
    :class:`TemplateError` naming the line with the first undecodable byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first = exc
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: first.start].count(b"\n") + 1
        raise TemplateError(
            _message(filename, line, "文件不是 UTF-8 编码的文本（请用记事本“另存为”，编码选 UTF-8）")
        ) from None


def _finalize(value: Any) -> Any:
    return MISSING if value is None else value


@functools.lru_cache(maxsize=8)
def environment(templates: str | None = None, markup: bool = False) -> BoundedSandbox:
    """The sandboxed jinja2 environment, with ``templates`` (a folder) overriding the bundled files.

    ``markup`` templates (the poster's SVG) escape every value they print; the narrative's
    output is text that each renderer escapes for its own format.

    Immutable as well as sandboxed: all templates of a report share one context, so one
    template may not change what the next one sees (``prose.s5_problems.clear()``).
    Bounded in time and size as :mod:`gikxl.report.sandbox` describes.
    """
    bundled = jinja2.PackageLoader("gikxl.report", "templates")
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(OfficeLoader(templates))
    loaders += [bundled, jinja2.PrefixLoader({"default": bundled})]
    env = bounded_environment(
        {"amount": amount, "width": text_width, "wrap": wrapped},
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=markup,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,  # an included template ends its last line
        finalize=_finalize,
    )
    # ``x is blank``: a figure the workbook left blank, which a sentence must not assert.
    env.tests["blank"] = lambda value: isinstance(value, Blank)
    return env


def office_templates(workbook: Path) -> Path | None:
    """The office's template folder next to ``workbook`` (``报告模板``), if there is one."""
    folder = Path(workbook).parent / OFFICE_FOLDER
    return folder if folder.is_dir() else None


# Rendering ----------------------------------------------------------------

def render_text(name: str, context: dict[str, Any], templates: Path | None = None,
                budget: Budget | None = None, markup: bool = False) -> str:
    """One template's output; any fault in it becomes a :class:`TemplateError`.

    ``budget`` is what the report's templates may still spend together (see
    :mod:`gikxl.report.sandbox`); without one, this template gets a budget of its own.
    A ``markup`` template's printed values are escaped (see :func:`environment`).
    """
    if templates is not None and not Path(templates).is_dir():
        raise TemplateError(f"找不到报告模板文件夹“{templates}”。")
    env = environment(str(templates) if templates is not None else None, markup)
    try:
        with bounded(budget or Budget()):
            template = env.get_template(name)
            return template.render(context)
    except Refused as exc:
        raise TemplateError(_message(*_where(exc, name, env), exc.reason)) from None
    except MemoryError as exc:
        raise TemplateError(_message(*_where(exc, name, env), "生成的内容过多，内存不足")) from None
    except RecursionError as exc:
        raise TemplateError(_message(*_where(exc, name, env),
                                     "嵌套过深（括号、宏或模板引用层层相套，或无休止地调用自身）")) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(_message(exc.filename or exc.name or name, exc.lineno,
                                     f"语法错误，{_syntax(exc.message or '')}")) from None
    except jinja2.TemplateNotFound as exc:
        where = _where(exc, name, env)
        raise TemplateError(_message(*where, f"找不到被引用的模板“{exc.name}”")) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(_message(*_where(exc, name, env), _undefined(exc.message or ""))) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(_message(*_where(exc, name, env), f"使用了报告模板中不允许的操作（{exc}）")) from None
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. comparing a blank figure with a number
        raise TemplateError(_message(*_where(exc, name, env), f"运行出错（{type(exc).__name__}: {exc}）")) from None


def _where(exc: BaseException, name: str, env: jinja2.Environment) -> tuple[str, int | None]:
    """The template file and line an error was raised from (jinja2 rewrites tracebacks to point there)."""
    found: tuple[str, int | None] = (name, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    if found[1] is None:
        try:
            found = (env.get_template(name).filename or name, None)
        except Exception:  # noqa: BLE001 - only looking for a better file name to show
            pass
    return found


def _syntax(message: str) -> str:
    """jinja2's syntax error in plain Chinese, its own words kept in brackets for the expert."""
    closing = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if message.startswith("Unexpected end of template") and closing:
        hint = f"{{% {closing.group(1)} %}} 块没有结束，缺少 {{% end{closing.group(1)} %}}"
    elif m := re.match(r"Encountered unknown tag '(\w+)'", message):
        hint = (f"{{% {m.group(1)} %}} 与前面的块对不上，应为 {{% end{closing.group(1)} %}}" if closing
                else f"无法识别或多余的标签 {{% {m.group(1)} %}}")
    elif m := re.match(r"unexpected char (.+?) at", message):
        hint = f"多余或未配对的字符 {m.group(1)}（引号要成对）"
    elif m := re.match(r"unexpected '(.+)'", message):
        token = {"end of print statement": "}}", "end of statement block": "%}"}.get(m.group(1), m.group(1))
        hint = f"此处不应出现“{token}”（{{{{ }}}} 和 {{% %}} 要成对，表达式要写完整）"
    else:
        hint = "写法有误"
    return f"{hint}（{message}）"


def _undefined(message: str) -> str:
    if m := re.search(r"'([^']+)' is undefined", message):
        return f"使用了未定义的变量“{m.group(1)}”"
    if m := re.search(r"has no attribute '([^']+)'", message):
        return f"使用了不存在的项“{m.group(1)}”"
    return f"使用了未定义的变量（{message}）"


def _message(filename: str, line: int | None, reason: str) -> str:
    at = f"第 {line} 行" if line else ""
    return f"报告模板“{filename}”{at}有误：{reason}。请改正该模板，或删除它以使用内置模板。"


# Reading the output -------------------------------------------------------

_TABLE = re.compile(r"^::\s*table\s+(\d+)\s*$")
#: ``::table 2、::table 3 或 ::table 4``, for the message about a wrong directive.
_TABLE_DIRECTIVES = "、".join(f"::table {n}" for n in TABLE_NUMBERS[:-1]) + f" 或 ::table {TABLE_NUMBERS[-1]}"


def _clean_lines(text: str) -> list[str]:
    """Non-blank lines of template output, trimmed, without unprintable characters."""
    from gikxl.report.context import UNPRINTABLE

    lines = (UNPRINTABLE.sub("", line).strip(" \t\u3000") for line in text.splitlines())
    return [line for line in lines if line]


def parse_blocks(text: str, source: str) -> list[Block]:
    """Blocks from one template's output (see the module docstring for the syntax)."""
    blocks = []
    for line in _clean_lines(text):
        if line.startswith("\\"):
            blocks.append(Block("para", line[1:]))
        elif line.startswith("## "):
            blocks.append(Block("heading2", line[3:].strip()))
        elif line.startswith("# "):
            blocks.append(Block("heading1", line[2:].strip()))
        elif line.startswith("::"):
            m = _TABLE.match(line)
            if not m or int(m.group(1)) not in TABLE_NUMBERS:
                raise TemplateError(
                    f"报告模板“{source}”输出了无法识别的指令“{line}”：表格只能写作 {_TABLE_DIRECTIVES}。"
                )
            blocks.append(Block("table", table=int(m.group(1))))
        else:
            blocks.append(Block("para", line))
    return blocks


def text_lines(text: str) -> list[str]:
    """Lines of a template's output taken as plain lines (a title, a signature): cleaned,
    blank ones dropped, a leading backslash removed."""
    return [line.removeprefix("\\") for line in _clean_lines(text)]


def build_narrative(report: AnnualReport, templates: Path | None = None) -> Narrative:
    """The whole text of ``report``, through the bundled or the office's templates."""
    from gikxl.report.context import build_context

    return narrative_of(build_context(report), templates, TITLE, (INTRO, *SECTIONS), SIGNATURE)


def narrative_of(context: dict[str, Any], templates: Path | None, title: str, body: tuple[str, ...],
                 signature: str | None) -> Narrative:
    """A text from templates: the ``title`` template's lines, the ``body`` templates' blocks in
    order and the ``signature`` template's lines (none without one), all given ``context``.

    All templates share one :class:`~gikxl.report.sandbox.Budget` of time and output,
    and together may place at most :data:`MAX_TABLES` tables and :data:`MAX_BLOCKS`
    lines: a short loop printing ``::table 3`` a hundred thousand times is refused here,
    not when Word would be asked to lay out the tables.
    """
    budget = Budget()
    counted = Counted(templates)

    def text(name: str) -> str:
        return render_text(name, context, templates, budget)

    title_lines = counted.lines(title, text_lines(text(title)))
    blocks: list[Block] = []
    for name in body:
        blocks += counted.blocks(name, parse_blocks(text(name), name))
    signature_lines = counted.lines(signature, text_lines(text(signature))) if signature else []
    return Narrative(title=title_lines, body=blocks, signature=signature_lines, context=context)


class Counted:
    """The tables and lines placed so far, refused once past the bounds (shared by the
    report and the 解读, :mod:`gikxl.report.explainer`)."""

    def __init__(self, templates: Path | None) -> None:
        self.templates = templates
        self.tables = 0
        self.count = 0

    def lines(self, name: str, lines: list[str]) -> list[str]:
        self._add(name, len(lines))
        return lines

    def blocks(self, name: str, blocks: list[Block]) -> list[Block]:
        self.tables += sum(b.kind == "table" for b in blocks)
        if self.tables > MAX_TABLES:
            self._refuse(name, f"放置的表格过多（整份报告最多 {MAX_TABLES} 处 ::table，"
                               f"表二、表三、表四通常各放一次）")
        self._add(name, len(blocks))
        return blocks

    def _add(self, name: str, count: int) -> None:
        self.count += count
        if self.count > MAX_BLOCKS:
            self._refuse(name, f"输出的段落过多（整份报告超过 {MAX_BLOCKS} 段，一份年度报告通常只有一百段左右）")

    def _refuse(self, name: str, reason: str) -> None:
        env = environment(str(self.templates) if self.templates is not None else None)
        try:
            filename = env.get_template(name).filename or name
        except Exception:  # noqa: BLE001 - only looking for a better file name to show
            filename = name
        raise TemplateError(_message(filename, None, reason))
