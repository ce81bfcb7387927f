"""The library is loaded while the browser connects, and the page's first run waits for it
(ui/server.py: warm_up, after_warm_up, warm_up_once_started)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui import server

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cold() -> Iterator[None]:
    server.warmed.clear()
    yield
    server.warmed.set()


def test_the_modules_listed_are_what_the_page_imports() -> None:
    """Each module listed is one the page loads (none is loaded for nothing): imported by the app's
    modules, or igraph, which lays out graphs above ``small_graph`` entities."""
    script = (
        f"import importlib, pkgutil, sys; sys.path.insert(0, {str(ROOT)!r}); import streamlit, ui\n"
        "before = set(sys.modules)\n"
        "for module in pkgutil.walk_packages(ui.__path__, 'ui.'): importlib.import_module(module.name)\n"
        "print(' '.join(sorted(set(sys.modules) - before)))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    imported = set(run.stdout.split())
    assert set(server.WARM_MODULES) - {"igraph"} <= imported
    assert "import igraph" in (ROOT / "graph" / "draw" / "layout.py").read_text(encoding="utf-8")


def test_warm_up_imports_the_modules_then_lets_runs_go(cold) -> None:
    server.warm_up(("json", "graph.view"))
    assert server.warmed.is_set()
    assert "graph.view" in sys.modules


def test_a_module_that_fails_to_load_still_lets_runs_go(cold, caplog) -> None:
    server.warm_up(("no_such_module_for_agx",))
    assert server.warmed.is_set()
    assert "Loading the library before the first visit failed" in caplog.text


def test_a_run_waits_for_the_warm_up(cold) -> None:
    events: list[str] = []
    run = server.after_warm_up(lambda: events.append("run"))
    waiting = threading.Thread(target=run)
    waiting.start()
    time.sleep(0.2)
    assert events == []  # the page's first run has not started
    events.append("warm")
    server.warmed.set()
    waiting.join(5)
    assert events == ["warm", "run"]


def test_the_warm_up_starts_once_the_server_has_started(cold, monkeypatch) -> None:
    order: list[str] = []

    def warm_up() -> None:
        order.append("warm up")
        server.warmed.set()

    monkeypatch.setattr(server, "warm_up", warm_up)
    started = server.warm_up_once_started(lambda _server: order.append("server started"))
    started(object())
    assert server.warmed.wait(5)
    assert order == ["server started", "warm up"]
