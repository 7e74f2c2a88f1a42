"""The package's dependencies run one way: errors ← model ← handbook ← loader/linker ← renderers
← build ← cli. Read from the source with `ast`, so a new import that breaks the order fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "generator"

# Lower numbers are lower layers. A module imports only from lower layers, or from its own
# subpackage; the three renderers (site, forms, printing) never import each other.
LAYERS = {
    "errors": 0, "numerals": 0, "fileio": 0,
    "yamlsource": 1, "model": 1,
    "handbook": 2, "settings": 2, "cache": 2,
    "linker": 3, "body": 3, "review": 3, "training": 3, "flowchart": 3, "audience": 3, "script": 3,
    "loader": 4, "pdf": 4,
    "site": 5, "forms": 5, "printing": 5, "importer": 5, "editions": 5,
    "signoff": 6,
    "build": 7, "schema": 7,
    "serve": 8, "publish": 8,
    "cli": 9,
}
MAX_LINES = 400


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(["generator", *parts])] = path
    return found


def imports(name: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported generator module, line, at module level) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "generator":
                continue
            names = [f"{target}.{a.name}" for a in node.names]
            found += [(n if n in modules() else target, node.lineno, id(node) in top) for n in names]
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno, id(node) in top) for a in node.names if a.name.split(".")[0] == "generator"]
    return found


def group(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: {t for t, _, _ in imports(name, path) if t in mods and t != name} for name, path in mods.items()}


def test_every_module_has_a_layer():
    assert {group(m) for m in modules() if m != "generator"} <= set(LAYERS)


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_go_down_the_layers_only(name):
    path = modules()[name]
    for target, line, top_level in imports(name, path):
        where = f"{path.relative_to(PACKAGE.parent)}:{line}"
        assert top_level, f"{where}: import of {target} inside a function or block"
        if target == "generator" or name == "generator":
            continue
        own, other = group(name), group(target)
        if own == other:
            continue
        assert LAYERS[other] < LAYERS[own], f"{where}: {name} (layer {LAYERS[own]}) imports {target} (layer {LAYERS[other]})"


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


def test_no_module_is_over_the_size_limit():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_every_subpackage_says_what_goes_in_and_out():
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "Input" in doc and "Output" in doc, f"{init.relative_to(PACKAGE.parent)} lacks an input → output docstring"
