"""The house rules, checked on the source: layers point one way, names stay inside.

``docs/architecture.md`` describes the layers; these tests keep the code to them:

- no import cycle between crmlab modules;
- ``crmlab.data`` (the ground) imports no analysis, plot, widget or check module;
- no private name is imported from another public module, and nothing outside
  ``crmlab.data`` reaches into its private modules;
- no public analysis, plot or widget function takes a ``*_col`` keyword (a user's names are
  mapped once at the boundary) and no ``as_of`` day exists (only ``observation_end`` and
  ``calibration_end``);
- no module is longer than 800 lines.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import crmlab

PACKAGE = Path(crmlab.__file__).parent
REPO = PACKAGE.parent
MAX_LINES = 800
# the ground may use these besides itself
GROUND_ALLOWED = ("crmlab.data", "crmlab._validate", "crmlab.paths")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


SOURCES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return SOURCES[name].name == "__init__.py"


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    if not _is_package(importer):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(name: str) -> list[tuple[str, str | None, int]]:
    """(module imported, name imported from it or None, line) for every import in a module."""
    tree = ast.parse(SOURCES[name].read_text(encoding="utf-8"))
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, node)
            found += [(target, alias.name, node.lineno) for alias in node.names]
    return [f for f in found if f[0] == "crmlab" or f[0].startswith("crmlab.")]


def _edges() -> dict[str, set[str]]:
    """Module → crmlab modules it imports (a name that is a submodule counts as that module)."""
    graph: dict[str, set[str]] = {name: set() for name in SOURCES}
    for name in SOURCES:
        for target, imported, _ in _imports(name):
            sub = f"{target}.{imported}" if imported else None
            module = sub if sub in SOURCES else target
            if module in SOURCES and module != name:
                graph[name].add(module)
    return graph


def test_no_import_cycle():
    graph = _edges()
    # a package's __init__ importing its own submodules is how packages work: the cycle
    # that matters is a submodule importing back a module that (indirectly) imports it
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_ground_imports_no_upper_layer():
    wrong = [
        f"{name} imports {target} (line {line})"
        for name in SOURCES
        if name == "crmlab.data" or name.startswith("crmlab.data.")
        for target, _, line in _imports(name)
        if not any(target == a or target.startswith(a + ".") for a in GROUND_ALLOWED)
        and target != "crmlab"
    ]
    assert not wrong, "\n".join(wrong)


def _is_public_module(module: str) -> bool:
    return not any(part.startswith("_") for part in module.split("."))


def test_no_private_names_across_modules():
    wrong = []
    for name in SOURCES:
        in_data = name == "crmlab.data" or name.startswith("crmlab.data.")
        for target, imported, line in _imports(name):
            if imported and imported.startswith("_"):
                sub = f"{target}.{imported}"
                if sub in SOURCES:  # a private submodule
                    owner = target
                    if not (name == owner or name.startswith(owner + ".")):
                        wrong.append(f"{name}:{line} imports private module {sub}")
                elif _is_public_module(target):
                    wrong.append(f"{name}:{line} imports private name {imported} from {target}")
            if target.startswith("crmlab.data._") and not in_data:
                wrong.append(f"{name}:{line} reaches into {target}; import from crmlab.data")
    assert not wrong, "\n".join(wrong)


def _public_callables():
    names = [m.name for m in pkgutil.walk_packages(crmlab.__path__, "crmlab.")]
    for module_name in sorted(set(names)):
        if not _is_public_module(module_name) or module_name.endswith("__main__"):
            continue
        module = importlib.import_module(module_name)
        for attr, obj in vars(module).items():
            if attr.startswith("_"):
                continue
            if inspect.isclass(obj) or inspect.isfunction(obj):
                if getattr(obj, "__module__", "").startswith("crmlab"):
                    yield f"{obj.__module__}.{obj.__qualname__}", obj


def test_no_column_keywords_and_no_as_of():
    wrong = set()
    for qualname, obj in _public_callables():
        targets = [obj]
        if inspect.isclass(obj):
            targets = [
                m
                for n, m in vars(obj).items()
                if callable(m) and (not n.startswith("_") or n == "__init__")
            ]
        for target in targets:
            try:
                params = inspect.signature(target).parameters
            except (TypeError, ValueError):
                continue
            for p in params:
                if p.endswith("_col") or p.endswith("_cols") or p == "as_of":
                    wrong.add(f"{qualname}({p}=)")
    assert not wrong, "public parameters to rename or remove:\n" + "\n".join(sorted(wrong))


def test_as_of_is_gone_from_code_and_notebooks():
    pattern = re.compile(r"\bas_of\b|\bAS_OF\b")
    files = [*PACKAGE.rglob("*.py"), *(REPO / "notebooks").glob("*.ipynb")]
    hits = [
        f"{f.relative_to(REPO)}:{i}"
        for f in files
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not hits, "as_of left in: " + ", ".join(hits)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_module_size(name):
    lines = len(SOURCES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it along its concepts"
