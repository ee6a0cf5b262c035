"""The package's layers import one way, nothing private crosses a module boundary, and the wire
models load without spaCy. Read from the source (``ast``), so a violation anywhere in a module,
inside a function or under ``TYPE_CHECKING`` too, fails here."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "factcheck"

# each layer may import the layers before it (and itself), never one after it
LAYERS = [
    ("factcheck.errors", "factcheck.report", "factcheck.resources"),
    ("factcheck.text",),
    ("factcheck.knowledge",),
    ("factcheck.pipeline",),
    ("factcheck.authoring",),
    ("factcheck.outputs",),
    ("factcheck.io",),
    ("factcheck.cli", "factcheck.__main__"),
    ("factcheck.integrations",),
]


def layer_of(module: str) -> int | None:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, names imported from it, line) for every import in the file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.level:
            out.append(("<relative>", [], node.lineno))
    return out


MODULES = modules()


def test_every_module_has_a_layer():
    assert [m for m in MODULES if m != "factcheck" and layer_of(m) is None] == []


@pytest.mark.parametrize("module", [m for m in MODULES if m != "factcheck"])
def test_imports_go_one_way(module):
    own = layer_of(module)
    bad = []
    for target, names, line in imports(MODULES[module]):
        if target == "<relative>":
            bad.append(f"line {line}: relative import (use factcheck.… paths)")
            continue
        if not target.startswith("factcheck"):
            continue
        # "from factcheck.cli import check" imports the submodule factcheck.cli.check
        targets = [f"{target}.{n}" if f"{target}.{n}" in MODULES else target for n in names] or [target]
        for t in targets:
            rank = layer_of(t)
            if t != "factcheck" and rank is not None and rank > own:
                bad.append(f"line {line}: {t} is in a later layer")
            private = [n for n in names if n.startswith("_") and n != "__version__"]
            if private and t != module:
                bad.append(f"line {line}: private {', '.join(private)} from {t}")
    assert bad == []


def test_no_import_cycle_between_modules():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for target, names, _ in imports(path):
            for t in [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES] or [target]:
                if t in MODULES and t != module and t != "factcheck":
                    graph[module].add(t)
    # Tarjan-free check: depth-first search for a back edge
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

    for m in sorted(graph):
        if m not in state and visit(m, []):
            break
    assert cycle == []


@pytest.mark.parametrize("module", ["factcheck", "factcheck.report", "factcheck.errors",
                                    "factcheck.outputs.json", "factcheck.outputs.registry"])
def test_wire_models_and_errors_load_without_spacy(module):
    code = (f"import sys, {module}\n"
            "from factcheck.report import Report\n"
            "Report(id='x', flagged=False, findings=[])\n"
            "assert 'spacy' not in sys.modules, 'spacy was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def private_attributes(source: str) -> list[str]:
    """``m._name`` where ``m`` names another factcheck module (``import factcheck.x as m``,
    ``from factcheck.x import m``): a private name used across modules without importing it."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases.update({a.asname: a.name for a in node.names if a.asname and a.name in MODULES})
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names
                            if f"{node.module}.{a.name}" in MODULES})
    found = [node for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
             and node.attr.startswith("_") and not node.attr.startswith("__")]
    return [f"line {node.lineno}: {aliases[node.value.id]}.{node.attr}"
            for node in sorted(found, key=lambda n: n.lineno)]


def test_the_private_attribute_check_finds_a_use():
    source = ("from factcheck.pipeline import parse\nimport factcheck.pipeline.claims as c\n"
              "parse._root([0], 0)\nc._Walker\nparse.tree_matches\n")
    assert private_attributes(source) == ["line 3: factcheck.pipeline.parse._root",
                                          "line 4: factcheck.pipeline.claims._Walker"]


@pytest.mark.parametrize("module", [m for m in MODULES if m != "factcheck"])
def test_no_private_name_is_used_through_another_module(module):
    assert private_attributes(MODULES[module].read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("module", ["factcheck.report", "factcheck.errors", "factcheck.outputs.json"])
def test_wire_models_load_where_spacy_cannot_be_imported(module):
    """As in an environment without spaCy: ``import spacy`` fails, the wire models still load
    and render."""
    code = ("import sys\n"
            "for name in ('spacy', 'thinc'):\n"
            "    sys.modules[name] = None  # (import raises ImportError)\n"
            f"import {module}\n"
            "from factcheck.report import Report\n"
            "print(Report(id='x', flagged=False, findings=[]).model_dump_json())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert '"flagged":false' in done.stdout
