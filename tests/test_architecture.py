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
