"""The architecture holds: data flows one way through the layers, SQL lives in warehouse/, no private name
crosses modules."""

import ast
import re
from pathlib import Path

from .conftest import ROOT

LAYERS = [
    "base",
    "reference",
    "accounts",
    "warehouse",
    "ingest",
    "indicators",
    "charts",
    "briefing",
    "ui",
    "pages",
    "app",
    "serve",
]
RANK = {name: i for i, name in enumerate(LAYERS)}
SKIP = {"tests", "bench", "sample_data", "docs", "tools", "__pycache__"}
SQL = re.compile(
    r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (TABLE|VIEW|SEQUENCE)|ALTER TABLE|COPY)\b"
)


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0].startswith(".") or SKIP & set(rel.parts[:-1]):
            continue
        top = rel.parts[0].removesuffix(".py")
        if top in RANK:
            yield path, rel, top


def _imports(path: Path, rel: Path):
    """(line, absolute module, imported names) of every import, relative ones resolved."""
    package = list(rel.parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield node.lineno, module, [a.name for a in node.names]


def test_every_layer_imports_only_from_the_layers_below():
    ups = []
    for path, rel, me in _modules():
        for line, module, _ in _imports(path, rel):
            top = module.split(".")[0]
            if top in RANK and RANK[top] > RANK[me]:
                ups.append(f"{rel}:{line} imports {module}")
    assert not ups, "imports that run up the layers " + " → ".join(LAYERS) + ":\n" + "\n".join(ups)


def test_no_private_name_is_imported_from_another_module():
    found = []
    for path, rel, _ in _modules():
        for line, module, names in _imports(path, rel):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                found.append(f"{rel}:{line} imports {', '.join(private)} from {module}")
    assert not found, "\n".join(found)


def test_no_sql_outside_the_warehouse():
    found = []
    for path, rel, me in _modules():
        if me == "warehouse":
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line):
                found.append(f"{rel}:{i}: {line.strip()}")
    assert not found, "SQL belongs in warehouse/:\n" + "\n".join(found)


def test_the_layer_walk_sees_every_layer_that_exists():
    seen = {top for _, _, top in _modules()}
    assert {"base", "reference", "warehouse", "ingest", "indicators", "charts", "ui", "pages", "app"} <= seen
