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
