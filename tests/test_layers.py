"""The package's layers hold for every import, wherever it stands (module level, inside a
function, under ``TYPE_CHECKING``): each layer knows only those below it, no module
imports itself back through others, and no dependency is used through a private module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "sanqu"

# What each layer may import besides itself (README, "How it works"). ``problems`` (the
# one error type) and ``highs`` (the lexicographic HiGHS solve) are the small shared base.
ALLOWED = {
    "i18n": set(),
    "problems": {"i18n"},
    "highs": set(),
    "plan": {"i18n", "problems"},
    "read": {"plan", "i18n", "problems"},
    "decide": {"plan", "i18n", "problems", "highs"},
    "money": {"plan", "i18n", "problems", "highs"},
    "year": {"read", "decide", "money", "plan", "i18n", "problems", "highs"},
    "loader": {"read", "decide", "plan", "i18n", "problems"},
    "render": {"year", "decide", "money", "read", "plan", "i18n", "problems"},
    "cli": {"loader", "render", "year", "decide", "money", "read", "plan", "i18n", "problems", "highs"},
}
TOP = {"__init__", "__main__"}  # the package's front door: may name anything


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    """Every module this one imports, absolute, with the line: relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, node.lineno))
            for alias in node.names:  # from . import checks: a module, not a name
                if f"{module}.{alias.name}" in MODULES:
                    found.append((f"{module}.{alias.name}", node.lineno))
    return found


def _layer(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def test_every_import_stays_within_its_layers():
    wrong = []
    for name, path in sorted(MODULES.items()):
        layer = _layer(name)
        if layer in TOP:
            continue
        assert layer in ALLOWED, f"{name}: a folder the layering does not know; add it to ALLOWED and the README"
        for module, line in _imports(name, path):
            if not module.startswith("sanqu.") and module != "sanqu":
                continue
            other = _layer(module) if module != "sanqu" else "__init__"
            if other != layer and other not in ALLOWED[layer] and not (other == "__init__" and module == "sanqu"):
                wrong.append(f"{path.relative_to(SRC)}:{line}: {layer} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_itself_back():
    graph = {name: {m for m, _ in _imports(name, path) if m in MODULES and m != name}
             for name, path in MODULES.items()}
    # A package's __init__ that only re-exports (sanqu, sanqu.render) is an entry, not a layer.
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, stack: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle.extend(stack[stack.index(nxt):] + [node, nxt] if nxt in stack else [node, nxt])
                return True
            if nxt not in state and visit(nxt, stack + [node]):
                return True
        state[node] = 2
        return False

    for name in sorted(graph):
        if name not in state and visit(name, []):
            break
    assert not cycle, " -> ".join(cycle)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_module_of_a_dependency(name):
    private = [f"{module} (line {line})" for module, line in _imports(name, MODULES[name])
               if not module.startswith("sanqu") and any(part.startswith("_") for part in module.split("."))
               and module != "__future__"]
    assert not private, f"{name} imports {', '.join(private)}: use the library's public interface"


def test_the_readme_maps_every_folder():
    readme = (SRC.parent.parent / "README.md").read_text(encoding="utf-8")
    how = readme[readme.index("## How it works"):]
    for folder in sorted(p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        assert f"`{folder}/`" in how, f"README's How it works does not name {folder}/"
