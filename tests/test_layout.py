"""The package reads like the flow of data: spec → template → workbook → published → checks → report → excel / cli.

A module may import from its own stage and the stages before it, never from a
later one; lazy imports inside functions count too.
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
    "excel": 7,
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
