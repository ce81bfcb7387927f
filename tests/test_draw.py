"""graph/draw/ as a package: its layers import only those below them, and nothing under it
(the view, the timeline) imports the drawing."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Bottom to top: a module may import only the modules before it.
LAYERS = ("items", "layout", "readable", "styles", "positions", "plain", "aggregated", "payload")


def _graph_imports(path: Path) -> set[str]:
    """The graph.* modules one file imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("graph"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("graph")}
    return found


def test_every_module_of_the_package_has_its_layer() -> None:
    modules = {path.stem for path in (ROOT / "graph" / "draw").glob("*.py")} - {"__init__"}
    assert modules == set(LAYERS)


def test_each_layer_imports_only_the_layers_below_it() -> None:
    upward = []
    for level, name in enumerate(LAYERS):
        for module in _graph_imports(ROOT / "graph" / "draw" / f"{name}.py"):
            if module == "graph.draw":
                upward.append(f"{name} imports the package's __init__")
            elif module.startswith("graph.draw."):
                part = module.split(".")[2]
                if LAYERS.index(part) >= level:
                    upward.append(f"{name} imports {part}")
    assert upward == []


def test_the_view_the_timeline_and_the_time_axes_never_import_the_drawing() -> None:
    paths = [
        ROOT / "graph" / "view.py",
        ROOT / "graph" / "query.py",
        *(ROOT / "graph" / "timeline").rglob("*.py"),
        *(ROOT / "graph" / "temporal").rglob("*.py"),
    ]
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in paths
        for module in _graph_imports(path)
        if module == "graph.draw" or module.startswith("graph.draw.")
    ]
    assert offenders == []


def test_the_export_formats_import_the_registry_not_the_package() -> None:
    offenders = [
        path.name
        for path in (ROOT / "graph" / "export").glob("*.py")
        if path.name != "__init__.py" and "graph.export" in _graph_imports(path)
    ]
    assert offenders == []


def test_public_apis_are_declared() -> None:
    for package in map(importlib.import_module, ("graph.draw", "graph.export")):
        for name in package.__all__:
            assert hasattr(package, name), f"{package.__name__}.{name}"
