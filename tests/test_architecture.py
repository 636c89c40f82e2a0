"""The library never reaches for the command line: it computes, the CLI prints."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

LIBRARY_MODULES = ["cjm.validate", "cjm.load", "cjm.model", "cjm.schema", "cjm.report",
                   "cjm.diff", "cjm.diff.sources", "cjm.git", "cjm.report.diff_text",
                   "cjm.report.diff_markdown", "cjm.report.diff_json"]


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return set(done.stdout.split())


def test_library_does_not_import_typer_or_rich() -> None:
    for module in LIBRARY_MODULES:
        loaded = _modules_after_import(module)
        assert "typer" not in loaded, module
        assert "rich" not in loaded, module


# Imports run one way: README's "Working on cjm" table is the order, this test keeps it.

SOURCE = Path(__file__).parent.parent / "src" / "cjm"
README = Path(__file__).parent.parent / "README.md"
LAYERS = ["files", "load", "model", "diff", "checks", "output", "reporters", "site", "CLI"]


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    in_function: bool
    says_why: bool  # a comment in the function before it says "Imported here, not at the top"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}


def _imports() -> list[Import]:
    modules = _modules()
    found: list[Import] = []
    for name, path in modules.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        functions = [node for node in ast.walk(tree)
                     if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join([*parts[: len(parts) - node.level + 1], *[base][:bool(base)]])
                # `from cjm.render import graphviz` imports the module cjm.render.graphviz.
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            else:
                continue
            enclosing = [f for f in functions
                         if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
            start = max((f.lineno for f in enclosing), default=node.lineno)
            says_why = any("start-up" in line or "not at the top" in line
                           for line in lines[start - 1:node.lineno] if "#" in line)
            found += [Import(name, target, node.lineno, bool(enclosing), says_why)
                      for target in targets if target == "cjm" or target.startswith("cjm.")]
    return found


def _module_map() -> dict[str, str]:
    """README's module map: `model.py` or `render/` → its layer, in table order."""
    section = README.read_text(encoding="utf-8").split("## Working on cjm", 1)[1]
    rows = re.findall(r"^\| (\w+) \| `([\w./]+)` \|", section, re.M)
    return {entry: layer for layer, entry in rows}


def _entry(module: str) -> str:
    """The module map's entry a module belongs to: `cjm.render.dot` → `render/`."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__.py"
    if (SOURCE / parts[1]).is_dir():
        return f"{parts[1]}/"
    return f"{parts[1]}.py"


def test_the_module_map_in_the_readme_is_the_package_tree() -> None:
    tree = {f"{path.name}/" if path.is_dir() else path.name for path in SOURCE.iterdir()
            if path.name not in ("__pycache__", "py.typed")}
    module_map = _module_map()
    assert sorted(module_map) == sorted(tree)
    assert [layer for layer in dict.fromkeys(module_map.values())] == LAYERS


def test_imports_follow_the_layer_order() -> None:
    layer_of = {entry: LAYERS.index(layer) for entry, layer in _module_map().items()}
    wrong = []
    for item in _imports():
        here, there = _entry(item.importer), _entry(item.imported)
        if layer_of[there] > layer_of[here]:
            wrong.append(f"{item.importer}:{item.line} imports {item.imported}, a later layer")
        elif here != there and here.endswith("/") and there.endswith("/") \
                and layer_of[there] == layer_of[here]:
            wrong.append(f"{item.importer}:{item.line} imports {item.imported}, a package "
                         "of its own layer")
    assert wrong == []


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for item in _imports():
        if item.importer != item.imported:
            graph.setdefault(item.importer, set()).add(item.imported)
    cycles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph.get(module, ())):
            # A package's __init__ imports its modules; its modules importing the
            # package name mean a sibling, which the graph already shows.
            if state.get(imported) == 1:
                cycles.append(" → ".join([*path[path.index(imported):], imported]))
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_imports_inside_functions_are_only_start_up_imports() -> None:
    """The CLI's commands, and library code that only some inputs need (a rule that
    diffs a map changed since its sign-off), import inside a function for start-up
    time, and say so; the layer order and the cycle test above still see them."""
    inside = [item for item in _imports() if item.in_function]
    unexplained = [f"{i.importer}:{i.line}" for i in inside if not i.says_why]
    assert unexplained == []

