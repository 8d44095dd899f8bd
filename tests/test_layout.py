"""The package reads like the flow of data: spec → template → workbook → published → checks → report → excel / cli.

A module may import from its own stage and the stages before it, never from a
later one; lazy imports inside functions count too. And no two modules import
each other, however far round: the one used never imports the one using it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gikxl"

#: Stage of each top-level module or package of gikxl, in the order data flows.
STAGES = {
    "spec": 0, "errors": 0, "files": 0, "text": 0, "bodies": 0, "fees": 0, "examples": 0, "runtime": 0,
    "template": 1,
    "workbook": 2,
    "published": 3,
    "checks": 4,
    "report": 5,
    "audit": 6,
    "excel": 7, "serve": 7,
    "cli": 8,
    "__main__": 9, "__init__": 9,
}


def stage_of(module: str) -> int:
    """The stage of a dotted module name inside gikxl (``gikxl.checks.rule`` → checks)."""
    parts = module.split(".")
    return STAGES[parts[1]] if len(parts) > 1 else STAGES["__init__"]


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imported(path: Path) -> list[str]:
    """Every gikxl module ``path`` imports, at any depth of the file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "gikxl":
                out += [f"gikxl.{a.name}" for a in node.names if a.name != "__version__"]
            elif node.module.startswith("gikxl."):
                out.append(node.module)
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.startswith("gikxl.")]
    return out


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_top_level_module_has_a_stage():
    tops = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in MODULES}
    assert tops <= set(STAGES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_imports_a_later_stage(path):
    here = module_name(path)
    if here == "gikxl":
        return  # the lazy public API names everything by string
    upward = [m for m in imported(path) if stage_of(m) > stage_of(here)]
    assert upward == [], f"{here} imports later stages: {upward}"


@pytest.mark.parametrize("package", [p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()],
                         ids=lambda p: p.name)
def test_every_package_says_what_it_holds_and_may_import(package):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert doc, f"gikxl/{package.name}/__init__.py has no docstring"
    assert "May import" in doc


# Import circles -------------------------------------------------------------

def imported_modules(path: Path) -> set[str]:
    """The gikxl modules ``path`` names in any import statement: at module level, inside a function, or under
    ``if TYPE_CHECKING`` (a type named across a circle still ties each module's meaning to the other's).

    ``from gikxl.cli import registry`` names the module ``gikxl.cli.registry`` when there is one, else the
    package ``gikxl.cli``; the package a module sits in is not counted (Python runs it first, whoever asks).
    """
    known = {module_name(p) for p in MODULES}
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            module = node.module
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                out.add(sub if sub in known else module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "gikxl"}
    return out & known


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (or a module importing itself), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm: recursion as deep as the package has modules
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def test_import_circles_are_found():
    """The finder itself: a circle three modules round, and a chain that is not one."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert import_circles(graph) == [["a", "b", "c"], ["e"]]
    assert import_circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_lazy_and_type_only_imports_are_edges(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from gikxl.checks.rule import Rule\n"
                      "def f():\n    from gikxl.cli import install\n    import gikxl.spec\n", encoding="utf-8")
    assert imported_modules(source) == {"gikxl.checks.rule", "gikxl.cli.install", "gikxl.spec"}


def test_no_import_circles():
    graph = {module_name(p): imported_modules(p) - {module_name(p)} for p in MODULES}
    circles = import_circles(graph)
    assert circles == [], "import circles: " + "; ".join(" ↔ ".join(c) for c in circles)
