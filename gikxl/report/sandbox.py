"""The bounded sandbox the narrative templates run in.

An office's own templates (``报告模板``) travel with a workbook from whoever made
it, so they are untrusted code in a small language. jinja2's sandbox keeps them
away from Python's internals; this module keeps them within the machine's means,
so that a careless or hostile template ends in a clear refusal, never a hang or
an exhausted memory:

- **time**: one report's narrative must be rendered within :data:`RENDER_SECONDS`.
  Every loop iteration, call, filter, attribute lookup, operator and output
  checks the clock; loops go through :func:`_loop`, put in by :class:`_Guards`
  when a template is parsed, since a loop over a list touches no other hook;
- **values**: no text or list a template makes may exceed :data:`MAX_VALUE`
  characters and no integer :data:`MAX_INT_BITS` bits. Where the size of a result
  can be foreseen (``'x' * 10**9``, ``10 ** 10**9``, ``s.replace(a, b)``,
  ``center(10**9)``) it is refused *before* it is computed;
- **output**: the text printed by all templates of a report, inside macros and
  ``{% set %}`` blocks included, may not exceed :data:`MAX_OUTPUT` characters;
- **work**: all that the operators, calls and filters produce, added up, may not
  exceed :data:`MAX_WORK` characters (this bounds what a lazy ``map`` or a loop can
  pile up in a list).

A breach raises :class:`Refused` with the reason in Chinese; the narrative turns
it into a :class:`~gikxl.errors.TemplateError` naming the template file and line.
The bounds hold for the bundled templates too, which stay far inside them.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import Macro, markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

#: Seconds one report's narrative (all its templates) may take. The bundled templates
#: need a few milliseconds; the bound leaves room for a slow office PC.
RENDER_SECONDS = 10.0
#: Characters all templates of one report may print. An annual report has 5 000 to
#: 30 000 characters; the workbook's nine text fields hold at most 9 × 32 767 (Excel's
#: limit for a cell) ≈ 300 000, so this stays far above any real report.
MAX_OUTPUT = 2_000_000
#: The largest text or list a template may make: nothing larger could be printed anyway.
MAX_VALUE = MAX_OUTPUT
#: Characters all operations of one report may produce in total.
MAX_WORK = 25 * MAX_OUTPUT
#: Integers beyond this many bits (about 1 200 digits) are no figure of any report.
MAX_INT_BITS = 4000
#: Names of the filters (and string methods) whose integer arguments multiply the size of
#: the value (indent and expandtabs per line or tab, tojson per nesting level).
_MULTIPLYING = frozenset({"indent", "expandtabs", "tojson"})
#: Filters and methods that format their arguments into a pattern (``%`` and ``str.format``).
_FORMATTING = frozenset({"format", "format_map"})
_DIGITS = re.compile(r"\d+")


class Refused(Exception):
    """A template went beyond a bound; ``reason`` says which, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _wan(n: int) -> str:
    return f"{n // 10000} 万"


def _too_long() -> Refused:
    return Refused(f"生成的文字或列表过长（超过 {_wan(MAX_VALUE)}字）")


@dataclass
class Budget:
    """What one report's narrative may still spend; shared by all its templates."""

    seconds: float = field(default_factory=lambda: RENDER_SECONDS)
    deadline: float = field(init=False)
    output: int = 0
    work: int = 0

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.seconds


_BUDGET: ContextVar[Budget | None] = ContextVar("gikxl_template_budget", default=None)


@contextlib.contextmanager
def bounded(budget: Budget) -> Iterator[Budget]:
    """Render under ``budget`` (templates rendered outside one are bounded in size only)."""
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise Refused(f"运行超过 {budget.seconds:g} 秒仍未结束（循环或递归过多，或永不结束）")


# Sizes ---------------------------------------------------------------------------

def size_of(value: Any, limit: int = MAX_VALUE) -> int:
    """About how many characters ``value`` prints as: a string's length, a collection's items
    summed (plus one for each), an integer's digits. Counting stops once past ``limit``,
    so measuring a huge or self-repeating structure costs at most ``limit`` steps. A lazy
    iterator counts as one: what it yields is counted as it is made."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        v = stack.pop()
        if isinstance(v, str | bytes):
            total += len(v)
        elif isinstance(v, bool) or v is None or isinstance(v, jinja2.Undefined):
            total += 1  # Undefined first: the strict one raises on len() and iter()
        elif isinstance(v, int):
            total += v.bit_length() // 3 + 1
        elif isinstance(v, range):
            total += len(v)
        elif isinstance(v, Mapping):
            total += len(v) + 1
            if total <= limit:
                stack.extend(v.keys())
                stack.extend(v.values())
        elif isinstance(v, Collection):  # lists, tuples, sets, dict views
            total += len(v) + 1
            if total <= limit:
                stack.extend(v)
        else:
            total += 1
    return total


def _foresee(size: int) -> None:
    """Refuse a result that would be too large, before it is made."""
    if size > MAX_VALUE:
        raise _too_long()


def produced(value: Any) -> int:
    """Check a value an operation made, count it as work, and return its size."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise Refused(f"计算出的数字过大（超过 {MAX_INT_BITS * 3 // 10} 位）")
    size = size_of(value)
    if size > MAX_VALUE:
        raise _too_long()
    budget = _BUDGET.get()
    if budget is not None:
        budget.work += size
        if budget.work > MAX_WORK:
            raise Refused(f"运算量过大（累计生成超过 {_wan(MAX_WORK)}字）")
    return size


def _formatted(pattern: Any, args: list[Any]) -> int:
    """An upper bound of the size of ``pattern % args`` or ``pattern.format(*args)``: each
    field (``%…`` or ``{…}``, counted generously) may take the largest argument, and the
    numbers written in the pattern may be field widths; so may the integer arguments when
    a width is taken from them (``%*d``, ``{:{}}``)."""
    if not isinstance(pattern, str):
        return size_of(pattern) + sum(size_of(a) for a in args)
    fields = max(1, pattern.count("%") + pattern.count("{"))
    added = fields * max((size_of(a) for a in args), default=0)
    for digits in _DIGITS.findall(pattern):
        if len(digits) > 9:
            return MAX_VALUE + 1
        added += int(digits)
    if "*" in pattern or re.search(r"\{[^{}]*\{", pattern):
        added += sum(abs(a) for a in args if isinstance(a, int))
    return len(pattern) + added


def _estimate(name: str, value: Any, args: list[Any]) -> int:
    """An upper bound, roughly, of the size of ``name(value, *args)`` for a filter or a method
    of ``value``: text arguments may be put in at every character (``replace``, ``join``,
    ``wordwrap``), integer arguments are widths (``center``) or, for :data:`_MULTIPLYING`,
    counts per line."""
    if name in _FORMATTING:
        return _formatted(value, args)
    base = size_of(value)
    texts = [size_of(a) for a in args if not isinstance(a, int | float)]
    ints = [abs(a) for a in args if isinstance(a, int)]
    widest_text, widest_int = max(texts, default=0), max(ints, default=0)
    if name in _MULTIPLYING:
        return (base + 1) * (1 + max(widest_text, widest_int))
    return (base + 1) * (1 + widest_text) + widest_int


def _eager(name: str, values: list[Any]) -> list[Any]:
    """``values`` with lazy iterators made lists for ``join``, whose result size depends on how
    many items there are (the separator goes between each two); for others the iterator's
    items are counted as they are made."""
    if name != "join":
        return values
    return [list(v) if isinstance(v, Iterator) else v for v in values]


def _foresee_binop(operator: str, left: Any, right: Any) -> None:
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "**":
        if ints and right > 0 and abs(left) > 1 and right * math.log2(abs(left)) > MAX_INT_BITS:
            raise Refused(f"乘方的结果过大（超过 {MAX_INT_BITS * 3 // 10} 位）")
    elif operator == "*":
        if ints:
            if left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
                raise Refused(f"乘积过大（超过 {MAX_INT_BITS * 3 // 10} 位）")
        elif isinstance(right, int) and not isinstance(left, int | float):
            _foresee(size_of(left) * max(right, 0))
        elif isinstance(left, int) and not isinstance(right, int | float):
            _foresee(size_of(right) * max(left, 0))
    elif operator == "+":
        if not ints:
            _foresee(size_of(left) + size_of(right))
    elif operator == "%" and isinstance(left, str):
        _foresee(_formatted(left, list(right) if isinstance(right, tuple) else [right]))


# The environment ---------------------------------------------------------------

class BoundedSandbox(ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox with every hook checking the clock and the sizes."""

    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        _foresee_binop(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        produced(result)
        return result

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _tick()
        if not isinstance(obj, Macro):  # a macro's output is counted as it is printed
            name = getattr(obj, "__name__", "")
            args = tuple(_eager(name, list(args)))
            bound = getattr(getattr(obj, "__wrapped__", obj), "__self__", None)
            _foresee(_estimate(name, bound, [*args, *kwargs.values()]))
        result = super().call(context, obj, *args, **kwargs)
        produced(result)
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = _Guards().visit(super()._parse(source, name, filename))
        tree.set_environment(self)
        return tree


def bounded_environment(filters: dict[str, Callable[..., Any]], **options: Any) -> BoundedSandbox:
    """A :class:`BoundedSandbox` with ``filters`` added and every filter (jinja2's and
    these) bounded. ``lipsum`` (pages of placeholder Latin on demand) is left out: no
    report needs it."""
    env = BoundedSandbox(**options)
    env.globals.pop("lipsum", None)
    env.filters.update(filters)
    for name, func in list(env.filters.items()):
        env.filters[name] = _guarded(name, func)
    env.filters.update({_LOOP: _loop, _CONCAT: _concat, _EMIT: _emit})
    return env


def _guarded(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    # A filter marked pass_context / pass_environment / pass_eval_context gets that first.
    first = 1 if hasattr(func, "jinja_pass_arg") else 0

    @functools.wraps(func)  # keeps jinja_pass_arg
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        args = (*args[:first], *_eager(name, list(args[first:])))
        value = args[first] if len(args) > first else None
        _foresee(_estimate(name, value, [*args[first + 1:], *kwargs.values()]))
        result = func(*args, **kwargs)
        produced(result)
        return result

    return guarded


# What parsing puts into every template -----------------------------------------------

_LOOP = "gikxl_loop"
_CONCAT = "gikxl_concat"
_EMIT = "gikxl_emit"


@jinja2.pass_context
def _loop(context: Any, iterable: Any) -> Iterator[Any]:
    """The items of a ``{% for %}``, checking the clock at each."""
    for item in iterable:
        _tick()
        yield item


@jinja2.pass_context
def _concat(context: Any, items: list[Any]) -> str:
    """``a ~ b ~ c``, refused before it is built when it would be too long."""
    _tick()
    _foresee(sum(size_of(i) for i in items))
    result = markup_join(items) if context.eval_ctx.autoescape else "".join(map(str, items))
    produced(result)
    return result


@jinja2.pass_context
def _emit(context: Any, value: Any) -> Any:
    """A piece of output, counted against :data:`MAX_OUTPUT` (returned unchanged)."""
    _tick()
    size = produced(value)
    budget = _BUDGET.get()
    if budget is not None:
        budget.output += size
        if budget.output > MAX_OUTPUT:
            raise Refused(f"输出的文字超过 {_wan(MAX_OUTPUT)}字（一份年度报告通常只有几万字）")
    return value


def _filter(node: nodes.Node, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


class _Guards(NodeTransformer):
    """Routes loops, ``~`` and output through the checks above. Marked ``pass_context``, the
    three filters are never evaluated while compiling, so they count what runs, when it runs."""

    # jinja2's visitor finds these methods by the node classes' names.
    def visit_For(self, node: nodes.For) -> nodes.For:  # noqa: N802
        self.generic_visit(node)
        node.iter = _filter(node.iter, _LOOP)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:  # noqa: N802
        self.generic_visit(node)
        return _filter(nodes.List(node.nodes, lineno=node.lineno), _CONCAT)

    def visit_Output(self, node: nodes.Output) -> nodes.Output:  # noqa: N802
        self.generic_visit(node)
        node.nodes = [_filter(child, _EMIT) for child in node.nodes]
        return node
