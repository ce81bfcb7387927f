"""The library never imports Streamlit (CONVENTIONS.md, rule 1)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import graph

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> list[str]:
    return [
        *sorted(module.name for module in pkgutil.walk_packages(graph.__path__, prefix="graph.")),
        "graph",
    ]


def test_no_module_of_graph_mentions_streamlit_in_an_import() -> None:
    for path in (ROOT / "graph").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(name.split(".")[0] == "streamlit" for name in names), path


def test_importing_every_module_leaves_streamlit_unloaded() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {_modules()!r}:\n"
        "    if name != 'graph.__main__':\n"
        "        importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_public_api_is_declared() -> None:
    for name in graph.__all__:
        assert hasattr(graph, name), name


def test_only_ui_state_touches_the_session_state() -> None:
    """ui/state.py holds the session's state; the page and the panels call its functions."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in [ROOT / "app.py", *(ROOT / "ui").rglob("*.py")]
        if path != ROOT / "ui" / "state.py" and "session_state" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_the_page_is_short_and_each_panel_is_a_module() -> None:
    assert len((ROOT / "app.py").read_text(encoding="utf-8").splitlines()) <= 200
    panels = {path.stem for path in (ROOT / "ui" / "panels").glob("*.py")} - {"__init__"}
    assert panels >= {"details", "path_finder", "tables", "export", "import_data", "build_from_text"}


# Imports placed inside a function are allowed only for these optional or heavy third-party
# packages, loaded when the one function that needs them runs (CONVENTIONS.md, rule 14).
LAZY_IMPORTS_ALLOWED = {"PIL", "igraph", "duckdb", "psycopg", "pyvis", "pycountry", "followthemoney"}
LONGEST_FUNCTION = 80
LONGEST_MODULE = 800


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _graph_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in (ROOT / "graph").rglob("*.py")}


def _imported(node: ast.Import | ast.ImportFrom, module: str, path: Path, known: set[str]) -> set[str]:
    """The modules of graph/ that one import statement loads (a submodule, not its package)."""
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    else:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        if node.level:
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            source = ".".join([*base, *([node.module] if node.module else [])])
        else:
            source = node.module or ""
        submodules = {f"{source}.{alias.name}" for alias in node.names} & known
        names = submodules | ({source} if len(submodules) < len(node.names) else set())
    found = set()
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        # Importing graph.a.b first runs graph/a/__init__.py: a package's own parts do that
        # while it loads, but for any other module it is an arrow to that package too. The root
        # package (graph/__init__.py, the public facade) is left out: it may import anything.
        while name and name != "graph" and not module.startswith(name + ".") and name != module:
            found.add(name)
            name = name.rpartition(".")[0]
    return found


def import_graph() -> dict[str, set[str]]:
    """Every module of graph/ and the modules of graph/ it imports, at any depth of its code."""
    modules = _graph_modules()
    known = set(modules)
    edges: dict[str, set[str]] = {}
    for module, path in modules.items():
        edges[module] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges[module] |= _imported(node, module, path, known)
    return edges


def import_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted.

    >>> import_cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}})
    [['a', 'b']]
    """
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = lowest[module] = len(index)
        stack.append(module)
        for other in sorted(edges.get(module, ())):
            if other not in index:
                visit(other)
                lowest[module] = min(lowest[module], lowest[other])
            elif other in stack:
                lowest[module] = min(lowest[module], index[other])
        if lowest[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return sorted(cycles)


def test_the_cycle_finder_finds_a_cycle_through_an_import_inside_a_function(tmp_path: Path) -> None:
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []
    code = "def f():\n    from graph.view import ViewSpec\n"
    node = next(n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.ImportFrom))
    assert _imported(node, "graph.layout", tmp_path / "layout.py", {"graph.view", "graph.layout"}) == {
        "graph.view"
    }


def test_no_import_cycle_in_graph_counting_imports_inside_functions() -> None:
    assert import_cycles(import_graph()) == []


def test_imports_inside_functions_are_only_for_optional_heavy_packages() -> None:
    offenders = []
    for path in sorted((ROOT / "graph").rglob("*.py")):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level:
                    names = [node.module or ""]
                elif isinstance(node, ast.ImportFrom):
                    names = ["graph (relative)"]
                else:
                    continue
                for name in names:
                    if name.split(".")[0] not in LAZY_IMPORTS_ALLOWED:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {function.name}: {name}")
    assert offenders == []


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (f"{path.relative_to(ROOT)}:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None
    ]


def test_no_function_in_graph_or_ui_is_longer_than_80_lines() -> None:
    paths = sorted([*(ROOT / "graph").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), ROOT / "app.py"])
    offenders = [
        f"{name}: {length} lines"
        for path in paths
        for name, length in _functions(path)
        if length > LONGEST_FUNCTION
    ]
    assert offenders == []


def test_no_module_in_graph_or_ui_is_longer_than_800_lines() -> None:
    paths = sorted([*(ROOT / "graph").rglob("*.py"), *(ROOT / "ui").rglob("*.py")])
    offenders = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in paths
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    ]
    assert offenders == []
